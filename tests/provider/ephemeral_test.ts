import assert from "node:assert/strict";
import { cty, msgpack } from "../../src/cty/mod.ts";
import { handleRpc, PROVIDER_V6 } from "../../src/plugin/mod.ts";
import { decodeMessage, encodeMessage } from "../../src/protobuf/mod.ts";
import { createLogger } from "../../src/logging/mod.ts";
import { withClient } from "../../src/provider/define.ts";
import { defineProvider } from "../../src/provider/define_provider.ts";
import { defineEphemeralResource } from "../../src/provider/ephemeral.ts";
import { s } from "../../src/provider/schema.ts";
import { ProviderServerImpl } from "../../src/provider/_engine/server.ts";
import { isUnknown, unknown } from "../../src/provider/unknown.ts";
import { ProviderClient } from "../../src/testing/mod.ts";

class Vault {
  readonly events: string[] = [];
  #n = 0;
  lease(scope: string) {
    const id = `lease-${++this.#n}`;
    this.events.push(`open ${id} ${scope}`);
    return id;
  }
}

const { defineEphemeralResource: defineVaultEphemeral } = withClient<Vault>();

const token = defineVaultEphemeral({
  typeName: "example_token",
  schema: s.ephemeralResource({
    scope: s.string({ required: true, validators: [s.oneOf("read", "write")] }),
    ttl: s.number({ optional: true }),
    value: s.string({ computed: true, sensitive: true }),
    lease: s.string({ computed: true }),
  }),
  open: ({ config, client }) => {
    const lease = client.lease(config.scope);
    return {
      result: { ...config, value: `tok-${lease}`, lease },
      renewAt: new Date(Date.UTC(2030, 0, 1, 0, 0, 0, 250)),
      private: { lease, renewals: 0 },
    };
  },
  renew: ({ private: p, client }) => {
    const state = p as { lease: string; renewals: number };
    client.events.push(`renew ${state.lease}`);
    return {
      renewAt: new Date(Date.UTC(2030, 0, 1, 0, 1)),
      private: { ...state, renewals: state.renewals + 1 },
    };
  },
  close: ({ private: p, client }) => {
    const state = p as { lease: string; renewals: number };
    client.events.push(`close ${state.lease} after ${state.renewals} renewals`);
  },
  validateConfig: ({ config, diags }) => {
    if (config.ttl !== null && config.ttl <= 0) {
      diags.error("ttl must be positive", { path: [{ kind: "attr", name: "ttl" }] });
    }
  },
});

const bad = defineEphemeralResource({
  typeName: "example_bad",
  schema: s.ephemeralResource({
    mode: s.string({ required: true }),
    out: s.string({ computed: true }),
  }),
  // What untyped (JavaScript) author code can return.
  open: ({ config }): never => {
    if (config.mode === "throw") throw new Error("backend down");
    if (config.mode === "unknown-left") return { result: { ...config, out: unknown } } as never;
    if (config.mode === "changed") return { result: { mode: "other", out: "x" } } as never;
    if (config.mode === "bad-private") {
      return { result: { ...config, out: "x" }, private: 10n } as never;
    }
    if (config.mode === "bad-date") {
      return { result: { ...config, out: "x" }, renewAt: new Date("nope") } as never;
    }
    return null as never;
  },
});

function setup() {
  const vault = new Vault();
  const provider = defineProvider({
    typeName: "example",
    configure: () => vault,
    ephemeralResources: [token, bad],
  });
  const client = new ProviderClient(provider, { log: createLogger({ level: "off" }) });
  return { vault, client, provider };
}

Deno.test("ephemeral: listed in GetMetadata and GetProviderSchema", async () => {
  const { provider } = setup();
  const server = new ProviderServerImpl(provider, { log: createLogger({ level: "off" }) });
  const ctx = { signal: new AbortController().signal };
  const meta = await server.getMetadata({}, ctx);
  assert.deepEqual(meta.ephemeralResources.map((e) => e.typeName).sort(), [
    "example_bad",
    "example_token",
  ]);
  const schema = await server.getProviderSchema({}, ctx);
  const attrs = schema.ephemeralResourceSchemas.example_token.block.attributes;
  assert.deepEqual(attrs.map((a) => [a.name, a.computed, a.sensitive]), [
    ["lease", true, false],
    ["scope", false, false],
    ["ttl", false, false],
    ["value", true, true],
  ]);
});

Deno.test("ephemeral: open, renew and close carry the private value through Terraform", async () => {
  const { vault, client } = setup();
  await client.configure({});
  const opened = await client.openEphemeral("example_token", { scope: "read" });
  assert.deepEqual(opened.diagnostics, []);
  assert.deepEqual(opened.plain, {
    scope: "read",
    ttl: null,
    value: "tok-lease-1",
    lease: "lease-1",
  });
  assert.equal(opened.renewAt?.toISOString(), "2030-01-01T00:00:00.250Z");
  const renewed = await client.renewEphemeral("example_token", opened.private);
  assert.deepEqual(renewed.diagnostics, []);
  assert.equal(renewed.renewAt?.toISOString(), "2030-01-01T00:01:00.000Z");
  const closed = await client.closeEphemeral("example_token", renewed.private);
  assert.deepEqual(closed, []);
  assert.deepEqual(vault.events, [
    "open lease-1 read",
    "renew lease-1",
    "close lease-1 after 1 renewals",
  ]);
});

