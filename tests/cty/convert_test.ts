// cty conversion and unification: Terraform 1.11.4 cases (testdata/convert.json, made by
// scripts/cty-testdata/convert_cases.ts) plus hand-written cases for what Terraform's console
// cannot show (unknowns, refinements, marks, safe versus unsafe, bad arguments).
import assert from "node:assert/strict";
import { FoundryError, type PathStep } from "../../src/errors/mod.ts";
import { cty, type Type, type Value } from "../../src/cty/mod.ts";
import { typeFromJSONValue } from "../../src/cty/type_json.ts";
import { fromTagged } from "./tagged.ts";

interface Row {
  name: string;
  expr: string;
  inputType?: unknown;
  input?: unknown;
  target?: unknown;
  a?: { type: unknown; value: unknown };
  b?: { type: unknown; value: unknown };
  resultType?: unknown;
  json?: unknown;
  error?: string;
}

const rows: Row[] = JSON.parse(
  Deno.readTextFileSync(new URL("./testdata/convert.json", import.meta.url)),
);

function typed(t: unknown, v: unknown): Value {
  return fromTagged(v, typeFromJSONValue(t));
}

/** Exact JSON text, comparable with Terraform's `jsonencode` (no `<>&` in the data). */
function jsonOf(v: Value): string {
  return cty.json.encode(v, v.type);
}

function convertError(f: () => unknown): FoundryError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof FoundryError, `not a FoundryError: ${e}`);
    assert.equal(e.code, "cty.convert");
    return e;
  }
  assert.fail("no error");
}

/** Splits go-cty's `attribute "a": element 0: ...` prefixes into path steps and the rest. */
function splitTerraformMessage(msg: string): { path: PathStep[]; leaf: string } {
  const path: PathStep[] = [];
  let rest = msg;
  for (;;) {
    const m = /^(attribute|element) ("(?:[^"\\]|\\.)*"|\d+): /.exec(rest);
    if (m === null) break;
    const key = m[2].startsWith('"') ? JSON.parse(m[2]) as string : undefined;
    if (m[1] === "attribute") path.push({ kind: "attr", name: key! });
    else if (key !== undefined) path.push({ kind: "key", key });
    else path.push({ kind: "index", index: Number(m[2]) });
    rest = rest.slice(m[0].length);
  }
  return { path, leaf: rest };
}

const TYPE_WORDS = /\b(string|number|bool|list|set|map|object|tuple)\b/;

for (const row of rows.filter((r) => r.name.startsWith("convert/"))) {
  Deno.test(`terraform ${row.name}: ${row.expr} to ${JSON.stringify(row.target)}`, () => {
    const input = typed(row.inputType, row.input);
    const target = typeFromJSONValue(row.target);
    if (row.error !== undefined) {
      const e = convertError(() => cty.convert(input, target));
      const { path, leaf } = splitTerraformMessage(row.error);
      // Terraform shows the path only for type mismatches; then ours must agree.
      if (path.length > 0) assert.deepEqual(e.context.path, path, e.message);
      for (const quoted of leaf.match(/"[^"]*"/g) ?? []) {
        assert.ok(e.message.includes(quoted), `${e.message} lacks ${quoted} (${row.error})`);
      }
      const word = TYPE_WORDS.exec(leaf)?.[1];
      if (word) assert.ok(e.message.includes(word), `${e.message} lacks ${word} (${row.error})`);
      return;
    }
    const out = cty.convert(input, target);
    assert.ok(
      cty.typeEquals(out.type, typeFromJSONValue(row.resultType)),
      cty.friendlyName(out.type),
    );
    assert.deepEqual(jsonOf(out), row.json);
  });
}

for (const row of rows.filter((r) => r.name.startsWith("unify/"))) {
  Deno.test(`terraform ${row.name}: ${row.expr}`, () => {
    const a = typed(row.a!.type, row.a!.value);
    const b = typed(row.b!.type, row.b!.value);
    const u = cty.unifyUnsafe([a.type, b.type]);
    if (row.error !== undefined) {
      assert.equal(u, undefined, `unified to ${u && cty.friendlyName(u.type)}`);
      return;
    }
    assert.ok(u !== undefined);
    assert.ok(cty.typeEquals(u.type, typeFromJSONValue(row.resultType)), cty.friendlyName(u.type));
    const conv = u.conversions[0];
    assert.deepEqual(jsonOf(conv === undefined ? a : conv(a)), row.json);
    const back = u.conversions[1];
    assert.ok(cty.typeEquals((back === undefined ? b : back(b)).type, u.type));
  });
}

