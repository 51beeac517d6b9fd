// The protocol served by a real child process, spoken to with grpc-js over
// the unix socket and mutual TLS, as Terraform does.
import assert from "node:assert/strict";
import { connect, FIXTURE, generateCertificate, launch, pluginEnv } from "./client.ts";
import { NOT_A_PROGRAM_MESSAGE } from "../../src/plugin/mod.ts";

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("serves tfplugin6 over mTLS: schema, diagnostics, errors, concurrency, stop, shutdown", async () => {
  const client = generateCertificate();
  const p = await launch(pluginEnv(client.certPem));
  try {
    assert.match(
      p.line,
      /^1\|6\|unix\|\/.+\|grpc\|[A-Za-z0-9+/]+$/,
      "handshake line, unpadded base64",
    );
    assert.ok(await exists(p.socket));
    const c = connect(p, client);

    const schema = await c.call("GetProviderSchema");
    const tiny = (schema.resourceSchemas as Record<string, { version: number }>).tiny_thing;
    assert.equal(tiny.version, 1);

    // Diagnostics with attribute paths reach the wire form Terraform reads.
    const v = await c.call("ValidateResourceConfig", { typeName: "tiny_thing" });
    assert.deepEqual(v.diagnostics, [{
      severity: 1,
      summary: "bad tiny_thing",
      detail: "",
      attribute: {
        steps: [
          { attributeName: "tags", elementKeyString: undefined, elementKeyInt: undefined },
          { attributeName: undefined, elementKeyString: "env", elementKeyInt: undefined },
        ],
      },
    }]);

    // An author's exception becomes an error diagnostic; the server keeps serving.
    const conf = await c.call("ConfigureProvider", { terraformVersion: "1.11.4" });
    const diag = (conf.diagnostics as { severity: number; summary: string; detail: string }[])[0];
    assert.equal(diag.severity, 1);
    assert.equal(diag.summary, "ConfigureProvider failed");
    assert.equal(diag.detail, "configure exploded");

    // RPCs the provider does not implement answer with a clear diagnostic.
    const imp = await c.call("ImportResourceState", { typeName: "tiny_thing", id: "x" });
    assert.match(
      (imp.diagnostics as { detail: string }[])[0].detail,
      /does not implement ImportResourceState/,
    );

    // 10 then 50 concurrent RPCs, each answered with its own request's data.
    // Each handler waits until its whole batch is in flight at once (a barrier
    // in the fixture), so the answers prove concurrent dispatch without a clock.
    for (const n of [10, 50]) {
      const names = Array.from({ length: n }, (_, i) => `type_${n}_${i}`);
      const plans = await Promise.all(
        names.map((typeName) => c.call("PlanResourceChange", { typeName })),
      );
      plans.forEach((r, i) => {
        const rr = r.requiresReplace as { steps: { attributeName: string }[] }[];
        assert.equal(rr[0].steps[0].attributeName, names[i]);
        assert.equal(rr[0].steps[1].attributeName, "together", "calls ran concurrently");
      });
    }

    // GetMetadata without a handler: UNIMPLEMENTED (12), so clients fall back.
    await assert.rejects(c.call("GetMetadata"), (e: { code?: number }) => e.code === 12);

    // grpc.health.v1 says SERVING.
    assert.deepEqual([...await c.health()], [0x08, 0x01]);

    // A call that never resolves on its own is ended by StopProvider.
    const pending = c.call("ReadResource", { typeName: "tiny_thing" });
    await p.stderrMatch(/tiny: ReadResource waits for StopProvider/);
    const stop = await c.call("StopProvider");
    assert.equal(stop.error, "");
    const read = await pending;
    assert.equal((read.diagnostics as { summary: string }[])[0].summary, "stopped");
    // and the server still serves afterwards
    assert.equal((await c.call("GetProviderSchema")).diagnostics instanceof Array, true);

    await c.shutdown();
    c.close();
    const status = await p.child.status;
    assert.equal(status.code, 0);
    assert.equal(await exists(p.socket), false, "socket removed on exit");
    // Nothing but the handshake line ever reached stdout (logs go to stderr).
    let rest = "";
    const reader = p.child.stdout.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      rest += new TextDecoder().decode(r.value);
    }
    assert.equal(p.out + rest, p.line + "\n");
    assert.match(p.stderr(), /"@level":"error".*RPC handler failed/, "hclog JSON on stderr");
  } finally {
    try {
      p.child.kill("SIGKILL");
    } catch { /* exited */ }
  }
});

