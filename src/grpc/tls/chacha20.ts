/**
 * The ChaCha20 stream cipher (RFC 8439 section 2.3-2.4): the cipher half of
 * TLS_CHACHA20_POLY1305_SHA256. It is pure 32-bit addition, rotation and
 * XOR, with no table lookups, so its timing does not depend on the key or
 * the data.
 *
 * The word-level functions keep the 16-word input state in an `Int32Array`
 * the caller reuses, so a record costs no allocation here; `chacha20` and
 * `chacha20Block` are the byte-level forms RFC 8439's examples are written
 * in.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { chacha20 } from "./chacha20.ts";
 *
 * const key = new Uint8Array(32).fill(1);
 * const nonce = new Uint8Array(12).fill(2);
 * const message = new TextEncoder().encode("a stream cipher is its own inverse");
 * const encrypted = chacha20(key, 1, nonce, message);
 * assert.notDeepEqual(encrypted, message);
 * assert.deepEqual(chacha20(key, 1, nonce, encrypted), message);
 * ```
 *
 * @module
 */

/** "expand 32-byte k" as four little-endian words. */
const SIGMA = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574];

/**
 * From this many bytes on, `chachaXor` makes DataViews over the caller's
 * arrays and XORs whole blocks a word at a time; below it, making the two
 * views costs more than they save (measured: bench/README.md).
 */
const WORDWISE = 256;

/** 64 zero bytes: the keystream is this block encrypted. */
const ZEROS = new DataView(new ArrayBuffer(64));
/** One keystream block, shared: the cipher is synchronous, so calls never overlap. */
const KEYSTREAM = new Uint8Array(64);
const KEYSTREAM_VIEW = new DataView(KEYSTREAM.buffer);

/** Little-endian 32-bit word of `b` at `i`. */
function word(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
}

/**
 * A ChaCha20 input state for `key` (32 bytes): constants and key set, block
 * counter and nonce zero (see `setNonce`).
 *
 * @throws {RangeError} naming `owner`'s key parameter when the key is not 32 bytes.
 */
export function chachaState(key: Uint8Array, owner = "ChaCha20"): Int32Array {
  if (key.length !== 32) {
    throw new RangeError(`${owner}: key must be 32 bytes, got ${key.length}`);
  }
  const state = new Int32Array(16);
  state.set(SIGMA);
  for (let i = 0; i < 8; i++) state[4 + i] = word(key, 4 * i);
  return state;
}

/**
 * Puts a block counter and a 12-byte nonce into `state`.
 *
 * @throws {RangeError} naming `owner`'s nonce parameter when the nonce is not 12 bytes.
 */
export function setNonce(
  state: Int32Array,
  counter: number,
  nonce: Uint8Array,
  owner = "ChaCha20",
): void {
  if (nonce.length !== 12) {
    throw new RangeError(`${owner}: nonce must be 12 bytes, got ${nonce.length}`);
  }
  state[12] = counter;
  state[13] = word(nonce, 0);
  state[14] = word(nonce, 4);
  state[15] = word(nonce, 8);
}

/**
 * XORs `blocks` whole 64-byte blocks read from `from` at `s` with the
 * keystream from `state`'s counter on, writing them to `to` at `d`, and
 * advances the counter. The one place the rounds are written out: the
 * keystream stays in locals and goes straight into the XOR.
 */
