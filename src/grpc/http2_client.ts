/**
 * The client side of one HTTP/2 connection (RFC 9113), on the same frame
 * reader, frame writer and HPACK code as the server side
 * (`http2_connection.ts`): the connection preface, streams we open (odd
 * ids), header blocks with CONTINUATION both ways, flow control both ways,
 * SETTINGS, PING, GOAWAY and RST_STREAM. It is what a go-plugin host needs
 * to call a plugin: a peer that breaks the protocol ends the connection
 * with GOAWAY, and every open stream hears of it.
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
} from "./http2_frame.ts";
import type { ByteSink } from "./http2_connection.ts";

/**
 * What a client stream tells its caller.
 */
export interface ClientStreamEvents {
  /** A header block from the server: response headers first, trailers last. */
  headers(fields: readonly HeaderField[], endStream: boolean): void;
  /** Response body bytes (a copy the caller may keep). */
  data(chunk: Uint8Array, endStream: boolean): void;
  /**
   * The stream ended without a complete response: reset by the server
   * (`code` is its RST_STREAM code), refused in a GOAWAY, or lost with the
   * connection. `reason` says which, for error messages.
   */
  reset(code: number, reason: string): void;
}

const MAX_FRAME = 16384;
const STREAM_WINDOW = 4 * 1024 * 1024;
const CONNECTION_WINDOW = 16 * 1024 * 1024;
const MAX_WINDOW = 0x7fffffff;
// A server's header block may be large (a 64 KiB grpc-message); more is abuse.
const MAX_HEADER_BLOCK = 256 * 1024;

/**
 * One request we opened. Send the body with {@link Http2ClientStream.write}
 * and {@link Http2ClientStream.end}; cancel with
 * {@link Http2ClientStream.cancel}.
 *
 * @example Usage
 * ```ts
 * import type { Http2ClientStream } from "./mod.ts";
 * const finish = (s: Http2ClientStream) => s.end(new Uint8Array([0, 0, 0, 0, 0]));
 * ```
 */
export class Http2ClientStream {
  /** Stream identifier (odd, ours). */
  readonly id: number;
  /** We sent END_STREAM. */
  localEnded = false;
  /** The server sent END_STREAM, or the stream was reset. */
  done = false;
  readonly #conn: Http2ClientConnection;
  /** @internal */
  readonly events: ClientStreamEvents;
  /** @internal */
  sendWindow: number;
  #recvWindow = STREAM_WINDOW;
  #recvUnacked = 0;
  /** @internal Body bytes waiting for flow-control window. */
  queue: { bytes: Uint8Array; at: number; end: boolean }[] = [];

  /** @internal Created by {@link Http2ClientConnection.open}. */
  constructor(
    conn: Http2ClientConnection,
    id: number,
    sendWindow: number,
    events: ClientStreamEvents,
  ) {
    this.#conn = conn;
    this.id = id;
    this.sendWindow = sendWindow;
    this.events = events;
  }

  /** Queues body bytes (split and paced by the server's flow-control windows). */
  write(bytes: Uint8Array): void {
    if (this.localEnded || this.done) return;
    this.queue.push({ bytes, at: 0, end: false });
    this.#conn.pump(this);
  }

  /** Ends the request body, with a last chunk if given. */
  end(bytes: Uint8Array = new Uint8Array(0)): void {
    if (this.localEnded || this.done) return;
    this.localEnded = true;
    this.queue.push({ bytes, at: 0, end: true });
    this.#conn.pump(this);
  }

  /** Resets the stream (RST_STREAM CANCEL); the server stops working on it. */
  cancel(code: number = H2Error.CANCEL): void {
    if (this.done) return;
    this.#conn.resetStream(this, code, "cancelled by the client");
  }

