import assert from "node:assert/strict";
import type { Value } from "../../src/cty/mod.ts";
import { planResourceChange } from "../../src/provider/_engine/plan.ts";
import { fromPlain, toPlain } from "../../src/provider/_engine/plain_values.ts";
import { s } from "../../src/provider/schema.ts";
import type { Fields, Schema } from "../../src/provider/schema_types.ts";
import { unknown } from "../../src/provider/unknown.ts";

const server = s.resource({
  id: s.string({ computed: true, planModifiers: [s.useStateForUnknown()] }),
  name: s.string({ required: true }),
  size: s.string({ optional: true, default: "small", requiresReplace: true }),
  ip: s.string({ computed: true }),
  note: s.string({ optional: true }),
  tags: s.map(s.string(), { optional: true }),
  zones: s.list(s.string(), { optional: true }),
  region: s.string({ optional: true, computed: true, requiresReplace: true }),
});

type Plain = Record<string, unknown>;
const base = { id: null, ip: null, note: null, tags: null, zones: null, size: null, region: null };

function val(schema: Schema<Fields>, plain: Plain | null): Value {
  return fromPlain(plain, schema.type);
}

async function plan(
  schema: Schema<Fields>,
  prior: Plain | null,
  proposed: Plain | null,
  config: Plain,
) {
  const r = await planResourceChange(schema, {
    prior: val(schema, prior),
    proposed: val(schema, proposed),
    config: val(schema, config),
  });
  return { planned: toPlain(r.planned, schema.fields) as Plain | null, replace: r.requiresReplace };
}

Deno.test("plan: create makes computed attributes unknown and applies defaults", async () => {
  const config = { ...base, name: "web", tags: {} };
  const { planned, replace } = await plan(server, null, config, config);
  assert.deepEqual(planned, {
    ...base,
    name: "web",
    id: unknown,
    ip: unknown,
    region: unknown,
    size: "small",
    tags: {},
  });
  assert.deepEqual(replace, []);
});

Deno.test("plan: a configured optional+computed value is kept, a configured default overridden", async () => {
  const config = { ...base, name: "web", size: "large", region: "eu" };
  const { planned } = await plan(server, null, config, config);
  assert.equal(planned?.size, "large");
  assert.equal(planned?.region, "eu");
});

const prior = {
  id: "i-1",
  name: "web",
  size: "small",
  ip: "10.0.0.1",
  note: null,
  tags: {},
  zones: [],
  region: "eu",
};

Deno.test("plan: update with nothing changed plans exactly the prior state", async () => {
  const config = { ...base, name: "web", tags: {}, zones: [] };
  // Terraform proposes prior values for computed attributes the config leaves null.
  const proposed = { ...config, id: "i-1", ip: "10.0.0.1", size: "small", region: "eu" };
  const { planned, replace } = await plan(server, prior, proposed, config);
  assert.deepEqual(planned, prior);
  assert.deepEqual(replace, []);
});

Deno.test("plan: update in place keeps useStateForUnknown values and unknowns the other computed ones", async () => {
  const config = { ...base, name: "web", note: "hello", tags: {}, zones: [] };
  const proposed = { ...config, id: "i-1", ip: "10.0.0.1", size: "small", region: "eu" };
  const { planned, replace } = await plan(server, prior, proposed, config);
  assert.deepEqual(planned, { ...prior, note: "hello", ip: unknown, region: unknown });
  // region became unknown only because it is computed; it was not configured: no replacement.
  assert.deepEqual(replace, []);
});

Deno.test("plan: a changed requiresReplace attribute asks for replacement", async () => {
  const config = { ...base, name: "web", size: "large", tags: {}, zones: [] };
  const proposed = { ...config, id: "i-1", ip: "10.0.0.1", region: "eu" };
  const { replace } = await plan(server, prior, proposed, config);
  assert.deepEqual(replace, [[{ kind: "attr", name: "size" }]]);
  const config2 = { ...base, name: "web", region: "us", tags: {}, zones: [] };
  const proposed2 = { ...config2, id: "i-1", ip: "10.0.0.1", size: "small" };
  assert.deepEqual((await plan(server, prior, proposed2, config2)).replace, [[{
    kind: "attr",
    name: "region",
  }]]);
});

Deno.test("plan: null and empty collections are preserved exactly as configured", async () => {
  for (const [tags, zones] of [[null, []], [{}, null], [{ a: "b" }, ["z"]]] as const) {
    const config = { ...base, name: "web", tags, zones };
    const { planned } = await plan(server, null, config, config);
    assert.deepEqual(planned?.tags, tags);
    assert.deepEqual(planned?.zones, zones);
  }
});

