import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import { s } from "../../src/provider/schema.ts";
import { schemaToWire } from "../../src/provider/_engine/schema_wire.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

function schemaError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(isFoundryError(e, "provider.schema.invalid"), `unexpected error ${e}`);
    return e.message;
  }
  assert.fail("expected a provider.schema.invalid error");
}

Deno.test("schema: definition mistakes are reported naming the attribute", () => {
  assert.match(
    schemaError(() => s.resource({ id: s.string({ required: true, computed: true }) })),
    /attribute "id": required cannot be combined with computed/,
  );
  assert.match(
    schemaError(() => s.resource({ name: s.string() })),
    /attribute "name": set one of required, optional or computed/,
  );
  assert.match(
    schemaError(() => s.resource({ size: s.string({ required: true, default: "x" }) })),
    /attribute "size": a default needs optional: true/,
  );
  assert.match(
    schemaError(() =>
      s.resource({ size: s.string({ optional: true, computed: false, default: "x" }) })
    ),
    /attribute "size": a default requires computed/,
  );
  assert.match(
    schemaError(() =>
      s.resource({ n: s.number({ optional: true, default: "many" as unknown as number }) })
    ),
    /attribute "n": default must be a number/,
  );
  assert.match(
    schemaError(() => s.resource({ rule: s.listBlock({ Port: s.number({ required: true }) }) })),
    /"rule.Port": names must be lower-case/,
  );
  assert.match(
    schemaError(() => s.resource({ rule: s.listBlock({}, { minItems: 3, maxItems: 2 }) })),
    /block "rule": minItems \(3\) is greater than maxItems \(2\)/,
  );
  assert.match(
    schemaError(() => s.resource({ count: s.number({ optional: true }) })),
    /"count" is a Terraform meta-argument/,
  );
  assert.match(
    schemaError(() => s.dataSource({ a: s.string({ optional: true, requiresReplace: true }) })),
    /attribute "a": requiresReplace only applies to resources/,
  );
  assert.match(
    schemaError(() =>
      s.resource({ tags: s.map(s.string({ required: true }), { optional: true }) })
    ),
    /element "tags\[\*\]": element types take no flags/,
  );
  assert.match(
    schemaError(() => s.resource({ a: s.string({ optional: true }) }, { version: -1 })),
    /version must be a whole number >= 0, got -1/,
  );
  assert.match(
    schemaError(() =>
      s.resource({
        disks: s.listNested({ size: s.number({ required: true, computed: true }) }, {
          optional: true,
        }),
      })
    ),
    /attribute "disks.size": required cannot be combined with computed/,
  );
  // Several problems are reported together.
  const both = schemaError(() =>
    s.resource({ a: s.string(), b: s.string({ required: true, optional: true }) })
  );
  assert.match(both, /"a".*; attribute "b"/);
});

Deno.test("schema: a default makes an optional attribute computed", () => {
  const schema = s.resource({ size: s.string({ optional: true, default: "small" }) });
  assert.equal(schema.fields.size.computed, true);
  assert.equal(schema.fields.size.mode, "defaulted");
});

Deno.test("schema: conversion to the tfplugin6 Schema shape is exact", () => {
  const schema = s.resource({
    name: s.string({ required: true, description: "The name." }),
    id: s.string({ computed: true, markdownDescription: "The `id`." }),
    tags: s.map(s.string(), { optional: true }),
    password: s.string({ optional: true, sensitive: true, deprecated: "Use token." }),
    origin: s.object({ host: s.string(), port: s.number() }, { optional: true }),
    settings: s.dynamic({ optional: true }),
    disks: s.listNested({ size: s.number({ required: true }) }, { optional: true, computed: true }),
    rule: s.setBlock({ port: s.number({ required: true }) }, { minItems: 1, maxItems: 4 }),
    features: s.groupBlock({ beta: s.bool({ optional: true }) }),
  }, { version: 2, description: "A server." });
  const wire = schemaToWire(schema);
  const plainAttr = (name: string, type: string, flags: Partial<Record<string, unknown>>) => ({
    name,
    type,
    description: "",
    descriptionKind: 0,
    required: false,
    optional: false,
    computed: false,
    sensitive: false,
    deprecated: false,
    ...flags,
  });
  const simplify = (a: { type: Uint8Array; nestedType?: unknown }) => ({
    ...a,
    type: text(a.type),
  });
  assert.equal(wire.version, 2);
  assert.equal(wire.block.version, 2);
  assert.equal(wire.block.description, "A server.");
  assert.deepEqual(wire.block.attributes.map((a) => a.name), [
    "disks",
    "id",
    "name",
    "origin",
    "password",
    "settings",
    "tags",
  ]);
  const [disks, id, name, origin, password, settings, tags] = wire.block.attributes.map(simplify);
  assert.deepEqual(
    name,
    plainAttr("name", '"string"', { required: true, description: "The name." }),
  );
  assert.deepEqual(
    id,
    plainAttr("id", '"string"', { computed: true, description: "The `id`.", descriptionKind: 1 }),
  );
  assert.deepEqual(tags, plainAttr("tags", '["map","string"]', { optional: true }));
  assert.deepEqual(
    password,
    plainAttr("password", '"string"', { optional: true, sensitive: true, deprecated: true }),
  );
  assert.deepEqual(
    origin,
    plainAttr("origin", '["object",{"host":"string","port":"number"}]', { optional: true }),
  );
  assert.deepEqual(settings, plainAttr("settings", '"dynamic"', { optional: true }));
  assert.deepEqual(disks, {
    ...plainAttr("disks", "", { optional: true, computed: true }),
    nestedType: {
      nesting: 2,
      attributes: [{
        ...plainAttr("size", "", { required: true }),
        type: new TextEncoder().encode('"number"'),
      }],
    },
  });
  assert.deepEqual(
    wire.block.blockTypes.map((b) => [b.typeName, b.nesting, b.minItems, b.maxItems]),
    [
      ["features", 5, 0, 0],
      ["rule", 3, 1, 4],
    ],
  );
  assert.equal(text(wire.block.blockTypes[1].block.attributes[0].type), '"number"');
  assert.equal(wire.block.blockTypes[1].block.version, 0);
});

Deno.test("schema: the cty object type covers attributes and blocks", () => {
  const schema = s.resource({
    name: s.string({ required: true }),
    rule: s.listBlock({ port: s.number({ required: true }) }),
    one: s.singleBlock({ x: s.bool({ optional: true }) }),
    users: s.mapNested({ role: s.string({ required: true }) }, { optional: true }),
  });
  const t = schema.type;
  assert.equal(t.kind, "object");
  if (t.kind !== "object") return;
  assert.deepEqual(t.names, ["name", "one", "rule", "users"]);
  assert.equal(t.attributes.rule.kind, "list");
  assert.equal(t.attributes.one.kind, "object");
  assert.equal(t.attributes.users.kind, "map");
});
