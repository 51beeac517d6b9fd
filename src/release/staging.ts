/**
 * The staging directory a release is built in (a hidden sibling of the
 * output directory, so the final moves are same-filesystem renames), and the
 * order those moves happen in. A build killed by Ctrl-C cannot remove its
 * staging directory, so each staging directory records its owner's process
 * id and the next build removes those whose owner is gone.
 *
 * @module
 */

import { basename, dirname, join } from "node:path";

const OWNER_FILE = ".owner-pid";
// Where a process cannot be looked up, a leftover this old is surely abandoned.
const ABANDONED_MS = 24 * 3600_000;

function prefixOf(outDir: string): string {
  return `.${basename(outDir)}.staging-`;
}

async function ownerAlive(dir: string): Promise<boolean> {
  let pid: number;
  try {
    pid = Number(await Deno.readTextFile(join(dir, OWNER_FILE)));
  } catch {
    pid = NaN;
  }
  if (Deno.build.os === "linux" && Number.isInteger(pid) && pid > 0) {
    if (pid === Deno.pid) return true;
    return await Deno.stat(`/proc/${pid}`).then(() => true, () => false);
  }
  const info = await Deno.stat(dir).catch(() => undefined);
  const age = Date.now() - (info?.mtime?.getTime() ?? Date.now());
  return age < ABANDONED_MS;
}

/**
 * Removes staging directories next to `outDir` left by builds that were
 * interrupted; returns their paths.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { removeStaleStaging } from "./staging.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/.dist.staging-x`);
 * await Deno.writeTextFile(`${dir}/.dist.staging-x/.owner-pid`, "999999999");
 * assert.equal((await removeStaleStaging(`${dir}/dist`)).length, 1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function removeStaleStaging(outDir: string): Promise<string[]> {
  const parent = dirname(outDir);
  const prefix = prefixOf(outDir);
  const removed: string[] = [];
  let entries: Deno.DirEntry[] = [];
  try {
    entries = await Array.fromAsync(Deno.readDir(parent));
  } catch {
    return removed;
  }
  for (const e of entries) {
    if (!e.isDirectory || !e.name.startsWith(prefix)) continue;
    const path = join(parent, e.name);
    if (await ownerAlive(path)) continue;
    await Deno.remove(path, { recursive: true }).then(() => removed.push(path), () => {});
  }
  return removed;
}

/**
 * Removes, synchronously, the staging directories beside `outDir` that this
 * process owns: for a Ctrl-C handler, which cannot wait.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createStaging, removeOwnStagingSync } from "./staging.ts";
 * const dir = await Deno.makeTempDir();
 * await createStaging(`${dir}/dist`);
 * removeOwnStagingSync(`${dir}/dist`);
 * assert.deepEqual([...Deno.readDirSync(dir)], []);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function removeOwnStagingSync(outDir: string): void {
  const parent = dirname(outDir);
  const prefix = prefixOf(outDir);
  try {
    for (const e of Deno.readDirSync(parent)) {
      if (!e.isDirectory || !e.name.startsWith(prefix)) continue;
      const path = join(parent, e.name);
      try {
        if (Deno.readTextFileSync(join(path, OWNER_FILE)) === String(Deno.pid)) {
          Deno.removeSync(path, { recursive: true });
        }
      } catch {
        // not ours, or already gone
      }
    }
  } catch {
    // the parent is gone: nothing to remove
  }
}

/**
 * Creates a staging directory beside `outDir`, owned by this process.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createStaging } from "./staging.ts";
 * const dir = await Deno.makeTempDir();
 * const staging = await createStaging(`${dir}/dist`);
 * assert.ok(staging.includes(".dist.staging-"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function createStaging(outDir: string): Promise<string> {
  const staging = await Deno.makeTempDir({ dir: dirname(outDir), prefix: prefixOf(outDir) });
  await Deno.writeTextFile(join(staging, OWNER_FILE), String(Deno.pid));
  return staging;
}

/**
 * Moves the finished release files from `staging` into `outDir` so that a
 * failure part way never leaves checksums beside archives they do not
 * describe: the old sums and signature go first, then the archives and the
 * manifest, then the new sums, the new signature last.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { publishStaged } from "./staging.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/s`);
 * await Deno.writeTextFile(`${dir}/s/a.zip`, "a");
 * await Deno.writeTextFile(`${dir}/s/SUMS`, "x");
 * await publishStaged(`${dir}/s`, `${dir}/out`, ["a.zip", "SUMS"], { sums: "SUMS", signature: "SIG" });
 * assert.equal(await Deno.readTextFile(`${dir}/out/SUMS`), "x");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function publishStaged(
  staging: string,
  outDir: string,
  files: readonly string[],
  names: { sums: string; signature: string },
): Promise<void> {
  await Deno.mkdir(outDir, { recursive: true });
  for (const old of [names.signature, names.sums]) {
    await Deno.remove(join(outDir, old)).catch(() => {});
  }
  const last = [names.sums, names.signature];
  const first = files.filter((f) => !last.includes(f));
  for (const f of [...first, ...last.filter((f) => files.includes(f))]) {
    await Deno.rename(join(staging, f), join(outDir, f));
  }
}
