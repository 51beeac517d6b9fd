// Shell launches handed to a warm daemon through named pipes
// (plugin/warm_shell.ts, plugin/warm_pipes.ts): this test process plays the
// daemon, a real /bin/sh runs the launcher function, and each test checks
// what Terraform would see on the launch's stdout, stderr and exit status.
import assert from "node:assert/strict";
import { processStart } from "../../src/plugin/parent_watch.ts";
import { publishWarmPipes, type WarmPipes } from "../../src/plugin/warm_pipes.ts";
import type { LaunchLink } from "../../src/plugin/warm_protocol.ts";
import {
  WARM_PIPE_SLOTS,
  WARM_SHELL_FUNCTION,
  warmShellFunction,
} from "../../src/plugin/warm_shell.ts";

const ignore = Deno.build.os !== "linux";
if (ignore) console.log("warm pipe tests skipped: shell launches are Linux only");

const LINE = '["deno","run","<main module>"]';
const COOKIE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

interface Bench {
  readonly dir: string;
  readonly cwd: string;
  readonly script: string;
  /** The environment the daemon expects (dash adds PWD). */
  readonly shared: Record<string, string>;
}

async function withBench(fn: (b: Bench) => Promise<void>): Promise<void> {
  const root = await Deno.realPath(await Deno.makeTempDir());
  const dir = `${root}/bundle`;
  const cwd = `${root}/work`;
  await Deno.mkdir(dir);
  await Deno.mkdir(cwd);
  const script = `${root}/launcher`;
  await Deno.writeTextFile(
    script,
    [
      "#!/bin/sh",
      `d='${dir}'`,
      warmShellFunction(LINE),
      `[ $# -ne 0 ] || [ -z "$TF_PLUGIN_MAGIC_COOKIE" ] || ${WARM_SHELL_FUNCTION}`,
      // What the real launcher does next is exec deno; here, a marker.
      "echo fallback",
      "",
    ].join("\n"),
  );
  try {
    await fn({ dir, cwd, script, shared: { PATH: Deno.env.get("PATH") ?? "", PWD: cwd } });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

function launch(b: Bench, extra: Record<string, string> = {}): Deno.ChildProcess {
  return new Deno.Command("/bin/sh", {
    args: [b.script],
    cwd: b.cwd,
    clearEnv: true,
    env: {
      PATH: b.shared.PATH,
      TF_PLUGIN_MAGIC_COOKIE: COOKIE,
      PLUGIN_CLIENT_CERT: "client-cert",
      ...extra,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

async function publish(b: Bench, shared = b.shared, socket?: string): Promise<WarmPipes> {
  const pipes = await publishWarmPipes({
    bundleDir: b.dir,
    key: "k",
    line: LINE,
    shared,
    cwd: b.cwd,
    socket,
  });
  assert.ok(typeof pipes !== "string", String(pipes));
  return pipes;
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** The daemon's next request, or a failure (not a hung test) when none comes in 20 s. */
async function nextRequest(pipes: WarmPipes) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const none = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("no launch request within 20 s")), 20_000);
  });
  try {
    const req = await Promise.race([pipes.next(), none]);
    assert.ok(req !== undefined);
    return req;
  } finally {
    clearTimeout(timer);
  }
}

/** Starts a launch and reads its request: the child and what linking it gave. */
async function request(
  b: Bench,
  pipes: WarmPipes,
  extra: Record<string, string> = {},
): Promise<{ child: Deno.ChildProcess; link: Awaited<ReturnType<WarmPipes["link"]>> }> {
  const child = launch(b, extra);
  const req = await nextRequest(pipes);
  assert.equal(req.pid, child.pid);
  return { child, link: await pipes.link(req) };
}

/** A test of this file: Linux only, in a bench of its own. */
function pipeTest(name: string, fn: (b: Bench) => Promise<void>): void {
  Deno.test({ name: `warm pipes: ${name}`, ignore, fn: () => withBench(fn) });
}

/** Starts a launch the daemon accepts: the child and its link. */
async function linked(
  b: Bench,
  pipes: WarmPipes,
): Promise<{ child: Deno.ChildProcess; link: LaunchLink }> {
  const { child, link } = await request(b, pipes);
  assert.ok(typeof link !== "string", String(link));
  return { child, link };
}

/** The handshake line the tests' daemon side answers with. */
const HANDSHAKE = "1|6|unix|/tmp/x.sock|grpc|CERT\n";

/**
 * Ends a served launch with exit code `exit` (after `out` on its stdout) and
 * checks that its shell printed the handshake and `out` and exited with it.
 */
async function finish(
  child: Deno.ChildProcess,
  link: LaunchLink,
  exit = 0,
  out = "",
): Promise<Deno.CommandOutput> {
  if (out !== "") await link.send({ out });
  await link.send({ exit });
  link.close();
  const r = await child.output();
  assert.equal(r.code, exit);
  assert.equal(text(r.stdout), HANDSHAKE + out);
  return r;
}

/** Asserts that a launch ran what follows the hand-over (here, a marker). */
function assertFellBack(r: Deno.CommandOutput): void {
  assert.equal(r.code, 0);
  assert.equal(text(r.stdout), "fallback\n");
  assert.equal(text(r.stderr), "");
}

pipeTest(
  "a served launch prints the handshake and output, and exits with the instance",
  async (b) => {
    const pipes = await publish(b);
    const { child, link } = await linked(b, pipes);
    // The launch's own variables travel; the rest is the daemon's.
    assert.deepEqual(link.vars, {
      PLUGIN_CLIENT_CERT: "client-cert",
      TF_PLUGIN_MAGIC_COOKIE: COOKIE,
    });
    assert.equal(link.parent?.pid, Deno.pid);
    await link.send({ handshake: HANDSHAKE });
    await link.send({ err: "an stderr line\n" });
    const r = await finish(child, link, 3, "an stdout line\n");
    assert.equal(text(r.stderr), "an stderr line\n");
    pipes.withdraw();
  },
);

pipeTest("a launch whose environment differs is refused and runs as it would have", async (b) => {
  const pipes = await publish(b);
  const { child, link } = await request(b, pipes, { TF_LOG: "trace" });
  assert.equal(link, "its environment has other variables");
  assertFellBack(await child.output());
  pipes.withdraw();
});

for (const rendezvous of ["sock", "tcp"]) {
  pipeTest(
    `a daemon that never answers is left after the deadline, and forgotten (${rendezvous})`,
    async (b) => {
      // Its socket or TCP rendezvous file (the live file's fourth line) goes
      // with its names.
      const socketDir = `${b.dir}/foundry-warm-0`;
      await Deno.mkdir(socketDir, { mode: 0o700 });
      const socket = `${socketDir}/k.${rendezvous}`;
      if (rendezvous === "sock") {
        Deno.listen({ transport: "unix", path: socket }).close(); // a socket file, left behind
      } else {
        await Deno.writeTextFile(socket, `1 ${"ab".repeat(32)}\n`, { mode: 0o600 });
      }
      const pipes = await publish(b, b.shared, socket);
      const t0 = performance.now();
      assertFellBack(await launch(b, { FOUNDRY_WARM_TIMEOUT_MS: "300" }).output());
      const ms = performance.now() - t0;
      assert.ok(ms >= 300 && ms < 5000, `${ms} ms`);
      assert.equal(pipes.present(), false, "its live file is still there");
      assert.throws(() => Deno.lstatSync(socket), Deno.errors.NotFound);
      // The next launch does not try it: it falls back at once.
      const t1 = performance.now();
      assertFellBack(await launch(b, { FOUNDRY_WARM_TIMEOUT_MS: "3000" }).output());
      assert.ok(performance.now() - t1 < 3000, `${performance.now() - t1} ms`);
      pipes.withdraw();
    },
  );
}

pipeTest(
  "output the shell has not taken in waits only up to a bound; it is then told",
  async (b) => {
    const pipes = await publish(b);
    const { child, link } = await linked(b, pipes);
    void link.send({ handshake: HANDSHAKE });
    // 24 MiB sent at once, as an instance's output reaches the daemon far
    // faster than a pipe takes it.
    const chunk = "x".repeat(65535) + "\n";
    for (let i = 0; i < 384; i++) void link.send({ err: chunk });
    void link.send({ exit: 0 });
    link.close();
    const r = await child.output();
    assert.equal(r.code, 0);
    const stderr = text(r.stderr);
    const relayed = stderr.split("\n").filter((l) => /^x+$/.test(l)).length * 65536;
    const warning =
      /"@level":"warn","@message":"warm launch: (\d+) characters of the provider's output were dropped/
        .exec(stderr);
    assert.ok(warning !== null, "no warning of dropped output");
    assert.equal(relayed + Number(warning[1]), 384 * 65536);
    assert.ok(relayed <= 8 * 1024 * 1024 + 65536, `${relayed} characters relayed`);
    pipes.withdraw();
  },
);

Deno.test({
  name:
    "warm pipes: pipes nobody holds (a daemon killed after the shell's check) reach the deadline",
  ignore,
  fn: () =>
    withBench(async (b) => {
      // A daemon's names whose process runs (this one) but that nobody
      // opened: the shell's open of its answer pipe would wait forever.
      const w = `${b.dir}/warm`;
      await Deno.mkdir(w, { mode: 0o700 });
      const slots = Array.from({ length: WARM_PIPE_SLOTS }, (_, i) => `${w}/k.${i}`);
      const made = await new Deno.Command("mkfifo", { args: [`${w}/k.in`, ...slots] }).output();
      assert.ok(made.success);
      await Deno.writeTextFile(
        `${w}/k.live`,
        `${Deno.pid} ${processStart(Deno.pid)}\n${b.cwd}\n${LINE}\n`,
      );
      assertFellBack(await launch(b, { FOUNDRY_WARM_TIMEOUT_MS: "300" }).output());
    }),
});

pipeTest("SIGTERM reaches the instance; SIGINT is ignored, as by a cold provider", async (b) => {
  const pipes = await publish(b);
  const { child, link } = await linked(b, pipes);
  let term!: () => void;
  const termed = new Promise<void>((r) => (term = r));
  link.onSignal(term);
  await link.send({ handshake: HANDSHAKE });
  // `served` is read once the shell is in its wait loop.
  await new Promise((r) => setTimeout(r, 100));
  child.kill("SIGINT");
  child.kill("SIGTERM");
  const next = await Promise.race([
    termed.then(() => "term"),
    new Promise((r) => setTimeout(() => r("no signal"), 3000)),
  ]);
  assert.equal(next, "term");
  await finish(child, link);
  pipes.withdraw();
});

pipeTest("withdrawn names send the next launch the way it would have gone", async (b) => {
  const pipes = await publish(b);
  pipes.withdraw();
  assert.equal(pipes.present(), false);
  assert.deepEqual([...Deno.readDirSync(`${b.dir}/warm`)], []);
  assertFellBack(await launch(b).output());
  assert.equal(await pipes.next(), undefined);
});

pipeTest(
  "a daemon that refuses passes the launch on to the next, within one deadline",
  async (b) => {
    const limit = { FOUNDRY_WARM_TIMEOUT_MS: "5000" };
    // Same directory and command line, another environment: tried first
    // (names sort "a" before "b"), refuses.
    const other = await publishWarmPipes({
      bundleDir: b.dir,
      key: "a",
      line: LINE,
      shared: { ...b.shared, TF_LOG: "debug" },
      cwd: b.cwd,
    });
    const own = await publishWarmPipes({
      bundleDir: b.dir,
      key: "b",
      line: LINE,
      shared: { ...b.shared, ...limit },
      cwd: b.cwd,
    });
    assert.ok(typeof other !== "string" && typeof own !== "string");
    const t0 = performance.now();
    const child = launch(b, limit);
    const first = await nextRequest(other);
    assert.equal(typeof await other.link(first), "string");
    const second = await nextRequest(own);
    const link = await own.link(second);
    assert.ok(typeof link !== "string", String(link));
    await link.send({ handshake: HANDSHAKE });
    await finish(child, link);
    // Neither daemon's refusal nor the deadline's child held it up.
    assert.ok(performance.now() - t0 < 4000, `${performance.now() - t0} ms`);
    other.withdraw();
    own.withdraw();
  },
);

Deno.test({
  name:
    "warm pipes: a daemon without every permission publishes none (the Deno entry's socket serves)",
  ignore,
  fn: () =>
    withBench(async (b) => {
      const module = new URL("../../src/plugin/warm_pipes.ts", import.meta.url).href;
      // `deno run` (`deno eval` grants every permission).
      const script = `${b.dir}/publish.ts`;
      await Deno.writeTextFile(
        script,
        `import { publishWarmPipes } from ${JSON.stringify(module)};
const r = await publishWarmPipes({ bundleDir: ${
          JSON.stringify(b.dir)
        }, key: "k", line: "[]", shared: {}, cwd: Deno.cwd() });
console.log(typeof r === "string" ? r : "published");\n`,
      );
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--no-config",
          "--no-prompt",
          "--allow-read",
          "--allow-write",
          "--allow-run=mkfifo",
          script,
        ],
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(
        text(out.stdout).trim(),
        "no shell launches: /proc is not readable (they need --allow-all)",
        text(out.stderr),
      );
      // Nothing was made for a shell to find.
      assert.throws(() => Deno.statSync(`${b.dir}/warm`), Deno.errors.NotFound);
    }),
});

pipeTest(
  "garbage and a flood of requests on the request pipe leave the daemon serving",
  async (b) => {
    const pipes = await publish(b);
    const flood = [
      "not a request",
      "x".repeat(5000),
      "-1 0",
      "12 99",
      ...Array.from({ length: 100 }, (_, i) => `${100000 + i} 3`),
    ].join("\n") + "\n";
    const input = await Deno.open(`${b.dir}/warm/k.in`, { write: true });
    await input.write(new TextEncoder().encode(flood));
    input.close();
    // Drain what was queued (a request that arrives while the queue is full
    // is dropped, and its shell would fall back only at its deadline), until
    // nothing more comes for a while.
    let bogus = 0;
    for (;;) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const req = await Promise.race([
        pipes.next(),
        new Promise<"quiet">((r) => timer = setTimeout(() => r("quiet"), 300)),
      ]);
      clearTimeout(timer);
      if (req === "quiet") break;
      assert.ok(req !== undefined);
      // Unclaimed pipes: refused without an answer to anyone.
      assert.equal(await pipes.link(req), "an answer pipe it did not claim");
      bogus++;
    }
    // The queue is bounded; what did not fit was dropped.
    assert.ok(bogus > 0 && bogus <= 32, `${bogus} queued`);
    // And the daemon still serves.
    const { child, link } = await linked(b, pipes);
    await link.send({ handshake: HANDSHAKE });
    await finish(child, link);
    pipes.withdraw();
  },
);
