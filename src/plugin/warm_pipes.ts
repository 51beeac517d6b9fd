/**
 * The daemon's side of shell launches (`warm_shell.ts`): the named pipes it
 * publishes beside its launch bundle, and each request that arrives through
 * them turned into a {@link LaunchLink} after the launch's process was
 * checked to be exactly what a Deno launch entry would have been.
 *
 * Published only on Linux and when this process may read another process's
 * `/proc` entries (Deno grants that to `--allow-all` only) and start
 * `mkfifo` (Deno has no call that makes a named pipe); otherwise the daemon
 * serves its unix socket alone.
 *
 * @module
 */

import { PARENT_CHECK_MS, processParent, processStart } from "./parent_watch.ts";
import { splitEnvironment } from "./warm_key.ts";
import {
  type DaemonMessage,
  type LaunchLink,
  showsWarmDebug,
  warmDebugLine,
} from "./warm_protocol.ts";
import { OutputBound } from "./warm_output_bound.ts";
import { WARM_PIPE_SLOTS } from "./warm_shell.ts";
import { traceWarm } from "./warm_trace.ts";

/** A launch request read from the daemon's request pipe. */
export interface PipeRequest {
  /** The launch's process (the shell running the launcher). */
  readonly pid: number;
  /** The answer pipe it claimed. */
  readonly slot: number;
}

/** What the launches of this daemon must match, and where to publish. */
export interface PipeOptions {
  /** The launch bundle directory; the pipes go in its `warm/` directory. */
  readonly bundleDir: string;
  /** The daemon key (names the pipes). */
  readonly key: string;
  /** The command line the daemon was started for (`warm_shell.ts`'s `warmPipeLine`). */
  readonly line: string;
  /** The environment every launch must have, go-plugin's variables left out. */
  readonly shared: Record<string, string>;
  /** The working directory every launch must have. */
  readonly cwd: string;
  /**
   * The daemon's unix socket or TCP rendezvous file (`warm_tcp.ts`), written
   * as the live file's fourth line: a shell
   * launch that reaches its deadline on this daemon removes both, so the
   * launch entry it falls back to does not wait on the daemon again.
   */
  readonly socket?: string;
}

/** The daemon's published pipes. */
export interface WarmPipes {
  /** The next request, or `undefined` once withdrawn. */
  next(): Promise<PipeRequest | undefined>;
  /** Checks a request's process and links it, or says why it is refused (after answering it). */
  link(request: PipeRequest): Promise<LaunchLink | string>;
  /** Answers a request without serving it (the shell falls back to `deno`) and frees its pipe. */
  refuse(request: PipeRequest, reason: string): Promise<void>;
  /** Whether the published names are still there (a pruned bundle directory takes them along). */
  present(): boolean;
  /** Removes every published name, so no new launch finds them; safe to call twice. */
  withdraw(): void;
}

const REQUEST = /^([1-9][0-9]{0,9}) ([0-9]|term)$/;
const encoder = new TextEncoder();

function ownUid(): number | undefined {
  try {
    return Deno.statSync("/proc/self").uid ?? undefined;
  } catch {
    return undefined;
  }
}

/** What `dash` exports as `PWD` for a launch in `cwd` whose environment held `pwd`. */
function shellPwd(pwd: string | undefined, cwd: string): string {
  if (pwd === undefined || !pwd.startsWith("/")) return cwd;
  try {
    const a = Deno.statSync(pwd);
    const b = Deno.statSync(cwd);
    return a.dev === b.dev && a.ino === b.ino ? pwd : cwd;
  } catch {
    return cwd;
  }
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): string | undefined {
  const ak = Object.keys(a);
  if (ak.length !== Object.keys(b).length) return "its environment has other variables";
  for (const k of ak) {
    if (b[k] !== a[k]) return `its environment differs in ${k}`;
  }
  return undefined;
}

/** Removes every file a daemon whose key is `key` published in `dir`. */
function removeNamespace(dir: string, key: string): void {
  try {
    for (const e of Deno.readDirSync(dir)) {
      if (e.name.startsWith(`${key}.`)) {
        try {
          Deno.removeSync(`${dir}/${e.name}`);
        } catch {
          // gone already
        }
      }
    }
  } catch {
    // no directory
  }
}

