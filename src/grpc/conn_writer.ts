/**
 * Ordered writes to a `Deno.Conn`: what is queued while a write is in
 * flight goes out as one write once it completes, so many small writes
 * cost one system call, and {@link ConnWriter.queued} says how many bytes
 * have not reached the operating system yet (HTTP/2's flow control and a
 * server stream's `queued` read it).
 *
 * @module
 */

/** Runs once the bytes were handed to the operating system, or with the error that stopped them. */
export type WriteDone = (error?: Error | null) => void;

/**
 * Writes byte arrays to a connection in order.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { ConnWriter } from "./conn_writer.ts";
 * const path = await Deno.makeTempFile();
 * await Deno.remove(path);
 * const listener = Deno.listen({ transport: "unix", path });
 * const client = await Deno.connect({ transport: "unix", path });
 * const writer = new ConnWriter(await listener.accept());
 * writer.write(new TextEncoder().encode("po"));
 * await new Promise<void>((resolve) => writer.write(new TextEncoder().encode("ng"), () => resolve()));
 * assert.equal(writer.queued, 0);
 * const buf = new Uint8Array(8);
 * let got = "";
 * while (got.length < 4) got += new TextDecoder().decode(buf.subarray(0, (await client.read(buf))!));
 * assert.equal(got, "pong");
 * writer.close();
 * client.close();
 * listener.close();
 * ```
 */
export class ConnWriter {
  readonly #conn: Deno.Conn;
  #queue: Uint8Array[] = [];
  #dones: WriteDone[] = [];
  #queuedBytes = 0;
  #inFlight = 0;
  #writing = false;
  #closed = false;
  #endAfter = false;
  #closeAfter = false;
  #resolveClosed: () => void = () => {};
  /** Resolves once the connection is closed. */
  readonly closed: Promise<void> = new Promise((r) => this.#resolveClosed = r);
  /** Called after each completed write (the idle timer's activity). */
  onWritten: () => void = () => {};

  /** A writer for `conn`. */
  constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }

  /** Bytes queued or in flight. */
  get queued(): number {
    return this.#queuedBytes + this.#inFlight;
  }

  /** Queues `bytes`; `done` runs once they are written (or failed). */
  write(bytes: Uint8Array, done?: WriteDone): void {
    if (this.#closed) {
      done?.(new Error("the connection is closed"));
      return;
    }
    if (bytes.length > 0) {
      this.#queue.push(bytes);
      this.#queuedBytes += bytes.length;
    }
    if (done) this.#dones.push(done);
    if (!this.#writing) void this.#drain();
  }

  /**
   * Half-closes the connection once everything queued is written; with
   * `thenClose`, closes it after that (the peer has finished too).
   */
  end(thenClose = false): void {
    this.#endAfter = true;
    this.#closeAfter ||= thenClose;
    if (!this.#writing) void this.#drain();
  }

  /** Closes the connection now; pending writes fail. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const dones = this.#dones;
    this.#dones = [];
    this.#queue = [];
    this.#queuedBytes = 0;
    try {
      this.#conn.close();
    } catch {
      // closed already
    }
    this.#resolveClosed();
    for (const d of dones) d(new Error("the connection closed before the write"));
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    while (!this.#closed && (this.#queue.length > 0 || this.#dones.length > 0)) {
      const parts = this.#queue;
      const dones = this.#dones;
      this.#queue = [];
      this.#dones = [];
      const bytes = parts.length === 1 ? parts[0] : joined(parts, this.#queuedBytes);
      this.#inFlight = bytes.length;
      this.#queuedBytes = 0;
      let error: Error | undefined;
      try {
        for (let at = 0; at < bytes.length;) {
          const n = await this.#conn.write(bytes.subarray(at));
          at += n;
          // Truthful while a large write trickles out to a slow reader.
          this.#inFlight -= n;
        }
      } catch (e) {
        error = e instanceof Error ? e : new Error(String(e));
      }
      this.#inFlight = 0;
      if (error !== undefined) {
        for (const d of dones) d(error);
        this.close();
        break;
      }
      this.onWritten();
      for (const d of dones) d();
    }
    this.#writing = false;
    if (this.#endAfter && !this.#closed) {
      this.#endAfter = false;
      await this.#conn.closeWrite().catch(() => {});
      if (this.#closeAfter) this.close();
    }
  }
}

function joined(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
