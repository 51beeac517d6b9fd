/**
 * The warm daemon: a detached process, one per user, command line, working
 * directory, environment and code (see `warm_key.ts`), that keeps
 * pre-started instance workers of the provider ready (module graph loaded
 * and evaluated, certificate made) and hands each launch that connects to
 * its unix socket, or that a shell launcher hands over through the named
 * pipes it publishes beside a launch bundle (`warm_pipes.ts`,
 * `warm_shell.ts`), to a fresh one. An instance serves exactly one launch and
 * is then terminated, so module-level state, `configure` and caches are as
 * separate as in separate processes. One that exited (Terraform's Shutdown)
 * sleeps until then and is terminated once no launch has run for a moment:
 * tearing its isolate down is CPU that Terraform's wait for the launch's
 * exit, and its next launch, would otherwise share.
 *
 * Every launch is bounded: its instance ends when the instance exits
 * (Terraform's Shutdown), when the entry hangs up (it exited or was killed),
 * or when the process that started the launch (Terraform) is gone, even if
 * the entry hangs on; Terraform's connection to the instance is not a bound,
 * since gRPC clients close idle connections and reconnect later.
 *
 * It exits when idle (`FOUNDRY_WARM_IDLE_SECONDS`, default 20), on SIGTERM
 * (at once, its socket removed, as a cold provider does), when its code
 * changed (checked on every launch), when its socket file or directory or
 * its working directory disappears, and when an instance cannot start (the
 * launch then runs cold and shows Terraform the real error). An error
 * nothing caught ends it at once, its socket removed. When it could not
 * start or stopped on an error, it leaves `KEY.failed` beside its socket:
 * why, and the stamp of each file of its code, so launches of that code
 * start no other daemon for a while (`WARM_RETRY_MS`). Except when idle,
 * stopped or crashed, it retires first: it takes no new launch (its socket
 * goes, so the next launch starts cold and leaves a new daemon) and exits
 * once the launches it serves have ended, so a command in flight (an apply,
 * say) is never cut off by another launch finding the code changed. Instances kept ready: `FOUNDRY_WARM_INSTANCES`
 * when set (at most 8); otherwise as many as the most launches one command
 * has made of this daemon, at least 3 (`terraform plan` makes three
 * launches, `apply` four, `destroy` five), twice that once commands have run
 * back to back (a command's first launch came within a second of the last
 * launch of the one before: a script, CI; `FOUNDRY_WARM_BACK_TO_BACK_MS`),
 * and at most 8. They are refilled
 * once the command of the last launch (its Terraform process) has
 * ended or no launch has run for `FOUNDRY_WARM_QUIET_MS` (default 300), so a
 * refill does not compete with the next launch of the same command. While it
 * waits, each instance has already paid its isolate's first-use costs of
 * serving (`serving_rehearsal.ts`) and answered GetProviderSchema once. A
 * launch that finds the pool empty gets an instance started for it, which
 * skips that preparation (as does one a launch takes while it starts): a
 * launch waiting for it would only wait longer.
 *
 * Security: the socket lives in a 0700 directory owned by the user and is
 * itself 0600, so only that user can connect (Deno offers no peer-credential
 * check); each request must carry this daemon's key, and the client
 * certificate pinning of every launch is done by its own instance exactly
 * as in a cold launch. Reached over loopback TCP instead (a rendezvous file
 * `KEY.tcp`, see `warm_tcp.ts`), each launch must prove it knows the secret
 * in that 0600 file, and the daemon's handshake answer proves it in turn;
 * at most {@link MAX_UNPROVEN} connections may wait to send their request.
 *
 * @module
 */

