/**
 * Writing generated pages to the docs folder, and checking that a committed
 * copy is up to date (the `--check` of `foundry docs generate`).
 *
 * @module
 */

import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/**
 * Writes each page under `dir`, creating folders; returns the paths written
 * (pages whose content already matches are left untouched).
 */
export async function writeDocs(
  dir: string,
  pages: ReadonlyMap<string, string>,
): Promise<string[]> {
  const written: string[] = [];
  for (const [rel, text] of pages) {
    const path = join(dir, rel);
    const old = await readFile(path, "utf8").catch(() => undefined);
    if (old === text) continue;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    written.push(rel);
  }
  return written;
}

/**
 * The pages under `dir` that are missing or differ from `pages`, by path
 * relative to `dir`: empty when the committed docs are up to date.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkDocs, writeDocs } from "@foundry/foundry/docs";
 * const dir = await Deno.makeTempDir();
 * const pages = new Map([["index.md", "# p\n"]]);
 * assert.deepEqual(await checkDocs(dir, pages), ["index.md"]);
 * await writeDocs(dir, pages);
 * assert.deepEqual(await checkDocs(dir, pages), []);
 * ```
 */
export async function checkDocs(
  dir: string,
  pages: ReadonlyMap<string, string>,
): Promise<string[]> {
  const stale: string[] = [];
  for (const [rel, text] of pages) {
    const old = await readFile(join(dir, rel), "utf8").catch(() => undefined);
    if (old !== text) stale.push(rel);
  }
  return stale;
}
