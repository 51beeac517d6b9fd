/**
 * go-cty's set semantics: which elements are the same (dedupe) and the
 * order they iterate in, which decides msgpack and JSON byte order.
 *
 * go-cty buckets elements by a hash of their "hash string", then stably
 * sorts with a rule: knowns before unknowns before null; strings by UTF-8
 * bytes, numbers numerically, false before true; anything else by its hash
 * string. Ties only happen between equal hash strings, which share a
 * bucket and so keep insertion order, so a stable sort of the de-duplicated
 * input gives the same order without computing any crc32.
 *
 * @module
 */

import { crc32 } from "./crc32.ts";
import { isGoPrintable } from "./go_printable.ts";
import { BigDecimal, compareNumbers, exactFloat64, hashText, type Num } from "./number.ts";
import { UnknownInfo } from "./refinement.ts";
import { compareCodePoints, type Type } from "./type.ts";
import { rawEquals, type Value } from "./value.ts";

const HEX = "0123456789abcdef";

/**
 * Go's `%q` quoting of a string (strconv.Quote), used inside hash strings.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { goQuote } from "./set_order.ts";
 * assert.equal(goQuote("a\n\u0080"), '"a\\n\\u0080"');
 * ```
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) {
      if (c === 0x22) out += '\\"';
      else if (c === 0x5c) out += "\\\\";
      else if (c >= 0x20 && c < 0x7f) out += ch;
      else if (c === 0x07) out += "\\a";
      else if (c === 0x08) out += "\\b";
      else if (c === 0x0c) out += "\\f";
      else if (c === 0x0a) out += "\\n";
      else if (c === 0x0d) out += "\\r";
      else if (c === 0x09) out += "\\t";
      else if (c === 0x0b) out += "\\v";
      else out += "\\x" + HEX[c >> 4] + HEX[c & 15];
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += "\\ufffd"; // a lone surrogate would be invalid UTF-8 in Go
    } else if (isGoPrintable(ch)) out += ch;
    else if (c < 0x10000) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += "\\U" + c.toString(16).padStart(8, "0");
  }
  return out + '"';
}

/**
 * The hash string go-cty builds for a value (marks ignored).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * import { setHashString } from "./set_order.ts";
 * assert.equal(setHashString(cty.list([cty.number(1), cty.string("a")].slice(0, 1))), "[1;]");
 * ```
 */
export function setHashString(v: Value): string {
  const raw = v.raw;
  if (raw instanceof UnknownInfo) return "?";
  if (raw === null) return "~";
  const t = v.type;
  switch (t.kind) {
    case "number":
      return hashText(raw as Num);
    case "bool":
      return raw ? "T" : "F";
    case "string":
      return goQuote(raw as string);
    case "map": {
      let out = "{";
      for (const [k, e] of raw as ReadonlyMap<string, Value>) {
        out += goQuote(k) + ":" + setHashString(e) + ";";
      }
      return out + "}";
    }
    case "list":
    case "set": {
      let out = "[";
      for (const e of raw as readonly Value[]) out += setHashString(e) + ";";
      return out + "]";
    }
    case "object":
    case "tuple": {
      let out = "<";
      for (const e of raw as readonly Value[]) out += setHashString(e) + ";";
      return out + ">";
    }
    case "capsule":
      return "«?»";
    default:
      return "?";
  }
}

function isPrimitive(t: Type): boolean {
  return t.kind === "string" || t.kind === "number" || t.kind === "bool";
}

/** go-cty's set order rule as a comparator. */
function compareElements(t: Type, a: Value, ha: string, b: Value, hb: string): number {
  if (rawEquals(a, b)) return 0;
  const an = a.raw === null;
  const bn = b.raw === null;
  if (bn && !an) return -1;
  if (an) return bn ? 0 : 1;
  const ak = a.isKnown;
  const bk = b.isKnown;
  if (ak && !bk) return -1;
  if (!ak) return bk ? 1 : 0;
  switch (t.kind) {
    case "string":
      return compareCodePoints(a.raw as string, b.raw as string);
    case "bool":
      return a.raw === b.raw ? 0 : a.raw ? 1 : -1;
    case "number":
      return compareNumbers(a.raw as Num, b.raw as Num);
    default:
      return compareCodePoints(ha, hb);
  }
}

/**
 * Order of elements go-cty's sort leaves tied: hash buckets in ascending
 * CRC-32 order (so `-0` before `0`, `[0]` before `[-0]`), then insertion.
 * Elements with one hash string share a bucket; only raw-equal elements in
 * different buckets (`-0` and `0` somewhere inside) pay for the checksums.
 */
function tieBreak(a: Value, ha: string, i: number, b: Value, hb: string, j: number): number {
  const x = ha === "" ? setHashString(a) : ha;
  const y = hb === "" ? setHashString(b) : hb;
  if (x !== y) {
    const d = crc32(x) - crc32(y);
    if (d !== 0) return d;
  }
  return i - j;
}

/**
 * Whether every value of type `t` has an {@link exactKey} when wholly known:
 * a concrete type (values of one dynamic type may differ in type while their
 * hash strings agree) without capsules (equal by identity, not content).
 */
function hasExactKeys(t: Type): boolean {
  switch (t.kind) {
    case "dynamic":
    case "capsule":
      return false;
    case "list":
    case "set":
    case "map":
      return hasExactKeys(t.element);
    case "tuple":
      return t.elements.every(hasExactKeys);
    case "object":
      return t.names.every((name) => hasExactKeys(t.attributes[name]));
    default:
      return true;
  }
}

