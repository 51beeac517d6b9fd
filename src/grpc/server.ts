/**
 * A small gRPC server: unary, server-streaming and bidirectional methods
 * with raw protobuf bytes in and out, over our own HTTP/2 on our own TLS 1.3
 * (mutual TLS, `tls/`) or cleartext, on connections from `Deno.listen`. It
 * is all a plugin needs, and it loads in a fraction of the time of a general
 * gRPC library or `node:http2` — Terraform starts a provider 3-4 times per
 * command, so start-up is on the user's critical path. For the same reason
 * no `node:` module is imported: Deno's Node layer and `node:tls` cost a
 * launch ~55 ms of CPU before its first answer.
 *
 * @module
 */

import { plainTransport, type ServerTransport } from "./server_transport.ts";
import { makeTlsServerConfig, type TlsServerConfig } from "./tls/server_config.ts";
import { tlsServerTransport } from "./tls/tls_connection.ts";
import type { HeaderField } from "./hpack.ts";
import { type H2Stream, Http2Connection, type StreamHandler } from "./http2_connection.ts";
import { FoundryError } from "../errors/mod.ts";
import { GrpcError, GrpcStatus } from "./status.ts";
import { HTTP2_LIMITS } from "./http2_limits.ts";
import { RequestBudget } from "./request_budget.ts";
import { RequestMessage } from "./request_message.ts";
import { MessageStream } from "./message_stream.ts";
import { afterDelay } from "./system_timer.ts";

/**
 * A server-streaming call: write messages, then end.
 */
export interface GrpcServerStream {
  /** Sends one message. Ignored once the stream has ended. */
  write(message: Uint8Array): void;
  /** Ends the stream with status OK. */
  end(): void;
  /** True once the client went away or the stream ended. */
  readonly closed: boolean;
  /**
   * Bytes written and not yet sent: they wait for the client's flow-control
   * window, so a client that does not read makes this grow.
   */
  readonly queued: number;
}

/**
 * What a method does: answer one request, or stream to the client.
 */
export type GrpcMethod =
  | {
    readonly kind: "unary";
    /** Answers; `signal` aborts when the client resets the call or the connection drops. */
    handle(request: Uint8Array, signal: AbortSignal): Promise<Uint8Array>;
    /** Called once the call is over and its answer sent (or the client went away). */
    finished?(): void;
  }
  | { readonly kind: "stream"; open(request: Uint8Array, stream: GrpcServerStream): void }
  | {
    readonly kind: "bidi";
    /**
     * Largest request message this method accepts (default and ceiling:
     * the server's `maxMessageBytes`); a call holds at most one partial
     * message, so this bounds what a call can make the server hold.
     */
    readonly maxMessageBytes?: number;
    /** Starts a call; messages reach what it returns as they arrive. */
    open(stream: GrpcServerStream): GrpcBidiReceiver;
  };

/**
 * The receiving side of a bidirectional call (what a `bidi` method's `open`
 * returns).
 */
export interface GrpcBidiReceiver {
  /** One request message. */
  message(bytes: Uint8Array): void;
  /**
   * The request side is over: the client half-closed (no `error`), sent a
   * message that was refused, or reset the call or lost the connection.
   * Called once; the response side may still be open after a half-close.
   */
  end?(error?: GrpcError): void;
}

/**
 * TLS for {@link GrpcServer}: our certificate and the one client certificate
 * we accept (go-plugin's AutoMTLS pins both ends).
 */
export interface GrpcTls {
  /** Server certificate (PEM). */
  readonly certPem: string;
  /** Server private key (PEM). */
  readonly keyPem: string;
  /** The client certificate that is trusted, as a CA (PEM). */
  readonly clientCaPem: string;
}

/**
 * Options for {@link GrpcServer}.
 */
export interface GrpcServerOptions {
  /** Mutual TLS; without it the server speaks cleartext HTTP/2 (debug mode, tests). */
  readonly tls?: GrpcTls;
  /** Largest request message accepted (default 256 MiB, as Terraform's client allows). */
  readonly maxMessageBytes?: number;
  /** Told about connection-level problems (refused TLS clients, protocol errors). */
  readonly onConnectionError?: (error: Error) => void;
  /** Told when a connection is accepted and ready for HTTP/2 (after its TLS handshake, if any). */
  readonly onConnection?: () => void;
  /** Overrides of the connection limits (defaults in `HTTP2_LIMITS`; tests shorten them). */
  readonly limits?: GrpcConnectionLimits;
}