import { PARENT_CHECK_MS, processStart } from "./parent_watch.ts";
import { servedCode } from "./warm_code.ts";
import { instanceModule } from "./warm_daemon_line.ts";
import { splitEnvironment } from "./warm_key.ts";
import { OutputBound } from "./warm_output_bound.ts";
import { publishWarmPipes, type WarmPipes } from "./warm_pipes.ts";
import {
  daemonProof,
  publishRendezvous,
  removeRendezvous,
  TCP_RENDEZVOUS_SUFFIX,
  type TcpRendezvous,
  verifyEntryProof,
} from "./warm_tcp.ts";
import { traceWarm } from "./warm_trace.ts";
import {
  type DaemonToInstance,
  type InstanceMessage,
  WARM_INSTANCE_AWAITED_NAME,
  WARM_INSTANCE_NAME,
  writeLaunchSlot,
} from "./warm_instance.ts";
import {
  type DaemonMessage,
  encodeLine,
  failureMarker,
  failureRecord,
  type LaunchLink,
  type LaunchRequest,
  LineReader,
  WARM_PROTOCOL,
  writeAll,
} from "./warm_protocol.ts";

/** A pre-started instance worker. */
interface Instance {
  readonly worker: Worker;
  /** Resolves when the instance waits for its launch; rejects when it failed to start. */
  readonly ready: Promise<void>;
  /** Where its messages go once a launch owns it (buffered until then). */
  route(to: (m: InstanceMessage) => void): void;
  /** Hands it its launch (once ready). */
  launch(vars: Record<string, string>): void;
  /** Tells a starting instance that a launch waits for it, so it skips what is left of its rehearsal. */
  hurry(): void;
  /**
   * Terminates it, waking its thread wherever it sleeps (waiting for a launch,
   * or parked after its exit): a terminated isolate in `Atomics.wait` would
   * otherwise hold its thread and heap until the wait times out.
   */
  end(): void;
}

