/**
 * CRC-32 (IEEE 802.3, the zip checksum). `crc32` uses zlib's native routine
 * (about 60x faster on an 8 MiB binary); `crc32Portable` is a slice-by-8
 * fallback for runtimes without `node:zlib`'s `crc32`: eight lookup tables
 * let the loop consume 8 bytes per step instead of one.
 *
 * @module
 */

import * as zlib from "node:zlib";

const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

const TABLES: Uint32Array[] = buildTables();

function buildTables(): Uint32Array[] {
  const t0 = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t0[n] = c >>> 0;
  }
  const tables = [t0];
  for (let i = 1; i < 8; i++) {
    const prev = tables[i - 1];
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) t[n] = (prev[n] >>> 8) ^ t0[prev[n] & 0xff];
    tables.push(t);
  }
  return tables;
}

/**
 * CRC-32 of `data`, continuing from `previous` (0 to start).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { crc32 } from "./_pipeline.ts";
 * assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
 * ```
 */
export function crc32(data: Uint8Array, previous = 0): number {
  return nativeCrc32 !== undefined
    ? nativeCrc32(data, previous) >>> 0
    : crc32Portable(data, previous);
}

/**
 * CRC-32 in TypeScript (slice-by-8), the fallback of {@link crc32}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { crc32Portable } from "./_pipeline.ts";
 * assert.equal(crc32Portable(new TextEncoder().encode("123456789")), 0xcbf43926);
 * ```
 */
export function crc32Portable(data: Uint8Array, previous = 0): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = TABLES;
  let c = ~previous >>> 0;
  let i = 0;
  const n = data.length;
  const end8 = n - (n & 7);
  while (i < end8) {
    const a = (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)) ^ c;
    c = t7[a & 0xff] ^ t6[(a >>> 8) & 0xff] ^ t5[(a >>> 16) & 0xff] ^ t4[a >>> 24] ^
      t3[data[i + 4]] ^ t2[data[i + 5]] ^ t1[data[i + 6]] ^ t0[data[i + 7]];
    i += 8;
  }
  while (i < n) c = t0[(c ^ data[i++]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * The plain one-table CRC-32 loop: the reference {@link crc32} is checked and
 * benchmarked against.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { crc32Bytewise } from "./_pipeline.ts";
 * assert.equal(crc32Bytewise(new TextEncoder().encode("123456789")), 0xcbf43926);
 * ```
 */
export function crc32Bytewise(data: Uint8Array, previous = 0): number {
  const t0 = TABLES[0];
  let c = ~previous >>> 0;
  for (let i = 0; i < data.length; i++) c = t0[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
