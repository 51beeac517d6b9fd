/**
 * A gRPC client on our own HTTP/2 client connection (`http2_client.ts`):
 * unary, server-streaming and bidirectional calls with raw protobuf bytes
 * in and out, over a unix socket or TCP, cleartext or mutual TLS with a
 * pinned server certificate (go-plugin's AutoMTLS). Deadlines, cancellation
 * by `AbortSignal`, and a cap on the size of received messages.
 *
 * @module
 */

import * as net from "node:net";
import * as tls from "node:tls";
import { FoundryError } from "../errors/mod.ts";
import type { HeaderField } from "./hpack.ts";
import { Http2ClientConnection, type Http2ClientStream } from "./http2_client.ts";
import { H2Error } from "./http2_frame.ts";
import { GrpcError, GrpcStatus } from "./status.ts";

/**
 * Where a server listens: a unix socket path or a TCP host and port.
 */
export type GrpcTarget = { readonly path: string } | {
  readonly host: string;
  readonly port: number;
};

/**
 * Mutual TLS for {@link GrpcClient}: our certificate and the one server
 * certificate we trust (go-plugin pins the plugin's own certificate as the root).
 */
export interface GrpcClientTls {
  /** Client certificate (PEM). */
  readonly certPem: string;
  /** Client private key (PEM). */
  readonly keyPem: string;
  /** The server certificate (or its CA) to trust (PEM). */
  readonly serverCaPem: string;
  /** Name checked against the server certificate (default `localhost`, as go-plugin uses). */
  readonly serverName?: string;
}

/**
 * Options for {@link GrpcClient.connect}.
 */
export interface GrpcClientOptions {
  /** Mutual TLS; without it the client speaks cleartext HTTP/2. */
  readonly tls?: GrpcClientTls;
  /** Largest message accepted from the server (default 256 MiB, as Terraform allows). */
  readonly maxMessageBytes?: number;
  /** Give up connecting (TCP, TLS and the server's SETTINGS) after this long (default 10 s). */
  readonly connectTimeoutMs?: number;
}

/**
 * Options for one call.
 */
export interface GrpcCallOptions {
  /** Cancels the call (RST_STREAM; the call fails with CANCELLED). */
  readonly signal?: AbortSignal;
  /** Deadline from now, sent as `grpc-timeout`; the call fails with DEADLINE_EXCEEDED. */
  readonly timeoutMs?: number;
  /** Extra request metadata (lowercase names). */
  readonly metadata?: readonly HeaderField[];
}

/**
 * How a call ended: the status code, its message, and the trailers.
 */
export interface GrpcCallStatus {
  /** A {@link GrpcStatus} code. */
  readonly code: number;
  /** `grpc-message`, percent-decoded. */
  readonly message: string;
  /** Every trailer field (or the headers of a trailers-only answer). */
  readonly trailers: readonly HeaderField[];
}

const HEADER_BYTES = 5;
const DEFAULT_MAX = 256 * 1024 * 1024;
const CALL_HEADERS: readonly HeaderField[] = [
  ["content-type", "application/grpc"],
  ["te", "trailers"],
  ["user-agent", "foundry-grpc"],
];

/**
 * One call in flight: send messages with {@link GrpcCall.send}, finish
 * sending with {@link GrpcCall.end}, read answers by iterating, and learn
 * how it ended from {@link GrpcCall.status} (which never rejects).
 *
 * @example Usage
 * ```ts
 * import type { GrpcCall } from "./mod.ts";
 * async function all(call: GrpcCall): Promise<number> {
 *   let n = 0;
 *   for await (const _ of call) n++;
 *   return n;
 * }
 * ```
 */
export class GrpcCall implements AsyncIterable<Uint8Array> {
  /** The full method path, e.g. `/grpc.health.v1.Health/Check`. */
  readonly path: string;
  /** Resolves with the call's status once it is over. */
  readonly status: Promise<GrpcCallStatus>;
  #resolveStatus!: (s: GrpcCallStatus) => void;
  #stream: Http2ClientStream | undefined;
  #ended: GrpcCallStatus | undefined;
  #messages: Uint8Array[] = [];
  #waiters: (() => void)[] = [];
  #pending: Uint8Array[] = [];
  #pendingSize = 0;
  #headers: readonly HeaderField[] | undefined;
  readonly #max: number;
  #cleanup: (() => void)[] = [];

