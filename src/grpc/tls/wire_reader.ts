/**
 * A bounds-checked cursor over TLS's wire encoding (RFC 8446, section 3):
 * big-endian integers and vectors with 1-, 2- or 3-byte length prefixes.
 * Every read past the end, or a vector that overruns its container, throws
 * a `decode_error` alert naming the field, so a malformed message is never
 * read from the bytes after it.
 *
 * @module
 */

import { AlertDescription, TlsAlert } from "./alert.ts";

/**
 * Reads fields from `bytes` in order.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { WireReader } from "./wire_reader.ts";
 * const r = new WireReader(new Uint8Array([0x03, 0x04, 0x02, 0xaa, 0xbb]), "test");
 * assert.equal(r.u16("version"), 0x0304);
 * assert.deepEqual([...r.vector(1, "payload")], [0xaa, 0xbb]);
 * r.end();
 * assert.throws(() => r.u8("past the end"), /decode_error/);
 * ```
 */
export class WireReader {
  readonly #bytes: Uint8Array;
  readonly #what: string;
  #at = 0;

  /** A reader over `bytes`; `what` names the structure in diagnostics. */
  constructor(bytes: Uint8Array, what: string) {
    this.#bytes = bytes;
    this.#what = what;
  }

  /** Bytes not yet read. */
  get remaining(): number {
    return this.#bytes.length - this.#at;
  }

  #need(n: number, field: string): void {
    if (this.remaining < n) {
      throw new TlsAlert(
        AlertDescription.decode_error,
        `${this.#what}: ${field} needs ${n} bytes, ${this.remaining} left`,
      );
    }
  }

  /** One byte. */
  u8(field: string): number {
    this.#need(1, field);
    return this.#bytes[this.#at++];
  }

  /** A 16-bit integer. */
  u16(field: string): number {
    this.#need(2, field);
    const v = (this.#bytes[this.#at] << 8) | this.#bytes[this.#at + 1];
    this.#at += 2;
    return v;
  }

  /** A 24-bit integer. */
  u24(field: string): number {
    this.#need(3, field);
    const b = this.#bytes;
    const v = (b[this.#at] << 16) | (b[this.#at + 1] << 8) | b[this.#at + 2];
    this.#at += 3;
    return v;
  }

  /** `n` bytes (a view, not a copy). */
  bytes(n: number, field: string): Uint8Array {
    this.#need(n, field);
    const v = this.#bytes.subarray(this.#at, this.#at + n);
    this.#at += n;
    return v;
  }

  /** A vector with a `lengthBytes`-byte length prefix. */
  vector(lengthBytes: 1 | 2 | 3, field: string): Uint8Array {
    const n = lengthBytes === 1
      ? this.u8(field)
      : lengthBytes === 2
      ? this.u16(field)
      : this.u24(field);
    return this.bytes(n, field);
  }

  /** Fails unless every byte was read: trailing bytes are a malformed message. */
  end(): void {
    if (this.remaining !== 0) {
      throw new TlsAlert(
        AlertDescription.decode_error,
        `${this.#what}: ${this.remaining} bytes after its last field`,
      );
    }
  }
}

/**
 * Builds wire encodings: fields appended in order, vectors closed with
 * their length once their content is written.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { WireWriter } from "./wire_reader.ts";
 * const w = new WireWriter();
 * w.u16(0x0304);
 * w.vector(1, (v) => v.bytes(new Uint8Array([0xaa])));
 * assert.deepEqual([...w.finish()], [0x03, 0x04, 0x01, 0xaa]);
 * ```
 */
export class WireWriter {
  #buf = new Uint8Array(256);
  #at = 0;

  #room(n: number): void {
    if (this.#at + n <= this.#buf.length) return;
    const next = new Uint8Array(Math.max(this.#buf.length * 2, this.#at + n));
    next.set(this.#buf.subarray(0, this.#at));
    this.#buf = next;
  }

  /** Appends one byte. */
  u8(v: number): this {
    this.#room(1);
    this.#buf[this.#at++] = v;
    return this;
  }

  /** Appends a 16-bit integer. */
  u16(v: number): this {
    this.#room(2);
    this.#buf[this.#at++] = v >> 8;
    this.#buf[this.#at++] = v & 0xff;
    return this;
  }

  /** Appends a 24-bit integer. */
  u24(v: number): this {
    this.#room(3);
    this.#buf[this.#at++] = v >> 16;
    this.#buf[this.#at++] = (v >> 8) & 0xff;
    this.#buf[this.#at++] = v & 0xff;
    return this;
  }

  /** Appends bytes as they are. */
  bytes(v: Uint8Array): this {
    this.#room(v.length);
    this.#buf.set(v, this.#at);
    this.#at += v.length;
    return this;
  }

  /** Appends a vector: a `lengthBytes`-byte length, then what `body` writes. */
  vector(lengthBytes: 1 | 2 | 3, body: (w: this) => void): this {
    this.#room(lengthBytes);
    const start = this.#at;
    this.#at += lengthBytes;
    body(this);
    const n = this.#at - start - lengthBytes;
    for (let i = lengthBytes - 1, v = n; i >= 0; i--, v = Math.floor(v / 256)) {
      this.#buf[start + i] = v & 0xff;
    }
    return this;
  }

  /** The bytes written (a copy). */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#at);
  }
}
