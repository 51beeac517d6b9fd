/**
 * Type conversion and mark functions: `tobool`, `tolist`, `tomap`, `tonumber`, `toset`,
 * `tostring` (Terraform's `MakeToFunc`: unsafe conversion with its own messages), `sensitive`,
 * `nonsensitive`, `issensitive` and `ephemeralasnull` (values marked `ephemeral` become nulls).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { conversionFunctions } from "./conversion.ts";
 *
 * const n = conversionFunctions.tonumber.call([cty.string("1e3")]);
 * assert.equal(n.asNumber(), 1000);
 * assert.ok(conversionFunctions.sensitive.call([n]).hasMark("sensitive"));
 * ```
 *
 * @module
 */

import type { PathStep } from "../../errors/mod.ts";
import { cty, type CtyFunction, FunctionCallError, type Type, type Value } from "../evaluation.ts";
import { constraintName, convertArgument, mismatchMessage } from "./convert_message.ts";
import { goQuote } from "./go_quote.ts";
import { makeFunction } from "./make_function.ts";

/** The mark Terraform puts on ephemeral values. */
export const EPHEMERAL = "ephemeral";

const ANY = {
  name: "v",
  type: cty.Dynamic,
  allowNull: true,
  allowMarked: true,
  allowDynamicType: true,
  allowUnknown: true,
} as const;

function makeTo(want: Type): CtyFunction {
  return makeFunction({
    params: [ANY],
    type: ([v]) => {
      const got = v.type;
      if (cty.typeEquals(got, want)) return want;
      if (cty.getConversionUnsafe(got, want) === undefined) {
        if (got.kind === "tuple" && want.kind === "tuple") {
          throw new FunctionCallError(
            `incompatible tuple type for conversion: ${mismatchMessage(got, want)}`,
            { argument: 0 },
          );
        }
        if (got.kind === "object" && want.kind === "object") {
          throw new FunctionCallError(
            `incompatible object type for conversion: ${mismatchMessage(got, want)}`,
            { argument: 0 },
          );
        }
        throw new FunctionCallError(
          `cannot convert ${cty.friendlyName(got)} to ${constraintName(want)}`,
          { argument: 0 },
        );
      }
      return want;
    },
    impl: ([v], rt) => {
      if (!v.isKnown) {
        return v.marks === null ? cty.unknown(rt) : cty.unknown(rt).withMarks(v.marks);
      }
      try {
        return convertArgument(v, rt);
      } catch {
        const { value: plain, marks } = v.unmarkDeep();
        const got = plain.type;
        let msg: string;
        if (marks.has(cty.SENSITIVE)) {
          msg = `cannot convert this sensitive ${cty.friendlyName(got)} to ${constraintName(want)}`;
        } else if (got.kind === "string" && want.kind === "bool") {
          const what = plain.isNull ? "string" : goQuote(plain.asString());
          msg = `cannot convert ${what} to bool; only the strings "true" or "false" are allowed`;
        } else if (got.kind === "string" && want.kind === "number") {
          const what = plain.isNull ? "string" : goQuote(plain.asString());
          msg =
            `cannot convert ${what} to number; given string must be a decimal representation of a number`;
        } else msg = `cannot convert ${cty.friendlyName(got)} to ${constraintName(want)}`;
        throw new FunctionCallError(msg, { argument: 0 });
      }
    },
  });
}

const VALUE = { ...ANY, name: "value" } as const;

/** Replaces every value marked ephemeral with a null of its type (deeply). */
function removeEphemeral(v: Value): Value {
  if (v.hasMark(EPHEMERAL)) {
    const marks = [...v.marks!].filter((m) => m !== EPHEMERAL);
    const n = cty.nullValue(v.type);
    return marks.length === 0 ? n : n.withMarks(marks);
  }
  if (!v.containsMarked()) return v;
  const { value, paths } = v.unmarkDeepWithPaths();
  const eph = paths.filter((p) => p.marks.has(EPHEMERAL));
  if (eph.length === 0) return v;
  let out = value;
  for (const p of eph) {
    // Rebuild the value with a null at each ephemeral path.
    out = replaceAt(out, p.path, 0);
  }
  const rest = paths.map((p) => ({
    path: p.path,
    marks: new Set([...p.marks].filter((m) => m !== EPHEMERAL)),
  })).filter((p) => p.marks.size > 0);
  return out.markWithPaths(rest);
}

function replaceAt(v: Value, path: readonly PathStep[], i: number): Value {
  if (i === path.length) return cty.nullValue(v.type);
  const step = path[i];
  const t = v.type;
  if (t.kind === "object" && step.kind === "attr") {
    const attrs: Record<string, Value> = {};
    for (const n of t.names) {
      attrs[n] = n === step.name ? replaceAt(v.getAttr(n), path, i + 1) : v.getAttr(n);
    }
    return cty.object(attrs);
  }
  if (t.kind === "map" && step.kind === "key") {
    const m = new Map(v.raw as ReadonlyMap<string, Value>);
    m.set(step.key, replaceAt(m.get(step.key)!, path, i + 1));
    return cty.map(m);
  }
  if ((t.kind === "list" || t.kind === "tuple") && step.kind === "index") {
    const els = v.elements().map((e, k) => k === step.index ? replaceAt(e, path, i + 1) : e);
    return t.kind === "list" ? cty.list(els) : cty.tuple(els);
  }
  return v;
}

/** The conversion and mark functions by name. */
export const conversionFunctions: Readonly<Record<string, CtyFunction>> = {
  tobool: makeTo(cty.Bool),
  tolist: makeTo(cty.List(cty.Dynamic)),
  tomap: makeTo(cty.Map(cty.Dynamic)),
  tonumber: makeTo(cty.Number),
  toset: makeTo(cty.Set(cty.Dynamic)),
  tostring: makeTo(cty.String),
  sensitive: makeFunction({
    params: [VALUE],
    type: ([v]) => v.type,
    impl: ([v]) => v.mark(cty.SENSITIVE),
  }),
  nonsensitive: makeFunction({
    params: [VALUE],
    type: ([v]) => v.type,
    impl: ([v]) => {
      if (!v.hasMark(cty.SENSITIVE)) return v;
      const rest = [...v.marks!].filter((m) => m !== cty.SENSITIVE);
      return rest.length === 0 ? v.unmark() : v.unmark().withMarks(rest);
    },
  }),
  issensitive: makeFunction({
    params: [VALUE],
    returnType: cty.Bool,
    impl: ([v]) =>
      v.hasMark(cty.SENSITIVE) ? cty.True : !v.isKnown ? cty.unknown(cty.Bool) : cty.False,
  }),
  ephemeralasnull: makeFunction({
    params: [VALUE],
    type: ([v]) => v.type,
    impl: ([v]) => removeEphemeral(v),
  }),
};
