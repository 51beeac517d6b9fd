import assert from "node:assert/strict";
import { cty } from "../../src/cty/mod.ts";
import { createLogger } from "../../src/logging/mod.ts";
import { defineResource } from "../../src/provider/define.ts";
import { defineProvider } from "../../src/provider/define_provider.ts";
import type { Config, Plan, State } from "../../src/provider/infer.ts";
import { s } from "../../src/provider/schema.ts";
import { schemaToWire } from "../../src/provider/_engine/schema_wire.ts";
import { ProviderClient } from "../../src/testing/mod.ts";
import { decodeMessage, encodeMessage } from "../../src/protobuf/mod.ts";
import { tfplugin5, tfplugin6 } from "../../src/plugin/mod.ts";

const schema = s.resource({
  id: s.string({ computed: true, planModifiers: [s.useStateForUnknown()] }),
  name: s.string({ required: true }),
  secret_wo: s.string({ optional: true, writeOnly: true, sensitive: true }),
  key_wo: s.string({ required: true, writeOnly: true }),
  extra: s.listBlock({
    token_wo: s.string({ optional: true, writeOnly: true }),
    n: s.number({ optional: true }),
  }),
});

const seen: { plan?: unknown; config?: unknown }[] = [];
const thing = defineResource({
  typeName: "example_thing",
  schema,
  create: ({ plan, config }) => {
    seen.push({ plan: plan.secret_wo, config: config.secret_wo });
    // Careless author code: echo the whole configuration back.
    return { ...config, id: "t-1" } as never;
  },
  read: ({ state }) => ({ ...state, secret_wo: "leaked" }) as never,
  update: ({ plan, state }) => ({ ...plan, id: state.id }),
  delete: () => {},
  importState: ({ id }) => ({ id, secret_wo: "from-import" }) as never,
});

const quiet = { log: createLogger({ level: "off" }) };

Deno.test("write-only: the author sees the value in config, never in plan or state", async () => {
  const client = new ProviderClient(
    defineProvider({ typeName: "example", resources: [thing] }),
    quiet,
  );
  const config = {
    name: "a",
    secret_wo: "s3cret",
    key_wo: "k",
    extra: [{ token_wo: "t", n: 1 }],
  };
  const plan = await client.plan("example_thing", { config });
  assert.deepEqual(plan.diagnostics, []);
  assert.equal(plan.plain?.secret_wo, null);
  assert.equal(plan.plain?.key_wo, null);
  assert.deepEqual(plan.plain?.extra, [{ token_wo: null, n: 1 }]);
  const applied = await client.apply("example_thing", { planned: plan.value, config });
  assert.deepEqual(applied.diagnostics, []);
  assert.deepEqual(seen.at(-1), { plan: null, config: "s3cret" });
  assert.equal(applied.plain?.secret_wo, null);
  assert.deepEqual(applied.plain?.extra, [{ token_wo: null, n: 1 }]);
  const read = await client.read("example_thing", applied.value);
  assert.equal(read.plain?.secret_wo, null);
  const imported = await client.import("example_thing", "t-2");
  assert.equal(imported.plain?.secret_wo, null);
  const upgraded = await client.upgrade(
    "example_thing",
    0,
    JSON.stringify({ id: "x", name: "n", secret_wo: "old" }),
  );
  assert.equal(upgraded.plain?.secret_wo, null);
  // Same config again, prior state with nulls: nothing to do (the value is not compared).
  const again = await client.plan("example_thing", {
    prior: applied.value,
    config: { ...config, secret_wo: "rotated" },
  });
  assert.ok(
    again.value.equals(applied.value).raw === true,
    "no change planned for a write-only value",
  );
});

