/**
 * Loads a command from its cached bundle when that is current, else from source while a
 * background process rebuilds the bundle: how `foundry console` starts in less time than its
 * 67 modules take to load (see `bundle_cache.ts` for the cache and how freshness is checked,
 * `bundle_build.ts` for the build, and bench/README.md for the figures).
 *
 * `FOUNDRY_CONSOLE_BUNDLE=0` turns it off (the command always runs from source and nothing is
 * cached); `1`, or unset, is the default. Windows always runs from source. The cache is `$XDG_CACHE_HOME/foundry/bundle/` (else
 * `~/.cache/...`). Whatever goes wrong with the cache (no home directory, a directory that
 * cannot be written, a damaged bundle, no permission to run the build) only means the command
 * runs from source, as it would without a cache; a bundle that fails to load is rebuilt.
 *
 * Served from JSR, the entry's URL (`https://jsr.io/@foundry/foundry/VERSION/...`) names a
 * published version, whose files never change: the manifest lists no sources and the key alone
 * says the bundle is current. Building it runs `deno bundle` on that URL, which reads the
 * modules from Deno's cache (`DENO_DIR`), where running the command from source put them, and
 * fetches only what is missing. The tests exercise the `file:` route only (JSR is out of their
 * reach); if bundling a remote graph fails, the manifest records why and that version runs from
 * source without trying again.
 *
 * @example Loading the console without a bundle, then from one
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadBundledCommand } from "./bundled_command.ts";
 *
 * const cache = await Deno.makeTempDir();
 * const builds: string[] = [];
 * const options = {
 *   entry: new URL("./commands/console.ts", import.meta.url).href,
 *   fromSource: async () => (await import("./commands/console.ts")).consoleCommand,
 *   env: { XDG_CACHE_HOME: cache },
 *   startBuild: (entry: string) => void builds.push(entry),
 * };
 * const first = await loadBundledCommand(options);
 * assert.equal(first.from, "source");
 * assert.equal(first.command.name, "console");
 * assert.deepEqual(builds, [options.entry]);
 * await Deno.remove(cache, { recursive: true });
 * ```
 *
 * @module
 */

import type { Command } from "./command.ts";
import { bundleCacheDir, type BundleCacheEnv, checkBundle } from "./bundle_cache.ts";

/** The switch's name: `0` runs from source. */
export const BUNDLE_SWITCH = "FOUNDRY_CONSOLE_BUNDLE";

/** The environment {@link loadBundledCommand} reads: the cache's location and the switch. */
export interface BundledCommandEnv extends BundleCacheEnv {
  /** `0` (or `off`, `false`) runs from source; `1` (`on`, `true`) or unset uses the bundle. */
  readonly FOUNDRY_CONSOLE_BUNDLE?: string;
}

/** Options of {@link loadBundledCommand}. */
export interface BundledCommandOptions {
  /** The URL of the command's module (the bundle's entry). */
  readonly entry: string;
  /** The module's named export that is the command; `consoleCommand` by default. */
  readonly exportName?: string;
  /** Loads the command from source: an `import()` of `entry` written out, for Deno's graph. */
  readonly fromSource: () => Promise<Command>;
  /** The environment; the process's by default. */
  readonly env?: BundledCommandEnv;
  /** Starts a build of `entry` into `dir` without waiting; a background process by default. */
  readonly startBuild?: (entry: string, dir: string) => void;
  /** Where warnings go (an unknown switch value); standard error by default. */
  readonly warn?: (text: string) => void;
}

/** What {@link loadBundledCommand} loaded, and from where. */
export interface BundledCommand {
  /** The command. */
  readonly command: Command;
  /** `bundle` when loaded from the cache, `source` otherwise. */
  readonly from: "bundle" | "source";
  /** Why it ran from source (`off`, `no cache directory`, a stale file ...), when it did. */
  readonly why?: string;
}

const OPTION_KEYS = new Set(["entry", "exportName", "fromSource", "env", "startBuild", "warn"]);

