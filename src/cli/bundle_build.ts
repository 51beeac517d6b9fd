/**
 * Builds a command's cached bundle (see `bundle_cache.ts` for the cache's layout and how a
 * bundle is checked). Runs in a background process that the command starts when it finds the
 * bundle missing or stale (`deno run -A bundle_build.ts ENTRY DIR`, output to /dev/null), so
 * the user never waits for it; that run of the command uses the sources.
 *
 * One build:
 *
 * 1. Takes `DIR/lock` (a directory: `mkdir` is atomic), so concurrent first runs build once; a
 *    lock older than two minutes is a build that died and is taken over.
 * 2. Lists the graph's local files (`deno info --json`) and the `deno.json`/`deno.lock` that
 *    resolve it, and records each one's time and size before bundling. A file changed in the
 *    two seconds before is recorded as unknown (so the next start rebuilds once more): on a file
 *    system with one-second times an edit in the same second could otherwise go unseen.
 * 3. `deno bundle --code-splitting --sourcemap linked` into a temporary directory: the entry and
 *    what it imports statically in one chunk graph, each dynamic `import()` (the function
 *    modules the console loads on demand, its line editor) its own chunk, loaded when called as
 *    before. Source maps keep stack traces naming the `.ts` files.
 * 4. Makes the bundler's `require` helper lazy (see {@link withLazyRequire}), joins the chunks
 *    the entry imports statically into the entry's file (`bundle_merge.ts`) and checks that the
 *    bundle behaves as its sources do ({@link bundleProblem}); if not, the manifest records why
 *    and the command runs from source until a source file changes.
 * 5. Checks the sources again: if one changed while bundling, the build is dropped.
 * 6. Renames the directory to `b-TIME-PID`, writes the manifest to a temporary file and renames
 *    it over `manifest.json`, then removes older builds (keeping the one the replaced manifest
 *    named: a session started from it may still load its on-demand chunks).
 *
 * @example Building a small entry's bundle and finding it fresh
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildBundle } from "./bundle_build.ts";
 * import { checkBundle } from "./bundle_cache.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/hello.ts`, 'export const hello = async () => (await import("./world.ts")).world;\n');
 * await Deno.writeTextFile(`${dir}/world.ts`, 'export const world = "world";\n');
 * // Sources written just now are recorded as unknown; make them two seconds old.
 * const past = new Date(Date.now() - 5000);
 * for (const f of ["hello.ts", "world.ts"]) await Deno.utime(`${dir}/${f}`, past, past);
 * const built = await buildBundle(`file://${dir}/hello.ts`, `${dir}/cache`);
 * assert.equal(built.kind, "bundled");
 * const check = checkBundle(`${dir}/cache`);
 * assert.equal(check.kind, "fresh");
 * if (check.kind === "fresh") {
 *   const { hello } = await import(`file://${check.main}`);
 *   assert.equal(await hello(), "world");
 * }
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @module
 */

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUNDLE_MANIFEST_FORMAT, type BundleManifest, type BundleSource } from "./bundle_cache.ts";
import { mergeStaticChunks } from "./bundle_merge.ts";

/** What {@link buildBundle} did. */
export type BundleBuildResult =
  /** A new build is current. */
  | {
    readonly kind: "bundled";
    readonly build: string;
    readonly sources: number;
    /** How many chunks were joined into the entry's file (see `bundle_merge.ts`). */
    readonly joined: number;
    /** Why the entry's chunks were left apart, when they were. */
    readonly notJoined?: string;
  }
  /** The manifest now says why the graph runs from source. */
  | { readonly kind: "not-bundled"; readonly reason: string }
  /** Another build holds the lock. */
  | { readonly kind: "busy" }
  /** A source changed while bundling; nothing was replaced. */
  | { readonly kind: "changed"; readonly path: string }
  /** The cache directory could not be written, or Deno failed; nothing was replaced. */
  | { readonly kind: "failed"; readonly reason: string };

const UTF8 = new TextDecoder();
/** A build that has held the lock this long died. */
const STALE_LOCK_MS = 120_000;
/** Sources changed this recently are recorded as unknown (see the module doc, step 2). */
const SETTLE_MS = 2_000;