Deno.test("plan: destroy plans null", async () => {
  const config = { ...base, name: "web" };
  const { planned, replace } = await plan(server, prior, null, config);
  assert.equal(planned, null);
  assert.deepEqual(replace, []);
});

const fw = s.resource({
  name: s.string({ required: true }),
  rule: s.listBlock({
    port: s.number({ required: true }),
    uid: s.string({ computed: true }),
    proto: s.string({ optional: true, default: "tcp" }),
  }),
  peer: s.setBlock({ cidr: s.string({ required: true }), id: s.string({ computed: true }) }),
  disks: s.listNested(
    { size: s.number({ required: true }), serial: s.string({ computed: true }) },
    {
      optional: true,
    },
  ),
});

Deno.test("plan: nested blocks and nested attributes get unknowns and defaults recursively", async () => {
  const config = {
    name: "fw",
    rule: [{ port: 80, uid: null, proto: null }, { port: 443, uid: null, proto: "udp" }],
    peer: [{ cidr: "10.0.0.0/8", id: null }],
    disks: [{ size: 10, serial: null }],
  };
  const { planned } = await plan(fw, null, config, config);
  assert.deepEqual(planned, {
    name: "fw",
    rule: [{ port: 80, uid: unknown, proto: "tcp" }, { port: 443, uid: unknown, proto: "udp" }],
    peer: [{ cidr: "10.0.0.0/8", id: unknown }],
    disks: [{ size: 10, serial: unknown }],
  });
});

Deno.test("plan: nested computed values are kept when nothing changed", async () => {
  const state = {
    name: "fw",
    rule: [{ port: 80, uid: "r1", proto: "tcp" }],
    peer: [{ cidr: "10.0.0.0/8", id: "p1" }],
    disks: [{ size: 10, serial: "s1" }],
  };
  const config = {
    name: "fw",
    rule: [{ port: 80, uid: null, proto: null }],
    peer: [{ cidr: "10.0.0.0/8", id: null }],
    disks: [{ size: 10, serial: null }],
  };
  const { planned } = await plan(fw, state, state, config);
  assert.deepEqual(planned, state);
  // A change elsewhere makes them unknown again (no useStateForUnknown here).
  const changed = { ...config, name: "fw2" };
  const r = await plan(fw, state, { ...state, name: "fw2" }, changed);
  const p = r.planned as { rule: Plain[]; peer: Plain[]; disks: Plain[] };
  assert.equal(p.rule[0].uid, unknown);
  assert.equal(p.rule[0].proto, "tcp");
  assert.equal(p.peer[0].id, unknown);
  assert.equal(p.disks[0].serial, unknown);
});

Deno.test("plan: custom plan modifiers and requiresReplaceIf", async () => {
  const schema = s.resource({
    name: s.string({
      required: true,
      planModifiers: [{
        description: "lower",
        modify: ({ plan }: { plan: unknown }) => ({ plan: String(plan).toLowerCase() }),
      }],
    }),
    disk: s.number({
      required: true,
      planModifiers: [
        s.requiresReplaceIf<number>(({ state, plan }) =>
          typeof plan === "number" && state !== null && plan < state
        ),
      ],
    }),
  });
  const grow = await plan(schema, { name: "a", disk: 10 }, { name: "A", disk: 20 }, {
    name: "A",
    disk: 20,
  });
  assert.deepEqual(grow.planned, { name: "a", disk: 20 });
  assert.deepEqual(grow.replace, []);
  const shrink = await plan(schema, { name: "a", disk: 10 }, { name: "a", disk: 5 }, {
    name: "a",
    disk: 5,
  });
  assert.deepEqual(shrink.replace, [[{ kind: "attr", name: "disk" }]]);
});

Deno.test("plan: the author's modifyPlan runs last and can resolve computed values", async () => {
  const schema = s.resource({
    name: s.string({ required: true }),
    slug: s.string({ computed: true }),
  });
  const config = { name: "Hello World", slug: null };
  const r = await planResourceChange(
    schema,
    { prior: val(schema, null), proposed: val(schema, config), config: val(schema, config) },
    (p) => Promise.resolve({ ...p, slug: String(p.name).toLowerCase().replace(/ /g, "-") }),
  );
  assert.deepEqual(toPlain(r.planned), { name: "Hello World", slug: "hello-world" });
});

