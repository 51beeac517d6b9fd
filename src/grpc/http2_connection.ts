/**
 * The server side of one HTTP/2 connection (RFC 9113), as much of it as a
 * gRPC server needs: streams opened by the client, header blocks with
 * CONTINUATION, both directions of flow control, SETTINGS, PING, GOAWAY and
 * RST_STREAM. Protocol violations end the connection with GOAWAY and the
 * matching error code; the process keeps serving other connections. Floods
 * and resource abuse are bounded by the limits in `http2_limits.ts`
 * (CONTINUATION frames per block, output queued for a peer that does not
 * read, client resets per second) and end with GOAWAY ENHANCE_YOUR_CALM;
 * malformed requests (RFC 9113 8.2) are reset.
 *
 * Receive windows open only as the handler consumes request bytes
 * ({@link H2Stream.consume}), as Go's HTTP/2 server does when a handler
 * reads its body: a peer that sends faster than the handler takes is held by
 * flow control, and bytes received but not consumed never exceed the
 * connection window (16 MiB). A peer that sends past a window gets
 * FLOW_CONTROL_ERROR (RST_STREAM for a stream's, GOAWAY for the connection's).
 *
 * @module
 */

import { encodeHeaders, type HeaderField, HpackDecoder, HpackError } from "./hpack.ts";
import {
  encodeFrame,
  FrameFlag,
  FrameReader,
  FrameSizeError,
  FrameType,
  H2Error,
  PREFACE,
  Setting,
  writeFrameHeader,
} from "./http2_frame.ts";
import { HTTP2_LIMITS } from "./http2_limits.ts";
import { malformedRequest, malformedTrailers } from "./http2_request_check.ts";

/**
 * The transport under a connection (a TLS or TCP socket).
 */
export interface ByteSink {
  /** Writes bytes; `done` runs once they are handed to the operating system. */
  write(bytes: Uint8Array, done?: (error?: Error | null) => void): void;
  /** Half-closes after pending writes. */
  end(): void;
  /** Closes at once. */
  destroy(): void;
  /**
   * Bytes written but not yet handed to the operating system, when the
   * transport knows better than the write callbacks do (a socket's
   * `writableLength`).
   */
  queued?(): number;
}

/**
 * What a connection tells its server about a stream's request.
 */
export interface StreamHandler {
  /** Request headers are complete. */
  headers(stream: H2Stream): void;
  /**
   * Request body bytes (a copy the handler may keep). They hold the
   * stream's and the connection's receive windows until the handler calls
   * {@link H2Stream.consume} for them.
   */
  data(stream: H2Stream, chunk: Uint8Array): void;
  /** The client finished sending (END_STREAM). */
  end(stream: H2Stream): void;
  /** The stream was reset by the client or lost with the connection. */
  reset(stream: H2Stream): void;
}

/**
 * Settings we announce and limits we enforce.
 */
export interface Http2Limits {
  /** SETTINGS_MAX_CONCURRENT_STREAMS (default 1000). */
  readonly maxConcurrentStreams?: number;
  /** Largest header list accepted (default 64 KiB). */
  readonly maxHeaderListSize?: number;
  /** Output waiting for a peer that does not read before GOAWAY (default 4 MiB). */
  readonly maxQueuedOutputBytes?: number;
}

const MAX_FRAME = 16384; // what we accept; the RFC's default
const STREAM_WINDOW = HTTP2_LIMITS.streamWindowBytes;
const CONNECTION_WINDOW = HTTP2_LIMITS.connectionWindowBytes;
const MAX_WINDOW = 0x7fffffff;
// Smallest WINDOW_UPDATE sent early (see returnConnectionWindow): four frames' worth.
const MIN_WINDOW_UPDATE = 64 * 1024;
// The most a handler may open one stream's window to (see H2Stream.openWindow).
const MAX_OPEN_WINDOW = 4 * 1024 * 1024;
const MAX_HEADER_BLOCK = HTTP2_LIMITS.maxHeaderBlockBytes;
// After a GOAWAY for abuse, a peer that does not read is cut off this much later.
const ABUSE_GRACE_MS = 5000;
// Stream ids we reset lately: frames the peer sent before seeing the reset are ignored.
const RECENT_RESETS = 256;
const SMALL_FRAMES_CHUNK = 16 * 1024;
// Refusals beyond twice the peer's bytes: room for a legitimate client's few unknown methods.
const REFUSAL_ALLOWANCE = HTTP2_LIMITS.refusalAllowanceBytes;

type Pending =
  | { kind: "data"; bytes: Uint8Array; at: number; end: boolean }
  | { kind: "trailers"; fields: readonly HeaderField[] };

/**
 * One request/response exchange. The server answers with
 * {@link H2Stream.sendHeaders}, {@link H2Stream.sendData} and
 * {@link H2Stream.sendTrailers}; data waits for the client's flow-control
 * window.
 */
