/**
 * Byte comparison whose running time depends only on the lengths: checking
 * an authentication tag with an early-exit comparison would tell an
 * attacker, through timing, how many leading bytes of a forged tag are
 * right.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { constantTimeEqual } from "./constant_time.ts";
 *
 * assert.equal(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])), true);
 * assert.equal(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3])), false);
 * ```
 *
 * @module
 */

/**
 * Whether `a[aOffset..aOffset+length)` equals `b[bOffset..bOffset+length)`,
 * looking at every byte whatever the first difference.
 *
 * @example Compare a received tag in place
 * ```ts
 * import assert from "node:assert/strict";
 * import { constantTimeEqualAt } from "./constant_time.ts";
 *
 * const record = new Uint8Array([9, 9, 1, 2, 3]);
 * assert.equal(constantTimeEqualAt(record, 2, new Uint8Array([1, 2, 3]), 0, 3), true);
 * ```
 */
export function constantTimeEqualAt(
  a: Uint8Array,
  aOffset: number,
  b: Uint8Array,
  bOffset: number,
  length: number,
): boolean {
  let diff = 0;
  for (let i = 0; i < length; i++) diff |= a[aOffset + i] ^ b[bOffset + i];
  return diff === 0;
}

/**
 * Whether `a` and `b` hold the same bytes. Arrays of different lengths are
 * unequal at once: lengths are public (a tag's length is fixed).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { constantTimeEqual } from "./constant_time.ts";
 *
 * assert.equal(constantTimeEqual(new Uint8Array(16), new Uint8Array(16)), true);
 * assert.equal(constantTimeEqual(new Uint8Array(16), new Uint8Array(15)), false);
 * ```
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && constantTimeEqualAt(a, 0, b, 0, a.length);
}
