/**
 * `format` and `formatlist`: go-cty's printf. Verbs `%v` (`%#v` as JSON), `%t`, `%b %d %o %x
 * %X` (exact integers of any size), `%e %E %f %g %G` (Go's `big.Float` rendering, exact digits,
 * rounded half to even), `%s %q` and `%%`; flags `0 # - + space`, width, `.precision` and
 * `%[n]` argument indexes, in that order (`%-8.3[2]f`). Widths and string precisions count
 * Unicode grapheme clusters; error messages and offsets (in UTF-8 bytes) are go-cty's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { formatString } from "./format.ts";
 *
 * assert.equal(formatString("%s-%03d %.2f", [cty.string("web"), cty.number(7), cty.number(2.5)]), "web-007 2.50");
 * assert.equal(formatString("%[2]v %[1]v", [cty.string("a"), cty.list([cty.number(1)])]), "[1] a");
 * ```
 *
 * @module
 */

// The evaluation namespace and the JSON encoder, not `../mod.ts` (which adds the decoders and
// msgpack): `format` is among the first calls a console line makes.
import { cty, type CtyFunction, FunctionCallError, type Value } from "../evaluation.ts";
import { encodeJson } from "../json_encode.ts";
import { convertArgument } from "./convert_message.ts";
import { withFastPath } from "./format_fast.ts";
import { goRuneQuote, parsed, plainVerb, type Verb } from "./format_parse.ts";
import { goFloatText } from "./go_decimal.ts";
import { toBigIntExact } from "./go_math.ts";
import { goQuote } from "./go_quote.ts";
import { graphemeCount, graphemes } from "./graphemes.ts";
import { makeFunction } from "./make_function.ts";

function padWidth(v: Verb, s: string): string {
  if (v.width < 0) return s;
  const have = graphemeCount(s);
  if (have >= v.width) return s;
  const pad = (v.zero ? "0" : " ").repeat(v.width - have);
  return v.minus ? s + pad : pad + s;
}

function unsupported(v: Verb, why: string): FunctionCallError {
  return new FunctionCallError(`unsupported value for ${goQuote(v.raw)} at ${v.offset}: ${why}`);
}

function convertFor(
  v: Verb,
  arg: Value,
  to: typeof cty.String | typeof cty.Number | typeof cty.Bool,
): Value {
  try {
    return convertArgument(arg, to);
  } catch (e) {
    throw unsupported(v, (e as Error).message);
  }
}

function appendAsIs(v: Verb, arg: Value): string {
  if (!v.sharp && !arg.isNull) {
    if (arg.type.kind === "string") return padWidth(v, arg.asString());
    if (arg.type.kind === "number") {
      const { neg, text } = goFloatText(arg.asNumber(), "g", -1);
      return padWidth(v, (neg ? "-" : text === "Inf" ? "+" : "") + text);
    }
  }
  return padWidth(v, encodeJson(arg, arg.type));
}

function appendInteger(v: Verb, arg: Value): string {
  const i = toBigIntExact(arg.asNumber());
  if (i === undefined) throw unsupported(v, "an integer is required");
  const base = v.mode === "b" ? 2 : v.mode === "o" ? 8 : v.mode === "d" ? 10 : 16;
  const neg = i < 0n;
  let digits = (neg ? -i : i).toString(base);
  if (v.mode === "X") digits = digits.toUpperCase();
  const sign = neg ? "-" : v.plus ? "+" : v.space ? " " : "";
  let prefix = "";
  if (v.sharp) {
    prefix = v.mode === "b"
      ? "0b"
      : v.mode === "o"
      ? "0"
      : v.mode === "x"
      ? "0x"
      : v.mode === "X"
      ? "0X"
      : "";
  }
  let zeros = 0;
  if (v.prec >= 0) {
    if (digits.length < v.prec) zeros = v.prec - digits.length;
    else if (digits === "0" && v.prec === 0) return "";
  }
  const length = sign.length + prefix.length + zeros + digits.length;
  let left = 0;
  let right = 0;
  if (v.width >= 0 && length < v.width) {
    const d = v.width - length;
    if (v.minus) right = d;
    else if (v.zero && v.prec < 0) zeros = d;
    else left = d;
  }
  return " ".repeat(left) + sign + prefix + "0".repeat(zeros) + digits + " ".repeat(right);
}

function appendFloat(v: Verb, arg: Value): string {
  const n = arg.asNumber();
  const fmt = v.mode as "e" | "E" | "f" | "g" | "G";
  const prec = v.prec >= 0 ? v.prec : fmt === "g" || fmt === "G" ? -1 : 6;
  const { neg, text } = goFloatText(n, fmt, prec);
  const inf = typeof n === "number" && !Number.isFinite(n);
  let sign = "";
  if (neg) sign = "-";
  else if (inf) sign = v.space ? " " : "+";
  else if (v.plus) sign = "+";
  else if (v.space) sign = " ";
  const pad = v.width > sign.length + text.length ? v.width - sign.length - text.length : 0;
  if (v.zero && !inf) return sign + "0".repeat(pad) + text;
  if (v.minus) return sign + text + " ".repeat(pad);
  return " ".repeat(pad) + sign + text;
}

function appendString(v: Verb, arg: Value): string {
  let s = convertFor(v, arg, cty.String).asString();
  if (v.prec > 0) s = graphemes(s).slice(0, v.prec).join("");
  if (v.mode === "s") return padWidth(v, s);
  return padWidth(v, encodeJson(cty.string(s), cty.String));
}

