/**
 * What identifies a warm daemon: the command line that started the
 * provider, its working directory and its environment without go-plugin's
 * per-launch variables. Two launches share a daemon only when all three are
 * equal, so a warm launch sees exactly what a cold one would. The daemon
 * additionally refuses a launch when the provider's code changed since it
 * started (see `warm_daemon.ts`).
 *
 * Kept free of imports: the launch entry evaluates it before anything else.
 *
 * @module
 */

/**
 * Whether `name` is one of the variables go-plugin sets per launch (magic
 * cookie, protocol versions, ports, client certificate, socket directory):
 * they travel with each launch instead of being part of the daemon's key.
 * The daemon's own start-up variables (`FOUNDRY_WARM_ROLE*`) are left out too.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isLaunchVariable } from "./warm_key.ts";
 * assert.ok(isLaunchVariable("PLUGIN_CLIENT_CERT"));
 * assert.ok(!isLaunchVariable("TF_LOG"));
 * ```
 */
export function isLaunchVariable(name: string): boolean {
  // FOUNDRY_WARM_ROLE* are the daemon's own start-up variables.
  return name === "TF_PLUGIN_MAGIC_COOKIE" || name.startsWith("PLUGIN_") ||
    name.startsWith("FOUNDRY_WARM_ROLE");
}

/**
 * Splits an environment into the daemon's part and the launch's part.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitEnvironment } from "./warm_key.ts";
 * const { shared, launch } = splitEnvironment({ HOME: "/h", PLUGIN_MIN_PORT: "1" });
 * assert.deepEqual(shared, { HOME: "/h" });
 * assert.deepEqual(launch, { PLUGIN_MIN_PORT: "1" });
 * ```
 */
export function splitEnvironment(
  env: Record<string, string>,
): { shared: Record<string, string>; launch: Record<string, string> } {
  const shared: Record<string, string> = {};
  const launch: Record<string, string> = {};
  for (const k of Object.keys(env).sort()) (isLaunchVariable(k) ? launch : shared)[k] = env[k];
  return { shared, launch };
}

/**
 * The command line a daemon key covers, given the launch's `argv` and its
 * main module (as a URL or a path; `undefined` for a launch that is not run
 * through a bundle launcher): the main module is replaced by a placeholder
 * and V8 flags are dropped, because a bundle launcher runs either its bundle
 * (under the launch's V8 flags) or the entry's source, the same code, and a
 * launch of one may be served by a daemon of the other.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { keyedCommandLine } from "./warm_key.ts";
 * const bundle = ["deno", "run", "--v8-flags=--no-lazy", "-A", "/c/main.js"];
 * const source = ["deno", "run", "-A", "/src/main.ts"];
 * assert.deepEqual(keyedCommandLine(bundle, "/c/main.js"), keyedCommandLine(source, "/src/main.ts"));
 * assert.deepEqual(keyedCommandLine(source, undefined), source);
 * ```
 */
export function keyedCommandLine(
  argv: readonly string[],
  mainModule: string | undefined,
): readonly string[] {
  if (mainModule === undefined) return argv;
  const path = mainModule.startsWith("file:")
    ? decodeURIComponent(new URL(mainModule).pathname)
    : mainModule;
  return argv.filter((a) => !a.startsWith("--v8-flags=")).map((a) =>
    a === mainModule || a === path ? "<main module>" : a
  );
}

/**
 * The daemon key: 32 hex digits of SHA-256 over the command line, working
 * directory and shared environment.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { warmKey } from "./warm_key.ts";
 * const a = await warmKey(["deno", "run", "main.ts"], "/w", { HOME: "/h" });
 * const b = await warmKey(["deno", "run", "main.ts"], "/w", { HOME: "/h", X: "1" });
 * assert.match(a, /^[0-9a-f]{32}$/);
 * assert.notEqual(a, b);
 * ```
 */
