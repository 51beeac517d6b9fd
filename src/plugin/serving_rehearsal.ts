/**
 * A warm instance's rehearsal of serving, run while it waits for its launch:
 * one mutual-TLS server on a throwaway unix socket and certificate pair, one
 * client connection to it through a full TLS handshake (client certificate
 * checked) and an HTTP/2 exchange, then everything closed and removed.
 *
 * Why: the first `listen`, TLS handshake (the server's own TLS 1.3: WebCrypto's
 * first signature and key agreement, and the record crypto V8 has not
 * compiled yet) and timer of an isolate cost several milliseconds each; a
 * launch's own server then pays only what depends on the launch. The
 * rehearsal's client is `node:tls`, loaded only here, in a warm instance
 * before its launch arrives. Nothing of the rehearsal is reused by the launch: its
 * server gets the launch's own client certificate as its only CA, exactly as
 * a cold launch, on a socket of its own.
 *
 * @module
 */

import type * as tls from "node:tls";
import type { Certificate } from "./certificate_der.ts";
import type { GrpcMethod, GrpcServer } from "../grpc/serving.ts";

/** What the rehearsal needs from modules the instance has loaded already. */
export interface RehearsalParts {
  /** The gRPC server class a launch serves with. */
  readonly GrpcServer: typeof GrpcServer;
  /** Makes a throwaway certificate (the rehearsal's client), at once or later. */
  readonly generateCertificate: () => Certificate | Promise<Certificate>;
  /** The instance's prepared server certificate. */
  readonly serverCert: Certificate;
}