function xorBlocks(
  state: Int32Array,
  from: DataView,
  s: number,
  to: DataView,
  d: number,
  blocks: number,
): void {
  const j0 = state[0], j1 = state[1], j2 = state[2], j3 = state[3];
  const j4 = state[4], j5 = state[5], j6 = state[6], j7 = state[7];
  const j8 = state[8], j9 = state[9], j10 = state[10], j11 = state[11];
  const j13 = state[13], j14 = state[14], j15 = state[15];
  let j12 = state[12];
  for (let b = 0; b < blocks; b++, s += 64, d += 64) {
    let x0 = j0, x1 = j1, x2 = j2, x3 = j3, x4 = j4, x5 = j5, x6 = j6, x7 = j7;
    let x8 = j8, x9 = j9, x10 = j10, x11 = j11, x12 = j12, x13 = j13, x14 = j14, x15 = j15;
    let t = 0;
    for (let i = 0; i < 10; i++) {
      // A column round, then a diagonal round (RFC 8439 2.3), written out.
      x0 = (x0 + x4) | 0;
      t = x12 ^ x0;
      x12 = (t << 16) | (t >>> 16);
      x8 = (x8 + x12) | 0;
      t = x4 ^ x8;
      x4 = (t << 12) | (t >>> 20);
      x0 = (x0 + x4) | 0;
      t = x12 ^ x0;
      x12 = (t << 8) | (t >>> 24);
      x8 = (x8 + x12) | 0;
      t = x4 ^ x8;
      x4 = (t << 7) | (t >>> 25);
      x1 = (x1 + x5) | 0;
      t = x13 ^ x1;
      x13 = (t << 16) | (t >>> 16);
      x9 = (x9 + x13) | 0;
      t = x5 ^ x9;
      x5 = (t << 12) | (t >>> 20);
      x1 = (x1 + x5) | 0;
      t = x13 ^ x1;
      x13 = (t << 8) | (t >>> 24);
      x9 = (x9 + x13) | 0;
      t = x5 ^ x9;
      x5 = (t << 7) | (t >>> 25);
      x2 = (x2 + x6) | 0;
      t = x14 ^ x2;
      x14 = (t << 16) | (t >>> 16);
      x10 = (x10 + x14) | 0;
      t = x6 ^ x10;
      x6 = (t << 12) | (t >>> 20);
      x2 = (x2 + x6) | 0;
      t = x14 ^ x2;
      x14 = (t << 8) | (t >>> 24);
      x10 = (x10 + x14) | 0;
      t = x6 ^ x10;
      x6 = (t << 7) | (t >>> 25);
      x3 = (x3 + x7) | 0;
      t = x15 ^ x3;
      x15 = (t << 16) | (t >>> 16);
      x11 = (x11 + x15) | 0;
      t = x7 ^ x11;
      x7 = (t << 12) | (t >>> 20);
      x3 = (x3 + x7) | 0;
      t = x15 ^ x3;
      x15 = (t << 8) | (t >>> 24);
      x11 = (x11 + x15) | 0;
      t = x7 ^ x11;
      x7 = (t << 7) | (t >>> 25);
      x0 = (x0 + x5) | 0;
      t = x15 ^ x0;
      x15 = (t << 16) | (t >>> 16);
      x10 = (x10 + x15) | 0;
      t = x5 ^ x10;
      x5 = (t << 12) | (t >>> 20);
      x0 = (x0 + x5) | 0;
      t = x15 ^ x0;
      x15 = (t << 8) | (t >>> 24);
      x10 = (x10 + x15) | 0;
      t = x5 ^ x10;
      x5 = (t << 7) | (t >>> 25);
      x1 = (x1 + x6) | 0;
      t = x12 ^ x1;
      x12 = (t << 16) | (t >>> 16);
      x11 = (x11 + x12) | 0;
      t = x6 ^ x11;
      x6 = (t << 12) | (t >>> 20);
      x1 = (x1 + x6) | 0;
      t = x12 ^ x1;
      x12 = (t << 8) | (t >>> 24);
      x11 = (x11 + x12) | 0;
      t = x6 ^ x11;
      x6 = (t << 7) | (t >>> 25);
      x2 = (x2 + x7) | 0;
      t = x13 ^ x2;
      x13 = (t << 16) | (t >>> 16);
      x8 = (x8 + x13) | 0;
      t = x7 ^ x8;
      x7 = (t << 12) | (t >>> 20);
      x2 = (x2 + x7) | 0;
      t = x13 ^ x2;
      x13 = (t << 8) | (t >>> 24);
      x8 = (x8 + x13) | 0;
      t = x7 ^ x8;
      x7 = (t << 7) | (t >>> 25);
      x3 = (x3 + x4) | 0;
      t = x14 ^ x3;
      x14 = (t << 16) | (t >>> 16);
      x9 = (x9 + x14) | 0;
      t = x4 ^ x9;
      x4 = (t << 12) | (t >>> 20);
      x3 = (x3 + x4) | 0;
      t = x14 ^ x3;
      x14 = (t << 8) | (t >>> 24);
      x9 = (x9 + x14) | 0;
      t = x4 ^ x9;
      x4 = (t << 7) | (t >>> 25);
    }
    to.setInt32(d + 0, from.getInt32(s + 0, true) ^ ((x0 + j0) | 0), true);
    to.setInt32(d + 4, from.getInt32(s + 4, true) ^ ((x1 + j1) | 0), true);
    to.setInt32(d + 8, from.getInt32(s + 8, true) ^ ((x2 + j2) | 0), true);
    to.setInt32(d + 12, from.getInt32(s + 12, true) ^ ((x3 + j3) | 0), true);
    to.setInt32(d + 16, from.getInt32(s + 16, true) ^ ((x4 + j4) | 0), true);
    to.setInt32(d + 20, from.getInt32(s + 20, true) ^ ((x5 + j5) | 0), true);
    to.setInt32(d + 24, from.getInt32(s + 24, true) ^ ((x6 + j6) | 0), true);
    to.setInt32(d + 28, from.getInt32(s + 28, true) ^ ((x7 + j7) | 0), true);
    to.setInt32(d + 32, from.getInt32(s + 32, true) ^ ((x8 + j8) | 0), true);
    to.setInt32(d + 36, from.getInt32(s + 36, true) ^ ((x9 + j9) | 0), true);
    to.setInt32(d + 40, from.getInt32(s + 40, true) ^ ((x10 + j10) | 0), true);
    to.setInt32(d + 44, from.getInt32(s + 44, true) ^ ((x11 + j11) | 0), true);
    to.setInt32(d + 48, from.getInt32(s + 48, true) ^ ((x12 + j12) | 0), true);
    to.setInt32(d + 52, from.getInt32(s + 52, true) ^ ((x13 + j13) | 0), true);
    to.setInt32(d + 56, from.getInt32(s + 56, true) ^ ((x14 + j14) | 0), true);
    to.setInt32(d + 60, from.getInt32(s + 60, true) ^ ((x15 + j15) | 0), true);
    j12 = (j12 + 1) | 0;
  }
  state[12] = j12;
}

