/**
 * Reading the request messages of a bidirectional gRPC call off its HTTP/2
 * stream, one at a time, as they arrive. Unlike a unary request (see
 * `request_message.ts`), the call may carry any number of messages and
 * never needs to end, so nothing waits for the client's half-close: each
 * message is handed over as soon as its last byte is in. At most one
 * partial message is held, and it may not declare more than the method's
 * limit, so a call holds a bounded number of bytes however long it lives.
 *
 * @module
 */

import { GrpcError, GrpcStatus } from "./status.ts";

const PREFIX_BYTES = 5;

/** What a {@link MessageStream} needs from its call. */
export interface MessageStreamOptions {
  /** Largest message accepted, bytes. */
  readonly maxBytes: number;
  /** The call's `grpc-encoding` header, for the refusal of compressed messages. */
  readonly encoding: string | undefined;
  /** Tells flow control `n` received bytes were taken. */
  consume(n: number): void;
  /** One whole message. */
  message(bytes: Uint8Array): void;
  /** The stream cannot go on (a refused or truncated message); called once, nothing follows. */
  fail(error: GrpcError): void;
}

/**
 * The request side of one bidirectional call.
 *
 * @example Two messages in one chunk, then a third split across two
 * ```ts
 * import assert from "node:assert/strict";
 * import { MessageStream } from "./message_stream.ts";
 * const got: number[][] = [];
 * const s = new MessageStream({
 *   maxBytes: 16,
 *   encoding: undefined,
 *   consume: () => {},
 *   message: (m) => got.push([...m]),
 *   fail: (e) => assert.fail(e.message),
 * });
 * s.push(new Uint8Array([0, 0, 0, 0, 1, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
 * s.push(new Uint8Array([2, 8, 9]));
 * assert.deepEqual(got, [[7], [], [8, 9]]);
 * assert.equal(s.end(), undefined);
 * ```
 */
export class MessageStream {
  readonly #o: MessageStreamOptions;
  readonly #prefix = new Uint8Array(PREFIX_BYTES);
  #prefixAt = 0;
  #body: Uint8Array | undefined;
  #bodyAt = 0;
  #failed = false;

  /** Starts reading a call's messages. */
  constructor(options: MessageStreamOptions) {
    this.#o = options;
  }

  /** Bytes of the message being read (0 between messages). */
  get held(): number {
    return this.#prefixAt + this.#bodyAt;
  }

  /** Request body bytes from the stream; every byte is consumed at once. */
  push(chunk: Uint8Array): void {
    this.#o.consume(chunk.byteLength);
    let at = 0;
    while (at < chunk.byteLength && !this.#failed) {
      if (this.#body === undefined) {
        const n = Math.min(PREFIX_BYTES - this.#prefixAt, chunk.byteLength - at);
        this.#prefix.set(chunk.subarray(at, at + n), this.#prefixAt);
        this.#prefixAt += n;
        at += n;
        if (this.#prefixAt < PREFIX_BYTES) return;
        const p = this.#prefix;
        const length = (p[1] << 24 | p[2] << 16 | p[3] << 8 | p[4]) >>> 0;
        const refusal = this.#refusal(p[0], length);
        if (refusal !== undefined) return this.#fail(refusal);
        this.#body = new Uint8Array(length);
        this.#bodyAt = 0;
      }
      const body = this.#body;
      const n = Math.min(body.byteLength - this.#bodyAt, chunk.byteLength - at);
      body.set(chunk.subarray(at, at + n), this.#bodyAt);
      this.#bodyAt += n;
      at += n;
      if (this.#bodyAt === body.byteLength) {
        this.#body = undefined;
        this.#prefixAt = 0;
        this.#bodyAt = 0;
        this.#o.message(body);
      }
    }
  }

  /**
   * The client half-closed. Returns why that is wrong (it stopped inside a
   * message), or undefined.
   */
  end(): GrpcError | undefined {
    if (this.#failed || this.held === 0) return undefined;
    const error = new GrpcError(
      GrpcStatus.INTERNAL,
      `the request stream ended inside a message (${this.held} bytes of it received)`,
    );
    this.#fail(error);
    return error;
  }

  #refusal(flag: number, length: number): GrpcError | undefined {
    if (flag !== 0) {
      return new GrpcError(
        GrpcStatus.UNIMPLEMENTED,
        `compressed requests (grpc-encoding ${this.#o.encoding ?? "unknown"}) are not supported`,
      );
    }
    if (length > this.#o.maxBytes) {
      return new GrpcError(
        GrpcStatus.RESOURCE_EXHAUSTED,
        `request message of ${length} bytes is larger than the ${this.#o.maxBytes} bytes this method accepts`,
      );
    }
    return undefined;
  }

  #fail(error: GrpcError): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#body = undefined;
    this.#o.fail(error);
  }
}