/** The HTTP/2 client preface and an empty SETTINGS frame. */
const PREFACE = new TextEncoder().encode("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
const SETTINGS = new Uint8Array([0, 0, 0, 4, 0, 0, 0, 0, 0]);

/**
 * A request header block in the forms Go's HTTP/2 client sends: indexed
 * static-table fields, literals added to the dynamic table, and a Huffman
 * coded value (RFC 7541, C.4.1's `www.example.com`), so each decoder path
 * runs once here.
 */
/** `:authority: www.example.com`, added to the dynamic table, Huffman coded (RFC 7541, C.4.1). */
const AUTHORITY = "418cf1e3c2e5f23a6ba0ab90f4ff".match(/../g)!.map((h) => parseInt(h, 16));

function requestHeaders(path: string): Uint8Array {
  const enc = new TextEncoder();
  const literal = (nameIndex: number, value: string) => {
    const v = enc.encode(value);
    return [0x40 | nameIndex, v.length, ...v]; // literal with incremental indexing
  };
  const newName = (name: string, value: string) => {
    const n = enc.encode(name);
    const v = enc.encode(value);
    return [0x00, n.length, ...n, v.length, ...v]; // literal, new name, not indexed
  };
  return new Uint8Array([
    0x83, // :method POST
    0x86, // :scheme http
    ...literal(4, path), // :path
    ...AUTHORITY, // :authority, Huffman coded
    ...literal(31, "application/grpc"), // content-type
    ...newName("te", "trailers"),
  ]);
}

function frame(type: number, flags: number, stream: number, payload: Uint8Array): Uint8Array {
  const f = new Uint8Array(9 + payload.length);
  f[0] = (payload.length >> 16) & 0xff;
  f[1] = (payload.length >> 8) & 0xff;
  f[2] = payload.length & 0xff;
  f[3] = type;
  f[4] = flags;
  new DataView(f.buffer).setUint32(5, stream);
  f.set(payload, 9);
  return f;
}

/** One unary gRPC call of `path` with an empty message, on stream 1. */
function unaryCall(path: string): Uint8Array[] {
  const headers = requestHeaders(path);
  const END_HEADERS = 0x4;
  const END_STREAM = 0x1;
  return [
    frame(0x1, END_HEADERS, 1, headers),
    frame(0x0, END_STREAM, 1, new Uint8Array([0, 0, 0, 0, 0])),
  ];
}

/** Reads server frames until the trailers of stream 1 (HEADERS with END_STREAM). */
class FrameScanner {
  #buf = new Uint8Array(0);

  /** Adds bytes; true once stream 1 has ended. */
  push(chunk: Uint8Array): boolean {
    const all = new Uint8Array(this.#buf.length + chunk.length);
    all.set(this.#buf);
    all.set(chunk, this.#buf.length);
    let at = 0;
    while (all.length - at >= 9) {
      const len = (all[at] << 16) | (all[at + 1] << 8) | all[at + 2];
      if (all.length - at < 9 + len) break;
      const type = all[at + 3];
      const flags = all[at + 4];
      const stream = new DataView(all.buffer, at + 5, 4).getUint32(0) & 0x7fffffff;
      if (type === 0x1 && stream === 1 && (flags & 0x1) !== 0) return true;
      at += 9 + len;
    }
    this.#buf = all.subarray(at);
    return false;
  }
}

/**
 * Runs the rehearsal; resolves when it is over (or after `limitMs`, or once
 * `signal` aborts), never rejects: a failed or cut rehearsal only means the
 * launch pays the first-use costs.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { GrpcServer } from "../grpc/serving.ts";
 * import { generateCertificate } from "./certificate.ts";
 * import { rehearseServing } from "./serving_rehearsal.ts";
 * const answered = await rehearseServing({
 *   GrpcServer,
 *   generateCertificate,
 *   serverCert: generateCertificate(),
 * });
 * assert.equal(answered, true); // a full mutual-TLS gRPC call went through
 * ```
 */
export async function rehearseServing(
  parts: RehearsalParts,
  limitMs = 2000,
  signal?: AbortSignal,
): Promise<boolean> {
  if (signal?.aborted) return false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dir: string | undefined;
  let server: GrpcServer | undefined;
  let socket: tls.TLSSocket | undefined;
  try {
    // Over at the limit, or as soon as `signal` aborts (a launch waits).
    const limit = new Promise<false>((r) => {
      timer = setTimeout(() => r(false), limitMs);
      signal?.addEventListener("abort", () => r(false), { once: true });
    });
    // Loaded here, not at the top: a launch bundle hoists a module's static
    // `node:` imports to its first line, and this module sits in the served
    // graph (behind a dynamic import), so a static one would load Deno's Node
    // layer before every cold launch's handshake line.
    const tls = await import("node:tls");
    if (signal?.aborted) return false;
    const client = await parts.generateCertificate();
    const methods = new Map<string, GrpcMethod>([
      ["/foundry.Rehearsal/Call", {
        kind: "unary",
        handle: () => Promise.resolve(new Uint8Array(0)),
      }],
    ]);
    server = new parts.GrpcServer(methods, {
      tls: {
        certPem: parts.serverCert.certPem,
        keyPem: parts.serverCert.keyPem,
        clientCaPem: client.certPem,
      },
    });
    dir = Deno.makeTempDirSync({ prefix: "foundry-rehearsal-" });
    const path = `${dir}/s`;
    await server.listen({ path });
    const answered = new Promise<boolean>((resolve) => {
      socket = tls.connect({
        path,
        cert: client.certPem,
        key: client.keyPem,
        ca: [parts.serverCert.certPem],
        servername: "localhost",
        ALPNProtocols: ["h2"],
      });
      socket.on("secureConnect", () => {
        for (const b of [PREFACE, SETTINGS, ...unaryCall("/foundry.Rehearsal/Call")]) {
          socket?.write(b);
        }
      });
      const frames = new FrameScanner();
      socket.on("data", (chunk: Uint8Array) => {
        if (frames.push(chunk)) resolve(true);
      });
      socket.on("error", () => resolve(false));
      socket.on("close", () => resolve(false));
    });
    return await Promise.race([answered, limit]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    socket?.destroy();
    await server?.close(0).catch(() => {});
    if (dir !== undefined) {
      try {
        Deno.removeSync(dir, { recursive: true });
      } catch {
        // gone already
      }
    }
  }
}