Deno.test("write-only: the schema carries the flag on the wire, v6 field 11 and v5 field 10", () => {
  const wire = schemaToWire(schema);
  const attr = wire.block.attributes.find((a) => a.name === "secret_wo")!;
  assert.equal(attr.writeOnly, true);
  assert.equal(wire.block.attributes.find((a) => a.name === "name")!.writeOnly, undefined);
  const v6 = encodeMessage(tfplugin6.SchemaAttribute, { name: "x", writeOnly: true });
  assert.deepEqual([...v6.slice(-2)], [11 << 3, 1]);
  assert.equal(decodeMessage(tfplugin6.SchemaAttribute, v6).writeOnly, true);
  const v5 = encodeMessage(tfplugin5.SchemaAttribute, { name: "x", writeOnly: true });
  assert.deepEqual([...v5.slice(-2)], [10 << 3, 1]);
});

Deno.test("write-only: the schema check applies Terraform's rules", () => {
  const bad: [() => unknown, RegExp][] = [
    [
      () => s.dataSource({ a: s.string({ optional: true, writeOnly: true }) }),
      /only resources have write-only/,
    ],
    [
      () => s.ephemeralResource({ a: s.string({ optional: true, writeOnly: true }) }),
      /only resources have write-only/,
    ],
    [
      () => s.provider({ a: s.string({ optional: true, writeOnly: true }) }),
      /only resources have write-only/,
    ],
    [
      () => s.resource({ a: s.string({ optional: true, computed: true, writeOnly: true }) }),
      /cannot be computed/,
    ],
    [
      () => s.resource({ a: s.string({ optional: true, default: "x", writeOnly: true }) }),
      /cannot have a default/,
    ],
    [() => s.resource({ a: s.string({ writeOnly: true }) }), /needs required or optional/],
    [
      () => s.resource({ a: s.set(s.string(), { optional: true, writeOnly: true }) }),
      /cannot hold a set/,
    ],
    [
      () => s.resource({ a: s.list(s.set(s.string()), { optional: true, writeOnly: true }) }),
      /cannot hold a set/,
    ],
    [
      () => s.resource({ b: s.setBlock({ a: s.string({ optional: true, writeOnly: true }) }) }),
      /inside a set/,
    ],
    [
      () =>
        s.resource({
          b: s.setNested({ a: s.string({ optional: true, writeOnly: true }) }, { optional: true }),
        }),
      /inside a set/,
    ],
    [
      () =>
        s.resource({
          b: s.setBlock({ c: s.listBlock({ a: s.string({ optional: true, writeOnly: true }) }) }),
        }),
      /inside a set/,
    ],
    [
      () => s.resource({ a: s.string({ optional: true, writeOnly: true, requiresReplace: true }) }),
      /cannot force replacement/,
    ],
  ];
  for (const [make, why] of bad) assert.throws(make, why);
  // Allowed: in lists, maps and single nesting, required or optional, sensitive.
  s.resource({
    a: s.string({ required: true, writeOnly: true, sensitive: true }),
    b: s.listBlock({ c: s.string({ optional: true, writeOnly: true }) }),
    d: s.mapNested({ e: s.number({ optional: true, writeOnly: true }) }, { optional: true }),
    f: s.singleNested({ g: s.list(s.string(), { optional: true, writeOnly: true }) }, {
      optional: true,
    }),
  });
});

Deno.test("write-only: inferred types (compile-time)", () => {
  type S = typeof schema;
  const config: Config<S> = { id: null, name: "a", secret_wo: null, key_wo: "k", extra: [] };
  const plan: Plan<S> = { id: "x", name: "a", secret_wo: null, key_wo: null, extra: [] };
  const state: State<S> = { id: "x", name: "a", secret_wo: null, key_wo: null, extra: [] };
  // @ts-expect-error: a required write-only value is a string in the config
  const badConfig: Config<S> = { ...config, key_wo: null };
  // @ts-expect-error: plans never hold write-only values
  const badPlan: Plan<S> = { ...plan, secret_wo: "x" };
  // @ts-expect-error: nor does state
  const badState: State<S> = { ...state, key_wo: "k" };
  void [badConfig, badPlan, badState, cty];
});