Deno.test("Shutdown ends the process even while a handler never resolves", async () => {
  const client = generateCertificate();
  const p = await launch(pluginEnv(client.certPem));
  try {
    const c = connect(p, client);
    const hung = c.call("ReadDataSource", { typeName: "tiny_data" }).catch((e) => e);
    await p.stderrMatch(/tiny: ReadDataSource never resolves/);
    // The grace period is what ends the process here: without it this would hang.
    await c.shutdown();
    assert.equal((await p.child.status).code, 0);
    assert.ok((await hung) instanceof Error, "the hung call fails instead of hanging");
    c.close();
    assert.equal(await exists(p.socket), false);
  } finally {
    try {
      p.child.kill("SIGKILL");
    } catch { /* exited */ }
  }
});

Deno.test("TF_DISABLE_PLUGIN_TLS: empty cert field, plaintext; SIGINT ignored, SIGTERM exits 0", async () => {
  const p = await launch({
    ...pluginEnv(generateCertificate().certPem),
    TF_DISABLE_PLUGIN_TLS: "1",
    TF_LOG_PROVIDER: "debug", // so the server says when it has seen SIGINT
  });
  try {
    assert.match(p.line, /^1\|6\|unix\|\/.+\|grpc\|$/);
    const c = connect(p);
    p.child.kill("SIGINT");
    await p.stderrMatch(/SIGINT ignored/);
    assert.ok((await c.call("GetProviderSchema")).resourceSchemas, "still serving after SIGINT");
    c.close();
    p.child.kill("SIGTERM");
    assert.equal((await p.child.status).code, 0);
    assert.equal(await exists(p.socket), false);
  } finally {
    try {
      p.child.kill("SIGKILL");
    } catch { /* exited */ }
  }
});

Deno.test("corrupt request bytes get a diagnostic, not a crash", async () => {
  const client = generateCertificate();
  const p = await launch(pluginEnv(client.certPem));
  const c = connect(p, client);
  try {
    // Field 2 (config) claims 100 bytes but none follow.
    const { Buffer } = await import("node:buffer");
    const grpc = await import("@grpc/grpc-js");
    const { PROVIDER_V6 } = await import("../../src/plugin/mod.ts");
    const { decodeMessage } = await import("../../src/protobuf/mod.ts");
    const { rawServiceDefinition } = await import("./client.ts");
    const Ctor = grpc.makeGenericClientConstructor(
      rawServiceDefinition("tfplugin6.Provider", PROVIDER_V6.map((s) => ({ name: s.method }))),
      "P",
    );
    const der = p.serverCertDer;
    const pem = `-----BEGIN CERTIFICATE-----\n${
      btoa(String.fromCharCode(...der))
    }\n-----END CERTIFICATE-----\n`;
    type Raw = {
      ValidateResourceConfig(b: Uint8Array, cb: (e: Error | null, r: Uint8Array) => void): void;
      close(): void;
    };
    const raw = new Ctor(
      `unix:${p.socket}`,
      grpc.credentials.createSsl(
        Buffer.from(pem),
        Buffer.from(client.keyPem),
        Buffer.from(client.certPem),
      ),
      { "grpc.ssl_target_name_override": "localhost", "grpc.default_authority": "localhost" },
    ) as unknown as Raw;
    const res: Uint8Array = await new Promise((resolve, reject) =>
      raw.ValidateResourceConfig(
        new Uint8Array([0x12, 100]),
        (e: Error | null, r: Uint8Array) => e ? reject(e) : resolve(r),
      )
    );
    raw.close();
    const spec = PROVIDER_V6.find((s) => s.method === "ValidateResourceConfig")!;
    const decoded = decodeMessage(spec.response, res);
    const d = (decoded.diagnostics as { summary: string; detail: string }[])[0];
    assert.equal(d.summary, "Malformed ValidateResourceConfig request");
    assert.match(d.detail, /length 100 runs past the end/);
    // still serving
    assert.ok((await c.call("GetProviderSchema")).resourceSchemas);
  } finally {
    await c.shutdown().catch(() => {});
    c.close();
    await p.child.status;
  }
});