/**
 * Connection-level limits of a {@link GrpcServer}; see `http2_limits.ts` for
 * the defaults and why.
 */
export interface GrpcConnectionLimits {
  /** From accept to the HTTP/2 preface, TLS handshake included. */
  readonly prefaceTimeoutMs?: number;
  /** A connection with no open stream and no traffic for this long gets GOAWAY. */
  readonly idleTimeoutMs?: number;
  /** Open connections; more are closed at once. */
  readonly maxConnections?: number;
  /**
   * Request bytes one connection may hold for calls not yet over (default:
   * the largest message and one frame). A message reserves its declared
   * length; one that does not fit waits, its sender held by flow control.
   */
  readonly maxBufferedRequestBytes?: number;
}

const HEADER_BYTES = 5;
const DEFAULT_MAX = 256 * 1024 * 1024;
// Frozen: the HPACK encoder then encodes each once (see encodeHeaders).
const OK_HEADERS: readonly HeaderField[] = Object.freeze([
  Object.freeze([":status", "200"] as const),
  Object.freeze(["content-type", "application/grpc"] as const),
]);
const OK_TRAILERS: readonly HeaderField[] = Object.freeze([
  Object.freeze(["grpc-status", "0"] as const),
]);

interface CallState {
  readonly method: GrpcMethod;
  /** A bidirectional call's messages and receiver (its `message` is unused). */
  bidi?: { readonly messages: MessageStream; receiver?: GrpcBidiReceiver; over: boolean };
  /** Aborted when the client resets the stream or the connection goes. */
  abort?: AbortController;
  /** The request being read; disposed (its reservation released) when the call is over. */
  readonly message: RequestMessage;
  finished: boolean;
  stream?: StreamHandle;
}

interface StreamHandle extends GrpcServerStream {
  closed: boolean;
}

/**
 * Serves gRPC methods by full path (`/tfplugin6.Provider/GetProviderSchema`)
 * over our own HTTP/2 (see `http2_connection.ts`) on a TLS or TCP socket.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { GrpcServer } from "./mod.ts";
 * const server = new GrpcServer(new Map([
 *   ["/grpc.health.v1.Health/Check", { kind: "unary", handle: () => Promise.resolve(new Uint8Array([8, 1])) }],
 * ]));
 * const address = await server.listen({ port: 0, host: "127.0.0.1" });
 * assert.ok(address.startsWith("127.0.0.1:"));
 * await server.close();
 * ```
 */
export class GrpcServer {
  readonly #methods: ReadonlyMap<string, GrpcMethod>;
  readonly #tls: GrpcTls | undefined;
  /** The TLS set-up (key imported, certificates read), made when the server first serves. */
  #tlsConfig: Promise<TlsServerConfig> | undefined;
  /** Listeners bound by {@link GrpcServer.listen} or given to {@link GrpcServer.adopt}. */
  readonly #listeners = new Set<Deno.Listener>();
  /** Resolves `close()` once the last connection is gone. */
  #drained: (() => void) | undefined;
  /** Every accepted connection (TLS ones from before their handshake), to its HTTP/2 state. */
  readonly #connections = new Map<ServerTransport, Http2Connection | undefined>();
  readonly #streams = new Set<StreamHandle>();
  readonly #max: number;
  readonly #report: (error: Error) => void;
  readonly #connected: () => void;
  readonly #prefaceMs: number;
  readonly #idleMs: number;
  readonly #maxConnections: number;
  readonly #maxBuffered: number;
  #closing: Promise<void> | undefined;

  /** Creates a server for `methods`; call {@link GrpcServer.listen} to start. */
  constructor(methods: ReadonlyMap<string, GrpcMethod>, opts: GrpcServerOptions = {}) {
    this.#methods = methods;
    this.#max = opts.maxMessageBytes ?? DEFAULT_MAX;
    this.#report = opts.onConnectionError ?? (() => {});
    this.#connected = opts.onConnection ?? (() => {});
    this.#prefaceMs = opts.limits?.prefaceTimeoutMs ?? HTTP2_LIMITS.prefaceTimeoutMs;
    this.#idleMs = opts.limits?.idleTimeoutMs ?? HTTP2_LIMITS.idleTimeoutMs;
    this.#maxConnections = opts.limits?.maxConnections ?? HTTP2_LIMITS.maxConnections;
    // One frame more than the largest request, so that request is refused
    // with RESOURCE_EXHAUSTED by the size check rather than reset.
    this.#maxBuffered = opts.limits?.maxBufferedRequestBytes ?? this.#max + HEADER_BYTES + 16384;
    this.#tls = opts.tls;
  }

