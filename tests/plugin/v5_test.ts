// Protocol 5: the v5 tables (hand-computed bytes), the v6 -> v5 response
// mapping in process, and a real provider process spoken to over v5.
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import * as grpc from "@grpc/grpc-js";
import { createLogger } from "../../src/logging/mod.ts";
import { decodeMessage, encodeMessage, type Message } from "../../src/protobuf/mod.ts";
import {
  handleRpc,
  negotiateHandshake,
  PROVIDER_V5,
  PROVIDER_V6,
  type ProviderServer,
  tfplugin5,
  tfplugin6,
  toV5SchemaResponse,
} from "../../src/plugin/mod.ts";
import { connect, generateCertificate, launch, pluginEnv, rawServiceDefinition } from "./client.ts";

const log = createLogger({ level: "off" });
const ctx = { signal: new AbortController().signal };
const STRING = new TextEncoder().encode('"string"');
const v5 = (wire: string) => PROVIDER_V5.find((r) => r.serviceMethod === wire)!;

async function callV5(wire: string, server: ProviderServer, req: Message = {}) {
  const spec = v5(wire);
  const bytes = await handleRpc(spec, server, encodeMessage(spec.request, req), ctx, log);
  return { bytes, res: decodeMessage(spec.response, bytes) };
}

type Diag = { severity: number; summary: string; detail: string };
const diags = (r: Message) => r.diagnostics as Diag[];

Deno.test("v5 tables: write_only is field 10, nested_type has no field, known bytes", () => {
  // name "a" (0a 01 61), type "string" bytes (12 08 ...), write_only (50 01).
  const attr = { name: "a", type: STRING, writeOnly: true };
  const expected = new Uint8Array([0x0a, 0x01, 0x61, 0x12, 0x08, ...STRING, 0x50, 0x01]);
  assert.deepEqual(encodeMessage(tfplugin5.SchemaAttribute, attr), expected);
  // v6 puts it at 11 (58 01): the tables must not be shared.
  assert.deepEqual(
    encodeMessage(tfplugin6.SchemaAttribute, attr).slice(-2),
    new Uint8Array([0x58, 0x01]),
  );
  // A nestedType value never reaches the v5 wire (v5 field 10 is a bool).
  assert.deepEqual(
    encodeMessage(tfplugin5.SchemaAttribute, { ...attr, nestedType: { nesting: 2 } }),
    expected,
  );
  assert.deepEqual(decodeMessage(tfplugin5.SchemaAttribute, expected).writeOnly, true);

  // PrepareProviderConfig.Response: prepared_config (1) {msgpack (1): 80},
  // then one diagnostic (2) {severity (1): 2}.
  const prep = new Uint8Array([0x0a, 0x03, 0x0a, 0x01, 0x80, 0x12, 0x02, 0x08, 0x02]);
  const decoded = decodeMessage(tfplugin5.PrepareProviderConfigResponse, prep);
  assert.deepEqual(
    (decoded.preparedConfig as { msgpack: Uint8Array }).msgpack,
    Uint8Array.of(0x80),
  );
  assert.equal(diags(decoded)[0].severity, 2);
  assert.deepEqual(encodeMessage(tfplugin5.PrepareProviderConfigResponse, decoded), prep);

  // GetSchema: resource_schemas (2) map entry {key "t", value Schema {version 7}}.
  const schema = new Uint8Array([0x12, 0x07, 0x0a, 0x01, 0x74, 0x12, 0x02, 0x08, 0x07]);
  const gs = decodeMessage(tfplugin5.GetSchemaResponse, schema);
  assert.equal((gs.resourceSchemas as Record<string, { version: number }>).t.version, 7);
  assert.deepEqual(encodeMessage(tfplugin5.GetSchemaResponse, gs), schema);
});

Deno.test("v5 service: v5 names, same requests as v6, own tables only where v5 differs", () => {
  assert.equal(PROVIDER_V5.length, PROVIDER_V6.length);
  const differs: string[] = [];
  PROVIDER_V5.forEach((s5, i) => {
    const s6 = PROVIDER_V6[i];
    assert.equal(s5.method, s6.method);
    assert.equal(s5.request.name, `tfplugin5.${s5.serviceMethod}.Request`);
    // Requests: identical field tables (checked against tfplugin5.9.proto).
    assert.deepEqual(s5.request.fields, s6.request.fields);
    if (s5.response.fields !== s6.response.fields) differs.push(s5.serviceMethod!);
  });
  assert.deepEqual(differs, ["GetSchema", "PrepareProviderConfig"]);
  assert.deepEqual(
    PROVIDER_V5.map((s) => s.serviceMethod).filter((m, i) => m !== PROVIDER_V6[i].method),
    [
      "GetSchema",
      "PrepareProviderConfig",
      "ValidateResourceTypeConfig",
      "ValidateDataSourceConfig",
      "Configure",
      "Stop",
    ],
  );
  // Negotiation: the highest version both sides speak, whatever the order.
  const env = (versions: string) => (k: string) =>
    ({
      TF_PLUGIN_MAGIC_COOKIE: "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
      PLUGIN_PROTOCOL_VERSIONS: versions,
    })[k];
  for (const [offered, want] of [["6,5", 6], ["5,6", 6], ["5", 5], ["6", 6]] as const) {
    const decision = negotiateHandshake(env(offered), [5, 6]);
    assert.ok(decision.ok && decision.protocolVersion === want, offered);
  }
});

