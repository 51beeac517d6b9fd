/**
 * Launch bundles of entries that are gone are removed. Every launcher of a
 * `deno run` provider serves a cached bundle, one directory per entry and
 * flag list under `~/.cache/foundry/launch/`, and test suites make entries
 * in temporary directories by the dozen; a bundle with its source map is
 * ~2 MB. Each bundle directory records its entry in a file named `entry`;
 * when a bundle is refreshed, sibling directories whose entry no longer
 * exists go (a launcher of a missing entry fails before it could use
 * them). Directories with a refresh under way (`lock`) or without an
 * `entry` file are left alone.
 *
 * @example A bundle directory whose entry was deleted is removed
 * ```ts
 * import assert from "node:assert/strict";
 * import { pruneLaunchBundles } from "./launch_bundle_prune.ts";
 * const base = await Deno.makeTempDir();
 * const live = `${base}/0123456789abcdef`;
 * const gone = `${base}/fedcba9876543210`;
 * await Deno.mkdir(live);
 * await Deno.writeTextFile(`${live}/entry`, `${base}/main.ts`);
 * await Deno.writeTextFile(`${base}/main.ts`, "");
 * await Deno.mkdir(gone);
 * await Deno.writeTextFile(`${gone}/entry`, `${base}/deleted/main.ts`);
 * assert.deepEqual(await pruneLaunchBundles(base), [gone]);
 * assert.ok((await Deno.stat(live)).isDirectory);
 * await Deno.remove(base, { recursive: true });
 * ```
 *
 * @module
 */

import { isAbsolute, join } from "node:path";

/** Name of the file in a bundle directory that holds its entry's path. */
export const ENTRY_FILE = "entry";

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes the bundle directories under `base` (a `foundry/launch` cache
 * directory) whose recorded entry does not exist; returns the ones removed. Failures to read or remove one are
 * skipped: pruning is housekeeping, never a reason for a launch to fail.
 */
export async function pruneLaunchBundles(base: string): Promise<string[]> {
  const removed: string[] = [];
  let dirs: Deno.DirEntry[];
  try {
    dirs = await Array.fromAsync(Deno.readDir(base));
  } catch {
    return removed;
  }
  for (const d of dirs) {
    if (!d.isDirectory || !/^[0-9a-f]{16}$/.test(d.name)) continue;
    const dir = join(base, d.name);
    let entry: string;
    try {
      entry = (await Deno.readTextFile(join(dir, ENTRY_FILE))).trim();
    } catch {
      continue; // no record of its entry: not ours to judge
    }
    if (!isAbsolute(entry) || await exists(entry) || await exists(join(dir, "lock"))) continue;
    try {
      await Deno.remove(dir, { recursive: true });
      removed.push(dir);
    } catch {
      // another refresh removed it, or it is not ours to remove
    }
  }
  return removed;
}
