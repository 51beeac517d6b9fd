/**
 * Launchers serve the provider from a bundle: one JavaScript file made by
 * `deno bundle` from the entry, so a launch reads and compiles one module
 * instead of ~110 (the module graph is most of a cold start's cost, and
 * Terraform starts a provider 3-4 times per command). A warm launcher
 * preloads the warm launch entry before it (its specifier names the bundle
 * directory, `?bundle=DIR`): Deno prepares the main module's graph before a
 * preload runs, so the launch reaches the warm check having read one file
 * instead of the provider's whole graph, and the warm daemon it starts runs
 * its instances from the bundle and checks the code against `sources`
 * (see the plugin layer's `warm_code.ts`).
 *
 * Where it lives: a cache directory per entry and Deno argument list
 * ({@link launchBundleDir}), shared by every launcher of that entry, holding
 * `main.js`, its linked source map (stack traces still name the `.ts`
 * files) and `sources`: the list of files the bundle was made from (every
 * local module of the entry's graph, and the `deno.json`/`deno.lock` that
 * resolved it). The `sources` file's modification time is set one second
 * before bundling began.
 *
 * How a change is detected, cheaply: the launcher (a `/bin/sh` script) reads
 * `sources` and tests each path with the shell's built-in `-nt` against that
 * time (a `stat` per file, no process started); a file edited after bundling
 * began, or gone, makes the bundle stale. A stale or missing bundle never
 * runs: that launch runs the entry from source, as before, and starts a
 * rebuild in the background for the next one ({@link refreshLaunchBundle},
 * with a lock so concurrent launches build once). The second of slack covers
 * file systems whose times have one-second resolution. A warm launcher
 * first offers the launch to a warm daemon (`plugin/warm_shell.ts`), which
 * makes the same check of the code it serves on every launch and refuses
 * one after a change; the launcher's own check follows a refusal.
 *
 * What is never bundled: a graph whose bundle would behave differently from
 * the source, i.e. one that uses `import.meta` for anything but `main`
 * (`import.meta.url`/`dirname` would name the bundle), checks
 * `import.meta.main` in more than one module (in a bundle it is true for
 * all), or has a dynamic `import()` that `deno bundle` cannot resolve, or
 * `require`. Then `sources` is written
 * without `main.js` and launches run from source until a file changes.
 *
 * Directories of entries that no longer exist are removed when another
 * bundle is refreshed (`launch_bundle_prune.ts`).
 *
 * What the provider sees is what it sees run from source: the bundle keeps
 * `import.meta.main`, and its first line sets `Deno.mainModule` to the
 * entry's file URL (`bundle_main_module.ts`).
 *
 * @example Bundling an entry and checking it is fresh
 * ```ts
 * import assert from "node:assert/strict";
 * import { isLaunchBundleFresh, refreshLaunchBundle } from "./launch_bundle.ts";
 * const dir = await Deno.makeTempDir();
 * const entry = `${dir}/main.ts`;
 * await Deno.writeTextFile(entry, 'if (import.meta.main) console.log("hi");\n');
 * const cache = `${dir}/cache`;
 * const built = await refreshLaunchBundle(entry, cache);
 * assert.equal(built.kind, "bundled");
 * assert.ok((await Deno.stat(`${cache}/main.js`)).isFile);
 * // main.ts was written less than a second before bundling began: within the
 * // slack, so it counts as changed and the next launch rebuilds once.
 * assert.equal(await isLaunchBundleFresh(cache), false);
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @module
 */

import { dirname, join } from "node:path";
import { withSourceMainModule } from "./bundle_main_module.ts";
// Not plugin/mod.ts: the background refresh runs this module as a script beside a launch.
import { withLaunchFlags } from "../plugin/launch_flags.ts";
import {
  shellQuote,
  WARM_SHELL_FUNCTION,
  warmPipeLine,
  warmShellFunction,
} from "../plugin/warm_shell.ts";
import { ENTRY_FILE, pruneLaunchBundles } from "./launch_bundle_prune.ts";

/** What {@link refreshLaunchBundle} did. */
export type LaunchBundleResult =
  | { readonly kind: "bundled"; readonly sources: number }
  | { readonly kind: "not-bundled"; readonly reason: string }
  | { readonly kind: "busy" }
  | { readonly kind: "failed"; readonly reason: string };

