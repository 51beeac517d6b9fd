/**
 * The ChaCha20-Poly1305 AEAD (RFC 8439 section 2.8), synchronous: the
 * record protection of TLS_CHACHA20_POLY1305_SHA256 (RFC 8446 section 5.2).
 * Every record of a connection is sealed or opened with it, so it keeps its
 * working state in the instance and allocates nothing beyond the result
 * (`sealInto` and `openInto` not even that).
 *
 * Opening checks the tag (in constant time) before decrypting anything, so
 * a forged record yields `undefined` and no plaintext.
 *
 * Constant time here means what JavaScript allows: no branch and no table
 * index depends on a key, a keystream or a tag, only on lengths. The JIT
 * compiles the same arithmetic whatever the values (32-bit integers and
 * doubles, never denormal), but it gives no guarantee the way a C
 * implementation's assembly can be audited.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { ChaCha20Poly1305 } from "./chacha20_poly1305.ts";
 *
 * const aead = new ChaCha20Poly1305(new Uint8Array(32).fill(0x42));
 * const nonce = new Uint8Array(12).fill(1);
 * const header = new Uint8Array([0x17, 0x03, 0x03, 0x00, 0x15]);
 * const sealed = aead.seal(nonce, new TextEncoder().encode("hello"), header);
 * assert.equal(sealed.length, 5 + 16);
 * assert.equal(new TextDecoder().decode(aead.open(nonce, sealed, header)), "hello");
 * sealed[0] ^= 1;
 * assert.equal(aead.open(nonce, sealed, header), undefined);
 * ```
 *
 * @module
 */

import { chachaState, chachaXor, keystreamBlock, setNonce } from "./chacha20.ts";
import { constantTimeEqualAt } from "./constant_time.ts";
import { Poly1305State } from "./poly1305.ts";

/** Length of the authentication tag appended to every sealed message. */
export const TAG_LENGTH = 16;

/**
 * ChaCha20-Poly1305 under one 32-byte key. Calls are synchronous and run
 * to completion, so one instance per traffic key serves a whole connection.
 *
 * A (key, nonce) pair must never seal two different messages; TLS 1.3 makes
 * each record's nonce from the IV and the record's sequence number.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ChaCha20Poly1305 } from "./chacha20_poly1305.ts";
 *
 * const aead = new ChaCha20Poly1305(new Uint8Array(32));
 * const nonce = new Uint8Array(12);
 * const aad = new Uint8Array(0);
 * const sealed = aead.seal(nonce, new Uint8Array([1, 2, 3]), aad);
 * assert.deepEqual(aead.open(nonce, sealed, aad), new Uint8Array([1, 2, 3]));
 * assert.equal(aead.open(new Uint8Array(12).fill(1), sealed, aad), undefined);
 * ```
 */
export class ChaCha20Poly1305 {
  #state: Int32Array;
  #mac = new Poly1305State();
  #keyWords = new Int32Array(8);
  #tag = new Uint8Array(TAG_LENGTH);

  /**
   * An AEAD under `key`.
   *
   * @throws {RangeError} when the key is not 32 bytes.
   */
  constructor(key: Uint8Array) {
    this.#state = chachaState(key, "ChaCha20Poly1305");
  }

