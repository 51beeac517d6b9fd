// Warm launches over loopback TCP (src/plugin/warm_tcp.ts), without
// Terraform: chosen for a TMPDIR too deep for a unix socket or by
// FOUNDRY_WARM_TRANSPORT=tcp; a peer that cannot prove the secret is never
// answered; a process holding the daemon's port without the secret cannot
// hand the launch a handshake line of its own. And over either transport, a
// request that is not a launch costs the daemon that connection, nothing more.
import assert from "node:assert/strict";
import { join } from "node:path";
import { generateCertificate } from "../../src/plugin/certificate.ts";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../src/plugin/mod.ts";
import { splitEnvironment, warmKey } from "../../src/plugin/warm_key.ts";
import { entryProof, newNonce, readRendezvous } from "../../src/plugin/warm_tcp.ts";
import { isHandshakeLine } from "../../scripts/startup/first_line.ts";
import { daemonPids } from "../../scripts/startup/warm_daemons.ts";

const ignore = Deno.build.os !== "linux";
if (ignore) console.log("warm TCP tests skipped: warm launches are Linux-only");

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
}

/** A temp dir as TMPDIR (`depth` more characters of it) and working directory. */
async function setUp(extra: Record<string, string>, depth = 0): Promise<Setup> {
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
  const key = await warmKey([deno, ...args], tmp, splitEnvironment(env).shared);
  const dir = join(tmp, `foundry-warm-${Deno.statSync(tmp).uid}`);
  return { tmp, env, key, rendezvous: join(dir, `${key}.tcp`) };
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

/**
 * One launch as Terraform makes it: its handshake line and its `foundry.warm`
 * debug line (saying warm or cold, and why); then it is ended.
 */
async function launch(s: Setup): Promise<{ line: string; how: string }> {
  const child = new Deno.Command(deno, {
    args,
    env: s.env,
    clearEnv: true,
    cwd: s.tmp,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines = async function* (stream: ReadableStream<Uint8Array>) {
    let buf = "";
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      buf += decoder.decode(chunk, { stream: true });
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        yield buf.slice(0, nl);
        buf = buf.slice(nl + 1);
      }
    }
  };
  const out = lines(child.stdout);
  const err = lines(child.stderr);
  try {
    const first = await out.next();
    let how = "";
    for await (const l of err) {
      if (!l.includes("foundry.warm")) continue;
      how = String(JSON.parse(l)["@message"]);
      break;
    }
    return { line: first.done ? "" : first.value, how };
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
    await child.stderr.cancel().catch(() => {});
  }
}

async function until(what: string, check: () => boolean): Promise<void> {
  const limit = Date.now() + 120_000;
  while (!check()) {
    if (Date.now() > limit) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
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

Deno.test({
  name: "warm tcp: a TMPDIR too deep for a unix socket gets a daemon over loopback TCP",
  ignore,
  fn: async () => {
    // The provider's own socket still fits; the warm socket would not.
    const s = await setUp({}, 45);
    try {
      assert.ok(new TextEncoder().encode(s.rendezvous).length > 103);
      const first = await launch(s);
      assert.ok(isHandshakeLine(first.line), first.line);
      assert.match(first.how, /cold launch: no warm daemon; a warm daemon starts/);
      await until("the rendezvous file", () => readRendezvous(s.rendezvous) !== undefined);
      assert.equal(Deno.statSync(s.rendezvous).mode! & 0o777, 0o600);
      const second = await launch(s);
      assert.ok(isHandshakeLine(second.line), second.line);
      assert.equal(second.how, `warm launch: served by the daemon at ${s.rendezvous}`);
      assert.equal(daemonPids(s.tmp).length, 1, "one daemon for the key");
    } finally {
      await tearDown(s);
    }
  },
});

Deno.test({
  name: "warm tcp: the daemon answers only a peer that proves the secret, and few at once",
  ignore,
  fn: async () => {
    const s = await setUp({ FOUNDRY_WARM_TRANSPORT: "tcp" });
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
      await tearDown(s);
    }
  },
});

Deno.test({
  name: "warm tcp: a process on the daemon's port without the secret cannot serve the launch",
  ignore,
  fn: async () => {
    const s = await setUp({ FOUNDRY_WARM_TRANSPORT: "tcp" });
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
        await c.write(new TextEncoder().encode(JSON.stringify({ handshake: fake, proof }) + "\n"))
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
      await tearDown(s);
    }
  },
});

Deno.test({
  name: "warm tcp: an unknown FOUNDRY_WARM_TRANSPORT means a cold launch that says why",
  ignore,
  fn: async () => {
    const s = await setUp({ FOUNDRY_WARM_TRANSPORT: "udp" });
    try {
      const r = await launch(s);
      assert.ok(isHandshakeLine(r.line), r.line);
      assert.equal(r.how, 'cold launch: FOUNDRY_WARM_TRANSPORT is "udp": use unix or tcp');
      assert.deepEqual(daemonPids(s.tmp), []);
    } finally {
      await tearDown(s);
    }
  },
});

Deno.test({
  name: "warm daemon: a request that is no launch closes that connection only (unix socket)",
  ignore,
  fn: async () => {
    const s = await setUp({});
    const socket = s.rendezvous.replace(/\.tcp$/, ".sock");
    try {
      await launch(s);
      await until("the daemon's socket", () => {
        try {
          return Deno.lstatSync(socket).isSocket === true;
        } catch {
          return false;
        }
      });
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
    } finally {
      await tearDown(s);
    }
  },
});
