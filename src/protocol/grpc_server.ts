/**
 * A small gRPC server on `node:http2`: unary methods and one server stream
 * with raw protobuf bytes in and out. It is all a plugin needs, and it loads
 * in a fraction of a general gRPC library's time — Terraform starts a
 * provider 3-4 times per command, so start-up is on the user's critical path.
 *
 * @module
 */

import * as http2 from "node:http2";
import { FoundryError } from "../errors/mod.ts";
import { GrpcError, GrpcStatus } from "./grpc_status.ts";

/**
 * A server-streaming call: write messages, then end.
 *
 * @example
 * ```ts
 * import type { GrpcServerStream } from "@foundry/foundry/protocol";
 * const send = (s: GrpcServerStream) => { s.write(new Uint8Array()); s.end(); };
 * ```
 */
export interface GrpcServerStream {
  /** Sends one message. Ignored once the stream has ended. */
  write(message: Uint8Array): void;
  /** Ends the stream with status OK. */
  end(): void;
  /** True once the client went away or the stream ended. */
  readonly closed: boolean;
}

/**
 * What a method does: answer one request, or stream to the client.
 *
 * @example
 * ```ts
 * import type { GrpcMethod } from "@foundry/foundry/protocol";
 * const echo: GrpcMethod = { kind: "unary", handle: (req) => Promise.resolve(req) };
 * ```
 */
export type GrpcMethod =
  | {
    readonly kind: "unary";
    handle(request: Uint8Array): Promise<Uint8Array>;
    /** Called once the call is over and its answer sent (or the client went away). */
    finished?(): void;
  }
  | { readonly kind: "stream"; open(request: Uint8Array, stream: GrpcServerStream): void };

/**
 * TLS for {@link GrpcServer}: our certificate and the one client certificate
 * we accept (go-plugin's AutoMTLS pins both ends).
 *
 * @example
 * ```ts
 * import type { GrpcTls } from "@foundry/foundry/protocol";
 * const tls: GrpcTls = { certPem: "...", keyPem: "...", clientCaPem: "..." };
 * ```
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
 *
 * @example
 * ```ts
 * import type { GrpcServerOptions } from "@foundry/foundry/protocol";
 * const o: GrpcServerOptions = { maxMessageBytes: 64 << 20 };
 * ```
 */
export interface GrpcServerOptions {
  /** Mutual TLS; without it the server speaks cleartext HTTP/2 (debug mode, tests). */
  readonly tls?: GrpcTls;
  /** Largest request message accepted (default 256 MiB, as Terraform's client allows). */
  readonly maxMessageBytes?: number;
  /** Told about connection-level problems (refused TLS clients, protocol errors). */
  readonly onConnectionError?: (error: Error) => void;
}

const HEADER_BYTES = 5;
const DEFAULT_MAX = 256 * 1024 * 1024;

/**
 * Serves gRPC methods by full path (`/tfplugin6.Provider/GetProviderSchema`).
 *
 * @example
 * ```ts
 * import { GrpcServer } from "@foundry/foundry/protocol";
 * const server = new GrpcServer(new Map([
 *   ["/grpc.health.v1.Health/Check", { kind: "unary", handle: () => Promise.resolve(new Uint8Array([8, 1])) }],
 * ]));
 * const address = await server.listen({ port: 0, host: "127.0.0.1" });
 * console.assert(address.startsWith("127.0.0.1:"));
 * await server.close();
 * ```
 */
export class GrpcServer {
  readonly #methods: ReadonlyMap<string, GrpcMethod>;
  readonly #server: http2.Http2Server | http2.Http2SecureServer;
  readonly #sessions = new Set<http2.ServerHttp2Session>();
  readonly #streams = new Set<{ end(): void }>();
  readonly #max: number;
  #closing: Promise<void> | undefined;

