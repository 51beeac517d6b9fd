// go-plugin both ways with Go built from Debian's go-plugin 1.0.1 and
// grpc-go 1.33: Foundry's host loads a Go plugin, and a Go host loads a
// Foundry plugin. Calls, errors, stdio lines, shutdown, a killed plugin,
// 100 concurrent calls.
import assert from "node:assert/strict";
import { GrpcError, GrpcStatus } from "../../src/grpc/mod.ts";
import { launchPlugin, type PluginOutput } from "../../src/plugin/goplugin/mod.ts";
import { Empty, GetRequest, GetResponse, KV_COOKIE, PutRequest } from "./fixtures/kv_tables.ts";
import { goFixtures } from "./go_fixtures.ts";

const go = await goFixtures();
const KV_PLUGIN = new URL("./fixtures/kv_plugin.ts", import.meta.url).pathname;
const text = (s: string) => new TextEncoder().encode(s);

Deno.test({
  name: "Foundry host, Go plugin: calls, NOT_FOUND, stderr lines, 100 concurrent calls, shutdown",
  ignore: go === undefined,
  async fn() {
    const output: PluginOutput[] = [];
    const plugin = await launchPlugin({
      command: go!.kvPlugin,
      cookie: KV_COOKIE,
      versions: [1],
      onOutput: (o) => output.push(o),
    });
    assert.equal(plugin.handshake.protocolVersion, 1);
    assert.ok(
      plugin.handshake.serverCertDer,
      "the Go plugin answered AutoMTLS with its certificate",
    );
    await plugin.call("/proto.KV/Put", {
      spec: PutRequest,
      value: { key: "greeting", value: text("hello from foundry") },
    }, Empty);
    const got = await plugin.call("/proto.KV/Get", {
      spec: GetRequest,
      value: { key: "greeting" },
    }, GetResponse);
    assert.equal(new TextDecoder().decode(got.value as Uint8Array), "hello from foundry");
    await assert.rejects(
      plugin.call("/proto.KV/Get", { spec: GetRequest, value: { key: "missing" } }, GetResponse),
      (e) =>
        e instanceof GrpcError && e.status === GrpcStatus.NOT_FOUND &&
        e.message === 'no key "missing"',
    );
    const many = await Promise.all(
      Array.from({ length: 100 }, () =>
        plugin.call(
          "/proto.KV/Get",
          { spec: GetRequest, value: { key: "greeting" } },
          GetResponse,
        )),
    );
    assert.equal(many.length, 100);
    assert.equal(await plugin.healthy(), true);
    const exit = await plugin.shutdown();
    assert.equal(exit.signal, null, "the controller's Shutdown ended it, no kill needed");
    assert.ok(
      output.some((o) => o.stream === "stderr" && o.text === "kv-plugin: put greeting"),
      `the plugin's stderr line was forwarded: ${JSON.stringify(output)}`,
    );
  },
});

Deno.test({
  name: "Foundry host, Go plugin killed: exit seen, calls fail UNAVAILABLE",
  ignore: go === undefined,
  async fn() {
    const plugin = await launchPlugin({ command: go!.kvPlugin, cookie: KV_COOKIE, versions: [1] });
    Deno.kill(plugin.pid, "SIGKILL");
    assert.equal((await plugin.exited).signal, "SIGKILL");
    await assert.rejects(
      plugin.call("/proto.KV/Get", { spec: GetRequest, value: { key: "x" } }, GetResponse),
      (e) => e instanceof GrpcError && e.status === GrpcStatus.UNAVAILABLE,
    );
  },
});

async function goHost(kill: boolean) {
  const out = await new Deno.Command(go!.kvHost, {
    args: [Deno.execPath(), "run", "--quiet", "--allow-all", KV_PLUGIN],
    env: kill ? { KV_HOST_KILL: "1" } : {},
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  const steps = new TextDecoder().decode(out.stdout).trim().split("\n").filter((l) => l !== "")
    .map((l) => JSON.parse(l));
  return { ok: out.success, steps, stderr };
}

Deno.test({
  name: "Go host, Foundry plugin: calls, NOT_FOUND, stderr lines, 100 concurrent calls, shutdown",
  ignore: go === undefined,
  async fn() {
    const { ok, steps, stderr } = await goHost(false);
    assert.ok(ok, stderr);
    assert.deepEqual(steps, [
      { step: "connect", protocol: 1 },
      { step: "get", value: "hello from go" },
      { step: "missing", code: "NotFound", message: 'no key "missing"' },
      { step: "concurrent", ok: 100 },
      { step: "ping", ok: true },
      { step: "shutdown", exited: true },
    ]);
    // go-plugin copies the plugin's stderr into the host's log.
    assert.match(stderr, /kv-foundry: put greeting/);
    // go-plugin 1.0.1 has no GRPCStdio: a console.log after the handshake goes
    // to stderr, which it logs, rather than to the stdout pipe it drops.
    assert.match(stderr, /kv-foundry: get greeting/);
    // Shutdown came through the controller, not a kill.
    assert.doesNotMatch(stderr, /plugin failed to exit gracefully/);
  },
});

Deno.test({
  name: "Go host, Foundry plugin killed: the host sees it exit and calls fail",
  ignore: go === undefined,
  async fn() {
    const { ok, steps, stderr } = await goHost(true);
    assert.ok(ok, stderr);
    assert.deepEqual(steps.at(-1), { step: "killed", exited: true, call_failed: true });
  },
});
