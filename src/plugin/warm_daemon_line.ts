/**
 * The command line a warm daemon starts with when the launch ran a launch
 * bundle, and the module its instances load.
 *
 * Each warm launch is a fresh worker isolate, so the code a launch makes hot
 * is compiled again every time, and V8's middle tier (Maglev) does that on
 * helper threads, taking the CPU from Terraform while it plans
 * (bench/README.md: about half of a 100-resource plan's helper-thread CPU).
 * The daemon therefore runs V8 without Maglev (Ignition, Sparkplug and
 * TurboFan remain: hot loops are still optimised).
 *
 * V8 refuses a code cache made under other flags, and Deno keeps one per
 * module specifier and rewrites it when refused. A daemon under flags of its
 * own must therefore never load a module under a specifier a cold launch also
 * loads, or each would recompile what the other cached (measured: a cold
 * launch's line 60-78 ms instead of 26-30). So the daemon loads
 *
 * - the bundle as `main.js?foundry-warm-daemon` (its main module, prepared
 *   but never run) and its instances as `main.js?foundry-warm-instance`;
 * - Foundry's own modules (this entry and the daemon's graph) through a
 *   symbolic link to Foundry's source directory inside the bundle's private
 *   `warm/` directory: Deno names a module by the path it was reached by, so
 *   the same files get specifiers of their own.
 *
 * Anything unexpected in the launch's command line leaves it as it was: the
 * daemon then runs under the launch's own flags, as before.
 *
 * @module
 */

/** The query that names the bundle as a daemon's main module. */
export const DAEMON_MAIN_QUERY = "foundry-warm-daemon";

/** The query that names the bundle as a warm instance's module. */
export const INSTANCE_QUERY = "foundry-warm-instance";

/** The V8 flag the daemon adds to the launch's own. */
export const DAEMON_V8_FLAG = "--no-maglev";

/** What {@link daemonCommandLine} rewrites. */
export interface DaemonLineInput {
  /** The launch's command line, the executable first. */
  readonly argv: readonly string[];
  /** The launch entry's specifier as the command line names it. */
  readonly entry: string;
  /** The launch bundle directory. */
  readonly bundleDir: string;
  /** Foundry's source directory, as a `file:` URL ending in `/`. */
  readonly source: string;
  /** The same directory reached through the daemon's link, ending in `/`. */
  readonly alias: string;
}

/** A `file:` URL for an absolute path, with a query. */
function fileUrl(path: string, query: string): string {
  const u = new URL("file:///");
  u.pathname = path;
  u.search = query;
  return u.href;
}

/**
 * The module a warm instance loads for the daemon's main module: the bundle
 * under {@link INSTANCE_QUERY} (whatever query the daemon's own had), or the
 * main module unchanged when the daemon serves source.
 *
 * @example The bundle, whichever way the daemon was named
 * ```ts
 * import assert from "node:assert/strict";
 * import { instanceModule } from "./warm_daemon_line.ts";
 * assert.equal(
 *   instanceModule("file:///c/main.js?foundry-warm-daemon", "bundle"),
 *   "file:///c/main.js?foundry-warm-instance",
 * );
 * assert.equal(instanceModule("file:///p/main.ts", "source"), "file:///p/main.ts");
 * ```
 */
export function instanceModule(mainModule: string, form: "bundle" | "source"): string {
  if (form !== "bundle") return mainModule;
  const u = new URL(mainModule);
  u.search = `?${INSTANCE_QUERY}`;
  return u.href;
}

/**
 * The daemon's command line for a launch that ran the bundle in
 * `bundleDir`: the launch's own, with {@link DAEMON_V8_FLAG} added to its V8
 * flags, the entry reached through `alias`, and the bundle named with
 * {@link DAEMON_MAIN_QUERY}. `undefined` when the command line is not the
 * `deno run` of that bundle with that entry preloaded (the daemon then gets
 * the launch's own).
 *
 * @example A bundle launcher's command line
 * ```ts
 * import assert from "node:assert/strict";
 * import { daemonCommandLine } from "./warm_daemon_line.ts";
 * const entry = "file:///f/src/plugin/warm_entry.ts?bundle=/c";
 * const where = { entry, bundleDir: "/c", source: "file:///f/src/", alias: "file:///c/warm/src/" };
 * const line = daemonCommandLine({
 *   ...where,
 *   argv: ["deno", "run", "--v8-flags=--no-lazy", "-A", "--preload", entry, "/c/main.js"],
 * });
 * assert.deepEqual(line, [
 *   "deno", "run", "--v8-flags=--no-lazy,--no-maglev", "-A",
 *   "--preload", "file:///c/warm/src/plugin/warm_entry.ts?bundle=/c",
 *   "file:///c/main.js?foundry-warm-daemon",
 * ]);
 * // Not that bundle's launch (another main module): the launch's own line stays.
 * const other = ["deno", "run", "-A", "--preload", entry, "/d/main.js"];
 * assert.equal(daemonCommandLine({ ...where, argv: other }), undefined);
 * ```
 */
