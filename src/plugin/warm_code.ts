/**
 * What code a warm daemon serves, and how it notices that code changed.
 *
 * A daemon's instances are workers of the module the launch ran as its main
 * module. Launchers that serve a cached bundle (`launch_bundle.ts` in the
 * testing layer) name the bundle's directory to the launch entry, which
 * passes it on here. That directory holds `main.js` (the bundle), `sources`
 * (one absolute path per line: every local file the bundle was made from)
 * and the rule that the bundle is current while no listed file is newer than
 * `sources` itself or gone.
 *
 * - Serving the bundle (the main module is the directory's `main.js`): the
 *   code is that bundle, so the check stamps the listed files, `sources`,
 *   `main.js`, the daemon's own modules and the executable, and the daemon
 *   only serves while the bundle was current when it started. No directory
 *   is walked: the list is the graph, wherever its files live.
 * - Serving source (no bundle directory, or the launch ran the entry because
 *   the bundle was stale or the graph cannot be bundled): every code file
 *   under the main module's directory and under Foundry's own sources, plus
 *   the listed files when a list exists (it names modules outside those
 *   directories, and the `deno.json` and `deno.lock` that resolved them).
 *
 * Kept free of imports beyond the fingerprint: the daemon loads it at start.
 *
 * @module
 */

import { codeFingerprint, type Fingerprint, sameFingerprint } from "./warm_fingerprint.ts";

/** The code a daemon's instances run. */
export interface ServedCode {
  /** The module each instance worker runs: the launch's main module. */
  readonly module: string;
  /** `bundle` when that module is a launch bundle, else `source`. */
  readonly form: "bundle" | "source";
  /** Whether the code is still what the daemon started with (a `stat` per file). */
  unchanged(): boolean;
  /**
   * Each checked file's stamp as the daemon started: written into its failure
   * marker, so a launch can tell whether that failure was of the code it runs.
   */
  readonly stamps: Fingerprint;
}

/** Where to look, and what the launch ran. */
export interface ServedCodeInput {
  /** The launch's main module (`Deno.mainModule` before it ran). */
  readonly mainModule: string;
  /** The launch bundle directory the launcher named, if any. */
  readonly bundleDir?: string;
  /** Foundry's source directory (`src/`), walked when serving source. */
  readonly foundryDir?: string;
  /** The daemon's own module directory, stamped when serving the bundle. */
  readonly daemonDir?: string;
  /** The executable (`Deno.execPath()`): a Deno upgrade or a rebuilt binary is a change. */
  readonly executable: string;
}

const CODE = /\.(ts|tsx|mts|js|jsx|mjs|cjs|json|jsonc)$/;

function pathOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === "file:" ? decodeURIComponent(u.pathname) : undefined;
  } catch {
    return undefined;
  }
}

function mtimeMs(path: string): number | undefined {
  try {
    return Deno.statSync(path).mtime?.getTime() ?? undefined;
  } catch {
    return undefined;
  }
}

/** The paths in a bundle directory's `sources`, or undefined when there is none. */
function listedSources(dir: string): string[] | undefined {
  try {
    return Deno.readTextFileSync(`${dir}/sources`).split("\n").filter((p) => p !== "");
  } catch {
    return undefined;
  }
}

/**
 * The launch bundle rule (the launcher's `-nt` test): every listed file
 * exists and is not newer than the list.
 */
function listCurrent(dir: string, listed: readonly string[]): boolean {
  const stamp = mtimeMs(`${dir}/sources`);
  if (stamp === undefined) return false;
  for (const path of listed) {
    const t = mtimeMs(path);
    if (t === undefined || t > stamp) return false;
  }
  return true;
}

/** Code files directly in `dir` (not below): the daemon's own modules. */
function filesIn(dir: string): string[] {
  try {
    return [...Deno.readDirSync(dir)]
      .filter((e) => e.isFile && CODE.test(e.name))
      .map((e) => `${dir}/${e.name}`);
  } catch {
    return [];
  }
}

/**
 * What the daemon serves and its change check, stamped now (before any
 * instance loads, so a file replaced in between reads as a change).
 *
 * @example A daemon serving a launch bundle notices an edited source
 * ```ts
 * import assert from "node:assert/strict";
 * import { servedCode } from "./warm_code.ts";
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/helper.ts`, "export const a = 1;\n");
 * Deno.writeTextFileSync(`${dir}/main.js`, "console.log(1);\n");
 * Deno.writeTextFileSync(`${dir}/sources`, `${dir}/helper.ts\n`);
 * const older = new Date(Date.now() - 5000);
 * Deno.utimeSync(`${dir}/helper.ts`, older, older);
 * const code = servedCode({
 *   mainModule: `file://${dir}/main.js`,
 *   bundleDir: dir,
 *   executable: Deno.execPath(),
 * });
 * assert.equal(code.form, "bundle");
 * assert.ok(code.unchanged());
 * Deno.writeTextFileSync(`${dir}/helper.ts`, "export const a = 2;\n");
 * assert.ok(!code.unchanged());
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function servedCode(input: ServedCodeInput): ServedCode {
  const main = pathOf(input.mainModule);
  const dir = input.bundleDir?.replace(/\/+$/, "");
  const listed = dir === undefined ? undefined : listedSources(dir);
  if (dir !== undefined && main === `${dir}/main.js` && listed !== undefined) {
    const daemon = input.daemonDir === undefined ? [] : filesIn(input.daemonDir);
    const files = [
      ...listed,
      `${dir}/sources`,
      `${dir}/main.js`,
      ...daemon,
      input.executable,
    ];
    // Stamped before the rule is checked: an edit in between makes either
    // the rule or a later comparison fail, never both pass.
    const fingerprint: Fingerprint = codeFingerprint([], files);
    const current = listCurrent(dir, listed);
    return {
      module: input.mainModule,
      form: "bundle",
      unchanged: () => current && sameFingerprint(fingerprint),
      stamps: fingerprint,
    };
  }
  const dirs: string[] = [];
  if (main !== undefined) dirs.push(main.slice(0, main.lastIndexOf("/")));
  if (input.foundryDir !== undefined) dirs.push(input.foundryDir.replace(/\/+$/, ""));
  const fingerprint = codeFingerprint(dirs, [...(listed ?? []), input.executable]);
  return {
    module: input.mainModule,
    form: "source",
    unchanged: () => sameFingerprint(fingerprint),
    stamps: fingerprint,
  };
}
