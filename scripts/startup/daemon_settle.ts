/**
 * Waiting for warm daemons to go quiet between timed runs: after a command,
 * a daemon refills its pool of ready instances (each one a whole provider
 * loaded into a new isolate). A timed run that overlaps a refill measures
 * the refill too, on either side of a pair, so the benchmark starts each
 * run once the daemons' CPU time has stopped growing, as between two
 * commands a person types. (Commands run back to back by a script can
 * overlap a refill; the README's figures say which way they were taken.)
 *
 * @module
 */

import { warmDaemons } from "./warm_daemons.ts";

/** User plus system CPU time of `pid`, in clock ticks (0 once it is gone). */
function cpuTicks(pid: number): number {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]); // utime, stime
  } catch {
    return 0;
  }
}

/**
 * Resolves once the daemons matching `which` used no CPU for `quietMs` (longer
 * than the daemon waits after a launch before it refills: `QUIET_MS`)
 * (or after `limitMs`, whichever comes first); at once when there is none.
 *
 * @example Usage
 * ```ts
 * import { settleWarmDaemons } from "./daemon_settle.ts";
 * await settleWarmDaemons({ cwd: "/no/such/dir" }); // no daemon there: returns at once
 * ```
 */
export async function settleWarmDaemons(
  which: { tmp?: string; cwd?: string },
  quietMs = 400,
  limitMs = 10_000,
): Promise<void> {
  const pids = warmDaemons(which);
  if (pids.length === 0) return;
  const total = () => pids.reduce((sum, pid) => sum + cpuTicks(pid), 0);
  const limit = Date.now() + limitMs;
  let last = total();
  let quietSince = Date.now();
  while (Date.now() < limit) {
    await new Promise((r) => setTimeout(r, 25));
    const now = total();
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) {
      return;
    }
  }
}