Deno.test("ephemeral: configuration not known yet answers unknown without opening", async () => {
  const { vault, client } = setup();
  await client.configure({});
  const opened = await client.openEphemeral(
    "example_token",
    cty.object({
      scope: cty.unknown(cty.String),
      ttl: cty.nullValue(cty.Number),
      value: cty.nullValue(cty.String),
      lease: cty.nullValue(cty.String),
    }),
  );
  assert.deepEqual(opened.diagnostics, []);
  assert.ok(isUnknown(opened.plain?.value) && isUnknown(opened.plain?.scope));
  assert.deepEqual(vault.events, []);
});

Deno.test("ephemeral: validation runs validators and the author's hook", async () => {
  const { provider } = setup();
  const server = new ProviderServerImpl(provider, { log: createLogger({ level: "off" }) });
  const ctx = { signal: new AbortController().signal };
  const type = token.schema.type;
  const config = (scope: string, ttl: number) =>
    msgpack.encode(
      cty.object({
        scope: cty.string(scope),
        ttl: cty.number(ttl),
        value: cty.nullValue(cty.String),
        lease: cty.nullValue(cty.String),
      }),
      type,
    );
  const r = await server.validateEphemeralResourceConfig({
    typeName: "example_token",
    config: { msgpack: config("admin", -1) },
  }, ctx);
  const found = r.diagnostics.map((d) => [d.summary, JSON.stringify(d.path)]).sort();
  assert.deepEqual(found, [
    ["Invalid attribute value", '[{"kind":"attr","name":"scope"}]'],
    ["ttl must be positive", '[{"kind":"attr","name":"ttl"}]'],
  ]);
  const ok = await server.validateEphemeralResourceConfig({
    typeName: "example_token",
    config: { msgpack: config("read", 60) },
  }, ctx);
  assert.deepEqual(ok.diagnostics, []);
});

Deno.test("ephemeral: author mistakes and hostile requests become diagnostics", async () => {
  const { client, provider } = setup();
  await client.configure({});
  const expectError = async (mode: string, re: RegExp) => {
    const r = await client.openEphemeral("example_bad", { mode });
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    assert.equal(errors.length, 1, `${mode}: ${JSON.stringify(r.diagnostics)}`);
    assert.match(`${errors[0].summary} ${errors[0].detail ?? ""}`, re, mode);
  };
  await expectError("throw", /open failed: backend down/);
  await expectError("unknown-left", /left "out" unknown/);
  await expectError("changed", /changed "mode" from its planned value/);
  await expectError("bad-private", /private value that is not JSON/);
  await expectError("bad-date", /invalid renewAt/);
  await expectError("null", /open returned no result/);

  const server = new ProviderServerImpl(provider, { log: createLogger({ level: "off" }) });
  const ctx = { signal: new AbortController().signal };
  const unknownType = await server.openEphemeralResource({ typeName: "example_nope" }, ctx);
  assert.match(
    unknownType.diagnostics[0].summary,
    /Unknown ephemeral resource type "example_nope"/,
  );
  assert.match(unknownType.diagnostics[0].detail ?? "", /example_bad, example_token/);
  const corrupt = await server.openEphemeralResource({
    typeName: "example_token",
    config: { msgpack: new Uint8Array([0x84, 0xa1]) },
  }, ctx);
  assert.match(corrupt.diagnostics[0].summary, /Invalid OpenEphemeralResource request/);
  const badPrivate = await server.closeEphemeralResource({
    typeName: "example_token",
    private: new TextEncoder().encode("{not json"),
  }, ctx);
  assert.match(badPrivate.diagnostics[0].summary, /private data Terraform sent back is not valid/);
  const renewNoHook = await server.renewEphemeralResource({
    typeName: "example_bad",
    private: new Uint8Array([1, 2]),
  }, ctx);
  assert.deepEqual(renewNoHook.diagnostics, []);
  assert.deepEqual([...renewNoHook.private!], [1, 2]);
});

Deno.test("ephemeral: defineProvider checks names and schema kinds", () => {
  const wrongKind = defineEphemeralResource({
    typeName: "example_x",
    schema: s.dataSource({ a: s.string({ optional: true }) }),
    open: ({ config }) => ({ result: config }),
  });
  assert.throws(
    () => defineProvider({ typeName: "example", ephemeralResources: [wrongKind] }),
    /ephemeral resource "example_x" needs a schema made with s.ephemeralResource\(\)/,
  );
  const wrongPrefix = defineEphemeralResource({
    typeName: "other_x",
    schema: s.ephemeralResource({}),
    open: () => ({ result: {} }),
  });
  assert.throws(
    () => defineProvider({ typeName: "example", ephemeralResources: [wrongPrefix] }),
    /ephemeral resource type name "other_x" must start with "example_"/,
  );
  assert.throws(
    () => s.ephemeralResource({ a: s.string({ optional: true, default: "x" }) }),
    /defaults only apply to resources/,
  );
});