/**
 * A string naming a number's exact value, with `-0` apart from `0` as the
 * hash strings keep them (so `-0` and `0` are both kept, as in go-cty).
 */
function numberKey(n: Num): string {
  if (typeof n === "number") return Object.is(n, -0) ? "-0" : String(n);
  const f = exactFloat64(n);
  if (f !== undefined) return String(f);
  // A BigDecimal's mantissa has no trailing zeros, so m and e name the value once.
  return n.m + "e" + n.e;
}

/**
 * A wholly known element's identity for de-duplication, or `undefined` when
 * an unknown sits anywhere inside. Two elements of one type get the same key
 * exactly when their hash strings agree and go-cty's `Equals` is true: the
 * same shape as the hash string, but numbers exact rather than rounded to 10
 * digits, and a nested set's element keys sorted (equal sets may list
 * elements whose hash strings tie in different orders).
 */
function exactKey(v: Value): string | undefined {
  const raw = v.raw;
  if (raw instanceof UnknownInfo) return undefined;
  if (raw === null) return "~";
  const t = v.type;
  switch (t.kind) {
    case "number":
      return numberKey(raw as Num);
    case "bool":
      return raw ? "T" : "F";
    case "string":
      return JSON.stringify(raw);
    case "map": {
      let out = "{";
      for (const [k, e] of raw as ReadonlyMap<string, Value>) {
        const ek = exactKey(e);
        if (ek === undefined) return undefined;
        out += JSON.stringify(k) + ":" + ek + ";";
      }
      return out + "}";
    }
    case "set": {
      const keys: string[] = [];
      for (const e of raw as readonly Value[]) {
        const ek = exactKey(e);
        if (ek === undefined) return undefined;
        keys.push(ek);
      }
      return "[" + keys.sort().join(";") + "]";
    }
    default: {
      // list, tuple, object: positional (object attributes in type order).
      let out = "<";
      for (const e of raw as readonly Value[]) {
        const ek = exactKey(e);
        if (ek === undefined) return undefined;
        out += ek + ";";
      }
      return out + ">";
    }
  }
}

/**
 * Each known number's nearest float64, or `undefined` when any element is
 * null or unknown (those sort by other rules). Rounding to nearest never
 * reverses an order, so differing floats order two numbers without the
 * exact decimal comparison, which costs BigInt arithmetic per call.
 */
function nearestFloats(elems: readonly Value[]): Float64Array | undefined {
  const out = new Float64Array(elems.length);
  for (let i = 0; i < elems.length; i++) {
    const raw = elems[i].raw;
    if (typeof raw === "number") out[i] = raw;
    else if (raw instanceof BigDecimal) out[i] = Number(raw.m + "e" + raw.e);
    else return undefined;
  }
  return out;
}

/** Equality as go-cty's set rules see it: `Equals` answering a known true. */
function equivalent(a: Value, b: Value): boolean {
  const r = a.equals(b);
  return r.isKnown && r.raw === true;
}

/**
 * De-duplicates and orders unmarked set elements of type `element` exactly as go-cty.
 *
 * go-cty keeps elements in buckets by hash string and compares each new
 * element with every element of its bucket, so elements whose hash strings
 * collide (numbers sharing their first 10 significant digits, say) cost
 * quadratic time there. Here every wholly known element is looked up by its
 * {@link exactKey} instead, which is equal exactly when go-cty would call
 * two elements the same, so de-duplication is linear and the sort makes the
 * whole n log n. Elements with an unknown inside are never equal to another
 * (their equality is unknown, not true), and keep go-cty's bucket scan.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * import { orderSetElements } from "./set_order.ts";
 * const out = orderSetElements(cty.String, [cty.string("b"), cty.string("a"), cty.string("b")]);
 * assert.equal(out.map((v) => v.asString()).join(), "a,b");
 * ```
 */
export function orderSetElements(element: Type, elems: readonly Value[]): Value[] {
  const n = elems.length;
  if (n === 0) return [];
  const primitive = isPrimitive(element);
  const keyed = hasExactKeys(element);
  const kept: Value[] = [];
  const hashes: string[] = [];
  const seen = new globalThis.Set<string>();
  const buckets = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const v = elems[i];
    const hash = primitive ? "" : setHashString(v);
    const key = keyed ? exactKey(v) : undefined;
    if (key !== undefined) {
      if (seen.has(key)) continue;
      seen.add(key);
    } else {
      const bucketKey = primitive ? (v.raw === null ? "~" : "?") : hash;
      const bucket = buckets.get(bucketKey);
      if (bucket === undefined) buckets.set(bucketKey, [kept.length]);
      else {
        let dup = false;
        for (const j of bucket) {
          if (equivalent(v, kept[j])) {
            dup = true;
            break;
          }
        }
        if (dup) continue;
        bucket.push(kept.length);
      }
    }
    kept.push(v);
    hashes.push(hash);
  }
  if (kept.length === 1) return kept;
  const idx = kept.map((_, i) => i);
  const near = element.kind === "number" ? nearestFloats(kept) : undefined;
  idx.sort((i, j) =>
    (near !== undefined && near[i] !== near[j] ? (near[i] < near[j] ? -1 : 1) : 0) ||
    compareElements(element, kept[i], hashes[i], kept[j], hashes[j]) ||
    tieBreak(kept[i], hashes[i], i, kept[j], hashes[j], j)
  );
  return idx.map((i) => kept[i]);
}
