/**
 * Where a command's cached bundle lives and whether it may be used: the cheap half of serving a
 * command from one `deno bundle` of its module graph (the build is `bundle_build.ts`, which runs
 * in the background). A command that starts often and briefly (`foundry console`, piped once per
 * expression) spends most of its start-up loading modules, and a bundle of the same graph loads
 * in a fraction of that time (figures in bench/README.md).
 *
 * A cache directory per entry: under `$XDG_CACHE_HOME` (else `~/.cache`) `/foundry/bundle/`,
 * named by a hash of the entry's URL and the Deno version (a bundle is Deno's output for that
 * graph, and another Deno may bundle or run it differently). In it, `manifest.json` names the
 * current build directory and lists:
 *
 * - `sources`: every local file the bundle was made from (the graph's `file:` modules, the
 *   `deno.json` and `deno.lock` that resolved it) with its modification time and size when
 *   bundling began. Any difference, or a file gone, makes the bundle stale. A remote entry
 *   (`https://jsr.io/...`) lists no sources: a published version's URL names immutable code, so
 *   the key alone says the bundle is current.
 * - `outputs`: the build's JavaScript files with their sizes, so a damaged file is not loaded.
 *   The entry's chunks damaged without a change of size fail to load, and are rebuilt the same
 *   way; such damage to a chunk loaded on demand shows when it loads (a function's module).
 *
 * Checking costs one small read and a `stat` per file (about 170 for the console, ~1.7 ms),
 * synchronously, and this module imports nothing, so checking adds no module to the start-up
 * path. Nothing here writes: a stale, missing or broken bundle makes the caller run from source
 * and start a rebuild (`bundle_build.ts`), which writes a new build directory and then replaces
 * the manifest by renaming, so a reader sees the old manifest or the new one, never half of one.
 *
 * @example Finding no bundle in a fresh cache directory
 * ```ts
 * import assert from "node:assert/strict";
 * import { bundleCacheDir, checkBundle } from "./bundle_cache.ts";
 *
 * const home = await Deno.makeTempDir();
 * const dir = bundleCacheDir("file:///project/src/cli/commands/console.ts", { XDG_CACHE_HOME: home });
 * assert.ok(dir?.startsWith(`${home}/foundry/bundle/`));
 * assert.deepEqual(checkBundle(dir!), { kind: "missing" });
 * await Deno.remove(home, { recursive: true });
 * ```
 *
 * @module
 */

/** The manifest's format; another value is treated as no manifest (and rebuilt). */
export const BUNDLE_MANIFEST_FORMAT = 1;

/** One file a bundle was made from, as it was when bundling began. */
export interface BundleSource {
  /** Absolute path. */
  readonly path: string;
  /** Modification time in milliseconds since the epoch. */
  readonly mtime: number;
  /** Size in bytes. */
  readonly size: number;
}

/** What `manifest.json` holds. */
export interface BundleManifest {
  /** {@link BUNDLE_MANIFEST_FORMAT}. */
  readonly format: number;
  /** The entry's URL. */
  readonly entry: string;
  /** The Deno version that made the bundle. */
  readonly deno: string;
  /** The build directory's name, inside the cache directory; absent when not bundled. */
  readonly build?: string;
  /** The bundled entry's file name inside the build directory. */
  readonly main?: string;
  /** Why the graph was not bundled (it would behave differently); set when `build` is not. */
  readonly notBundled?: string;
  /** The files the bundle was made from. */
  readonly sources: readonly BundleSource[];
  /** The build's JavaScript files (relative names) and their sizes. */
  readonly outputs: readonly (readonly [name: string, size: number])[];
}

/** What {@link checkBundle} found. */
export type BundleCheck =
  /** Use `main`, a file path. */
  | { readonly kind: "fresh"; readonly main: string }
  /** Current, but the graph is not bundleable: run from source, no rebuild needed. */
  | { readonly kind: "unbundleable"; readonly reason: string }
  /** No usable manifest: build one. */
  | { readonly kind: "missing" }
  /** A source changed or an output is damaged: rebuild. */
  | { readonly kind: "stale"; readonly reason: string };

/** The environment variables {@link bundleCacheDir} reads. */
export interface BundleCacheEnv {
  /** The per-user cache base directory, when set and not empty. */
  readonly XDG_CACHE_HOME?: string;
  /** The home directory, for `~/.cache`. */
  readonly HOME?: string;
}

