/**
 * Where formatted lines go: a byte sink over a file descriptor (stderr, a
 * file, anything with `writeSync`) or a text sink over a callback. Both
 * buffer (64 KiB by default) and flush on `flush()`, when full, at process
 * exit, and right after error lines; `sync: true` writes every line through.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import { registerExitFlush, unregisterExitFlush } from "./exit_flush.ts";

/**
 * A destination for formatted log text.
 */
export interface LogSink {
  /** Takes one formatted line (with its newline). Never throws. */
  write(text: string): void;
  /** Pushes buffered text out now. Never throws. */
  flush(): void;
  /** Flushes, releases the destination, and stops taking part in exit flushing. */
  close(): void;
  /** True when the destination is a terminal (colour may be used). */
  readonly isTerminal: boolean;
}

/**
 * Something that takes bytes synchronously, like `Deno.stderr` or a `Deno.FsFile`.
 */
export interface ByteWriter {
  /** Writes some of `p`; returns how many bytes were taken. */
  writeSync(p: Uint8Array): number;
}

/**
 * Options shared by all sinks.
 */
export interface SinkOptions {
  /** Write each line through at once (crash-safe, slower). Default false. */
  sync?: boolean;
  /** Buffer size in bytes (text sinks: characters). Default 65536. */
  bufferSize?: number;
}

const DEFAULT_BUFFER = 64 * 1024;

function bufferSizeOf(options: SinkOptions): number {
  const n = options.bufferSize ?? DEFAULT_BUFFER;
  if (!Number.isInteger(n) || n < 64 || n > 64 * 1024 * 1024) {
    throw new FoundryError(
      "logging.sink.buffer_size",
      `bufferSize must be an integer from 64 to 67108864, got ${n}`,
      { context: { bufferSize: n } },
    );
  }
  return n;
}

/**
 * A buffered sink over a {@link ByteWriter}. Lines are joined as text (cheap
 * string concatenation) and UTF-8 encoded into one reusable buffer only when
 * flushing, which costs less per line than encoding each line on its own.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { ByteSink } from "@foundry/foundry/logging";
 * const chunks: Uint8Array[] = [];
 * const sink = new ByteSink({ writeSync: (p) => (chunks.push(p.slice()), p.length) });
 * sink.write("hello\n");
 * sink.flush();
 * assert.equal(new TextDecoder().decode(chunks[0]), "hello\n");
 * ```
 */
export class ByteSink implements LogSink {
  readonly isTerminal: boolean;
  /** Writes that lost data because the destination failed (e.g. a closed pipe). */
  dropped = 0;
  readonly #out: ByteWriter;
  readonly #buf: Uint8Array;
  readonly #sync: boolean;
  readonly #encoder = new TextEncoder();
  readonly #onClose: (() => void) | undefined;
  #pending = "";
  #closed = false;

  /**
   * Wraps `out`. `onClose` releases the destination (e.g. closes a file).
   */
  constructor(
    out: ByteWriter,
    options: SinkOptions & { isTerminal?: boolean; onClose?: () => void } = {},
  ) {
    this.#out = out;
    this.#sync = options.sync === true;
    this.#buf = new Uint8Array(bufferSizeOf(options));
    this.isTerminal = options.isTerminal ?? false;
    this.#onClose = options.onClose;
    registerExitFlush(this);
  }