  /** @internal Created by {@link GrpcClient.call}. */
  constructor(path: string, max: number) {
    this.path = path;
    this.#max = max;
    this.status = new Promise((r) => (this.#resolveStatus = r));
  }

  /** Response headers, once they arrived. */
  get responseHeaders(): readonly HeaderField[] | undefined {
    return this.#headers;
  }

  /** @internal */
  attach(stream: Http2ClientStream, cleanup: (() => void)[]): void {
    this.#stream = stream;
    this.#cleanup = cleanup;
  }

  /** Sends one message (length-prefixed, uncompressed). */
  send(message: Uint8Array): void {
    this.#stream?.write(frameMessage(message));
  }

  /** Ends the request stream. */
  end(): void {
    this.#stream?.end();
  }

  /** Cancels the call: the server is told, the call ends with CANCELLED. */
  cancel(message = "the call was cancelled by the client"): void {
    this.finish(GrpcStatus.CANCELLED, message, []);
    this.#stream?.cancel(H2Error.CANCEL);
  }

  /** Reads answers in order; throws a {@link GrpcError} if the call ends with an error. */
  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const next = this.#messages.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      const ended = this.#ended;
      if (ended !== undefined) {
        if (ended.code !== GrpcStatus.OK) throw new GrpcError(ended.code, ended.message);
        return;
      }
      await new Promise<void>((r) => this.#waiters.push(r));
    }
  }

  /** @internal Response headers or trailers. */
  onHeaders(fields: readonly HeaderField[], endStream: boolean): void {
    if (this.#headers === undefined) {
      this.#headers = fields;
      const httpStatus = value(fields, ":status");
      if (httpStatus !== "200") {
        return this.finish(
          httpToGrpc(Number(httpStatus)),
          `the server answered HTTP ${httpStatus ?? "without a status"}`,
          fields,
        );
      }
      const type = value(fields, "content-type") ?? "";
      if (!type.startsWith("application/grpc")) {
        return this.finish(
          GrpcStatus.UNKNOWN,
          `the server answered with content-type "${type}", not application/grpc`,
          fields,
        );
      }
      if (!endStream) return;
    }
    if (!endStream) {
      return this.#fail(GrpcStatus.INTERNAL, "the server sent a second header block mid-stream");
    }
    if (this.#pendingSize > 0) {
      return this.#fail(
        GrpcStatus.INTERNAL,
        `the answer ended inside a message (${this.#pendingSize} bytes of it were sent)`,
      );
    }
    const code = value(fields, "grpc-status");
    if (code === undefined || !/^\d+$/.test(code)) {
      return this.finish(GrpcStatus.INTERNAL, "the server's trailers lack grpc-status", fields);
    }
    this.finish(Number(code), decodeMessageText(value(fields, "grpc-message") ?? ""), fields);
  }