Deno.test("testdata holds enough cases of each kind", () => {
  assert.ok(rows.filter((r) => r.name.startsWith("convert/")).length >= 80);
  assert.ok(rows.filter((r) => r.name.startsWith("unify/") && r.error === undefined).length >= 5);
  assert.ok(rows.filter((r) => r.error !== undefined).length >= 30);
});

// ---- hand-written -------------------------------------------------------------------------

const obj = cty.Object;

Deno.test("safe versus unsafe conversions", () => {
  const safe: [Type, Type][] = [
    [cty.Number, cty.String],
    [cty.Bool, cty.String],
    [cty.Set(cty.String), cty.List(cty.String)],
    [cty.Tuple([cty.Number, cty.String]), cty.List(cty.String)],
    [obj({ a: cty.Number }), cty.Map(cty.String)],
    [obj({ a: cty.String, b: cty.Bool }), obj({ a: cty.String })],
    [cty.String, cty.Dynamic],
  ];
  const unsafeOnly: [Type, Type][] = [
    [cty.String, cty.Number],
    [cty.String, cty.Bool],
    [cty.List(cty.String), cty.Set(cty.String)],
    [cty.Map(cty.String), obj({ a: cty.String })],
    [cty.Dynamic, cty.String],
    [cty.List(cty.String), cty.List(cty.Number)],
  ];
  const never: [Type, Type][] = [
    [cty.Number, cty.Bool],
    [cty.Bool, cty.Number],
    [cty.List(cty.String), cty.Map(cty.String)],
    [cty.Tuple([cty.String]), cty.Tuple([cty.String, cty.String])],
    [cty.Capsule("a"), cty.Capsule("b")],
    [cty.Capsule("a"), cty.String],
  ];
  for (const [f, t] of safe) {
    assert.ok(cty.canConvertSafely(f, t), `${cty.friendlyName(f)}->${cty.friendlyName(t)}`);
  }
  for (const [f, t] of unsafeOnly) {
    assert.ok(
      !cty.canConvertSafely(f, t) && cty.canConvert(f, t),
      `${cty.friendlyName(f)}->${cty.friendlyName(t)}`,
    );
  }
  for (const [f, t] of never) {
    assert.ok(!cty.canConvert(f, t), `${cty.friendlyName(f)}->${cty.friendlyName(t)}`);
  }
  assert.equal(cty.getConversion(cty.String, cty.Number), undefined);
  assert.equal(cty.getConversionUnsafe(cty.String, cty.Number)!(cty.string("0.5")).asNumber(), 0.5);
});

Deno.test("capsules convert only to themselves", () => {
  const file = cty.Capsule("file");
  const v = cty.capsule(file, { fd: 3 });
  assert.equal(cty.convert(v, file), v);
  assert.equal(cty.convert(v, cty.Dynamic), v);
  convertError(() => cty.convert(v, cty.Capsule("socket")));
});

Deno.test("number to string keeps exact decimal text", () => {
  assert.equal(cty.convert(cty.numberFromString("0.1"), cty.String).asString(), "0.1");
  assert.equal(cty.convert(cty.number(1e21), cty.String).asString(), "1000000000000000000000");
  assert.equal(cty.convert(cty.number(2n ** 70n), cty.String).asString(), (2n ** 70n).toString());
  assert.equal(cty.json.encode(cty.convert(cty.string("1p-2"), cty.Number), cty.Number), "0.25");
  convertError(() => cty.convert(cty.string("1e999999999"), cty.Number));
  convertError(() => cty.convert(cty.string("1p99999"), cty.Number));
});