  write(text: string): void {
    if (this.#closed) {
      this.dropped++;
      return;
    }
    this.#pending += text;
    // Held text is bounded by the buffer size in UTF-16 units.
    if (this.#sync || this.#pending.length >= this.#buf.length) this.flush();
  }

  flush(): void {
    let text = this.#pending;
    if (text === "") return;
    this.#pending = "";
    const buf = this.#buf;
    for (;;) {
      // encodeInto stops before a character that does not fit, never inside one.
      const r = this.#encoder.encodeInto(text, buf);
      this.#writeAll(buf.subarray(0, r.written));
      if (r.read >= text.length) return;
      text = text.slice(r.read);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.flush();
    this.#closed = true;
    unregisterExitFlush(this);
    try {
      this.#onClose?.();
    } catch {
      // already closed elsewhere: nothing left to release
    }
  }

  #writeAll(bytes: Uint8Array): void {
    let off = 0;
    try {
      while (off < bytes.length) {
        const n = this.#out.writeSync(off === 0 ? bytes : bytes.subarray(off));
        if (n <= 0) break; // a writer that takes nothing would loop forever
        off += n;
      }
    } catch {
      // Logging must never crash the program (EPIPE, closed stderr...).
    }
    if (off < bytes.length) this.dropped++;
  }
}

/**
 * A buffered sink calling `write` with batches of text (one or more whole
 * lines) on flush.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { TextSink } from "@foundry/foundry/logging";
 * let out = "";
 * const sink = new TextSink((t) => (out += t));
 * sink.write("a\n");
 * sink.flush();
 * assert.equal(out, "a\n");
 * ```
 */
export class TextSink implements LogSink {
  readonly isTerminal: boolean;
  readonly #write: (text: string) => void;
  readonly #limit: number;
  readonly #sync: boolean;
  #pending = "";
  #closed = false;

  /** Wraps a callback. */
  constructor(write: (text: string) => void, options: SinkOptions & { isTerminal?: boolean } = {}) {
    this.#write = write;
    this.#limit = bufferSizeOf(options);
    this.#sync = options.sync === true;
    this.isTerminal = options.isTerminal ?? false;
    registerExitFlush(this);
  }

  write(text: string): void {
    if (this.#closed) return;
    this.#pending += text;
    if (this.#sync || this.#pending.length >= this.#limit) this.flush();
  }

  flush(): void {
    if (this.#pending === "") return;
    const text = this.#pending;
    this.#pending = "";
    try {
      this.#write(text);
    } catch {
      // a failing callback must not break the caller's log statement
    }
  }

  close(): void {
    if (this.#closed) return;
    this.flush();
    this.#closed = true;
    unregisterExitFlush(this);
  }
}

function isTerminalSafe(f: { isTerminal(): boolean }): boolean {
  try {
    return f.isTerminal();
  } catch {
    return false;
  }
}

/**
 * The default sink: standard error, buffered, flushed at exit.
 *
 * @example Usage
 * ```ts
 * import { stderrSink } from "@foundry/foundry/logging";
 * const sink = stderrSink({ sync: true });
 * sink.write("to stderr\n");
 * ```
 */
export function stderrSink(options: SinkOptions = {}): LogSink {
  return new ByteSink(Deno.stderr, { ...options, isTerminal: isTerminalSafe(Deno.stderr) });
}

/**
 * A sink appending to a file (created if missing). Throws a `FoundryError`
 * (`logging.sink.open`) naming the path when it cannot be opened.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { fileSink } from "@foundry/foundry/logging";
 * const path = Deno.makeTempFileSync();
 * const sink = fileSink(path);
 * sink.write("saved\n");
 * sink.close();
 * assert.equal(Deno.readTextFileSync(path), "saved\n");
 * ```
 */
export function fileSink(path: string, options: SinkOptions = {}): LogSink {
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(path, { write: true, create: true, append: true });
  } catch (e) {
    throw new FoundryError(
      "logging.sink.open",
      `cannot open log file ${path}: ${e instanceof Error ? e.message : String(e)}`,
      { context: { path }, cause: e },
    );
  }
  return new ByteSink(file, {
    ...options,
    isTerminal: isTerminalSafe(file),
    onClose: () => file.close(),
  });
}

/**
 * A sink over any writer: a function taking text, or an object with
 * `writeSync(bytes)` (a `Deno.FsFile`, `Deno.stdout`, a test double).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { writerSink } from "@foundry/foundry/logging";
 * const lines: string[] = [];
 * const sink = writerSink((text) => lines.push(text), { sync: true });
 * sink.write("one\n");
 * assert.equal(lines[0], "one\n");
 * ```
 */
export function writerSink(
  target: ((text: string) => void) | ByteWriter,
  options: SinkOptions & { isTerminal?: boolean } = {},
): LogSink {
  return typeof target === "function"
    ? new TextSink(target, options)
    : new ByteSink(target, options);
}