  /** Creates a server for `methods`; call {@link GrpcServer.listen} to start. */
  constructor(methods: ReadonlyMap<string, GrpcMethod>, opts: GrpcServerOptions = {}) {
    this.#methods = methods;
    this.#max = opts.maxMessageBytes ?? DEFAULT_MAX;
    const settings: http2.Settings = { maxConcurrentStreams: 1000 };
    this.#server = opts.tls
      ? http2.createSecureServer({
        key: opts.tls.keyPem,
        cert: opts.tls.certPem,
        ca: [opts.tls.clientCaPem],
        requestCert: true,
        rejectUnauthorized: true,
        ALPNProtocols: ["h2"],
        allowHTTP1: false,
        settings,
      })
      : http2.createServer({ settings });
    const report = opts.onConnectionError ?? (() => {});
    this.#server.on("session", (s: http2.ServerHttp2Session) => {
      this.#sessions.add(s);
      s.on("close", () => this.#sessions.delete(s));
      s.on("error", (e: Error) => report(e));
    });
    this.#server.on("tlsClientError", (e: Error) => report(e));
    this.#server.on("sessionError", (e: Error) => report(e));
    this.#server.on(
      "stream",
      (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) =>
        this.#onStream(stream, headers),
    );
  }

  /**
   * Listens on a unix socket path or a TCP port; resolves to the address
   * (`/tmp/plugin123` or `127.0.0.1:10000`).
   */
  listen(at: { path: string } | { port: number; host: string }): Promise<string> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      this.#server.once("error", onError);
      const done = () => {
        this.#server.off("error", onError);
        if ("path" in at) return resolve(at.path);
        const a = this.#server.address();
        resolve(`${at.host}:${typeof a === "object" && a !== null ? a.port : at.port}`);
      };
      if ("path" in at) this.#server.listen(at.path, done);
      else this.#server.listen(at.port, at.host, done);
    });
  }

  /**
   * Stops accepting connections, ends open streams, and closes sessions once
   * their calls finish; after `graceMs` remaining sessions are destroyed.
   */
  close(graceMs = 100): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      for (const s of this.#streams) s.end();
      const force = setTimeout(() => {
        for (const s of this.#sessions) s.destroy();
      }, graceMs);
      this.#server.close(() => {
        clearTimeout(force);
        resolve();
      });
      for (const s of this.#sessions) s.close();
    });
    return this.#closing;
  }

  #onStream(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
    stream.on("error", () => {}); // a reset by the client is not our failure
    const path = headers[":path"] ?? "";
    const method = this.#methods.get(path);
    const contentType = String(headers["content-type"] ?? "");
    if (headers[":method"] !== "POST" || !contentType.startsWith("application/grpc")) {
      if (!stream.destroyed) stream.respond({ ":status": 415 }, { endStream: true });
      stream.resume();
      return;
    }
    if (method === undefined) {
      trailersOnly(stream, GrpcStatus.UNIMPLEMENTED, `unknown method ${path}`);
      stream.resume();
      return;
    }
    const encoding = headers["grpc-encoding"];
    const chunks: Uint8Array[] = [];
    let size = 0;
    let failed = false;
    stream.on("data", (chunk: Uint8Array) => {
      if (failed) return;
      size += chunk.byteLength;
      if (size > this.#max + HEADER_BYTES) {
        failed = true;
        trailersOnly(
          stream,
          GrpcStatus.RESOURCE_EXHAUSTED,
          `request larger than the ${this.#max} bytes allowed`,
        );
        return;
      }
      chunks.push(chunk);
    });
    stream.on("end", () => {
      if (failed || stream.destroyed) return;
      const request = readOneMessage(chunks, size, encoding);
      if (request instanceof GrpcError) {
        return trailersOnly(stream, request.status, request.message);
      }
      if (method.kind === "unary") {
        if (method.finished) stream.once("close", method.finished);
        method.handle(request).then(
          (reply) => reply_(stream, reply),
          (e) =>
            trailersOnly(
              stream,
              e instanceof GrpcError ? e.status : GrpcStatus.INTERNAL,
              e instanceof Error ? e.message : String(e),
            ),
        );
      } else {
        this.#openStream(stream, method, request);
      }
    });
  }

  #openStream(
    stream: http2.ServerHttp2Stream,
    method: Extract<GrpcMethod, { kind: "stream" }>,
    request: Uint8Array,
  ): void {
    stream.respond(okHeaders(), { waitForTrailers: true });
    stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
    const handle = {
      write: (m: Uint8Array) => {
        if (!handle.closed) stream.write(frame(m));
      },
      end: () => {
        if (handle.closed) return;
        handle.closed = true;
        this.#streams.delete(handle);
        stream.end();
      },
      closed: false,
    };
    stream.on("close", () => {
      handle.closed = true;
      this.#streams.delete(handle);
    });
    this.#streams.add(handle);
    method.open(request, handle);
  }
}

function okHeaders(): http2.OutgoingHttpHeaders {
  return { ":status": 200, "content-type": "application/grpc" };
}

function reply_(stream: http2.ServerHttp2Stream, message: Uint8Array): void {
  if (stream.destroyed || stream.closed) return;
  stream.respond(okHeaders(), { waitForTrailers: true });
  stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
  stream.end(frame(message));
}

/** A response with no messages: status in the only HEADERS frame. */
function trailersOnly(stream: http2.ServerHttp2Stream, status: number, message: string): void {
  if (stream.destroyed || stream.closed) return;
  if (stream.headersSent) {
    stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
    return;
  }
  stream.respond({
    ...okHeaders(),
    "grpc-status": String(status),
    "grpc-message": encodeURIComponent(message),
  }, { endStream: true });
}

/** Length-prefixed message framing (flag byte 0: uncompressed). */
function frame(message: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + message.byteLength);
  new DataView(out.buffer).setUint32(1, message.byteLength);
  out.set(message, HEADER_BYTES);
  return out;
}

function readOneMessage(
  chunks: Uint8Array[],
  size: number,
  encoding: string | string[] | undefined,
): Uint8Array | GrpcError {
  const all = chunks.length === 1 ? chunks[0] : concat(chunks, size);
  if (all.byteLength < HEADER_BYTES) {
    return new GrpcError(
      GrpcStatus.INTERNAL,
      `request of ${all.byteLength} bytes is shorter than a gRPC message header`,
    );
  }
  const compressed = all[0];
  const length = new DataView(all.buffer, all.byteOffset, all.byteLength).getUint32(1);
  if (compressed !== 0) {
    return new GrpcError(
      GrpcStatus.UNIMPLEMENTED,
      `compressed requests (grpc-encoding ${String(encoding ?? "unknown")}) are not supported`,
    );
  }
  if (length !== all.byteLength - HEADER_BYTES) {
    return new GrpcError(
      GrpcStatus.INTERNAL,
      `request declares a ${length}-byte message but carries ${all.byteLength - HEADER_BYTES}`,
    );
  }
  return all.subarray(HEADER_BYTES);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * The first free TCP port in `min..max` on 127.0.0.1, as go-plugin picks one.
 *
 * @example
 * ```ts
 * import { GrpcServer, listenFirstFreePort } from "@foundry/foundry/protocol";
 * const server = new GrpcServer(new Map());
 * const address = await listenFirstFreePort(server, 10000, 25000);
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
