/**
 * The Poly1305 one-time authenticator (RFC 8439 section 2.5): the MAC half
 * of TLS_CHACHA20_POLY1305_SHA256.
 *
 * Arithmetic modulo 2^130 - 5 is done on ten 13-bit limbs. Products of two
 * limbs (the second times 5 at most) stay under 2^30 and a row of ten sums
 * under 2^34, so every intermediate is an exact integer in a JavaScript
 * number: no BigInt (slow, and not constant time) and no branches on the
 * data. The final reduction picks between h and h - p with a mask.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { Poly1305 } from "./poly1305.ts";
 *
 * // RFC 8439 section 2.5.2.
 * const hex = (s: string) => Uint8Array.from(s.match(/../g)!, (b) => parseInt(b, 16));
 * const key = hex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
 * const tag = new Poly1305(key)
 *   .update(new TextEncoder().encode("Cryptographic Forum Research Group"))
 *   .digest();
 * assert.deepEqual(tag, hex("a8061dc1305136c6c22b8baf0c0127a9"));
 * ```
 *
 * @module
 */

/** Little-endian 32-bit word of `b` at `i`. */
function word(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
}

/** 2^-13: a limb's carry is its value times this, truncated (exact: a power of two). */
const CARRY = 1 / 8192;

/**
 * The running state of one Poly1305 computation: accumulator h, clamped
 * key half r (as 13-bit limbs) and the key half s added at the end. The
 * AEAD reuses one per instance, re-keyed for every record.
 */
export class Poly1305State {
  /** Accumulator limbs. */
  readonly h: Int32Array = new Int32Array(10);
  /** Clamped r limbs. */
  readonly r: Int32Array = new Int32Array(10);
  /** s as four little-endian words. */
  readonly s: Int32Array = new Int32Array(4);
  /** Zero-padded last block (shared per state so no call allocates). */
  readonly tail: Uint8Array = new Uint8Array(16);

  /**
   * Starts a computation under the one-time key given as eight
   * little-endian words (r's four, then s's four), e.g. a ChaCha20 block.
   */
  keyWords(k0: number, k1: number, k2: number, k3: number, s: ArrayLike<number>): void {
    // Clamping (RFC 8439 2.5.1): r &= 0x0ffffffc0ffffffc0ffffffc0fffffff.
    const w0 = k0 & 0x0fffffff, w1 = k1 & 0x0ffffffc;
    const w2 = k2 & 0x0ffffffc, w3 = k3 & 0x0ffffffc;
    const r = this.r;
    r[0] = w0 & 0x1fff;
    r[1] = (w0 >>> 13) & 0x1fff;
    r[2] = ((w0 >>> 26) | (w1 << 6)) & 0x1fff;
    r[3] = (w1 >>> 7) & 0x1fff;
    r[4] = ((w1 >>> 20) | (w2 << 12)) & 0x1fff;
    r[5] = (w2 >>> 1) & 0x1fff;
    r[6] = (w2 >>> 14) & 0x1fff;
    r[7] = ((w2 >>> 27) | (w3 << 5)) & 0x1fff;
    r[8] = (w3 >>> 8) & 0x1fff;
    r[9] = w3 >>> 21;
    this.s[0] = s[0];
    this.s[1] = s[1];
    this.s[2] = s[2];
    this.s[3] = s[3];
    this.h.fill(0);
  }

