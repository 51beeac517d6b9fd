/**
 * Start-up failures a Terraform user can read. A provider that throws before
 * its go-plugin handshake (an invalid schema, a module that fails while
 * loading, a port it cannot listen on) used to die with Terraform saying only
 * "Failed to read any lines from plugin's stdout": Terraform shows provider
 * stderr only under `TF_LOG`. But it does quote the first stdout line that is
 * not a handshake ("Unrecognized remote plugin message: <line>"), so that
 * line carries the one-line cause, and stderr the full error.
 *
 * {@link watchStartup} runs when the provider layer is imported by a process
 * Terraform started (its magic cookie is in the environment): errors thrown
 * while the author's modules evaluate reach no `try`, so it listens for
 * unhandled errors and rejections until `serve` has printed the handshake.
 * Anywhere else it does nothing.
 *
 * @module
 */

// go-plugin's cookie variable; spelt out so this module imports nothing and
// is in place before the author's modules evaluate.
const COOKIE = "TF_PLUGIN_MAGIC_COOKIE";
// Terraform shows the whole line; a screenful is enough.
const MAX_LINE = 1000;

/** Where a start-up failure is written (replaceable in tests). */
export interface StartupFailureIo {
  /** Writes to stdout (where Terraform reads the handshake). */
  stdout(text: string): void;
  /** Writes to stderr. */
  stderr(text: string): void;
  /** Ends the process. */
  exit(code: number): void;
}

const processIo: StartupFailureIo = {
  stdout: (t) => void Deno.stdout.writeSync(new TextEncoder().encode(t)),
  stderr: (t) => void Deno.stderr.writeSync(new TextEncoder().encode(t)),
  exit: (code) => Deno.exit(code),
};

/**
 * The one line Terraform quotes: the error's first line, control characters
 * removed, bounded.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { startupFailureLine } from "./startup_failure.ts";
 * assert.equal(
 *   startupFailureLine(new Error("invalid schema\nmore")),
 *   "provider failed to start: invalid schema (full error on the provider's stderr; " +
 *     "TF_LOG=debug shows it)",
 * );
 * ```
 */
export function startupFailureLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split("\n").find((l) => l.trim() !== "") ?? "unknown error";
  // deno-lint-ignore no-control-regex
  let first = line.replace(/[\x00-\x1f\x7f]/g, " ").trim();
  if (first.length > MAX_LINE) first = first.slice(0, MAX_LINE) + "…";
  return `provider failed to start: ${first} ` +
    "(full error on the provider's stderr; TF_LOG=debug shows it)";
}

/**
 * The full text for stderr: stack, every listed problem, causes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { startupFailureDetail } from "./startup_failure.ts";
 * const text = startupFailureDetail(new Error("boom", { cause: new Error("disk full") }));
 * assert.match(text, /boom[\s\S]*caused by: Error: disk full/);
 * ```
 */
export function startupFailureDetail(error: unknown): string {
  const lines: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e !== undefined && depth < 8; depth++) {
    const text = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
    lines.push(depth === 0 ? text : `caused by: ${text}`);
    const problems = (e as { context?: { problems?: unknown } })?.context?.problems;
    if (Array.isArray(problems) && problems.length > 1) {
      lines.push("problems:", ...problems.map((p) => `  - ${String(p)}`));
    }
    e = e instanceof Error ? e.cause : undefined;
  }
  return lines.join("\n") + "\n";
}

/**
 * Writes the one-line cause to stdout and the full error to stderr, then
 * exits 1. Call it only before the handshake line was printed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reportStartupFailure } from "./startup_failure.ts";
 * const out: string[] = [];
 * reportStartupFailure(new Error("no port free"), {
 *   stdout: (t) => out.push(t), stderr: () => {}, exit: (code) => out.push(`exit ${code}`),
 * });
 * assert.match(out[0], /^provider failed to start: no port free/);
 * assert.equal(out[1], "exit 1");
 * ```
 */
export function reportStartupFailure(error: unknown, io: StartupFailureIo = processIo): void {
  try {
    io.stderr(startupFailureDetail(error));
  } finally {
    io.stdout(startupFailureLine(error) + "\n");
    io.exit(1);
  }
}

let watching: { stop(): void } | undefined;
let finished = false;

function startedByTerraform(): boolean {
  try {
    // Ask first: reading a variable without permission would prompt.
    if (Deno.permissions.querySync({ name: "env", variable: COOKIE }).state !== "granted") {
      return false;
    }
    return Deno.env.get(COOKIE) !== undefined;
  } catch {
    return false;
  }
}

/**
 * When Terraform started this process, reports unhandled errors and
 * rejections (a module throwing while it loads) as start-up failures until
 * {@link startupFinished}. Idempotent; does nothing in other processes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { startupFinished, startupPending, watchStartup } from "./startup_failure.ts";
 * watchStartup(); // a no-op outside Terraform
 * startupFinished();
 * assert.equal(startupPending(), false);
 * ```
 */
export function watchStartup(): void {
  if (watching !== undefined || finished || !startedByTerraform()) return;
  const onError = (event: ErrorEvent) => {
    event.preventDefault();
    reportStartupFailure(event.error ?? event.message);
  };
  const onRejection = (event: PromiseRejectionEvent) => {
    event.preventDefault();
    reportStartupFailure(event.reason);
  };
  globalThis.addEventListener("error", onError);
  globalThis.addEventListener("unhandledrejection", onRejection);
  watching = {
    stop() {
      globalThis.removeEventListener("error", onError);
      globalThis.removeEventListener("unhandledrejection", onRejection);
    },
  };
}

/**
 * The handshake is out: errors from here on are the server's to handle
 * (Terraform is connected and shows diagnostics).
 */
export function startupFinished(): void {
  finished = true;
  watching?.stop();
  watching = undefined;
}

/** Whether a failure now would still be a start-up failure (serve uses it). */
export function startupPending(): boolean {
  return !finished && startedByTerraform();
}
