/**
 * SHA-256 (FIPS 180-4), synchronous, for the TLS 1.3 transcript hash and
 * key schedule. WebCrypto's digest is asynchronous and cannot hash a prefix
 * and keep going, which TLS needs: the transcript is hashed after
 * ServerHello, after the server Finished and after the client Finished, each
 * time over everything so far. `digest()` therefore leaves the hash usable.
 *
 * The compression function works on 32-bit integers only (no table lookups
 * indexed by data), so its timing does not depend on what it hashes.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { Sha256, sha256 } from "./sha256.ts";
 *
 * const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
 * const abc = new TextEncoder().encode("abc");
 * assert.equal(
 *   hex(sha256(abc)),
 *   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
 * );
 *
 * // A running transcript: digest in the middle, then keep adding.
 * const transcript = new Sha256().update(abc.subarray(0, 1));
 * const early = transcript.digest();
 * transcript.update(abc.subarray(1));
 * assert.deepEqual(early, sha256(abc.subarray(0, 1)));
 * assert.deepEqual(transcript.digest(), sha256(abc));
 * ```
 *
 * @module
 */

/** FIPS 180-4 section 4.2.2: the first 32 bits of the cube roots' fractions of the first 64 primes. */
const K = new Int32Array([
  0x428a2f98,
  0x71374491,
  0xb5c0fbcf,
  0xe9b5dba5,
  0x3956c25b,
  0x59f111f1,
  0x923f82a4,
  0xab1c5ed5,
  0xd807aa98,
  0x12835b01,
  0x243185be,
  0x550c7dc3,
  0x72be5d74,
  0x80deb1fe,
  0x9bdc06a7,
  0xc19bf174,
  0xe49b69c1,
  0xefbe4786,
  0x0fc19dc6,
  0x240ca1cc,
  0x2de92c6f,
  0x4a7484aa,
  0x5cb0a9dc,
  0x76f988da,
  0x983e5152,
  0xa831c66d,
  0xb00327c8,
  0xbf597fc7,
  0xc6e00bf3,
  0xd5a79147,
  0x06ca6351,
  0x14292967,
  0x27b70a85,
  0x2e1b2138,
  0x4d2c6dfc,
  0x53380d13,
  0x650a7354,
  0x766a0abb,
  0x81c2c92e,
  0x92722c85,
  0xa2bfe8a1,
  0xa81a664b,
  0xc24b8b70,
  0xc76c51a3,
  0xd192e819,
  0xd6990624,
  0xf40e3585,
  0x106aa070,
  0x19a4c116,
  0x1e376c08,
  0x2748774c,
  0x34b0bcb5,
  0x391c0cb3,
  0x4ed8aa4a,
  0x5b9cca4f,
  0x682e6ff3,
  0x748f82ee,
  0x78a5636f,
  0x84c87814,
  0x8cc70208,
  0x90befffa,
  0xa4506ceb,
  0xbef9a3f7,
  0xc67178f2,
]);

/** FIPS 180-4 section 5.3.3: the initial hash value. */
const INITIAL = new Int32Array([
  0x6a09e667,
  0xbb67ae85,
  0x3c6ef372,
  0xa54ff53a,
  0x510e527f,
  0x9b05688c,
  0x1f83d9ab,
  0x5be0cd19,
]);

/** The message schedule, shared: hashing is synchronous, so no two calls overlap. */
const W = new Int32Array(64);

/**
 * Runs the compression function over the 64-byte blocks of `data` from
 * `offset` to `end` (a multiple of 64 bytes past `offset`), updating `state`.
 */