/**
 * Loads the command from the current bundle, or from source (starting a rebuild when the
 * bundle is missing, stale or fails to load). See the module doc.
 */
export async function loadBundledCommand(options: BundledCommandOptions): Promise<BundledCommand> {
  for (const k of Object.keys(options)) {
    if (!OPTION_KEYS.has(k)) throw new TypeError(`loadBundledCommand: unknown option "${k}"`);
  }
  const env = options.env ?? processEnv();
  const warn = options.warn ?? ((t: string) => console.error(t));
  const source = async (why: string): Promise<BundledCommand> => ({
    command: await options.fromSource(),
    from: "source",
    why,
  });
  // The cache speaks POSIX paths (and `file:` URLs made from them).
  if (Deno.build.os === "windows") return source("not on Windows");
  if (env === undefined) return source("not every permission the cache needs is granted");
  if (!switchedOn(env.FOUNDRY_CONSOLE_BUNDLE, warn)) return source(`${BUNDLE_SWITCH}=0`);
  const dir = bundleCacheDir(options.entry, env);
  if (dir === undefined) return source("no cache directory (neither XDG_CACHE_HOME nor HOME)");
  const startBuild = options.startBuild ?? startBackgroundBuild;
  const check = checkBundle(dir);
  if (check.kind === "unbundleable") return source(check.reason);
  if (check.kind === "fresh") {
    try {
      const mod = await import(fileUrl(check.main));
      const command = mod[options.exportName ?? "consoleCommand"] as Command | undefined;
      if (command !== undefined && typeof command.run === "function") {
        return { command, from: "bundle" };
      }
    } catch {
      // Damaged in a way sizes do not show: rebuilt below, the sources serve this run.
    }
    startBuild(options.entry, dir);
    return source("the bundle failed to load");
  }
  startBuild(options.entry, dir);
  return source(check.kind === "missing" ? "no bundle yet" : check.reason);
}

/** The switch's value as on/off; an unrecognised value warns and counts as on. */
function switchedOn(value: string | undefined, warn: (text: string) => void): boolean {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === "" || v === "1" || v === "on" || v === "true") return true;
  if (v === "0" || v === "off" || v === "false") return false;
  warn(`foundry: ${BUNDLE_SWITCH}=${value} is not 0 or 1; using the bundle (0 turns it off)`);
  return true;
}

/**
 * The process's environment, or undefined unless it may read the environment and files, write
 * files and run Deno without asking: a command started with fewer permissions (or a prompt for
 * them) runs from source rather than prompting for a cache the user never asked for.
 */
function processEnv(): BundledCommandEnv | undefined {
  try {
    for (const name of ["env", "read", "write", "run"] as const) {
      if (Deno.permissions.querySync({ name }).state !== "granted") return undefined;
    }
    return {
      XDG_CACHE_HOME: Deno.env.get("XDG_CACHE_HOME"),
      HOME: Deno.env.get("HOME"),
      FOUNDRY_CONSOLE_BUNDLE: Deno.env.get(BUNDLE_SWITCH),
    };
  } catch {
    return undefined;
  }
}

/** A `file:` URL for an absolute path (percent-encoding what a path may hold and a URL not). */
function fileUrl(path: string): string {
  return "file://" + path.split("/").map(encodeURIComponent).join("/");
}

/**
 * Runs `bundle_build.ts ENTRY DIR` in a process of its own, detached from this one's standard
 * streams (so a pipe reading the command's output closes when the command exits) and not
 * waited for. Without permission to run Deno, nothing is built and the command keeps running
 * from source.
 */
function startBackgroundBuild(entry: string, dir: string): void {
  try {
    const builder = new URL("./bundle_build.ts", import.meta.url).href;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", "--quiet", "--no-config", builder, entry, dir],
      // Not the user's directory: its deno.json must not resolve the builder's imports.
      cwd: "/",
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    child.unref();
  } catch {
    // No --allow-run, or no Deno to run: the sources serve every run.
  }
}