  /** The TLS set-up, made once; rejects when the certificate or key is unusable. */
  #tlsReady(): Promise<TlsServerConfig> | undefined {
    if (this.#tls === undefined) return undefined;
    this.#tlsConfig ??= makeTlsServerConfig(this.#tls);
    return this.#tlsConfig;
  }

  /**
   * Listens on a unix socket path or a TCP port; resolves to the address
   * (`/tmp/plugin123` or `127.0.0.1:10000`). Rejects once the server is
   * closing (also when `close()` came while the TLS context was being made).
   */
  async listen(at: { path: string } | { port: number; host: string }): Promise<string> {
    const config = await this.#tlsReady();
    if (this.#closing !== undefined) {
      throw new FoundryError(
        "protocol.listen.closed",
        "The gRPC server is closed: it listens no more",
      );
    }
    const listener = "path" in at
      ? Deno.listen({ transport: "unix", path: at.path })
      : Deno.listen({ transport: "tcp", hostname: at.host, port: at.port });
    this.#serve(listener, config);
    if ("path" in at) return at.path;
    return `${at.host}:${(listener.addr as Deno.NetAddr).port}`;
  }

  /**
   * Serves the connections `listener` accepts, as {@link GrpcServer.listen}
   * serves its own; resolves once accepting has begun (the TLS key is
   * imported first). For a listener bound before this module loaded: a
   * provider binds its unix socket with `Deno.listen` and prints its
   * handshake line first, and Terraform's connection waits in the socket's
   * backlog meanwhile (go-plugin dials once it read the line and waits for
   * the TLS handshake). `close()` closes the listener.
   *
   * @example Serving from a listener bound beforehand
   * ```ts
   * import assert from "node:assert/strict";
   * import { GrpcServer } from "./mod.ts";
   * const path = await Deno.makeTempFile();
   * await Deno.remove(path);
   * const listener = Deno.listen({ transport: "unix", path });
   * const server = new GrpcServer(new Map());
   * await server.adopt(listener);
   * const conn = await Deno.connect({ transport: "unix", path });
   * // The client's connection preface; the server answers with its SETTINGS frame.
   * await conn.write(new TextEncoder().encode("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
   * const frame = new Uint8Array(9);
   * assert.ok((await conn.read(frame)) !== null);
   * assert.equal(frame[3], 0x4); // SETTINGS
   * conn.close();
   * await server.close();
   * ```
   */
  async adopt(listener: Deno.Listener): Promise<void> {
    let config: TlsServerConfig | undefined;
    try {
      config = await this.#tlsReady();
    } catch (e) {
      listener.close();
      throw e;
    }
    if (this.#closing !== undefined) {
      listener.close();
      return;
    }
    this.#serve(listener, config);
  }

  /** Accepts `listener`'s connections until it closes. */
  #serve(listener: Deno.Listener, config: TlsServerConfig | undefined): void {
    this.#listeners.add(listener);
    (async () => {
      for await (const conn of listener) this.#accept(conn, config);
    })().catch((e: unknown) => {
      if (this.#closing === undefined) {
        this.#report(e instanceof Error ? e : new Error(String(e)));
      }
    }).finally(() => this.#listeners.delete(listener));
  }

