/**
 * A `Deno.Conn` as the Node stream `node:tls` and the gRPC server read and
 * write: how {@link GrpcServer.adopt} serves connections accepted by a
 * listener that was bound with `Deno.listen` before `node:net` loaded (a
 * provider binds its socket and prints its handshake line first, then loads
 * the Node layer while Terraform connects; see `plugin/serve.ts`).
 *
 * The `Duplex` class is passed in rather than imported: a static `node:`
 * import anywhere in the served graph would load Deno's Node layer before
 * the provider's first line (a bundle hoists such imports to its top), and
 * this module is in that graph.
 *
 * @module
 */

import type { Duplex } from "node:stream";

/** The socket surface the gRPC server uses, beyond a Duplex. */
export interface ConnSocket extends Duplex {
  /** Emits `timeout` once nothing was read or written for `ms` (0: off), as `net.Socket` does. */
  setTimeout(ms: number): this;
}

// One read's buffer: a TLS record is at most 16 KiB plus its overhead.
const READ_BYTES = 17 * 1024;

/**
 * Wraps `conn` as a Node Duplex: reads are pulled as the reader wants them,
 * writes are written whole in order, `end()` half-closes, `destroy()`
 * closes the connection.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Duplex } from "node:stream";
 * import { connSocket } from "./conn_socket.ts";
 * const path = await Deno.makeTempFile();
 * await Deno.remove(path);
 * const listener = Deno.listen({ transport: "unix", path });
 * const client = await Deno.connect({ transport: "unix", path });
 * const socket = connSocket(Duplex, await listener.accept());
 * await client.write(new TextEncoder().encode("ping"));
 * const chunk = await new Promise<Uint8Array>((resolve) => socket.once("data", resolve));
 * assert.equal(new TextDecoder().decode(chunk), "ping");
 * socket.destroy();
 * client.close();
 * listener.close(); // removes the socket file
 * ```
 */
export function connSocket(DuplexClass: typeof Duplex, conn: Deno.Conn): ConnSocket {
  let reading = false;
  let closed = false;
  let idleMs = 0;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const close = () => {
    if (closed) return;
    closed = true;
    try {
      conn.close();
    } catch {
      // already closed by the peer's side
    }
  };
  const socket = new DuplexClass({
    read() {
      if (reading) return;
      reading = true;
      const buffer = new Uint8Array(READ_BYTES);
      conn.read(buffer).then((n) => {
        reading = false;
        active();
        if (n === null) this.push(null);
        else this.push(buffer.subarray(0, n));
      }, (e: unknown) => {
        reading = false;
        // Closed under a pending read (destroy, or the peer went): an end, not an error.
        if (closed || e instanceof Deno.errors.BadResource) this.push(null);
        else this.destroy(e instanceof Error ? e : new Error(String(e)));
      });
    },
    write(chunk: Uint8Array, _encoding: string, done: (error?: Error | null) => void) {
      writeAll(conn, chunk).then(() => {
        active();
        done();
      }, (e: unknown) => done(e instanceof Error ? e : new Error(String(e))));
    },
    final(done: (error?: Error | null) => void) {
      conn.closeWrite().then(() => done(), () => done());
    },
    destroy(error: Error | null, done: (error?: Error | null) => void) {
      clearTimeout(idleTimer);
      close();
      done(error);
    },
  }) as ConnSocket;
  // net.Socket's idle timer: re-armed by every read and write.
  const active = () => {
    if (idleMs === 0 || closed) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => socket.emit("timeout"), idleMs);
  };
  socket.setTimeout = (ms: number) => {
    idleMs = ms;
    clearTimeout(idleTimer);
    active();
    return socket;
  };
  return socket;
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let at = 0;
  while (at < bytes.length) at += await conn.write(bytes.subarray(at));
}