Deno.test("plan: set blocks pair elements with config and prior by their configured values", async () => {
  const schema = s.resource({
    name: s.string({ required: true }),
    peer: s.setBlock({
      cidr: s.string({ required: true }),
      id: s.string({ computed: true, planModifiers: [s.useStateForUnknown()] }),
    }),
  });
  const state = { name: "a", peer: [{ cidr: "10.0.0.0/8", id: "p1" }] };
  const config = {
    name: "a",
    peer: [{ cidr: "10.0.0.0/8", id: null }, { cidr: "192.168.0.0/16", id: null }],
  };
  // Terraform proposes the prior id for the element that matches a prior one.
  const proposed = {
    name: "a",
    peer: [{ cidr: "10.0.0.0/8", id: "p1" }, { cidr: "192.168.0.0/16", id: null }],
  };
  const { planned } = await plan(schema, state, proposed, config);
  const peers = (planned?.peer as Plain[]).slice().sort((x, y) =>
    String(x.cidr).localeCompare(String(y.cidr))
  );
  assert.deepEqual(peers, [{ cidr: "10.0.0.0/8", id: "p1" }, {
    cidr: "192.168.0.0/16",
    id: unknown,
  }]);
});

Deno.test("plan: removing a defaulted requiresReplace value from config replaces when the default differs", async () => {
  const config = { ...base, name: "web", tags: {}, zones: [] };
  const large = { ...prior, size: "large" };
  const proposed = { ...config, id: "i-1", ip: "10.0.0.1", size: "large", region: "eu" };
  const { planned, replace } = await plan(server, large, proposed, config);
  assert.equal(planned?.size, "small");
  assert.deepEqual(replace, [[{ kind: "attr", name: "size" }]]);
});

Deno.test("plan: modifiers run in attribute order, sync and async mixed, in blocks too", async () => {
  const calls: string[] = [];
  // Async modifiers in the middle of an object: the walk goes on from there.
  const tag = (suffix: string, async: boolean) => ({
    description: `appends ${suffix}`,
    modify: ({ plan, path }: { plan: unknown; path: readonly { kind: string }[] }) => {
      calls.push(path.map((p) => "name" in p ? p.name : "index" in p ? p.index : "?").join("."));
      const out = { plan: `${plan}${suffix}` };
      return async ? Promise.resolve(out) : out;
    },
  });
  const schema = s.resource({
    d: s.string({ required: true, planModifiers: [tag("-d", false)] }),
    b: s.string({ required: true, planModifiers: [tag("-b1", true), tag("-b2", false)] }),
    untouched: s.string({ optional: true }),
    disk: s.listBlock({
      z: s.string({ required: true, planModifiers: [tag("-z", true)] }),
      a: s.string({ required: true, planModifiers: [tag("-a", false)] }),
    }),
    c: s.string({ required: true, planModifiers: [tag("-c", false)] }),
  });
  const config = {
    b: "b",
    c: "c",
    d: "d",
    untouched: "u",
    disk: [{ a: "a0", z: "z0" }, { a: "a1", z: "z1" }],
  };
  const r = await plan(schema, null, config, config);
  assert.deepEqual(r.planned, {
    b: "b-b1-b2",
    c: "c-c",
    d: "d-d",
    untouched: "u",
    disk: [{ a: "a0-a", z: "z0-z" }, { a: "a1-a", z: "z1-z" }],
  });
  assert.deepEqual(calls, ["b", "b", "c", "d", "disk.0.a", "disk.0.z", "disk.1.a", "disk.1.z"]);
});

Deno.test("plan: requiresReplace paths come out in attribute order, nested ones included", async () => {
  const schema = s.resource({
    zone: s.string({ required: true, requiresReplace: true }),
    name: s.string({ required: true }),
    net: s.singleBlock({ cidr: s.string({ required: true, requiresReplace: true }) }),
    az: s.string({ required: true, requiresReplace: true }),
  });
  const prior = { zone: "z1", name: "a", net: { cidr: "10.0.0.0/8" }, az: "a1" };
  const next = { zone: "z2", name: "b", net: { cidr: "10.1.0.0/16" }, az: "a2" };
  const r = await plan(schema, prior, next, next);
  assert.deepEqual(r.replace, [
    [{ kind: "attr", name: "az" }],
    [{ kind: "attr", name: "net" }, { kind: "attr", name: "cidr" }],
    [{ kind: "attr", name: "zone" }],
  ]);
});
