// The go-plugin host against real plugin processes: a Foundry provider
// (the protocol tests' tiny fixture) launched as Terraform launches it, and
// handshake lines of every broken shape.
import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import { GrpcError, GrpcStatus } from "../../src/grpc/mod.ts";
import { PROVIDER_V6 } from "../../src/plugin/mod.ts";
import {
  launchPlugin,
  parseHandshakeLine,
  parseReattachProviders,
  type PluginOutput,
  reattachPlugin,
  TERRAFORM_COOKIE,
} from "../../src/plugin/goplugin/mod.ts";
import { FIXTURE } from "./client.ts";
import { Empty, GetRequest, GetResponse, KV_COOKIE, PutRequest } from "./fixtures/kv_tables.ts";

const KV_PLUGIN = new URL("./fixtures/kv_plugin.ts", import.meta.url).pathname;

const schemaSpec = PROVIDER_V6.find((r) => r.method === "GetProviderSchema")!;

function launchTiny(extra: Partial<Parameters<typeof launchPlugin>[0]> = {}) {
  return launchPlugin({
    command: Deno.execPath(),
    args: ["run", "--quiet", "--allow-all", FIXTURE],
    cookie: TERRAFORM_COOKIE,
    versions: [5, 6],
    ...extra,
  });
}

Deno.test("a Foundry provider: AutoMTLS, v6 chosen, schema, health, 100 concurrent calls, shutdown", async () => {
  const plugin = await launchTiny();
  try {
    assert.equal(plugin.handshake.protocolVersion, 6);
    assert.equal(plugin.handshake.network, "unix");
    assert.ok(plugin.handshake.serverCertDer !== undefined, "AutoMTLS: the plugin's certificate");
    assert.equal(await plugin.healthy(), true);
    const schema = await plugin.call(
      "/tfplugin6.Provider/GetProviderSchema",
      { spec: schemaSpec.request, value: {} },
      schemaSpec.response,
    );
    assert.deepEqual(Object.keys(schema.resourceSchemas as object), ["tiny_thing"]);
    const calls = await Promise.all(
      Array.from({ length: 100 }, () =>
        plugin.call(
          "/tfplugin6.Provider/GetProviderSchema",
          { spec: schemaSpec.request, value: {} },
          schemaSpec.response,
        )),
    );
    assert.equal(calls.length, 100);
    // An RPC the provider throws in answers with a status, and the plugin keeps serving.
    await assert.rejects(
      plugin.grpc.unary("/tfplugin6.Provider/NoSuchMethod", new Uint8Array(0)),
      (e) => e instanceof GrpcError && e.status === GrpcStatus.UNIMPLEMENTED,
    );
    assert.equal(await plugin.healthy(), true);
    const reattach = plugin.reattachConfig;
    assert.equal(reattach.pid, plugin.pid);
  } finally {
    const exit = await plugin.shutdown();
    assert.equal(exit.code, 0, "Shutdown through the controller ends the process cleanly");
  }
});

Deno.test("the plugin's stderr lines reach the host as they are written; StopProvider reaches a waiting call", async () => {
  const lines: PluginOutput[] = [];
  let seen: (() => void) | undefined;
  const waiting = new Promise<void>((r) => (seen = r));
  const plugin = await launchTiny({
    onOutput: (o) => {
      lines.push(o);
      if (o.text === "tiny: ReadResource waits for StopProvider") seen?.();
    },
  });
  try {
    const read = PROVIDER_V6.find((r) => r.method === "ReadResource")!;
    const stop = PROVIDER_V6.find((r) => r.method === "StopProvider")!;
    const pending = plugin.call("/tfplugin6.Provider/ReadResource", {
      spec: read.request,
      value: { typeName: "tiny_thing" },
    }, read.response);
    // An event, not a delay: the line arrives while the call is still open.
    await waiting;
    assert.deepEqual(lines.find((o) => o.text.startsWith("tiny:")), {
      stream: "stderr",
      via: "pipe",
      text: "tiny: ReadResource waits for StopProvider",
    });
    await plugin.call(
      "/tfplugin6.Provider/StopProvider",
      { spec: stop.request, value: {} },
      stop.response,
    );
    const answer = await pending;
    assert.equal((answer.diagnostics as { summary: string }[])[0].summary, "stopped");
  } finally {
    await plugin.shutdown();
  }
});

