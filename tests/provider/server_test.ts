import assert from "node:assert/strict";
import { createLogger, writerSink } from "../../src/logging/mod.ts";
import { defineDataSource, defineResource, withClient } from "../../src/provider/define.ts";
import { defineProvider } from "../../src/provider/define_provider.ts";
import { DiagnosticError } from "../../src/provider/diagnostic_error.ts";
import { s } from "../../src/provider/schema.ts";
import { ProviderServerImpl } from "../../src/provider/_engine/server.ts";
import { isUnknown, unknown } from "../../src/provider/unknown.ts";
import { ProviderClient } from "../../src/testing/mod.ts";

class Api {
  readonly objects = new Map<string, { name: string; size: string }>();
  #next = 1;
  constructor(readonly endpoint: string) {}
  create(name: string, size: string) {
    if (name === "boom") throw new Error("quota exceeded");
    const id = `srv-${this.#next++}`;
    this.objects.set(id, { name, size });
    return id;
  }
}

const { defineResource: defineApiResource, defineDataSource: defineApiData } = withClient<Api>();

const serverSchema = s.resource({
  id: s.string({ computed: true, planModifiers: [s.useStateForUnknown()] }),
  name: s.string({ required: true, validators: [s.lengthBetween(1, 10)] }),
  size: s.string({ optional: true, default: "small", requiresReplace: true }),
  ip: s.string({ computed: true }),
  tags: s.map(s.string(), { optional: true }),
});

const server = defineApiResource({
  typeName: "example_server",
  schema: serverSchema,
  create: ({ plan, client }) => {
    if (plan.name === "diag") {
      throw DiagnosticError.at("Name reserved", [{ kind: "attr", name: "name" }], "Pick another.");
    }
    const id = client.create(plan.name, plan.size);
    if (plan.name === "lazy") return { ...plan, id, ip: unknown } as never; // forgets ip
    if (plan.name === "liar") return { ...plan, id, ip: "1.1.1.1", size: "huge" };
    return { ...plan, id, ip: "10.0.0.1" };
  },
  read: ({ state, client }) => client.objects.has(state.id) ? state : null,
  update: ({ plan, state }) => ({ ...plan, id: state.id, ip: "10.0.0.2" }),
  delete: ({ state, client }) => {
    client.objects.delete(state.id);
  },
});

const echo = defineApiData({
  typeName: "example_echo",
  schema: s.dataSource({
    input: s.string({ required: true }),
    output: s.string({ computed: true }),
  }),
  read: ({ config, client }) => ({ ...config, output: `${client.endpoint}:${config.input}` }),
});

const legacy = defineResource({
  typeName: "example_legacy",
  schema: s.resource({ id: s.string({ required: true }), n: s.number({ optional: true }) }, {
    version: 2,
  }),
  create: ({ plan }) => plan,
  read: ({ state }) => state,
  update: ({ plan }) => plan,
  delete: () => {},
  upgradeState: ({ version, rawState }) => {
    const old = rawState as { identifier: string; count: number };
    return { id: `${old.identifier}@v${version}`, n: old.count };
  },
});

const noId = defineResource({
  typeName: "example_noid",
  schema: s.resource({ name: s.string({ required: true }) }),
  create: ({ plan }) => plan,
  read: ({ state }) => state,
  update: ({ plan }) => plan,
  delete: () => {},
});

const provider = defineProvider({
  typeName: "example",
  schema: s.provider({ endpoint: s.string({ optional: true }) }),
  configure: ({ config }) => new Api(config.endpoint ?? "http://localhost"),
  resources: [server, legacy, noId],
  dataSources: [echo],
});

const quiet = createLogger({ sink: writerSink(() => {}) });

async function client() {
  const c = new ProviderClient(provider, { log: quiet });
  assert.deepEqual(await c.configure({ endpoint: "http://api" }), []);
  return c;
}

