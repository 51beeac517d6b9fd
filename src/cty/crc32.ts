/**
 * CRC-32 (IEEE), as Go's `crc32.ChecksumIEEE`: go-cty files set elements in
 * hash buckets keyed by the CRC-32 of their hash string and walks the buckets
 * in ascending order, which decides the order of elements that its sort
 * leaves tied (`-0` and `0`, or lists holding them).
 *
 * @module
 */

// Filled on the first checksum, not at load: the loop runs in V8's interpreter there and cost
// 0.3-2 ms of every `foundry console` start, which orders no set elements at all for most inputs.
let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

const UTF8 = new TextEncoder();

/**
 * The CRC-32 of the UTF-8 bytes of `text`, as an unsigned integer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { crc32 } from "./crc32.ts";
 * assert.equal(crc32("123456789"), 0xcbf43926);
 * ```
 */
export function crc32(text: string): number {
  const t = (table ??= crcTable());
  let c = 0xffffffff;
  for (const b of UTF8.encode(text)) c = t[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