  /**
   * Stops accepting connections, ends open streams, sends GOAWAY and closes
   * connections once their calls finish; after `graceMs` the rest are cut.
   */
  close(graceMs = 100): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      for (const s of [...this.#streams]) s.end();
      const cancelForce = afterDelay(graceMs, () => {
        for (const transport of this.#connections.keys()) transport.destroy();
      });
      const done = () => {
        cancelForce();
        resolve();
      };
      for (const listener of this.#listeners) {
        try {
          listener.close();
        } catch {
          // already closed
        }
      }
      if (this.#connections.size === 0) done();
      else this.#drained = done;
      // Connections still in their TLS handshake have nothing to finish:
      // without this, a client sitting in the handshake kept the process alive.
      for (const [transport, conn] of this.#connections) {
        if (conn === undefined) transport.destroy();
        else conn.goAway();
      }
    });
    return this.#closing;
  }

  /**
   * One accepted connection: the connection cap and the preface deadline
   * (which bounds the TLS handshake too), then HTTP/2 once the transport is
   * ready, with the idle timer.
   */
  #accept(raw: Deno.Conn, config: TlsServerConfig | undefined): void {
    if (this.#connections.size >= this.#maxConnections || this.#closing !== undefined) {
      // Far below the file-descriptor limit, where the listener would stop accepting.
      this.#report(
        new Error(`connection refused: ${this.#connections.size} connections are open`),
      );
      try {
        raw.close();
      } catch {
        // gone already
      }
      return;
    }
    // Small frames must not wait for Nagle's algorithm (unix sockets have none).
    if (raw.remoteAddr.transport === "tcp") (raw as Deno.TcpConn).setNoDelay(true);
    const transport = config === undefined
      ? plainTransport(raw)
      : tlsServerTransport(raw, config, this.#report);
    this.#connections.set(transport, undefined);
    const cancelDeadline = afterDelay(this.#prefaceMs, () => {
      if (this.#connections.get(transport)?.prefaceSeen === true) return;
      this.#report(new Error(`no HTTP/2 preface within ${this.#prefaceMs} ms`));
      transport.destroy();
    });
    let conn: Http2Connection | undefined;
    let cancelIdle: (() => void) | undefined;
    let lastActive = 0;
    let over = false;
    // Bytes that arrive with the client's Finished, before HTTP/2 is set up.
    const early: Uint8Array[] = [];
    // As net.Socket's timeout: reads and writes re-arm it, once HTTP/2 runs;
    // it fires once (a call still open then keeps the connection). Reads and
    // writes only note the time: the one timer re-arms itself for the rest.
    const onIdle = () => {
      cancelIdle = undefined;
      if (over || conn === undefined) return;
      const quiet = performance.now() - lastActive;
      if (quiet < this.#idleMs) {
        cancelIdle = afterDelay(this.#idleMs - quiet, onIdle);
        return;
      }
      if (conn.streamCount > 0) return;
      this.#report(new Error(`idle for ${this.#idleMs} ms: GOAWAY`));
      conn.goAway();
    };
    const activity = () => {
      if (conn === undefined || this.#idleMs <= 0 || over) return;
      lastActive = performance.now();
      cancelIdle ??= afterDelay(this.#idleMs, onIdle);
    };
    void transport.closed.then(() => {
      over = true;
      cancelDeadline();
      cancelIdle?.();
      this.#connections.delete(transport);
      conn?.closed();
      if (this.#connections.size === 0) this.#drained?.();
    });
    // HTTP/2 starts as soon as the transport may write: under TLS, right after
    // the server's Finished, so its SETTINGS reach the client while the
    // client's certificate is checked (Go's gRPC client waits for them before
    // its first request). Requests arrive only once the handshake is done.
    const open = () => {
      if (over || conn !== undefined) return;
      conn = new Http2Connection(
        {
          write: (bytes, done) => transport.write(bytes, done),
          end: () => transport.end(),
          destroy: () => transport.destroy(),
          queued: () => transport.queued(),
        },
        this.#handlerFor(new RequestBudget(this.#maxBuffered)),
      );
      conn.onError = (message) => this.#report(new Error(`HTTP/2 connection error: ${message}`));
      this.#connections.set(transport, conn);
      activity();
      for (const bytes of early.splice(0)) conn.receive(bytes);
      if (this.#closing !== undefined) conn.goAway();
    };
    transport.start({
      data: (bytes) => conn === undefined ? early.push(bytes) : conn.receive(bytes),
      activity,
      writable: open,
    }).then(() => {
      if (over) return;
      this.#connected();
      open();
    }, () => {
      // A refused TLS client: the transport reported why, sends its alert
      // and closes (the preface deadline cuts one that does not).
    });
  }

  /** One connection's stream handler: its calls share one request budget. */
  #handlerFor(budget: RequestBudget): StreamHandler {
    return {
      headers: (s) => this.#onHeaders(s, budget),
      data: (s, chunk) => this.#onData(s, chunk),
      end: (s) => this.#onEnd(s),
      reset: (s) => this.#onReset(s),
    };
  }

  #onHeaders(s: H2Stream, budget: RequestBudget): void {
    const contentType = s.header("content-type") ?? "";
    if (s.header(":method") !== "POST" || !contentType.startsWith("application/grpc")) {
      return s.refuse([[":status", "415"]]);
    }
    const path = s.header(":path") ?? "";
    const method = this.#methods.get(path);
    if (method === undefined) {
      // Echo a bounded prefix only: the path may be a 4 KiB HPACK-indexed
      // string sent in a few bytes, and the answer must not amplify it.
      const max = HTTP2_LIMITS.maxEchoedPathChars;
      const shown = path.length > max ? `${path.slice(0, max)}...` : path;
      return refuseStatus(s, GrpcStatus.UNIMPLEMENTED, `unknown method ${shown}`);
    }
    if (method.kind === "bidi") return this.#openBidi(s, method);
    const message: RequestMessage = new RequestMessage({
      budget,
      maxBytes: this.#max,
      encoding: s.header("grpc-encoding"),
      consume: (n) => s.consume(n),
      expect: (n) => s.openWindow(n),
      settle: (request) => this.#onRequest(s, state, request),
    });
    const state: CallState = { method, message, finished: false };
    s.context = state;
  }

  #onData(s: H2Stream, chunk: Uint8Array): void {
    const state = s.context as CallState | undefined;
    // No call (refused at its headers): nothing will read these bytes.
    if (state === undefined) return s.consume(chunk.byteLength);
    if (state.bidi) return state.bidi.messages.push(chunk);
    state.message.push(chunk);
  }

  #onEnd(s: H2Stream): void {
    const state = s.context as CallState | undefined;
    if (state?.bidi) {
      const error = state.bidi.messages.end();
      if (error === undefined) endBidi(state, undefined);
      return;
    }
    if (state === undefined || s.localEnded) return;
    state.message.end();
  }

  /**
   * A bidirectional call: the response headers go at once (the client may
   * wait for them before it sends), and each request message reaches the
   * method's receiver as it completes.
   */
  #openBidi(s: H2Stream, method: GrpcMethod & { kind: "bidi" }): void {
    const messages = new MessageStream({
      maxBytes: Math.min(method.maxMessageBytes ?? this.#max, this.#max),
      encoding: s.header("grpc-encoding"),
      consume: (n) => s.consume(n),
      message: (m) => {
        if (!bidi.over) bidi.receiver?.message(m);
      },
      fail: (error) => {
        // The status goes first: the receiver's end() may try to end the call OK.
        handle.closed = true;
        this.#streams.delete(handle);
        answerStatus(s, error.status, error.message);
        endBidi(state, error);
      },
    });
    const bidi: NonNullable<CallState["bidi"]> = { messages, over: false };
    // Never read: a bidirectional call has no single request message.
    const unused = new RequestMessage({
      budget: new RequestBudget(0),
      maxBytes: 0,
      encoding: undefined,
      consume: () => {},
      settle: () => {},
    });
    const state: CallState = { method, message: unused, finished: false, bidi };
    s.context = state;
    s.sendHeaders(OK_HEADERS);
    const handle = this.#streamHandle(s, state);
    bidi.receiver = method.open(handle);
  }

  /** The handle a streaming method writes its replies through, registered with the server. */
  #streamHandle(s: H2Stream, state: CallState): StreamHandle {
    const handle: StreamHandle = {
      write: (m: Uint8Array) => {
        if (!handle.closed) s.sendData(frame(m));
      },
      end: () => {
        if (handle.closed) return;
        handle.closed = true;
        this.#streams.delete(handle);
        s.sendTrailers(OK_TRAILERS);
      },
      closed: false,
      get queued() {
        return s.queuedBytes;
      },
    };
    state.stream = handle;
    this.#streams.add(handle);
    return handle;
  }

