// The plan modifier variants in process: dynamic defaults following the
// configuration, replacement only for configured changes, and keeping prior
// values on a condition that reads other attributes.
import assert from "node:assert/strict";
import { defineProvider, defineResource, isUnknown, s, unknown } from "../../src/provider/mod.ts";
import { ProviderClient } from "../../src/testing/mod.ts";

const disk = defineResource({
  typeName: "t_disk",
  schema: s.resource({
    id: s.string({ computed: true, planModifiers: [s.useStateForUnknown()] }),
    name: s.string({ required: true }),
    subnet: s.string({ optional: true }),
    label: s.string({
      optional: true,
      computed: true,
      planModifiers: [s.defaultFrom(({ lookup }) => {
        const name = lookup("name").value;
        return typeof name === "string" ? `${name}-disk` : unknown;
      })],
    }),
    zone: s.string({
      optional: true,
      computed: true,
      planModifiers: [s.requiresReplaceIfConfigured()],
    }),
    address: s.string({
      computed: true,
      planModifiers: [s.useStateForUnknownIf(({ lookup }) => lookup("subnet").value === "keep")],
    }),
  }),
  create: ({ plan }) => ({
    id: "d-1",
    name: plan.name,
    subnet: plan.subnet,
    label: isUnknown(plan.label) ? "?" : plan.label,
    zone: isUnknown(plan.zone) || plan.zone === null ? "z1" : plan.zone,
    address: "10.0.0.1",
  }),
  read: ({ state }) => state,
  update: ({ plan, state }) => ({
    ...state,
    name: plan.name,
    subnet: plan.subnet,
    label: isUnknown(plan.label) ? "?" : plan.label,
    address: isUnknown(plan.address) ? "10.0.0.2" : plan.address,
  }),
  delete: () => {},
});
const client = new ProviderClient(defineProvider({ typeName: "t", resources: [disk] }));

Deno.test("defaultFrom: computed from the configuration, and follows it", async () => {
  const created = await client.create(disk, { name: "db" });
  assert.equal(created.plain?.label, "db-disk");
  const renamed = await client.plan(disk, { prior: created.value, config: { name: "db2" } });
  assert.equal(renamed.plain?.label, "db2-disk");
  const unknownName = await client.plan(disk, { config: { name: unknown } });
  assert.ok(isUnknown(unknownName.plain?.label));
  const configured = await client.plan(disk, { config: { name: "db", label: "mine" } });
  assert.equal(configured.plain?.label, "mine");
});

Deno.test("requiresReplaceIfConfigured: a configured change replaces, the provider's value does not", async () => {
  const created = await client.create(disk, { name: "db" });
  assert.equal(created.plain?.zone, "z1");
  const untouched = await client.plan(disk, { prior: created.value, config: { name: "db2" } });
  assert.deepEqual(untouched.requiresReplace, []);
  const moved = await client.plan(disk, {
    prior: created.value,
    config: { name: "db", zone: "z2" },
  });
  assert.deepEqual(moved.requiresReplace, [[{ kind: "attr", name: "zone" }]]);
});

Deno.test("useStateForUnknownIf: keeps the prior value only when the condition holds", async () => {
  const kept = await client.create(disk, { name: "db", subnet: "keep" });
  const p1 = await client.plan(disk, { prior: kept.value, config: { name: "x", subnet: "keep" } });
  assert.equal(p1.plain?.address, "10.0.0.1");
  const p2 = await client.plan(disk, { prior: kept.value, config: { name: "x", subnet: "other" } });
  assert.ok(isUnknown(p2.plain?.address));
});