Deno.test("a killed plugin is seen by the host: exit, calls fail UNAVAILABLE", async () => {
  const plugin = await launchTiny();
  Deno.kill(plugin.pid, "SIGKILL");
  const exit = await plugin.exited;
  assert.equal(exit.signal, "SIGKILL");
  await plugin.grpc.closed;
  await assert.rejects(
    plugin.grpc.unary("/grpc.health.v1.Health/Check", new Uint8Array(0)),
    (e) => e instanceof GrpcError && e.status === GrpcStatus.UNAVAILABLE,
  );
  assert.equal(await plugin.healthy(500), false);
});

Deno.test("a plugin that is not one: exits before its handshake, stderr quoted", async () => {
  await assert.rejects(
    launchPlugin({
      command: Deno.execPath(),
      args: ["eval", "console.error('no cookie for me'); Deno.exit(3)"],
      cookie: TERRAFORM_COOKIE,
      versions: [6],
    }),
    (e) =>
      isFoundryError(e, "plugin.host.start") && /code 3/.test(e.message) &&
      /no cookie for me/.test(e.message),
  );
  await assert.rejects(
    launchPlugin({
      command: "/nonexistent/terraform-provider-none",
      cookie: TERRAFORM_COOKIE,
      versions: [6],
    }),
    (e) => isFoundryError(e, "plugin.host.start") && /nonexistent/.test(e.message),
  );
  await assert.rejects(
    launchPlugin({
      command: Deno.execPath(),
      args: ["eval", "setTimeout(() => {}, 10000)"],
      cookie: TERRAFORM_COOKIE,
      versions: [6],
      startTimeoutMs: 300,
    }),
    (e) => isFoundryError(e, "plugin.host.start") && /within 300 ms/.test(e.message),
  );
});

Deno.test("a provider offered only versions it does not serve refuses, and the host says so", async () => {
  await assert.rejects(
    launchTiny({ versions: [4] }),
    (e) =>
      isFoundryError(e, "plugin.host.start") && /Terraform offered plugin protocol/.test(e.message),
  );
});

Deno.test("reattach: a second host connects to the running plugin in the clear", async () => {
  // Debug mode serves without TLS and prints TF_REATTACH_PROVIDERS.
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--allow-all", FIXTURE, "--debug"],
    stdout: "piped",
    stderr: "null",
    stdin: "null",
  }).spawn();
  try {
    const reader = child.stdout.getReader();
    let out = "";
    while (!/TF_REATTACH_PROVIDERS='[^']*'/.test(out)) {
      const { value, done } = await reader.read();
      if (done) break;
      out += new TextDecoder().decode(value);
    }
    reader.releaseLock();
    const json = /TF_REATTACH_PROVIDERS='([^']*)'/.exec(out)?.[1];
    assert.ok(json, `no reattach line in ${out}`);
    const [config] = Object.values(parseReattachProviders(json));
    assert.equal(config.pid, child.pid);
    const plugin = await reattachPlugin(config);
    assert.equal(await plugin.healthy(), true);
    await plugin.grpc.close();
  } finally {
    child.kill("SIGTERM");
    await child.stdout.cancel().catch(() => {});
    await child.status;
  }
});

Deno.test("handshake lines: each wrong shape is named", () => {
  const cases: [string, RegExp][] = [
    ["hello world", /1 fields/],
    ["2|6|unix|/tmp/p|grpc|", /core protocol 2/],
    ["1|7|unix|/tmp/p|grpc|", /version 7, which the host did not offer \(5, 6\)/],
    ["1|6|pipe|/tmp/p|grpc|", /network "pipe"/],
    ["1|6|unix||grpc|", /empty address/],
    ["1|6|unix|/tmp/p|netrpc|", /"netrpc" protocol/],
    ["1|6|unix|/tmp/p", /"netrpc" protocol/],
    ["1|6|unix|/tmp/p|grpc|***", /not base64/],
  ];
  for (const [line, pattern] of cases) {
    assert.throws(
      () => parseHandshakeLine(line, [5, 6]),
      (e) => isFoundryError(e, "plugin.host.handshake") && pattern.test(e.message),
      line,
    );
  }
  const ok = parseHandshakeLine("1|5|tcp|127.0.0.1:10001|grpc|AQID\n", [5, 6]);
  assert.deepEqual(ok, {
    protocolVersion: 5,
    network: "tcp",
    address: "127.0.0.1:10001",
    serverCertDer: new Uint8Array([1, 2, 3]),
  });
});

