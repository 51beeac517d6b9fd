/**
 * go-cty-yaml 1.1's reading of one YAML scalar (Terraform 1.11's `yamldecode`): YAML 1.1's
 * booleans (`yes`, `on`, `y`...) and nulls, integers as YAML 1.2 writes them (`0o17`, `0x1F`;
 * no underscores, no `0b`), floats and `.inf` (NaN refused), timestamps rewritten as RFC 3339
 * strings, and the tags `!!str !!int !!float !!bool !!null !!timestamp !!binary` (`!!binary`
 * stays base64 text). Quoted scalars are strings whatever their tag, except that the key `<<`
 * means a merge however it is written.
 *
 * @module
 */

import { cty, type Value } from "../evaluation.ts";

/** The long form of a YAML core tag. */
export const TAG = {
  str: "tag:yaml.org,2002:str",
  int: "tag:yaml.org,2002:int",
  float: "tag:yaml.org,2002:float",
  bool: "tag:yaml.org,2002:bool",
  null: "tag:yaml.org,2002:null",
  timestamp: "tag:yaml.org,2002:timestamp",
  binary: "tag:yaml.org,2002:binary",
  map: "tag:yaml.org,2002:map",
  seq: "tag:yaml.org,2002:seq",
} as const;

/** How a scalar was written. */
export type ScalarStyle = "plain" | "single" | "double" | "literal" | "folded";

/** A scalar's value, or the merge marker of a `<<` key. */
export type Resolved = Value | typeof MERGE;

/** The value of a `<<` key: the mapping that follows is merged in. */
export const MERGE: unique symbol = Symbol("yaml merge key");

/** A problem with one scalar (the caller adds the position). */
export class ScalarError extends Error {}

const BOOL_NULL_INF = new Map<string, Value>();
for (const s of ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]) {
  BOOL_NULL_INF.set(s, cty.True);
}
for (const s of ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]) {
  BOOL_NULL_INF.set(s, cty.False);
}
for (const s of ["", "~", "null", "Null", "NULL"]) BOOL_NULL_INF.set(s, cty.nullValue(cty.Dynamic));
for (const s of [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]) {
  BOOL_NULL_INF.set(s, cty.number(Infinity));
}
for (const s of ["-.inf", "-.Inf", "-.INF"]) BOOL_NULL_INF.set(s, cty.number(-Infinity));

const INTEGER = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const DECIMAL = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const RESOLVABLE = new Set<string>([
  "",
  TAG.str,
  TAG.bool,
  TAG.int,
  TAG.float,
  TAG.null,
  TAG.timestamp,
  TAG.binary,
]);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** go-yaml's first-character hint: which kinds of plain scalar the text might be. */
function hint(src: string): "N" | "S" | "D" | "M" | "." | undefined {
  if (src === "") return "N";
  const c = src[0];
  if (c === "+" || c === "-") return "S";
  if (c >= "0" && c <= "9") return "D";
  if ("yYnNtTfFoO~".includes(c)) return "M";
  if (c === ".") return ".";
  return undefined;
}

/** cty's `ParseNumberVal` (a decimal, big.Float syntax), or undefined. */
function decimal(src: string): Value | undefined {
  return DECIMAL.test(src) ? cty.numberFromString(src.replace(/^\+/, "")) : undefined;
}

/** Go's `strconv.ParseInt`/`ParseUint` with base 0 for the `0x`/`0o` forms, as a cty number. */
function prefixedInteger(src: string): Value | undefined {
  const m = /^([-+]?)0([xo])([0-9a-fA-F]+)$/.exec(src);
  if (m === null) return undefined;
  const digits = m[2] === "x" ? /^[0-9a-fA-F]+$/ : /^[0-7]+$/;
  if (!digits.test(m[3])) return undefined;
  const n = BigInt(`0${m[2]}${m[3]}`) * (m[1] === "-" ? -1n : 1n);
  // int64, then uint64
  if (n < -(2n ** 63n) || n >= 2n ** 64n) return undefined;
  return cty.number(n);
}

