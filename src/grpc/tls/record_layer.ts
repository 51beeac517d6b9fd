/**
 * TLS 1.3 records (RFC 8446, section 5): reading the 5-byte-headed records
 * out of a byte stream, and protecting them with an AEAD under one traffic
 * key (per-record nonce: the IV XOR the 64-bit sequence number; inner
 * content type and zero padding inside the ciphertext).
 *
 * Limits are checked before anything is buffered or decrypted: a record
 * longer than 2^14 + 256 bytes (ciphertext) or 2^14 (plaintext) is a
 * `record_overflow` alert, so a peer can make the server hold at most one
 * record's worth of bytes.
 *
 * @module
 */

import { AlertDescription, TlsAlert } from "./alert.ts";

/** Record content types. */
export const ContentType = {
  change_cipher_spec: 20,
  alert: 21,
  handshake: 22,
  application_data: 23,
} as const;

/** Largest plaintext fragment of a record. */
export const MAX_PLAINTEXT = 16384;
/** Largest protected record body: plaintext, type byte, padding and tag. */
export const MAX_CIPHERTEXT = MAX_PLAINTEXT + 256;

/** One record as read from the wire. */
export interface Record {
  /** The outer content type. */
  readonly type: number;
  /** The 5-byte header (the AEAD's additional data for protected records). */
  readonly header: Uint8Array;
  /** The fragment (ciphertext for protected records). */
  readonly body: Uint8Array;
}

/**
 * Splits a byte stream into records.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { RecordReader } from "./record_layer.ts";
 * const r = new RecordReader();
 * r.push(new Uint8Array([22, 3, 1, 0, 2, 0xaa]));
 * assert.equal(r.next(), undefined); // one byte short
 * r.push(new Uint8Array([0xbb]));
 * assert.deepEqual([...r.next()!.body], [0xaa, 0xbb]);
 * ```
 */
export class RecordReader {
  #buf: Uint8Array = new Uint8Array(0);

  /** Bytes held that do not yet make a whole record. */
  get buffered(): number {
    return this.#buf.length;
  }