/** The bundler's CommonJS `require`, made eagerly: it loads `node:module` at start-up. */
const EAGER_REQUIRE =
  'import { createRequire as __deno_internal_createRequire } from "node:module";\n' +
  "var __require = __deno_internal_createRequire(import.meta.url);";
/** The same on first call, in two lines as well, so the source map's lines still match. */
const LAZY_REQUIRE =
  'var __require = (id) => (__foundry_require ??= globalThis.process.getBuiltinModule("node:module").createRequire(import.meta.url))(id);\n' +
  "var __foundry_require;";

/**
 * `text` with the bundler's `require` helper created on first call. `deno bundle` gives
 * bundled CommonJS packages (`yaml`) a `require` made with `node:module` in the chunk of shared
 * helpers, which every chunk imports: starting Deno's Node compatibility layer costs about
 * 12 ms of CPU, on every start, for a helper only the YAML functions call.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withLazyRequire } from "./bundle_build.ts";
 *
 * const chunk = 'import { createRequire as __deno_internal_createRequire } from "node:module";\n' +
 *   "var __require = __deno_internal_createRequire(import.meta.url);\nexport { __require };\n";
 * const lazy = withLazyRequire(chunk);
 * assert.ok(!lazy.includes('from "node:module"'));
 * assert.equal(lazy.split("\n").length, chunk.split("\n").length);
 * const file = await Deno.makeTempFile({ suffix: ".js" });
 * await Deno.writeTextFile(file, lazy);
 * const { __require } = await import(`file://${file}`);
 * assert.equal(typeof __require("node:buffer").Buffer, "function");
 * await Deno.remove(file);
 * ```
 */
export function withLazyRequire(text: string): string {
  return text.replace(EAGER_REQUIRE, LAZY_REQUIRE);
}

/**
 * Why a bundle (its chunks' texts by file name, after {@link withLazyRequire}) would not
 * behave as its sources do, or undefined. The bundle is imported, not run as the main module,
 * so `import.meta.main` is false in both; `import.meta.url` and friends would name the cache
 * instead of the source (only the lazy `require` helper may use it); a dynamic `import()` must
 * be of a chunk of the bundle (one the bundler could not resolve would be resolved against the
 * cache); and `require` may only load Node's built-in modules. Lines of comments (JSDoc kept by
 * the bundler) are skipped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bundleProblem } from "./bundle_build.ts";
 *
 * assert.equal(bundleProblem(new Map([["a.js", 'const m = await import("./chunk-X.js");\n']])), undefined);
 * assert.match(
 *   bundleProblem(new Map([["a.js", "const u = import.meta.url;\n"]]))!,
 *   /a\.js uses import\.meta\.url/,
 * );
 * assert.match(bundleProblem(new Map([["a.js", "await import(name);\n"]]))!, /import\(name\)/);
 * ```
 */
export function bundleProblem(files: ReadonlyMap<string, string>): string | undefined {
  for (const [name, text] of files) {
    for (const line of text.split("\n")) {
      if (/^\s*(?:\*|\/\/|\/\*)/.test(line)) continue;
      const code = line === LAZY_REQUIRE.split("\n")[0] ? "" : line;
      const meta = /import\.meta\.(?!main\b)[A-Za-z_$]+/.exec(code);
      if (meta !== null) return `${name} uses ${meta[0]}, which would name the bundle`;
      for (const m of code.matchAll(/\bimport\s*\(([^)]*)\)/g)) {
        if (!/^\s*"\.\/[\w.-]+\.js"\s*$/.test(m[1])) {
          return `${name} has import(${m[1]}), which is not one of the bundle's chunks`;
        }
      }
      for (const m of code.matchAll(/(?<![\w$])(__)?require\s*\(([^)]*)\)/g)) {
        if (m[1] === undefined || !/^\s*"node:[\w/]+"\s*$/.test(m[2])) {
          return `${name} calls ${m[0]}, which a bundle cannot resolve`;
        }
      }
    }
  }
  return undefined;
}