/**
 * Resolves a scalar given its tag (long form; "" when untagged), its text and its style,
 * throwing {@link ScalarError} with go-cty-yaml's message.
 */
export function resolveScalar(tag: string, src: string, style: ScalarStyle): Resolved {
  if (!RESOLVABLE.has(tag)) throw new ScalarError(`unsupported tag ${goQuote(tag)}`);
  const h = hint(src);
  if (h !== undefined && tag !== TAG.str && tag !== TAG.binary) {
    if (style === "single" || style === "double") return cty.string(src);
    const known = BOOL_NULL_INF.get(src);
    if (known !== undefined) return known;
    if (tag === "" && (src === ".nan" || src === ".NaN" || src === ".NAN")) {
      throw new ScalarError("floating point NaN is not supported");
    }
    if (h === ".") {
      const n = decimal(src);
      if (n !== undefined) return n;
    } else if (h === "D" || h === "S") {
      if (tag === "" || tag === TAG.timestamp) {
        const t = timestamp(src);
        if (t !== undefined) return cty.string(t);
      }
      if (INTEGER.test(src)) tag = TAG.int;
      else if (FLOAT.test(src)) tag = TAG.float;
    }
  }
  if (tag === "" && src === "<<") return MERGE;
  switch (tag) {
    case TAG.binary:
      if (!BASE64.test(src)) {
        throw new ScalarError(`cannot parse ${goQuote(src)} as ${tag}: not valid base64`);
      }
      return cty.string(src);
    case TAG.str:
      return cty.string(src);
    case TAG.bool: {
      const b = BOOL_NULL_INF.get(src);
      if (b === undefined || b.type !== cty.Bool) {
        throw new ScalarError(`cannot parse ${goQuote(src)} as ${tag}`);
      }
      return b;
    }
    case TAG.float:
    case TAG.int: {
      const plain = src.replaceAll("_", "");
      const n = decimal(plain) ?? prefixedInteger(plain);
      if (n === undefined) throw new ScalarError(`cannot parse ${goQuote(src)} as ${tag}`);
      return n;
    }
    case TAG.timestamp: {
      const t = timestamp(src);
      if (t === undefined) throw new ScalarError(`cannot parse ${goQuote(src)} as ${tag}`);
      return cty.string(t);
    }
    case TAG.null:
      return cty.nullValue(cty.Dynamic);
    default:
      return cty.string(src);
  }
}

/** Go's `%q` of a tag or scalar text (the cases that appear here: printable text). */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, "\\x$1");
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * go-cty-yaml's timestamp forms (`2001-12-14t21:59:43.10-05:00`, `2001-12-14 21:59:43.10`,
 * `2002-12-14`), rewritten as Go's `time.RFC3339` does (fractions dropped, `Z` for UTC).
 */
export function timestamp(s: string): string | undefined {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt ])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/
      .exec(s);
  if (m === null) return undefined;
  const [, y, mo, d, sep, hh, mi, ss, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const year = Number(y);
  if (month < 1 || month > 12 || day < 1) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1])) return undefined;
  const two = (n: string | number) => String(n).padStart(2, "0");
  const date = `${y}-${two(month)}-${two(day)}`;
  if (sep === undefined) return `${date}T00:00:00Z`;
  // A space-separated form has no zone; the T forms require one.
  if ((sep === " ") !== (zone === undefined)) return undefined;
  if (Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 59) return undefined;
  let z = zone ?? "Z";
  if (z !== "Z") {
    const zh = Number(z.slice(1, 3));
    const zm = Number(z.slice(4, 6));
    if (zh > 24 || zm > 59) return undefined;
    if (zh === 0 && zm === 0) z = "Z";
  }
  return `${date}T${two(hh)}:${two(mi)}:${two(ss)}${z}`;
}
