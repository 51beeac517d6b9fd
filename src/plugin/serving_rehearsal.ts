/**
 * A warm instance's rehearsal of serving, run while it waits for its launch:
 * one mutual-TLS server on a throwaway loopback port and certificates, one
 * client connection to it through a full TLS handshake (client certificate
 * checked) and an HTTP/2 exchange, then everything closed.
 *
 * Why: the first `listen`, TLS handshake (the server's own TLS 1.3: WebCrypto's
 * first signature and key agreement, and the record crypto V8 has not
 * compiled yet) and timer of an isolate cost several milliseconds each; a
 * launch's own server then pays only what depends on the launch. Nothing of
 * the rehearsal is reused by the launch: its server gets the launch's own
 * client certificate as its only CA, exactly as a cold launch, on a socket
 * of its own.
 *
 * The client is Deno's own TLS (`Deno.connectTls`, rustls), which loads
 * nothing: `node:tls` cost each instance ~14 ms to load (Deno's Node layer)
 * and ~20 ms more for its side of the handshake, on the daemon's CPU while
 * the next command may already run. Deno's TLS client connects over TCP
 * only and refuses a CA certificate as a server's, hence the loopback port
 * and a server certificate issued by a throwaway CA (which is also the
 * client's certificate). Without permission to listen on or connect to
 * 127.0.0.1 the rehearsal ends false and the launch pays the first-use
 * costs itself. Deno's TLS client leaves Nagle's algorithm on, so the call
 * waits ~40 ms behind the client's last handshake flight (the server has
 * nothing to send that would acknowledge it sooner): idle time of an
 * instance with nothing else to do, which a launch arriving meanwhile cuts
 * short. Measured per instance (worker start to rehearsal end, all
 * threads): ~43 ms of CPU against ~62 ms with `node:tls`.
 *
 * @module
 */

import type { Certificate } from "./certificate_der.ts";
import type { GrpcMethod, GrpcServer } from "../grpc/serving.ts";
import { afterDelay } from "../grpc/system_timer.ts";
import { concat } from "./der.ts";

/** What the rehearsal needs from modules the instance has loaded already. */
export interface RehearsalParts {
  /** The gRPC server class a launch serves with. */
  readonly GrpcServer: typeof GrpcServer;
  /**
   * Makes a throwaway certificate: self-signed (a CA) without `issuer`,
   * else an end entity signed by `issuer`'s key.
   */
  readonly makeCertificate: (issuer?: Certificate) => Promise<Certificate>;
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
 * import { makeLaunchCertificate } from "./launch_certificate.ts";
 * import { rehearseServing } from "./serving_rehearsal.ts";
 * const answered = await rehearseServing({ GrpcServer, makeCertificate: makeLaunchCertificate });
 * assert.equal(answered, true); // a full mutual-TLS gRPC call went through
 * ```
 */
export async function rehearseServing(
  parts: RehearsalParts,
  limitMs = 2000,
  signal?: AbortSignal,
): Promise<boolean> {
  if (signal?.aborted) return false;
  let cancelLimit = () => {};
  let server: GrpcServer | undefined;
  let conn: Deno.TlsConn | undefined;
  let over = false;
  // Whatever exists when the rehearsal is over is closed; what an await
  // still pending then brings afterwards is closed where it arrives.
  const cleanUp = async () => {
    try {
      conn?.close();
    } catch {
      // closed already
    }
    await server?.close(0).catch(() => {});
  };
  try {
    // Over at the limit, or as soon as `signal` aborts (a launch waits).
    const limit = new Promise<false>((r) => {
      // Not setTimeout: Deno's is Node's, and its first call in an isolate
      // loads the Node layer (tens of milliseconds per instance).
      cancelLimit = afterDelay(limitMs, () => r(false));
      signal?.addEventListener("abort", () => r(false), { once: true });
    });
    const exchange = async (): Promise<boolean> => {
      const ca = await parts.makeCertificate();
      const leaf = await parts.makeCertificate(ca);
      if (over) return false;
      const methods = new Map<string, GrpcMethod>([
        ["/foundry.Rehearsal/Call", {
          kind: "unary",
          handle: () => Promise.resolve(new Uint8Array(0)),
        }],
      ]);
      const s = new parts.GrpcServer(methods, {
        tls: { certPem: leaf.certPem, keyPem: leaf.keyPem, clientCaPem: ca.certPem },
      });
      server = s;
      const address = await s.listen({ port: 0, host: "127.0.0.1" });
      // (A server closed while it was getting ready refuses to listen.)
      if (over) return false;
      const c = await Deno.connectTls({
        hostname: "127.0.0.1",
        port: Number(address.slice(address.lastIndexOf(":") + 1)),
        caCerts: [ca.certPem],
        cert: ca.certPem,
        key: ca.keyPem,
        alpnProtocols: ["h2"],
      });
      if (over) {
        c.close();
        return false;
      }
      conn = c;
      // One write: with Nagle's algorithm on, each further small write would
      // wait for an acknowledgement of the one before.
      const out = concat(PREFACE, SETTINGS, ...unaryCall("/foundry.Rehearsal/Call"));
      for (let at = 0; at < out.length;) at += await c.write(out.subarray(at));
      const frames = new FrameScanner();
      const buf = new Uint8Array(16 * 1024);
      while (!over) {
        const n = await c.read(buf);
        if (n === null) return false;
        if (frames.push(buf.subarray(0, n))) return true;
      }
      return false;
    };
    return await Promise.race([exchange().catch(() => false), limit]);
  } catch {
    return false;
  } finally {
    over = true;
    cancelLimit();
    await cleanUp();
  }
}
