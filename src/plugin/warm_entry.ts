/**
 * The launch entry of a warm provider, run by Deno before the provider's own
 * module graph (`deno run --preload` / `deno compile --preload`): when
 * Terraform starts the provider and a warm daemon for the same command line,
 * directory, environment and code is listening, it hands go-plugin's
 * per-launch variables to the daemon, prints the handshake line the daemon's
 * fresh instance answers with, relays that instance's output, and exits with
 * it, so the provider's modules are never loaded in this process. Otherwise
 * it returns and the provider starts cold in this same process, after
 * leaving a daemon behind for the next launch (started once that cold launch
 * has printed its handshake line, when it may spawn one).
 *
 * A warm launch exits when the process that started it (Terraform) is gone,
 * as a cold Foundry provider does (see `parent_watch.ts`).
 *
 * In a process started as the daemon (`FOUNDRY_WARM_ROLE=daemon`), it runs
 * the daemon instead and never returns. `FOUNDRY_WARM=0` turns warm launches
 * off. The daemon is reached over a unix socket, or over loopback TCP where
 * the socket's path would be too long or `FOUNDRY_WARM_TRANSPORT=tcp` asks
 * for it (`warm_tcp.ts`: both ends prove a secret that only the user can
 * read). `TF_LOG=debug` shows one `foundry.warm` line per launch saying which
 * way it went and why.
 *
 * A launcher that serves a cached bundle of the provider (the test kit's and
 * `foundry dev`'s) names the bundle's directory in this module's specifier
 * (`warm_entry.ts?bundle=DIR`). Its main module is then `DIR/main.js`, one
 * file for Deno to prepare before this entry runs, or the provider's source
 * entry while the bundle is stale: the two run the same code, so the daemon
 * key leaves the main module out (and the V8 flags, which the launcher gives
 * the bundle only: they change how fast code runs, not what it does) and
 * either launch may be served by the other's daemon, whose code check
 * (`warm_code.ts`) uses the bundle's source list.
 *
 * @module
 */

import { processStart, whenParentGone } from "./parent_watch.ts";
import {
  keyedCommandLine,
  rendezvous,
  socketDirectory,
  splitEnvironment,
  warmKey,
} from "./warm_key.ts";
import { launchSelf } from "./warm_self.ts";
import { traceWarm } from "./warm_trace.ts";
import {
  type DaemonMessage,
  encodeLine,
  failureMarker,
  HANDSHAKE_EVENT,
  type LaunchRequest,
  LineReader,
  readFailureRecord,
  showsWarmDebug,
  WARM_PROTOCOL,
  WARM_RETRY_MS,
  warmDebugLine,
  writeAll,
} from "./warm_protocol.ts";

const COOKIE = "TF_PLUGIN_MAGIC_COOKIE";
const COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
const OFF = new Set(["0", "off", "false", "no"]);
/**
 * Characters of the provider's output a launch holds until its handshake
 * (twice what a daemon lets wait for a launch, `warm_output_bound.ts`).
 */
const EARLY_OUTPUT_LIMIT = 16 * 1024 * 1024;

/**
 * Imports `name`, a module beside this one that only some launches need (the
 * daemon, the daemon's command line). The specifier is computed on purpose:
 * `deno run` reads and analyses the graph of every literal `import()` target
 * when it starts, so a literal here would cost every launch the daemon's ~10
 * modules (~1 ms). A compiled binary embeds the daemon with `--include`
 * (`release/compile_args.ts`).
 */
function importBeside<T>(name: string): Promise<T> {
  return import(new URL(`./${name}`, import.meta.url).href);
}

/** The launch bundle directory this entry's specifier names, if any. */
function bundleDir(): string | undefined {
  const dir = new URL(import.meta.url).searchParams.get("bundle");
  return dir === null || dir === "" ? undefined : dir;
}