Deno.test("unknowns convert to unknowns of the target type with refinements that still hold", () => {
  const u = cty.convert(cty.unknown(cty.String, { notNull: true, stringPrefix: "1" }), cty.Number);
  assert.ok(!u.isKnown && u.type === cty.Number);
  assert.deepEqual(u.refinements, { notNull: true });
  const tupleToList = cty.convert(
    cty.unknown(cty.Tuple([cty.String, cty.Number])),
    cty.List(cty.Dynamic),
  );
  assert.ok(cty.typeEquals(tupleToList.type, cty.List(cty.String)));
  assert.deepEqual(tupleToList.refinements, { lengthLower: 2, lengthUpper: 2 });
  const objToMap = cty.convert(
    cty.unknown(obj({ a: cty.Number }), { notNull: true }),
    cty.Map(cty.String),
  );
  // Not null with exactly one element: the unknown collapses to a known map? No: maps stay unknown.
  assert.equal(objToMap.isKnown, false);
  assert.deepEqual(objToMap.refinements, { notNull: true, lengthLower: 1, lengthUpper: 1 });
  const toSet = cty.convert(
    cty.unknown(cty.List(cty.String), { notNull: true, lengthLower: 2, lengthUpper: 5 }),
    cty.Set(cty.String),
  );
  assert.deepEqual(toSet.refinements, { notNull: true, lengthLower: 1, lengthUpper: 5 });
  const tupleToSet = cty.convert(
    cty.unknown(cty.Tuple([cty.String, cty.String, cty.String])),
    cty.Set(cty.Dynamic),
  );
  assert.deepEqual(tupleToSet.refinements, { lengthLower: 1, lengthUpper: 3 });
  // A dynamic unknown takes the target type.
  const dyn = cty.convert(cty.dynamicValue, cty.List(cty.String));
  assert.ok(!dyn.isKnown && cty.typeEquals(dyn.type, cty.List(cty.String)));
  // Unknown elements stay unknown inside a converted collection.
  const l = cty.convert(cty.list([cty.unknown(cty.String), cty.string("2")]), cty.List(cty.Number));
  assert.ok(!l.index(0).isKnown && l.index(0).type === cty.Number && l.index(1).asNumber() === 2);
  // A set whose unknowns may coalesce has an unknown length: its list is unknown.
  const s = cty.set([cty.unknown(cty.String), cty.string("a")]);
  const sl = cty.convert(s, cty.List(cty.String));
  assert.ok(!sl.isKnown && cty.typeEquals(sl.type, cty.List(cty.String)));
  const one = cty.convert(cty.set([cty.unknown(cty.String)]), cty.List(cty.String));
  assert.ok(one.isKnown && one.length === 1 && !one.index(0).isKnown);
});

Deno.test("nulls convert to nulls of the target type, without optional markers", () => {
  const want = obj({ a: cty.String }, ["a"]);
  const n = cty.convert(cty.nullValue(cty.Dynamic), want);
  assert.ok(n.isNull && cty.typeEquals(n.type, obj({ a: cty.String })));
  const inList = cty.convert(
    cty.tuple([cty.nullValue(cty.Dynamic), cty.object({ a: cty.string("x") })]),
    cty.List(want),
  );
  assert.ok(
    inList.index(0).isNull && cty.typeEquals(inList.type, cty.List(obj({ a: cty.String }))),
  );
  const dynNull = cty.convert(cty.nullValue(cty.Dynamic), cty.List(cty.Dynamic));
  assert.ok(dynNull.isNull && cty.typeEquals(dynNull.type, cty.List(cty.Dynamic)));
});

Deno.test("marks survive conversion at every level", () => {
  const secret = cty.string("7").mark(cty.SENSITIVE);
  const top = cty.convert(secret, cty.Number);
  assert.ok(top.hasMark(cty.SENSITIVE) && top.unmark().asNumber() === 7);
  const v = cty.object({ port: secret, tags: cty.tuple([cty.string("a").mark("m")]) });
  const out = cty.convert(v, obj({ port: cty.Number, tags: cty.Set(cty.String) }));
  assert.ok(out.getAttr("port").hasMark(cty.SENSITIVE));
  // Set elements cannot carry marks: they move to the set.
  assert.ok(out.getAttr("tags").hasMark("m"));
  const listMarked = cty.convert(cty.tuple([cty.number(1)]).mark("m"), cty.List(cty.String));
  assert.ok(listMarked.hasMark("m") && listMarked.unmark().index(0).asString() === "1");
  // A marked string that is not a number fails without its value in the message.
  const e = convertError(() => cty.convert(cty.string("hunter2").mark(cty.SENSITIVE), cty.Number));
  assert.ok(!e.message.includes("hunter2"));
});

Deno.test("errors carry the path of the value that did not convert", () => {
  const v = cty.object({
    rules: cty.tuple([
      cty.object({ port: cty.string("22") }),
      cty.object({ port: cty.string("x") }),
    ]),
  });
  const want = obj({ rules: cty.List(obj({ port: cty.Number })) });
  const e = convertError(() => cty.convert(v, want));
  assert.deepEqual(e.context.path, [
    { kind: "attr", name: "rules" },
    { kind: "index", index: 1 },
    { kind: "attr", name: "port" },
  ]);
  assert.ok(e.message.startsWith("rules[1].port: "));
  const m = convertError(() =>
    cty.convert(cty.map({ a: cty.string("1"), b: cty.string("z") }), cty.Map(cty.Number))
  );
  assert.deepEqual(m.context.path, [{ kind: "key", key: "b" }]);
  assert.ok(m.message.startsWith('["b"]: '));
  const missing = convertError(() =>
    cty.convert(cty.map({ a: cty.string("1") }), obj({ a: cty.String, b: cty.String }))
  );
  assert.deepEqual(missing.context.path, []);
  assert.match(missing.message, /"b"/);
  assert.equal(
    cty.mismatchMessage(obj({ a: cty.Tuple([cty.Tuple([])]) }), obj({ a: cty.List(cty.Number) })),
    "a[0]: expected number, got tuple",
  );
});

