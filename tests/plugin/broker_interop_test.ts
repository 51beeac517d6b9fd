// go-plugin's GRPCBroker across processes, go-plugin's bidirectional shape
// (a counter whose Put calls back into the host's AddHelper): a Go host
// (Debian's go-plugin 1.0.1) with a Foundry plugin, a Foundry host with the
// Go plugin, and Foundry on both ends.
import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import { type GrpcMethod, GrpcStatus } from "../../src/grpc/mod.ts";
import {
  launchPlugin,
  type PluginClient,
  type PluginOutput,
  unaryMethod,
} from "../../src/plugin/goplugin/mod.ts";
import {
  COUNTER_COOKIE,
  Empty,
  GET,
  GetRequest,
  GetResponse,
  OPEN_READER,
  OpenResponse,
  PUT,
  PutRequest,
  SUM,
  SumRequest,
  SumResponse,
} from "./fixtures/counter_tables.ts";
import { goFixtures } from "./go_fixtures.ts";
import { decodeMessage, encodeMessage } from "../../src/protobuf/mod.ts";

const go = await goFixtures();
const COUNTER_PLUGIN = new URL("./fixtures/counter_plugin.ts", import.meta.url).pathname;

/** Asks the plugin to serve a reader over the broker, dials it, and reads `key` there. */
async function readThroughBroker(plugin: PluginClient, key: string): Promise<number> {
  const open = await plugin.call(OPEN_READER, { spec: Empty, value: {} }, OpenResponse);
  const reader = await plugin.broker.dial(Number(open.readerServer));
  try {
    const bytes = await reader.unary(GET, encodeMessage(GetRequest, { key }));
    return Number(decodeMessage(GetResponse, bytes).value ?? 0);
  } finally {
    await reader.close();
  }
}

/** Puts `values` under `key`, each Put offering this host's adder under a fresh broker id. */
async function putAll(plugin: PluginClient, key: string, values: number[]) {
  const sums: [number, number][] = [];
  const helper = new Map<string, GrpcMethod>([
    [
      SUM,
      unaryMethod(SumRequest, SumResponse, (m) => {
        sums.push([Number(m.a), Number(m.b)]);
        return { r: Number(m.a) + Number(m.b) };
      }),
    ],
  ]);
  for (const value of values) {
    const id = plugin.broker.nextId();
    const served = await plugin.broker.acceptAndServe(id, helper);
    try {
      await plugin.call(PUT, { spec: PutRequest, value: { addServer: id, key, value } }, Empty);
    } finally {
      await served.close();
    }
  }
  const total = await plugin.call(GET, { spec: GetRequest, value: { key } }, GetResponse);
  return { sums, total: Number(total.value) };
}

Deno.test({
  name:
    "Go host, Foundry plugin: each Put dials the Go host's AddHelper through the broker (AutoMTLS)",
  ignore: go === undefined,
  async fn() {
    const out = await new Deno.Command(go!.counterHost, {
      args: [Deno.execPath(), "run", "--quiet", "--allow-all", COUNTER_PLUGIN],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.ok(out.success, stderr);
    const steps = new TextDecoder().decode(out.stdout).trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(steps, [
      { step: "total", value: 12, helper_calls: 2 },
      { step: "reader", value: 12 },
      { step: "shutdown", exited: true },
    ]);
    assert.match(stderr, /counter-foundry: hits = 5/);
    assert.match(stderr, /counter-foundry: hits = 12/);
    assert.doesNotMatch(stderr, /plugin failed to exit gracefully/);
  },
});

Deno.test({
  name:
    "Foundry host, Go plugin: the Go plugin's Put dials the Foundry host's AddHelper through the broker",
  ignore: go === undefined,
  async fn() {
    const output: PluginOutput[] = [];
    // go-plugin 1.0.1's plugin dials brokered servers with its server TLS
    // setup, which trusts no host certificate: its hosts run it in the clear.
    const plugin = await launchPlugin({
      command: go!.counterPlugin,
      cookie: COUNTER_COOKIE,
      versions: [1],
      autoMTLS: false,
      onOutput: (o) => output.push(o),
    });
    try {
      const { sums, total } = await putAll(plugin, "hits", [5, 7, 30]);
      assert.deepEqual(sums, [[0, 5], [5, 7], [12, 30]]);
      assert.equal(total, 42);
      // The other direction: the Go plugin serves a reader, this host dials it.
      assert.equal(await readThroughBroker(plugin, "hits"), 42);
      // A Put naming an id this host never served: the Go plugin's Dial gives up after 5 s.
      const started = performance.now();
      await assert.rejects(
        plugin.call(
          PUT,
          { spec: PutRequest, value: { addServer: 999, key: "x", value: 1 } },
          Empty,
        ),
        (e: unknown) =>
          e instanceof Error && "status" in e && e.status === GrpcStatus.UNKNOWN &&
          /timeout waiting for connection info/.test(e.message),
      );
      assert.ok(performance.now() - started >= 4500, "go-plugin waits its 5 s");
    } finally {
      const exit = await plugin.shutdown();
      assert.equal(exit.signal, null);
    }
    // Its "counter-plugin: hits = 42" line is not looked for: go-plugin 1.0.1
    // points a plugin's os.Stderr at a pipe its gRPC server never reads (it
    // has no GRPCStdio), so the line reaches no host.
    assert.ok(output.every((o) => o.via === "pipe"), "no GRPCStdio in go-plugin 1.0.1");
  },
});

Deno.test({
  name:
    "Foundry host with AutoMTLS, Go 1.0.1 plugin: its brokered dial cannot verify the host, and says so; ours to it works",
  ignore: go === undefined,
  async fn() {
    const plugin = await launchPlugin({
      command: go!.counterPlugin,
      cookie: COUNTER_COOKIE,
      versions: [1],
    });
    try {
      // go-plugin 1.0.1 dials with its server TLS setup: no root for the
      // host's certificate, and the name "unused" where ours says localhost.
      await assert.rejects(
        putAll(plugin, "k", [1]),
        (e: unknown) =>
          e instanceof Error &&
          /AddHelper failed: .*authentication handshake failed/.test(e.message),
      );
      // The other direction works with AutoMTLS: this host dials the Go
      // plugin's brokered server, each side's certificate pinned.
      assert.equal(await readThroughBroker(plugin, "k"), 0);
    } finally {
      await plugin.shutdown();
    }
  },
});

Deno.test("Foundry host, Foundry plugin: callbacks through the broker with AutoMTLS; the plugin's exit fails a waiting dial at once", async () => {
  const plugin = await launchPlugin({
    command: Deno.execPath(),
    args: ["run", "--quiet", "--allow-all", COUNTER_PLUGIN],
    cookie: COUNTER_COOKIE,
    versions: [1],
    broker: { timeoutMs: 20_000 },
  });
  assert.ok(plugin.handshake.serverCertDer, "AutoMTLS on");
  const { sums, total } = await putAll(plugin, "n", [1, 2, 3]);
  assert.deepEqual(sums, [[0, 1], [1, 2], [3, 3]]);
  assert.equal(total, 6);
  assert.equal(await readThroughBroker(plugin, "n"), 6);
  // Waiting for an announcement the plugin will never make; then it dies.
  const waiting = plugin.broker.dial(77);
  const started = performance.now();
  plugin.kill();
  await assert.rejects(
    waiting,
    (e: unknown) => isFoundryError(e) && e.code === "plugin.broker.closed",
  );
  assert.ok(
    performance.now() - started < 10_000,
    "told when the stream broke, not at the 20 s timeout",
  );
  await plugin.exited;
  await plugin.shutdown();
});