Deno.test("server: schema has every resource and data source in tfplugin6 shape", async () => {
  const c = await client();
  const r = await c.server.getProviderSchema({}, { signal: new AbortController().signal });
  assert.deepEqual(Object.keys(r.resourceSchemas).sort(), [
    "example_legacy",
    "example_noid",
    "example_server",
  ]);
  assert.deepEqual(Object.keys(r.dataSourceSchemas), ["example_echo"]);
  assert.equal(r.resourceSchemas.example_legacy.version, 2);
  assert.equal(r.serverCapabilities.planDestroy, true);
  assert.deepEqual(r.provider.block.attributes.map((a) => a.name), ["endpoint"]);
  const meta = await c.server.getMetadata({});
  assert.deepEqual(meta.dataSources, [{ typeName: "example_echo" }]);
});

Deno.test("server: full lifecycle create, no-op plan, update, replace, read gone, destroy", async () => {
  const c = await client();
  const created = await c.create("example_server", { name: "web" });
  assert.deepEqual(created.diagnostics, []);
  assert.deepEqual(created.plain, {
    id: "srv-1",
    name: "web",
    size: "small",
    ip: "10.0.0.1",
    tags: null,
  });

  const config = { name: "web", tags: null };
  const same = await c.plan("example_server", { prior: created.value, config });
  assert.ok(same.value.rawEquals(created.value), "unchanged config plans the prior state");

  const changed = await c.plan("example_server", {
    prior: created.value,
    config: { name: "web", tags: {} },
  });
  assert.deepEqual(changed.plain, { ...created.plain, ip: unknown, tags: {} });
  assert.deepEqual(changed.requiresReplace, []);
  const updated = await c.apply("example_server", {
    prior: created.value,
    planned: changed.value,
    config: { name: "web", tags: {} },
  });
  assert.deepEqual(updated.plain, { ...created.plain, ip: "10.0.0.2", tags: {} });

  const bigger = await c.plan("example_server", {
    prior: updated.value,
    config: { name: "web", size: "large" },
  });
  assert.deepEqual(bigger.requiresReplace, [[{ kind: "attr", name: "size" }]]);

  const destroyPlan = await c.plan("example_server", {
    prior: updated.value,
    config: null,
    proposed: null,
  });
  assert.equal(destroyPlan.plain, null);
  const destroyed = await c.apply("example_server", {
    prior: updated.value,
    planned: null,
    config: null,
  });
  assert.equal(destroyed.plain, null);
  const gone = await c.read("example_server", updated.value);
  assert.deepEqual(gone.diagnostics, []);
  assert.equal(gone.plain, null, "read returning null removes the resource");
});

Deno.test("server: author exceptions become diagnostics naming the type; serving continues", async () => {
  const c = await client();
  const failed = await c.create("example_server", { name: "boom" });
  assert.equal(failed.diagnostics.length, 1);
  assert.equal(failed.diagnostics[0].severity, "error");
  assert.equal(failed.diagnostics[0].summary, "example_server: create failed: quota exceeded");
  assert.equal(failed.plain, null, "a failed create leaves no state");

  const diag = await c.create("example_server", { name: "diag" });
  assert.deepEqual(diag.diagnostics, [{
    severity: "error",
    summary: "Name reserved",
    detail: "Pick another.",
    path: [{ kind: "attr", name: "name" }],
  }]);

  const ok = await c.create("example_server", { name: "fine" });
  assert.deepEqual(ok.diagnostics, []);
});

Deno.test("server: a state left unknown or contradicting the plan is refused with the attribute", async () => {
  const c = await client();
  const lazy = await c.create("example_server", { name: "lazy" });
  assert.equal(lazy.diagnostics[0].summary, 'example_server: create left "ip" unknown');
  assert.deepEqual(lazy.diagnostics[0].path, [{ kind: "attr", name: "ip" }]);
  const liar = await c.create("example_server", { name: "liar" });
  assert.equal(
    liar.diagnostics[0].summary,
    'example_server: create changed "size" from its planned value',
  );
  assert.match(liar.diagnostics[0].detail ?? "", /Planned "small", but create returned "huge"/);
});

