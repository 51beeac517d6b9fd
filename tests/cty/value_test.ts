import assert from "node:assert/strict";
import { cty, SENSITIVE } from "../../src/cty/mod.ts";
import { isFoundryError } from "../../src/errors/mod.ts";
import { hex, unhex } from "./tagged.ts";

Deno.test("values: construction, access and iteration", () => {
  const v = cty.object({
    name: cty.string("web"),
    tags: cty.map({ env: cty.string("prod"), app: cty.string("x") }),
    ports: cty.list([cty.number(80), cty.number(443)]),
  });
  assert.equal(v.getAttr("name").asString(), "web");
  assert.deepEqual(v.getAttr("tags").entries().map((e) => e[0]), ["app", "env"]);
  assert.equal(v.getAttr("ports").index(1).asNumber(), 443);
  assert.equal(v.getAttr("ports").length, 2);
  assert.deepEqual(v.toJS(), { name: "web", tags: { app: "x", env: "prod" }, ports: [80, 443] });
  assert.throws(() => v.getAttr("nope"), (e) => isFoundryError(e, "cty.value.no_attribute"));
  assert.throws(
    () => v.getAttr("ports").index(5),
    (e) => isFoundryError(e, "cty.value.index_out_of_range"),
  );
  assert.throws(
    () => cty.list([cty.string("a"), cty.number(1)]),
    (e) => isFoundryError(e, "cty.value.inconsistent_types"),
  );
  assert.equal(cty.string("e\u0301").asString(), "\u00e9");
});

Deno.test("values: unknown propagation and three-valued equals", () => {
  const u = cty.unknown(cty.Object({ a: cty.String }));
  assert.ok(!u.getAttr("a").isKnown);
  assert.ok(!cty.list([u]).isWhollyKnown());
  assert.equal(cty.number(1).equals(cty.numberFromString("1.0")).asBool(), true);
  assert.equal(cty.string("a").equals(cty.string("b")).asBool(), false);
  assert.ok(!cty.string("a").equals(cty.unknown(cty.String)).isKnown);
  assert.equal(cty.nullValue(cty.String).equals(cty.nullValue(cty.Number)).asBool(), true);
  assert.equal(
    cty.nullValue(cty.String).equals(cty.unknown(cty.String, { notNull: true })).asBool(),
    false,
  );
  assert.ok(cty.string("x").mark(SENSITIVE).equals(cty.string("x")).hasMark(SENSITIVE));
  assert.ok(!cty.unknown(cty.String).rawEquals(cty.unknown(cty.String, { notNull: true })));
});

Deno.test("values: set dedupe and go-cty order", () => {
  const s = cty.set([
    cty.string("b"),
    cty.nullValue(cty.String),
    cty.unknown(cty.String),
    cty.string("a"),
    cty.string("b"),
  ]);
  assert.equal(hex(cty.msgpack.encode(s, cty.Set(cty.String))), "94a161a162d40000c0");
  const lists = cty.set(
    [[9], [10], [1, 2], [], [-1]].map((l) =>
      l.length ? cty.list(l.map((n) => cty.number(n))) : cty.listEmpty(cty.Number)
    ),
  );
  assert.equal(
    hex(cty.msgpack.encode(lists, cty.Set(cty.List(cty.Number)))),
    "9591ff910a920102910990",
  );
  const marked = cty.set([cty.string("a").mark(SENSITIVE)]);
  assert.ok(marked.hasMark(SENSITIVE) && !marked.elements()[0].isMarked);
});

Deno.test("values: marks, unmarkDeep with paths and markWithPaths", () => {
  const v = cty.object({
    pw: cty.string("s").mark(SENSITIVE),
    l: cty.list([cty.number(1).mark("m")]),
  });
  assert.throws(
    () => cty.msgpack.encode(v, v.type),
    (e) => isFoundryError(e, "cty.msgpack.marked"),
  );
  const { value, paths } = v.unmarkDeepWithPaths();
  assert.ok(!value.containsMarked());
  assert.deepEqual(paths.map((p) => cty.formatPath(p.path)).sort(), ["l[0]", "pw"]);
  assert.ok(value.markWithPaths(paths).rawEquals(v));
  assert.deepEqual([...v.unmarkDeep().marks].sort(), ["m", SENSITIVE]);
  assert.equal(cty.display(v.getAttr("pw")), "(sensitive value)");
});

