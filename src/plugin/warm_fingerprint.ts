/**
 * The code a warm daemon serves, as a fingerprint it re-checks on every
 * launch: size and modification time of each file (which files:
 * `warm_code.ts`; source files under directories, listed files, the
 * executable itself for a Deno upgrade or a rebuilt binary). A daemon whose
 * fingerprint changed refuses the launch and exits, so the launch starts
 * cold on the new code.
 *
 * @module
 */

const CODE = /\.(ts|tsx|mts|js|jsx|mjs|cjs|json|jsonc)$/;
const MAX_FILES = 5000;

/** Source files and their stat stamps. */
export type Fingerprint = Map<string, string>;

function stamp(path: string): string {
  try {
    const st = Deno.statSync(path);
    return `${st.size}:${st.mtime?.getTime() ?? 0}`;
  } catch {
    return "missing";
  }
}

function walk(dir: string, out: string[], depth: number): void {
  if (depth > 8 || out.length >= MAX_FILES) return;
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch {
    return;
  }
  for (const e of entries) {
    if (out.length >= MAX_FILES) return;
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) walk(path, out, depth + 1);
    else if (e.isFile && CODE.test(e.name)) out.push(path);
  }
}

/**
 * Stamps of the source files under `dirs` (dot directories and
 * `node_modules` skipped) and of each file in `files`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { codeFingerprint, sameFingerprint } from "./warm_fingerprint.ts";
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/main.ts`, "1");
 * const before = codeFingerprint([dir], []);
 * assert.ok(sameFingerprint(before));
 * Deno.writeTextFileSync(`${dir}/main.ts`, "22");
 * assert.ok(!sameFingerprint(before));
 * ```
 */
export function codeFingerprint(dirs: readonly string[], files: readonly string[]): Fingerprint {
  const paths: string[] = [...files];
  for (const d of dirs) walk(d, paths, 0);
  return new Map(paths.map((p) => [p, stamp(p)]));
}

/**
 * Whether every file still has the stamp it had.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { sameFingerprint } from "./warm_fingerprint.ts";
 * assert.ok(!sameFingerprint(new Map([["/no/such/file.ts", "1:1"]])));
 * ```
 */
export function sameFingerprint(fp: ReadonlyMap<string, string>): boolean {
  for (const [path, was] of fp) if (stamp(path) !== was) return false;
  return true;
}