Deno.test("object to object: optional attributes become null, extra attributes are dropped", () => {
  const want = obj({ a: cty.String, b: cty.List(cty.Number) }, ["b"]);
  const out = cty.convert(cty.object({ a: cty.number(1), zz: cty.True }), want);
  assert.ok(cty.typeEquals(out.type, obj({ a: cty.String, b: cty.List(cty.Number) })));
  assert.equal(out.getAttr("a").asString(), "1");
  assert.ok(out.getAttr("b").isNull);
  // Same type already (ignoring optional markers): returned as is.
  const same = cty.object({ a: cty.string("x"), b: cty.listEmpty(cty.Number) });
  assert.equal(cty.convert(same, want), same);
});

Deno.test("unify: go-cty's rules", () => {
  const name = (ts: Type[], unsafe = false) => {
    const u = unsafe ? cty.unifyUnsafe(ts) : cty.unify(ts);
    return u === undefined ? undefined : cty.friendlyName(u.type);
  };
  assert.equal(name([cty.String, cty.String]), "string");
  assert.equal(name([cty.Number, cty.Bool, cty.String]), "string");
  assert.equal(name([cty.Number, cty.Bool]), undefined);
  assert.equal(name([]), undefined);
  assert.equal(name([cty.Dynamic, cty.Dynamic]), "dynamic");
  // From dynamic is an unsafe conversion: safe unification falls back to dynamic.
  assert.equal(name([cty.Dynamic, cty.String]), "dynamic");
  assert.equal(name([cty.Dynamic, cty.String], true), "string");
  assert.equal(name([cty.List(cty.String), cty.Dynamic]), "dynamic");
  assert.equal(name([cty.List(cty.Number), cty.List(cty.String)]), "list of string");
  assert.equal(name([cty.List(cty.String), cty.Set(cty.String)]), "list of string");
  assert.equal(name([obj({ a: cty.Number }), obj({ a: cty.String })]), "object");
  assert.equal(name([obj({ a: cty.Number }), obj({ b: cty.String })]), "map of string");
  assert.equal(
    name([cty.Tuple([cty.Number]), cty.Tuple([cty.String, cty.Bool])]),
    "list of string",
  );
  assert.equal(name([cty.Map(cty.String), obj({ a: cty.Number })]), "map of string");
  assert.equal(name([obj({}), cty.Tuple([])]), undefined);
  assert.equal(name([cty.Dynamic, cty.Number, cty.String], true), "string");
  assert.equal(name([cty.List(cty.String), cty.Set(cty.Number)], true), "list of string");
  const u = cty.unify([cty.List(cty.Dynamic), cty.Dynamic])!;
  assert.ok(!u.conversions[0]!(cty.listEmpty(cty.Dynamic)).isKnown);
  const m = cty.unifyUnsafe([cty.Map(cty.String), obj({ a: cty.Number })])!;
  assert.equal(m.conversions[0], undefined);
  assert.equal(m.conversions[1]!(cty.object({ a: cty.number(3) })).index("a").asString(), "3");
});

Deno.test("bad arguments give precise errors, not TypeErrors", () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof FoundryError, String(e));
      return e.code;
    }
    return "none";
  };
  assert.equal(code(() => cty.convert({} as Value, cty.String)), "cty.convert.invalid_argument");
  assert.equal(
    code(() => cty.convert(cty.string("a"), { kind: "nope" } as unknown as Type)),
    "cty.convert.invalid_argument",
  );
  assert.equal(code(() => cty.unify("x" as unknown as Type[])), "cty.convert.invalid_argument");
  const conv = cty.getConversion(cty.Number, cty.String)!;
  assert.equal(code(() => conv(cty.string("1"))), "cty.convert.invalid_argument");
  assert.ok(conv(cty.nullValue(cty.Dynamic)).isNull);
});

// Speed is measured in bench/, not asserted against the clock here.
Deno.test("a 20 000-element tuple converts to a set of strings, every element kept", () => {
  const big = cty.tuple(Array.from({ length: 20000 }, (_, i) => cty.number(i)));
  const out = cty.convert(big, cty.Set(cty.String));
  assert.equal(out.length, 20000);
});