const UTF8 = new TextDecoder();

/**
 * The cache directory of an entry's bundle: under `$XDG_CACHE_HOME` (else
 * `~/.cache`) `/foundry/launch/`, named by a hash of the entry path and the
 * `deno run` arguments (permission flags are part of what a launch means).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { launchBundleDir } from "./launch_bundle.ts";
 * const a = await launchBundleDir("/abs/main.ts", ["--allow-all"]);
 * assert.notEqual(a, await launchBundleDir("/abs/other.ts", ["--allow-all"]));
 * assert.match(a, /\/foundry\/launch\/[0-9a-f]{16}$/);
 * ```
 */
export async function launchBundleDir(entry: string, denoArgs: readonly string[]): Promise<string> {
  const base = Deno.env.get("XDG_CACHE_HOME") || join(Deno.env.get("HOME") ?? "/tmp", ".cache");
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(JSON.stringify([entry, ...denoArgs])),
  );
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return join(base, "foundry", "launch", hex.slice(0, 16));
}

/**
 * Whether the bundle in `dir` exists and no file it was made from changed
 * or went away since (the launcher's shell test, for callers in Deno).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isLaunchBundleFresh } from "./launch_bundle.ts";
 * assert.equal(await isLaunchBundleFresh("/nonexistent/foundry-bundle"), false);
 * ```
 */
export async function isLaunchBundleFresh(dir: string): Promise<boolean> {
  try {
    await Deno.stat(join(dir, "main.js"));
    return await sourcesUnchanged(dir);
  } catch {
    return false;
  }
}

