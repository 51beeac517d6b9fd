// How launches reach a warm daemon, without Terraform. Over loopback TCP
// (src/plugin/warm_tcp.ts), chosen for a TMPDIR too deep for a unix socket or
// by FOUNDRY_WARM_TRANSPORT=tcp: a peer that cannot prove the secret is never
// answered; a process holding the daemon's port without the secret cannot
// hand the launch a handshake line of its own. Over either transport, a
// request that is not a launch costs the daemon that connection, nothing
// more; a daemon stopped by SIGTERM takes its socket or rendezvous along; and
// output a launch does not take in waits in the daemon only up to a bound.
import assert from "node:assert/strict";
import { join } from "node:path";
import { generateCertificate } from "../../src/plugin/certificate.ts";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../src/plugin/mod.ts";
import { splitEnvironment, warmKey } from "../../src/plugin/warm_key.ts";
import { entryProof, newNonce, readRendezvous } from "../../src/plugin/warm_tcp.ts";
import { failureMarker } from "../../src/plugin/warm_protocol.ts";
import { isHandshakeLine } from "../../scripts/startup/first_line.ts";
import { daemonPids, probeCopy, until } from "./warm_harness.ts";

const ignore = Deno.build.os !== "linux";
if (ignore) console.log("warm transport tests skipped: warm launches are Linux-only");

const entry = new URL("../../src/plugin/warm_entry.ts", import.meta.url).pathname;
const provider = new URL("./fixtures/warm_probe/main.ts", import.meta.url).pathname;
const deno = Deno.execPath();
const args = ["run", "-A", "--preload", entry, provider];

interface Setup {
  readonly tmp: string;
  readonly env: Record<string, string>;
  /** Where the launch looks for its daemon's rendezvous file. */
  readonly rendezvous: string;
  readonly key: string;
  /** The launch's arguments after `deno`. */
  readonly args: readonly string[];
}

/** A temp dir as TMPDIR (`depth` more characters of it) and working directory. */
async function setUp(
  extra: Record<string, string>,
  depth = 0,
  launchArgs: readonly string[] = args,
): Promise<Setup> {
  const base = await Deno.makeTempDir({ prefix: "foundry-warm-tcp-" });
  const tmp = depth === 0 ? base : join(base, "d".repeat(depth));
  await Deno.mkdir(tmp, { recursive: true });
  const env: Record<string, string> = {
    HOME: Deno.env.get("HOME") ?? "/",
    PATH: Deno.env.get("PATH") ?? "",
    TMPDIR: tmp,
    TF_LOG: "debug",
    FOUNDRY_WARM_IDLE_SECONDS: "60",
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: "6",
    PLUGIN_CLIENT_CERT: generateCertificate().certPem,
    ...extra,
  };
  const denoDir = Deno.env.get("DENO_DIR");
  if (denoDir !== undefined) env.DENO_DIR = denoDir;
  const key = await warmKey([deno, ...launchArgs], tmp, splitEnvironment(env).shared);
  const dir = join(tmp, `foundry-warm-${Deno.statSync(tmp).uid}`);
  return { tmp, env, key, rendezvous: join(dir, `${key}.tcp`), args: launchArgs };
}

async function tearDown(s: Setup): Promise<void> {
  for (const pid of daemonPids(s.tmp)) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch {
      // exited on its own
    }
  }
  await Deno.remove(s.tmp.replace(/\/d+$/, ""), { recursive: true }).catch(() => {});
}

