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

/** Keystream of one block for a final partial block (shared: the cipher is synchronous). */
const PARTIAL = new Uint8Array(64);

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
 * The keystream block for `state`'s counter, as 16 words in `out`; the
 * counter is left as it was.
 */
export function chachaBlockWords(state: Int32Array, out: Int32Array): void {
  const j0 = state[0], j1 = state[1], j2 = state[2], j3 = state[3];
  const j4 = state[4], j5 = state[5], j6 = state[6], j7 = state[7];
  const j8 = state[8], j9 = state[9], j10 = state[10], j11 = state[11];
  const j12 = state[12], j13 = state[13], j14 = state[14], j15 = state[15];
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
  out[0] = (x0 + j0) | 0;
  out[1] = (x1 + j1) | 0;
  out[2] = (x2 + j2) | 0;
  out[3] = (x3 + j3) | 0;
  out[4] = (x4 + j4) | 0;
  out[5] = (x5 + j5) | 0;
  out[6] = (x6 + j6) | 0;
  out[7] = (x7 + j7) | 0;
  out[8] = (x8 + j8) | 0;
  out[9] = (x9 + j9) | 0;
  out[10] = (x10 + j10) | 0;
  out[11] = (x11 + j11) | 0;
  out[12] = (x12 + j12) | 0;
  out[13] = (x13 + j13) | 0;
  out[14] = (x14 + j14) | 0;
  out[15] = (x15 + j15) | 0;
}

/**
 * From this many bytes on, `chachaXor` reads and writes words through
 * DataViews; below it, making the two views costs more than they save.
 */
const WORDWISE = 256;

/** The keystream block's words, shared by `chachaXor` (the cipher is synchronous). */
const BLOCK = new Int32Array(16);

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
  const ks = BLOCK;
  let s = srcOffset;
  let d = dstOffset;
  let left = length;
  if (left >= WORDWISE) {
    // Whole blocks a word at a time through DataViews (any alignment,
    // little-endian on every platform): 16 loads and stores, not 64.
    const from = new DataView(src.buffer, src.byteOffset, src.byteLength);
    const to = dst === src ? from : new DataView(dst.buffer, dst.byteOffset, dst.byteLength);
    while (left >= 64) {
      chachaBlockWords(state, ks);
      state[12] = (state[12] + 1) | 0;
      for (let i = 0; i < 16; i++, s += 4, d += 4) {
        to.setInt32(d, from.getInt32(s, true) ^ ks[i], true);
      }
      left -= 64;
    }
  }
  while (left >= 64) {
    chachaBlockWords(state, ks);
    state[12] = (state[12] + 1) | 0;
    for (let i = 0; i < 16; i++, s += 4, d += 4) {
      const k = ks[i];
      dst[d] = src[s] ^ k;
      dst[d + 1] = src[s + 1] ^ (k >>> 8);
      dst[d + 2] = src[s + 2] ^ (k >>> 16);
      dst[d + 3] = src[s + 3] ^ (k >>> 24);
    }
    left -= 64;
  }
  if (left > 0) {
    chachaBlockWords(state, ks);
    state[12] = (state[12] + 1) | 0;
    const bytes = PARTIAL;
    for (let i = 0; i < 16; i++) {
      const k = ks[i];
      bytes[4 * i] = k;
      bytes[4 * i + 1] = k >>> 8;
      bytes[4 * i + 2] = k >>> 16;
      bytes[4 * i + 3] = k >>> 24;
    }
    for (let i = 0; i < left; i++) dst[d + i] = src[s + i] ^ bytes[i];
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
  const words = new Int32Array(16);
  chachaBlockWords(state, words);
  const out = new Uint8Array(64);
  for (let i = 0; i < 16; i++) {
    const k = words[i];
    out[4 * i] = k;
    out[4 * i + 1] = k >>> 8;
    out[4 * i + 2] = k >>> 16;
    out[4 * i + 3] = k >>> 24;
  }
  return out;
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
