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
async function setUp() {
  const tmp = await Deno.makeTempDir({ prefix: "foundry-warm-entry-" });
  const env: Record<string, string> = {
    HOME: Deno.env.get("HOME") ?? "/",
    PATH: Deno.env.get("PATH") ?? "",
    TMPDIR: tmp,
    TF_LOG: "debug",
    FOUNDRY_WARM_TIMEOUT_MS: "500",
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
  name: "warm entry: a peer that never answers times out into a cold start",
  ignore,
  fn: async () => {
    const { tmp, env, socket } = await setUp();
    const listener = Deno.listen({ transport: "unix", path: socket });
    const held: Deno.Conn[] = [];
    const accepting = (async () => {
      for await (const c of listener) held.push(c); // read nothing, say nothing
    })();
    try {
      await launch(tmp, env);
      assert.ok(held.length >= 1, "the entry did not try the socket");
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