  /** @internal Response body bytes: cut into length-prefixed messages. */
  onData(chunk: Uint8Array): void {
    if (this.#ended !== undefined) return;
    this.#pending.push(chunk);
    this.#pendingSize += chunk.byteLength;
    while (this.#pendingSize >= HEADER_BYTES) {
      const head = this.#peek(HEADER_BYTES);
      const length = new DataView(head.buffer, head.byteOffset, 5).getUint32(1);
      if (head[0] !== 0) {
        return this.#fail(GrpcStatus.INTERNAL, "the server sent a compressed message unasked");
      }
      if (length > this.#max) {
        return this.#fail(
          GrpcStatus.RESOURCE_EXHAUSTED,
          `the server sent a ${length}-byte message; at most ${this.#max} bytes are accepted`,
        );
      }
      if (this.#pendingSize < HEADER_BYTES + length) return;
      const whole = this.#peek(HEADER_BYTES + length);
      this.#consume(HEADER_BYTES + length);
      this.#messages.push(whole.slice(HEADER_BYTES));
      this.#wake();
    }
  }

  /** @internal The stream was reset or the connection lost. */
  onReset(code: number, reason: string): void {
    if (this.#ended !== undefined) return;
    const status = code === H2Error.REFUSED_STREAM
      ? GrpcStatus.UNAVAILABLE
      : code === H2Error.CANCEL
      ? (reason.includes("connection") ? GrpcStatus.UNAVAILABLE : GrpcStatus.CANCELLED)
      : code === H2Error.ENHANCE_YOUR_CALM
      ? GrpcStatus.RESOURCE_EXHAUSTED
      : GrpcStatus.INTERNAL;
    this.finish(status, reason, []);
  }

  /** @internal */
  finish(code: number, message: string, trailers: readonly HeaderField[]): void {
    if (this.#ended !== undefined) return;
    this.#ended = { code, message, trailers };
    for (const fn of this.#cleanup) fn();
    this.#cleanup = [];
    this.#resolveStatus(this.#ended);
    this.#wake();
  }

  #fail(code: number, message: string): void {
    this.finish(code, message, []);
    this.#stream?.cancel(H2Error.CANCEL);
  }

  #wake(): void {
    const ws = this.#waiters;
    this.#waiters = [];
    for (const w of ws) w();
  }

  #peek(n: number): Uint8Array {
    if (this.#pending[0].byteLength >= n) return this.#pending[0];
    const out = new Uint8Array(n);
    let at = 0;
    for (const c of this.#pending) {
      const take = Math.min(c.byteLength, n - at);
      out.set(c.subarray(0, take), at);
      at += take;
      if (at === n) break;
    }
    return out;
  }

  #consume(n: number): void {
    this.#pendingSize -= n;
    while (n > 0) {
      const c = this.#pending[0];
      if (c.byteLength <= n) {
        this.#pending.shift();
        n -= c.byteLength;
      } else {
        this.#pending[0] = c.subarray(n);
        n = 0;
      }
    }
  }
}

/**
 * A gRPC client connection. Open it with {@link GrpcClient.connect}; make
 * calls with {@link GrpcClient.unary}, {@link GrpcClient.serverStream} or
 * {@link GrpcClient.call}; close it with {@link GrpcClient.close}.
 *
 * @example A unary call to our own server
 * ```ts
 * import assert from "node:assert/strict";
 * import { GrpcClient, GrpcServer } from "./mod.ts";
 * const server = new GrpcServer(new Map([
 *   ["/echo.Echo/Say", { kind: "unary", handle: (req) => Promise.resolve(req) }],
 * ]));
 * const address = await server.listen({ port: 0, host: "127.0.0.1" });
 * const client = await GrpcClient.connect({
 *   host: "127.0.0.1",
 *   port: Number(address.split(":")[1]),
 * });
 * const reply = await client.unary("/echo.Echo/Say", new Uint8Array([10, 2, 104, 105]));
 * assert.deepEqual(reply, new Uint8Array([10, 2, 104, 105]));
 * await client.close();
 * await server.close();
 * ```
 */
export class GrpcClient {
  readonly #conn: Http2ClientConnection;
  readonly #socket: net.Socket;
  readonly #max: number;
  readonly #calls = new Set<GrpcCall>();
  /** Resolves with the reason once the connection is gone. */
  readonly closed: Promise<string>;

  private constructor(socket: net.Socket, conn: Http2ClientConnection, max: number) {
    this.#socket = socket;
    this.#conn = conn;
    this.#max = max;
    this.closed = new Promise((resolve) => {
      conn.onClose = resolve;
    });
  }