/** Everything a warm attempt needs, worked out without side effects. */
interface Plan {
  readonly argv: string[];
  /** The command line the key covers, passed to the daemon (see `warm_shell.ts`). */
  readonly line: readonly string[];
  readonly shared: Record<string, string>;
  readonly exactEnv: boolean;
  readonly launch: Record<string, string>;
  readonly key: string;
  /** The daemon's unix socket, or its TCP rendezvous file (see `warm_key.ts`'s `rendezvous`). */
  readonly socket: string;
  readonly transport: "unix" | "tcp";
  readonly timeoutMs: number;
  readonly parent?: { readonly pid: number; readonly start: string };
  readonly uid: number;
}

function granted(desc: Deno.PermissionDescriptor): boolean {
  try {
    return Deno.permissions.querySync(desc).state === "granted";
  } catch {
    return false;
  }
}

/** A variable's value, or `undefined` when unset or not readable under the granted permissions. */
function envGet(name: string): string | undefined {
  return granted({ name: "env", variable: name }) ? Deno.env.get(name) : undefined;
}

/**
 * The daemon is this same executable (the `deno` binary, or a compiled
 * provider) started again: `/proc/self/exe` names it without knowing where
 * it was installed, so `foundry build` can allow exactly that one program
 * (`--allow-run=/proc/self/exe`).
 */
const SELF = "/proc/self/exe";

/**
 * An hclog JSON line, written only when Terraform shows the provider's debug
 * lines (`TF_LOG` or `TF_LOG_PROVIDER` at debug or trace): otherwise a cold
 * launch's stderr stays exactly what the provider writes.
 */
function debugLine(message: string): void {
  if (!showsWarmDebug(envGet("TF_LOG_PROVIDER"), envGet("TF_LOG"))) return;
  try {
    Deno.stderr.writeSync(new TextEncoder().encode(warmDebugLine(message)));
  } catch {
    // stderr closed: nothing to tell
  }
}

/** Why a warm launch cannot be tried here, or the plan to try it. */
async function plan(): Promise<Plan | string | undefined> {
  if (!granted({ name: "env", variable: COOKIE }) || Deno.env.get(COOKIE) !== COOKIE_VALUE) {
    return undefined; // not started by Terraform: stay silent
  }
  if (Deno.build.os !== "linux") return `warm launches are not supported on ${Deno.build.os}`;
  if (!granted({ name: "read" }) || !granted({ name: "write" })) {
    return "warm launches need --allow-read and --allow-write";
  }
  const self = launchSelf(import.meta.url);
  if (typeof self === "string") return self;
  const { argv, uid } = self;
  const { shared, launch } = splitEnvironment(self.env);
  if (OFF.has((shared.FOUNDRY_WARM ?? "").toLowerCase())) {
    return "warm launches turned off by FOUNDRY_WARM";
  }
  const dir = socketDirectory(shared.TMPDIR || "/tmp", uid, true);
  if (dir === undefined) return "no private socket directory (owner or mode wrong)";
  // Under a bundle launcher the main module (the bundle or its source entry,
  // whichever the launcher found current) is left out of the key: both run
  // the same code, and the daemon checks that code itself.
  const line = keyedCommandLine(argv, bundleDir() === undefined ? undefined : Deno.mainModule);
  const key = await warmKey(line, Deno.cwd(), shared);
  const where = rendezvous(dir, key, shared.FOUNDRY_WARM_TRANSPORT);
  if (typeof where === "string") return where;
  if (where.transport === "tcp" && !granted({ name: "net", host: "127.0.0.1" })) {
    return "warm launches over loopback TCP need --allow-net for 127.0.0.1";
  }
  const timeoutMs = Number(shared.FOUNDRY_WARM_TIMEOUT_MS) > 0
    ? Number(shared.FOUNDRY_WARM_TIMEOUT_MS)
    : 10_000;
  const ppid = Deno.ppid;
  const start = processStart(ppid);
  const parent = start === undefined ? undefined : { pid: ppid, start };
  return {
    argv,
    line,
    shared,
    exactEnv: self.exactEnv,
    launch,
    key,
    socket: where.path,
    transport: where.transport,
    timeoutMs,
    parent,
    uid,
  };
}