  /** @internal Bytes to acknowledge with a WINDOW_UPDATE, 0 if none due, -1 if over. */
  consumed(n: number): number {
    this.#recvWindow -= n;
    if (this.#recvWindow < 0) return -1;
    this.#recvUnacked += n;
    if (this.#recvUnacked < STREAM_WINDOW / 2) return 0;
    const due = this.#recvUnacked;
    this.#recvUnacked = 0;
    this.#recvWindow += due;
    return due;
  }
}

/**
 * Options for {@link Http2ClientConnection}.
 */
export interface Http2ClientOptions {
  /** `:authority` sent with every request (default `localhost`). */
  readonly authority?: string;
  /** Largest header list accepted from the server (default 64 KiB). */
  readonly maxHeaderListSize?: number;
}

/**
 * One client-side HTTP/2 connection. Feed it the socket's bytes with
 * {@link Http2ClientConnection.receive}, tell it when the socket closes with
 * {@link Http2ClientConnection.closed}, and open streams with
 * {@link Http2ClientConnection.open}.
 *
 * @example The preface and SETTINGS go out at once
 * ```ts
 * import assert from "node:assert/strict";
 * import { Http2ClientConnection } from "./mod.ts";
 * const written: Uint8Array[] = [];
 * const conn = new Http2ClientConnection({
 *   write: (b, done) => { written.push(b); done?.(); }, end() {}, destroy() {},
 * });
 * await Promise.resolve();
 * assert.equal(new TextDecoder().decode(written[0].subarray(0, 3)), "PRI");
 * conn.closed();
 * ```
 */
export class Http2ClientConnection {
  readonly #sink: ByteSink;
  readonly #reader = new FrameReader(MAX_FRAME);
  readonly #decoder: HpackDecoder;
  readonly #authority: string;
  readonly #streams = new Map<number, Http2ClientStream>();
  #nextId = 1;
  #peerInitialWindow = 65535;
  #peerMaxFrame = 16384;
  #peerMaxStreams = Infinity;
  #connSendWindow = 65535;
  #connRecvWindow = CONNECTION_WINDOW;
  #connRecvUnacked = 0;
  #headerBlock: { id: number; endStream: boolean; parts: Uint8Array[]; size: number } | null = null;
  #out: Uint8Array[] = [];
  #flushScheduled = false;
  #goAway: { lastStreamId: number; code: number; message: string } | undefined;
  #closed = false;
  #settingsSeen = false;
  #readyWaiters: ((error?: Error) => void)[] = [];
  #pings = new Map<string, () => void>();
  /** Told when the connection ends, with why (for logs and callers). */
  onClose: (reason: string) => void = () => {};

  /** Starts a connection: the preface, our SETTINGS and a larger window go out at once. */
  constructor(sink: ByteSink, opts: Http2ClientOptions = {}) {
    this.#sink = sink;
    this.#authority = opts.authority ?? "localhost";
    const maxList = opts.maxHeaderListSize ?? 64 * 1024;
    this.#decoder = new HpackDecoder({ maxTableSize: 4096, maxHeaderListSize: maxList });
    const settings = new Uint8Array(18);
    const view = new DataView(settings.buffer);
    view.setUint16(0, Setting.ENABLE_PUSH);
    view.setUint32(2, 0);
    view.setUint16(6, Setting.INITIAL_WINDOW_SIZE);
    view.setUint32(8, STREAM_WINDOW);
    view.setUint16(12, Setting.MAX_HEADER_LIST_SIZE);
    view.setUint32(14, maxList);
    this.#queue(PREFACE);
    this.#queue(encodeFrame(FrameType.SETTINGS, 0, 0, settings));
    this.#queue(windowUpdate(0, CONNECTION_WINDOW - 65535));
  }

  /** Streams open now. */
  get streamCount(): number {
    return this.#streams.size;
  }

  /** Whether new streams can still be opened (no GOAWAY, not closed). */
  get usable(): boolean {
    return !this.#closed && this.#goAway === undefined;
  }

  /** Resolves once the server's first SETTINGS arrived; rejects if the connection ends first. */
  ready(): Promise<void> {
    if (this.#settingsSeen) return Promise.resolve();
    if (this.#closed) return Promise.reject(new Error("the HTTP/2 connection is closed"));
    return new Promise((resolve, reject) =>
      this.#readyWaiters.push((e) => (e === undefined ? resolve() : reject(e)))
    );
  }

  /**
   * Opens a stream with a POST to `path`; `extra` header fields follow the
   * pseudo-headers. Throws when the connection cannot take new streams.
   */
  open(
    path: string,
    extra: readonly HeaderField[],
    events: ClientStreamEvents,
  ): Http2ClientStream {
    if (this.#closed) throw new Error("the HTTP/2 connection is closed");
    if (this.#goAway !== undefined) {
      throw new Error(`the server sent GOAWAY (${this.#goAway.message || "no reason"})`);
    }
    if (this.#streams.size >= this.#peerMaxStreams) {
      throw new Error(`the server allows ${this.#peerMaxStreams} concurrent streams`);
    }
    const id = this.#nextId;
    this.#nextId += 2;
    const s = new Http2ClientStream(this, id, this.#peerInitialWindow, events);
    this.#streams.set(id, s);
    const fields: HeaderField[] = [
      [":method", "POST"],
      [":scheme", "http"],
      [":path", path],
      [":authority", this.#authority],
      ...extra,
    ];
    this.#sendHeaderBlock(id, fields);
    return s;
  }

  /** Sends a PING and resolves when the server acknowledges it (a liveness check). */
  ping(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("the HTTP/2 connection is closed"));
    const payload = crypto.getRandomValues(new Uint8Array(8));
    return new Promise((resolve) => {
      this.#pings.set(payload.join(","), resolve);
      this.#queue(encodeFrame(FrameType.PING, 0, 0, payload));
    });
  }

  /** Graceful close: GOAWAY, then the socket ends once open streams finish. */
  goAway(): void {
    if (this.#closed || this.#goAway !== undefined) return;
    this.#goAway = { lastStreamId: 0, code: H2Error.NO_ERROR, message: "client closing" };
    this.#queue(goAwayFrame(0, H2Error.NO_ERROR, ""));
    this.#maybeEnd();
  }

  /** Handles received bytes; protocol errors end the connection. */
  receive(chunk: Uint8Array): void {
    if (this.#closed) return;
    this.#reader.push(chunk);
    try {
      for (let f = this.#reader.next(); f !== undefined && !this.#closed; f = this.#reader.next()) {
        this.#onFrame(f.type, f.flags, f.streamId, f.payload);
      }
    } catch (e) {
      if (e instanceof FrameSizeError) this.#fail(H2Error.FRAME_SIZE_ERROR, e.message);
      else if (e instanceof HpackError) this.#fail(H2Error.COMPRESSION_ERROR, e.message);
      else throw e;
    }
  }

  /** The socket closed: every open stream is reset. */
  closed(reason = "the connection to the server closed"): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const w of this.#readyWaiters) w(new Error(reason));
    this.#readyWaiters = [];
    for (const s of [...this.#streams.values()]) this.#drop(s, H2Error.CANCEL, reason);
    this.onClose(reason);
  }

  /** @internal Sends what the windows allow of a stream's queued body. */
  pump(s: Http2ClientStream): void {
    while (s.queue.length > 0 && !s.done) {
      const item = s.queue[0];
      const left = item.bytes.byteLength - item.at;
      const n = Math.min(left, s.sendWindow, this.#connSendWindow, this.#peerMaxFrame);
      if (n <= 0 && left > 0) return;
      const last = n === left;
      const end = last && item.end;
      this.#queue(
        encodeFrame(
          FrameType.DATA,
          end ? FrameFlag.END_STREAM : 0,
          s.id,
          item.bytes.subarray(item.at, item.at + n),
        ),
      );
      s.sendWindow -= n;
      this.#connSendWindow -= n;
      item.at += n;
      if (last) s.queue.shift();
    }
  }

  /** @internal */
  resetStream(s: Http2ClientStream, code: number, reason: string): void {
    if (!this.#closed) this.#queue(rstFrame(s.id, code));
    this.#drop(s, code, reason);
    this.#maybeEnd();
  }

  #drop(s: Http2ClientStream, code: number, reason: string): void {
    if (s.done) return;
    s.done = true;
    s.queue = [];
    this.#streams.delete(s.id);
    s.events.reset(code, reason);
  }

  #finish(s: Http2ClientStream): void {
    s.done = true;
    this.#streams.delete(s.id);
    if (!s.localEnded) {
      // The server answered before reading all of our body: stop sending it.
      s.queue = [];
      this.#queue(rstFrame(s.id, H2Error.NO_ERROR));
    }
    this.#maybeEnd();
  }

  #onFrame(type: number, flags: number, id: number, payload: Uint8Array): void {
    if (this.#headerBlock !== null && type !== FrameType.CONTINUATION) {
      return this.#fail(H2Error.PROTOCOL_ERROR, "header block interrupted by another frame");
    }
    switch (type) {
      case FrameType.SETTINGS:
        return this.#onSettings(flags, id, payload);
      case FrameType.HEADERS:
        return this.#onHeaders(flags, id, payload);
      case FrameType.CONTINUATION:
        return this.#onContinuation(flags, id, payload);
      case FrameType.DATA:
        return this.#onData(flags, id, payload);
      case FrameType.WINDOW_UPDATE:
        return this.#onWindowUpdate(id, payload);
      case FrameType.PING:
        if (id !== 0) return this.#fail(H2Error.PROTOCOL_ERROR, "PING on a stream");
        if (payload.byteLength !== 8) {
          return this.#fail(H2Error.FRAME_SIZE_ERROR, "PING must be 8 bytes");
        }
        if (flags & FrameFlag.ACK) {
          const key = payload.join(",");
          this.#pings.get(key)?.();
          this.#pings.delete(key);
          return;
        }
        return this.#queue(encodeFrame(FrameType.PING, FrameFlag.ACK, 0, payload.slice()));
      case FrameType.RST_STREAM: {
        if (payload.byteLength !== 4) {
          return this.#fail(H2Error.FRAME_SIZE_ERROR, "RST_STREAM must be 4 bytes");
        }
        const s = this.#streams.get(id);
        const code = new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0);
        if (s !== undefined) this.#drop(s, code, `the server reset the stream (code ${code})`);
        return this.#maybeEnd();
      }
      case FrameType.GOAWAY:
        return this.#onGoAway(payload);
      case FrameType.PUSH_PROMISE:
        return this.#fail(H2Error.PROTOCOL_ERROR, "PUSH_PROMISE although push is disabled");
      default:
        // PRIORITY and unknown frame types are ignored (RFC 9113 4.1, 5.5).
        return;
    }
  }

  #onSettings(flags: number, id: number, payload: Uint8Array): void {
    if (id !== 0) return this.#fail(H2Error.PROTOCOL_ERROR, "SETTINGS on a stream");
    if (flags & FrameFlag.ACK) return;
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
        for (const s of this.#streams.values()) s.sendWindow += delta;
      } else if (key === Setting.MAX_FRAME_SIZE) {
        if (value < 16384 || value > 16777215) {
          return this.#fail(H2Error.PROTOCOL_ERROR, `MAX_FRAME_SIZE ${value} out of range`);
        }
        this.#peerMaxFrame = value;
      } else if (key === Setting.MAX_CONCURRENT_STREAMS) {
        this.#peerMaxStreams = value;
      }
    }
    this.#queue(encodeFrame(FrameType.SETTINGS, FrameFlag.ACK, 0, new Uint8Array(0)));
    if (!this.#settingsSeen) {
      this.#settingsSeen = true;
      for (const w of this.#readyWaiters) w();
      this.#readyWaiters = [];
    }
    for (const s of [...this.#streams.values()]) this.pump(s);
  }

  #onHeaders(flags: number, id: number, payload: Uint8Array): void {
    if (id === 0) return this.#fail(H2Error.PROTOCOL_ERROR, "HEADERS on stream 0");
    let start = 0;
    let end = payload.byteLength;
    if (flags & FrameFlag.PADDED) {
      if (end < 1 || payload[0] >= end) {
        return this.#fail(H2Error.PROTOCOL_ERROR, "HEADERS padding longer than the frame");
      }
      end -= payload[0];
      start = 1;
    }
    if (flags & FrameFlag.PRIORITY) start += 5;
    if (start > end) return this.#fail(H2Error.FRAME_SIZE_ERROR, "HEADERS too short");
    const part = payload.subarray(start, end);
    const endStream = (flags & FrameFlag.END_STREAM) !== 0;
    if (flags & FrameFlag.END_HEADERS) return this.#headerBlockDone(id, endStream, part);
    this.#headerBlock = { id, endStream, parts: [part.slice()], size: part.byteLength };
  }

  #onContinuation(flags: number, id: number, payload: Uint8Array): void {
    const hb = this.#headerBlock;
    if (hb === null || hb.id !== id) {
      return this.#fail(H2Error.PROTOCOL_ERROR, "CONTINUATION without a header block");
    }
    hb.size += payload.byteLength;
    if (hb.size > MAX_HEADER_BLOCK) {
      return this.#fail(H2Error.ENHANCE_YOUR_CALM, `header block over ${MAX_HEADER_BLOCK} bytes`);
    }
    hb.parts.push(payload.slice());
    if (!(flags & FrameFlag.END_HEADERS)) return;
    this.#headerBlock = null;
    const block = new Uint8Array(hb.size);
    let at = 0;
    for (const p of hb.parts) {
      block.set(p, at);
      at += p.byteLength;
    }
    this.#headerBlockDone(id, hb.endStream, block);
  }

  #headerBlockDone(id: number, endStream: boolean, block: Uint8Array): void {
    // Decoded even for streams we dropped: the HPACK table must stay in step.
    const fields = this.#decoder.decode(block);
    const s = this.#streams.get(id);
    if (s === undefined) {
      if (id % 2 === 0 || id >= this.#nextId) {
        return this.#fail(H2Error.PROTOCOL_ERROR, `HEADERS on stream ${id}, which we never opened`);
      }
      return; // a stream we cancelled: the server had not seen the reset yet
    }
    if (endStream) this.#finish(s);
    s.events.headers(fields, endStream);
  }

  #onData(flags: number, id: number, payload: Uint8Array): void {
    if (id === 0) return this.#fail(H2Error.PROTOCOL_ERROR, "DATA on stream 0");
    this.#connRecvWindow -= payload.byteLength;
    if (this.#connRecvWindow < 0) {
      return this.#fail(H2Error.FLOW_CONTROL_ERROR, "DATA beyond the connection window");
    }
    this.#connRecvUnacked += payload.byteLength;
    if (this.#connRecvUnacked >= CONNECTION_WINDOW / 2) {
      this.#queue(windowUpdate(0, this.#connRecvUnacked));
      this.#connRecvWindow += this.#connRecvUnacked;
      this.#connRecvUnacked = 0;
    }
    const s = this.#streams.get(id);
    if (s === undefined) {
      if (id % 2 === 0 || id >= this.#nextId) {
        return this.#fail(H2Error.PROTOCOL_ERROR, `DATA on stream ${id}, which we never opened`);
      }
      return;
    }
    let start = 0;
    let end = payload.byteLength;
    if (flags & FrameFlag.PADDED) {
      if (end < 1 || payload[0] >= end) {
        return this.#fail(H2Error.PROTOCOL_ERROR, "DATA padding longer than the frame");
      }
      end -= payload[0];
      start = 1;
    }
    const endStream = (flags & FrameFlag.END_STREAM) !== 0;
    const due = s.consumed(payload.byteLength);
    if (due < 0) {
      return this.resetStream(s, H2Error.FLOW_CONTROL_ERROR, "the server overran the window");
    }
    if (due > 0 && !endStream) this.#queue(windowUpdate(id, due));
    if (endStream) this.#finish(s);
    s.events.data(payload.slice(start, end), endStream);
  }

  #onWindowUpdate(id: number, payload: Uint8Array): void {
    if (payload.byteLength !== 4) {
      return this.#fail(H2Error.FRAME_SIZE_ERROR, "WINDOW_UPDATE must be 4 bytes");
    }
    const inc = new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0) & 0x7fffffff;
    if (id === 0) {
      if (inc === 0) return this.#fail(H2Error.PROTOCOL_ERROR, "WINDOW_UPDATE of 0");
      this.#connSendWindow += inc;
      if (this.#connSendWindow > MAX_WINDOW) {
        return this.#fail(H2Error.FLOW_CONTROL_ERROR, "connection window overflow");
      }
      for (const s of [...this.#streams.values()]) this.pump(s);
      return;
    }
    const s = this.#streams.get(id);
    if (s === undefined) return;
    if (inc === 0) return this.resetStream(s, H2Error.PROTOCOL_ERROR, "WINDOW_UPDATE of 0");
    s.sendWindow += inc;
    if (s.sendWindow > MAX_WINDOW) {
      return this.resetStream(s, H2Error.FLOW_CONTROL_ERROR, "stream window overflow");
    }
    this.pump(s);
  }

  #onGoAway(payload: Uint8Array): void {
    if (payload.byteLength < 8) return this.#fail(H2Error.FRAME_SIZE_ERROR, "GOAWAY too short");
    const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    const lastStreamId = view.getUint32(0) & 0x7fffffff;
    const code = view.getUint32(4);
    const message = new TextDecoder().decode(payload.subarray(8));
    this.#goAway = { lastStreamId, code, message };
    // Streams above the last one the server processed were never seen: safe to retry.
    for (const s of [...this.#streams.values()]) {
      if (s.id > lastStreamId) {
        this.#drop(s, H2Error.REFUSED_STREAM, `the server sent GOAWAY before stream ${s.id}`);
      }
    }
    this.#maybeEnd();
  }

  #sendHeaderBlock(id: number, fields: readonly HeaderField[]): void {
    const block = encodeHeaders(fields);
    let at = 0;
    let first = true;
    do {
      const n = Math.min(block.byteLength - at, this.#peerMaxFrame);
      const last = at + n === block.byteLength;
      this.#queue(
        encodeFrame(
          first ? FrameType.HEADERS : FrameType.CONTINUATION,
          last ? FrameFlag.END_HEADERS : 0,
          id,
          block.subarray(at, at + n),
        ),
      );
      at += n;
      first = false;
    } while (at < block.byteLength);
  }

  #fail(code: number, message: string): void {
    if (this.#closed) return;
    this.#queue(goAwayFrame(0, code, message));
    this.#flush();
    this.#sink.end();
    this.closed(`HTTP/2 protocol error from the server: ${message}`);
  }

  #maybeEnd(): void {
    if (this.#goAway !== undefined && this.#streams.size === 0 && !this.#closed) {
      this.#flush();
      this.#sink.end();
    }
  }

  #queue(frame: Uint8Array): void {
    this.#out.push(frame);
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    queueMicrotask(() => this.#flush());
  }

  // One socket write per turn of the event loop, however many frames.
  #flush(): void {
    this.#flushScheduled = false;
    const out = this.#out;
    if (out.length === 0) return;
    this.#out = [];
    let size = 0;
    for (const f of out) size += f.byteLength;
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const f of out) {
      bytes.set(f, at);
      at += f.byteLength;
    }
    try {
      this.#sink.write(bytes);
    } catch {
      this.closed("writing to the server failed");
    }
  }
}

function windowUpdate(streamId: number, increment: number): Uint8Array {
  const p = new Uint8Array(4);
  new DataView(p.buffer).setUint32(0, increment);
  return encodeFrame(FrameType.WINDOW_UPDATE, 0, streamId, p);
}

function rstFrame(streamId: number, code: number): Uint8Array {
  const p = new Uint8Array(4);
  new DataView(p.buffer).setUint32(0, code);
  return encodeFrame(FrameType.RST_STREAM, 0, streamId, p);
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
