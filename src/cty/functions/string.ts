/**
 * String functions: `chomp`, `endswith`, `indent`, `join`, `lower`, `replace`, `split`,
 * `startswith`, `strcontains`, `strrev`, `substr`, `title`, `trim`, `trimprefix`, `trimspace`,
 * `trimsuffix`, `upper` (go-cty's stdlib and Terraform's own, as Terraform 1.11 registers
 * them). Case mapping is Go's (simple, per code point); `strrev` and `substr` count grapheme
 * clusters; `replace` with a `/pattern/` uses RE2 syntax (see `regex.ts`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { stringFunctions } from "./string.ts";
 *
 * assert.equal(stringFunctions.upper.call([cty.string("straße")]).asString(), "STRAßE");
 * assert.equal(stringFunctions.substr.call([cty.string("héllo"), cty.number(1), cty.number(3)]).asString(), "éll");
 * ```
 *
 * @module
 */

import { cty, type CtyFunction, FunctionCallError, type Value } from "../evaluation.ts";
import { goLower, goTitle, goUpper, isGoSpace } from "./go_case.ts";
import { toInt } from "./go_math.ts";
import { graphemes } from "./graphemes.ts";
import { makeFunction } from "./make_function.ts";
import { compileRe2, type Re2, Re2SyntaxError } from "./regex.ts";

const str = (name: string, extra: object = {}) => ({ name, type: cty.String, ...extra });

function stringFn(
  params: { name: string; type: typeof cty.String; allowDynamicType?: boolean }[],
  f: (...s: string[]) => string,
  refineNotNull = true,
): CtyFunction {
  return makeFunction({
    params,
    returnType: cty.String,
    refineNotNull,
    impl: (args) => cty.string(f(...args.map((a) => a.asString()))),
  });
}

function boolFn(names: [string, string], f: (a: string, b: string) => boolean, refine = true) {
  return makeFunction({
    params: [str(names[0]), str(names[1])],
    returnType: cty.Bool,
    refineNotNull: refine,
    impl: ([a, b]) => cty.bool(f(a.asString(), b.asString())),
  });
}

/** Go `strings.Trim(s, cutset)`. */
function goTrim(s: string, cutset: string): string {
  if (s === "" || cutset === "") return s;
  const cut = new Set(cutset);
  const cps = [...s];
  let a = 0;
  let b = cps.length;
  while (a < b && cut.has(cps[a])) a++;
  while (b > a && cut.has(cps[b - 1])) b--;
  return cps.slice(a, b).join("");
}

function goTrimSpace(s: string): string {
  const cps = [...s];
  let a = 0;
  let b = cps.length;
  while (a < b && isGoSpace(cps[a])) a++;
  while (b > a && isGoSpace(cps[b - 1])) b--;
  return a === 0 && b === cps.length ? s : cps.slice(a, b).join("");
}

function substr(v: Value, offV: Value, lenV: Value): string {
  const clusters = graphemes(v.asString());
  let offset = toInt(offV);
  const length = toInt(lenV);
  if (offset < 0) offset += clusters.length;
  else if (length === 0) return "";
  let start = 0;
  if (offset > 0) {
    if (offset > clusters.length) return "";
    start = offset;
  }
  const rest = clusters.slice(start);
  if (length <= 0) return rest.join("");
  return rest.slice(0, length).join("");
}

function join(args: readonly Value[]): Value {
  const sep = args[0].asString();
  const lists = args.slice(1);
  if (lists.length < 1) throw new FunctionCallError("at least one list is required");
  for (const l of lists) if (!l.isWhollyKnown()) return cty.unknown(cty.String);
  const items: string[] = [];
  lists.forEach((l, ai) => {
    l.elements().forEach((e, ei) => {
      if (e.isNull) {
        throw new FunctionCallError(
          lists.length > 1
            ? `element ${ei} of list ${ai + 1} is null; cannot concatenate null values`
            : `element ${ei} is null; cannot concatenate null values`,
          { argument: ai + 1 },
        );
      }
      items.push(e.asString());
    });
  });
  return cty.string(items.join(sep));
}

function split(sep: string, s: string): Value {
  let parts: string[];
  if (sep === "") parts = [...s];
  else parts = s.split(sep);
  return parts.length === 0 ? cty.listEmpty(cty.String) : cty.list(parts.map((p) => cty.string(p)));
}

function compilePattern(pattern: string, prefix: string): Re2 {
  try {
    return compileRe2(pattern);
  } catch (e) {
    if (!(e instanceof Re2SyntaxError)) throw e;
    throw new FunctionCallError(
      prefix === "" ? e.message : `${prefix}: ${e.code} in ${e.expr}`,
      { argument: 0 },
    );
  }
}

/** go-cty's result type for a pattern: string, tuple of strings, or object of strings. */
function patternType(
  pattern: string,
): typeof cty.String | ReturnType<typeof cty.Tuple> | ReturnType<typeof cty.Object> {
  const re = compilePattern(pattern, "invalid regexp pattern");
  const named = re.names.filter((n) => n !== "");
  const unnamed = re.names.length - named.length;
  if (re.names.length === 0) return cty.String;
  if (unnamed > 0 && named.length > 0) {
    throw new FunctionCallError(
      "invalid regexp pattern: cannot mix both named and unnamed capture groups",
      { argument: 0 },
    );
  }
  if (unnamed > 0) return cty.Tuple(re.names.map(() => cty.String));
  return cty.Object(Object.fromEntries(named.map((n) => [n, cty.String])));
}

