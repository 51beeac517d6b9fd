/**
 * go-plugin's GRPCStdio from a provider: what author code prints on stdout
 * after the handshake (`console.log`, `Deno.stdout.write`) goes to the host
 * over `plugin.GRPCStdio/StreamStdio`, as a Go provider's `fmt.Println`
 * does. A go-plugin host drops everything a plugin writes on its stdout pipe
 * after the handshake line, so without this a provider's `console.log`
 * vanished; Terraform writes what arrives on the stream to its core log as
 * a warning ("unexpected data", with the provider and channel).
 *
 * Stderr (`console.error`, `console.warn`, the protocol's hclog lines)
 * stays on the pipe, unlike a Go provider's: Terraform logs that pipe under
 * the provider's name, so `TF_LOG_PROVIDER` shows it, where the stream's
 * lines appear only in the core log (`TF_LOG` or `TF_LOG_CORE`).
 *
 * Nothing is lost silently. With no stream open (before the host opens
 * it, or a host that never does: older go-plugin hosts, Debian's 1.0.1
 * among them, have no GRPCStdio), output goes to the process's stderr,
 * which every go-plugin host reads and logs. A host that opened the stream but
 * stops reading it holds the bytes in the stream's flow-control queue; past
 * `maxQueuedBytes` further output is dropped, counted, and the count is
 * sent as one line on the stderr channel once the host reads again.
 *
 * @module
 */

import type { GrpcServerStream } from "../grpc/serving.ts";

/** `plugin.StdioData.channel`: 1 stdout, 2 stderr. */
export type StdioChannel = 1 | 2;

/** Options for a {@link StdioForwarder}. */
export interface StdioForwarderOptions {
  /** Bytes a stream may hold unsent before output is dropped (default 1 MiB). */
  readonly maxQueuedBytes?: number;
  /** Where output goes while no stream is open (default: the process's stderr). */
  readonly fallback?: (channel: StdioChannel, bytes: Uint8Array) => void;
}

const UTF8 = new TextEncoder();

/**
 * Sends output to the hosts' open StreamStdio calls.
 *
 * @example Output before and after the host opens the stream
 * ```ts
 * import assert from "node:assert/strict";
 * import { StdioForwarder } from "./stdio_forward.ts";
 * const early: string[] = [];
 * const sent: Uint8Array[] = [];
 * const f = new StdioForwarder({ fallback: (_c, b) => early.push(new TextDecoder().decode(b)) });
 * f.write(1, new TextEncoder().encode("before\n"));
 * f.open({ write: (m) => sent.push(m), end() {}, closed: false, queued: 0 });
 * f.write(1, new TextEncoder().encode("after\n"));
 * assert.deepEqual(early, ["before\n"]);
 * assert.equal(sent.length, 1);
 * ```
 */
export class StdioForwarder {
  readonly #streams = new Map<GrpcServerStream, { dropped: number }>();
  readonly #max: number;
  readonly #fallback: (channel: StdioChannel, bytes: Uint8Array) => void;

  /** A forwarder with no stream open yet. */
  constructor(opts: StdioForwarderOptions = {}) {
    this.#max = opts.maxQueuedBytes ?? 1024 * 1024;
    this.#fallback = opts.fallback ?? ((_channel, bytes) => void Deno.stderr.writeSync(bytes));
  }

  /** A host opened StreamStdio. */
  open(stream: GrpcServerStream): void {
    this.#streams.set(stream, { dropped: 0 });
  }

  /** Bytes dropped on open streams and not yet reported to their host. */
  get dropped(): number {
    let n = 0;
    for (const s of this.#streams.values()) n += s.dropped;
    return n;
  }

  /** Sends `bytes` on `channel` to every open stream, or to the fallback when none is open. */
  write(channel: StdioChannel, bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return;
    let sent = false;
    for (const [stream, state] of this.#streams) {
      if (stream.closed) {
        this.#streams.delete(stream);
        continue;
      }
      sent = true;
      if (stream.queued + bytes.byteLength > this.#max) {
        state.dropped += bytes.byteLength;
        continue;
      }
      if (state.dropped > 0) {
        const note = `[${state.dropped} bytes of provider output were dropped: ` +
          `the host stopped reading the stdio stream]\n`;
        stream.write(stdioData(2, UTF8.encode(note)));
        state.dropped = 0;
      }
      stream.write(stdioData(channel, bytes));
    }
    if (!sent) this.#fallback(channel, bytes);
  }

  /** Ends every stream (the provider is stopping). */
  endAll(): void {
    for (const stream of this.#streams.keys()) stream.end();
    this.#streams.clear();
  }
}

/** `plugin.StdioData{channel, data}`, encoded by hand: two fields, no tables needed. */
export function stdioData(channel: StdioChannel, data: Uint8Array): Uint8Array {
  const len = varint(data.byteLength);
  const out = new Uint8Array(2 + 1 + len.byteLength + data.byteLength);
  out[0] = 0x08; // field 1, varint
  out[1] = channel;
  out[2] = 0x12; // field 2, length-delimited
  out.set(len, 3);
  out.set(data, 3 + len.byteLength);
  return out;
}

function varint(n: number): Uint8Array {
  const bytes: number[] = [];
  while (n > 0x7f) {
    bytes.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  bytes.push(n);
  return new Uint8Array(bytes);
}

/**
 * Sends what author code prints on stdout through `forwarder`:
 * `console.log`, `info`, `debug` and `Deno.stdout.write`/`writeSync`
 * (stderr is left alone; see the module doc). Returns a function that puts
 * the originals back. Arguments are formatted as `console` does
 * for plain values (strings as they are, anything else through
 * `Deno.inspect`); `%s`-style format strings are not expanded.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { captureOutput, StdioForwarder } from "./stdio_forward.ts";
 * const got: string[] = [];
 * const f = new StdioForwarder({ fallback: (c, b) => got.push(`${c}:${new TextDecoder().decode(b)}`) });
 * const restore = captureOutput(f);
 * try {
 *   console.log("count", 3);
 *   console.info({ a: 1 });
 * } finally {
 *   restore();
 * }
 * assert.deepEqual(got, ["1:count 3\n", "1:{ a: 1 }\n"]);
 * ```
 */
export function captureOutput(forwarder: StdioForwarder): () => void {
  const c = console as unknown as Record<string, (...args: unknown[]) => void>;
  const saved: [string, (...args: unknown[]) => void][] = [];
  const route = (name: string, channel: StdioChannel) => {
    saved.push([name, c[name]]);
    c[name] = (...args: unknown[]) =>
      forwarder.write(channel, UTF8.encode(`${args.map(show).join(" ")}\n`));
  };
  route("log", 1);
  route("info", 1);
  route("debug", 1);
  const stdout = Deno.stdout as unknown as {
    write(b: Uint8Array): Promise<number>;
    writeSync(b: Uint8Array): number;
  };
  const write = stdout.write;
  const writeSync = stdout.writeSync;
  // Deno.stdout may have been made read-only by whoever loaded us; console
  // capture alone is better than a provider that fails to start.
  let patched = false;
  try {
    stdout.writeSync = (b: Uint8Array) => {
      forwarder.write(1, b.slice());
      return b.byteLength;
    };
    stdout.write = (b: Uint8Array) => Promise.resolve(stdout.writeSync(b));
    patched = true;
  } catch {
    // left as it is
  }
  return () => {
    for (const [name, fn] of saved) c[name] = fn;
    if (!patched) return;
    stdout.write = write;
    stdout.writeSync = writeSync;
  };
}

function show(value: unknown): string {
  return typeof value === "string" ? value : Deno.inspect(value, { colors: false });
}