/**
 * The keystream block at `state`'s counter, which then advances. The
 * array is shared and overwritten by the next call: read it at once.
 */
export function keystreamBlock(state: Int32Array): Uint8Array {
  xorBlocks(state, ZEROS, 0, KEYSTREAM_VIEW, 0, 1);
  return KEYSTREAM;
}

/**
 * XORs `length` bytes of `src` from `srcOffset` with the keystream starting
 * at `state`'s counter into `dst` at `dstOffset`, and advances the counter
 * past the blocks used. `dst` may be `src` at the same offset (in place).
 */
export function chachaXor(
  state: Int32Array,
  src: Uint8Array,
  srcOffset: number,
  dst: Uint8Array,
  dstOffset: number,
  length: number,
): void {
  let s = srcOffset;
  let d = dstOffset;
  let left = length;
  if (left >= WORDWISE) {
    const whole = left >>> 6;
    const from = new DataView(src.buffer, src.byteOffset, src.byteLength);
    const to = dst === src ? from : new DataView(dst.buffer, dst.byteOffset, dst.byteLength);
    xorBlocks(state, from, s, to, d, whole);
    s += whole << 6;
    d += whole << 6;
    left -= whole << 6;
  }
  while (left > 0) {
    const ks = keystreamBlock(state);
    const n = left < 64 ? left : 64;
    for (let i = 0; i < n; i++) dst[d + i] = src[s + i] ^ ks[i];
    s += n;
    d += n;
    left -= n;
  }
}

/**
 * The 64-byte ChaCha20 keystream block for `key`, block `counter` and
 * `nonce` (RFC 8439 section 2.3).
 *
 * @throws {RangeError} when the key is not 32 bytes or the nonce not 12.
 *
 * @example RFC 8439 section 2.3.2's block
 * ```ts
 * import assert from "node:assert/strict";
 * import { chacha20Block } from "./chacha20.ts";
 *
 * const key = Uint8Array.from({ length: 32 }, (_, i) => i);
 * const nonce = new Uint8Array([0, 0, 0, 9, 0, 0, 0, 0x4a, 0, 0, 0, 0]);
 * const block = chacha20Block(key, 1, nonce);
 * assert.deepEqual(block.subarray(0, 4), new Uint8Array([0x10, 0xf1, 0xe7, 0xe4]));
 * ```
 */
export function chacha20Block(
  key: Uint8Array,
  counter: number,
  nonce: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const state = chachaState(key);
  setNonce(state, counter, nonce);
  return keystreamBlock(state).slice();
}

/**
 * `data` XORed with the ChaCha20 keystream for `key` and `nonce` from block
 * `counter` on (RFC 8439 section 2.4): encryption and decryption alike.
 *
 * @throws {RangeError} when the key is not 32 bytes or the nonce not 12.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chacha20 } from "./chacha20.ts";
 *
 * const key = new Uint8Array(32);
 * const nonce = new Uint8Array(12);
 * // Zeros encrypt to the keystream itself.
 * const stream = chacha20(key, 0, nonce, new Uint8Array(4));
 * assert.deepEqual(stream, new Uint8Array([0x76, 0xb8, 0xe0, 0xad]));
 * ```
 */
export function chacha20(
  key: Uint8Array,
  counter: number,
  nonce: Uint8Array,
  data: Uint8Array,
): Uint8Array<ArrayBuffer> {
  const state = chachaState(key);
  setNonce(state, counter, nonce);
  const out = new Uint8Array(data.length);
  chachaXor(state, data, 0, out, 0, data.length);
  return out;
}