  /** The request message is read (or refused): run the method. */
  #onRequest(s: H2Stream, state: CallState, request: Uint8Array | GrpcError): void {
    if (request instanceof GrpcError) {
      state.message.dispose();
      return answerStatus(s, request.status, request.message);
    }
    const method = state.method;
    if (method.kind === "bidi") return; // opened at its headers (#openBidi)
    if (method.kind === "unary") {
      // The request's bytes count against the connection until the call is over.
      s.onDone(() => {
        state.message.dispose();
        finish(state);
      });
      state.abort = new AbortController();
      method.handle(request, state.abort.signal).then(
        (reply) => {
          if (s.localEnded) return;
          s.sendHeaders(OK_HEADERS);
          s.sendData(frame(reply));
          s.sendTrailers(OK_TRAILERS);
        },
        (e) =>
          answerStatus(
            s,
            e instanceof GrpcError ? e.status : GrpcStatus.INTERNAL,
            e instanceof Error ? e.message : String(e),
          ),
      );
      return;
    }
    s.sendHeaders(OK_HEADERS);
    const handle = this.#streamHandle(s, state);
    // A stream lives as long as the client wants; its request is read already.
    state.message.dispose();
    method.open(request, handle);
  }

  #onReset(s: H2Stream): void {
    const state = s.context as CallState | undefined;
    if (state === undefined) return;
    state.message.dispose();
    state.abort?.abort(new Error("the client cancelled the call"));
    if (state.stream) {
      state.stream.closed = true;
      this.#streams.delete(state.stream);
    }
    endBidi(state, new GrpcError(GrpcStatus.CANCELLED, "the client cancelled the call"));
    finish(state);
  }
}