export async function warmKey(
  argv: readonly string[],
  cwd: string,
  sharedEnv: Record<string, string>,
): Promise<string> {
  const text = JSON.stringify([argv, cwd, Object.entries(sharedEnv).sort()]);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest).subarray(0, 16), (b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/**
 * The per-user directory holding daemon sockets:
 * `$TMPDIR/foundry-warm-UID` (or `/tmp/...`), created with mode 0700.
 * Refuses (returns `undefined`) a directory that another user owns or that
 * others can enter: the socket's safety rests on it.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { socketDirectory } from "./warm_key.ts";
 * const tmp = Deno.makeTempDirSync();
 * const uid = Deno.statSync(tmp).uid ?? 0;
 * assert.equal(socketDirectory(tmp, uid, true), `${tmp}/foundry-warm-${uid}`);
 * assert.equal(socketDirectory(tmp, uid + 1, false), undefined); // not that user's
 * ```
 */
export function socketDirectory(tmp: string, uid: number, create: boolean): string | undefined {
  const dir = `${tmp.replace(/\/+$/, "")}/foundry-warm-${uid}`;
  try {
    let st: Deno.FileInfo;
    try {
      // Looked at before creating: it exists on every launch but the first,
      // and a failed mkdir builds an error (~1 ms on a launch's hot path).
      st = Deno.lstatSync(dir);
    } catch (e) {
      if (!create || !(e instanceof Deno.errors.NotFound)) return undefined;
      try {
        Deno.mkdirSync(dir, { mode: 0o700 });
      } catch (e) {
        if (!(e instanceof Deno.errors.AlreadyExists)) return undefined;
      }
      st = Deno.lstatSync(dir);
    }
    if (!st.isDirectory || (st.uid !== null && st.uid !== uid)) return undefined;
    if (st.mode !== null && (st.mode & 0o077) !== 0) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** How a launch reaches its daemon: a unix socket, or loopback TCP (`warm_tcp.ts`). */
export interface Rendezvous {
  /** The transport. */
  readonly transport: "unix" | "tcp";
  /** The socket (`KEY.sock`), or the file naming the port (`KEY.tcp`), in the warm directory. */
  readonly path: string;
}

/**
 * The longest unix socket path, in bytes, this platform binds: `sun_path`
 * holds 108 bytes with the terminating NUL on Linux, 104 on macOS and the
 * BSDs (the same rule as the provider's own socket, `handshake.ts`).
 */
const MAX_UNIX_SOCKET_PATH = Deno.build.os === "linux" ? 107 : 103;

/**
 * Where the daemon of `key` is reached in the warm directory `dir`:
 * `requested` is `FOUNDRY_WARM_TRANSPORT` (`unix`, `tcp`, or unset for
 * a unix socket unless its path would be too long for one). A string says
 * why the request cannot be met.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { rendezvous } from "./warm_key.ts";
 * assert.deepEqual(rendezvous("/tmp/w", "k"), { transport: "unix", path: "/tmp/w/k.sock" });
 * const deep = `/${"d".repeat(100)}`;
 * assert.deepEqual(rendezvous(deep, "k"), { transport: "tcp", path: `${deep}/k.tcp` });
 * assert.match(String(rendezvous(deep, "k", "unix")), /longer than 10[37] bytes/);
 * assert.match(String(rendezvous("/tmp/w", "k", "udp")), /unix or tcp/);
 * ```
 */
export function rendezvous(dir: string, key: string, requested?: string): Rendezvous | string {
  const socket = `${dir}/${key}.sock`;
  const fits = new TextEncoder().encode(socket).length <= MAX_UNIX_SOCKET_PATH;
  const wanted = (requested ?? "").trim().toLowerCase();
  if (wanted === "tcp" || (wanted === "" && !fits)) {
    return { transport: "tcp", path: `${dir}/${key}.tcp` };
  }
  if (wanted !== "unix" && wanted !== "") {
    return `FOUNDRY_WARM_TRANSPORT is ${JSON.stringify(requested)}: use unix or tcp`;
  }
  if (!fits) {
    return `the warm socket path ${socket} is longer than ${MAX_UNIX_SOCKET_PATH} bytes: ` +
      "use FOUNDRY_WARM_TRANSPORT=tcp or a shorter TMPDIR";
  }
  return { transport: "unix", path: socket };
}
