// An unknown provider configuration: deferred operations for a client that
// accepts deferrals (Terraform 1.11 never does, so in process), one error
// naming the argument for one that does not.
import assert from "node:assert/strict";
import { msgpack } from "../../src/cty/mod.ts";
import {
  defineDataSource,
  defineProvider,
  defineResource,
  s,
  unknown,
} from "../../src/provider/mod.ts";
import { fromPlain, ProviderServerImpl } from "../../src/provider/_engine/mod.ts";

const calls: string[] = [];
const schema = s.resource({ id: s.string({ computed: true }), name: s.string({ required: true }) });
const thing = defineResource({
  typeName: "t_thing",
  schema,
  modifyPlan: () => void calls.push("modifyPlan"),
  create: ({ plan }) => ({ ...plan, id: "1" }),
  read: ({ state }) => (calls.push("read"), state),
  update: ({ plan, state }) => ({ ...plan, id: state.id }),
  delete: () => {},
});
const lookup = defineDataSource({
  typeName: "t_lookup",
  schema: s.dataSource({ name: s.string({ required: true }), id: s.string({ computed: true }) }),
  read: ({ config }) => (calls.push("readData"), { ...config, id: "x" }),
});
const provider = defineProvider({
  typeName: "t",
  schema: s.provider({
    endpoint: s.string({ optional: true }),
    region: s.string({ optional: true }),
  }),
  configure: () => (calls.push("configure"), {}),
  resources: [thing],
  dataSources: [lookup],
});
const pschema = provider.schema;
const dv = (v: Record<string, unknown> | null, type = schema.type) => ({
  msgpack: msgpack.encode(fromPlain(v, type), type),
});
const signal = new AbortController().signal;
const allow = { deferralAllowed: true };

Deno.test("deferred: unknown provider configuration defers plan, read, import and data reads", async () => {
  calls.length = 0;
  const server = new ProviderServerImpl(provider);
  const configured = await server.configureProvider({
    config: dv({ endpoint: unknown, region: "eu" }, pschema.type),
    clientCapabilities: allow,
  }, { signal });
  assert.deepEqual(configured.diagnostics, []);
  const cfg = { id: null, name: "a" };
  const plan = await server.planResourceChange({
    typeName: "t_thing",
    priorState: dv(null),
    proposedNewState: dv(cfg),
    config: dv(cfg),
    clientCapabilities: allow,
  }, { signal });
  assert.deepEqual(plan.deferred, { reason: 2 });
  assert.deepEqual(plan.diagnostics, []);
  const planned = msgpack.decode(plan.plannedState!.msgpack!, schema.type);
  assert.equal(planned.getAttr("id").isKnown, false);
  const state = dv({ id: "1", name: "a" });
  const read = await server.readResource(
    { typeName: "t_thing", currentState: state, clientCapabilities: allow },
    { signal },
  );
  assert.deepEqual(read.deferred, { reason: 2 });
  assert.equal(read.newState, state);
  const imported = await server.importResourceState(
    { typeName: "t_thing", id: "1", clientCapabilities: allow },
    { signal },
  );
  assert.deepEqual(imported.deferred, { reason: 2 });
  assert.equal(imported.importedResources.length, 1);
  const data = await server.readDataSource({
    typeName: "t_lookup",
    config: dv({ name: "n", id: null }, lookup.schema.type),
    clientCapabilities: allow,
  }, { signal });
  assert.deepEqual(data.deferred, { reason: 2 });
  // No author code ran without a configured client.
  assert.deepEqual(calls, []);
});

Deno.test("deferred: without deferral, one diagnostic names the unknown argument", async () => {
  calls.length = 0;
  const server = new ProviderServerImpl(provider);
  const r = await server.configureProvider({
    config: dv({ endpoint: "https://x", region: unknown }, pschema.type),
  }, { signal });
  assert.equal(r.diagnostics.length, 1);
  assert.equal(r.diagnostics[0].summary, "Provider configuration is not known yet");
  assert.match(r.diagnostics[0].detail ?? "", /argument "region" depends on a value/);
  assert.deepEqual(r.diagnostics[0].path, [{ kind: "attr", name: "region" }]);
  assert.deepEqual(calls, []);
});

Deno.test("deferred: a known configuration configures, and a deferral-capable client is answered normally", async () => {
  calls.length = 0;
  const server = new ProviderServerImpl(provider);
  await server.configureProvider({
    config: dv({ endpoint: "https://x", region: "eu" }, pschema.type),
    clientCapabilities: allow,
  }, { signal });
  const state = dv({ id: "1", name: "a" });
  const read = await server.readResource(
    { typeName: "t_thing", currentState: state, clientCapabilities: allow },
    { signal },
  );
  assert.equal(read.deferred, undefined);
  assert.deepEqual(calls, ["configure", "read"]);
});
