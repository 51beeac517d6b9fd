/**
 * CPU time of finished child processes, read from `/proc/self/stat` (Linux): the `cutime` and
 * `cstime` of the processes this one has waited for, which `Deno.Command` does for every child it
 * runs. Deno has no `getrusage`, and wall time alone is noisy on a shared machine; the kernel
 * counts these in ticks of 10 ms (`USER_HZ` is 100 on Linux), so one launch reads 0, 10 or 20 ms
 * and only a mean over many launches is precise (over 15 launches to about 0.7 ms).
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
 * if (meter.supported) {
 *   assert.equal(meter.launches, 2);
 *   assert.ok(meter.meanMs() >= 40, `${meter.meanMs()} ms`);
 * }
 * ```
 *
 * @module
 */

/** Milliseconds per tick of `/proc`'s CPU times. */
const TICK_MS = 10;

/**
 * The CPU time (user + system) of this process's waited-for children so far, in milliseconds,
 * or undefined where `/proc/self/stat` does not exist.
 */
export function childCpuMs(): number | undefined {
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

/** Sums the child CPU time of the launches it wraps, leaving out the first (a warm-up). */
export class CpuMeter {
  /** Whether `/proc` gives child CPU times here. */
  readonly supported: boolean = childCpuMs() !== undefined;
  #total = 0;
  #launches = 0;
  #calls = 0;

  /** Launches counted (every call but the first). */
  get launches(): number {
    return this.#launches;
  }

  /** Mean CPU milliseconds per counted launch (NaN before any). */
  meanMs(): number {
    return this.#launches === 0 ? NaN : this.#total / this.#launches;
  }

  /**
   * `launch`, measured: each call's child CPU time is added unless it is the first. Calls must
   * not overlap (nor another child finish meanwhile), or their times mix.
   */
  wrap<T>(launch: () => Promise<T>): () => Promise<T> {
    return async () => {
      const before = childCpuMs();
      const result = await launch();
      const after = childCpuMs();
      if (this.#calls++ > 0 && before !== undefined && after !== undefined) {
        this.#total += after - before;
        this.#launches++;
      }
      return result;
    };
  }
}
