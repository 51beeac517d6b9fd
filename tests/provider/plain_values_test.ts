import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import { BigDecimal, cty as T } from "../../src/cty/mod.ts";
import { fromPlain, toPlain } from "../../src/provider/_engine/plain_values.ts";
import { s } from "../../src/provider/schema.ts";
import { unknown } from "../../src/provider/unknown.ts";

Deno.test("plain values: round trip through cty with nulls, unknowns and collections", () => {
  const schema = s.resource({
    name: s.string({ required: true }),
    port: s.number({ optional: true }),
    on: s.bool({ optional: true }),
    id: s.string({ computed: true }),
    tags: s.map(s.string(), { optional: true }),
    zones: s.list(s.string(), { optional: true }),
    ports: s.set(s.number(), { optional: true }),
    origin: s.object({ host: s.string(), port: s.number() }, { optional: true }),
    rule: s.listBlock({ port: s.number({ required: true }) }),
  });
  const plain = {
    name: "web",
    port: 8080,
    on: false,
    id: unknown,
    // An own "__proto__" key (as JSON.parse makes) must stay data, not a prototype.
    tags: JSON.parse('{"env":"prod","__proto__":"x"}'),
    zones: [],
    ports: [80, 443],
    origin: { host: "h", port: null },
    rule: [{ port: 1 }],
  };
  const v = fromPlain(plain, schema.type);
  assert.equal(v.getAttr("id").isKnown, false);
  assert.equal(v.getAttr("zones").length, 0);
  assert.equal(v.getAttr("tags").index("__proto__").asString(), "x");
  const back = toPlain(v, schema.fields) as Record<string, unknown>;
  assert.deepEqual(back, plain);
  assert.equal(Object.getPrototypeOf(back.tags), Object.prototype, "a plain object");
  assert.deepEqual(Object.keys(back.tags as object), ["__proto__", "env"]);
});

Deno.test("plain values: numbers keep their precision through bigint and decimal attributes", () => {
  const schema = s.resource({
    big: s.bigint({ optional: true }),
    exact: s.decimal({ optional: true }),
    plain: s.number({ optional: true }),
    bigs: s.list(s.bigint(), { optional: true }),
  });
  const v = fromPlain(
    { big: 2n ** 70n + 1n, exact: "0.1", plain: 1.5, bigs: [2n ** 64n] },
    schema.type,
  );
  assert.ok(v.getAttr("exact").asNumber() instanceof BigDecimal);
  assert.deepEqual(toPlain(v, schema.fields), {
    big: 2n ** 70n + 1n,
    exact: "0.1",
    plain: 1.5,
    bigs: [2n ** 64n],
  });
});

Deno.test("plain values: a mismatch names the path and the expected type", () => {
  const type = T.Object({ rule: T.List(T.Object({ port: T.Number })) });
  const cases: Array<[unknown, RegExp]> = [
    [{ rule: [{ port: "eighty" }] }, /^rule\[0\]\.port: expected a number/],
    [{ rule: [{ port: NaN }] }, /^rule\[0\]\.port: expected a finite number/],
    [{ rule: "x" }, /^rule: expected an array \(list of object\)/],
    [{ rule: [], extra: 1 }, /^extra: expected no such attribute \(known: rule\)/],
    [[1], /^the value: expected an object/],
  ];
  for (const [input, re] of cases) {
    try {
      fromPlain(input, type);
      assert.fail(`accepted ${JSON.stringify(input)}`);
    } catch (e) {
      assert.ok(isFoundryError(e, "provider.value.invalid"), String(e));
      assert.match(e.message, re);
    }
  }
});

Deno.test("plain values: missing keys fall back to a given value, else null", () => {
  const type = T.Object({ a: T.String, b: T.String });
  const fallback = fromPlain({ a: "A", b: "B" }, type);
  assert.deepEqual(toPlain(fromPlain({ a: "x" }, type, { fallback })), { a: "x", b: "B" });
  assert.deepEqual(toPlain(fromPlain({ a: "x" }, type)), { a: "x", b: null });
});

Deno.test("plain values: dynamic attributes infer their type", () => {
  const v = fromPlain({ d: { a: [1, "x"], b: true } }, T.Object({ d: T.Dynamic }));
  const d = v.getAttr("d");
  assert.equal(d.type.kind, "object");
  assert.deepEqual(toPlain(d), { a: [1, "x"], b: true });
});

Deno.test("plain values: hostile nesting gives an error, not a stack overflow", () => {
  let deep: unknown = "x";
  for (let i = 0; i < 10000; i++) deep = [deep];
  assert.throws(
    () => fromPlain(deep, T.Dynamic),
    (e) => isFoundryError(e, "provider.value.invalid"),
  );
});