  /**
   * Absorbs the 16-byte blocks of `m` from `offset` to `end` (a multiple of
   * 16 bytes past `offset`); `full` is 1 for whole message blocks (they
   * get the 2^128 bit) and 0 for RFC 8439's padded last partial block,
   * which carries its own 0x01 byte instead.
   */
  blocks(m: Uint8Array, offset: number, end: number, full = 1): void {
    const hibit = full << 11;
    const r = this.r, hh = this.h;
    const r0 = r[0], r1 = r[1], r2 = r[2], r3 = r[3], r4 = r[4];
    const r5 = r[5], r6 = r[6], r7 = r[7], r8 = r[8], r9 = r[9];
    // r_j * 5: a product term past limb 9 wraps around as 2^130 = 5 (mod p).
    const s1 = r1 * 5, s2 = r2 * 5, s3 = r3 * 5, s4 = r4 * 5, s5 = r5 * 5;
    const s6 = r6 * 5, s7 = r7 * 5, s8 = r8 * 5, s9 = r9 * 5;
    let h0 = hh[0], h1 = hh[1], h2 = hh[2], h3 = hh[3], h4 = hh[4];
    let h5 = hh[5], h6 = hh[6], h7 = hh[7], h8 = hh[8], h9 = hh[9];
    for (let p = offset; p < end; p += 16) {
      const w0 = word(m, p), w1 = word(m, p + 4), w2 = word(m, p + 8), w3 = word(m, p + 12);
      h0 += w0 & 0x1fff;
      h1 += (w0 >>> 13) & 0x1fff;
      h2 += ((w0 >>> 26) | (w1 << 6)) & 0x1fff;
      h3 += (w1 >>> 7) & 0x1fff;
      h4 += ((w1 >>> 20) | (w2 << 12)) & 0x1fff;
      h5 += (w2 >>> 1) & 0x1fff;
      h6 += (w2 >>> 14) & 0x1fff;
      h7 += ((w2 >>> 27) | (w3 << 5)) & 0x1fff;
      h8 += (w3 >>> 8) & 0x1fff;
      h9 += (w3 >>> 21) | hibit;

      const d0 = h0 * r0 + h1 * s9 + h2 * s8 + h3 * s7 + h4 * s6 + h5 * s5 + h6 * s4 + h7 * s3 +
        h8 * s2 + h9 * s1;
      let d1 = h0 * r1 + h1 * r0 + h2 * s9 + h3 * s8 + h4 * s7 + h5 * s6 + h6 * s5 + h7 * s4 +
        h8 * s3 + h9 * s2;
      let d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s9 + h4 * s8 + h5 * s7 + h6 * s6 + h7 * s5 +
        h8 * s4 + h9 * s3;
      let d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s9 + h5 * s8 + h6 * s7 + h7 * s6 +
        h8 * s5 + h9 * s4;
      let d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0 + h5 * s9 + h6 * s8 + h7 * s7 +
        h8 * s6 + h9 * s5;
      let d5 = h0 * r5 + h1 * r4 + h2 * r3 + h3 * r2 + h4 * r1 + h5 * r0 + h6 * s9 + h7 * s8 +
        h8 * s7 + h9 * s6;
      let d6 = h0 * r6 + h1 * r5 + h2 * r4 + h3 * r3 + h4 * r2 + h5 * r1 + h6 * r0 + h7 * s9 +
        h8 * s8 + h9 * s7;
      let d7 = h0 * r7 + h1 * r6 + h2 * r5 + h3 * r4 + h4 * r3 + h5 * r2 + h6 * r1 + h7 * r0 +
        h8 * s9 + h9 * s8;
      let d8 = h0 * r8 + h1 * r7 + h2 * r6 + h3 * r5 + h4 * r4 + h5 * r3 + h6 * r2 + h7 * r1 +
        h8 * r0 + h9 * s9;
      let d9 = h0 * r9 + h1 * r8 + h2 * r7 + h3 * r6 + h4 * r5 + h5 * r4 + h6 * r3 + h7 * r2 +
        h8 * r1 + h9 * r0;

      // Carry each limb into the next (ToInt32 keeps the low 13 bits
      // exactly), and limb 9's carry times 5 into limb 0.
      let c = (d0 * CARRY) | 0;
      h0 = d0 & 0x1fff;
      d1 += c;
      c = (d1 * CARRY) | 0;
      h1 = d1 & 0x1fff;
      d2 += c;
      c = (d2 * CARRY) | 0;
      h2 = d2 & 0x1fff;
      d3 += c;
      c = (d3 * CARRY) | 0;
      h3 = d3 & 0x1fff;
      d4 += c;
      c = (d4 * CARRY) | 0;
      h4 = d4 & 0x1fff;
      d5 += c;
      c = (d5 * CARRY) | 0;
      h5 = d5 & 0x1fff;
      d6 += c;
      c = (d6 * CARRY) | 0;
      h6 = d6 & 0x1fff;
      d7 += c;
      c = (d7 * CARRY) | 0;
      h7 = d7 & 0x1fff;
      d8 += c;
      c = (d8 * CARRY) | 0;
      h8 = d8 & 0x1fff;
      d9 += c;
      c = (d9 * CARRY) | 0;
      h9 = d9 & 0x1fff;
      h0 += c * 5;
      c = h0 >>> 13;
      h0 &= 0x1fff;
      h1 += c;
    }
    hh[0] = h0;
    hh[1] = h1;
    hh[2] = h2;
    hh[3] = h3;
    hh[4] = h4;
    hh[5] = h5;
    hh[6] = h6;
    hh[7] = h7;
    hh[8] = h8;
    hh[9] = h9;
  }

