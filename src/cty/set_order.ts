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
import { compareNumbers, hashText, type Num } from "./number.ts";
import { UnknownInfo } from "./refinement.ts";
import { compareCodePoints, type Type } from "./type.ts";
import { rawEquals, type Value } from "./value.ts";

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
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
    } else if (PRINTABLE.test(ch)) out += ch;
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

/** Equality as go-cty's set rules see it: `Equals` answering a known true. */
function equivalent(a: Value, b: Value): boolean {
  const r = a.equals(b);
  return r.isKnown && r.raw === true;
}

/**
 * De-duplicates and orders unmarked set elements of type `element` exactly as go-cty.
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
  const kept: Value[] = [];
  const hashes: string[] = [];
  const buckets = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const v = elems[i];
    let key: string;
    if (primitive && v.raw !== null && v.isKnown) {
      // Cheap bucket key: equal primitives always share it.
      key = element.kind === "number"
        ? hashText(v.raw as Num)
        : element.kind === "string"
        ? "s" + v.raw
        : String(v.raw);
    } else key = primitive ? (v.raw === null ? "~" : "?") : setHashString(v);
    const bucket = buckets.get(key);
    if (bucket === undefined) buckets.set(key, [kept.length]);
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
    kept.push(v);
    hashes.push(primitive ? "" : key);
  }
  if (kept.length === 1) return kept;
  const idx = kept.map((_, i) => i);
  idx.sort((i, j) =>
    compareElements(element, kept[i], hashes[i], kept[j], hashes[j]) ||
    tieBreak(kept[i], hashes[i], i, kept[j], hashes[j], j)
  );
  return idx.map((i) => kept[i]);
}
