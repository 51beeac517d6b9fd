/**
 * CPU time (user + system) of finished child processes, the processes this one has waited for
 * (which `Deno.Command` does for every child it runs): Deno has no `getrusage`, and wall time
 * alone is noisy on a shared machine. Read with libc's `getrusage(RUSAGE_CHILDREN)` through FFI
 * (microseconds, so one launch has a figure of its own) when FFI is allowed and libc found, else
 * from `/proc/self/stat`'s `cutime` and `cstime` (Linux), which count in 10 ms ticks: there one
 * launch reads 0, 10 or 20 ms and only a mean over many is precise (over 15 to about 0.7 ms).
 *
 * @example Counting a child's CPU time
 * ```ts
 * import assert from "node:assert/strict";
 * import { CpuMeter } from "./child_cpu.ts";
 *
 * const meter = new CpuMeter();
 * const spin = meter.wrap(async () => {
 *   await new Deno.Command(Deno.execPath(), {
 *     args: ["eval", "const t = Date.now(); while (Date.now() - t < 60);"],
 *   }).output();
 *   return 0;
 * });
 * await spin(); // the first call is a warm-up, not counted
 * await spin();
 * await spin();
 * if (meter.source !== "none") {
 *   assert.equal(meter.samples.length, 2);
 *   assert.ok(meter.meanMs() >= 40, `${meter.meanMs()} ms`);
 * }
 * ```
 *
 * @module
 */

/** Where child CPU times come from here. */
export type CpuSource = "getrusage" | "proc" | "none";

/** Milliseconds per tick of `/proc`'s CPU times (`USER_HZ` is 100 on Linux). */
const TICK_MS = 10;
/** `RUSAGE_CHILDREN`. */
const RUSAGE_CHILDREN = -1;
/** `struct rusage` on 64-bit Linux: two `timeval`s (16 bytes each), then 14 `long`s. */
const RUSAGE_BYTES = 144;

/** What this module calls in libc. */
interface Libc {
  readonly symbols: { getrusage(who: number, out: Uint8Array): number };
}

/** libc once opened; null when it cannot be (no FFI permission, not Linux, not found). */
let libc: Libc | undefined | null;

function openLibc(): Libc | null {
  if (libc !== undefined) return libc;
  libc = null;
  if (
    Deno.build.os !== "linux" || Deno.permissions.querySync({ name: "ffi" }).state !== "granted"
  ) {
    return libc;
  }
  for (const name of ["libc.so.6", "libc.so"]) {
    try {
      const lib: Libc = Deno.dlopen(name, {
        getrusage: { parameters: ["i32", "buffer"], result: "i32" },
      });
      return (libc = lib);
    } catch {
      // The next name, else /proc.
    }
  }
  return libc;
}

function rusageMs(): number | undefined {
  const lib = openLibc();
  if (lib === null) return undefined;
  const buf = new Uint8Array(RUSAGE_BYTES);
  if (lib.symbols.getrusage(RUSAGE_CHILDREN, buf) !== 0) return undefined;
  const v = new DataView(buf.buffer);
  const sec = (o: number) => Number(v.getBigInt64(o, true)) * 1000;
  const usec = (o: number) => Number(v.getBigInt64(o, true)) / 1000;
  return sec(0) + usec(8) + sec(16) + usec(24);
}

function procMs(): number | undefined {
  let stat: string;
  try {
    stat = Deno.readTextFileSync("/proc/self/stat");
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 16 and 17 of the whole line (cutime, cstime) are 13 and 14 after the name.
  const cutime = Number(fields[13]);
  const cstime = Number(fields[14]);
  return Number.isFinite(cutime) && Number.isFinite(cstime)
    ? (cutime + cstime) * TICK_MS
    : undefined;
}

/** Which source {@link childCpuMs} reads. */
export function cpuSource(): CpuSource {
  if (rusageMs() !== undefined) return "getrusage";
  return procMs() === undefined ? "none" : "proc";
}

/**
 * The CPU time of this process's waited-for children so far, in milliseconds, or undefined
 * where neither `getrusage` nor `/proc/self/stat` can be read.
 */
export function childCpuMs(): number | undefined {
  return rusageMs() ?? procMs();
}

/** Collects the child CPU time of the launches it wraps, leaving out the first (a warm-up). */
export class CpuMeter {
  /** Where the times come from: per launch with `getrusage`, 10 ms ticks with `proc`. */
  readonly source: CpuSource = cpuSource();
  readonly #samples: number[] = [];
  #calls = 0;

  /** Each counted launch's CPU milliseconds, in order. */
  get samples(): readonly number[] {
    return this.#samples;
  }

  /** Mean CPU milliseconds per counted launch (NaN before any). */
  meanMs(): number {
    const s = this.#samples;
    return s.length === 0 ? NaN : s.reduce((a, b) => a + b, 0) / s.length;
  }

  /** Median CPU milliseconds per counted launch (NaN before any); meaningful with `getrusage`. */
  medianMs(): number {
    const s = [...this.#samples].sort((a, b) => a - b);
    if (s.length === 0) return NaN;
    const mid = s.length >> 1;
    return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  }

  /**
   * `launch`, measured: each call's child CPU time is kept unless it is the first. Calls must
   * not overlap (nor another child finish meanwhile), or their times mix.
   */
  wrap<T>(launch: () => Promise<T>): () => Promise<T> {
    return async () => {
      const before = childCpuMs();
      const result = await launch();
      const after = childCpuMs();
      if (this.#calls++ > 0 && before !== undefined && after !== undefined) {
        this.#samples.push(after - before);
      }
      return result;
    };
  }
}