/** Removes what daemons that no longer run left behind (killed ones). */
function removeDeadNamespaces(dir: string, except: string): void {
  for (const e of Deno.readDirSync(dir)) {
    if (!e.name.endsWith(".live")) continue;
    const key = e.name.slice(0, -".live".length);
    if (key === except) continue;
    try {
      const [pid, start] = Deno.readTextFileSync(`${dir}/${e.name}`).split("\n")[0].split(" ");
      if (processStart(Number(pid)) === start) continue;
    } catch {
      // unreadable: treat as dead
    }
    removeNamespace(dir, key);
  }
}

/**
 * Publishes this daemon's pipes, or returns why it cannot (the daemon then
 * serves its unix socket only).
 *
 * @example Publishing needs Linux and every permission
 * ```ts
 * import assert from "node:assert/strict";
 * import { publishWarmPipes } from "./warm_pipes.ts";
 * const dir = Deno.makeTempDirSync();
 * const pipes = await publishWarmPipes({
 *   bundleDir: dir, key: "k", line: "[]", shared: {}, cwd: Deno.cwd(),
 * });
 * if (typeof pipes !== "string") {
 *   assert.ok(Deno.lstatSync(`${dir}/warm/k.live`).isFile);
 *   assert.ok(Deno.lstatSync(`${dir}/warm/k.in`).isFifo);
 *   pipes.withdraw();
 *   assert.deepEqual([...Deno.readDirSync(`${dir}/warm`)], []);
 * }
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export async function publishWarmPipes(options: PipeOptions): Promise<WarmPipes | string> {
  if (Deno.build.os !== "linux") return `no shell launches on ${Deno.build.os}`;
  const start = processStart(Deno.pid);
  const uid = ownUid();
  if (start === undefined || uid === undefined) {
    return "no shell launches: /proc is not readable (they need --allow-all)";
  }
  if (options.line.includes("\n") || options.shared.PWD?.includes("\n")) {
    return "no shell launches: the command line or PWD holds a newline";
  }
  const dir = `${options.bundleDir.replace(/\/+$/, "")}/warm`;
  try {
    Deno.mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) return `no shell launches: ${e}`;
  }
  const st = Deno.lstatSync(dir);
  if (!st.isDirectory || st.uid !== uid || ((st.mode ?? 0) & 0o077) !== 0) {
    return `no shell launches: ${dir} is not a private directory of this user`;
  }
  const { key } = options;
  try {
    return await publish(options, dir, start, uid);
  } catch (e) {
    removeNamespace(dir, key);
    return `no shell launches: ${e}`;
  }
}

async function publish(
  options: PipeOptions,
  dir: string,
  start: string,
  uid: number,
): Promise<WarmPipes> {
  const { key } = options;
  removeNamespace(dir, key);
  removeDeadNamespaces(dir, key);
  const base = `${dir}/${key}`;
  const slotPath = (i: number) => `${base}.${i}`;
  const made = await new Deno.Command("mkfifo", {
    args: [
      "-m",
      "600",
      `${base}.in`,
      ...Array.from({ length: WARM_PIPE_SLOTS }, (_, i) => slotPath(i)),
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output().catch((e: Error) => ({ success: false, stderr: encoder.encode(e.message) }));
  if (!made.success) {
    throw new Error(`mkfifo failed: ${new TextDecoder().decode(made.stderr).trim()}`);
  }
  // Read and write: opening a pipe for one end only waits for the other.
  // Holding the write end of each answer pipe is also what lets a shell's
  // open for reading return at once, and its end (this process exiting)
  // what ends the shell's read.
  const open = (path: string) => Deno.openSync(path, { read: true, write: true });
  const input = open(`${base}.in`);
  const slots: Deno.FsFile[] = Array.from({ length: WARM_PIPE_SLOTS }, (_, i) => open(slotPath(i)));
  const pwd = options.shared.PWD ?? options.cwd;
  Deno.writeTextFileSync(
    `${base}.live.tmp`,
    `${Deno.pid} ${start}\n${pwd}\n${options.line}\n${options.socket ?? ""}\n`,
    { mode: 0o600 },
  );
  Deno.renameSync(`${base}.live.tmp`, `${base}.live`);

  let withdrawn = false;
  const signals = new Map<number, () => void>();
  const queue: PipeRequest[] = [];
  let wake: (() => void) | undefined;
  // Reads the request pipe: `PID SLOT` or `PID term`, one line each.
  (async () => {
    const buf = new Uint8Array(4096);
    let tail = "";
    for (;;) {
      let n: number | null;
      try {
        n = await input.read(buf);
      } catch {
        n = null;
      }
      if (n === null) break;
      const lines = (tail + new TextDecoder().decode(buf.subarray(0, n))).split("\n");
      tail = lines.pop() ?? "";
      if (tail.length > 64) tail = ""; // not ours: drop it
      for (const l of lines) {
        const m = REQUEST.exec(l);
        if (m === null) continue;
        const pid = Number(m[1]);
        if (m[2] === "term") signals.get(pid)?.();
        // Bounded: one request per claimed pipe is all a shell sends; a
        // flood (the same user's doing) is dropped, and those shells fall
        // back at their deadline.
        else if (queue.length < 4 * WARM_PIPE_SLOTS) queue.push({ pid, slot: Number(m[2]) });
      }
      if (queue.length > 0) wake?.();
    }
    withdrawn = true;
    wake?.();
  })();

  const answer = async (slot: number, text: string) => {
    try {
      await slots[slot].write(encoder.encode(text + "\n"));
    } catch {
      // the shell is gone
    }
  };
  // A fresh pipe for the next claimant: once no process holds the old one,
  // whatever a vanished shell left unread goes with it.
  const free = (slot: number) => {
    if (withdrawn) return;
    try {
      slots[slot].close();
      slots[slot] = open(slotPath(slot));
      Deno.removeSync(`${slotPath(slot)}.claim`);
    } catch {
      // withdrawn meanwhile
    }
  };
  const claimed = (slot: number) => {
    try {
      return Deno.lstatSync(`${slotPath(slot)}.claim`).isFile;
    } catch {
      return false;
    }
  };

  const refuse = async (r: PipeRequest, reason: string) => {
    traceWarm("daemon", `pipe launch refused: ${reason}`);
    if (r.slot >= WARM_PIPE_SLOTS || !claimed(r.slot)) return;
    await answer(r.slot, `refused ${reason.replaceAll("\n", " ")}`);
    free(r.slot);
  };

  const link = async (r: PipeRequest): Promise<LaunchLink | string> => {
    if (r.slot >= WARM_PIPE_SLOTS || !claimed(r.slot)) return "an answer pipe it did not claim";
    const refused = async (reason: string) => (await refuse(r, reason), reason);
    const pid = r.pid;
    const shellStart = processStart(pid);
    let env: Record<string, string>;
    let cwd: string;
    try {
      if (shellStart === undefined || Deno.statSync(`/proc/${pid}`).uid !== uid) {
        return await refused("the launch process is gone or not this user's");
      }
      cwd = Deno.readLinkSync(`/proc/${pid}/cwd`);
      env = {};
      for (const entry of Deno.readTextFileSync(`/proc/${pid}/environ`).split("\0")) {
        const eq = entry.indexOf("=");
        if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
      }
    } catch (e) {
      return await refused(`the launch process could not be read: ${e}`);
    }
    if (cwd !== options.cwd) return await refused("it runs in another directory");
    const { shared, launch } = splitEnvironment(env);
    shared.PWD = shellPwd(shared.PWD, cwd);
    const differs = sameRecord(shared, options.shared);
    if (differs !== undefined) return await refused(differs);
    let out: Deno.FsFile;
    let err: Deno.FsFile;
    try {
      // Fds 5 and 6: the shell's copies of its stdout and stderr (see
      // warm_shell.ts); never one of this daemon's own pipes.
      for (const fd of [5, 6]) {
        if (Deno.readLinkSync(`/proc/${pid}/fd/${fd}`).startsWith(`${dir}/`)) {
          return await refused(`its fd ${fd} is a warm pipe`);
        }
      }
      out = Deno.openSync(`/proc/${pid}/fd/5`, { write: true });
      err = Deno.openSync(`/proc/${pid}/fd/6`, { write: true });
    } catch (e) {
      return await refused(`its stdout and stderr could not be opened: ${e}`);
    }
    const debug = showsWarmDebug(shared.TF_LOG_PROVIDER, shared.TF_LOG);
    const ppid = processParent(pid);
    const pstart = ppid === undefined ? undefined : processStart(ppid);
    let writing = Promise.resolve();
    const bound = new OutputBound();
    let closed = false;
    let ended = false; // the shell was told how the launch ended
    const put = (file: Deno.FsFile, text: string) => async () => {
      const bytes = encoder.encode(text);
      let off = 0;
      while (off < bytes.length) off += await file.write(bytes.subarray(off));
    };
    const closeOutput = () => {
      if (closed) return;
      closed = true;
      for (const f of [out, err]) {
        try {
          f.close();
        } catch {
          // closed
        }
      }
    };
    let poll: ReturnType<typeof setInterval> | undefined;
    const hungUp = new Promise<void>((resolve) => {
      poll = setInterval(() => {
        if (processStart(pid) !== shellStart) resolve();
      }, PARENT_CHECK_MS);
    });
    return {
      vars: launch,
      parent: ppid === undefined || pstart === undefined ? undefined : { pid: ppid, start: pstart },
      send(m: DaemonMessage) {
        const step = "handshake" in m
          ? async () => {
            if (debug) {
              await put(err, warmDebugLine("warm launch: served through the daemon's pipes"))();
            }
            await put(out, m.handshake)();
            await answer(r.slot, "served");
          }
          : "out" in m || "err" in m
          ? async () => {
            const text = "out" in m ? m.out : m.err;
            await put("out" in m ? out : err, text)();
            const warning = bound.written(text);
            if (warning !== undefined) await put(err, warning)();
          }
          : "exit" in m
          ? async () => {
            // Terraform waits for the end of the launch's output: the
            // daemon's copies of its pipes go before the shell exits.
            closeOutput();
            await answer(r.slot, `exit ${m.exit}`);
          }
          : async () => {
            // Said on the launch's stderr: the Deno launch that follows
            // only finds the daemon gone.
            if (debug) await put(err, warmDebugLine(`cold launch: daemon refused: ${m.refused}`))();
            closeOutput();
            await answer(r.slot, `refused ${m.refused.replaceAll("\n", " ")}`);
          };
        if (("out" in m || "err" in m) && !bound.admit("out" in m ? m.out : m.err)) return writing;
        if ("exit" in m || "refused" in m) ended = true;
        writing = writing.then(() => closed ? undefined : step()).catch(() => {});
        return writing;
      },
      hungUp,
      onSignal(fn) {
        signals.set(pid, fn);
      },
      close() {
        clearInterval(poll);
        signals.delete(pid);
        // An instance ended without exiting (terminated): the shell must
        // still leave, as a Deno entry does when its connection closes.
        if (!ended) {
          ended = true;
          writing = writing.then(() => (closeOutput(), answer(r.slot, "exit 1")));
        }
        void writing.then(closeOutput);
        // The pipe is freed once the shell is gone: it exits on `exit`.
        const wait = setInterval(() => {
          if (processStart(pid) === shellStart) return;
          clearInterval(wait);
          free(r.slot);
        }, 100);
      },
    };
  };

  return {
    async next() {
      while (queue.length === 0 && !withdrawn) {
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
      return queue.shift();
    },
    link,
    refuse,
    present() {
      try {
        return Deno.lstatSync(`${base}.live`).isFile;
      } catch {
        return false;
      }
    },
    withdraw() {
      if (withdrawn) return;
      withdrawn = true;
      // Names first: a shell that opens after this finds nothing; one that
      // opened before sees the pipes close when this process exits.
      removeNamespace(dir, key);
      wake?.();
    },
  };
}