/** True when `sources` exists and every file it lists is older than it. */
async function sourcesUnchanged(dir: string): Promise<boolean> {
  const list = join(dir, "sources");
  let stamp: number;
  let text: string;
  try {
    stamp = (await Deno.stat(list)).mtime?.getTime() ?? 0;
    text = await Deno.readTextFile(list);
  } catch {
    return false;
  }
  for (const path of text.split("\n")) {
    if (path === "") continue;
    try {
      if ((await Deno.stat(path)).mtime!.getTime() > stamp) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Local files of the entry's graph, and the config and lock file that resolved it. */
async function graphSources(entry: string): Promise<string[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`deno info failed: ${UTF8.decode(out.stderr).trim()}`);
  const info = JSON.parse(UTF8.decode(out.stdout)) as { modules: { specifier: string }[] };
  const files = new Set<string>();
  for (const m of info.modules) {
    if (m.specifier.startsWith("file:")) files.add(new URL(m.specifier).pathname);
  }
  // The nearest deno.json(c) up from the entry, and its lock file: a changed
  // import map or npm version changes what the entry means.
  for (let dir = dirname(entry);; dir = dirname(dir)) {
    let found = false;
    for (const name of ["deno.json", "deno.jsonc", "package.json"]) {
      try {
        await Deno.stat(join(dir, name));
        files.add(join(dir, name));
        found = true;
      } catch {
        // not here
      }
    }
    if (found) {
      try {
        await Deno.stat(join(dir, "deno.lock"));
        files.add(join(dir, "deno.lock"));
      } catch {
        // no lock file
      }
      break;
    }
    if (dirname(dir) === dir) break;
  }
  return [...files].sort();
}

/**
 * Why a bundle of this graph would not behave as its source does, or
 * undefined when it would. Looks at the bundle's own text: `deno bundle`
 * inlines every import it can resolve, so what remains is what it could not.
 */
export function unbundleableReason(bundle: string): string | undefined {
  const meta = /import\.meta\.(?!main\b)[A-Za-z_$]+/.exec(bundle);
  if (meta !== null) return `the code uses ${meta[0]}, which would name the bundle`;
  if ((bundle.match(/import\.meta\.main\b/g) ?? []).length > 1) {
    return "a module besides the entry checks import.meta.main, true for every module of a bundle";
  }
  // A Node built-in loads the same from a bundle as from source (a warm
  // instance's serving rehearsal loads node:tls so, off the launch path).
  if (/\bimport\s*\((?!\s*["']node:[\w/]+["']\s*\))/.test(bundle)) {
    return "the code has a dynamic import() bundling left as is";
  }
  // require() left as is, or routed through the bundler's __require shim
  // (CommonJS packages requiring at run time), which throws in a bundle.
  if (/\b(?:__)?require\s*\(/.test(bundle)) return "the code calls require()";
  return undefined;
}

/**
 * Builds (or rebuilds) the bundle of `entry` in `dir`: bundles to temporary
 * files and renames them into place, `main.js` first, then `sources`, so a
 * launcher never pairs a new list with an old bundle. Another refresh of the
 * same directory already running makes this one return `busy`. When
 * `deno bundle` fails, the list is still written (without `main.js`), so
 * launches run from source until a listed file changes.
 */
export async function refreshLaunchBundle(entry: string, dir: string): Promise<LaunchBundleResult> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, ENTRY_FILE), `${entry}\n`);
  const lock = join(dir, "lock");
  try {
    await Deno.mkdir(lock);
  } catch {
    // A refresh that died left its lock: take it over after two minutes.
    const age = Date.now() - ((await Deno.stat(lock).catch(() => null))?.mtime?.getTime() ?? 0);
    if (age < 120_000) return { kind: "busy" };
  }
  try {
    // One second back: edits from here on are newer even where file times,
    // or the shell's -nt, have whole-second resolution.
    const started = (Date.now() - 1000) / 1000;
    const sources = await graphSources(entry);
    const tmp = join(dir, `main.${Deno.pid}.js`);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["bundle", "--quiet", "--platform", "deno", "--sourcemap", "linked", "-o", tmp, entry],
      stdout: "piped",
      stderr: "piped",
    }).output();
    // A graph that fails to bundle (a syntax error, something the bundler
    // refuses) gets its list like one that must not be bundled: launches run
    // the source, which shows the error, until a listed file changes, rather
    // than each launch starting another failing rebuild beside itself.
    const failure = out.success ? undefined : UTF8.decode(out.stderr).trim();
    const reason = failure === undefined
      ? unbundleableReason(await Deno.readTextFile(tmp))
      : "bundling failed";
    if (reason === undefined) {
      // The map's name stays what the bundle's last line points to.
      const { code, map } = withSourceMainModule(
        (await Deno.readTextFile(tmp)).replace(
          /\/\/# sourceMappingURL=\S+\s*$/,
          "//# sourceMappingURL=main.js.map\n",
        ),
        await Deno.readTextFile(`${tmp}.map`).catch(() => undefined),
        entry,
      );
      if (map !== undefined) {
        await Deno.writeTextFile(`${tmp}.map`, map);
        await Deno.rename(`${tmp}.map`, join(dir, "main.js.map"));
      }
      // Renamed into place: a launch never reads a half-written bundle.
      await Deno.writeTextFile(tmp, code);
      await Deno.rename(tmp, join(dir, "main.js"));
    } else {
      // Before the new list: a launcher must never pair it with an old bundle.
      await Deno.remove(join(dir, "main.js")).catch(() => {});
      await Deno.remove(`${tmp}.map`).catch(() => {});
    }
    await Deno.remove(tmp).catch(() => {});
    const list = join(dir, `sources.${Deno.pid}`);
    await Deno.writeTextFile(list, sources.map((s) => `${s}\n`).join(""));
    await Deno.utime(list, started, started);
    await Deno.rename(list, join(dir, "sources"));
    // Housekeeping in the shared cache only (never in a directory a caller chose).
    if (/\/foundry\/launch$/.test(dirname(dir))) await pruneLaunchBundles(dirname(dir));
    if (failure !== undefined) return { kind: "failed", reason: failure };
    return reason === undefined
      ? { kind: "bundled", sources: sources.length }
      : { kind: "not-bundled", reason };
  } catch (e) {
    return { kind: "failed", reason: e instanceof Error ? e.message : String(e) };
  } finally {
    await Deno.remove(lock).catch(() => {});
  }
}

/**
 * The bundle launcher: when every file in `dir/sources` is older than the
 * list, runs `dir/main.js` (or `entry`, when the graph was found unsafe to
 * bundle); else runs `entry` from source and refreshes the bundle in the
 * background (its output to /dev/null, so Terraform's pipes close when the
 * provider exits). `preload`, a module specifier (the warm launch entry),
 * is preloaded before whichever of the two runs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bundleLauncherScript } from "./launch_bundle.ts";
 * const sh = bundleLauncherScript("/abs/main.ts", ["--allow-all"], "/cache/x");
 * assert.match(sh, /^#!\/bin\/sh\n/);
 * const flags = "'--v8-flags=--no-lazy,--no-lazy-feedback-allocation'";
 * assert.ok(sh.includes(`run --quiet --no-prompt ${flags} '--allow-all' "$_fwd/main.js" "$@"`));
 * assert.ok(sh.endsWith(`run --quiet --no-prompt '--allow-all' '/abs/main.ts' "$@"\n`));
 * const warm = bundleLauncherScript("/abs/main.ts", ["--allow-all"], "/cache/x", "file:///w.ts");
 * assert.match(warm, /'--allow-all' --preload 'file:\/\/\/w\.ts' "\$_fwd\/main\.js" "\$@"/);
 * // A launch is first offered to a warm daemon, before the freshness check.
 * assert.ok(warm.indexOf("|| foundry_warm\n") < warm.indexOf('if [ -f "$_fwd/sources" ]'));
 * ```
 */
export function bundleLauncherScript(
  entry: string,
  denoArgs: readonly string[],
  dir: string,
  preload?: string,
): string {
  const deno = shellQuote(Deno.execPath());
  const preloading = preload === undefined ? "" : ` --preload ${shellQuote(preload)}`;
  // The bundle runs under the launch's V8 flags; the source does not (see
  // plugin/launch_flags.ts: its modules share Deno's code cache with deno test).
  const bundled = withLaunchFlags(denoArgs).map(shellQuote).join(" ") + preloading;
  const args = denoArgs.map(shellQuote).join(" ") + preloading;
  const self = new URL(import.meta.url);
  const refresher = shellQuote(self.protocol === "file:" ? self.pathname : self.href);
  // A warm launcher first offers the launch to a warm daemon through its
  // pipes, with shell built-ins only (plugin/warm_shell.ts): no Deno process
  // starts when one takes it.
  const main = `${dir.replace(/\/+$/, "")}/main.js`;
  const line = preload === undefined ? undefined : warmPipeLine(
    [
      Deno.execPath(),
      "run",
      "--quiet",
      "--no-prompt",
      ...withLaunchFlags(denoArgs),
      "--preload",
      preload,
      main,
    ],
    main,
  );
  const warm = line === undefined || line.includes("\n")
    ? undefined
    : warmShellFunction(line, "_fwd");
  // Variables are named _fw*: the script runs with the launch's environment,
  // and assigning a name it exports would change what the provider sees.
  return [
    "#!/bin/sh",
    `_fwd=${shellQuote(dir)}`,
    ...(warm === undefined ? [] : [
      warm.trimEnd(),
      // Before the freshness check: a daemon that serves checks the code it
      // serves itself, on every launch, and refuses after a change.
      `[ $# -ne 0 ] || [ -z "$TF_PLUGIN_MAGIC_COOKIE" ] || ${WARM_SHELL_FUNCTION}`,
    ]),
    `if [ -f "$_fwd/sources" ]; then`,
    `  _fwfresh=1`,
    `  while IFS= read -r _fwf; do`,
    `    if [ ! -e "$_fwf" ] || [ "$_fwf" -nt "$_fwd/sources" ]; then`,
    `      _fwfresh=; break`,
    `    fi`,
    `  done < "$_fwd/sources"`,
    `  if [ -n "$_fwfresh" ]; then`,
    `    if [ -f "$_fwd/main.js" ]; then exec ${deno} run --quiet --no-prompt ${bundled} "$_fwd/main.js" "$@"; fi`,
    `    exec ${deno} run --quiet --no-prompt ${args} ${shellQuote(entry)} "$@"`,
    `  fi`,
    `fi`,
    `${deno} run --quiet --allow-all ${refresher} ${
      shellQuote(entry)
    } "$_fwd" </dev/null >/dev/null 2>&1 &`,
    `exec ${deno} run --quiet --no-prompt ${args} ${shellQuote(entry)} "$@"`,
    "",
  ].join("\n");
}

if (import.meta.main) {
  // The launcher's background refresh: `launch_bundle.ts ENTRY DIR`.
  const [entry, dir] = Deno.args;
  if (entry === undefined || dir === undefined) {
    console.error("usage: launch_bundle.ts ENTRY DIR");
    Deno.exit(2);
  }
  const r = await refreshLaunchBundle(entry, dir);
  Deno.exit(r.kind === "failed" ? 1 : 0);
}