function appendVerb(v: Verb, args: readonly Value[]): string {
  const idx = v.argNum - 1;
  if (idx >= args.length) {
    throw new FunctionCallError(
      `not enough arguments for ${
        goQuote(v.raw)
      } at ${v.offset}: need index ${v.argNum} but have ${args.length} total`,
    );
  }
  const arg = args[idx];
  if (v.mode !== "v" && arg.isNull) {
    throw new FunctionCallError(
      `unsupported value for ${goQuote(v.raw)} at ${v.offset}: null value cannot be formatted`,
    );
  }
  switch (v.mode) {
    case "v":
      return appendAsIs(v, arg);
    case "t":
      return convertFor(v, arg, cty.Bool).asBool() ? "true" : "false";
    case "b":
    case "d":
    case "o":
    case "x":
    case "X":
      return appendInteger(v, convertFor(v, arg, cty.Number));
    case "e":
    case "E":
    case "f":
    case "g":
    case "G":
      return appendFloat(v, convertFor(v, arg, cty.Number));
    case "s":
    case "q":
      return appendString(v, arg);
    default:
      throw new FunctionCallError(
        `unsupported format verb ${goRuneQuote(v.mode)} in ${goQuote(v.raw)} at offset ${v.offset}`,
      );
  }
}

/**
 * go-cty's `formatFSM`: renders `format` with wholly known, unmarked `args`. Throws
 * {@link FunctionCallError} with go-cty's messages.
 */
export function formatString(format: string, args: readonly Value[]): string {
  const p = parsed(format);
  let out = "";
  for (const part of p.parts) {
    if (typeof part === "string") {
      out += part;
      continue;
    }
    const arg = args[part.argNum - 1];
    // Fast paths: `%s` of a string and `%d` of a float64 integer, without flags.
    if (arg !== undefined && plainVerb(part) && !arg.isNull) {
      if (part.mode === "s" && arg.type.kind === "string") {
        out += arg.raw as string;
        continue;
      }
      if (part.mode === "d" && typeof arg.raw === "number" && Number.isSafeInteger(arg.raw)) {
        out += String(arg.raw === 0 ? 0 : arg.raw);
        continue;
      }
    }
    out += appendVerb(part, args);
  }
  if (p.error !== undefined) throw new FunctionCallError(p.error);
  return finish(out, p.highest, args.length);
}

function finish(out: string, highest: number, count: number): string {
  if (highest < count) {
    const first = highest + 1;
    throw new FunctionCallError(
      highest === 0
        ? "too many arguments; no verbs in format string"
        : `too many arguments; only ${highest} used by format string`,
      { argument: first },
    );
  }
  return out;
}

const ARGS = {
  name: "args",
  type: cty.Dynamic,
  allowNull: true,
  allowUnknown: true,
} as const;

function isCollectionLike(v: Value): boolean {
  const k = v.type.kind;
  return k === "list" || k === "set" || k === "tuple";
}

/** `format` through go-cty's call semantics (conversion, nulls, unknowns, marks). */
const genericFormat: CtyFunction = makeFunction({
  params: [{ name: "format", type: cty.String }],
  varParam: ARGS,
  returnType: cty.String,
  refineNotNull: true,
  impl: (all) => {
    const f = all[0];
    for (let i = 1; i < all.length; i++) {
      if (!all[i].isWhollyKnown()) {
        const text = f.asString();
        const idx = text.indexOf("%");
        // go-cty's StringPrefix drops the last character: a combining one could follow it.
        const prefix = idx > 0 ? graphemes(text.slice(0, idx)).slice(0, -1).join("") : "";
        return cty.unknown(cty.String, prefix !== "" ? { stringPrefix: prefix } : {});
      }
    }
    return cty.string(formatString(f.raw as string, all.slice(1)));
  },
});

/** `format` and `formatlist` by name. */
export const formatFunctions: Readonly<Record<string, CtyFunction>> = {
  format: withFastPath(genericFormat),
  formatlist: makeFunction({
    params: [{ name: "format", type: cty.String }],
    varParam: ARGS,
    returnType: cty.List(cty.String),
    refineNotNull: true,
    impl: ([f, ...args], rt) => {
      const text = f.asString();
      if (args.length === 0) return cty.list([cty.string(formatString(text, []))]);
      let iterLen = -1;
      let chooser = -1;
      let unknown = false;
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (isCollectionLike(a) && !a.isNull) {
          if (a.type.kind !== "tuple" && !a.isKnown) {
            unknown = true;
            continue;
          }
          const len = a.length;
          if (iterLen === -1) {
            iterLen = len;
            chooser = i;
          } else if (len !== iterLen) {
            throw new FunctionCallError(
              `argument ${i + 1} has length ${len}, which is inconsistent with argument ${
                chooser + 1
              } of length ${iterLen}`,
              { argument: i + 1 },
            );
          }
        } else if (a.type.kind === "dynamic" && !a.isKnown) unknown = true;
      }
      if (unknown) return cty.unknown(rt);
      if (iterLen === 0) return cty.listEmpty(cty.String);
      if (iterLen === -1) iterLen = 1;
      const out: Value[] = [];
      for (let it = 0; it < iterLen; it++) {
        const fmtArgs = args.map((a) => isCollectionLike(a) && !a.isNull ? a.elements()[it] : a);
        if (fmtArgs.some((a) => !a.isWhollyKnown())) {
          out.push(cty.unknown(cty.String, { notNull: true }));
          continue;
        }
        try {
          out.push(cty.string(formatString(text, fmtArgs)));
        } catch (e) {
          throw new FunctionCallError(`error on format iteration ${it}: ${(e as Error).message}`);
        }
      }
      return cty.list(out);
    },
  }),
};
