/**
 * What the gRPC server serves HTTP/2 over: an accepted `Deno.Conn`, either
 * as it is (cleartext) or under this package's TLS 1.3 (`tls/`). Both give
 * the server the same surface: a start that resolves when HTTP/2 may begin
 * (after the TLS handshake, if any), ordered writes with a truthful
 * `queued`, half-close, close, and a promise of the end.
 *
 * @module
 */

import { ConnWriter, type WriteDone } from "./conn_writer.ts";

/** What a transport tells the server as bytes come in. */
export interface TransportHooks {
  /** Application bytes (HTTP/2 frames). */
  data(bytes: Uint8Array): void;
  /** Something was read or written (re-arms the idle timer). */
  activity(): void;
  /**
   * The server may write from now on, before `start()` resolves: under TLS,
   * once its own Finished is out (RFC 8446, 4.4.4), while the client's
   * certificate is still being checked. Nothing the client sends is passed
   * on until it is authenticated. A transport without such a moment never calls it.
   */
  writable?(): void;
}

/** One served connection's byte stream. */
export interface ServerTransport {
  /**
   * Starts reading; resolves once application bytes may flow (the TLS
   * handshake is done), rejects with the reason a TLS client was refused.
   */
  start(hooks: TransportHooks): Promise<void>;
  /** Writes application bytes; `done` runs once they reached the operating system. */
  write(bytes: Uint8Array, done?: WriteDone): void;
  /** Half-closes after pending writes (TLS: after a close_notify). */
  end(): void;
  /** Closes at once. */
  destroy(): void;
  /** Bytes written and not yet handed to the operating system. */
  queued(): number;
  /** Resolves once the connection is closed, by either side. */
  readonly closed: Promise<void>;
}

/** Bytes per read (as net.Socket reads): several TLS records, or many HTTP/2 frames, per call. */
export const READ_BYTES = 64 * 1024;

/**
 * A cleartext transport over `conn`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { plainTransport } from "./server_transport.ts";
 * const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const client = await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port });
 * const transport = plainTransport(await listener.accept());
 * const got = new Promise<string>((resolve) =>
 *   transport.start({ data: (b) => resolve(new TextDecoder().decode(b)), activity() {} })
 * );
 * await client.write(new TextEncoder().encode("hi"));
 * assert.equal(await got, "hi");
 * client.close();
 * await transport.closed; // the peer closed
 * listener.close();
 * ```
 */
export function plainTransport(conn: Deno.Conn): ServerTransport {
  const writer = new ConnWriter(conn);
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((r) => resolveClosed = r);
  return {
    start(hooks: TransportHooks): Promise<void> {
      writer.onWritten = () => hooks.activity();
      void (async () => {
        try {
          for (;;) {
            const buf = new Uint8Array(READ_BYTES);
            const n = await conn.read(buf);
            if (n === null) break;
            hooks.activity();
            hooks.data(buf.subarray(0, n));
          }
          // The peer finished: what is queued still goes, then the connection closes.
          writer.end(true);
        } catch {
          // Closed under the read (destroy, or reset by the peer): the end.
          writer.close();
        }
        await writer.closed;
        resolveClosed();
      })();
      return Promise.resolve();
    },
    write: (bytes, done) => writer.write(bytes, done),
    end: () => writer.end(),
    destroy: () => writer.close(),
    queued: () => writer.queued,
    closed,
  };
}