Deno.test("server: validation runs validators with paths; unknown type names are diagnosed", async () => {
  const c = await client();
  const diags = await c.validate("example_server", { name: "much-too-long-name" });
  assert.equal(diags.length, 1);
  assert.deepEqual(diags[0].path, [{ kind: "attr", name: "name" }]);
  assert.deepEqual(await c.validate("example_server", { name: unknown }), []);
  const r = await c.server.validateResourceConfig({ typeName: "example_nope" });
  assert.match(r.diagnostics[0].summary, /Unknown resource type "example_nope"/);
  assert.match(r.diagnostics[0].detail ?? "", /example_legacy, example_noid, example_server/);
});

Deno.test("server: malformed request bytes give an error diagnostic, not an exception", async () => {
  const c = await client();
  const r = await c.server.planResourceChange({
    typeName: "example_server",
    config: { msgpack: new Uint8Array([0x93, 0xff]) },
  });
  assert.equal(r.diagnostics[0].summary, "Invalid PlanResourceChange request");
  assert.match(r.diagnostics[0].detail ?? "", /cannot decode/);
});

Deno.test("server: data sources read with the client, and unknown config defers", async () => {
  const c = await client();
  const r = await c.readData("example_echo", { input: "hi" });
  assert.deepEqual(r.plain, { input: "hi", output: "http://api:hi" });
  const deferred = await c.readData("example_echo", { input: unknown });
  assert.ok(isUnknown(deferred.plain?.output) && isUnknown(deferred.plain?.input));
});

Deno.test("server: import passes the id through, or explains why it cannot", async () => {
  const c = await client();
  const r = await c.import("example_server", "srv-9");
  assert.deepEqual(r.plain, { id: "srv-9", name: null, size: null, ip: null, tags: null });
  const no = await c.import("example_noid", "x");
  assert.equal(no.diagnostics[0].summary, "example_noid does not support import");
});

Deno.test("server: upgrade decodes current state JSON and calls upgradeState for old versions", async () => {
  const c = await client();
  const current = await c.upgrade(
    "example_legacy",
    2,
    '{"id":"a","n":123456789012345678901234567890,"removed":true}',
  );
  assert.deepEqual(current.diagnostics, []);
  assert.equal(current.plain?.id, "a");
  assert.equal(String(current.value.getAttr("n").toJS()), "123456789012345678901234567890");
  const old = await c.upgrade("example_legacy", 1, '{"identifier":"b","count":3}');
  assert.deepEqual(old.plain, { id: "b@v1", n: 3 });
  const future = await c.upgrade("example_legacy", 3, "{}");
  assert.match(future.diagnostics[0].summary, /newer provider/);
});

Deno.test("server: StopProvider aborts the signal author code holds", async () => {
  let started!: () => void;
  const createStarted = new Promise<void>((r) => (started = r));
  const slow = defineResource({
    typeName: "example_slow",
    schema: s.resource({ name: s.string({ required: true }) }),
    create: ({ plan, signal }) => {
      started();
      return new Promise((resolve, reject) => {
        signal.addEventListener("abort", () => reject(new Error("stopped")));
        void resolve, plan;
      });
    },
    read: ({ state }) => state,
    update: ({ plan }) => plan,
    delete: () => {},
  });
  const srv = new ProviderServerImpl(defineProvider({ typeName: "example", resources: [slow] }), {
    log: quiet,
  });
  const c = new ProviderClient(srv);
  const pending = c.create("example_slow", { name: "x" });
  await createStarted;
  await srv.stopProvider();
  const r = await pending;
  assert.equal(r.diagnostics[0].summary, "example_slow: create failed: stopped");
});

