import assert from "node:assert/strict";
import { cty } from "../../src/cty/mod.ts";
import { isFoundryError } from "../../src/errors/mod.ts";

Deno.test("types: friendly names as Terraform prints them", () => {
  assert.equal(cty.friendlyName(cty.String), "string");
  assert.equal(cty.friendlyName(cty.List(cty.String)), "list of string");
  assert.equal(cty.friendlyName(cty.Map(cty.Number)), "map of number");
  assert.equal(cty.friendlyName(cty.Set(cty.Object({ a: cty.Bool }))), "set of object");
  assert.equal(cty.friendlyName(cty.Tuple([cty.String])), "tuple");
  assert.equal(cty.friendlyName(cty.DynamicPseudoType), "dynamic");
});

Deno.test("types: structural equality", () => {
  assert.ok(
    cty.typeEquals(
      cty.Object({ a: cty.List(cty.String) }),
      cty.Object({ a: cty.List(cty.String) }),
    ),
  );
  assert.ok(!cty.typeEquals(cty.Object({ a: cty.String }), cty.Object({ a: cty.String }, ["a"])));
  assert.ok(!cty.typeEquals(cty.List(cty.String), cty.Set(cty.String)));
  assert.ok(!cty.typeEquals(cty.Tuple([cty.String]), cty.Tuple([cty.String, cty.String])));
});

Deno.test("types: JSON both directions, optional list only when non-empty", () => {
  const cases: [unknown, string][] = [
    [cty.String, '"string"'],
    [cty.DynamicPseudoType, '"dynamic"'],
    [cty.List(cty.String), '["list","string"]'],
    [cty.Object({ b: cty.Number, a: cty.String }), '["object",{"a":"string","b":"number"}]'],
    [cty.Object({ a: cty.String }, ["a"]), '["object",{"a":"string"},["a"]]'],
    [cty.Tuple([cty.Bool, cty.Map(cty.Number)]), '["tuple",["bool",["map","number"]]]'],
    [cty.Object({ "<": cty.String }), '["object",{"\\u003c":"string"}]'],
  ];
  for (const [t, text] of cases) {
    assert.equal(cty.json.encodeType(t as never), text);
    assert.ok(cty.typeEquals(cty.json.decodeType(text), t as never));
  }
});

Deno.test("types: bad type JSON is a FoundryError", () => {
  for (
    const bad of [
      '"strin"',
      "[]",
      '["list"]',
      '["object",[]]',
      '["object",{"a":"string"},["b"]]',
      "{",
      '["tuple","x"]',
      '["list","string","x"]',
    ]
  ) {
    assert.throws(
      () => cty.json.decodeType(bad),
      (e) => isFoundryError(e, "cty.type.invalid_json"),
      bad,
    );
  }
  const deep = '["list",'.repeat(5000) + '"string"' + "]".repeat(5000);
  assert.throws(() => cty.json.decodeType(deep), (e) => isFoundryError(e, "cty.type.invalid_json"));
});
