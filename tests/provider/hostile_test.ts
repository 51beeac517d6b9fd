import assert from "node:assert/strict";
import { createLogger, writerSink } from "../../src/logging/mod.ts";
import { cty as T } from "../../src/cty/mod.ts";
import { defineResource } from "../../src/provider/define.ts";
import { defineEphemeralResource } from "../../src/provider/ephemeral.ts";
import { defineFunction } from "../../src/provider/function.ts";
import { defineProvider } from "../../src/provider/define_provider.ts";
import { s } from "../../src/provider/schema.ts";
import { ProviderServerImpl } from "../../src/provider/_engine/server.ts";
import { stateFromJson } from "../../src/provider/_engine/state_json.ts";
import { toPlain } from "../../src/provider/_engine/plain_values.ts";

const thing = defineResource({
  typeName: "example_thing",
  schema: s.resource({
    id: s.string({ computed: true }),
    name: s.string({ required: true }),
    tags: s.map(s.string(), { optional: true }),
    rule: s.listBlock({ port: s.number({ required: true }) }),
  }),
  create: ({ plan }) => ({ ...plan, id: "x" }),
  read: ({ state }) => state,
  update: ({ plan, state }) => ({ ...plan, id: state.id }),
  delete: () => {},
});
const token = defineEphemeralResource({
  typeName: "example_token",
  schema: s.ephemeralResource({
    scope: s.string({ required: true }),
    value: s.string({ computed: true }),
  }),
  open: ({ config }) => ({ result: { ...config, value: "t" }, private: { n: 1 } }),
  renew: ({ private: p }) => ({ private: p }),
  close: () => {},
});
const pair = defineFunction({
  name: "pair",
  parameters: [{ name: "a", type: s.string() }, { name: "b", type: s.list(s.number()) }],
  variadicParameter: { name: "rest", type: s.map(s.bool()) },
  returns: s.string(),
  run: ({ args: [a, b] }) => `${a}${b.length}`,
});
const movable = defineResource({
  ...thing.definition,
  typeName: "example_moved",
  moveState: [{ move: ({ sourceState }) => sourceState as never }],
});
const server = new ProviderServerImpl(
  defineProvider({
    typeName: "example",
    resources: [thing, movable],
    ephemeralResources: [token],
    functions: [pair],
  }),
  { log: createLogger({ sink: writerSink(() => {}) }) },
);

/** Deterministic xorshift32, so a failure reproduces. */
function prng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

Deno.test("hostile: random bytes in every DynamicValue give diagnostics, never exceptions", async () => {
  const rand = prng(0xf00d);
  const ctx = { signal: new AbortController().signal };
  for (let i = 0; i < 400; i++) {
    const len = Math.floor(rand() * 24);
    const bytes = new Uint8Array(len);
    for (let j = 0; j < len; j++) bytes[j] = Math.floor(rand() * 256);
    // Bias towards map/array headers so decoding gets some way in.
    if (len > 0 && rand() < 0.5) bytes[0] = 0x84;
    const dv = rand() < 0.8 ? { msgpack: bytes } : { json: bytes };
    const results = await Promise.all([
      server.validateResourceConfig({ typeName: "example_thing", config: dv }, ctx),
      server.planResourceChange(
        { typeName: "example_thing", config: dv, proposedNewState: dv },
        ctx,
      ),
      server.applyResourceChange({ typeName: "example_thing", plannedState: dv, config: dv }, ctx),
      server.readResource({ typeName: "example_thing", currentState: dv }, ctx),
      server.upgradeResourceState({
        typeName: "example_thing",
        version: 0,
        rawState: { json: bytes },
      }, ctx),
      server.validateEphemeralResourceConfig({ typeName: "example_token", config: dv }, ctx),
      server.openEphemeralResource({ typeName: "example_token", config: dv }, ctx),
      server.renewEphemeralResource({ typeName: "example_token", private: bytes }, ctx),
      server.closeEphemeralResource({ typeName: "example_token", private: bytes }, ctx),
      server.moveResourceState({
        sourceTypeName: "example_thing",
        targetTypeName: "example_moved",
        sourceState: { json: bytes },
      }, ctx),
    ]);
    for (const r of results) assert.ok(Array.isArray(r.diagnostics));
    const args = Array.from({ length: Math.floor(rand() * 4) }, () => dv);
    const call = await server.callFunction({ name: "pair", arguments: args }, ctx);
    assert.ok(call.error !== undefined || call.result !== undefined);
  }
});

Deno.test("hostile: state JSON keeps big numbers, unwraps dynamic values, ignores removed attributes", () => {
  const type = T.Object({ n: T.Number, d: T.Dynamic, l: T.List(T.String) });
  const v = stateFromJson(
    '{"n":1e400,"d":{"value":["a","b"],"type":["list","string"]},"l":["x"],"gone":{"deep":[1]}}',
    type,
  );
  assert.equal(v.getAttr("d").type.kind, "list");
  assert.deepEqual(toPlain(v.getAttr("d")), ["a", "b"]);
  assert.equal(String(v.getAttr("n").toJS()), "1" + "0".repeat(400), "every digit kept");
  assert.throws(() => stateFromJson("{not json", type), /stored state is not valid JSON/);
  assert.throws(() => stateFromJson('{"l":"x"}', type), /l: expected an array/);
});