  /**
   * Absorbs `length` bytes of `m` from `offset`, then zeros up to the next
   * multiple of 16, as the AEAD construction pads its AAD and ciphertext
   * (RFC 8439 2.8): every block, the padded one too, is a full block.
   */
  padded(m: Uint8Array, offset: number, length: number): void {
    const whole = length & ~15;
    if (whole > 0) this.blocks(m, offset, offset + whole);
    const rest = length - whole;
    if (rest > 0) {
      const tail = this.tail;
      tail.fill(0);
      for (let i = 0; i < rest; i++) tail[i] = m[offset + whole + i];
      this.blocks(tail, 0, 16);
    }
  }

  /** Absorbs the AEAD's last block: AAD and ciphertext lengths, 64-bit little-endian. */
  lengths(aadLength: number, textLength: number): void {
    const tail = this.tail;
    tail.fill(0);
    for (let i = 0, a = aadLength, t = textLength; i < 6; i++) {
      tail[i] = a % 256;
      tail[8 + i] = t % 256;
      a = Math.floor(a / 256);
      t = Math.floor(t / 256);
    }
    this.blocks(tail, 0, 16);
  }

  /** Writes the 16-byte tag, (h mod p) + s mod 2^128, into `out` at `offset`. */
  tagInto(out: Uint8Array, offset: number): void {
    const hh = this.h;
    let h0 = hh[0], h1 = hh[1], h2 = hh[2], h3 = hh[3], h4 = hh[4];
    let h5 = hh[5], h6 = hh[6], h7 = hh[7], h8 = hh[8], h9 = hh[9];
    // Two full carry passes leave every limb under 2^13 and h under 2^130.
    for (let pass = 0; pass < 2; pass++) {
      h1 += h0 >>> 13;
      h0 &= 0x1fff;
      h2 += h1 >>> 13;
      h1 &= 0x1fff;
      h3 += h2 >>> 13;
      h2 &= 0x1fff;
      h4 += h3 >>> 13;
      h3 &= 0x1fff;
      h5 += h4 >>> 13;
      h4 &= 0x1fff;
      h6 += h5 >>> 13;
      h5 &= 0x1fff;
      h7 += h6 >>> 13;
      h6 &= 0x1fff;
      h8 += h7 >>> 13;
      h7 &= 0x1fff;
      h9 += h8 >>> 13;
      h8 &= 0x1fff;
      h0 += (h9 >>> 13) * 5;
      h9 &= 0x1fff;
    }
    // g = h + 5 - 2^130: its carry out of bit 130 says h >= p. Take g then.
    let g0 = h0 + 5;
    let g1 = h1 + (g0 >>> 13);
    g0 &= 0x1fff;
    let g2 = h2 + (g1 >>> 13);
    g1 &= 0x1fff;
    let g3 = h3 + (g2 >>> 13);
    g2 &= 0x1fff;
    let g4 = h4 + (g3 >>> 13);
    g3 &= 0x1fff;
    let g5 = h5 + (g4 >>> 13);
    g4 &= 0x1fff;
    let g6 = h6 + (g5 >>> 13);
    g5 &= 0x1fff;
    let g7 = h7 + (g6 >>> 13);
    g6 &= 0x1fff;
    let g8 = h8 + (g7 >>> 13);
    g7 &= 0x1fff;
    let g9 = h9 + (g8 >>> 13);
    g8 &= 0x1fff;
    const useG = -(g9 >>> 13); // all ones when h >= p, else zero
    g9 &= 0x1fff;
    const useH = ~useG;
    h0 = (h0 & useH) | (g0 & useG);
    h1 = (h1 & useH) | (g1 & useG);
    h2 = (h2 & useH) | (g2 & useG);
    h3 = (h3 & useH) | (g3 & useG);
    h4 = (h4 & useH) | (g4 & useG);
    h5 = (h5 & useH) | (g5 & useG);
    h6 = (h6 & useH) | (g6 & useG);
    h7 = (h7 & useH) | (g7 & useG);
    h8 = (h8 & useH) | (g8 & useG);
    h9 = (h9 & useH) | (g9 & useG);
    // The low 128 bits as four words, plus s, carrying between words.
    const s = this.s;
    const w0 = h0 | (h1 << 13) | (h2 << 26);
    const w1 = (h2 >>> 6) | (h3 << 7) | (h4 << 20);
    const w2 = (h4 >>> 12) | (h5 << 1) | (h6 << 14) | (h7 << 27);
    const w3 = (h7 >>> 5) | (h8 << 8) | (h9 << 21);
    let f = (w0 >>> 0) + (s[0] >>> 0);
    const t0 = f >>> 0;
    f = (w1 >>> 0) + (s[1] >>> 0) + (f - t0) / 4294967296;
    const t1 = f >>> 0;
    f = (w2 >>> 0) + (s[2] >>> 0) + (f - t1) / 4294967296;
    const t2 = f >>> 0;
    f = (w3 >>> 0) + (s[3] >>> 0) + (f - t2) / 4294967296;
    const t3 = f >>> 0;
    const words = [t0, t1, t2, t3];
    for (let i = 0; i < 4; i++) {
      const v = words[i];
      out[offset + 4 * i] = v;
      out[offset + 4 * i + 1] = v >>> 8;
      out[offset + 4 * i + 2] = v >>> 16;
      out[offset + 4 * i + 3] = v >>> 24;
    }
  }
}