export class H2Stream {
  /** Stream identifier (odd, chosen by the client). */
  readonly id: number;
  /** Request header fields, in order. */
  headers: readonly HeaderField[] = [];
  /** The client sent END_STREAM. */
  remoteEnded = false;
  /** We sent END_STREAM or RST_STREAM: nothing more goes out. */
  localEnded = false;
  /** Reset by either side, or its connection is gone. */
  reset = false;
  /** Free for the server's own per-stream state. */
  context: unknown = undefined;
  readonly #conn: Http2Connection;
  #sendWindow: number;
  /** Bytes the peer may still send before we open the window again. */
  #recvWindow = STREAM_WINDOW;
  /** Received and not yet consumed by the handler. */
  #unconsumed = 0;
  /** Consumed and not yet granted back in a WINDOW_UPDATE. */
  #recvUnacked = 0;
  /** The window we keep open: granted back once half of it is consumed. */
  #recvSize = STREAM_WINDOW;
  #queue: Pending[] = [];
  #headersSent = false;
  #onDone: (() => void)[] = [];

  /** @internal Created by the connection when the client opens a stream. */
  constructor(conn: Http2Connection, id: number, sendWindow: number) {
    this.#conn = conn;
    this.id = id;
    this.#sendWindow = sendWindow;
  }

  /** Value of the first request header called `name` (lowercase). */
  header(name: string): string | undefined {
    for (const [n, v] of this.headers) if (n === name) return v;
    return undefined;
  }