Deno.test("ephemeral: unknown config is deferred only when Terraform allows deferrals", async () => {
  const { vault, provider } = setup();
  const server = new ProviderServerImpl(provider, { log: createLogger({ level: "off" }) });
  const ctx = { signal: new AbortController().signal };
  await server.configureProvider({
    config: { msgpack: msgpack.encode(cty.object({}), cty.EmptyObject) },
  }, ctx);
  const type = provider.ephemeralResources.get("example_token")!.schema.type;
  const config = (scope: ReturnType<typeof cty.string>) => ({
    msgpack: msgpack.encode(
      cty.object({
        scope,
        ttl: cty.nullValue(cty.Number),
        value: cty.nullValue(cty.String),
        lease: cty.nullValue(cty.String),
      }),
      type,
    ),
  });
  const open = (scope: ReturnType<typeof cty.string>, deferralAllowed: boolean) =>
    server.openEphemeralResource({
      typeName: "example_token",
      config: config(scope),
      clientCapabilities: { deferralAllowed },
    }, ctx);
  const allowed = await open(cty.unknown(cty.String), true);
  assert.deepEqual(allowed.deferred, { reason: 1 });
  assert.deepEqual(allowed.diagnostics, []);
  const refused = await open(cty.unknown(cty.String), false);
  assert.equal(refused.deferred, undefined);
  // A known configuration is opened and never deferred.
  const known = await open(cty.string("read"), true);
  assert.equal(known.deferred, undefined);
  assert.deepEqual(vault.events, ["open lease-1 read"]);
});

Deno.test("ephemeral: listed as an object, the key is the type name", async () => {
  const nonce = defineEphemeralResource({
    schema: s.ephemeralResource({ value: s.string({ computed: true }) }),
    open: () => ({ result: { value: "n-1" } }),
  });
  const provider = defineProvider({
    typeName: "example",
    ephemeralResources: { example_nonce: nonce, example_token: token },
  });
  assert.deepEqual([...provider.ephemeralResources.keys()], ["example_nonce", "example_token"]);
  const client = new ProviderClient(provider, { log: createLogger({ level: "off" }) });
  await client.configure({});
  const opened = await client.openEphemeral("example_nonce", {});
  assert.deepEqual(opened.diagnostics, []);
  assert.deepEqual(opened.plain, { value: "n-1" });
  // A key that contradicts the definition's own type name is refused.
  assert.throws(
    () => defineProvider({ typeName: "example", ephemeralResources: { example_other: token } }),
    /key "example_other" names the ephemeral resource defined as "example_token"/,
  );
  // Unnamed in an array: nothing to call it by.
  assert.throws(
    () => defineProvider({ typeName: "example", ephemeralResources: [nonce] }),
    /ephemeral resource in the array has no typeName/,
  );
  assert.throws(
    () => defineProvider({ typeName: "example", ephemeralResources: { other_nonce: nonce } }),
    /ephemeral resource type name "other_nonce" must start with "example_"/,
  );
  assert.throws(
    () => defineProvider({ typeName: "example", ephemeralResources: 7 as never }),
    /ephemeralResources must be an array or an object keyed by name/,
  );
});

Deno.test("ephemeral: the deferral travels through the tfplugin6 wire both ways", async () => {
  const { provider } = setup();
  const server = new ProviderServerImpl(provider, { log: createLogger({ level: "off" }) });
  const spec = PROVIDER_V6.find((r) => r.method === "OpenEphemeralResource")!;
  const type = provider.ephemeralResources.get("example_token")!.schema.type;
  const config = cty.object({
    scope: cty.unknown(cty.String),
    ttl: cty.nullValue(cty.Number),
    value: cty.nullValue(cty.String),
    lease: cty.nullValue(cty.String),
  });
  const call = async (deferralAllowed: boolean) =>
    decodeMessage(
      spec.response,
      await handleRpc(
        spec,
        server,
        encodeMessage(spec.request, {
          typeName: "example_token",
          config: { msgpack: msgpack.encode(config, type) },
          clientCapabilities: { deferralAllowed },
        }),
        { signal: new AbortController().signal },
        createLogger({ level: "off" }),
      ),
    ) as { deferred?: { reason?: number }; diagnostics?: unknown[] };
  const allowed = await call(true);
  assert.deepEqual(allowed.diagnostics ?? [], []);
  assert.equal(allowed.deferred?.reason, 1);
  assert.equal((await call(false)).deferred, undefined);
});
