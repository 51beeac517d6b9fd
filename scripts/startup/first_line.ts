/**
 * Times a process from exec to its first line on stdout: for a provider,
 * the go-plugin handshake line Terraform waits for before it can connect.
 *
 * @module
 */

import { FoundryError } from "../../src/errors/mod.ts";

/** A process to start and time. */
export interface FirstLineCommand {
  /** Executable path. */
  command: string;
  /** Its arguments. */
  args: readonly string[];
  /** The whole environment of the child (nothing else is inherited). */
  env: Record<string, string>;
  /** Working directory. */
  cwd?: string;
  /** Give up after this long (default 15 s). */
  timeoutMs?: number;
  /** Give up if this many bytes arrive without a newline (default 64 KiB). */
  maxLineBytes?: number;
}

/** What {@link timeFirstLine} measured. */
export interface FirstLine {
  /** Milliseconds from just before spawn to the arrival of the first newline. */
  readonly ms: number;
  /** The first line, without its newline. */
  readonly line: string;
}

const STDERR_TAIL = 4096;

/** Keeps the last `STDERR_TAIL` bytes of a stream, so a failure can say why. */
async function drainTail(stream: ReadableStream<Uint8Array>, tail: { text: string }) {
  const decoder = new TextDecoder();
  try {
    for await (const chunk of stream) {
      tail.text = (tail.text + decoder.decode(chunk, { stream: true })).slice(-STDERR_TAIL);
    }
  } catch {
    // the child was killed; what we have is enough
  }
}

/**
 * Starts `cmd`, waits for the first `\n` on its stdout and returns the time
 * it took and the line. The child is then stopped (SIGTERM, so a provider
 * removes its socket; SIGKILL if it lingers); the stop is not timed.
 * Fails with a `bench.startup.*` {@link FoundryError} when the child exits
 * first, times out, or writes an over-long line.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { timeFirstLine } from "./first_line.ts";
 * const r = await timeFirstLine({
 *   command: Deno.execPath(),
 *   args: ["eval", "console.log('ready')"],
 *   env: { HOME: Deno.env.get("HOME") ?? "/" },
 * });
 * assert.equal(r.line, "ready");
 * assert.ok(r.ms > 0);
 * ```
 */
export async function timeFirstLine(cmd: FirstLineCommand): Promise<FirstLine> {
  const timeoutMs = cmd.timeoutMs ?? 15_000;
  const maxLineBytes = cmd.maxLineBytes ?? 64 * 1024;
  const started = performance.now();
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(cmd.command, {
      args: [...cmd.args],
      env: cmd.env,
      clearEnv: true,
      cwd: cmd.cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (e) {
    throw new FoundryError("bench.startup.spawn", `Could not start ${cmd.command}`, {
      context: { args: cmd.args.join(" ") },
      cause: e,
    });
  }
  const stderr = { text: "" };
  const stderrDone = drainTail(child.stderr, stderr);
  const reader = child.stdout.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const bytes: Uint8Array[] = [];
  let size = 0;
  let failure: { code: string; message: string } | undefined;
  let line: string | undefined;
  let ms = 0;
  try {
    while (line === undefined) {
      const next = await Promise.race([reader.read(), timedOut]);
      if (next === "timeout") {
        failure = {
          code: "bench.startup.timeout",
          message: `${cmd.command} wrote no line within ${timeoutMs} ms`,
        };
        break;
      }
      if (next.done) {
        failure = {
          code: "bench.startup.no_line",
          message: `${cmd.command} closed stdout before writing a line`,
        };
        break;
      }
      const nl = next.value.indexOf(0x0a);
      const part = nl === -1 ? next.value : next.value.subarray(0, nl);
      bytes.push(part);
      size += part.length;
      if (nl !== -1) {
        ms = performance.now() - started;
        const all = new Uint8Array(size);
        let at = 0;
        for (const b of bytes) {
          all.set(b, at);
          at += b.length;
        }
        line = new TextDecoder().decode(all);
      } else if (size > maxLineBytes) {
        failure = {
          code: "bench.startup.line_too_long",
          message: `${cmd.command} wrote ${size} bytes without a newline (limit ${maxLineBytes})`,
        };
        break;
      }
    }
  } finally {
    clearTimeout(timer);
    await stop(child, reader);
    await stderrDone;
  }
  if (failure !== undefined || line === undefined) {
    const why = stderr.text.trim();
    const f = failure ?? { code: "bench.startup.no_line", message: "no line" };
    throw new FoundryError(
      f.code,
      why === "" ? f.message : `${f.message}; its stderr ends: ${why}`,
      {
        context: { args: cmd.args.join(" ") },
      },
    );
  }
  return { ms, line };
}

async function stop(child: Deno.ChildProcess, reader: ReadableStreamDefaultReader<Uint8Array>) {
  try {
    child.kill("SIGTERM");
  } catch {
    // already exited
  }
  const kill = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch {
      // already exited
    }
  }, 2000);
  await reader.cancel().catch(() => {});
  await child.status;
  clearTimeout(kill);
}

const HANDSHAKE = /^1\|[56]\|(unix|tcp)\|[^|]+\|grpc\|[A-Za-z0-9+/]*$/;

/**
 * Whether `line` is a go-plugin handshake line (core version 1, protocol 5
 * or 6, a unix or tcp address, gRPC, the base64 server certificate).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isHandshakeLine } from "./first_line.ts";
 * assert.ok(isHandshakeLine("1|6|unix|/tmp/plugin1|grpc|MIIB"));
 * assert.ok(!isHandshakeLine("Listening on :8080"));
 * ```
 */
export function isHandshakeLine(line: string): boolean {
  return HANDSHAKE.test(line);
}