/** hclog lines of module `foundry.warm` in `stderr`, by message. */
function warmLines(stderr: string): { level: string; message: string }[] {
  const found: { level: string; message: string }[] = [];
  for (const m of stderr.matchAll(/^\{"@level".*"@module":"foundry\.warm".*$/gm)) {
    const l = JSON.parse(m[0]);
    found.push({ level: l["@level"], message: l["@message"] });
  }
  return found;
}

/**
 * One launch as Terraform makes it: its handshake line, its `foundry.warm`
 * debug line (saying warm or cold, and why) and its stderr as it stood when
 * the launch was ended, once that line had come.
 */
async function launch(s: Setup): Promise<{ line: string; how: string; stderr: string }> {
  const child = new Deno.Command(deno, {
    args: [...s.args],
    env: s.env,
    clearEnv: true,
    cwd: s.tmp,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Read as it comes, whatever its size: a provider blocked on a full pipe
  // would never get to its handshake.
  let stderr = "";
  const draining = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stderr) stderr += decoder.decode(chunk, { stream: true });
  })();
  const how = () =>
    warmLines(stderr).find((l) => /^(warm|cold) launch/.test(l.message))?.message ?? "";
  try {
    let line = "";
    const decoder = new TextDecoder();
    for await (const chunk of child.stdout) {
      line += decoder.decode(chunk, { stream: true });
      if (line.includes("\n")) break;
    }
    await until("the launch's foundry.warm line", () => how() !== "");
    return { line: line.split("\n")[0], how: how(), stderr };
  } finally {
    // As Terraform ends a provider it is done with: a cold one first starts
    // the next daemon (right after its handshake line), then exits.
    const signal = (sig: Deno.Signal) => {
      try {
        child.kill(sig);
      } catch {
        // exited already
      }
    };
    signal("SIGTERM");
    const kill = setTimeout(() => signal("SIGKILL"), 5000);
    await child.status;
    clearTimeout(kill);
    await child.stdout.cancel().catch(() => {});
    await draining.catch(() => {});
  }
}

/** A test with its own {@link setUp}, torn down after it whatever happens. */
function daemonTest(
  name: string,
  extra: Record<string, string>,
  fn: (s: Setup) => Promise<void>,
  depth = 0,
): void {
  Deno.test({
    name,
    ignore,
    fn: async () => {
      const s = await setUp(extra, depth);
      try {
        await fn(s);
      } finally {
        await tearDown(s);
      }
    },
  });
}

/** The unix socket the launches of `s` look for (beside its TCP rendezvous). */
function socketOf(s: Setup): string {
  return s.rendezvous.replace(/\.tcp$/, ".sock");
}

