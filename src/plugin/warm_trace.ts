/**
 * Timestamps of a warm launch's steps on one clock, across the three
 * processes and threads that serve it (the launch entry Terraform starts,
 * the daemon, the instance worker), so a launch's time can be split into
 * its parts (`scripts/startup/warm_trace.ts` reads them back). Written only
 * when `FOUNDRY_WARM_TRACE` names a file; otherwise each call costs one
 * cached check.
 *
 * One line per step, appended (each line is one small `O_APPEND` write, so
 * the writers do not interleave within a line):
 * `<milliseconds since the epoch, 3 decimals> <pid> <who> <step>`.
 *
 * Kept free of imports: the launch entry loads it before anything else.
 *
 * @module
 */

/** Which side of a warm launch wrote a trace line. */
export type TraceSide = "entry" | "daemon" | "instance";

let target: string | undefined | null = null; // null: not looked up yet

function traceFile(): string | undefined {
  if (target !== null) return target;
  target = undefined;
  try {
    const name = "FOUNDRY_WARM_TRACE";
    // Ask first: reading an unpermitted variable would prompt.
    if (Deno.permissions.querySync({ name: "env", variable: name }).state === "granted") {
      target = Deno.env.get(name) || undefined;
    }
  } catch {
    // no permission API here: no trace
  }
  return target;
}

/**
 * The current time in milliseconds since the epoch, sub-millisecond, on a
 * clock that processes and workers share (`performance.timeOrigin` is each
 * one's own start, on the epoch scale).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { epochMs } from "./warm_trace.ts";
 * assert.ok(Math.abs(epochMs() - Date.now()) < 1000);
 * ```
 */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Appends one step to the trace file, at `at` (default: now). Does nothing
 * when no trace is asked for, and never throws: tracing must not change
 * whether a launch works.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { traceWarm, warmTraceEnabled } from "./warm_trace.ts";
 * traceWarm("entry", "evaluated"); // a no-op unless FOUNDRY_WARM_TRACE is set
 * assert.equal(typeof warmTraceEnabled(), "boolean");
 * ```
 */
export function traceWarm(who: TraceSide, step: string, at: number = epochMs()): void {
  const file = traceFile();
  if (file === undefined) return;
  try {
    Deno.writeTextFileSync(file, `${at.toFixed(3)} ${Deno.pid} ${who} ${step}\n`, {
      append: true,
    });
  } catch {
    // an unwritable trace file loses the trace, not the launch
  }
}

/**
 * Whether this process writes a trace (`FOUNDRY_WARM_TRACE` is set and readable).
 *
 * @example Usage
 * ```ts
 * import { warmTraceEnabled } from "./warm_trace.ts";
 * if (warmTraceEnabled()) console.error("tracing warm launches");
 * ```
 */
export function warmTraceEnabled(): boolean {
  return traceFile() !== undefined;
}

/** One line of a trace file, read back. */
export interface TraceStep {
  /** When, in milliseconds since the epoch. */
  readonly at: number;
  /** The writing process. */
  readonly pid: number;
  /** Which side wrote it (`entry`, `daemon`, `instance`). */
  readonly who: string;
  /** The step. */
  readonly step: string;
}

/**
 * The steps of a trace file's text, in file order ({@link traceWarm} writes
 * them); lines of another shape are skipped.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readTraceSteps } from "./warm_trace.ts";
 * const [s] = readTraceSteps("1765000000000.125 42 daemon instance assigned\nnoise\n");
 * assert.deepEqual(s, { at: 1765000000000.125, pid: 42, who: "daemon", step: "instance assigned" });
 * ```
 */
export function readTraceSteps(text: string): TraceStep[] {
  const steps: TraceStep[] = [];
  for (const line of text.split("\n")) {
    const m = /^(\d+\.\d+) (\d+) (\w+) (.*)$/.exec(line);
    if (m !== null) steps.push({ at: Number(m[1]), pid: Number(m[2]), who: m[3], step: m[4] });
  }
  return steps;
}