/**
 * Poly1305 over a message given in pieces, under a 32-byte one-time key
 * (r then s). A key must never authenticate two messages: the AEAD derives
 * a fresh one per record from ChaCha20.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Poly1305 } from "./poly1305.ts";
 *
 * const key = new Uint8Array(32).fill(0x11);
 * const message = new Uint8Array(40).fill(0x22);
 * const whole = new Poly1305(key).update(message).digest();
 * const pieces = new Poly1305(key).update(message.subarray(0, 7)).update(message.subarray(7))
 *   .digest();
 * assert.deepEqual(pieces, whole);
 * ```
 */
export class Poly1305 {
  #state = new Poly1305State();
  #buffer = new Uint8Array(16);
  #buffered = 0;
  #done = false;

  /**
   * Starts a MAC under `key`.
   *
   * @throws {RangeError} when the key is not 32 bytes.
   */
  constructor(key: Uint8Array) {
    if (key.length !== 32) {
      throw new RangeError(`Poly1305: key must be 32 bytes, got ${key.length}`);
    }
    const s = [word(key, 16), word(key, 20), word(key, 24), word(key, 28)];
    this.#state.keyWords(word(key, 0), word(key, 4), word(key, 8), word(key, 12), s);
  }

  /** Adds `data` to the message; returns the MAC for chaining. */
  update(data: Uint8Array): this {
    if (this.#done) throw new Error("Poly1305: update after digest (the key is one-time)");
    let offset = 0;
    const n = data.length;
    if (this.#buffered > 0) {
      const take = Math.min(16 - this.#buffered, n);
      this.#buffer.set(data.subarray(0, take), this.#buffered);
      this.#buffered += take;
      offset = take;
      if (this.#buffered < 16) return this;
      this.#state.blocks(this.#buffer, 0, 16);
      this.#buffered = 0;
    }
    const whole = offset + ((n - offset) & ~15);
    if (whole > offset) this.#state.blocks(data, offset, whole);
    if (whole < n) {
      this.#buffer.set(data.subarray(whole), 0);
      this.#buffered = n - whole;
    }
    return this;
  }

  /** The 16-byte tag. The MAC is finished: a key authenticates one message. */
  digest(): Uint8Array {
    if (this.#done) throw new Error("Poly1305: digest called twice (the key is one-time)");
    this.#done = true;
    if (this.#buffered > 0) {
      // A short last block gets a 0x01 byte after it and no 2^128 bit.
      const last = this.#buffer;
      last[this.#buffered] = 1;
      last.fill(0, this.#buffered + 1);
      this.#state.blocks(last, 0, 16, 0);
    }
    const tag = new Uint8Array(16);
    this.#state.tagInto(tag, 0);
    return tag;
  }
}