  /** Response bytes queued and not yet sent (waiting for the peer's flow-control window). */
  get queuedBytes(): number {
    let n = 0;
    for (const item of this.#queue) if (item.kind === "data") n += item.bytes.byteLength - item.at;
    return n;
  }

  /** Whether response headers were sent. */
  get headersSent(): boolean {
    return this.#headersSent;
  }

  /** Sends response headers; with `endStream` the response is complete. */
  sendHeaders(fields: readonly HeaderField[], endStream = false): void {
    if (this.localEnded || this.#headersSent) return;
    this.#headersSent = true;
    this.#conn.sendHeaderBlock(this.id, fields, endStream);
    if (endStream) this.#finish();
  }

  /** Queues body bytes (split and paced by flow control). */
  sendData(bytes: Uint8Array, endStream = false): void {
    if (this.localEnded) return;
    this.#queue.push({ kind: "data", bytes, at: 0, end: endStream });
    if (endStream) this.localEnded = true;
    this.#conn.flushStream(this);
  }

  /** Queues trailers, which end the response. */
  sendTrailers(fields: readonly HeaderField[]): void {
    if (this.localEnded) return;
    this.localEnded = true;
    this.#queue.push({ kind: "trailers", fields });
    this.#conn.flushStream(this);
  }

  /**
   * Answers with one header block that ends the stream, for a request
   * refused without running anything (unknown method, wrong content type).
   * Such answers cost the peer a few bytes each, so their bytes count
   * against a budget of twice what the peer has sent (plus 4 KiB): past
   * it the connection ends with GOAWAY ENHANCE_YOUR_CALM.
   */
  refuse(fields: readonly HeaderField[]): void {
    if (this.localEnded || this.#headersSent) return;
    if (!this.#conn.chargeRefusal(fields)) return;
    this.sendHeaders(fields, true);
  }

  /** Resets the stream (RST_STREAM with `code`). */
  resetStream(code: number = H2Error.CANCEL): void {
    if (this.reset) return;
    this.#conn.resetStream(this, code);
  }

  /**
   * Tells flow control the handler has taken `n` received body bytes: the
   * peer may send that many more, on this stream and on the connection.
   * Until then received bytes hold the windows, which is what throttles a
   * peer that sends faster than the handler reads.
   */
  consume(n: number): void {
    const taken = Math.min(n, this.#unconsumed);
    if (taken <= 0) return;
    this.#unconsumed -= taken;
    this.#conn.returnConnectionWindow(taken);
    // Once the peer has ended or the stream is gone, its window no longer matters.
    if (this.remoteEnded || this.reset) return;
    this.#recvUnacked += taken;
    if (this.#recvUnacked < this.#recvSize / 2) return;
    this.#recvWindow += this.#recvUnacked;
    this.#conn.sendWindowUpdate(this.id, this.#recvUnacked);
    this.#recvUnacked = 0;
  }

  /**
   * Lets the peer send up to `bytes` (at most 4 MiB) ahead on this stream,
   * for a handler that will take them as they come: a big message then
   * needs fewer WINDOW_UPDATE round trips than the default window allows.
   * Bytes received and not consumed stay bounded by the connection window.
   */
  openWindow(bytes: number): void {
    if (this.remoteEnded || this.reset) return;
    const size = Math.min(bytes, MAX_OPEN_WINDOW);
    const add = size - this.#recvWindow - this.#recvUnacked;
    if (add <= 0) return;
    this.#recvSize = Math.max(this.#recvSize, size);
    this.#recvWindow += add;
    this.#conn.sendWindowUpdate(this.id, add);
  }

  /** Received body bytes the handler has not consumed yet. */
  get unconsumed(): number {
    return this.#unconsumed;
  }

  /** Runs `fn` once the response's last frame has been written to the socket. */
  onDone(fn: () => void): void {
    this.#onDone.push(fn);
  }

  /** @internal */
  sendable(): boolean {
    return this.#queue.length > 0;
  }

  /** @internal Sends what the windows allow; true when the queue emptied. */
  pump(connWindow: { value: number }, maxFrame: number): boolean {
    while (this.#queue.length > 0) {
      const item = this.#queue[0];
      if (item.kind === "trailers") {
        this.#queue.shift();
        this.#conn.sendHeaderBlock(this.id, item.fields, true);
        this.#finish();
        continue;
      }
      const left = item.bytes.byteLength - item.at;
      const n = Math.min(left, this.#sendWindow, connWindow.value, maxFrame);
      if (n <= 0 && left > 0) return false;
      const last = n === left;
      const endStream = last && item.end;
      this.#conn.sendData(this.id, item.bytes.subarray(item.at, item.at + n), endStream);
      this.#sendWindow -= n;
      connWindow.value -= n;
      item.at += n;
      if (last) {
        this.#queue.shift();
        if (endStream) this.#finish();
      }
    }
    return true;
  }

  /** @internal */
  addSendWindow(delta: number): boolean {
    this.#sendWindow += delta;
    return this.#sendWindow <= MAX_WINDOW;
  }

  /**
   * @internal A DATA frame of `n` bytes (padding included) arrived; false
   * when it goes past the window we granted.
   */
  received(n: number): boolean {
    this.#recvWindow -= n;
    this.#unconsumed += n;
    return this.#recvWindow >= 0;
  }

  /** @internal */
  markReset(): void {
    this.#markReset();
  }

  #markReset(): void {
    this.reset = true;
    this.localEnded = true;
    this.#queue = [];
    // Whatever the handler had not taken is dropped with the stream.
    this.consume(this.#unconsumed);
    this.#conn.forget(this);
  }

  #finish(): void {
    this.localEnded = true;
    const fns = this.#onDone;
    this.#onDone = [];
    this.#conn.afterWrite(() => {
      for (const fn of fns) fn();
    });
    if (this.remoteEnded) this.#conn.forget(this);
  }
}

/**
 * One server-side HTTP/2 connection. Feed it bytes with
 * {@link Http2Connection.receive}; tell it when the socket closes.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Http2Connection } from "./mod.ts";
 * const written: Uint8Array[] = [];
 * let ended = false;
 * const conn = new Http2Connection(
 *   { write: (b, cb) => { written.push(b); cb?.(); }, end() { ended = true; }, destroy() {} },
 *   { headers() {}, data() {}, end() {}, reset() {} },
 * );
 * conn.receive(new TextEncoder().encode("not http/2 at all........."));
 * // A bad preface: our SETTINGS frame (type 4) goes first, then the connection is closed.
 * assert.equal(written[0][3], 4);
 * assert.ok(ended);
 * ```
 */
export class Http2Connection {
  readonly #sink: ByteSink;
  readonly #handler: StreamHandler;
  readonly #reader = new FrameReader(MAX_FRAME);
  readonly #decoder: HpackDecoder;
  readonly #maxStreams: number;
  readonly #streams = new Map<number, H2Stream>();
  #prefaceSeen = false;
  #lastStreamId = 0;
  #peerInitialWindow = 65535;
  #peerMaxFrame = 16384;
  readonly #connSendWindow = { value: 65535 };
  /** Bytes consumed (or dropped) and not yet granted back with a connection WINDOW_UPDATE. */
  #connRecvUnacked = 0;
  #blocked = new Set<H2Stream>();
  #headerBlock: {
    streamId: number;
    endStream: boolean;
    parts: Uint8Array[];
    size: number;
    frames: number;
    selfDependent: boolean;
  } | null = null;
  #out: Uint8Array[] = [];
  #outBytes = 0;
  #small = new Uint8Array(SMALL_FRAMES_CHUNK);
  #smallStart = 0;
  #smallAt = 0;
  /** Bytes handed to the sink whose write has not completed. */
  #inSink = 0;
  #connRecvWindow = CONNECTION_WINDOW;
  /** Bytes received from the peer, and bytes of refusals sent (see H2Stream.refuse). */
  #bytesIn = 0;
  #refusalBytes = 0;
  readonly #maxQueued: number;
  #resetTokens: number = HTTP2_LIMITS.resetBurst;
  #resetRefilled = performance.now();
  readonly #recentResets: number[] = [];
  #afterWrite: (() => void)[] = [];
  #flushScheduled = false;
  #goingAway = false;
  #closed = false;
  /** Told about protocol errors that end the connection (for logs). */
  onError: (message: string) => void = () => {};

  /** Starts a connection: our SETTINGS and a larger connection window go out at once. */
  constructor(sink: ByteSink, handler: StreamHandler, limits: Http2Limits = {}) {
    this.#sink = sink;
    this.#handler = handler;
    this.#maxStreams = limits.maxConcurrentStreams ?? HTTP2_LIMITS.maxConcurrentStreams;
    this.#maxQueued = limits.maxQueuedOutputBytes ?? HTTP2_LIMITS.maxQueuedOutputBytes;
    const maxList = limits.maxHeaderListSize ?? 64 * 1024;
    this.#decoder = new HpackDecoder({ maxTableSize: 4096, maxHeaderListSize: maxList });
    const settings = new Uint8Array(18);
    const view = new DataView(settings.buffer);
    view.setUint16(0, Setting.MAX_CONCURRENT_STREAMS);
    view.setUint32(2, this.#maxStreams);
    view.setUint16(6, Setting.INITIAL_WINDOW_SIZE);
    view.setUint32(8, STREAM_WINDOW);
    view.setUint16(12, Setting.MAX_HEADER_LIST_SIZE);
    view.setUint32(14, maxList);
    this.#queue(encodeFrame(FrameType.SETTINGS, 0, 0, settings));
    this.#queue(windowUpdate(0, CONNECTION_WINDOW - 65535));
  }

  /** Open streams. */
  get streamCount(): number {
    return this.#streams.size;
  }

  /** Whether the client's connection preface has arrived. */
  get prefaceSeen(): boolean {
    return this.#prefaceSeen;
  }

  /** Output bytes not yet handed to the operating system (queued or in the socket). */
  get unwrittenBytes(): number {
    return this.#outBytes + Math.max(this.#inSink, this.#sink.queued?.() ?? 0);
  }

  /** Handles received bytes; protocol errors end the connection. */
  receive(chunk: Uint8Array): void {
    if (this.#closed) return;
    this.#bytesIn += chunk.byteLength;
    this.#reader.push(chunk);
    try {
      if (!this.#prefaceSeen) {
        const head = this.#reader.peek();
        const n = Math.min(head.byteLength, PREFACE.byteLength);
        for (let i = 0; i < n; i++) {
          if (head[i] !== PREFACE[i]) {
            return this.#fail(
              H2Error.PROTOCOL_ERROR,
              "the client did not start with HTTP/2's connection preface",
            );
          }
        }
        if (n < PREFACE.byteLength) return;
        this.#reader.take(PREFACE.byteLength);
        this.#prefaceSeen = true;
      }
      for (let f = this.#reader.next(); f !== undefined && !this.#closed; f = this.#reader.next()) {
        // Replies pile up when the peer sends but does not read (PING and
        // SETTINGS floods, requests answered at once): stop before they do.
        const waiting = this.unwrittenBytes;
        if (waiting > this.#maxQueued) {
          return this.#fail(
            H2Error.ENHANCE_YOUR_CALM,
            `the peer is not reading: ${waiting} bytes wait to be sent`,
          );
        }
        this.#onFrame(f.type, f.flags, f.streamId, f.payload);
      }
    } catch (e) {
      if (e instanceof FrameSizeError) this.#fail(H2Error.FRAME_SIZE_ERROR, e.message);
      else if (e instanceof HpackError) this.#fail(H2Error.COMPRESSION_ERROR, e.message);
      else throw e;
    }
  }

  /** The socket closed: every open stream is reset. */
  closed(): void {
    if (this.#closed && this.#streams.size === 0) return;
    this.#closed = true;
    for (const s of [...this.#streams.values()]) {
      s.markReset();
      this.#handler.reset(s);
    }
  }

  /** Graceful close: GOAWAY now, socket end once open streams finish. */
  goAway(): void {
    if (this.#closed || this.#goingAway) return;
    this.#goingAway = true;
    this.#queue(goAwayFrame(this.#lastStreamId, H2Error.NO_ERROR, ""));
    this.#maybeEnd();
  }

  /** @internal */
  sendHeaderBlock(streamId: number, fields: readonly HeaderField[], endStream: boolean): void {
    const block = encodeHeaders(fields);
    let at = 0;
    let first = true;
    do {
      const n = Math.min(block.byteLength - at, this.#peerMaxFrame);
      const last = at + n === block.byteLength;
      const flags = (last ? FrameFlag.END_HEADERS : 0) |
        (first && endStream ? FrameFlag.END_STREAM : 0);
      const type = first ? FrameType.HEADERS : FrameType.CONTINUATION;
      this.#queue(encodeFrame(type, flags, streamId, block.subarray(at, at + n)));
      at += n;
      first = false;
    } while (at < block.byteLength);
  }

  /** @internal */
  sendData(streamId: number, bytes: Uint8Array, endStream: boolean): void {
    const frame = new Uint8Array(9 + bytes.byteLength);
    writeFrameHeader(
      frame,
      0,
      bytes.byteLength,
      FrameType.DATA,
      endStream ? FrameFlag.END_STREAM : 0,
      streamId,
    );
    frame.set(bytes, 9);
    this.#queue(frame);
  }

  /** @internal */
  sendReset(streamId: number, code: number): void {
    this.#control(FrameType.RST_STREAM, 0, streamId, null, code);
  }

  /** @internal Sends RST_STREAM and tells the handler the stream is gone. */
  resetStream(s: H2Stream, code: number): void {
    this.sendReset(s.id, code);
    this.#rememberReset(s.id);
    s.markReset();
    this.#handler.reset(s);
  }

  /**
   * @internal Sends what flow control allows. DATA is also paced by the
   * socket: no more than 1 MiB waits in it, so a big response to a slow
   * reader never looks like a flood of replies.
   */
  flushStream(s: H2Stream): void {
    const room = HTTP2_LIMITS.maxUnwrittenDataBytes - this.unwrittenBytes;
    const window = { value: Math.min(this.#connSendWindow.value, room) };
    const before = window.value;
    const emptied = s.pump(window, this.#peerMaxFrame);
    this.#connSendWindow.value -= before - window.value;
    if (!emptied) this.#blocked.add(s);
    else this.#blocked.delete(s);
  }

  /** @internal */
  forget(s: H2Stream): void {
    this.#streams.delete(s.id);
    this.#blocked.delete(s);
    if (s.unconsumed > 0) s.consume(s.unconsumed);
    this.#maybeEnd();
  }

  /**
   * @internal Counts a refusal's bytes; false (and GOAWAY) when they would
   * make our answers to refused requests more than twice what the peer sent.
   */
  chargeRefusal(fields: readonly HeaderField[]): boolean {
    let size = 9;
    for (const [n, v] of fields) size += n.length + v.length + 2;
    this.#refusalBytes += size;
    if (this.#refusalBytes <= 2 * this.#bytesIn + REFUSAL_ALLOWANCE) return true;
    this.#fail(
      H2Error.ENHANCE_YOUR_CALM,
      `answers to refused requests would exceed twice the ${this.#bytesIn} bytes received`,
    );
    return false;
  }

  /** @internal A stream WINDOW_UPDATE (the stream tracks its own window). */
  sendWindowUpdate(streamId: number, increment: number): void {
    if (!this.#closed) this.#control(FrameType.WINDOW_UPDATE, 0, streamId, null, increment);
  }

  /**
   * @internal `n` received bytes were consumed or dropped: the connection
   * window opens again, half a window at a time, or sooner once the peer has
   * less than half left (bytes waiting unconsumed may pin much of it, and
   * the streams that are consumed must not stall behind them).
   */
  returnConnectionWindow(n: number): void {
    this.#connRecvUnacked += n;
    if (this.#closed) return;
    const due = this.#connRecvUnacked >= CONNECTION_WINDOW / 2 ||
      (this.#connRecvUnacked >= MIN_WINDOW_UPDATE && this.#connRecvWindow < CONNECTION_WINDOW / 2);
    if (!due) return;
    this.#control(FrameType.WINDOW_UPDATE, 0, 0, null, this.#connRecvUnacked);
    this.#connRecvWindow += this.#connRecvUnacked;
    this.#connRecvUnacked = 0;
  }

  #rememberReset(id: number): void {
    this.#recentResets.push(id);
    if (this.#recentResets.length > RECENT_RESETS) this.#recentResets.shift();
  }

  /** @internal Runs `fn` after everything queued so far is written. */
  afterWrite(fn: () => void): void {
    this.#afterWrite.push(fn);
    this.#scheduleFlush();
  }

  #onFrame(type: number, flags: number, id: number, payload: Uint8Array): void {
    if (this.#headerBlock !== null && type !== FrameType.CONTINUATION) {
      return this.#fail(H2Error.PROTOCOL_ERROR, "a header block was interrupted by another frame");
    }
    switch (type) {
      case FrameType.DATA:
        return this.#onData(flags, id, payload);
      case FrameType.HEADERS:
        return this.#onHeaders(flags, id, payload);
      case FrameType.CONTINUATION:
        return this.#onContinuation(flags, id, payload);
      case FrameType.PRIORITY:
        return this.#onPriority(id, payload);
      case FrameType.RST_STREAM:
        return this.#onReset(id, payload);
      case FrameType.SETTINGS:
        return this.#onSettings(flags, id, payload);
      case FrameType.PUSH_PROMISE:
        return this.#fail(H2Error.PROTOCOL_ERROR, "clients must not send PUSH_PROMISE");
      case FrameType.PING:
        if (id !== 0) return this.#fail(H2Error.PROTOCOL_ERROR, "PING on a stream");
        if (payload.byteLength !== 8) {
          return this.#fail(H2Error.FRAME_SIZE_ERROR, "PING must be 8 bytes");
        }
        if ((flags & FrameFlag.ACK) === 0) {
          this.#control(FrameType.PING, FrameFlag.ACK, 0, payload);
        }
        return;
      case FrameType.GOAWAY:
        this.#goingAway = true;
        this.#maybeEnd();
        return;
      case FrameType.WINDOW_UPDATE:
        return this.#onWindowUpdate(id, payload);
      default:
        return; // unknown frame types are ignored (RFC 9113 5.5)
    }
  }

  #onHeaders(flags: number, id: number, payload: Uint8Array): void {
    if (id === 0) return this.#fail(H2Error.PROTOCOL_ERROR, "HEADERS on stream 0");
    let start = 0;
    let end = payload.byteLength;
    if (flags & FrameFlag.PADDED) {
      if (end < 1) return this.#fail(H2Error.PROTOCOL_ERROR, "padded HEADERS without a pad length");
      end -= payload[0];
      start = 1;
    }
    let selfDependent = false;
    if (flags & FrameFlag.PRIORITY) {
      if (start + 5 <= end) selfDependent = dependency(payload, start) === id;
      start += 5;
    }
    if (start > end) {
      return this.#fail(H2Error.PROTOCOL_ERROR, "HEADERS padding longer than the frame");
    }
    const part = payload.subarray(start, end);
    const endStream = (flags & FrameFlag.END_STREAM) !== 0;
    if (part.byteLength > MAX_HEADER_BLOCK) {
      return this.#fail(H2Error.ENHANCE_YOUR_CALM, `header block over ${MAX_HEADER_BLOCK} bytes`);
    }
    if (flags & FrameFlag.END_HEADERS) {
      return this.#headerBlockDone(id, endStream, part, selfDependent);
    }
    this.#headerBlock = {
      streamId: id,
      endStream,
      parts: [part.slice()],
      size: part.byteLength,
      frames: 0,
      selfDependent,
    };
  }

  #onPriority(id: number, payload: Uint8Array): void {
    if (id === 0) return this.#fail(H2Error.PROTOCOL_ERROR, "PRIORITY on stream 0");
    if (payload.byteLength !== 5) {
      this.#rememberReset(id);
      return this.sendReset(id, H2Error.FRAME_SIZE_ERROR);
    }
    if (dependency(payload, 0) === id) {
      const s = this.#streams.get(id);
      if (s !== undefined) return this.resetStream(s, H2Error.PROTOCOL_ERROR);
      this.#rememberReset(id);
      return this.sendReset(id, H2Error.PROTOCOL_ERROR);
    }
  }

  #onContinuation(flags: number, id: number, payload: Uint8Array): void {
    const hb = this.#headerBlock;
    if (hb === null || hb.streamId !== id) {
      return this.#fail(H2Error.PROTOCOL_ERROR, "CONTINUATION without a header block to continue");
    }
    hb.size += payload.byteLength;
    if (hb.size > MAX_HEADER_BLOCK) {
      return this.#fail(H2Error.ENHANCE_YOUR_CALM, `header block over ${MAX_HEADER_BLOCK} bytes`);
    }
    // Empty frames carry nothing and still cost: count frames, not only bytes.
    if (++hb.frames > HTTP2_LIMITS.maxContinuationFrames) {
      return this.#fail(
        H2Error.ENHANCE_YOUR_CALM,
        `header block in more than ${HTTP2_LIMITS.maxContinuationFrames} CONTINUATION frames`,
      );
    }
    if (payload.byteLength > 0) hb.parts.push(payload.slice());
    if (flags & FrameFlag.END_HEADERS) {
      this.#headerBlock = null;
      const block = new Uint8Array(hb.size);
      let at = 0;
      for (const p of hb.parts) {
        block.set(p, at);
        at += p.byteLength;
      }
      this.#headerBlockDone(id, hb.endStream, block, hb.selfDependent);
    }
  }

  #headerBlockDone(
    id: number,
    endStream: boolean,
    block: Uint8Array,
    selfDependent = false,
  ): void {
    // Decode even for streams we refuse: the HPACK table must stay in step.
    const fields = this.#decoder.decode(block);
    const existing = this.#streams.get(id);
    if (existing !== undefined) {
      if (existing.remoteEnded) {
        // RFC 9113 5.1: HEADERS on a half-closed (remote) stream.
        return this.resetStream(existing, H2Error.STREAM_CLOSED);
      }
      // Trailers from the client: gRPC has none to read, but they end the request.
      if (!endStream) {
        return this.#fail(H2Error.PROTOCOL_ERROR, "second HEADERS without END_STREAM");
      }
      if (malformedTrailers(fields) !== undefined) {
        return this.resetStream(existing, H2Error.PROTOCOL_ERROR);
      }
      return this.#remoteEnd(existing);
    }
    if (id % 2 === 0) {
      return this.#fail(
        H2Error.PROTOCOL_ERROR,
        `stream ${id} is not a valid new client stream (clients open odd ids)`,
      );
    }
    if (id <= this.#lastStreamId) {
      // Frames the peer sent before it saw our reset are not its fault.
      if (this.#recentResets.includes(id)) return;
      return this.#fail(
        H2Error.PROTOCOL_ERROR,
        `HEADERS on stream ${id}, which is closed; new streams need ids above ${this.#lastStreamId}`,
      );
    }
    this.#lastStreamId = id;
    if (this.#goingAway || this.#streams.size >= this.#maxStreams) {
      this.#rememberReset(id);
      return this.sendReset(id, H2Error.REFUSED_STREAM);
    }
    if (selfDependent || malformedRequest(fields) !== undefined) {
      // RFC 9113 5.3.1 and 8.1.1: stream errors; the connection lives on.
      this.#rememberReset(id);
      return this.sendReset(id, H2Error.PROTOCOL_ERROR);
    }
    const s = new H2Stream(this, id, this.#peerInitialWindow);
    s.headers = fields;
    this.#streams.set(id, s);
    this.#handler.headers(s);
    if (endStream && !s.reset) this.#remoteEnd(s);
  }

  #onData(flags: number, id: number, payload: Uint8Array): void {
    if (id === 0) return this.#fail(H2Error.PROTOCOL_ERROR, "DATA on stream 0");
    // Flow control counts the whole frame, padding included.
    const size = payload.byteLength;
    this.#connRecvWindow -= size;
    if (this.#connRecvWindow < 0) {
      return this.#fail(H2Error.FLOW_CONTROL_ERROR, "DATA beyond the connection window");
    }
    const s = this.#streams.get(id);
    if (s === undefined || s.remoteEnded) {
      // Dropped unread: the connection window opens for them at once.
      this.returnConnectionWindow(size);
      if (id > this.#lastStreamId) {
        return this.#fail(H2Error.PROTOCOL_ERROR, `DATA on idle stream ${id}`);
      }
      if (this.#recentResets.includes(id)) return;
      this.#rememberReset(id);
      return this.sendReset(id, H2Error.STREAM_CLOSED);
    }
    let start = 0;
    let end = size;
    if (flags & FrameFlag.PADDED) {
      if (end < 1 || payload[0] >= end) {
        return this.#fail(H2Error.PROTOCOL_ERROR, "DATA padding longer than the frame");
      }
      end -= payload[0];
      start = 1;
    }
    const endStream = (flags & FrameFlag.END_STREAM) !== 0;
    if (!s.received(size)) {
      return this.resetStream(s, H2Error.FLOW_CONTROL_ERROR);
    }
    // Padding carries nothing for the handler; nor does the rest of a body
    // once it is answered (say, refused as too large): both are consumed here.
    const body = end - start;
    if (body > 0 && !s.reset && !s.localEnded) {
      if (size > body) s.consume(size - body);
      this.#handler.data(s, payload.slice(start, end));
    } else s.consume(size);
    if (endStream && !s.reset) this.#remoteEnd(s);
  }

  #remoteEnd(s: H2Stream): void {
    if (s.remoteEnded) return;
    s.remoteEnded = true;
    this.#handler.end(s);
    if (s.localEnded && !s.sendable()) this.forget(s);
  }

  #onReset(id: number, payload: Uint8Array): void {
    if (id === 0) return this.#fail(H2Error.PROTOCOL_ERROR, "RST_STREAM on stream 0");
    if (payload.byteLength !== 4) {
      return this.#fail(H2Error.FRAME_SIZE_ERROR, "RST_STREAM must be 4 bytes");
    }
    const s = this.#streams.get(id);
    if (s === undefined) {
      if (id > this.#lastStreamId) {
        return this.#fail(H2Error.PROTOCOL_ERROR, `RST_STREAM on idle stream ${id}`);
      }
      return;
    }
    // Rapid Reset (CVE-2023-44487): every reset stream cost a handler run.
    const now = performance.now();
    this.#resetTokens = Math.min(
      HTTP2_LIMITS.resetBurst,
      this.#resetTokens + (now - this.#resetRefilled) * HTTP2_LIMITS.resetsPerSecond / 1000,
    );
    this.#resetRefilled = now;
    if (--this.#resetTokens < 0) {
      return this.#fail(H2Error.ENHANCE_YOUR_CALM, "too many streams reset by the client");
    }
    s.markReset();
    this.#handler.reset(s);
  }

  #onSettings(flags: number, id: number, payload: Uint8Array): void {
    if (id !== 0) return this.#fail(H2Error.PROTOCOL_ERROR, "SETTINGS on a stream");
    if (flags & FrameFlag.ACK) {
      if (payload.byteLength !== 0) {
        return this.#fail(H2Error.FRAME_SIZE_ERROR, "SETTINGS ACK with a payload");
      }
      return;
    }
    if (payload.byteLength % 6 !== 0) {
      return this.#fail(H2Error.FRAME_SIZE_ERROR, "SETTINGS length is not a multiple of 6");
    }
    const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    for (let at = 0; at < payload.byteLength; at += 6) {
      const key = view.getUint16(at);
      const value = view.getUint32(at + 2);
      if (key === Setting.INITIAL_WINDOW_SIZE) {
        if (value > MAX_WINDOW) {
          return this.#fail(H2Error.FLOW_CONTROL_ERROR, "initial window too large");
        }
        const delta = value - this.#peerInitialWindow;
        this.#peerInitialWindow = value;
        for (const s of this.#streams.values()) {
          if (!s.addSendWindow(delta)) {
            return this.#fail(H2Error.FLOW_CONTROL_ERROR, "stream window overflow");
          }
        }
      } else if (key === Setting.MAX_FRAME_SIZE) {
        if (value < 16384 || value > 16777215) {
          return this.#fail(H2Error.PROTOCOL_ERROR, `MAX_FRAME_SIZE ${value} out of range`);
        }
        this.#peerMaxFrame = value;
      } else if (key === Setting.ENABLE_PUSH && value > 1) {
        return this.#fail(H2Error.PROTOCOL_ERROR, "ENABLE_PUSH must be 0 or 1");
      }
      // HEADER_TABLE_SIZE needs nothing: our encoder never uses the table.
    }
    this.#control(FrameType.SETTINGS, FrameFlag.ACK, 0, null);
    this.#pumpBlocked();
  }

  #onWindowUpdate(id: number, payload: Uint8Array): void {
    if (payload.byteLength !== 4) {
      return this.#fail(H2Error.FRAME_SIZE_ERROR, "WINDOW_UPDATE must be 4 bytes");
    }
    const inc = new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0) & 0x7fffffff;
    if (id === 0) {
      if (inc === 0) return this.#fail(H2Error.PROTOCOL_ERROR, "WINDOW_UPDATE of 0");
      this.#connSendWindow.value += inc;
      if (this.#connSendWindow.value > MAX_WINDOW) {
        return this.#fail(H2Error.FLOW_CONTROL_ERROR, "connection window overflow");
      }
      return this.#pumpBlocked();
    }
    const s = this.#streams.get(id);
    if (s === undefined) {
      if (id > this.#lastStreamId) {
        return this.#fail(H2Error.PROTOCOL_ERROR, `WINDOW_UPDATE on idle stream ${id}`);
      }
      return;
    }
    if (inc === 0) return s.resetStream(H2Error.PROTOCOL_ERROR);
    if (!s.addSendWindow(inc)) return s.resetStream(H2Error.FLOW_CONTROL_ERROR);
    this.flushStream(s);
  }