Deno.test("v5 GetSchema: nested attribute types become one precise error diagnostic", async () => {
  const nested = (name: string) => ({ name, nestedType: { attributes: [], nesting: 2 } });
  const server: ProviderServer = {
    getProviderSchema: () => ({
      provider: { version: 0, block: { attributes: [{ name: "region", type: STRING }] } },
      resourceSchemas: {
        acme_fw: { version: 0, block: { attributes: [nested("rules")] } },
      },
      dataSourceSchemas: {
        acme_net: {
          version: 0,
          block: {
            blockTypes: [{
              typeName: "subnet",
              nesting: 2,
              block: { attributes: [nested("tags")] },
            }],
          },
        },
      },
      diagnostics: [{ severity: "warning", summary: "kept" }],
    }),
  };
  const { res } = await callV5("GetSchema", server);
  assert.equal(res.provider, undefined);
  assert.deepEqual(res.resourceSchemas, {});
  const [warning, error] = diags(res);
  assert.equal(warning.summary, "kept");
  assert.equal(error.severity, 1);
  assert.equal(error.summary, "Provider schema needs plugin protocol 6");
  assert.match(
    error.detail,
    /resource "acme_fw": attribute "rules"; data source "acme_net": block "subnet" > attribute "tags"\. /,
  );

  // Many offenders: ten named, the rest counted, so the message stays short.
  const many = toV5SchemaResponse({
    resourceSchemas: Object.fromEntries(
      Array.from({ length: 13 }, (_, i) => [`r${i}`, { block: { attributes: [nested("x")] } }]),
    ),
  });
  const detail = diags(many)[0].detail;
  assert.equal(detail.match(/attribute "x"/g)!.length, 10);
  assert.match(detail, /; and 3 more\./);

  // The same schema over v6 is served as is.
  const spec6 = PROVIDER_V6.find((r) => r.method === "GetProviderSchema")!;
  const bytes6 = await handleRpc(spec6, server, new Uint8Array(), ctx, log);
  const res6 = decodeMessage(spec6.response, bytes6);
  assert.ok((res6.resourceSchemas as Record<string, unknown>).acme_fw);
});

Deno.test("v5 GetSchema: plain schemas pass with write_only at 10; hostile ones get a diagnostic", async () => {
  const block = { attributes: [{ name: "secret", type: STRING, optional: true, writeOnly: true }] };
  const { bytes, res } = await callV5("GetSchema", {
    getProviderSchema: () => ({ resourceSchemas: { acme_s: { version: 2, block } } }),
  });
  assert.deepEqual(diags(res), []);
  const attr = (res.resourceSchemas as Record<string, { block: { attributes: Message[] } }>)
    .acme_s.block.attributes[0];
  assert.equal(attr.writeOnly, true);
  // Field 10 means nested_type in v6: the v6 table cannot read these bytes.
  assert.throws(
    () => decodeMessage(PROVIDER_V6[1].response, bytes),
    /field nestedType \(10\) has wire type 0/,
  );

  // A block that contains itself: bounded walk, then the encoder's depth limit.
  const cyclic: Record<string, unknown> = { attributes: [] };
  cyclic.blockTypes = [{ typeName: "loop", nesting: 1, block: cyclic }];
  const { res: bad } = await callV5("GetSchema", {
    getProviderSchema: () => ({ provider: { version: 0, block: cyclic } }),
  });
  assert.equal(diags(bad)[0].severity, 1);
  assert.match(diags(bad)[0].summary, /Invalid GetProviderSchema response/);
  assert.match(diags(bad)[0].detail, /deeper than 64/);
});

