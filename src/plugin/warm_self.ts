/**
 * What a launch can learn about itself to find (or start) its warm daemon:
 * its command line, its environment and its user. With `--allow-all` that
 * is read from `/proc/self`. `foundry build`'s binaries run with scoped
 * permissions, under which Deno refuses every `/proc` read and lists no
 * environment: there the launch entry's own specifier says which
 * variables the process may read (`?env=A,B`, see {@link warmEntrySpecifier}),
 * and, for a `deno run` stand-in of such a binary, the runtime's arguments
 * (`&run=[...]`); a compiled binary's command line is its own path and
 * `Deno.args`.
 *
 * Kept free of imports: the launch entry loads it before anything else.
 *
 * @module
 */

/** The launch's command line, the environment its key covers, and its user. */
export interface LaunchSelf {
  /** The command line that relaunches this program as a daemon. */
  readonly argv: string[];
  /** Every variable the process can observe, go-plugin's included. */
  readonly env: Record<string, string>;
  /**
   * Whether the daemon must be started with exactly `env` (full
   * permissions: the whole environment is known) or inherit this process's
   * environment (scoped: only the readable part is known).
   */
  readonly exactEnv: boolean;
  /** The user id, for the private socket directory. */
  readonly uid: number;
}

function granted(desc: Deno.PermissionDescriptor): boolean {
  try {
    return Deno.permissions.querySync(desc).state === "granted";
  } catch {
    return false;
  }
}

/**
 * The preload specifier of the warm entry at `entry` for a process that may
 * read only `env` (its `--allow-env` list) and, when it is a `deno run`
 * process rather than a compiled binary, was started with the runtime
 * arguments `run` (everything between `deno` and the main module but the
 * `--preload` of this specifier).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { warmEntrySpecifier } from "./warm_self.ts";
 * const s = warmEntrySpecifier(new URL("file:///f/warm_entry.ts"), ["TF_LOG", "HOME"]);
 * assert.equal(s, "file:///f/warm_entry.ts?env=TF_LOG%2CHOME");
 * ```
 */
export function warmEntrySpecifier(
  entry: URL,
  env: readonly string[],
  run?: readonly string[],
): string {
  const u = new URL(entry.href);
  u.search = "";
  u.searchParams.set("env", env.join(","));
  if (run !== undefined) u.searchParams.set("run", JSON.stringify(run));
  return u.href;
}

function fromProc(): LaunchSelf {
  const argv = Deno.readTextFileSync("/proc/self/cmdline").split("\0");
  if (argv.at(-1) === "") argv.pop();
  const env: Record<string, string> = granted({ name: "env" }) ? Deno.env.toObject() : {};
  if (!granted({ name: "env" })) {
    for (const entry of Deno.readTextFileSync("/proc/self/environ").split("\0")) {
      const eq = entry.indexOf("=");
      if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
  }
  const uid = Deno.statSync("/proc/self").uid;
  if (uid === null) throw new Error("no user id for /proc/self");
  return { argv, env, exactEnv: true, uid };
}

/** The user id from a file this process creates (no `--allow-sys` needed). */
function ownUid(tmp: string): number {
  if (granted({ name: "sys", kind: "uid" })) {
    const uid = Deno.uid();
    if (uid !== null) return uid;
  }
  const probe = Deno.makeTempFileSync({ dir: tmp, prefix: ".foundry-uid-" });
  try {
    const uid = Deno.lstatSync(probe).uid;
    if (uid === null) throw new Error("no user id on a new file");
    return uid;
  } finally {
    Deno.removeSync(probe);
  }
}

function fromSpecifier(entryUrl: string): LaunchSelf | string {
  const q = new URL(entryUrl).searchParams;
  const names = q.get("env");
  if (names === null) {
    return "warm launches need --allow-all, or a warm entry specifier that lists the readable variables";
  }
  const env: Record<string, string> = {};
  for (const name of names.split(",")) {
    if (name === "" || !granted({ name: "env", variable: name })) continue;
    const v = Deno.env.get(name);
    if (v !== undefined) env[name] = v;
  }
  let argv: string[];
  if (Deno.build.standalone) {
    argv = [Deno.execPath(), ...Deno.args];
  } else {
    const run = q.get("run");
    if (run === null) {
      return "a deno run launch with scoped permissions needs run=[...] in the warm entry specifier";
    }
    const parsed: unknown = JSON.parse(run);
    if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === "string")) {
      return "the warm entry specifier's run= is not a JSON array of strings";
    }
    argv = [Deno.execPath(), ...parsed, "--preload", entryUrl, Deno.mainModule, ...Deno.args];
  }
  return { argv, env, exactEnv: false, uid: ownUid(env.TMPDIR || "/tmp") };
}

/**
 * This launch's command line, environment and user, or why they cannot be
 * known under the granted permissions. `entryUrl` is the launch entry's
 * `import.meta.url`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { launchSelf } from "./warm_self.ts";
 * const self = launchSelf(import.meta.url); // doc tests run with --allow-all
 * assert.ok(typeof self !== "string" && self.argv.length > 0 && self.exactEnv);
 * ```
 */
export function launchSelf(entryUrl: string): LaunchSelf | string {
  try {
    return fromProc();
  } catch (e) {
    if (!(e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied)) {
      throw e;
    }
  }
  return fromSpecifier(entryUrl);
}
