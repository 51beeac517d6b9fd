// The warm launch entry's fallbacks, without Terraform: whatever sits at the
// daemon's socket (nothing, a stale file, a peer that never answers, a peer
// that answers nonsense), the launch prints a handshake line from a cold start.
import assert from "node:assert/strict";
import { join } from "node:path";
import { generateCertificate } from "../../src/plugin/certificate.ts";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../src/plugin/mod.ts";
import { splitEnvironment, warmKey } from "../../src/plugin/warm_key.ts";
import { isHandshakeLine, timeFirstLine } from "../../scripts/startup/first_line.ts";

const ignore = Deno.build.os !== "linux";
if (ignore) console.log("warm entry tests skipped: warm launches are Linux-only");

const entry = new URL("../../src/plugin/warm_entry.ts", import.meta.url).pathname;
const provider = new URL("./fixtures/warm_probe/main.ts", import.meta.url).pathname;
const deno = Deno.execPath();
const args = ["run", "-A", "--preload", entry, provider];

/** A temp dir used as TMPDIR and working directory; its daemons leave with it. */
async function setUp(timeoutMs = 500) {
  const tmp = await Deno.makeTempDir({ prefix: "foundry-warm-entry-" });
  const env: Record<string, string> = {
    HOME: Deno.env.get("HOME") ?? "/",
    PATH: Deno.env.get("PATH") ?? "",
    TMPDIR: tmp,
    TF_LOG: "debug",
    FOUNDRY_WARM_TIMEOUT_MS: String(timeoutMs),
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: "6",
    PLUGIN_CLIENT_CERT: generateCertificate().certPem,
  };
  const denoDir = Deno.env.get("DENO_DIR");
  if (denoDir !== undefined) env.DENO_DIR = denoDir;
  // The socket the entry will look for: the same key it computes.
  const key = await warmKey([deno, ...args], tmp, splitEnvironment(env).shared);
  const dir = join(tmp, `foundry-warm-${Deno.statSync(tmp).uid}`);
  await Deno.mkdir(dir, { mode: 0o700 });
  return { tmp, env, socket: join(dir, `${key}.sock`) };
}

async function launch(tmp: string, env: Record<string, string>) {
  let stderr = "";
  const r = await timeFirstLine({ command: deno, args, env, cwd: tmp, timeoutMs: 120_000 })
    .catch((e) => {
      stderr = String(e);
      throw e;
    });
  assert.ok(isHandshakeLine(r.line), `${r.line} ${stderr}`);
  return r;
}

Deno.test({
  name: "warm entry: a peer that never answers times out into a cold start, once",
  ignore,
  fn: async () => {
    const timeoutMs = 4000;
    const { tmp, env, socket } = await setUp(timeoutMs);
    const listener = Deno.listen({ transport: "unix", path: socket });
    const hung = Deno.lstatSync(socket).ino;
    const held: Deno.Conn[] = [];
    const accepting = (async () => {
      for await (const c of listener) held.push(c); // read nothing, say nothing
    })();
    try {
      const first = await launch(tmp, env);
      assert.ok(held.length >= 1, "the entry did not try the socket");
      assert.ok(first.ms >= timeoutMs, `${first.ms} ms`);
      // Its socket is gone (or already a new daemon's): the next launch does
      // not wait on it again.
      const now = (() => {
        try {
          return Deno.lstatSync(socket).ino;
        } catch {
          return undefined;
        }
      })();
      assert.notEqual(now, hung, "the hung peer's socket is still there");
      const second = await launch(tmp, env);
      assert.ok(second.ms < timeoutMs, `the second launch waited ${second.ms} ms`);
      assert.equal(held.length, 1, "the second launch tried the hung peer too");
    } finally {
      listener.close();
      for (const c of held) c.close();
      await accepting.catch(() => {});
      await Deno.remove(tmp, { recursive: true });
    }
  },
});

Deno.test({
  name: "warm entry: a peer answering something else than a handshake is left for a cold start",
  ignore,
  fn: async () => {
    const { tmp, env, socket } = await setUp();
    const listener = Deno.listen({ transport: "unix", path: socket });
    const accepting = (async () => {
      for await (const c of listener) {
        // Also reached by the daemon the launch starts, checking whether
        // this socket is alive before it gives up: it hangs up at once.
        await c.write(new TextEncoder().encode('{"out":"not a handshake"}\n')).catch(() => 0);
        c.close();
      }
    })();
    try {
      await launch(tmp, env);
    } finally {
      listener.close();
      await accepting.catch(() => {});
      await Deno.remove(tmp, { recursive: true });
    }
  },
});