  /**
   * Connects to `target` and waits for the server's SETTINGS. Fails with a
   * `FoundryError` (`grpc.client.connect`) naming the target and the cause.
   */
  static async connect(target: GrpcTarget, opts: GrpcClientOptions = {}): Promise<GrpcClient> {
    const where = "path" in target ? `unix:${target.path}` : `${target.host}:${target.port}`;
    const timeoutMs = opts.connectTimeoutMs ?? 10_000;
    let socket: net.Socket | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const connecting = (async () => {
        const raw = await openSocket(target);
        socket = raw;
        const s = opts.tls ? await startTls(raw, opts.tls) : raw;
        socket = s;
        const conn = new Http2ClientConnection({
          write: (bytes, done) => void s.write(bytes, done),
          end: () => void s.end(),
          destroy: () => void s.destroy(),
          queued: () => s.writableLength,
        }, { authority: "path" in target ? "localhost" : `${target.host}:${target.port}` });
        s.setNoDelay?.(true);
        // Sockets hand out Buffers, whose slice() does not copy: plain bytes from here on.
        s.on(
          "data",
          (chunk: Uint8Array) =>
            conn.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
        );
        s.on("error", () => {});
        s.on("close", () => conn.closed());
        await conn.ready();
        return new GrpcClient(s, conn, opts.maxMessageBytes ?? DEFAULT_MAX);
      })();
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      return await Promise.race([connecting, late]);
    } catch (e) {
      socket?.destroy();
      const cause = e instanceof Error ? e.message : String(e);
      throw new FoundryError("grpc.client.connect", `Cannot connect to ${where}: ${cause}`, {
        context: { target: where },
        cause: e,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Calls in flight. */
  get activeCalls(): number {
    return this.#calls.size;
  }

  /** Starts a call of any shape; the caller sends, ends and reads. */
  call(path: string, opts: GrpcCallOptions = {}): GrpcCall {
    const call = new GrpcCall(path, this.#max);
    if (opts.signal?.aborted) {
      call.finish(GrpcStatus.CANCELLED, "the call was cancelled before it started", []);
      return call;
    }
    const fields: HeaderField[] = [...CALL_HEADERS];
    if (opts.timeoutMs !== undefined) {
      fields.push(["grpc-timeout", `${Math.ceil(opts.timeoutMs)}m`]);
    }
    for (const f of opts.metadata ?? []) fields.push(f);
    let stream: Http2ClientStream;
    try {
      stream = this.#conn.open(path, fields, {
        headers: (h, end) => call.onHeaders(h, end),
        data: (chunk) => call.onData(chunk),
        reset: (code, reason) => call.onReset(code, reason),
      });
    } catch (e) {
      call.finish(GrpcStatus.UNAVAILABLE, e instanceof Error ? e.message : String(e), []);
      return call;
    }
    this.#calls.add(call);
    const cleanup: (() => void)[] = [() => this.#calls.delete(call)];
    if (opts.signal) {
      const onAbort = () => call.cancel("the call was cancelled by its signal");
      opts.signal.addEventListener("abort", onAbort, { once: true });
      cleanup.push(() => opts.signal?.removeEventListener("abort", onAbort));
    }
    if (opts.timeoutMs !== undefined) {
      const timer = setTimeout(() => {
        call.finish(
          GrpcStatus.DEADLINE_EXCEEDED,
          `no answer within the ${opts.timeoutMs} ms deadline`,
          [],
        );
        stream.cancel(H2Error.CANCEL);
      }, opts.timeoutMs);
      cleanup.push(() => clearTimeout(timer));
    }
    call.attach(stream, cleanup);
    return call;
  }

  /**
   * One request, one answer. Throws a {@link GrpcError} with the server's
   * status when the call fails.
   */
  async unary(path: string, request: Uint8Array, opts: GrpcCallOptions = {}): Promise<Uint8Array> {
    const call = this.call(path, opts);
    call.send(request);
    call.end();
    const answers: Uint8Array[] = [];
    for await (const m of call) answers.push(m);
    if (answers.length !== 1) {
      throw new GrpcError(
        GrpcStatus.INTERNAL,
        `${path} answered ${answers.length} messages; a unary call takes exactly one`,
      );
    }
    return answers[0];
  }

  /** One request, a stream of answers. */
  serverStream(path: string, request: Uint8Array, opts: GrpcCallOptions = {}): GrpcCall {
    const call = this.call(path, opts);
    call.send(request);
    call.end();
    return call;
  }

  /** Sends an HTTP/2 PING and resolves on its acknowledgement. */
  ping(): Promise<void> {
    return this.#conn.ping();
  }

  /**
   * Closes: GOAWAY, then the socket once calls finish; after `graceMs` the
   * socket is cut and calls still open end with UNAVAILABLE.
   */
  async close(graceMs = 1000): Promise<void> {
    this.#conn.goAway();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.closed,
      new Promise<void>((r) => (timer = setTimeout(r, graceMs))),
    ]);
    clearTimeout(timer);
    this.#socket.destroy();
    this.#conn.closed("the client closed the connection");
  }
}

function openSocket(target: GrpcTarget): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = "path" in target
      ? net.connect({ path: target.path })
      : net.connect({ host: target.host, port: target.port });
    s.once("connect", () => {
      s.off("error", reject);
      resolve(s);
    });
    s.once("error", reject);
  });
}

function startTls(raw: net.Socket, opts: GrpcClientTls): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({
      socket: raw,
      cert: opts.certPem,
      key: opts.keyPem,
      ca: [opts.serverCaPem],
      servername: opts.serverName ?? "localhost",
      ALPNProtocols: ["h2"],
      rejectUnauthorized: true,
    });
    s.once("secureConnect", () => {
      s.off("error", reject);
      resolve(s);
    });
    s.once("error", reject);
  });
}

function frameMessage(message: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + message.byteLength);
  new DataView(out.buffer).setUint32(1, message.byteLength);
  out.set(message, HEADER_BYTES);
  return out;
}

function value(fields: readonly HeaderField[], name: string): string | undefined {
  for (const [n, v] of fields) if (n === name) return v;
  return undefined;
}

function decodeMessageText(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** gRPC's mapping of HTTP statuses for answers that are not gRPC. */
function httpToGrpc(status: number): number {
  switch (status) {
    case 400:
      return GrpcStatus.INTERNAL;
    case 401:
      return GrpcStatus.UNAUTHENTICATED;
    case 403:
      return GrpcStatus.PERMISSION_DENIED;
    case 404:
      return GrpcStatus.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return GrpcStatus.UNAVAILABLE;
    default:
      return GrpcStatus.UNKNOWN;
  }
}