/** Whether something is at `path`. */
function present(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first launch of `s`, which starts a daemon that then fails; waits
 * until that daemon is gone and returns its failure marker's path and text.
 */
async function daemonFailure(s: Setup): Promise<{ marker: string; text: string }> {
  const marker = failureMarker(s.rendezvous);
  const first = await launch(s);
  assert.ok(isHandshakeLine(first.line), first.line);
  assert.match(first.how, /a warm daemon starts after the handshake/);
  await until("the daemon's failure", () => present(marker) && daemonPids(s.tmp).length === 0);
  assert.equal(Deno.statSync(marker).mode! & 0o777, 0o600);
  return { marker, text: await Deno.readTextFile(marker) };
}

/** Reads from `conn` until it closes or `ms` pass: the bytes, and whether it closed. */
async function drain(conn: Deno.Conn, ms: number): Promise<{ bytes: number; closed: boolean }> {
  let bytes = 0;
  const buf = new Uint8Array(4096);
  const deadline = new Promise<"late">((r) => setTimeout(() => r("late"), ms));
  for (;;) {
    const n = await Promise.race([conn.read(buf).catch(() => null), deadline]);
    if (n === "late") return { bytes, closed: false };
    if (n === null) return { bytes, closed: true };
    bytes += n;
  }
}

// At depth 45 the provider's own socket still fits and the warm one would
// not; at 90 neither does, and each launch, cold or warm, serves Terraform
// on loopback TCP too.
for (const depth of [45, 90]) {
  daemonTest(
    `warm tcp: a TMPDIR too deep for a unix socket gets a daemon over loopback TCP (depth ${depth})`,
    {},
    async (s) => {
      assert.ok(new TextEncoder().encode(s.rendezvous).length > 107);
      const network = depth === 90 ? "tcp" : "unix";
      const first = await launch(s);
      assert.ok(isHandshakeLine(first.line), first.line);
      assert.equal(first.line.split("|")[2], network);
      assert.match(first.how, /cold launch: no warm daemon; a warm daemon starts/);
      await until("the rendezvous file", () => readRendezvous(s.rendezvous) !== undefined);
      assert.equal(Deno.statSync(s.rendezvous).mode! & 0o777, 0o600);
      const second = await launch(s);
      assert.ok(isHandshakeLine(second.line), second.line);
      assert.equal(second.line.split("|")[2], network);
      assert.equal(second.how, `warm launch: served by the daemon at ${s.rendezvous}`);
      assert.equal(daemonPids(s.tmp).length, 1, "one daemon for the key");
    },
    depth,
  );
}

daemonTest("warm tcp: the daemon answers only a peer that proves the secret, and few at once", {
  FOUNDRY_WARM_TRANSPORT: "tcp",
}, async (s) => {
  const held: Deno.Conn[] = [];
  try {
    await launch(s);
    await until("the rendezvous file", () => readRendezvous(s.rendezvous) !== undefined);
    const r = readRendezvous(s.rendezvous)!;
    const send = async (request: unknown) => {
      const c = await Deno.connect({ hostname: "127.0.0.1", port: r.port });
      await c.write(new TextEncoder().encode(JSON.stringify(request) + "\n"));
      return c;
    };
    const nonce = newNonce();
    const wrongSecret = crypto.getRandomValues(new Uint8Array(32));
    const forged = {
      v: 1,
      key: s.key,
      vars: {},
      nonce,
      proof: await entryProof(wrongSecret, nonce, s.key),
    };
    for (const request of [forged, { v: 1, key: s.key, vars: {} }, null, [1], "x"]) {
      const c = await send(request);
      const got = await drain(c, 10_000);
      c.close();
      assert.deepEqual(got, { bytes: 0, closed: true }, JSON.stringify(request));
    }
    // Sixteen connections may wait to send their request; the next is
    // closed at once, and the daemon still serves launches afterwards.
    for (let i = 0; i < 16; i++) {
      held.push(await Deno.connect({ hostname: "127.0.0.1", port: r.port }));
    }
    await new Promise((res) => setTimeout(res, 200)); // accepted by now
    const extra = await Deno.connect({ hostname: "127.0.0.1", port: r.port });
    assert.deepEqual(await drain(extra, 2000), { bytes: 0, closed: true });
    extra.close();
    for (const c of held.splice(0)) c.close();
    await new Promise((res) => setTimeout(res, 200));
    const warm = await launch(s);
    assert.ok(isHandshakeLine(warm.line), warm.line);
    assert.match(warm.how, /^warm launch: served by the daemon at .*\.tcp$/);
  } finally {
    for (const c of held) c.close();
  }
});

daemonTest("warm tcp: a process on the daemon's port without the secret cannot serve the launch", {
  FOUNDRY_WARM_TRANSPORT: "tcp",
}, async (s) => {
  const fake = "1|6|unix|/tmp/impostor.sock|grpc|AAAA";
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const requests: string[] = [];
  const answering = (async () => {
    for await (const c of listener) {
      const buf = new Uint8Array(64 * 1024);
      const n = await c.read(buf).catch(() => null);
      if (n !== null) requests.push(new TextDecoder().decode(buf.subarray(0, n)));
      const proof = "0".repeat(64);
      const lines = [{ err: "impostor on stderr\n" }, { out: "impostor on stdout\n" }, {
        handshake: fake,
        proof,
      }];
      await c.write(
        new TextEncoder().encode(lines.map((l) => JSON.stringify(l)).join("\n") + "\n"),
      )
        .catch(() => 0);
      c.close();
    }
  })();
  try {
    // A rendezvous naming the impostor's port, with a secret it does not know.
    const dir = join(s.tmp, `foundry-warm-${Deno.statSync(s.tmp).uid}`);
    await Deno.mkdir(dir, { mode: 0o700 });
    const secret = "ab".repeat(32);
    const text = `${port} ${secret}\n`;
    await Deno.writeTextFile(s.rendezvous, text, { mode: 0o600 });
    const r = await launch(s);
    assert.ok(isHandshakeLine(r.line), r.line);
    assert.ok(!r.line.includes("impostor"), "the impostor's line reached Terraform");
    assert.ok(!r.stderr.includes("impostor"), "the impostor's output reached Terraform");
    assert.equal(
      r.how,
      "cold launch: the peer at the daemon's port could not prove it is this user's daemon; " +
        "a warm daemon starts after the handshake",
    );
    assert.equal(requests.length, 1);
    assert.ok(!requests[0].includes(secret), "the launch sent the secret");
    // Its rendezvous is gone, replaced by the real daemon's.
    await until("the new daemon's rendezvous", () => {
      const now = readRendezvous(s.rendezvous);
      return now !== undefined && now.text !== text;
    });
    const warm = await launch(s);
    assert.match(warm.how, /^warm launch/);
    assert.equal(requests.length, 1);
  } finally {
    listener.close();
    await answering.catch(() => {});
  }
});

daemonTest("warm tcp: an unknown FOUNDRY_WARM_TRANSPORT means a cold launch that says why", {
  FOUNDRY_WARM_TRANSPORT: "udp",
}, async (s) => {
  const r = await launch(s);
  assert.ok(isHandshakeLine(r.line), r.line);
  assert.equal(r.how, 'cold launch: FOUNDRY_WARM_TRANSPORT is "udp": use unix or tcp');
  assert.deepEqual(daemonPids(s.tmp), []);
});

daemonTest(
  "warm daemon: a request that is no launch closes that connection only (unix socket)",
  {},
  async (s) => {
    const socket = socketOf(s);
    await launch(s);
    await until("the daemon's socket", () => present(socket));
    const pids = daemonPids(s.tmp);
    for (const text of ["null", "[1]", '"x"', "5", "{not json", "{}"]) {
      const c = await Deno.connect({ transport: "unix", path: socket });
      await c.write(new TextEncoder().encode(text + "\n"));
      const got = await drain(c, 10_000);
      c.close();
      assert.ok(got.closed, text);
    }
    await new Promise((res) => setTimeout(res, 200));
    assert.deepEqual(daemonPids(s.tmp), pids, "the daemon died");
    const warm = await launch(s);
    assert.equal(warm.how, `warm launch: served by the daemon at ${socket}`);
  },
);

for (const transport of ["unix", "tcp"]) {
  daemonTest(
    `warm daemon: SIGTERM ends it with its socket or rendezvous file; the next launch is cold (${transport})`,
    { FOUNDRY_WARM_TRANSPORT: transport },
    async (s) => {
      const file = transport === "tcp" ? s.rendezvous : socketOf(s);
      await launch(s);
      await until(`the daemon's ${file}`, () => present(file));
      const [pid] = daemonPids(s.tmp);
      Deno.kill(pid, "SIGTERM");
      await until("the daemon to exit", () => !daemonPids(s.tmp).includes(pid));
      assert.ok(!present(file), `${file} outlived its daemon`);
      const next = await launch(s);
      assert.equal(
        next.how,
        "cold launch: no warm daemon; a warm daemon starts after the handshake",
      );
    },
  );
}

// 24 MiB on stderr as the provider loads: a pool instance loads before its
// launch (the daemon holds what it wrote for the launch, up to a bound), and
// relays it all at once when the launch arrives, far faster than the entry
// passes it on.
daemonTest(
  "warm daemon: output a launch does not take in piles up only to a bound, and it is told",
  { WARM_PROBE_SPEW: "24" },
  async (s) => {
    const cold = await launch(s);
    assert.match(cold.how, /^cold launch: no warm daemon/);
    assert.ok(cold.stderr.length >= 24 * 1024 * 1024, "a cold launch writes it all");
    await until("the daemon's socket", () => present(socketOf(s)));
    const warm = await launch(s);
    assert.ok(isHandshakeLine(warm.line), warm.line);
    assert.match(warm.how, /^warm launch/);
    // Held for the launch while the instance waited, up to the bound; the
    // rest dropped, and said first.
    const warnings = warmLines(warm.stderr).filter((l) => l.level === "warn");
    assert.match(warnings[0]?.message ?? "", /dropped: the instance had no launch yet/);
    const dropped = warnings.reduce((sum, w) => {
      const n = Number(
        /^warm launch: (\d+) characters of the provider's output were dropped/
          .exec(w.message)?.[1],
      );
      assert.ok(n > 0, w.message);
      return sum + n;
    }, 0);
    // What was relayed and what was dropped make up what the provider wrote.
    const relayed = warm.stderr.split("\n").filter((l) => /^x+$/.test(l)).length * 65536;
    assert.equal(relayed + dropped, 24 * 1024 * 1024);
    assert.ok(relayed <= 8 * 1024 * 1024 + 65536, `${relayed} characters relayed`);
  },
);

daemonTest(
  "warm daemon: one whose instances cannot load stops, and for a while no launch starts another",
  { WARM_PROBE_NO_WORKER: "1" },
  async (s) => {
    // Its first instance fails to load: it says why and goes.
    const { marker, text } = await daemonFailure(s);
    assert.match(
      text,
      /the provider failed in a warm instance: .*warmprobe: this provider does not load in a worker/,
    );
    const second = await launch(s);
    assert.ok(isHandshakeLine(second.line), second.line);
    assert.match(
      second.how,
      /^cold launch: no warm daemon; none starts: the last daemon for this key failed \d+ s ago: the provider failed in a warm instance: .*\(another is tried 60 s after that\)$/,
    );
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(daemonPids(s.tmp), [], "a launch started another daemon");
    // A minute later one is tried again.
    const past = new Date(Date.now() - 61_000);
    Deno.utimeSync(marker, past, past);
    const third = await launch(s);
    assert.match(
      third.how,
      /^cold launch: no warm daemon; a warm daemon starts after the handshake$/,
    );
    await until(
      "the next daemon's failure",
      () => Deno.statSync(marker).mtime!.getTime() > past.getTime() + 30_000,
    );
  },
);

Deno.test({
  name: "warm daemon: one that stops on an error nothing caught says why and takes its rendezvous",
  ignore,
  fn: async () => {
    // Loaded before the entry in the launch and in the daemon (whose command
    // line is the launch's): throws in the daemon only, once it serves (its
    // rendezvous file is there). Its timer is unref'd: Deno runs a preload's
    // event loop to its end before the next preload, here the entry.
    const scratch = await Deno.makeTempDir({ prefix: "foundry-warm-crash-" });
    const crash = join(scratch, "crash.ts");
    await Deno.writeTextFile(
      crash,
      [
        `const at = Deno.env.get("FOUNDRY_WARM_ROLE_SOCKET");`,
        `if (Deno.env.get("FOUNDRY_WARM_ROLE") === "daemon" && at !== undefined) {`,
        `  const poll = setInterval(() => {`,
        `    try { Deno.statSync(at); } catch { return; }`,
        `    clearInterval(poll);`,
        `    throw new Error("crashprobe: the daemon fails");`,
        `  }, 20);`,
        `  if (typeof poll === "number") Deno.unrefTimer(poll); else poll.unref();`,
        `}`,
        ``,
      ].join("\n"),
    );
    const s = await setUp({}, 0, ["run", "-A", "--preload", crash, "--preload", entry, provider]);
    try {
      const { text } = await daemonFailure(s);
      assert.match(
        text,
        /^it stopped on an unexpected error: Error: crashprobe: the daemon fails at \S+ \(file:\/\/\S+\/crash\.ts:6:\d+\)/,
      );
      assert.ok(!present(s.rendezvous), "the rendezvous outlived its daemon");
      // The next launch starts none: that daemon would go the same way.
      const second = await launch(s);
      assert.ok(isHandshakeLine(second.line), second.line);
      assert.match(
        second.how,
        /^cold launch: no warm daemon; none starts: the last daemon for this key failed \d+ s ago: it stopped on an unexpected error: Error: crashprobe/,
      );
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(daemonPids(s.tmp), [], "a launch started another daemon");
    } finally {
      await tearDown(s);
      await Deno.remove(scratch, { recursive: true });
    }
  },
});

Deno.test({
  name: "warm daemon: a failure of other code holds nothing back once the provider is fixed",
  ignore,
  fn: async () => {
    const copy = await probeCopy();
    const s = await setUp({ WARM_PROBE_NO_WORKER: "1" }, 0, [
      "run",
      "-A",
      "--preload",
      entry,
      copy.entry,
    ]);
    try {
      const { marker, text } = await daemonFailure(s);
      // The daemon wrote down the code it ran.
      assert.match(text, new RegExp(`"${copy.entry}","\\d+:\\d+"`));
      assert.match((await launch(s)).how, /none starts: the last daemon for this key failed/);
      // The author fixes the provider (it loads in a worker now): the next
      // launch starts a daemon at once, not a minute later, and the one after
      // is served warm.
      const source = await Deno.readTextFile(copy.entry);
      const fixed = source.replace(
        `Deno.env.get("WARM_PROBE_NO_WORKER") === "1"`,
        `Deno.env.get("WARM_PROBE_NO_WORKER") === "never"`,
      );
      assert.notEqual(fixed, source);
      await Deno.writeTextFile(copy.entry, fixed);
      const third = await launch(s);
      assert.match(
        third.how,
        /^cold launch: no warm daemon; a warm daemon starts after the handshake$/,
      );
      assert.ok(!present(marker), "the marker of the old code stayed");
      // Its instance loads the fixed code: a later launch is served warm.
      let how = "";
      for (let i = 0; i < 40 && !/^warm launch/.test(how); i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 250));
        how = (await launch(s)).how;
      }
      assert.match(how, /^warm launch/);
    } finally {
      await tearDown(s);
      await copy.dispose();
    }
  },
});
