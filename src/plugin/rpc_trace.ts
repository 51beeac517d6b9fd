/**
 * A per-RPC timing trace for measuring where a provider launch spends its
 * time, off unless `FOUNDRY_RPC_TRACE` names a file. Each provider process
 * appends JSON lines to it: one per RPC (`{"pid","rpc","at","ms","in","out"}`:
 * wall-clock start in epoch milliseconds, so it lines up with Terraform's
 * `TF_LOG` timestamps, time from request bytes to response bytes, and both
 * sizes), then one summary when the process exits
 * (`{"pid","exit":true,"rpcs","rpcMs","cpuUserMs","cpuSystemMs","cpuAfterRpc","cpuAfterRpcMs","upMs"}`:
 * the process's CPU time from `getrusage`, all threads; the part of it
 * spent after RPC number `cpuAfterRpc` ended (the first one whose CPU clock
 * could be read: usually the first or second), which leaves start-up out,
 * also split by thread name on Linux (`threadsAfterRpcMs`: the main thread
 * is `deno`, V8's compiler and GC helpers `V8 DefaultWorke`, where optimising
 * compilation runs); and its age).
 *
 * A warm launch is served by a worker of the warm daemon: its lines carry
 * the daemon's pid, and its CPU figures are the daemon's, other instances
 * included (the main thread is then named `exe`), so read CPU from cold
 * launches and only the per-RPC times from warm ones.
 *
 * The trace is a measuring tool, not a log: it never reaches Terraform,
 * costs one object per RPC while on, and nothing while off. Lines are
 * buffered and written at exit (and every {@link FLUSH_EVERY} records), so
 * the file writes do not land between the RPCs being timed. Why not the
 * logging layer's `rpc` trace line: `TF_LOG=trace` also makes every other
 * part of the provider log, which then dominates what it measures.
 *
 * @example Tracing a plan
 * ```sh
 * FOUNDRY_RPC_TRACE=/tmp/rpc.jsonl TF_LOG_CORE=trace TF_LOG_PATH=/tmp/tf.log terraform plan
 * ```
 *
 * @module
 */

/** The environment variable that turns the trace on: a file to append to. */
export const RPC_TRACE_ENV = "FOUNDRY_RPC_TRACE";

/** Records buffered before they are written out. */
export const FLUSH_EVERY = 512;

/** Where a trace's lines go, and how CPU time is read (replaceable in tests). */
export interface RpcTraceOutput {
  /** Appends text to the trace file. Must not throw. */
  append(text: string): void;
  /** The process's CPU time so far, in microseconds; `undefined` while it cannot be read yet. */
  cpu(): { user: number; system: number } | undefined;
  /** CPU time so far per thread name, in nanoseconds (empty where the OS does not say). */
  threads(): Record<string, number>;
}

/** Collects per-RPC timings of one process; see the module documentation. */
export class RpcTrace {
  readonly #out: RpcTraceOutput;
  readonly #pid: number;
  #lines: string[] = [];
  #count = 0;
  #totalMs = 0;
  #cpuMark: { user: number; system: number } | undefined;
  #cpuMarkAfter = 0;
  #threadsMark: Record<string, number> = {};

  /** A trace writing to `out`. */
  constructor(out: RpcTraceOutput, pid: number = Deno.pid) {
    this.#out = out;
    this.#pid = pid;
  }