function compress(state: Int32Array, data: Uint8Array, offset: number, end: number): void {
  const w = W;
  const k = K;
  let h0 = state[0], h1 = state[1], h2 = state[2], h3 = state[3];
  let h4 = state[4], h5 = state[5], h6 = state[6], h7 = state[7];
  for (let p = offset; p < end; p += 64) {
    for (let i = 0, j = p; i < 16; i++, j += 4) {
      w[i] = (data[j] << 24) | (data[j + 1] << 16) | (data[j + 2] << 8) | data[j + 3];
    }
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15];
      const b = w[i - 2];
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (s1 + w[i - 7] + s0 + w[i - 16]) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + k[i] + w[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  state[0] = h0;
  state[1] = h1;
  state[2] = h2;
  state[3] = h3;
  state[4] = h4;
  state[5] = h5;
  state[6] = h6;
  state[7] = h7;
}

/**
 * An incremental SHA-256 hash. `digest()` does not reset or finish it: more
 * `update`s may follow, and a later `digest()` covers everything so far.
 * `clone()` forks the hash, e.g. to hash a transcript with and without a
 * message.
 *
 * @example Hash in pieces
 * ```ts
 * import assert from "node:assert/strict";
 * import { Sha256, sha256 } from "./sha256.ts";
 *
 * const data = new TextEncoder().encode("hello, world");
 * const h = new Sha256().update(data.subarray(0, 5)).update(data.subarray(5));
 * assert.deepEqual(h.digest(), sha256(data));
 * ```
 */
export class Sha256 {
  #state = new Int32Array(INITIAL);
  /** Bytes not yet compressed (fewer than 64). */
  #block = new Uint8Array(64);
  #blockLength = 0;
  /** Bytes hashed so far; exact up to 2^53, far beyond any TLS transcript. */
  #length = 0;

  /** Adds `data` to the hash; returns the hash for chaining. */
  update(data: Uint8Array): this {
    const n = data.length;
    this.#length += n;
    let offset = 0;
    if (this.#blockLength > 0) {
      const take = Math.min(64 - this.#blockLength, n);
      this.#block.set(data.subarray(0, take), this.#blockLength);
      this.#blockLength += take;
      offset = take;
      if (this.#blockLength < 64) return this;
      compress(this.#state, this.#block, 0, 64);
      this.#blockLength = 0;
    }
    const whole = offset + ((n - offset) & ~63);
    if (whole > offset) compress(this.#state, data, offset, whole);
    if (whole < n) {
      this.#block.set(data.subarray(whole), 0);
      this.#blockLength = n - whole;
    }
    return this;
  }

  /**
   * The 32-byte hash of everything added so far. The hash stays usable:
   * later `update`s continue from where it was.
   */
  digest(): Uint8Array<ArrayBuffer> {
    const state = new Int32Array(this.#state);
    const used = this.#blockLength;
    // The padding: 0x80, zeros, then the length in bits as 64-bit big-endian.
    const tail = new Uint8Array(used < 56 ? 64 : 128);
    tail.set(this.#block.subarray(0, used));
    tail[used] = 0x80;
    const bits = this.#length * 8;
    const high = Math.floor(bits / 0x100000000);
    const end = tail.length;
    tail[end - 8] = high >>> 24;
    tail[end - 7] = high >>> 16;
    tail[end - 6] = high >>> 8;
    tail[end - 5] = high;
    tail[end - 4] = bits >>> 24;
    tail[end - 3] = bits >>> 16;
    tail[end - 2] = bits >>> 8;
    tail[end - 1] = bits;
    compress(state, tail, 0, end);
    const out = new Uint8Array(32);
    for (let i = 0; i < 8; i++) {
      const v = state[i];
      out[4 * i] = v >>> 24;
      out[4 * i + 1] = v >>> 16;
      out[4 * i + 2] = v >>> 8;
      out[4 * i + 3] = v;
    }
    return out;
  }

  /** An independent copy: updating one leaves the other unchanged. */
  clone(): Sha256 {
    const copy = new Sha256();
    copy.#state.set(this.#state);
    copy.#block.set(this.#block);
    copy.#blockLength = this.#blockLength;
    copy.#length = this.#length;
    return copy;
  }
}

/**
 * The SHA-256 hash (32 bytes) of `data`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sha256 } from "./sha256.ts";
 *
 * const empty = sha256(new Uint8Array(0));
 * assert.equal(empty[0], 0xe3); // e3b0c442...: the hash of nothing
 * assert.equal(empty.length, 32);
 * ```
 */
export function sha256(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Sha256().update(data).digest();
}
