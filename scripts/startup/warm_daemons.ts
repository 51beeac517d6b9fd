/**
 * Finding the warm daemons a benchmark started: each was started with the
 * benchmark's own `TMPDIR`, and its start-up environment names its socket
 * under it (`FOUNDRY_WARM_ROLE_SOCKET`), so they can be measured and
 * stopped without touching anyone else's.
 *
 * @module
 */

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
  const pids: number[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const env = Deno.readTextFileSync(`/proc/${e.name}/environ`);
      if (env.includes(`FOUNDRY_WARM_ROLE_SOCKET=${tmp}/`)) pids.push(Number(e.name));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}