Deno.test({
  name: "warm entry: a stale socket file means a cold start that leaves a live daemon behind",
  ignore,
  fn: async () => {
    const { tmp, env, socket } = await setUp();
    // A socket whose daemon died: the file stays, nobody listens.
    Deno.listen({ transport: "unix", path: socket }).close();
    await Deno.writeTextFile(join(tmp, "placeholder"), "");
    try {
      await launch(tmp, env);
      // The new daemon replaces the stale file and accepts connections.
      const limit = Date.now() + 120_000;
      for (;;) {
        try {
          (await Deno.connect({ transport: "unix", path: socket })).close();
          break;
        } catch {
          if (Date.now() > limit) throw new Error("no daemon took over the stale socket");
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    } finally {
      // The daemon exits once its socket directory and working directory are gone.
      await Deno.remove(tmp, { recursive: true });
    }
  },
});

/** Waits (polling, up to two minutes) until `check` holds. */
async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const limit = Date.now() + 120_000;
  while (!(await check())) {
    if (Date.now() > limit) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test({
  name: "warm entry: the daemon ends a launch whose starter is gone while its entry hangs on",
  ignore,
  fn: async () => {
    // Time enough for the daemon to answer on a loaded machine: this launch must be warm.
    const { tmp, env, socket } = await setUp(60_000);
    const children: number[] = [];
    try {
      await launch(tmp, env); // cold; leaves the daemon behind
      await until("the daemon", async () => {
        try {
          (await Deno.connect({ transport: "unix", path: socket })).close();
          return true;
        } catch {
          return false;
        }
      });
      // A stand-in for Terraform: a shell that starts the launch and waits.
      const out = join(tmp, "launch.out");
      // (A process with the launch's exact environment: a shell would add its own variables.)
      const script = `
        const [out, ...argv] = Deno.args;
        const env = JSON.parse(Deno.env.get("LAUNCH_ENV"));
        const c = new Deno.Command(argv[0], { args: argv.slice(1), env, clearEnv: true, cwd: Deno.cwd(),
          stdin: "null", stdout: "piped", stderr: "piped" }).spawn();
        Deno.writeTextFileSync(out + ".pid", String(c.pid));
        const save = async (s, f) => { for await (const b of s) Deno.writeFileSync(f, b, { append: true }); };
        await Promise.all([save(c.stdout, out), save(c.stderr, out + ".err"), c.status]);`;
      const starter = new Deno.Command(deno, {
        args: ["eval", script, out, deno, ...args],
        env: { ...env, LAUNCH_ENV: JSON.stringify(env) },
        clearEnv: true,
        cwd: tmp,
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn();
      children.push(starter.pid);
      await until("the warm handshake line", () => {
        try {
          return Deno.readTextFileSync(out).includes("\n");
        } catch {
          return false;
        }
      });
      const entryPid = Number(Deno.readTextFileSync(`${out}.pid`));
      children.push(entryPid);
      const line = Deno.readTextFileSync(out).split("\n")[0];
      assert.ok(isHandshakeLine(line), line);
      assert.match(Deno.readTextFileSync(`${out}.err`), /warm launch: served by the daemon/);
      const instanceSocket = line.split("|")[3];
      assert.ok(exists(instanceSocket), "the instance serves its socket");
      // The entry can no longer act (as if hung); its starter is killed.
      Deno.kill(entryPid, "SIGSTOP");
      starter.kill("SIGKILL");
      await starter.status;
      // The daemon notices on its own and ends the instance, which removes
      // its socket file as a provider asked to terminate does.
      await until("the instance to end", () => !exists(instanceSocket));
      Deno.kill(entryPid, "SIGCONT");
      await until("the entry to exit", () =>
        !exists(`/proc/${entryPid}/stat`) ||
        /\) Z /.test(Deno.readTextFileSync(`/proc/${entryPid}/stat`)));
    } finally {
      for (const pid of children) {
        try {
          Deno.kill(pid, "SIGKILL");
        } catch {
          // exited
        }
      }
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
