/**
 * The messages between a launch entry and its warm daemon: one JSON object
 * per line over a unix socket (or loopback TCP, see `warm_tcp.ts`). Kept free of imports (the entry loads it
 * before anything else).
 *
 * The entry sends one {@link LaunchRequest}, then {@link SignalMessage}s; the
 * daemon answers with a {@link DaemonMessage} stream: `handshake` (or
 * `refused`), then the instance's `out`/`err` output, then `exit`.
 *
 * @module
 */

/**
 * The event `serveProvider` dispatches on `globalThis` once a cold launch
 * has printed its handshake line: the launch entry starts the next daemon
 * then, so the daemon's start does not compete with this launch's.
 */
export const HANDSHAKE_EVENT = "foundry-plugin-handshake";

/**
 * How long after a daemon for a key failed (it could not listen, the
 * provider failed to load in an instance, or it stopped on an error nothing
 * caught) launches of that key running the same code start no other, ms:
 * each would fail the same way, loading the provider once more beside every
 * cold launch.
 */
export const WARM_RETRY_MS = 60_000;

/**
 * The file beside a daemon's socket or TCP rendezvous (`KEY.sock`,
 * `KEY.tcp`) in which a daemon that failed to start says why (`KEY.failed`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { failureMarker } from "./warm_protocol.ts";
 * assert.equal(failureMarker("/t/foundry-warm-0/k.sock"), "/t/foundry-warm-0/k.failed");
 * assert.equal(failureMarker("/t/foundry-warm-0/k.tcp"), "/t/foundry-warm-0/k.failed");
 * ```
 */
export function failureMarker(socket: string): string {
  return socket.replace(/\.(sock|tcp)$/, "") + ".failed";
}

/** What a failure marker says: why, and the code it was of. */
export interface FailureRecord {
  /** Why the daemon stopped, one line. */
  readonly reason: string;
  /**
   * The stamp of each file the daemon checked (`warm_code.ts`), when it
   * knew them: a launch whose code no longer has these stamps runs other
   * code, which may not fail so, and the marker does not hold it back.
   */
  readonly stamps?: ReadonlyMap<string, string>;
}

/**
 * The text of a failure marker: the reason on its first line (at most 1,000
 * characters), then the stamps as one line of JSON pairs.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { failureRecord, readFailureRecord } from "./warm_protocol.ts";
 * const text = failureRecord("it could not\nlisten", new Map([["/p/main.ts", "12:1700000000000"]]));
 * assert.equal(text, 'it could not listen\n[["/p/main.ts","12:1700000000000"]]\n');
 * assert.deepEqual(readFailureRecord(text).stamps, new Map([["/p/main.ts", "12:1700000000000"]]));
 * ```
 */
export function failureRecord(reason: string, stamps?: ReadonlyMap<string, string>): string {
  // A stack trace's lines, each without its indent, joined by one space.
  const line = reason.replaceAll(/\s*[\r\n]+\s*/g, " ").slice(0, 1000);
  return stamps === undefined ? `${line}\n` : `${line}\n${JSON.stringify([...stamps])}\n`;
}

/**
 * A failure marker's text read back. A marker without stamps (or whose
 * stamps do not parse) holds back launches for its time alone.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readFailureRecord } from "./warm_protocol.ts";
 * assert.deepEqual(readFailureRecord("the provider failed\n"), { reason: "the provider failed" });
 * assert.equal(readFailureRecord("why\n[[1,2]]\n").stamps, undefined); // not path and stamp
 * ```
 */
export function readFailureRecord(text: string): FailureRecord {
  const cut = text.indexOf("\n");
  const reason = (cut < 0 ? text : text.slice(0, cut)).trim().slice(0, 1000);
  const rest = cut < 0 ? "" : text.slice(cut + 1).trim();
  if (rest === "") return { reason };
  try {
    const pairs: unknown = JSON.parse(rest);
    if (
      Array.isArray(pairs) &&
      pairs.every((p) =>
        Array.isArray(p) && p.length === 2 && typeof p[0] === "string" && typeof p[1] === "string"
      )
    ) {
      return { reason, stamps: new Map(pairs as [string, string][]) };
    }
  } catch {
    // not JSON: the reason alone
  }
  return { reason };
}

/** Version of this wire format; a daemon refuses any other. */
export const WARM_PROTOCOL = 1;

/** What a launch hands to the daemon. */
export interface LaunchRequest {
  /** {@link WARM_PROTOCOL}. */
  readonly v: number;
  /** The daemon key the entry computed (see `warm_key.ts`). */
  readonly key: string;
  /** go-plugin's per-launch variables (cookie, versions, ports, client certificate). */
  readonly vars: Record<string, string>;
  /**
   * The process that started the launch (Terraform) and when it started
   * (see `parent_watch.ts`): the daemon ends the launch's instance once that
   * process is gone, even if the entry itself hangs on.
   */
  readonly parent?: { readonly pid: number; readonly start: string };
  /** Over TCP only: this connection's fresh nonce, hex (see `warm_tcp.ts`). */
  readonly nonce?: string;
  /** Over TCP only: the launch's proof that it knows the daemon's secret. */
  readonly proof?: string;
}

/** A signal the entry received, passed on to the instance. */
export interface SignalMessage {
  /** The signal name. */
  readonly signal: "SIGTERM";
}