  #pumpBlocked(): void {
    for (const s of [...this.#blocked]) {
      if (this.#connSendWindow.value <= 0) return;
      this.flushStream(s);
    }
  }

  #fail(code: number, message: string): void {
    if (this.#closed) return;
    this.onError(message);
    this.#queue(goAwayFrame(this.#lastStreamId, code, message));
    this.#flush();
    this.#closed = true;
    this.#sink.end();
    this.closed();
    if (code === H2Error.ENHANCE_YOUR_CALM) this.#cutOffIfStalled(Infinity);
  }

  /**
   * A peer that does not read would hold the half-closed socket forever: it
   * is cut off once its backlog has not shrunk for ABUSE_GRACE_MS. One that
   * reads gets everything, GOAWAY last.
   */
  #cutOffIfStalled(before: number): void {
    const timer = setTimeout(() => {
      const now = this.unwrittenBytes;
      if (now === 0) return;
      if (now >= before) this.#sink.destroy();
      else this.#cutOffIfStalled(now);
    }, ABUSE_GRACE_MS);
    Deno.unrefTimer(timer);
  }

  #maybeEnd(): void {
    if (this.#goingAway && this.#streams.size === 0 && !this.#closed) {
      this.afterWrite(() => this.#sink.end());
    }
  }

  /**
   * Queues a small control frame (PING and SETTINGS acknowledgements,
   * RST_STREAM, WINDOW_UPDATE) by writing it into a shared buffer: a flood
   * of them then costs no allocation per frame. `word` is a 4-byte payload.
   */
  #control(type: number, flags: number, id: number, payload: Uint8Array | null, word = -1): void {
    const length = payload !== null ? payload.byteLength : word >= 0 ? 4 : 0;
    if (this.#smallAt + 9 + length > this.#small.byteLength) {
      this.#sealSmall();
      this.#small = new Uint8Array(SMALL_FRAMES_CHUNK);
      this.#smallStart = this.#smallAt = 0;
    }
    const b = this.#small;
    const at = this.#smallAt;
    writeFrameHeader(b, at, length, type, flags, id);
    if (payload !== null) b.set(payload, at + 9);
    else if (word >= 0) {
      b[at + 9] = word >>> 24;
      b[at + 10] = (word >>> 16) & 0xff;
      b[at + 11] = (word >>> 8) & 0xff;
      b[at + 12] = word & 0xff;
    }
    this.#smallAt = at + 9 + length;
    this.#outBytes += 9 + length;
    this.#scheduleFlush();
  }

  /** Moves the control frames written so far into the output queue, in order. */
  #sealSmall(): void {
    if (this.#smallAt === this.#smallStart) return;
    // Sealed bytes belong to the sink from here on; later frames go after them.
    this.#out.push(this.#small.subarray(this.#smallStart, this.#smallAt));
    this.#smallStart = this.#smallAt;
  }

  #queue(frame: Uint8Array): void {
    this.#sealSmall();
    this.#out.push(frame);
    this.#outBytes += frame.byteLength;
    this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    queueMicrotask(() => this.#flush());
  }

  // One socket write per turn of the event loop, however many frames.
  #flush(): void {
    this.#flushScheduled = false;
    this.#sealSmall();
    const out = this.#out;
    const fns = this.#afterWrite;
    if (out.length === 0 && fns.length === 0) return;
    this.#out = [];
    this.#afterWrite = [];
    let bytes: Uint8Array;
    if (out.length === 1) bytes = out[0];
    else {
      bytes = new Uint8Array(this.#outBytes);
      let at = 0;
      for (const f of out) {
        bytes.set(f, at);
        at += f.byteLength;
      }
    }
    this.#outBytes = 0;
    const size = bytes.byteLength;
    this.#inSink += size;
    const done = () => {
      this.#inSink -= size;
      for (const fn of fns) fn();
      // DATA waits for the socket to drain (see flushStream).
      if (this.#blocked.size > 0 && !this.#closed) this.#pumpBlocked();
    };
    if (size === 0) return done();
    try {
      this.#sink.write(bytes, done);
    } catch {
      this.closed();
    }
  }
}

/** The stream a PRIORITY field set depends on (the exclusive bit masked off). */
function dependency(payload: Uint8Array, at: number): number {
  return ((payload[at] & 0x7f) << 24 | payload[at + 1] << 16 | payload[at + 2] << 8 |
    payload[at + 3]) >>> 0;
}

function windowUpdate(streamId: number, increment: number): Uint8Array {
  const p = new Uint8Array(4);
  new DataView(p.buffer).setUint32(0, increment);
  return encodeFrame(FrameType.WINDOW_UPDATE, 0, streamId, p);
}

function goAwayFrame(lastStreamId: number, code: number, message: string): Uint8Array {
  const debug = new TextEncoder().encode(message.slice(0, 256));
  const p = new Uint8Array(8 + debug.byteLength);
  const view = new DataView(p.buffer);
  view.setUint32(0, lastStreamId);
  view.setUint32(4, code);
  p.set(debug, 8);
  return encodeFrame(FrameType.GOAWAY, 0, 0, p);
}
