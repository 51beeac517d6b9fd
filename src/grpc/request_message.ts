/**
 * Reading the one request message of a gRPC call off its HTTP/2 stream, and
 * deciding when its bytes count as taken. The 5-byte prefix is read first:
 * a compressed or oversized message is refused before its body arrives, and
 * the declared length is reserved from the connection's
 * {@link RequestBudget}. Only reserved bytes are consumed (which opens the
 * peer's flow-control windows); while a message waits for room its bytes stay
 * unconsumed, so the peer is held by flow control rather than buffered.
 *
 * @module
 */

import { GrpcError, GrpcStatus } from "./status.ts";
import type { RequestBudget } from "./request_budget.ts";

const PREFIX_BYTES = 5;

/** What a {@link RequestMessage} needs from its stream and server. */
export interface RequestMessageOptions {
  /** The connection's budget the message reserves from. */
  readonly budget: RequestBudget;
  /** Largest message accepted, bytes. */
  readonly maxBytes: number;
  /** The call's `grpc-encoding` header, for the refusal of compressed messages. */
  readonly encoding: string | undefined;
  /** Tells flow control `n` received bytes were taken. */
  consume(n: number): void;
  /** The request, once the client ended the stream, or why there is none; called once. */
  settle(result: Uint8Array | GrpcError): void;
}

/**
 * One unary request message being received.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { RequestBudget } from "./request_budget.ts";
 * import { RequestMessage } from "./request_message.ts";
 * let consumed = 0;
 * let request: unknown;
 * const m = new RequestMessage({
 *   budget: new RequestBudget(1024),
 *   maxBytes: 1024,
 *   encoding: undefined,
 *   consume: (n) => consumed += n,
 *   settle: (r) => request = r,
 * });
 * m.push(new Uint8Array([0, 0, 0, 0, 2, 8]));
 * m.push(new Uint8Array([1]));
 * m.end();
 * assert.deepEqual(request, new Uint8Array([8, 1]));
 * assert.equal(consumed, 7);
 * m.dispose();
 * ```
 */
export class RequestMessage {
  readonly #o: RequestMessageOptions;
  /** The prefix, when it arrives split across chunks (it rarely does). */
  #prefix: Uint8Array | undefined;
  #prefixAt = 0;
  /** Declared message length; -1 until the prefix is read. */
  #length = -1;
  #reserved = 0;
  readonly #parts: Uint8Array[] = [];
  #size = 0;
  /** Received while waiting for room: not consumed, so they hold the windows. */
  #pending: Uint8Array[] = [];
  #waiting = false;
  #ended = false;
  #settled = false;
  #disposed = false;
  readonly #grant = () => this.#granted();

  /** Starts reading a call's request. */
  constructor(options: RequestMessageOptions) {
    this.#o = options;
  }

  /** Bytes reserved from the budget for this message. */
  get reserved(): number {
    return this.#reserved;
  }

  /** Whether the message waits for room in the budget. */
  get waiting(): boolean {
    return this.#waiting;
  }

  /** Request body bytes from the stream. */
  push(chunk: Uint8Array): void {
    if (this.#settled || this.#disposed) return this.#o.consume(chunk.byteLength);
    if (this.#waiting) {
      this.#pending.push(chunk);
      return;
    }
    this.#take(chunk);
  }

  /** The client ended the stream. */
  end(): void {
    this.#ended = true;
    if (!this.#waiting) this.#finish();
  }

  /** The call is over (answered or reset): its reservation and held bytes go. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#settled = true;
    if (this.#waiting) this.#o.budget.cancel(this.#grant);
    this.#waiting = false;
    this.#dropPending();
    this.#parts.length = 0;
    const reserved = this.#reserved;
    this.#reserved = 0;
    if (reserved > 0) this.#o.budget.release(reserved);
  }

  #take(chunk: Uint8Array): void {
    let at = 0;
    if (this.#length < 0) {
      let prefix: Uint8Array;
      if (this.#prefixAt === 0 && chunk.byteLength >= PREFIX_BYTES) {
        prefix = chunk; // the everyday case: read in place
        at = PREFIX_BYTES;
      } else {
        prefix = this.#prefix ??= new Uint8Array(PREFIX_BYTES);
        at = Math.min(PREFIX_BYTES - this.#prefixAt, chunk.byteLength);
        prefix.set(chunk.subarray(0, at), this.#prefixAt);
      }
      this.#prefixAt += at;
      this.#o.consume(at);
      if (this.#prefixAt < PREFIX_BYTES) return;
      const length = (prefix[1] << 24 | prefix[2] << 16 | prefix[3] << 8 | prefix[4]) >>> 0;
      const refusal = this.#refusal(prefix[0], length);
      if (refusal !== undefined) {
        this.#o.consume(chunk.byteLength - at);
        return this.#fail(refusal);
      }
      this.#length = length;
      if (!this.#o.budget.reserve(length, this.#grant)) {
        this.#waiting = true;
        if (at < chunk.byteLength) this.#pending.push(chunk.subarray(at));
        return;
      }
      this.#reserved = length;
    }
    const body = at === 0 ? chunk : chunk.subarray(at);
    if (body.byteLength === 0) return;
    if (this.#size + body.byteLength > this.#length) {
      this.#o.consume(body.byteLength);
      return this.#fail(
        new GrpcError(
          GrpcStatus.INTERNAL,
          `a unary call carries one request message: bytes follow the ${this.#length} declared`,
        ),
      );
    }
    this.#parts.push(body);
    this.#size += body.byteLength;
    this.#o.consume(body.byteLength);
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
        `request of ${length} bytes is larger than the ${this.#o.maxBytes} bytes allowed`,
      );
    }
    if (length > this.#o.budget.total) {
      return new GrpcError(
        GrpcStatus.RESOURCE_EXHAUSTED,
        `request of ${length} bytes is larger than the ${this.#o.budget.total} bytes a connection may hold`,
      );
    }
    return undefined;
  }

  #granted(): void {
    if (this.#disposed) return;
    this.#waiting = false;
    this.#reserved = this.#length;
    const pending = this.#pending;
    this.#pending = [];
    for (const chunk of pending) {
      if (this.#settled) this.#o.consume(chunk.byteLength);
      else this.#take(chunk);
    }
    if (this.#ended) this.#finish();
  }

  #finish(): void {
    if (this.#settled) return;
    if (this.#length < 0) {
      return this.#fail(
        new GrpcError(
          GrpcStatus.INTERNAL,
          `request of ${this.#prefixAt} bytes is shorter than a gRPC message header`,
        ),
      );
    }
    if (this.#size !== this.#length) {
      return this.#fail(
        new GrpcError(
          GrpcStatus.INTERNAL,
          `request declares a ${this.#length}-byte message but carries ${this.#size}`,
        ),
      );
    }
    this.#settled = true;
    const parts = this.#parts;
    this.#o.settle(parts.length === 1 ? parts[0] : concat(parts, this.#size));
    parts.length = 0;
  }

  #fail(error: GrpcError): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#dropPending();
    this.#o.settle(error);
  }

  #dropPending(): void {
    for (const chunk of this.#pending) this.#o.consume(chunk.byteLength);
    this.#pending = [];
  }
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
