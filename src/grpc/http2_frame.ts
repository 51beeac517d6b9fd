/**
 * HTTP/2 framing (RFC 9113 section 4): the 9-byte frame header, frame types,
 * flags, error codes and settings, and a reader that cuts a byte stream into
 * frames without copying more than it must.
 *
 * @module
 */

/**
 * Frame types.
 */
export const FrameType = {
  DATA: 0,
  HEADERS: 1,
  PRIORITY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PUSH_PROMISE: 5,
  PING: 6,
  GOAWAY: 7,
  WINDOW_UPDATE: 8,
  CONTINUATION: 9,
} as const;

/**
 * Frame flags (END_STREAM and ACK share a bit; which applies depends on the type).
 */
export const FrameFlag = {
  END_STREAM: 0x1,
  ACK: 0x1,
  END_HEADERS: 0x4,
  PADDED: 0x8,
  PRIORITY: 0x20,
} as const;

/**
 * Error codes for RST_STREAM and GOAWAY.
 */
export const H2Error = {
  NO_ERROR: 0,
  PROTOCOL_ERROR: 1,
  INTERNAL_ERROR: 2,
  FLOW_CONTROL_ERROR: 3,
  STREAM_CLOSED: 5,
  FRAME_SIZE_ERROR: 6,
  REFUSED_STREAM: 7,
  CANCEL: 8,
  COMPRESSION_ERROR: 9,
  ENHANCE_YOUR_CALM: 11,
} as const;

/**
 * Settings identifiers.
 */
export const Setting = {
  HEADER_TABLE_SIZE: 1,
  ENABLE_PUSH: 2,
  MAX_CONCURRENT_STREAMS: 3,
  INITIAL_WINDOW_SIZE: 4,
  MAX_FRAME_SIZE: 5,
  MAX_HEADER_LIST_SIZE: 6,
} as const;

/** The client connection preface (RFC 9113 section 3.4). */
export const PREFACE: Uint8Array = new TextEncoder().encode("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

/**
 * One frame: header fields and its payload (a view into the read buffer).
 */
export interface Frame {
  readonly type: number;
  readonly flags: number;
  readonly streamId: number;
  readonly payload: Uint8Array;
}

/**
 * Serializes one frame.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeFrame, FrameType } from "./mod.ts";
 * const bytes = encodeFrame(FrameType.PING, 0, 0, new Uint8Array(8));
 * assert.equal(bytes.length, 17);
 * ```
 */
export function encodeFrame(
  type: number,
  flags: number,
  streamId: number,
  payload: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(9 + payload.byteLength);
  writeFrameHeader(out, 0, payload.byteLength, type, flags, streamId);
  out.set(payload, 9);
  return out;
}

/**
 * Writes a 9-byte frame header at `at`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeFrameHeader } from "./mod.ts";
 * const b = new Uint8Array(9);
 * writeFrameHeader(b, 0, 5, 0, 1, 3);
 * assert.equal(b[2], 5);
 * assert.equal(b[8], 3);
 * ```
 */
export function writeFrameHeader(
  out: Uint8Array,
  at: number,
  length: number,
  type: number,
  flags: number,
  streamId: number,
): void {
  out[at] = length >>> 16;
  out[at + 1] = (length >>> 8) & 0xff;
  out[at + 2] = length & 0xff;
  out[at + 3] = type;
  out[at + 4] = flags;
  out[at + 5] = (streamId >>> 24) & 0x7f;
  out[at + 6] = (streamId >>> 16) & 0xff;
  out[at + 7] = (streamId >>> 8) & 0xff;
  out[at + 8] = streamId & 0xff;
}

/**
 * A frame longer than allowed: the connection ends with FRAME_SIZE_ERROR.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { FrameSizeError } from "./mod.ts";
 * assert.ok(new FrameSizeError(1 << 20, 16384).message.includes("16384"));
 * ```
 */
export class FrameSizeError extends Error {
  /** Creates the error for a frame of `length` bytes against `max`. */
  constructor(length: number, max: number) {
    super(`frame of ${length} bytes exceeds the ${max}-byte maximum`);
    this.name = "FrameSizeError";
  }
}

/**
 * Cuts incoming bytes into frames. Feed chunks with {@link FrameReader.push};
 * take complete frames with {@link FrameReader.next}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeFrame, FrameReader } from "./mod.ts";
 * const r = new FrameReader(16384);
 * const f = encodeFrame(6, 0, 0, new Uint8Array(8));
 * r.push(f.subarray(0, 4));
 * assert.equal(r.next(), undefined);
 * r.push(f.subarray(4));
 * assert.equal(r.next()?.type, 6);
 * ```
 */
export class FrameReader {
  #buf: Uint8Array = new Uint8Array(0);
  #pos = 0;
  /** Largest payload accepted (our SETTINGS_MAX_FRAME_SIZE). */
  readonly maxPayload: number;

  /** Creates a reader accepting payloads up to `maxPayload` bytes. */
  constructor(maxPayload: number) {
    this.maxPayload = maxPayload;
  }

  /** Bytes received but not yet returned as frames. */
  get buffered(): number {
    return this.#buf.byteLength - this.#pos;
  }

  /** Appends received bytes. */
  push(chunk: Uint8Array): void {
    if (this.#pos === this.#buf.byteLength) {
      this.#buf = chunk;
      this.#pos = 0;
      return;
    }
    const rest = this.#buf.byteLength - this.#pos;
    const merged = new Uint8Array(rest + chunk.byteLength);
    merged.set(this.#buf.subarray(this.#pos), 0);
    merged.set(chunk, rest);
    this.#buf = merged;
    this.#pos = 0;
  }

  /** The bytes received and not yet taken, without consuming them. */
  peek(): Uint8Array {
    return this.#buf.subarray(this.#pos);
  }

  /** Takes `n` raw bytes (the connection preface), or undefined if not all here yet. */
  take(n: number): Uint8Array | undefined {
    if (this.buffered < n) return undefined;
    const out = this.#buf.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }

  /** The next complete frame, or undefined until more bytes arrive. */
  next(): Frame | undefined {
    const b = this.#buf;
    const p = this.#pos;
    if (b.byteLength - p < 9) return undefined;
    const length = (b[p] << 16) | (b[p + 1] << 8) | b[p + 2];
    if (length > this.maxPayload) throw new FrameSizeError(length, this.maxPayload);
    if (b.byteLength - p < 9 + length) return undefined;
    const frame: Frame = {
      type: b[p + 3],
      flags: b[p + 4],
      streamId: ((b[p + 5] & 0x7f) << 24 | (b[p + 6] << 16) | (b[p + 7] << 8) | b[p + 8]) >>> 0,
      payload: b.subarray(p + 9, p + 9 + length),
    };
    this.#pos = p + 9 + length;
    return frame;
  }
}