export function daemonCommandLine(input: DaemonLineInput): string[] | undefined {
  const { argv, entry, source, alias } = input;
  if (argv[1] !== "run" || !entry.startsWith(source)) return undefined;
  const dir = input.bundleDir.replace(/\/+$/, "");
  const main = `${dir}/main.js`;
  const mainUrl = fileUrl(main, "");
  const aliased = alias + entry.slice(source.length);
  const out = [...argv];
  let entries = 0;
  let mains = 0;
  let flags = -1;
  for (let i = 2; i < out.length; i++) {
    const a = out[i];
    if (a === entry && out[i - 1] === "--preload") {
      out[i] = aliased;
      entries++;
    } else if (a === `--preload=${entry}`) {
      out[i] = `--preload=${aliased}`;
      entries++;
    } else if (a === main || a === mainUrl) {
      out[i] = fileUrl(main, `?${DAEMON_MAIN_QUERY}`);
      mains++;
    } else if (a.startsWith("--v8-flags=")) {
      if (flags !== -1) return undefined; // more than one: keep the launch's
      flags = i;
    }
  }
  // The main module is the last argument before the provider's own, and
  // must be the one this entry was preloaded for.
  if (entries !== 1 || mains !== 1) return undefined;
  if (flags === -1) out.splice(2, 0, `--v8-flags=${DAEMON_V8_FLAG}`);
  else if (!out[flags].split(/[=,]/).includes(DAEMON_V8_FLAG)) out[flags] += `,${DAEMON_V8_FLAG}`;
  return out;
}

/**
 * Makes (or renews) the link `DIR/warm/src` to Foundry's source directory
 * `sourceDir`, in the bundle's private `warm/` directory (made 0700 when
 * missing, refused when it is not a private directory of user `uid`), and
 * answers its `file:` URL with a trailing `/`, or `undefined` when that is
 * not possible here. The link is replaced atomically (a new link renamed
 * over it), so a daemon starting meanwhile reads the old or the new one.
 *
 * @example A link in a fresh bundle directory
 * ```ts
 * import assert from "node:assert/strict";
 * import { linkSource } from "./warm_daemon_line.ts";
 * const bundle = Deno.makeTempDirSync();
 * const src = Deno.makeTempDirSync();
 * const alias = linkSource(bundle, src, Deno.statSync(bundle).uid!);
 * assert.equal(alias, `file://${bundle}/warm/src/`);
 * assert.equal(Deno.realPathSync(`${bundle}/warm/src`), Deno.realPathSync(src));
 * assert.equal(Deno.statSync(`${bundle}/warm`).mode! & 0o777, 0o700);
 * // A warm/ directory others may enter is refused: the link would be theirs to swap.
 * Deno.chmodSync(`${bundle}/warm`, 0o755);
 * assert.equal(linkSource(bundle, src, Deno.statSync(bundle).uid!), undefined);
 * Deno.removeSync(bundle, { recursive: true });
 * Deno.removeSync(src, { recursive: true });
 * ```
 */
export function linkSource(
  bundleDir: string,
  sourceDir: string,
  uid: number,
): string | undefined {
  const dir = `${bundleDir.replace(/\/+$/, "")}/warm`;
  try {
    try {
      Deno.mkdirSync(dir, { mode: 0o700 });
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) return undefined;
    }
    const st = Deno.lstatSync(dir);
    if (!st.isDirectory || st.uid !== uid || ((st.mode ?? 0) & 0o077) !== 0) {
      return undefined;
    }
    const target = sourceDir.replace(/\/+$/, "");
    const link = `${dir}/src`;
    let current: string | undefined;
    try {
      current = Deno.readLinkSync(link);
    } catch {
      current = undefined;
    }
    if (current !== target) {
      const fresh = `${link}.${Deno.pid}`;
      try {
        Deno.removeSync(fresh);
      } catch {
        // none left over
      }
      Deno.symlinkSync(target, fresh);
      Deno.renameSync(fresh, link);
    }
    return fileUrl(`${link}/`, "");
  } catch {
    return undefined;
  }
}