Deno.test("TF_REATTACH_PROVIDERS: bad values name the provider and field", () => {
  const bad: [string, RegExp][] = [
    ["nope", /not JSON/],
    ["[]", /JSON object/],
    [
      JSON.stringify({ a: { ProtocolVersion: 6, Addr: { Network: "udp", String: "x" } } }),
      /a: Addr\.Network/,
    ],
    [
      JSON.stringify({ a: { ProtocolVersion: "6", Addr: { Network: "unix", String: "x" } } }),
      /a: ProtocolVersion/,
    ],
    [JSON.stringify({ a: { Protocol: "netrpc", ProtocolVersion: 6 } }), /a: Protocol "netrpc"/],
  ];
  for (const [text, pattern] of bad) {
    assert.throws(
      () => parseReattachProviders(text),
      (e) => isFoundryError(e, "plugin.host.reattach") && pattern.test(e.message),
      text,
    );
  }
});

Deno.test("a Foundry plugin of any service (servePlugin) to the Foundry host: calls, status, GRPCStdio lines", async () => {
  const lines: PluginOutput[] = [];
  const plugin = await launchPlugin({
    command: Deno.execPath(),
    args: ["run", "--quiet", "--allow-all", KV_PLUGIN],
    cookie: KV_COOKIE,
    versions: [1],
    onOutput: (o) => lines.push(o),
  });
  try {
    await plugin.call("/proto.KV/Put", {
      spec: PutRequest,
      value: { key: "a", value: new TextEncoder().encode("1") },
    }, Empty);
    const got = await plugin.call(
      "/proto.KV/Get",
      { spec: GetRequest, value: { key: "a" } },
      GetResponse,
    );
    assert.equal(new TextDecoder().decode(got.value as Uint8Array), "1");
    await assert.rejects(
      plugin.call("/proto.KV/Get", { spec: GetRequest, value: { key: "b" } }, GetResponse),
      (e) =>
        e instanceof GrpcError && e.status === GrpcStatus.NOT_FOUND && e.message === 'no key "b"',
    );
    // This host streams stdio, so the plugin's output came over gRPC, not the pipe.
    assert.deepEqual(lines.filter((o) => o.text.startsWith("kv-foundry")), [
      { stream: "stderr", via: "grpc", text: "kv-foundry: put a" },
      { stream: "stdout", via: "grpc", text: "kv-foundry: get a" },
      { stream: "stdout", via: "grpc", text: "kv-foundry: get b" },
    ]);
  } finally {
    assert.equal((await plugin.shutdown()).code, 0);
  }
});

Deno.test("a Foundry provider's console.log after the handshake reaches the host over GRPCStdio; console.error the pipe", async () => {
  const lines: PluginOutput[] = [];
  let done: (() => void) | undefined;
  // The two lines travel on two channels (the GRPCStdio stream, the stderr
  // pipe) whose order is not fixed: wait for both, or 10 s, then check.
  const both = new Promise<void>((r) => (done = r));
  const seenBoth = () =>
    lines.some((l) => l.via === "grpc") &&
    lines.some((l) => l.via === "pipe" && l.text === "tiny: a console.error line");
  const plugin = await launchTiny({
    onOutput: (o) => {
      lines.push(o);
      if (seenBoth()) done?.();
    },
  });
  try {
    const validate = PROVIDER_V6.find((r) => r.method === "ValidateResourceConfig")!;
    await plugin.call("/tfplugin6.Provider/ValidateResourceConfig", {
      spec: validate.request,
      value: { typeName: "tiny_thing" },
    }, validate.response);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([both, new Promise<void>((r) => (timer = setTimeout(r, 10_000)))]);
    clearTimeout(timer);
    assert.deepEqual(lines.filter((l) => l.via === "grpc"), [
      { stream: "stdout", via: "grpc", text: "tiny: validating tiny_thing" },
    ]);
    // console.error stays on the stderr pipe, where Terraform logs it under the provider's name.
    assert.ok(
      lines.some((l) => l.via === "pipe" && l.text === "tiny: a console.error line"),
      JSON.stringify(lines),
    );
    assert.ok(!lines.some((l) => l.via === "pipe" && l.text.startsWith("tiny: validating")));
  } finally {
    await plugin.shutdown();
  }
});