Deno.test("server: features the provider does not declare answer with clear diagnostics", async () => {
  const c = await client();
  const move = await c.server.moveResourceState({
    sourceTypeName: "a_b",
    targetTypeName: "example_server",
    sourceState: { json: new TextEncoder().encode("{}") },
  });
  assert.equal(move.diagnostics[0].summary, "Cannot move a_b to example_server");
  assert.match(move.diagnostics[0].detail ?? "", /does not accept state moved/);
  const eph = await c.server.openEphemeralResource({ typeName: "example_token" });
  assert.equal(eph.diagnostics[0].summary, 'Unknown ephemeral resource type "example_token"');
  assert.match(eph.diagnostics[0].detail ?? "", /serves ephemeral resource types: none/);
  const fn = await c.server.callFunction({ name: "parse" });
  assert.match(fn.error?.text ?? "", /has no function "parse" \(it has: none\)/);
});

Deno.test("defineProvider: bad type names and duplicates are refused up front", () => {
  assert.throws(
    () => defineProvider({ typeName: "example", resources: [server, server], dataSources: [echo] }),
    /resource "example_server" is defined twice/,
  );
  assert.throws(
    () => defineProvider({ typeName: "other", resources: [server] }),
    /resource type name "example_server" must start with "other_"/,
  );
  assert.throws(
    () =>
      defineProvider({
        typeName: "example",
        dataSources: [
          defineDataSource({
            typeName: "example_x",
            schema: serverSchema,
            read: ({ config }) => config as never,
          }),
        ],
      }),
    /needs a schema made with s.dataSource\(\)/,
  );
});

Deno.test("server: a state returned with error diagnostics is kept so Terraform taints it", async () => {
  const half = defineResource({
    typeName: "example_half",
    schema: s.resource({ id: s.string({ computed: true }), name: s.string({ required: true }) }),
    create: ({ plan, diags }) => {
      diags.error("Created but not ready", { detail: "The server did not boot." });
      return { ...plan, id: "h-1" };
    },
    read: ({ state }) => state,
    update: ({ plan, state }) => ({ ...plan, id: state.id }),
    delete: () => {},
  });
  const c = new ProviderClient(defineProvider({ typeName: "example", resources: [half] }), {
    log: quiet,
  });
  const r = await c.create("example_half", { name: "x" });
  assert.equal(r.diagnostics[0].summary, "Created but not ready");
  assert.deepEqual(r.plain, { id: "h-1", name: "x" });
});

Deno.test("server: a validateConfig hook's request carries signal and log, also spread", async () => {
  const seen: { keys: string[]; aborted: boolean[]; logs: boolean } = {
    keys: [],
    aborted: [],
    logs: false,
  };
  let proceed!: () => void;
  const later = new Promise<void>((r) => (proceed = r));
  let entered!: () => void;
  const inHook = new Promise<void>((r) => (entered = r));
  const checked = defineResource({
    typeName: "example_checked",
    schema: s.resource({ name: s.string({ required: true }) }),
    // Made on first read: a spread copy still has both, and the signal
    // follows StopProvider even when first read after it.
    validateConfig: async (req) => {
      const copy = { ...req };
      seen.keys = Object.keys(copy).sort();
      seen.logs = typeof copy.log.info === "function";
      seen.aborted.push(copy.signal.aborted);
      entered();
      await later;
      seen.aborted.push(req.signal.aborted);
    },
    create: ({ plan }) => plan,
    read: ({ state }) => state,
    update: ({ plan }) => plan,
    delete: () => {},
  });
  const srv = new ProviderServerImpl(
    defineProvider({ typeName: "example", resources: [checked] }),
    {
      log: quiet,
    },
  );
  const pending = new ProviderClient(srv).validate("example_checked", { name: "x" });
  await inHook;
  await srv.stopProvider();
  proceed();
  assert.deepEqual(await pending, []);
  assert.deepEqual(seen.keys, ["config", "diags", "log", "signal", "typeName"]);
  assert.equal(seen.logs, true);
  assert.deepEqual(seen.aborted, [false, true]);
});