Deno.test("values: refined unknowns round-trip through ext 12 and collapse like go-cty", () => {
  const cases: [ReturnType<typeof cty.unknown>, string][] = [
    [cty.unknown(cty.String, { notNull: true }), "c7030c8101c2"],
    [cty.unknown(cty.String, { notNull: true, stringPrefix: "p-" }), "c7070c8201c202a2702d"],
    [cty.unknown(cty.Number, { notNull: true, numberLower: [0, true] }), "c7070c8201c2039200c3"],
    [
      cty.unknown(cty.List(cty.String), { lengthLower: 1, lengthUpper: 3 }),
      "c7050c82050106" + "03",
    ],
    [cty.unknown(cty.String), "d40000"],
  ];
  for (const [v, want] of cases) {
    const bytes = cty.msgpack.encode(v, v.type);
    assert.equal(hex(bytes), want);
    assert.ok(cty.msgpack.decode(bytes, v.type).rawEquals(v));
  }
  assert.equal(
    cty.unknown(cty.Number, { notNull: true, numberLower: [3, true], numberUpper: [3, true] })
      .asNumber(),
    3,
  );
  assert.equal(
    cty.unknown(cty.List(cty.String), { notNull: true, lengthLower: 2, lengthUpper: 2 }).length,
    2,
  );
  assert.throws(
    () => cty.unknown(cty.Number, { stringPrefix: "x" }),
    (e) => isFoundryError(e, "cty.refinement.invalid"),
  );
  assert.ok(cty.msgpack.decode(unhex("c7030c8101c3"), cty.String).isNull);
});

Deno.test("paths: apply and render like Terraform", () => {
  const v = cty.object({
    rule: cty.list([cty.object({ port: cty.number(22) })]),
    tags: cty.map({ env: cty.string("p") }),
  });
  const p = [{ kind: "attr", name: "rule" }, { kind: "index", index: 0 }, {
    kind: "attr",
    name: "port",
  }] as const;
  assert.equal(cty.applyPath(v, p).asNumber(), 22);
  assert.equal(cty.formatPath(p), "rule[0].port");
  assert.equal(
    cty.applyPath(v, [{ kind: "attr", name: "tags" }, { kind: "key", key: "env" }]).asString(),
    "p",
  );
  assert.throws(
    () => cty.applyPath(v, [{ kind: "attr", name: "x" }]),
    (e) => isFoundryError(e, "cty.path.invalid"),
  );
});

Deno.test("fromJS/toJS round trip including dynamic and big numbers", () => {
  const t = cty.Object({ n: cty.Number, s: cty.Set(cty.String), d: cty.DynamicPseudoType });
  const v = cty.fromJS({ n: "9007199254740993", s: ["b", "a"], d: { x: [1, "y"] } }, t);
  assert.deepEqual(v.toJS(), { n: "9007199254740993", s: ["a", "b"], d: { x: [1, "y"] } });
  assert.equal(
    cty.json.encode(v, t),
    '{"d":{"value":{"x":[1,"y"]},"type":["object",{"x":["tuple",["number","string"]]}]},"n":9007199254740993,"s":["a","b"]}',
  );
  assert.throws(() => cty.fromJS({ n: "x" }, t), (e) => isFoundryError(e, "cty.value.from_js"));
});

Deno.test("json: missing object attributes decode as null", () => {
  const v = cty.json.decode('{"n":0.1}', cty.Object({ n: cty.Number, s: cty.String }));
  assert.ok(v.getAttr("s").isNull);
  assert.equal(v.getAttr("n").toJS(), "0.1");
});

Deno.test("display: console formatting", () => {
  const v = cty.object({
    a: cty.list([cty.number(1), cty.nullValue(cty.Number)]),
    b: cty.string("x\ny"),
    c: cty.setEmpty(cty.String),
  });
  assert.equal(
    cty.display(v),
    '{\n  "a" = tolist([\n    1,\n    tonumber(null),\n  ])\n  "b" = <<-EOT\n  x\n  y\n  EOT\n  "c" = toset([])\n}',
  );
  assert.equal(cty.display(cty.nullValue(cty.List(cty.String))), "tolist(null) /* of string */");
});