function patternResult(
  re: Re2,
  m: (string | undefined)[],
  t: ReturnType<typeof patternType>,
): Value {
  if (t.kind === "string") return cty.string(m[0]!);
  const groups = m.slice(1).map((g) => g === undefined ? cty.nullValue(cty.String) : cty.string(g));
  if (t.kind === "tuple") return cty.tuple(groups);
  return cty.object(Object.fromEntries(re.names.map((n, i) => [n, groups[i]])));
}

/** The string functions by name. */
export const stringFunctions: Readonly<Record<string, CtyFunction>> = {
  chomp: stringFn([str("str")], (s) => s.replace(/(?:\r\n?|\n)*$/, "")),
  endswith: boolFn(["str", "suffix"], (a, b) => a.endsWith(b)),
  indent: makeFunction({
    params: [{ name: "spaces", type: cty.Number }, str("str")],
    returnType: cty.String,
    refineNotNull: true,
    impl: ([n, s]) => {
      const spaces = toInt(n);
      if (spaces < 0) {
        throw new FunctionCallError(
          "panic in function implementation: strings: negative Repeat count",
        );
      }
      return cty.string(s.asString().replaceAll("\n", "\n" + " ".repeat(spaces)));
    },
  }),
  join: makeFunction({
    params: [str("separator")],
    varParam: { name: "lists", type: cty.List(cty.String) },
    returnType: cty.String,
    refineNotNull: true,
    impl: join,
  }),
  lower: stringFn([str("str", { allowDynamicType: true })], goLower),
  regex: makeFunction({
    params: [str("pattern"), str("string")],
    type: ([p]) => p.isKnown ? patternType(p.asString()) : cty.Dynamic,
    refineNotNull: true,
    impl: ([p, s], rt) => {
      if (rt.kind === "dynamic") return cty.dynamicValue;
      const re = compilePattern(p.asString(), "");
      const m = re.find(s.asString());
      if (m === undefined) {
        throw new FunctionCallError("pattern did not match any part of the given string");
      }
      return patternResult(re, m, rt as ReturnType<typeof patternType>);
    },
  }),
  regexall: makeFunction({
    params: [str("pattern"), str("string")],
    type: ([p]) => cty.List(p.isKnown ? patternType(p.asString()) : cty.Dynamic),
    refineNotNull: true,
    impl: ([p, s], rt) => {
      const et = (rt as ReturnType<typeof cty.List>).element;
      if (et.kind === "dynamic") return cty.dynamicValue;
      const re = compilePattern(p.asString(), "");
      const all = re.findAll(s.asString());
      if (all.length === 0) return cty.listEmpty(et);
      return cty.list(all.map((m) => patternResult(re, m, et as ReturnType<typeof patternType>)));
    },
  }),
  replace: stringFn([str("str"), str("substr"), str("replace")], (s, sub, rep) => {
    if (sub.length > 1 && sub.startsWith("/") && sub.endsWith("/")) {
      try {
        return compileRe2(sub.slice(1, -1)).replaceAll(s, rep);
      } catch (e) {
        if (e instanceof Re2SyntaxError) throw new FunctionCallError(e.message);
        throw e;
      }
    }
    return s.replaceAll(sub, () => rep);
  }),
  split: makeFunction({
    params: [str("separator"), str("str")],
    returnType: cty.List(cty.String),
    refineNotNull: true,
    impl: ([sep, s]) => split(sep.asString(), s.asString()),
  }),
  startswith: makeFunction({
    params: [str("str", { allowUnknown: true }), str("prefix")],
    returnType: cty.Bool,
    refineNotNull: true,
    impl: ([s, p]) => {
      const prefix = p.asString();
      if (!s.isKnown) {
        if (prefix === "") return cty.True;
        const known = s.refinements?.stringPrefix ?? "";
        if (known !== "") {
          if (known.startsWith(prefix)) return cty.True;
          if (new TextEncoder().encode(known).length >= new TextEncoder().encode(prefix).length) {
            return cty.False;
          }
        }
        return cty.unknown(cty.Bool);
      }
      return cty.bool(s.asString().startsWith(prefix));
    },
  }),
  strcontains: boolFn(["str", "substr"], (a, b) => a.includes(b), false),
  strrev: stringFn(
    [str("str", { allowDynamicType: true })],
    (s) => graphemes(s).reverse().join(""),
  ),
  substr: makeFunction({
    params: [
      str("str", { allowDynamicType: true }),
      { name: "offset", type: cty.Number, allowDynamicType: true },
      { name: "length", type: cty.Number, allowDynamicType: true },
    ],
    returnType: cty.String,
    refineNotNull: true,
    impl: ([s, o, l]) => cty.string(substr(s, o, l)),
  }),
  title: stringFn([str("str")], goTitle),
  trim: stringFn([str("str"), str("cutset")], goTrim),
  trimprefix: stringFn(
    [str("str"), str("prefix")],
    (s, p) => s.startsWith(p) ? s.slice(p.length) : s,
  ),
  trimspace: stringFn([str("str")], goTrimSpace),
  trimsuffix: stringFn(
    [str("str"), str("suffix")],
    (s, p) => p !== "" && s.endsWith(p) ? s.slice(0, s.length - p.length) : s,
  ),
  upper: stringFn([str("str", { allowDynamicType: true })], goUpper),
};