Deno.test("v5 PrepareProviderConfig: echoes the config, also with no handler and on errors", async () => {
  const config = { msgpack: new Uint8Array([0x81, 0xa1, 0x61, 0xc0]) };
  const prepared = (r: Message) => (r.preparedConfig as { msgpack: Uint8Array }).msgpack;
  // No handler: valid, config unchanged.
  assert.deepEqual(
    prepared((await callV5("PrepareProviderConfig", {}, { config })).res),
    config.msgpack,
  );
  // A handler reporting a problem: the diagnostic travels with the echoed config.
  const { res } = await callV5("PrepareProviderConfig", {
    validateProviderConfig: () => ({ diagnostics: [{ severity: "error", summary: "bad region" }] }),
  }, { config });
  assert.deepEqual(prepared(res), config.msgpack);
  assert.equal(diags(res)[0].summary, "bad region");
  // A handler that throws: an error diagnostic under the RPC's name.
  const { res: thrown } = await callV5("PrepareProviderConfig", {
    validateProviderConfig: () => {
      throw new Error("boom");
    },
  }, { config });
  assert.deepEqual(diags(thrown)[0].detail, "boom");
});

function rawUnary(target: string, creds: grpc.ChannelCredentials, service: string, method: string) {
  const Ctor = grpc.makeGenericClientConstructor(
    rawServiceDefinition(service, [{ name: method }]),
    "Raw",
  );
  const client = new Ctor(target, creds, {
    "grpc.ssl_target_name_override": "localhost",
    "grpc.default_authority": "localhost",
  }) as unknown as Record<
    string,
    (req: Uint8Array, cb: (e: grpc.ServiceError | null) => void) => void
  >;
  return new Promise<grpc.ServiceError | null>((resolve) => {
    client[method](new Uint8Array(), (err) => {
      (client as unknown as grpc.Client).close();
      resolve(err);
    });
  });
}

Deno.test("a provider process serves tfplugin5 when Terraform offers only 5", async () => {
  const client = generateCertificate();
  const p = await launch({ ...pluginEnv(client.certPem), PLUGIN_PROTOCOL_VERSIONS: "5" });
  try {
    assert.match(p.line, /^1\|5\|unix\|\/.+\|grpc\|[A-Za-z0-9+/]+$/);
    const c = connect(p, client);

    const schema = await c.call("GetSchema");
    const tiny = (schema.resourceSchemas as Record<string, { version: number; block: Message }>)
      .tiny_thing;
    assert.equal(tiny.version, 1);
    const attrs = tiny.block.attributes as { name: string; type: Uint8Array; required: boolean }[];
    assert.deepEqual(attrs.map((a) => [a.name, new TextDecoder().decode(a.type), a.required]), [
      ["id", '"string"', false],
      ["name", '"string"', true],
    ]);

    const config = { msgpack: new Uint8Array([0x81, 0xa4, 0x6e, 0x61, 0x6d, 0x65, 0xc0]) };
    const prep = await c.call("PrepareProviderConfig", { config });
    assert.deepEqual((prep.preparedConfig as { msgpack: Uint8Array }).msgpack, config.msgpack);
    assert.deepEqual(prep.diagnostics, []);

    // An error diagnostic with its attribute path, in v5's (identical) form.
    const v = await c.call("ValidateResourceTypeConfig", { typeName: "tiny_thing" });
    const d = diags(v)[0] as Diag & { attribute: { steps: Message[] } };
    assert.deepEqual([d.severity, d.summary], [1, "bad tiny_thing"]);
    assert.deepEqual(d.attribute.steps.map((s) => s.attributeName ?? s.elementKeyString), [
      "tags",
      "env",
    ]);
    assert.equal(
      diags(await c.call("Configure", { terraformVersion: "0.14.11" }))[0].detail,
      "configure exploded",
    );

    // Only the v5 service is registered: v6 names are UNIMPLEMENTED.
    const target = `unix:${p.socket}`;
    const pem = "-----BEGIN CERTIFICATE-----\n" +
      btoa(String.fromCharCode(...p.serverCertDer)).match(/.{1,64}/g)!.join("\n") +
      "\n-----END CERTIFICATE-----\n";
    const creds = grpc.credentials.createSsl(
      Buffer.from(pem),
      Buffer.from(client.keyPem),
      Buffer.from(client.certPem),
    );
    for (
      const [service, method] of [
        ["tfplugin6.Provider", "GetProviderSchema"],
        ["tfplugin5.Provider", "GetProviderSchema"],
      ]
    ) {
      const err = await rawUnary(target, creds, service, method);
      assert.equal(err?.code, grpc.status.UNIMPLEMENTED, `${service}/${method}`);
    }

    assert.equal((await c.call("Stop")).error, "");
    await c.shutdown();
    c.close();
    assert.equal((await p.child.status).code, 0);
    assert.equal(await Deno.stat(p.socket).then(() => true, () => false), false, "socket removed");
  } finally {
    try {
      p.child.kill("SIGKILL");
    } catch { /* exited */ }
  }
});