  /**
   * Records one RPC that ran from `startMs` to `endMs` (`performance.now()`
   * values) with request and response sizes in bytes.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { RpcTrace } from "./rpc_trace.ts";
   * let text = "";
   * const trace = new RpcTrace({
   *   append: (t) => void (text += t),
   *   cpu: () => ({ user: 2500, system: 500 }),
   *   threads: () => ({ deno: 3_000_000 }),
   * }, 7);
   * trace.record("PlanResourceChange", 10, 10.5, 120, 80);
   * trace.finish();
   * const [rpc, end] = text.trim().split("\n").map((l) => JSON.parse(l));
   * assert.equal(rpc.rpc, "PlanResourceChange");
   * assert.equal(rpc.ms, 0.5);
   * assert.deepEqual([end.rpcs, end.rpcMs, end.cpuUserMs], [1, 0.5, 2.5]);
   * assert.deepEqual([end.cpuAfterRpc, end.cpuAfterRpcMs], [1, 0]); // the clock stood still
   * assert.deepEqual(end.threadsAfterRpcMs, { deno: 0 });
   * ```
   */
  record(rpc: string, startMs: number, endMs: number, bytesIn: number, bytesOut: number): void {
    const ms = endMs - startMs;
    this.#count++;
    // Start-up's CPU is not the RPCs': the summary also gives the CPU time
    // from the end of the first RPC whose CPU clock could be read to exit.
    if (this.#cpuMark === undefined) {
      this.#cpuMark = this.#out.cpu();
      this.#cpuMarkAfter = this.#count;
      if (this.#cpuMark !== undefined) this.#threadsMark = this.#out.threads();
    }
    this.#totalMs += ms;
    this.#lines.push(JSON.stringify({
      pid: this.#pid,
      rpc,
      at: Math.round((performance.timeOrigin + startMs) * 1000) / 1000,
      ms: Math.round(ms * 1000) / 1000,
      in: bytesIn,
      out: bytesOut,
    }));
    if (this.#lines.length >= FLUSH_EVERY) this.flush();
  }

  /** Writes the buffered records. */
  flush(): void {
    if (this.#lines.length === 0) return;
    const text = this.#lines.join("\n") + "\n";
    this.#lines = [];
    this.#out.append(text);
  }

  /** Writes what is buffered and the process summary line. */
  finish(): void {
    const cpu = this.#out.cpu() ?? { user: 0, system: 0 };
    const mark = this.#cpuMark;
    const threadsMs: Record<string, number> = {};
    for (const [name, ns] of Object.entries(this.#out.threads())) {
      threadsMs[name] = Math.round((ns - (this.#threadsMark[name] ?? 0)) / 1e3) / 1e3;
    }
    this.#lines.push(JSON.stringify({
      pid: this.#pid,
      exit: true,
      rpcs: this.#count,
      rpcMs: Math.round(this.#totalMs * 1000) / 1000,
      cpuUserMs: Math.round(cpu.user) / 1000,
      cpuSystemMs: Math.round(cpu.system) / 1000,
      cpuAfterRpc: mark === undefined ? 0 : this.#cpuMarkAfter,
      cpuAfterRpcMs: mark === undefined
        ? 0
        : Math.round(cpu.user + cpu.system - mark.user - mark.system) / 1000,
      threadsAfterRpcMs: threadsMs,
      upMs: Math.round(performance.now() * 1000) / 1000,
    }));
    this.flush();
  }
}

function envAllowed(name: string): boolean {
  // `foundry build` grants a fixed list of variables; asking for another
  // would throw under --no-prompt, so ask the permission first.
  return Deno.permissions.querySync({ name: "env", variable: name }).state === "granted";
}

let active: RpcTrace | null | undefined;

/**
 * The process's trace when `FOUNDRY_RPC_TRACE` is set (read once), else
 * `undefined`. The summary line is written on `unload`, which `Deno.exit`
 * and a warm instance's end both dispatch.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { processRpcTrace, RPC_TRACE_ENV } from "./rpc_trace.ts";
 * if (Deno.env.get(RPC_TRACE_ENV) === undefined) assert.equal(processRpcTrace(), undefined);
 * ```
 */
export function processRpcTrace(): RpcTrace | undefined {
  if (active !== undefined) return active ?? undefined;
  const path = envAllowed(RPC_TRACE_ENV) ? Deno.env.get(RPC_TRACE_ENV) : undefined;
  if (path === undefined || path === "") {
    active = null;
    return undefined;
  }
  // Deno's global `process` (loaded on first use, so only when tracing):
  // getrusage's CPU time has microsecond resolution, where /proc/self/stat
  // counts 10 ms ticks.
  const proc = (globalThis as { process?: { cpuUsage(): { user: number; system: number } } })
    .process;
  const trace = new RpcTrace({
    append: (text) => {
      try {
        Deno.writeTextFileSync(path, text, { append: true });
      } catch {
        // a trace that cannot be written must not disturb serving
      }
    },
    cpu: () => proc?.cpuUsage(),
    threads: threadTimes,
  });
  globalThis.addEventListener("unload", () => trace.finish());
  active = trace;
  return trace;
}

/**
 * Nanoseconds each thread of this process has run, summed by thread name,
 * from `/proc/self/task/<tid>/schedstat`; empty where that is not readable.
 */
function threadTimes(): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const task of Deno.readDirSync("/proc/self/task")) {
      const dir = `/proc/self/task/${task.name}`;
      try {
        const name = Deno.readTextFileSync(`${dir}/comm`).trim();
        const ns = Number(Deno.readTextFileSync(`${dir}/schedstat`).split(" ")[0]);
        if (Number.isFinite(ns)) out[name] = (out[name] ?? 0) + ns;
      } catch {
        // the thread ended meanwhile
      }
    }
  } catch {
    // not Linux, or /proc not readable: no split
  }
  return out;
}
