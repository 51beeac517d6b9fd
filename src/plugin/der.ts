/**
 * The handful of ASN.1 DER encodings an X.509 certificate needs. Written by
 * hand because an X.509 library costs several times Deno's whole start-up.
 *
 * @module
 */

/**
 * Encodes a DER tag-length-value.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { tlv } from "./der.ts";
 * assert.equal(tlv(0x04, new Uint8Array([1]))[1], 1);
 * ```
 */
export function tlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  let head: number[];
  if (n < 0x80) head = [tag, n];
  else if (n < 0x100) head = [tag, 0x81, n];
  else if (n < 0x10000) head = [tag, 0x82, n >> 8, n & 0xff];
  else head = [tag, 0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(head.length + n);
  out.set(head);
  out.set(content, head.length);
  return out;
}

/**
 * Concatenates byte arrays.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { concat } from "./der.ts";
 * assert.equal(concat(new Uint8Array([1]), new Uint8Array([2])).length, 2);
 * ```
 */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * SEQUENCE of the given encodings.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { seq } from "./der.ts";
 * assert.equal(seq()[0], 0x30);
 * ```
 */
export const seq = (...items: Uint8Array[]): Uint8Array => tlv(0x30, concat(...items));
/**
 * SET of the given encodings (callers pass them already in DER order).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { set } from "./der.ts";
 * assert.equal(set()[0], 0x31);
 * ```
 */
export const set = (...items: Uint8Array[]): Uint8Array => tlv(0x31, concat(...items));
/**
 * Context-specific constructed tag `[n]` (explicit tagging).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { explicit } from "./der.ts";
 * assert.equal(explicit(3, new Uint8Array())[0], 0xa3);
 * ```
 */
export const explicit = (n: number, inner: Uint8Array): Uint8Array => tlv(0xa0 + n, inner);
/**
 * OCTET STRING.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { octets } from "./der.ts";
 * assert.equal(octets(new Uint8Array([7]))[0], 0x04);
 * ```
 */
export const octets = (b: Uint8Array): Uint8Array => tlv(0x04, b);
/**
 * BOOLEAN.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { boolean } from "./der.ts";
 * assert.equal(boolean(true)[2], 0xff);
 * ```
 */
export const boolean = (v: boolean): Uint8Array => tlv(0x01, new Uint8Array([v ? 0xff : 0]));
/**
 * UTF8String.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { utf8String } from "./der.ts";
 * assert.equal(utf8String("a")[0], 0x0c);
 * ```
 */
export const utf8String = (s: string): Uint8Array => tlv(0x0c, new TextEncoder().encode(s));
/**
 * BIT STRING with `unused` trailing bits in the last byte.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { bitString } from "./der.ts";
 * assert.equal(bitString(new Uint8Array([0xa0]), 5)[2], 5);
 * ```
 */
export const bitString = (b: Uint8Array, unused = 0): Uint8Array =>
  tlv(0x03, concat(new Uint8Array([unused]), b));

/**
 * INTEGER from unsigned big-endian bytes (a leading zero is added when needed).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { integer } from "./der.ts";
 * assert.equal(integer(new Uint8Array([0x80])).length, 4); // leading 0 added
 * ```
 */
export function integer(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const trimmed = b.subarray(i);
  return tlv(0x02, trimmed[0] & 0x80 ? concat(new Uint8Array([0]), trimmed) : trimmed);
}

/**
 * OBJECT IDENTIFIER from dotted text.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { oid } from "./der.ts";
 * assert.equal(oid("2.5.29.19").length, 5);
 * ```
 */
export function oid(dotted: string): Uint8Array {
  const parts = dotted.split(".").map(Number);
  const bytes = [parts[0] * 40 + parts[1]];
  for (const p of parts.slice(2)) {
    const chunk = [p & 0x7f];
    for (let v = p >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, new Uint8Array(bytes));
}

/**
 * UTCTime (years 1950-2049), or GeneralizedTime past 2049, as RFC 5280 requires.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { time } from "./der.ts";
 * assert.equal(time(new Date(Date.UTC(2030, 0, 1)))[0], 0x17); // UTCTime
 * ```
 */
export function time(d: Date): Uint8Array {
  const p = (n: number) => String(n).padStart(2, "0");
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${
    p(d.getUTCMinutes())
  }${p(d.getUTCSeconds())}Z`;
  const y = d.getUTCFullYear();
  if (y >= 2050) return tlv(0x18, new TextEncoder().encode(`${y}${rest}`));
  return tlv(0x17, new TextEncoder().encode(`${p(y % 100)}${rest}`));
}
