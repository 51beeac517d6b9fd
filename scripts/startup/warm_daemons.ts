/**
 * Finding the warm daemons a benchmark started: each was started with the
 * benchmark's own `TMPDIR`, and its start-up environment names its socket
 * under it (`FOUNDRY_WARM_ROLE_SOCKET`), so they can be measured and
 * stopped without touching anyone else's.
 *
 * @module
 */

/**
 * Process ids of warm daemons matching `which`: their socket under `tmp`,
 * their working directory `cwd`; every daemon of the user when both are left out.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { warmDaemons } from "./warm_daemons.ts";
 * assert.deepEqual(warmDaemons({ cwd: "/no/such/dir" }), []);
 * ```
 */
export function warmDaemons(which: { tmp?: string; cwd?: string }): number[] {
  const pids: number[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const env = Deno.readTextFileSync(`/proc/${e.name}/environ`);
      if (!env.includes("FOUNDRY_WARM_ROLE_SOCKET=")) continue;
      if (which.tmp !== undefined && !env.includes(`FOUNDRY_WARM_ROLE_SOCKET=${which.tmp}/`)) {
        continue;
      }
      if (which.cwd !== undefined && Deno.readLinkSync(`/proc/${e.name}/cwd`) !== which.cwd) {
        continue;
      }
      pids.push(Number(e.name));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/**
 * Process ids of the warm daemons whose socket lives under `tmp`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { daemonPids } from "./warm_daemons.ts";
 * assert.deepEqual(daemonPids(await Deno.makeTempDir()), []); // none started there
 * ```
 */
export function daemonPids(tmp: string): number[] {
  return warmDaemons({ tmp });
}