/** One line from the daemon. */
export type DaemonMessage =
  /** Over TCP, `proof` is the daemon's proof that it knows the secret (see `warm_tcp.ts`). */
  | { readonly handshake: string; readonly proof?: string }
  | { readonly refused: string }
  | { readonly out: string }
  | { readonly err: string }
  | { readonly exit: number };

/**
 * Whether Terraform shows a provider's debug lines for these `TF_LOG_PROVIDER`
 * and `TF_LOG` values (debug, trace or json): only then does a launch write
 * {@link warmDebugLine}s, so that otherwise its stderr is the provider's own.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { showsWarmDebug } from "./warm_protocol.ts";
 * assert.ok(showsWarmDebug(undefined, "DEBUG"));
 * assert.ok(!showsWarmDebug("info", "trace")); // the provider's own level wins
 * ```
 */
export function showsWarmDebug(tfLogProvider?: string, tfLog?: string): boolean {
  const level = (tfLogProvider || tfLog || "").toLowerCase();
  return level === "debug" || level === "trace" || level === "json";
}

/**
 * One hclog JSON line at debug level (or `level`) from module `foundry.warm`
 * (with its newline): how a launch tells `TF_LOG=debug` which way it went,
 * and a daemon warns of output it dropped (`warm_output_bound.ts`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { warmDebugLine } from "./warm_protocol.ts";
 * const line = JSON.parse(warmDebugLine("cold launch: no warm daemon"));
 * assert.equal(line["@module"], "foundry.warm");
 * assert.match(line["@timestamp"], /\.\d{6}Z$/);
 * ```
 */
export function warmDebugLine(message: string, level: "debug" | "warn" = "debug"): string {
  return JSON.stringify({
    "@level": level,
    "@message": message,
    "@module": "foundry.warm",
    // go-plugin parses @timestamp only with six fractional digits.
    "@timestamp": new Date().toISOString().replace("Z", "000Z"),
  }) + "\n";
}

/**
 * Splits a byte stream into lines of JSON, keeping an unfinished tail.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { LineReader } from "./warm_protocol.ts";
 * const r = new LineReader();
 * assert.deepEqual(r.push(new TextEncoder().encode('{"a":1}\n{"b"')), [{ a: 1 }]);
 * assert.deepEqual(r.push(new TextEncoder().encode(':2}\n')), [{ b: 2 }]);
 * // A peer that never ends its line is refused once it passes the bound.
 * assert.throws(() => new LineReader(4).push(new TextEncoder().encode('"12345')), /over 4/);
 * ```
 */
export class LineReader {
  #tail = "";
  #decoder = new TextDecoder();
  #maxLine: number;

  /** `maxLine`: the longest line accepted, in UTF-16 code units (16 Mi by default). */
  constructor(maxLine = 16 * 1024 * 1024) {
    this.#maxLine = maxLine;
  }

  /** Adds bytes; returns the complete lines they finish, parsed. Throws on a line that is not JSON. */
  push(bytes: Uint8Array): unknown[] {
    const text = this.#tail + this.#decoder.decode(bytes, { stream: true });
    const lines = text.split("\n");
    this.#tail = lines.pop() ?? "";
    if (this.#tail.length > this.#maxLine) {
      throw new Error(`warm protocol line over ${this.#maxLine} characters`);
    }
    for (const l of lines) {
      if (l.length > this.#maxLine) {
        throw new Error(`warm protocol line over ${this.#maxLine} characters`);
      }
    }
    return lines.filter((l) => l !== "").map((l) => JSON.parse(l));
  }
}

/**
 * One message as a line of bytes.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeLine } from "./warm_protocol.ts";
 * assert.equal(new TextDecoder().decode(encodeLine({ exit: 0 })), '{"exit":0}\n');
 * ```
 */
export function encodeLine(message: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(message) + "\n");
}

/**
 * Writes all of `bytes` to a connection.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeAll } from "./warm_protocol.ts";
 * const got: number[] = [];
 * await writeAll({ write: (p) => (got.push(...p.subarray(0, 1)), Promise.resolve(1)) }, new Uint8Array([1, 2]));
 * assert.deepEqual(got, [1, 2]);
 * ```
 */
export async function writeAll(
  conn: { write(p: Uint8Array): Promise<number> },
  bytes: Uint8Array,
): Promise<void> {
  let off = 0;
  while (off < bytes.length) off += await conn.write(bytes.subarray(off));
}

/**
 * One launch as the daemon serves it, whichever way it arrived: over the
 * unix socket from a Deno launch entry, or through the named pipes of a
 * shell launcher (`warm_shell.ts`).
 */
export interface LaunchLink {
  /** go-plugin's per-launch variables. */
  readonly vars: Record<string, string>;
  /** The process that started the launch (Terraform), when known. */
  readonly parent?: { readonly pid: number; readonly start: string };
  /** Sends one message to the launch; messages arrive in order. */
  send(message: DaemonMessage): Promise<void>;
  /** Resolves once the launch process is gone (it exited, or was killed). */
  readonly hungUp: Promise<void>;
  /** Calls `fn` on each SIGTERM the launch passes on. */
  onSignal(fn: () => void): void;
  /** Ends the link, once the daemon is done with the launch. */
  close(): void;
}
