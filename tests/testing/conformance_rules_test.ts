// The schema rules of `foundry conformance`, each seen to fire on a schema
// that breaks it and to stay quiet on one that does not.
import assert from "node:assert/strict";
import { schemaFindings } from "../../src/testing/conformance/mod.ts";
import type { WireAttribute, WireNestedBlock } from "../../src/plugin/goplugin/mod.ts";

const STRING = new TextEncoder().encode('"string"');
const rules = (attributes: WireAttribute[], blockTypes: WireNestedBlock[] = []) =>
  schemaFindings({ resourceSchemas: { x_thing: { block: { attributes, blockTypes } } } })
    .map((f) => `${f.attribute}: ${f.rule}`);

Deno.test("schema rules: attributes", () => {
  assert.deepEqual(rules([{ name: "ok", type: STRING, optional: true, computed: true }]), []);
  assert.deepEqual(rules([{ name: "a", type: STRING }]), [
    "a: an attribute is required, optional or computed",
  ]);
  assert.deepEqual(rules([{ name: "a", type: STRING, required: true, optional: true }]), [
    "a: an attribute cannot be both required and optional",
  ]);
  assert.deepEqual(
    rules([{ name: "a", type: STRING, optional: true, computed: true, writeOnly: true }]),
    [
      "a: a write-only attribute cannot be computed",
    ],
  );
  assert.deepEqual(rules([{ name: "Bad-Name", type: STRING, optional: true }]), [
    "Bad-Name: attribute names use only a-z, 0-9 and _",
  ]);
  assert.deepEqual(rules([{ name: "a", optional: true }]), [
    "a: an attribute has a type or a nested type",
  ]);
  assert.match(
    rules([{ name: "a", type: new TextEncoder().encode('"strng"'), optional: true }])[0],
    /^a: the type is valid cty type JSON/,
  );
  assert.deepEqual(
    rules([{ name: "a", type: STRING, optional: true }, {
      name: "a",
      type: STRING,
      optional: true,
    }]),
    ["a: names are unique in a block"],
  );
  assert.deepEqual(
    rules([{
      name: "n",
      optional: true,
      nestedType: { nesting: 2, attributes: [{ name: "in", type: STRING }] },
    }]),
    ["n.in: an attribute is required, optional or computed"],
  );
});

Deno.test("schema rules: nested blocks", () => {
  const b = (typeName: string, nesting: number, minItems = 0, maxItems = 0): WireNestedBlock => ({
    typeName,
    nesting,
    minItems,
    maxItems,
    block: {},
  });
  assert.deepEqual(rules([], [b("disk", 2, 1, 3), b("one", 1, 1, 1)]), []);
  assert.deepEqual(rules([], [b("disk", 2, 3, 1)]), [
    "disk: min_items is not greater than max_items",
  ]);
  assert.deepEqual(rules([], [b("one", 1, 0, 2)]), [
    "one: single blocks have min_items and max_items of 0 or 1",
  ]);
  assert.deepEqual(rules([], [b("m", 4, 1, 0)]), [
    "m: map and group blocks have no min_items or max_items",
  ]);
  assert.deepEqual(rules([{ name: "disk", type: STRING, optional: true }], [b("disk", 2)]), [
    "disk: a block type cannot share a name with an attribute or block",
  ]);
});