/**
 * The cache directory of `entry`'s bundle for this Deno, or undefined when there is no home to
 * put it in (no `XDG_CACHE_HOME` and no `HOME`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bundleCacheDir } from "./bundle_cache.ts";
 *
 * const env = { HOME: "/home/me" };
 * const a = bundleCacheDir("file:///a/console.ts", env);
 * assert.match(a!, /^\/home\/me\/\.cache\/foundry\/bundle\/[0-9a-f]{16}$/);
 * assert.notEqual(a, bundleCacheDir("file:///b/console.ts", env));
 * assert.equal(bundleCacheDir("file:///a/console.ts", {}), undefined);
 * ```
 */
export function bundleCacheDir(
  entry: string,
  env: BundleCacheEnv,
  denoVersion: string = Deno.version.deno,
): string | undefined {
  const base = env.XDG_CACHE_HOME || (env.HOME ? `${env.HOME}/.cache` : undefined);
  if (base === undefined) return undefined;
  return `${base}/foundry/bundle/${cacheKey(`${entry}\n${denoVersion}`)}`;
}

/**
 * 64 bits of FNV-1a over the UTF-16 code units, as 16 hex digits: a name, not a secret, and
 * computed without WebCrypto, whose first use costs start-up time.
 */
function cacheKey(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 16), 0x01000193) >>> 0;
  }
  return h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0");
}

/**
 * Reads `dir/manifest.json` and checks it against the file system: fresh when it was made by
 * this Deno, every source has its recorded time and size, and every output its size.
 *
 * @example A manifest whose source changed
 * ```ts
 * import assert from "node:assert/strict";
 * import { BUNDLE_MANIFEST_FORMAT, checkBundle } from "./bundle_cache.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/a.ts`, "export const a = 1;\n");
 * const st = await Deno.stat(`${dir}/a.ts`);
 * await Deno.mkdir(`${dir}/b1`);
 * await Deno.writeTextFile(`${dir}/b1/a.js`, "export const a = 1;\n");
 * await Deno.writeTextFile(`${dir}/manifest.json`, JSON.stringify({
 *   format: BUNDLE_MANIFEST_FORMAT, entry: `file://${dir}/a.ts`, deno: Deno.version.deno,
 *   build: "b1", main: "a.js",
 *   sources: [{ path: `${dir}/a.ts`, mtime: st.mtime!.getTime(), size: st.size }],
 *   outputs: [["a.js", 20]],
 * }));
 * assert.deepEqual(checkBundle(dir), { kind: "fresh", main: `${dir}/b1/a.js` });
 * await Deno.writeTextFile(`${dir}/a.ts`, "export const a = 22;\n");
 * assert.equal(checkBundle(dir).kind, "stale");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function checkBundle(dir: string, denoVersion: string = Deno.version.deno): BundleCheck {
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(Deno.readTextFileSync(`${dir}/manifest.json`));
  } catch {
    return { kind: "missing" };
  }
  if (
    manifest === null || typeof manifest !== "object" ||
    manifest.format !== BUNDLE_MANIFEST_FORMAT || !Array.isArray(manifest.sources) ||
    !Array.isArray(manifest.outputs)
  ) {
    return { kind: "missing" };
  }
  if (manifest.deno !== denoVersion) return { kind: "stale", reason: "made by another Deno" };
  for (const s of manifest.sources) {
    let st: Deno.FileInfo;
    try {
      st = Deno.statSync(s.path);
    } catch {
      return { kind: "stale", reason: `${s.path} is gone` };
    }
    if (st.mtime?.getTime() !== s.mtime || st.size !== s.size) {
      return { kind: "stale", reason: `${s.path} changed` };
    }
  }
  if (manifest.build === undefined || manifest.main === undefined) {
    return { kind: "unbundleable", reason: manifest.notBundled ?? "not bundled" };
  }
  const build = `${dir}/${manifest.build}`;
  for (const [name, size] of manifest.outputs) {
    let actual: number;
    try {
      actual = Deno.statSync(`${build}/${name}`).size;
    } catch {
      return { kind: "stale", reason: `${name} of the bundle is gone` };
    }
    if (actual !== size) return { kind: "stale", reason: `${name} of the bundle is damaged` };
  }
  return { kind: "fresh", main: `${build}/${manifest.main}` };
}