/** A variable's value, or `undefined` when unset or not readable under the granted permissions. */
function envGet(name: string): string | undefined {
  try {
    if (Deno.permissions.querySync({ name: "env", variable: name }).state !== "granted") {
      return undefined;
    }
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

const DAEMON_VARIABLES = [
  "FOUNDRY_WARM_ROLE",
  "FOUNDRY_WARM_ROLE_SOCKET",
  "FOUNDRY_WARM_ROLE_KEY",
  "FOUNDRY_WARM_ROLE_LINE",
];

/**
 * How long no launch must have run before the daemon starts refilling its
 * pool, ms (`FOUNDRY_WARM_QUIET_MS` changes it).
 */
const QUIET_MS = 300;
/** Instances kept ready when `FOUNDRY_WARM_INSTANCES` is not set, at least (see `runDaemon`). */
const DEFAULT_POOL = 3;
/** Instances kept ready, at most. */
const MAX_POOL = 8;

/**
 * Connections that may be waiting to send their launch request at once
 * (each for at most {@link REQUEST_TIMEOUT_MS}); more are closed at once. A
 * launch sends its request in its first write, so only a peer that is no
 * launch waits: over loopback TCP, any local user may connect.
 */
const MAX_UNPROVEN = 16;
/** How long a connection may take to send its launch request, ms. */
const REQUEST_TIMEOUT_MS = 5000;
/** The longest launch request line, in characters: a client certificate and a few variables. */
const MAX_REQUEST_LINE = 256 * 1024;

/**
 * A command whose first launch comes within this long of the previous
 * command's last launch runs back to back with it, ms
 * (`FOUNDRY_WARM_BACK_TO_BACK_MS` changes it; 0 never). Such commands start
 * before the pool has refilled, and each of their launches would otherwise
 * wait for an instance started for it (or take one still preparing); with
 * a command's worth of spare instances, the next command finds them ready
 * while the pool refills behind it. A person typing commands leaves more.
 */
const BACK_TO_BACK_MS = 1000;

/**
 * How often, while it waits for that quiet, the daemon looks whether the
 * command of the last launch (its Terraform process) has ended, ms: then
 * no launch of that command can follow, and the refill starts at once.
 */
const COMMAND_END_CHECK_MS = 10;

/** go-plugin's per-launch variables a provider may read (see `warm_key.ts`'s `isLaunchVariable`). */
const GO_PLUGIN_VARIABLES = [
  "TF_PLUGIN_MAGIC_COOKIE",
  "PLUGIN_PROTOCOL_VERSIONS",
  "PLUGIN_MIN_PORT",
  "PLUGIN_MAX_PORT",
  "PLUGIN_CLIENT_CERT",
  "PLUGIN_UNIX_SOCKET_DIR",
];

function fullEnv(): boolean {
  try {
    return Deno.permissions.querySync({ name: "env" }).state === "granted";
  } catch {
    return false;
  }
}

function intFrom(text: string | undefined, fallback: number, max: number): number {
  const n = Number(text);
  return text !== undefined && Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

/** Starts an instance; `awaited` when a launch already waits for it (no rehearsal then). */
function startInstance(module: string, awaited = false): Instance {
  const name = awaited ? WARM_INSTANCE_AWAITED_NAME : WARM_INSTANCE_NAME;
  traceWarm("daemon", awaited ? "instance started for a waiting launch" : "instance started ahead");
  const worker = new Worker(module, { type: "module", name });
  const buffered: InstanceMessage[] = [];
  // What it writes before a launch takes it (as it loads, or from a timer
  // while it waits in the pool) is held for that launch, up to a bound.
  const held = new OutputBound(undefined, "the instance had no launch yet");
  let sink: ((m: InstanceMessage) => void) | undefined;
  let markReady!: () => void;
  let fail!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    markReady = res;
    fail = rej;
  });
  ready.catch(() => {}); // observed by the launch that takes it
  let isReady = false;
  let slot: SharedArrayBuffer | undefined;
  let park: SharedArrayBuffer | undefined;
  let early = "";
  worker.addEventListener("message", (e: MessageEvent<InstanceMessage>) => {
    if (e.data.t === "exit") park = e.data.park;
    if (e.data.t === "ready") {
      isReady = true;
      slot = e.data.slot;
      return markReady();
    }
    if (!isReady) {
      // Output before the launch is the provider failing to start: keep the
      // reason; the launch then starts cold and shows Terraform the error.
      if (e.data.t === "exit") {
        fail(new Error(`the provider exited while starting: ${early.trim().slice(0, 500)}`));
        return;
      }
      // Only its start is reported: a provider may write a great deal first.
      if ((e.data.t === "out" || e.data.t === "err") && early.length < 4096) early += e.data.text;
    }
    if (sink !== undefined) sink(e.data);
    else if ((e.data.t !== "out" && e.data.t !== "err") || held.admit(e.data.text)) {
      buffered.push(e.data);
    }
  });
  worker.addEventListener("error", (e) => {
    e.preventDefault();
    const err = new Error(`the provider failed in a warm instance: ${e.message}`);
    fail(err);
    sink?.({ t: "err", text: `${err.message}\n` });
    sink?.({ t: "exit", code: 1 });
  });
  return {
    worker,
    ready,
    route(to) {
      sink = to;
      // Said first: what follows is what was kept.
      const dropped = held.drained();
      if (dropped !== undefined) to({ t: "err", text: dropped });
      for (const m of buffered.splice(0)) to(m);
    },
    hurry() {
      if (!isReady) worker.postMessage({ t: "awaited" } satisfies DaemonToInstance);
    },
    launch(vars) {
      if (slot !== undefined && writeLaunchSlot(slot, vars)) return;
      const m: DaemonToInstance = { t: "launch", vars };
      worker.postMessage(m);
    },
    end() {
      worker.terminate();
      for (const b of [slot, park]) if (b !== undefined) Atomics.notify(new Int32Array(b, 0, 1), 0);
    },
  };
}

/**
 * Resolves once the process that started a launch is gone: the launch's
 * bound when its entry hangs on regardless (stopped, or kept by a wrapper
 * that did not `exec`). Never resolves for a request that named no process.
 */
function launcherGone(
  p: LaunchLink["parent"] | undefined,
): { gone: Promise<void>; stop(): void } {
  if (
    typeof p !== "object" || p === null || !Number.isSafeInteger(p.pid) || p.pid <= 0 ||
    typeof p.start !== "string"
  ) {
    return { gone: new Promise(() => {}), stop: () => {} };
  }
  let timer: ReturnType<typeof setInterval> | undefined;
  const gone = new Promise<void>((resolve) => {
    timer = setInterval(() => {
      if (processStart(p.pid) !== p.start) resolve();
    }, PARENT_CHECK_MS);
  });
  return { gone, stop: () => clearInterval(timer) };
}

/**
 * A launch that arrived over the socket from a Deno launch entry; `prove`
 * (over TCP) adds the daemon's proof to the handshake answer.
 */
function socketLink(
  conn: Deno.Conn,
  req: LaunchRequest,
  prove?: (line: string) => Promise<string>,
): LaunchLink {
  let writing = Promise.resolve();
  const bound = new OutputBound();
  const handlers: (() => void)[] = [];
  // Signals from the entry, and its end: Terraform killed it or it exited.
  const hungUp = (async () => {
    const reader = new LineReader();
    const buf = new Uint8Array(4096);
    try {
      for (;;) {
        const n = await conn.read(buf);
        if (n === null) return;
        for (const m of reader.push(buf.subarray(0, n))) {
          if ((m as { signal?: string }).signal === "SIGTERM") { for (const h of handlers) h(); }
        }
      }
    } catch {
      // reset by the entry's exit
    }
  })();
  return {
    vars: typeof req.vars === "object" && req.vars !== null ? req.vars : {},
    parent: req.parent,
    send(m: DaemonMessage) {
      const output = "out" in m ? m.out : "err" in m ? m.err : undefined;
      if (output !== undefined && !bound.admit(output)) return writing;
      writing = writing.then(async () => {
        if (output !== undefined) {
          await writeAll(conn, encodeLine(m));
          const warning = bound.written(output);
          if (warning !== undefined) await writeAll(conn, encodeLine({ err: warning }));
          return;
        }
        const proved = prove !== undefined && "handshake" in m
          ? { handshake: m.handshake, proof: await prove(m.handshake) }
          : m;
        await writeAll(conn, encodeLine(proved));
      }).catch(() => {});
      return writing;
    },
    hungUp,
    onSignal(fn) {
      handlers.push(fn);
    },
    close() {
      try {
        conn.close();
      } catch {
        // closed by the entry
      }
    },
  };
}

async function readRequest(conn: Deno.Conn, timeoutMs: number): Promise<LaunchRequest> {
  const reader = new LineReader(MAX_REQUEST_LINE);
  const buf = new Uint8Array(64 * 1024);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, rej) => {
    timer = setTimeout(() => rej(new Error("no launch request in time")), timeoutMs);
  });
  try {
    for (;;) {
      const n = await Promise.race([conn.read(buf), timeout]);
      if (n === null) throw new Error("closed before its launch request");
      const lines = reader.push(buf.subarray(0, n));
      if (lines.length === 0) continue;
      const req = lines[0];
      if (typeof req !== "object" || req === null || Array.isArray(req)) {
        throw new Error("a launch request is a JSON object");
      }
      return req as LaunchRequest;
    }
  } finally {
    clearTimeout(timer);
  }
}