function endBidi(state: CallState, error: GrpcError | undefined): void {
  const bidi = state.bidi;
  if (bidi === undefined || bidi.over) return;
  bidi.over = true;
  bidi.receiver?.end?.(error);
}

function finish(state: CallState): void {
  if (state.finished || state.method.kind !== "unary") return;
  state.finished = true;
  state.method.finished?.();
}

/** Answers with a status: trailers-only if nothing was sent yet, else trailers. */
function answerStatus(s: H2Stream, status: number, message: string): void {
  if (s.localEnded) return;
  const fields = statusFields(status, message);
  if (s.headersSent) s.sendTrailers(fields);
  else s.sendHeaders([...OK_HEADERS, ...fields], true);
}

/** A trailers-only status for a request refused at its headers (counted against the peer). */
function refuseStatus(s: H2Stream, status: number, message: string): void {
  s.refuse([...OK_HEADERS, ...statusFields(status, message)]);
}

function statusFields(status: number, message: string): HeaderField[] {
  return [["grpc-status", String(status)], ["grpc-message", percentEncode(message)]];
}

const UTF8 = new TextEncoder();
const HEX = "0123456789ABCDEF";

/**
 * gRPC's percent-encoding of `grpc-message`: printable ASCII other than `%`
 * as is, every other UTF-8 byte as `%XX` (encodeURIComponent would also
 * escape spaces and slashes, tripling a path's size).
 */
function percentEncode(message: string): string {
  let plain = true;
  for (let i = 0; i < message.length && plain; i++) {
    const c = message.charCodeAt(i);
    plain = c >= 0x20 && c <= 0x7e && c !== 0x25;
  }
  if (plain) return message;
  let out = "";
  for (const b of UTF8.encode(message)) {
    out += b >= 0x20 && b <= 0x7e && b !== 0x25
      ? String.fromCharCode(b)
      : "%" + HEX[b >> 4] + HEX[b & 15];
  }
  return out;
}

/** Length-prefixed message framing (flag byte 0: uncompressed). */
function frame(message: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + message.byteLength);
  new DataView(out.buffer).setUint32(1, message.byteLength);
  out.set(message, HEADER_BYTES);
  return out;
}

/**
 * The first free TCP port in `min..max` on 127.0.0.1, as go-plugin picks one.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { GrpcServer, listenFirstFreePort } from "./mod.ts";
 * const server = new GrpcServer(new Map());
 * const address = await listenFirstFreePort(server, 10000, 25000);
 * const port = Number(address.slice(address.lastIndexOf(":") + 1));
 * assert.ok(port >= 10000 && port <= 25000);
 * await server.close();
 * ```
 */
export async function listenFirstFreePort(
  server: GrpcServer,
  min: number,
  max: number,
): Promise<string> {
  let last: unknown;
  for (let p = min; p <= max; p++) {
    try {
      return await server.listen({ port: p, host: "127.0.0.1" });
    } catch (e) {
      last = e;
    }
  }
  throw new FoundryError(
    "protocol.listen.no_port",
    `No free TCP port between ${min} and ${max} on 127.0.0.1`,
    { context: { min, max }, cause: last },
  );
}