Deno.test("clients without the right certificate are refused", async () => {
  const client = generateCertificate();
  const p = await launch(pluginEnv(client.certPem));
  try {
    const stranger = generateCertificate();
    const wrong = connect(p, stranger);
    await assert.rejects(wrong.call("GetProviderSchema"));
    wrong.close();
    const none = connect(p);
    await assert.rejects(none.call("GetProviderSchema"));
    none.close();
    const right = connect(p, client);
    assert.ok((await right.call("GetProviderSchema")).resourceSchemas);
    await right.shutdown();
    right.close();
    assert.equal((await p.child.status).code, 0);
  } finally {
    try {
      p.child.kill("SIGKILL");
    } catch { /* exited */ }
  }
});

Deno.test("run by hand (no magic cookie): a human message on stderr, exit 1, nothing on stdout", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--allow-all",
      new URL("./fixtures/tiny_provider.ts", import.meta.url).pathname,
    ],
    env: { PATH: Deno.env.get("PATH") ?? "" },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 1);
  assert.equal(out.stdout.length, 0);
  assert.equal(new TextDecoder().decode(out.stderr), NOT_A_PROGRAM_MESSAGE);
});

Deno.test("a Terraform offering only protocol 4 gets a clear refusal", async () => {
  const env = { ...pluginEnv(), PLUGIN_PROTOCOL_VERSIONS: "4" };
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--allow-all", FIXTURE],
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 1);
  assert.equal(out.stdout.length, 0);
  assert.match(
    new TextDecoder().decode(out.stderr),
    /offered plugin protocol versions 4, but this provider serves 6, 5/,
  );
});

Deno.test("protocol 5: v5 method names, PrepareProviderConfig echoes the config, over TCP", async () => {
  const client = generateCertificate();
  const p = await launch(
    { ...pluginEnv(client.certPem), PLUGIN_PROTOCOL_VERSIONS: "5", PLUGIN_MIN_PORT: "0" },
    ["--tcp"],
  );
  try {
    assert.match(p.line, /^1\|5\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]+$/);
    const c = connect(p, client);
    const schema = await c.call("GetSchema");
    assert.ok((schema.resourceSchemas as Record<string, unknown>).tiny_thing);
    const config = { msgpack: new Uint8Array([0x80]) };
    const prep = await c.call("PrepareProviderConfig", { config });
    assert.deepEqual((prep.preparedConfig as { msgpack: Uint8Array }).msgpack, config.msgpack);
    const conf = await c.call("Configure", { terraformVersion: "1.11.4" });
    assert.equal((conf.diagnostics as { detail: string }[])[0].detail, "configure exploded");
    const v = await c.call("ValidateResourceTypeConfig", { typeName: "tiny_thing" });
    assert.equal((v.diagnostics as { summary: string }[])[0].summary, "bad tiny_thing");
    assert.equal((await c.call("Stop")).error, "");
    await c.shutdown();
    c.close();
    assert.equal((await p.child.status).code, 0);
  } finally {
    try {
      p.child.kill("SIGKILL");
    } catch { /* exited */ }
  }
});

Deno.test("debug mode prints a TF_REATTACH_PROVIDERS line and serves without TLS", async () => {
  const p = await launch(
    { PATH: Deno.env.get("PATH") ?? "", HOME: Deno.env.get("HOME") ?? "/tmp" },
    ["--debug"],
  );
  try {
    assert.equal(p.line, "Provider started in debug mode. To attach Terraform, set in your shell:");
    const text = p.out;
    const json = text.match(/TF_REATTACH_PROVIDERS='(.+)'/)![1];
    const info = JSON.parse(json)["example.com/test/tiny"];
    assert.equal(info.Protocol, "grpc");
    assert.equal(info.ProtocolVersion, 6);
    assert.equal(info.Addr.Network, "unix");
    const c = connect({ ...p, socket: info.Addr.String, serverCertDer: new Uint8Array() });
    assert.ok((await c.call("GetProviderSchema")).resourceSchemas);
    c.close();
  } finally {
    p.child.kill("SIGTERM");
    assert.equal((await p.child.status).code, 0);
  }
});