  /**
   * `plaintext` encrypted, followed by the 16-byte tag over `aad` and the
   * ciphertext: a new array of `plaintext.length + 16` bytes.
   *
   * @throws {RangeError} when the nonce is not 12 bytes.
   */
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(plaintext.length + TAG_LENGTH);
    this.sealInto(nonce, plaintext, aad, out);
    return out;
  }

  /**
   * `seal` writing into `output` (at least `plaintext.length + 16` bytes)
   * instead of a new array; returns the bytes written. `output` may start
   * at the same byte as `plaintext` (sealing in place), which lets a TLS
   * record be built once as header, plaintext and room for the tag. Saves
   * the result's allocation: with `openInto`, 1.1x faster per 120-byte
   * record by best times and 1.2-1.65x by mean times, the garbage
   * collector's share (bench/README.md, "TLS record crypto").
   *
   * @throws {RangeError} when the nonce is not 12 bytes or `output` is too short.
   *
   * @example Seal a TLS record in place
   * ```ts
   * import assert from "node:assert/strict";
   * import { ChaCha20Poly1305 } from "./chacha20_poly1305.ts";
   *
   * const aead = new ChaCha20Poly1305(new Uint8Array(32).fill(5));
   * const nonce = new Uint8Array(12);
   * const body = new TextEncoder().encode("grpc frame");
   * const record = new Uint8Array(5 + body.length + 16);
   * record.set([0x17, 0x03, 0x03, 0, body.length + 16]);
   * record.set(body, 5);
   * const header = record.subarray(0, 5);
   * aead.sealInto(nonce, record.subarray(5, 5 + body.length), header, record.subarray(5));
   * assert.deepEqual(record.subarray(5), aead.seal(nonce, body, header));
   * ```
   */
  sealInto(
    nonce: Uint8Array,
    plaintext: Uint8Array,
    aad: Uint8Array,
    output: Uint8Array,
  ): number {
    const n = plaintext.length;
    if (output.length < n + TAG_LENGTH) {
      throw new RangeError(
        `ChaCha20Poly1305.sealInto: output must hold ${n + TAG_LENGTH} bytes ` +
          `(plaintext ${n} + tag ${TAG_LENGTH}), got ${output.length}`,
      );
    }
    this.#start(nonce, "ChaCha20Poly1305.sealInto");
    chachaXor(this.#state, plaintext, 0, output, 0, n);
    this.#authenticate(aad, output, n);
    this.#mac.tagInto(output, n);
    return n + TAG_LENGTH;
  }

  /**
   * The plaintext of `sealed` (ciphertext followed by its 16-byte tag), or
   * `undefined` when the tag does not verify for this key, `nonce` and
   * `aad`, or `sealed` is shorter than a tag.
   *
   * @throws {RangeError} when the nonce is not 12 bytes.
   */
  open(
    nonce: Uint8Array,
    sealed: Uint8Array,
    aad: Uint8Array,
  ): Uint8Array<ArrayBuffer> | undefined {
    const out = new Uint8Array(Math.max(0, sealed.length - TAG_LENGTH));
    return this.openInto(nonce, sealed, aad, out) === undefined ? undefined : out;
  }

  /**
   * `open` writing the plaintext into `output` (at least `sealed.length -
   * 16` bytes); returns its length, or `undefined` when the tag does not
   * verify (then `output` is untouched). `output` may start at the same byte
   * as `sealed` (opening in place).
   *
   * @throws {RangeError} when the nonce is not 12 bytes or `output` is too short.
   *
   * @example Open a record in its receive buffer
   * ```ts
   * import assert from "node:assert/strict";
   * import { ChaCha20Poly1305 } from "./chacha20_poly1305.ts";
   *
   * const aead = new ChaCha20Poly1305(new Uint8Array(32).fill(5));
   * const nonce = new Uint8Array(12);
   * const aad = new Uint8Array([0x17, 0x03, 0x03, 0x00, 0x13]);
   * const received = aead.seal(nonce, new Uint8Array([1, 2, 3]), aad);
   * const n = aead.openInto(nonce, received, aad, received);
   * assert.equal(n, 3);
   * assert.deepEqual(received.subarray(0, 3), new Uint8Array([1, 2, 3]));
   * ```
   */
  openInto(
    nonce: Uint8Array,
    sealed: Uint8Array,
    aad: Uint8Array,
    output: Uint8Array,
  ): number | undefined {
    this.#start(nonce, "ChaCha20Poly1305.openInto");
    if (sealed.length < TAG_LENGTH) return undefined;
    const n = sealed.length - TAG_LENGTH;
    if (output.length < n) {
      throw new RangeError(
        `ChaCha20Poly1305.openInto: output must hold ${n} bytes ` +
          `(sealed ${sealed.length} - tag ${TAG_LENGTH}), got ${output.length}`,
      );
    }
    this.#authenticate(aad, sealed, n);
    const tag = this.#tag;
    this.#mac.tagInto(tag, 0);
    if (!constantTimeEqualAt(tag, 0, sealed, n, TAG_LENGTH)) return undefined;
    chachaXor(this.#state, sealed, 0, output, 0, n);
    return n;
  }

  /**
   * Sets the nonce and keys Poly1305 with the first 32 bytes of keystream
   * block 0; leaves the counter at 1 for the message (RFC 8439 2.6, 2.8).
   */
  #start(nonce: Uint8Array, owner: string): void {
    const state = this.#state;
    setNonce(state, 0, nonce, owner);
    const block = keystreamBlock(state); // block 0; the counter moves on to 1
    const w = this.#keyWords;
    for (let i = 0; i < 8; i++) {
      const j = 4 * i;
      w[i] = block[j] | (block[j + 1] << 8) | (block[j + 2] << 16) | (block[j + 3] << 24);
    }
    this.#mac.keyWords(w);
  }

  /** MACs aad || pad || ciphertext[0..n) || pad || lengths. */
  #authenticate(aad: Uint8Array, ciphertext: Uint8Array, n: number): void {
    const mac = this.#mac;
    mac.padded(aad, 0, aad.length);
    mac.padded(ciphertext, 0, n);
    mac.lengths(aad.length, n);
  }
}