/**
 * The daemon's command line: for a launch of the launch bundle, the one
 * `warm_daemon_line.ts` makes (V8 flags of its own, on specifiers of its
 * own); otherwise, or when that cannot be set up here, the launch's own.
 * Loaded only here, after the handshake, off the launch's path.
 */
async function daemonArgv(p: Plan): Promise<readonly string[]> {
  const dir = bundleDir();
  const entry = new URL(import.meta.url);
  if (dir === undefined || entry.protocol !== "file:") return p.argv;
  const { daemonCommandLine, linkSource } = await importBeside<
    typeof import("./warm_daemon_line.ts")
  >("warm_daemon_line.ts");
  const source = new URL("..", entry);
  const alias = linkSource(dir, decodeURIComponent(source.pathname), p.uid);
  if (alias === undefined) return p.argv;
  return daemonCommandLine({
    argv: p.argv,
    entry: entry.href,
    bundleDir: dir,
    source: source.href,
    alias,
  }) ?? p.argv;
}

/** Starts a detached daemon for this launch's key; it outlives this process. */
async function spawnDaemon(p: Plan): Promise<boolean> {
  if (
    !granted({ name: "run", command: SELF }) && !granted({ name: "run", command: Deno.execPath() })
  ) {
    return false;
  }
  try {
    const argv = await daemonArgv(p);
    const child = new Deno.Command(
      granted({ name: "run", command: SELF }) ? SELF : Deno.execPath(),
      {
        args: argv.slice(1),
        // Under scoped permissions only part of the environment is known: the
        // daemon inherits it whole and drops go-plugin's variables itself.
        env: {
          ...(p.exactEnv ? p.shared : {}),
          FOUNDRY_WARM_ROLE: "daemon",
          FOUNDRY_WARM_ROLE_SOCKET: p.socket,
          FOUNDRY_WARM_ROLE_KEY: p.key,
          FOUNDRY_WARM_ROLE_LINE: JSON.stringify(p.line),
        },
        clearEnv: p.exactEnv,
        stdin: "null",
        stdout: "null",
        stderr: "null",
        detached: true,
      },
    ).spawn();
    child.unref();
    return true;
  } catch {
    return false;
  }
}

type Attempt =
  | { readonly warm: false; readonly reason: string; readonly spawn: boolean }
  | { readonly warm: true };

