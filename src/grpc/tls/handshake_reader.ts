/**
 * Handshake messages out of record fragments (RFC 8446, section 5.1): a
 * message may be split across records and a record may hold several. The
 * bytes held for messages not yet whole are bounded, so a client announcing
 * a 16 MiB message is refused at its header rather than buffered.
 *
 * @module
 */

import { AlertDescription, TlsAlert } from "./alert.ts";

/** Handshake bytes a client may have the server hold at once. */
export const MAX_HANDSHAKE_BUFFER = 64 * 1024;

/** One whole handshake message. */
export interface HandshakeFrame {
  /** The message type. */
  readonly type: number;
  /** The body, after the 4-byte header. */
  readonly body: Uint8Array;
  /** Header and body: what the transcript hashes. */
  readonly raw: Uint8Array;
}

/**
 * Reassembles handshake messages.
 *
 * @example A message split across two records
 * ```ts
 * import assert from "node:assert/strict";
 * import { HandshakeReader } from "./handshake_reader.ts";
 * const r = new HandshakeReader();
 * r.push(new Uint8Array([20, 0, 0, 2, 0xaa]));
 * assert.equal(r.next(), undefined);
 * r.push(new Uint8Array([0xbb]));
 * assert.deepEqual([...r.next()!.body], [0xaa, 0xbb]);
 * assert.ok(r.empty);
 * ```
 */
export class HandshakeReader {
  #buf: Uint8Array = new Uint8Array(0);
  readonly #max: number;

  /** A reader holding at most `maxBytes` of incomplete messages. */
  constructor(maxBytes = MAX_HANDSHAKE_BUFFER) {
    this.#max = maxBytes;
  }

  /** True when no partial message is held (keys may change only then). */
  get empty(): boolean {
    return this.#buf.length === 0;
  }

  /** Adds one record's fragment. */
  push(fragment: Uint8Array): void {
    const all = new Uint8Array(this.#buf.length + fragment.length);
    all.set(this.#buf);
    all.set(fragment, this.#buf.length);
    this.#buf = all;
    if (all.length >= 4) {
      const length = (all[1] << 16) | (all[2] << 8) | all[3];
      if (length + 4 > this.#max) {
        throw new TlsAlert(
          AlertDescription.unexpected_message,
          `handshake message of ${length} bytes; the server holds at most ${this.#max}`,
        );
      }
    }
    if (all.length > this.#max) {
      throw new TlsAlert(
        AlertDescription.unexpected_message,
        `over ${this.#max} bytes of handshake messages at once`,
      );
    }
  }

  /** The next whole message, or `undefined`. */
  next(): HandshakeFrame | undefined {
    const b = this.#buf;
    if (b.length < 4) return undefined;
    const length = (b[1] << 16) | (b[2] << 8) | b[3];
    if (length + 4 > this.#max) {
      throw new TlsAlert(
        AlertDescription.unexpected_message,
        `handshake message of ${length} bytes; the server holds at most ${this.#max}`,
      );
    }
    if (b.length < 4 + length) return undefined;
    const raw = b.slice(0, 4 + length);
    this.#buf = b.subarray(4 + length);
    return { type: raw[0], body: raw.subarray(4), raw };
  }
}