/** What the launch entry tells {@link runDaemon}. */
export interface DaemonOptions {
  /**
   * The launch bundle directory the launcher named (see `warm_code.ts`):
   * instances then run the bundle and the code check uses its source list.
   */
  readonly bundleDir?: string;
}

/**
 * Runs the daemon in this process until it decides to exit; never returns.
 * Started by `warm_entry.ts` with `FOUNDRY_WARM_ROLE=daemon` and the socket
 * path and key in `FOUNDRY_WARM_ROLE_SOCKET` / `FOUNDRY_WARM_ROLE_KEY`.
 *
 * @example Usage
 * ```ts
 * import { runDaemon } from "./warm_daemon.ts";
 * if (Deno.env.get("FOUNDRY_WARM_ROLE") === "daemon") await runDaemon();
 * ```
 */
export async function runDaemon(options: DaemonOptions = {}): Promise<never> {
  const socket = envGet("FOUNDRY_WARM_ROLE_SOCKET") ?? "";
  const key = envGet("FOUNDRY_WARM_ROLE_KEY") ?? "";
  const envLine = envGet("FOUNDRY_WARM_ROLE_LINE");
  // Instances must see the environment of a cold launch: without the
  // daemon's own variables, and without the go-plugin variables of the
  // launch that started it when it inherited that launch's environment.
  for (const k of [...DAEMON_VARIABLES, ...GO_PLUGIN_VARIABLES]) {
    if (envGet(k) !== undefined) Deno.env.delete(k);
  }
  if (socket === "" || key === "") Deno.exit(2);
  // What every launch's environment must be: this process's, now that the
  // daemon's and the first launch's own variables are gone.
  const shared = fullEnv() ? splitEnvironment(Deno.env.toObject()).shared : {};
  const idleMs = intFrom(envGet("FOUNDRY_WARM_IDLE_SECONDS"), 20, 86_400) * 1000;
  // Instances kept ready: FOUNDRY_WARM_INSTANCES when set; otherwise as many
  // as the most launches one command has made of this daemon (`terraform
  // plan` makes 3, `apply` 4, `destroy` 5), at least 3, twice that once
  // commands have run back to back, and at most 8.
  const fixedPool = envGet("FOUNDRY_WARM_INSTANCES") !== undefined;
  let poolSize = intFrom(envGet("FOUNDRY_WARM_INSTANCES"), DEFAULT_POOL, MAX_POOL);
  let mostLaunches = DEFAULT_POOL; // of one command so far
  let backToBack = false; // a command has begun right after the one before
  const backToBackText = envGet("FOUNDRY_WARM_BACK_TO_BACK_MS");
  const backToBackMs = backToBackText?.trim() === "0"
    ? 0
    : intFrom(backToBackText, BACK_TO_BACK_MS, 3_600_000);
  const quietMs = intFrom(envGet("FOUNDRY_WARM_QUIET_MS"), QUIET_MS, 3_600_000);

  const own = (u: URL) => u.protocol === "file:" ? decodeURIComponent(u.pathname) : undefined;
  const code = servedCode({
    mainModule: Deno.mainModule,
    bundleDir: options.bundleDir,
    foundryDir: own(new URL("..", import.meta.url)),
    daemonDir: own(new URL(".", import.meta.url)),
    executable: Deno.execPath(),
  });
  // A bundle's instances load it under a specifier of their own (see
  // warm_daemon_line.ts: this process may run under V8 flags of its own).
  const module = instanceModule(code.module, code.form);

  const cwd = Deno.cwd();
  // Why this daemon could not start or went down, and the code it ran, for
  // the launches of its key to read (running that code, they start no other
  // for WARM_RETRY_MS); gone once an instance is ready.
  const marker = failureMarker(socket);
  const failed = (reason: string) => {
    try {
      Deno.writeTextFileSync(marker, failureRecord(reason, code.stamps), { mode: 0o600 });
    } catch {
      // its directory is gone: nobody to tell
    }
  };
  let recovered = false;
  const recover = () => {
    if (recovered) return;
    recovered = true;
    try {
      Deno.removeSync(marker);
    } catch {
      // none
    }
  };
  const tcp = socket.endsWith(TCP_RENDEZVOUS_SUFFIX);
  let listener: Deno.Listener;
  let inode: number | null = null;
  let published: TcpRendezvous | undefined;
  if (tcp) {
    // Whatever rendezvous is there (a dead daemon's, or one that started
    // alongside) is replaced: a daemon whose file was replaced retires.
    try {
      listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      published = publishRendezvous(socket, (listener.addr as Deno.NetAddr).port);
    } catch (e) {
      failed(`it could not listen on loopback TCP: ${e}`);
      Deno.exit(1);
    }
  } else {
    try {
      listener = Deno.listen({ transport: "unix", path: socket });
    } catch (e) {
      if (!(e instanceof Deno.errors.AddrInUse)) {
        failed(`it could not listen on ${socket}: ${e}`);
        Deno.exit(1);
      }
      try {
        (await Deno.connect({ transport: "unix", path: socket })).close();
        Deno.exit(0); // another daemon serves this key
      } catch {
        Deno.removeSync(socket); // stale: its daemon died
        listener = Deno.listen({ transport: "unix", path: socket });
      }
    }
    Deno.chmodSync(socket, 0o600);
    inode = Deno.lstatSync(socket).ino;
  }
  /** Whether the socket or rendezvous file is still this daemon's. */
  const ownsSocket = () => {
    try {
      return published !== undefined
        ? Deno.readTextFileSync(socket) === published.text
        : Deno.lstatSync(socket).ino === inode;
    } catch {
      return false;
    }
  };
  /** Removes the socket or rendezvous file if it is still this daemon's. */
  let pipes: WarmPipes | undefined;
  const releaseSocket = () => {
    pipes?.withdraw();
    if (published !== undefined) {
      removeRendezvous(socket, published.text);
      return;
    }
    try {
      if (Deno.lstatSync(socket).ino === inode) Deno.removeSync(socket);
    } catch {
      // gone already
    }
  };
  const leave = (code: number): never => {
    releaseSocket();
    Deno.exit(code);
  };
  // Stopped by `kill` or a shutdown, as a cold provider is: the socket or
  // rendezvous goes too, so no later launch tries a dead one first.
  try {
    Deno.addSignalListener("SIGTERM", () => leave(0));
  } catch {
    // no such signal here
  }
  // An error nothing caught ends the daemon as it would have, but says why
  // (a daemon that fails so once likely fails so again: launches of its
  // code then start none for a while) and takes its socket along. Launches
  // in flight end with it, as Terraform sees a crashed provider.
  const crashed = (why: string) => {
    failed(`it stopped on an unexpected error: ${why}`);
    leave(1);
  };
  globalThis.addEventListener("error", (e) => {
    e.preventDefault();
    crashed(e.error instanceof Error ? e.error.stack ?? e.message : e.message);
  });
  globalThis.addEventListener("unhandledrejection", (e) => {
    e.preventDefault();
    crashed(e.reason instanceof Error ? e.reason.stack ?? e.reason.message : String(e.reason));
  });
  let active = 0;
  let retiring: number | undefined; // the exit code, once retiring
  // No new launch from now on; exit with `code` once the last one in flight
  // has ended (each is bounded: see the module doc).
  const retire = (code: number) => {
    if (retiring !== undefined) return;
    retiring = code;
    releaseSocket();
    try {
      listener.close();
    } catch {
      // closed already
    }
    if (active === 0) leave(code);
  };
  // Retire when the socket is removed or replaced (its directory deleted, a
  // newer daemon after a crash), instead of lingering unreachable, and when
  // the working directory is gone (a test's or a throwaway workspace).
  setInterval(() => {
    try {
      if (!ownsSocket() || pipes?.present() === false) retire(0);
      Deno.statSync(cwd);
    } catch {
      retire(0);
    }
  }, 1000);

  let idle: ReturnType<typeof setTimeout> | undefined;
  const armIdle = () => {
    clearTimeout(idle);
    if (active === 0) idle = setTimeout(() => leave(0), idleMs);
  };
  armIdle();
  const pool: Instance[] = [];
  let starting = false;
  let quiet: ReturnType<typeof setTimeout> | undefined;
  let commandWatch: ReturnType<typeof setInterval> | undefined;
  let lastLaunch = -Infinity; // when a launch last began or ended (performance.now())
  let lastCommand: LaunchLink["parent"] | undefined; // the process that started the last launch
  let commandLaunches = 0; // launches of that command so far
  const commandEnded = () => {
    const p = lastCommand;
    return typeof p === "object" && p !== null && Number.isSafeInteger(p.pid) && p.pid > 0 &&
      typeof p.start === "string" && processStart(p.pid) !== p.start;
  };
  const settled = () =>
    active === 0 && (performance.now() - lastLaunch >= quietMs || commandEnded());
  // Instances start one at a time, and only once no launch has run for
  // QUIET_MS: a starting instance loads the whole provider, a core's worth
  // of work for a while, and Terraform's launches of one command come tens
  // of milliseconds apart (`terraform plan` makes three), so a refill begun
  // between them took the CPU from the next one; once that command's
  // Terraform process is gone, none of its launches can follow, so the refill
  // starts then (commands run back to back find instances ready). The pool
  // is sized for a command's launches; a launch that finds it empty starts
  // its own.
  const topUp = () => {
    clearTimeout(quiet);
    clearInterval(commandWatch);
    if (starting || pool.length >= poolSize || active > 0) return;
    starting = true;
    const instance = startInstance(module);
    pool.push(instance);
    instance.ready.then(() => {
      starting = false;
      recover();
      // Back to back while nothing else happens; after a launch, quiet first.
      if (settled()) topUp();
      else refillWhenQuiet();
    }, (e: Error) => {
      starting = false;
      // Every instance would fail alike: no launch is kept waiting for one.
      // A launch that took it already reports it too.
      failed(e.message);
      retire(1);
    });
  };
  // Instances that exited sleep until terminated (see warm_instance.ts): an
  // isolate's teardown is CPU the launch entry's exit and Terraform's next
  // launch would otherwise share, so it waits for the same quiet as a refill.
  const sleeping: Instance[] = [];
  const endSleeping = () => {
    for (const i of sleeping.splice(0)) i.end();
  };
  const sleepUntilQuiet = (i: Instance) => {
    sleeping.push(i);
    // Each holds a provider's heap: at most a command's worth wait.
    while (sleeping.length > poolSize) sleeping.shift()!.end();
  };
  const refillWhenQuiet = () => {
    clearTimeout(quiet);
    clearInterval(commandWatch);
    if (active !== 0 || (pool.length >= poolSize && sleeping.length === 0)) return;
    const refill = () => {
      endSleeping();
      topUp();
    };
    quiet = setTimeout(refill, quietMs);
    if (lastCommand !== undefined) {
      commandWatch = setInterval(() => {
        if (commandEnded()) refill();
      }, COMMAND_END_CHECK_MS);
    }
  };
  topUp();

  // One launch, from the socket or the pipes, to its end.
  const runLaunch = async (link: LaunchLink) => {
    active++;
    clearTimeout(idle);
    clearTimeout(quiet);
    clearInterval(commandWatch);
    const sinceLastLaunch = performance.now() - lastLaunch;
    lastLaunch = performance.now();
    // Launches of one command share their Terraform process.
    const same = lastCommand !== undefined && link.parent !== undefined &&
      lastCommand.pid === link.parent.pid && lastCommand.start === link.parent.start;
    // Once seen, kept: a script's first command follows a pause too. (The
    // daemon itself goes after FOUNDRY_WARM_IDLE_SECONDS without a launch.)
    if (!same && sinceLastLaunch < backToBackMs) backToBack = true;
    commandLaunches = same ? commandLaunches + 1 : 1;
    mostLaunches = Math.max(mostLaunches, commandLaunches);
    if (!fixedPool) poolSize = Math.min(MAX_POOL, mostLaunches * (backToBack ? 2 : 1));
    lastCommand = link.parent;
    const instance = pool.shift() ?? startInstance(module, true);
    instance.hurry();
    let exited = false;
    try {
      await instance.ready;
      recover();
    } catch (e) {
      failed((e as Error).message);
      await link.send({ refused: (e as Error).message });
      link.close();
      active--;
      return retire(1);
    }
    traceWarm("daemon", "instance assigned");
    instance.launch(link.vars);
    // The code check (a stat per source file) runs while the instance sets
    // up TLS and its socket; its answer is relayed only once the check passed.
    if (!code.unchanged()) {
      instance.end();
      // Let go of the socket first so the launch can start the next daemon;
      // the launches in flight are served to their end.
      releaseSocket();
      await link.send({ refused: "the provider's code changed since this daemon started" });
      link.close();
      active--;
      return retire(0);
    }
    traceWarm("daemon", "code checked");
    const done = new Promise<void>((resolve) => {
      instance.route((m) => {
        if (exited) return;
        if (m.t === "line") {
          traceWarm("daemon", "handshake line from instance");
          void link.send({ handshake: m.text });
        } else if (m.t === "out") void link.send({ out: m.text });
        else if (m.t === "err") void link.send({ err: m.text });
        else if (m.t === "exit") {
          traceWarm("daemon", "instance exited");
          exited = true;
          void link.send({ exit: m.code }).then(resolve);
        }
      });
    });
    link.onSignal(() => instance.worker.postMessage({ t: "signal", signal: "SIGTERM" }));
    // Whichever comes first: the instance exits (Shutdown), the launch
    // process goes (it exited, or was killed), or Terraform is gone.
    const terraform = launcherGone(link.parent);
    const ended = await Promise.race([done.then(() => true), link.hungUp, terraform.gone]);
    terraform.stop();
    if (ended !== true) {
      // As SIGTERM to a cold provider: it removes its socket file and exits.
      instance.worker.postMessage({ t: "signal", signal: "SIGTERM" });
      await Promise.race([done, new Promise((r) => setTimeout(r, 500))]);
    }
    if (exited) sleepUntilQuiet(instance);
    else instance.end();
    link.close();
    active--;
    if (retiring !== undefined) {
      if (active === 0) leave(retiring);
      return;
    }
    lastLaunch = performance.now();
    armIdle();
    refillWhenQuiet();
  };

  let unproven = 0; // connections yet to send a (valid) request
  const serve = async (conn: Deno.Conn) => {
    if (unproven >= MAX_UNPROVEN) {
      conn.close();
      return;
    }
    unproven++;
    let req: LaunchRequest;
    try {
      req = await readRequest(conn, REQUEST_TIMEOUT_MS);
      // Over TCP, a peer that cannot prove it knows the secret is no launch
      // of this user's: closed without a word.
      if (
        published !== undefined &&
        !(await verifyEntryProof(published.secret, req.nonce, key, req.proof))
      ) {
        throw new Error("no proof");
      }
    } catch {
      conn.close();
      return;
    } finally {
      unproven--;
    }
    traceWarm("daemon", "request read");
    const secret = published?.secret;
    const nonce = req.nonce;
    const link = socketLink(
      conn,
      req,
      secret === undefined || nonce === undefined
        ? undefined
        : (line) => daemonProof(secret, nonce, line),
    );
    if (req.v !== WARM_PROTOCOL || req.key !== key) {
      await link.send({ refused: `this daemon serves protocol ${WARM_PROTOCOL}, key ${key}` });
      link.close();
      return;
    }
    await runLaunch(link);
  };

  // Shell launchers (warm_shell.ts) reach the daemon through named pipes
  // beside the launch bundle, when this process may publish them.
  const line = envLine;
  if (options.bundleDir !== undefined && line !== undefined) {
    const published = await publishWarmPipes({
      bundleDir: options.bundleDir,
      key,
      line,
      shared,
      cwd,
      socket,
    });
    if (typeof published !== "string") {
      pipes = published;
      void (async () => {
        for (;;) {
          const r = await published.next();
          if (r === undefined) return;
          traceWarm("daemon", "pipe request read");
          if (retiring !== undefined) {
            await published.refuse(r, "this daemon is retiring");
            continue;
          }
          const link = await published.link(r);
          if (typeof link !== "string") void runLaunch(link);
        }
      })();
    }
  }
  try {
    for await (const conn of listener) void serve(conn);
  } catch {
    // closed while accepting
  }
  retire(0);
  // Serving the launches in flight; `retire` exits after the last.
  return await new Promise<never>(() => {});
}