/** The inode of the socket file at `path`, or undefined when there is none. */
function socketInode(path: string): number | undefined {
  try {
    return Deno.lstatSync(path).ino ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes the socket file at `path` if it is still the one with inode
 * `reached` (another launch may have replaced it with a new daemon's); true
 * when it is gone.
 */
function removeSocketOf(path: string, reached: number | undefined): boolean {
  if (reached === undefined || socketInode(path) !== reached) return false;
  try {
    Deno.removeSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `path` names an entry of its directory, found by listing it: on a
 * launch with no daemon a failed `lstat` and a failed connect would each
 * build an error (~0.3 ms for an isolate's first). True when the directory
 * cannot be listed, so the connect decides.
 */
function listed(path: string): boolean {
  const slash = path.lastIndexOf("/");
  const name = path.slice(slash + 1);
  try {
    for (const e of Deno.readDirSync(path.slice(0, slash) || "/")) if (e.name === name) return true;
    return false;
  } catch {
    return true;
  }
}

/**
 * How long ago, and why, the last daemon for this launch's key failed (to
 * start, or later), when that was under {@link WARM_RETRY_MS} ago and of the
 * code this launch runs (see warm_daemon.ts). A marker of other code (the
 * provider was changed since, a fix perhaps) holds nothing back: it is
 * removed, and this launch starts a daemon.
 */
async function recentFailure(p: Plan): Promise<string | undefined> {
  const marker = failureMarker(p.socket);
  if (!listed(marker)) return undefined;
  try {
    const st = Deno.lstatSync(marker);
    const age = Date.now() - (st.mtime?.getTime() ?? 0);
    if (!st.isFile || age < 0 || age >= WARM_RETRY_MS) return undefined;
    const record = readFailureRecord(Deno.readTextFileSync(marker));
    if (record.stamps !== undefined) {
      // Off the start-up path: only a launch that found a marker loads it.
      const { sameFingerprint } = await importBeside<typeof import("./warm_fingerprint.ts")>(
        "warm_fingerprint.ts",
      );
      if (!sameFingerprint(record.stamps)) {
        if (Deno.lstatSync(marker).ino === st.ino) Deno.removeSync(marker);
        return undefined;
      }
    }
    return `${Math.round(age / 1000)} s ago: ${record.reason.slice(0, 500)}`;
  } catch {
    return undefined;
  }
}

/** A daemon's connection, as {@link attempt} continues with it. */
interface Reached {
  readonly conn: Deno.Conn;
  /** What the request carries besides the launch (over TCP: nonce and proof). */
  readonly request: Pick<LaunchRequest, "nonce" | "proof">;
  /** Whether a handshake answer came from the daemon itself (over TCP: its proof holds). */
  trusts(answer: { readonly handshake: string; readonly proof?: string }): Promise<boolean>;
  /** Removes the socket or rendezvous this launch reached if it is still there; true when gone. */
  forsake(): boolean;
}

const NO_DAEMON: Attempt = { warm: false, reason: "no warm daemon", spawn: true };

function connectFailed(e: unknown): Attempt {
  const none = e instanceof Deno.errors.NotFound || e instanceof Deno.errors.ConnectionRefused;
  return none ? NO_DAEMON : { warm: false, reason: `daemon unreachable: ${e}`, spawn: false };
}

async function reachUnix(p: Plan): Promise<Reached | Attempt> {
  if (!listed(p.socket)) return NO_DAEMON;
  // Which socket file this launch reaches, should its daemon not answer.
  const reached = socketInode(p.socket);
  try {
    const conn = await Deno.connect({ transport: "unix", path: p.socket });
    return {
      conn,
      request: {},
      trusts: () => Promise.resolve(true),
      forsake: () => removeSocketOf(p.socket, reached),
    };
  } catch (e) {
    return connectFailed(e);
  }
}

/** Over loopback TCP (`warm_tcp.ts`, loaded only for such launches): both ends prove the secret. */
async function reachTcp(p: Plan): Promise<Reached | Attempt> {
  if (!listed(p.socket)) return NO_DAEMON;
  const tcp = await importBeside<typeof import("./warm_tcp.ts")>("warm_tcp.ts");
  const found = tcp.readRendezvous(p.socket);
  // Unreadable, torn, or readable by others: the next daemon replaces it.
  if (found === undefined) return NO_DAEMON;
  const nonce = tcp.newNonce();
  const proof = tcp.entryProof(found.secret, nonce, p.key);
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: found.port });
    return {
      conn,
      request: { nonce, proof: await proof },
      trusts: (a) => tcp.verifyDaemonProof(found.secret, nonce, a.handshake, a.proof),
      forsake: () => tcp.removeRendezvous(p.socket, found.text),
    };
  } catch (e) {
    return connectFailed(e);
  }
}

/** Connects, sends the launch, and waits for the handshake line. */
async function attempt(p: Plan): Promise<Attempt> {
  const reached = await (p.transport === "tcp" ? reachTcp(p) : reachUnix(p));
  if (!("conn" in reached)) return reached;
  const conn = reached.conn;
  traceWarm("entry", "connected");
  // The request goes out first, in one write, and everything else here runs
  // while the daemon and its instance work on it.
  const request: LaunchRequest = {
    v: WARM_PROTOCOL,
    key: p.key,
    vars: p.launch,
    parent: p.parent,
    ...reached.request,
  };
  const sent = writeAll(conn, encodeLine(request));
  traceWarm("entry", "request sent");
  const reader = new LineReader();
  const buf = new Uint8Array(64 * 1024);
  const pending: unknown[] = [];
  const next = async (): Promise<DaemonMessage | undefined> => {
    while (pending.length === 0) {
      const n = await conn.read(buf);
      if (n === null) return undefined;
      pending.push(...reader.push(buf.subarray(0, n)));
    }
    return pending.shift() as DaemonMessage;
  };
  // What the provider wrote as it loaded comes before the handshake. It is
  // written once the handshake is taken, stream by stream in order, as a
  // cold launch writes it (stderr lines Terraform logs; a stdout line
  // go-plugin refuses, as it would refuse it cold). A launch that falls back
  // writes none of it: its cold start writes its own, and a peer that is no
  // daemon gets nothing onto Terraform's pipes. (Counted here rather than
  // with warm_output_bound.ts: that would be one more module every launch
  // prepares, for a bound only a misbehaving provider reaches.)
  const early: DaemonMessage[] = [];
  let earlySize = 0;
  let earlyDropped = 0;
  const untilAnswer = async (): Promise<DaemonMessage | undefined> => {
    for (;;) {
      const m = await next();
      if (m === undefined) return undefined;
      const text = "out" in m ? m.out : "err" in m ? m.err : undefined;
      if (text === undefined) return m;
      if (earlySize > 0 && earlySize + text.length > EARLY_OUTPUT_LIMIT) {
        earlyDropped += text.length;
      } else {
        early.push(m);
        earlySize += text.length;
      }
    }
  };
  // On a timeout the read stays pending and fails when the connection is
  // closed: that failure must not become an unhandled rejection, which
  // would kill the cold start this launch falls back to.
  const answer = sent.then(untilAnswer).catch((e) => ({
    refused: `daemon connection failed: ${e}`,
  }));
  // Terraform forwards Ctrl-C to the process group and then asks the
  // provider to stop: a cold provider ignores SIGINT, so does this entry.
  const ignore = () => {};
  const term = () => void writeAll(conn, encodeLine({ signal: "SIGTERM" })).catch(() => {});
  Deno.addSignalListener("SIGINT", ignore);
  Deno.addSignalListener("SIGTERM", term);
  // Not setTimeout: the first timer of a Deno 2.9 isolate costs ~5 ms of
  // this thread (the runtime sets its timers up then), which delayed the
  // reading of the answer. AbortSignal.timeout runs on the runtime's system
  // timer and holds the process only while a listener is attached.
  const deadline = AbortSignal.timeout(p.timeoutMs);
  let onTimeout = () => {};
  const timedOut = new Promise<"timeout">((r) => {
    onTimeout = () => r("timeout");
    deadline.addEventListener("abort", onTimeout, { once: true });
  });
  const first: DaemonMessage | undefined | "timeout" = await Promise.race([answer, timedOut]);
  deadline.removeEventListener("abort", onTimeout);
  // Over TCP a process that took a dead daemon's port could answer: its
  // line is never printed, and its rendezvous goes (see warm_tcp.ts).
  const impostor = first !== undefined && first !== "timeout" && "handshake" in first &&
    !(await reached.trusts(first).catch(() => false));
  if (first === undefined || first === "timeout" || !("handshake" in first) || impostor) {
    Deno.removeSignalListener("SIGINT", ignore);
    Deno.removeSignalListener("SIGTERM", term);
    try {
      conn.close();
    } catch {
      // already closed
    }
    const reason = first === undefined
      ? "daemon closed the connection"
      : first === "timeout"
      ? `daemon did not answer within ${p.timeoutMs} ms`
      : impostor
      ? "the peer at the daemon's port could not prove it is this user's daemon"
      : "refused" in first
      ? `daemon refused: ${first.refused}`
      : "daemon sent an unexpected message";
    // A refusal for changed code comes from a daemon that has already let
    // go of its socket: start the next one now. A daemon that accepted but
    // did not answer in time (hung, or stopped) would cost every later
    // launch the same wait: its socket goes, if it is still the one this
    // launch reached, and the next daemon starts (the old one, should it
    // wake, finds its socket gone and retires).
    const forsaken = (first === "timeout" || impostor) && reached.forsake();
    return {
      warm: false,
      reason,
      spawn: forsaken || (first !== "timeout" && first !== undefined),
    };
  }
  traceWarm("entry", "handshake received");
  for (const m of early) {
    if ("out" in m) Deno.stdout.writeSync(new TextEncoder().encode(m.out));
    else if ("err" in m) Deno.stderr.writeSync(new TextEncoder().encode(m.err));
  }
  if (earlyDropped > 0) {
    Deno.stderr.writeSync(new TextEncoder().encode(warmDebugLine(
      `warm launch: ${earlyDropped} characters of the provider's output before its handshake ` +
        `were dropped: more than ${EARLY_OUTPUT_LIMIT} waited for it`,
      "warn",
    )));
  }
  // The line first: Terraform waits for it, and the debug line goes to
  // another stream (its check reads two variables' permissions).
  Deno.stdout.writeSync(new TextEncoder().encode(first.handshake));
  traceWarm("entry", "handshake printed");
  debugLine(`warm launch: served by the daemon at ${p.socket}`);
  // Terraform killed outright never closes this launch: leave with it, as a
  // cold Foundry provider does. (The daemon watches for that too, and then
  // ends the instance and hangs up, which also ends this entry.)
  whenParentGone(() => {
    debugLine("warm launch: the process that started this launch is gone; exiting");
    try {
      conn.close();
    } catch {
      // already closed
    }
    Deno.exit(1);
  });
  for (;;) {
    let m: DaemonMessage | undefined;
    try {
      m = await next();
    } catch {
      m = undefined;
    }
    if (m === undefined) {
      debugLine("warm launch: the daemon went away before the instance exited");
      Deno.exit(1);
    }
    if ("out" in m) Deno.stdout.writeSync(new TextEncoder().encode(m.out));
    else if ("err" in m) Deno.stderr.writeSync(new TextEncoder().encode(m.err));
    else if ("exit" in m) {
      traceWarm("entry", "exit");
      Deno.exit(m.exit);
    }
  }
}

async function main(): Promise<void> {
  traceWarm("entry", "runtime started", performance.timeOrigin);
  traceWarm("entry", "entry evaluated");
  if (granted({ name: "env", variable: "FOUNDRY_WARM_ROLE" })) {
    if (Deno.env.get("FOUNDRY_WARM_ROLE") === "daemon") {
      const { runDaemon } = await importBeside<typeof import("./warm_daemon.ts")>(
        "warm_daemon.ts",
      );
      // Exits the process; the provider never loads here.
      await runDaemon({ bundleDir: bundleDir() });
    }
  }
  let p: Plan | string | undefined;
  try {
    p = await plan();
  } catch (e) {
    p = `warm launch set-up failed: ${e}`;
  }
  if (p === undefined) return;
  if (typeof p === "string") {
    debugLine(`cold launch: ${p}`);
    return;
  }
  traceWarm("entry", "key computed");
  const r = await attempt(p);
  if (r.warm) return; // not reached: a warm launch exits with its instance
  const failed = r.spawn ? await recentFailure(p) : undefined;
  if (failed !== undefined) {
    debugLine(
      `cold launch: ${r.reason}; none starts: the last daemon for this key failed ${failed} ` +
        `(another is tried ${WARM_RETRY_MS / 1000} s after that)`,
    );
    return;
  }
  if (r.spawn) {
    // Started once this cold launch has answered Terraform (see serve.ts),
    // so the two do not compete for the CPU; a provider that never reaches
    // its handshake leaves no daemon behind.
    globalThis.addEventListener(HANDSHAKE_EVENT, () => void spawnDaemon(p), { once: true });
  }
  debugLine(
    `cold launch: ${r.reason}${r.spawn ? "; a warm daemon starts after the handshake" : ""}`,
  );
}

await main();