/** The `deno` arguments that resolve `entry` as its own project does. */
async function resolutionArgs(entry: string): Promise<{ args: string[]; config?: string }> {
  if (!entry.startsWith("file:")) return { args: ["--no-config"] };
  for (let dir = dirname(fileURLToPath(entry));; dir = dirname(dir)) {
    for (const name of ["deno.json", "deno.jsonc"]) {
      const config = join(dir, name);
      if (await exists(config)) return { args: ["--config", config], config };
    }
    if (dirname(dir) === dir) return { args: ["--no-config"] };
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The graph's local files, and the config and lock file that resolved it, sorted. */
async function graphFiles(entry: string, args: string[], config?: string): Promise<string[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", ...args, entry],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`deno info failed: ${UTF8.decode(out.stderr).trim()}`);
  const info = JSON.parse(UTF8.decode(out.stdout)) as { modules: { specifier: string }[] };
  const files = new Set<string>();
  for (const m of info.modules) {
    if (m.specifier.startsWith("file:")) files.add(fileURLToPath(m.specifier));
  }
  if (config !== undefined) {
    files.add(config);
    const lock = join(dirname(config), "deno.lock");
    if (await exists(lock)) files.add(lock);
  }
  return [...files].sort();
}

async function statSources(paths: readonly string[], settledBefore: number) {
  const out: BundleSource[] = [];
  for (const path of paths) {
    const st = await Deno.stat(path);
    const mtime = st.mtime?.getTime() ?? -1;
    out.push({ path, mtime: mtime > settledBefore ? -1 : mtime, size: st.size });
  }
  return out;
}

/** The first source whose time or size is not what was recorded (unknown ones aside). */
async function changedSource(sources: readonly BundleSource[]): Promise<string | undefined> {
  for (const s of sources) {
    try {
      const st = await Deno.stat(s.path);
      if (st.size !== s.size || (s.mtime !== -1 && st.mtime?.getTime() !== s.mtime)) return s.path;
    } catch {
      return s.path;
    }
  }
  return undefined;
}

/** Writes `manifest` to `dir/manifest.json` by renaming a complete temporary file over it. */
async function writeManifest(dir: string, manifest: BundleManifest): Promise<void> {
  const tmp = join(dir, `manifest.${Deno.pid}.${crypto.randomUUID()}.json`);
  await Deno.writeTextFile(tmp, JSON.stringify(manifest));
  await Deno.rename(tmp, join(dir, "manifest.json"));
}

async function previousBuild(dir: string): Promise<string | undefined> {
  try {
    const m = JSON.parse(await Deno.readTextFile(join(dir, "manifest.json")));
    return typeof m?.build === "string" ? m.build : undefined;
  } catch {
    return undefined;
  }
}

/** Removes builds other than `keep`, and temporary directories of builds that died. */
async function prune(dir: string, keep: ReadonlySet<string | undefined>): Promise<void> {
  for await (const e of Deno.readDir(dir)) {
    if (keep.has(e.name)) continue;
    const path = join(dir, e.name);
    if (e.name.startsWith("b-")) {
      await Deno.remove(path, { recursive: true }).catch(() => {});
    } else if (e.name.startsWith("tmp-")) {
      const age = Date.now() - ((await Deno.stat(path).catch(() => null))?.mtime?.getTime() ?? 0);
      if (age > STALE_LOCK_MS) await Deno.remove(path, { recursive: true }).catch(() => {});
    }
  }
}

async function takeLock(lock: string): Promise<boolean> {
  try {
    await Deno.mkdir(lock);
    return true;
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
    const age = Date.now() - ((await Deno.stat(lock).catch(() => null))?.mtime?.getTime() ?? 0);
    if (age < STALE_LOCK_MS) return false;
    // Taken over: touch it so a third build sees a live lock.
    const now = new Date();
    await Deno.utime(lock, now, now).catch(() => {});
    return true;
  }
}

/**
 * Builds `entry`'s bundle (a module URL, `file:` or remote) in the cache directory `dir` and
 * makes it current, as the module doc describes. Never throws: what went wrong is the result.
 */
export async function buildBundle(entry: string, dir: string): Promise<BundleBuildResult> {
  const lock = join(dir, "lock");
  try {
    await Deno.mkdir(dir, { recursive: true });
    if (!(await takeLock(lock))) return { kind: "busy" };
  } catch (e) {
    return { kind: "failed", reason: `cannot write ${dir}: ${message(e)}` };
  }
  const tmp = join(dir, `tmp-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`);
  try {
    const started = Date.now();
    const { args, config } = await resolutionArgs(entry);
    const sources = await statSources(await graphFiles(entry, args, config), started - SETTLE_MS);
    const base = { format: BUNDLE_MANIFEST_FORMAT, entry, deno: Deno.version.deno, sources };
    const target = entry.startsWith("file:") ? fileURLToPath(entry) : entry;
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--quiet",
        "--platform",
        "deno",
        "--code-splitting",
        "--sourcemap",
        "linked",
        ...args,
        "--outdir",
        tmp,
        target,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      // Bundling this graph fails: run from source until a file changes, not rebuild per start.
      const reason = `deno bundle failed: ${UTF8.decode(out.stderr).trim()}`;
      await writeManifest(dir, { ...base, notBundled: reason, outputs: [] });
      return { kind: "not-bundled", reason };
    }
    const main = target.slice(target.lastIndexOf("/") + 1).replace(/\.[cm]?[jt]sx?$/, "") + ".js";
    const texts = new Map<string, string>();
    for await (const e of Deno.readDir(tmp)) {
      if (!e.isFile || !e.name.endsWith(".js")) continue;
      const text = withLazyRequire(await Deno.readTextFile(join(tmp, e.name)));
      texts.set(e.name, text);
      await Deno.writeTextFile(join(tmp, e.name), text);
    }
    // One file for what the entry loads before it runs (see bundle_merge.ts); a join that
    // does not work out leaves the chunks as deno bundle wrote them.
    const merge = texts.has(main)
      ? await mergeStaticChunks(tmp, main, texts, bundleProblem)
      : undefined;
    if (merge?.kind === "merged") {
      for (const name of merge.joined) {
        texts.delete(name);
        await Deno.remove(join(tmp, name));
        await Deno.remove(join(tmp, `${name}.map`)).catch(() => {});
      }
      for (const [name, text] of merge.texts) {
        texts.set(name, text);
        await Deno.writeTextFile(join(tmp, name), text);
      }
    }
    const problem = texts.has(main)
      ? bundleProblem(texts)
      : `deno bundle wrote no ${main} for the entry`;
    const changed = await changedSource(sources);
    if (changed !== undefined) return { kind: "changed", path: changed };
    if (problem !== undefined) {
      await writeManifest(dir, { ...base, notBundled: problem, outputs: [] });
      return { kind: "not-bundled", reason: problem };
    }
    const outputs: [string, number][] = [];
    for await (const e of Deno.readDir(tmp)) {
      // Source maps are not checked: a damaged one only spoils a stack trace.
      if (e.isFile && e.name.endsWith(".js")) {
        outputs.push([e.name, (await Deno.stat(join(tmp, e.name))).size]);
      }
    }
    outputs.sort(([a], [b]) => (a < b ? -1 : 1));
    const build = `b-${Date.now()}-${Deno.pid}`;
    const previous = await previousBuild(dir);
    await Deno.rename(tmp, join(dir, build));
    await writeManifest(dir, { ...base, build, main, outputs });
    await prune(dir, new Set([build, previous, "lock", "manifest.json"]));
    return {
      kind: "bundled",
      build,
      sources: sources.length,
      joined: merge?.kind === "merged" ? merge.joined.length : 0,
      ...(merge?.kind === "kept" ? { notJoined: merge.reason } : {}),
    };
  } catch (e) {
    return { kind: "failed", reason: message(e) };
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    await Deno.remove(lock).catch(() => {});
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

if (import.meta.main) {
  // The background build a command starts: `bundle_build.ts ENTRY DIR`.
  const [entry, dir] = Deno.args;
  if (entry === undefined || dir === undefined) {
    console.error("usage: bundle_build.ts ENTRY_URL CACHE_DIR");
    Deno.exit(2);
  }
  const r = await buildBundle(entry, dir);
  if (r.kind === "failed") console.error(`bundle_build: ${r.reason}`);
  Deno.exit(r.kind === "failed" ? 1 : 0);
}