  /** Adds bytes read from the connection. */
  push(chunk: Uint8Array): void {
    if (this.#buf.length === 0) {
      this.#buf = chunk;
      return;
    }
    const all = new Uint8Array(this.#buf.length + chunk.length);
    all.set(this.#buf);
    all.set(chunk, this.#buf.length);
    this.#buf = all;
  }

  /**
   * Copies the bytes held for an incomplete record out of the chunk they
   * came in, so the reader's caller may reuse that chunk's buffer.
   */
  detach(): void {
    if (this.#buf.length > 0) this.#buf = this.#buf.slice();
  }

  /** The next whole record, or `undefined` until more bytes arrive. */
  next(): Record | undefined {
    const b = this.#buf;
    if (b.length < 5) return undefined;
    const type = b[0];
    if (type < ContentType.change_cipher_spec || type > ContentType.application_data) {
      throw new TlsAlert(
        AlertDescription.unexpected_message,
        `record of unknown content type ${type} (not TLS, or a stream out of step)`,
      );
    }
    if (b[1] !== 3) {
      throw new TlsAlert(
        AlertDescription.decode_error,
        `record version ${b[1]}.${b[2]} (not TLS, or a stream out of step)`,
      );
    }
    const length = (b[3] << 8) | b[4];
    if (length > MAX_CIPHERTEXT) {
      throw new TlsAlert(
        AlertDescription.record_overflow,
        `record of ${length} bytes; the limit is ${MAX_CIPHERTEXT}`,
      );
    }
    if (b.length < 5 + length) return undefined;
    const record = { type, header: b.subarray(0, 5), body: b.subarray(5, 5 + length) };
    this.#buf = b.subarray(5 + length);
    return record;
  }
}

/** An AEAD under one key (ChaCha20-Poly1305's shape: tag appended). */
export interface RecordAead {
  /**
   * Encrypts and authenticates `plaintext` into `output` (ciphertext then
   * tag; `output` may start at `plaintext`'s first byte); returns the length.
   */
  sealInto(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, output: Uint8Array): number;
  /**
   * Checks and decrypts `sealed` into `output` (which may be `sealed`
   * itself); the plaintext's length, or `undefined` when the tag does not match.
   */
  openInto(
    nonce: Uint8Array,
    sealed: Uint8Array,
    aad: Uint8Array,
    output: Uint8Array,
  ): number | undefined;
}

/** Bytes of an AEAD tag (both TLS 1.3 suites served use 16). */
const TAG_BYTES = 16;

/**
 * One direction's record protection: an AEAD key, its IV and the sequence
 * number of the next record.
 *
 * @example Sealing and opening one record
 * ```ts
 * import assert from "node:assert/strict";
 * import { RecordProtection, type RecordAead } from "./record_layer.ts";
 * // A stand-in AEAD (XOR with the nonce's last byte, a zero tag) to show the framing only.
 * const xor: RecordAead = {
 *   sealInto(n, p, _aad, out) {
 *     out.set(p.map((b) => b ^ n[11]));
 *     out.fill(0, p.length, p.length + 16);
 *     return p.length + 16;
 *   },
 *   openInto(n, s, _aad, out) {
 *     out.set(s.subarray(0, s.length - 16).map((b) => b ^ n[11]));
 *     return s.length - 16;
 *   },
 * };
 * const iv = new Uint8Array(12);
 * const record = new RecordProtection(xor, iv).seal(23, new Uint8Array([1, 2]));
 * assert.deepEqual([...record.subarray(0, 5)], [23, 3, 3, 0, 19]); // 2 + type + 16-byte tag
 * const opened = new RecordProtection(xor, iv).open(record.subarray(0, 5), record.subarray(5));
 * assert.deepEqual([opened.type, ...opened.content], [23, 1, 2]);
 * ```
 */
export class RecordProtection {
  readonly #aead: RecordAead;
  readonly #iv: Uint8Array;
  #seq = 0;

  /** Protection with `aead` and the 12-byte `iv`, from sequence number 0. */
  constructor(aead: RecordAead, iv: Uint8Array) {
    this.#aead = aead;
    this.#iv = iv;
  }

  #nonce(): Uint8Array {
    const nonce = this.#iv.slice();
    // The sequence number, big-endian in the last 8 bytes; 2^53 records
    // are beyond any connection's life, so a double holds it exactly.
    let seq = this.#seq++;
    for (let i = 11; i >= 4 && seq > 0; i--) {
      nonce[i] ^= seq % 256;
      seq = Math.floor(seq / 256);
    }
    return nonce;
  }

  /** One protected record of `content` (at most {@link MAX_PLAINTEXT} bytes). */
  seal(type: number, content: Uint8Array): Uint8Array {
    return this.sealRecords(type, content);
  }

  /**
   * `content` as protected records of at most {@link MAX_PLAINTEXT} bytes
   * each, sealed in place in one buffer (one write for the socket).
   */
  sealRecords(type: number, content: Uint8Array): Uint8Array {
    const count = Math.max(1, Math.ceil(content.length / MAX_PLAINTEXT));
    const out = new Uint8Array(content.length + count * (5 + 1 + TAG_BYTES));
    let at = 0;
    for (let i = 0; i < count; i++) {
      const chunk = content.subarray(i * MAX_PLAINTEXT, (i + 1) * MAX_PLAINTEXT);
      const length = chunk.length + 1 + TAG_BYTES;
      out.set([ContentType.application_data, 3, 3, length >> 8, length & 0xff], at);
      out.set(chunk, at + 5);
      out[at + 5 + chunk.length] = type;
      const header = out.subarray(at, at + 5);
      const body = out.subarray(at + 5, at + 5 + length);
      this.#aead.sealInto(this.#nonce(), body.subarray(0, chunk.length + 1), header, body);
      at += 5 + length;
    }
    return out;
  }

  /** Opens one protected record: its real content type and content. */
  open(header: Uint8Array, body: Uint8Array): { type: number; content: Uint8Array } {
    if (body.length < TAG_BYTES + 1) {
      throw new TlsAlert(AlertDescription.decode_error, `protected record of ${body.length} bytes`);
    }
    // Into an array of its own: the record's bytes sit in a read buffer that
    // is reused, and what HTTP/2 is handed it may keep.
    const inner = new Uint8Array(body.length - TAG_BYTES);
    const n = this.#aead.openInto(this.#nonce(), body, header, inner);
    if (n === undefined) {
      throw new TlsAlert(
        AlertDescription.bad_record_mac,
        "a record failed authentication (tampered, or keys out of step)",
      );
    }
    let end = inner.length - 1;
    while (end >= 0 && inner[end] === 0) end--;
    if (end < 0) {
      throw new TlsAlert(AlertDescription.unexpected_message, "a record with no content type");
    }
    if (end > MAX_PLAINTEXT) {
      throw new TlsAlert(
        AlertDescription.record_overflow,
        `record plaintext of ${end} bytes; the limit is ${MAX_PLAINTEXT}`,
      );
    }
    return { type: inner[end], content: inner.subarray(0, end) };
  }
}

/** An unprotected record (the ServerHello, alerts before keys, change_cipher_spec). */
export function plainRecord(type: number, content: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + content.length);
  out.set([type, 3, 3, content.length >> 8, content.length & 0xff]);
  out.set(content, 5);
  return out;
}
