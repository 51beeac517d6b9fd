import assert from "node:assert/strict";
import { Diagnostics, type PathStep } from "../../src/errors/mod.ts";
import { fromPlain } from "../../src/provider/_engine/plain_values.ts";
import { s } from "../../src/provider/schema.ts";
import { validateConfigValue } from "../../src/provider/_engine/validate.ts";
import { unknown } from "../../src/provider/unknown.ts";
import type { Validator } from "../../src/provider/validator.ts";

function run<V>(validator: Validator<V>, value: V) {
  const diags = new Diagnostics();
  validator.validate(value, { path: [{ kind: "attr", name: "x" }], diags });
  return diags.toArray().map((d) => d.detail);
}

Deno.test("validators: built-ins accept good values and explain bad ones", () => {
  assert.deepEqual(run(s.lengthBetween(1, 3), "abc"), []);
  assert.deepEqual(run(s.lengthBetween(1, 3), "🎉🎉🎉"), [], "characters, not UTF-16 units");
  assert.deepEqual(run(s.lengthBetween(1, 3), ""), ["Expected a length between 1 and 3, got 0."]);
  assert.deepEqual(run(s.lengthBetween(0, 1), ["a", "b"]), [
    "Expected a length between 0 and 1, got 2.",
  ]);
  assert.deepEqual(run(s.oneOf("small", "large"), "small"), []);
  assert.deepEqual(run(s.oneOf("small", "large"), "huge"), [
    'Expected one of "small", "large", got "huge".',
  ]);
  assert.deepEqual(run(s.matches(/^[a-z]+$/g, "lower-case letters"), "abc"), []);
  // A /g regex must not make the check stateful.
  assert.deepEqual(run(s.matches(/^[a-z]+$/g, "lower-case letters"), "abc"), []);
  assert.deepEqual(run(s.matches(/^[a-z]+$/, "lower-case letters"), "A1"), [
    'Expected lower-case letters, got "A1".',
  ]);
  assert.deepEqual(run(s.between(1, 65535), 80), []);
  assert.deepEqual(run(s.between(1, 65535), 0), ["Expected a number between 1 and 65535, got 0."]);
  assert.deepEqual(run(s.between(1, 10), 11n), ["Expected a number between 1 and 10, got 11."]);
});

const schema = s.resource({
  name: s.string({ required: true, validators: [s.lengthBetween(1, 5)] }),
  size: s.string({ optional: true, validators: [s.oneOf("s", "m")] }),
  old: s.string({ optional: true, deprecated: "Use name instead." }),
  tags: s.map(s.string(), { optional: true, validators: [s.lengthBetween(0, 1)] }),
  rule: s.listBlock({ port: s.number({ required: true, validators: [s.between(1, 100)] }) }),
  disks: s.listNested({ size: s.number({ required: true, validators: [s.between(1, 9)] }) }, {
    optional: true,
  }),
});

Deno.test("validate: diagnostics carry the attribute path, nested ones included", async () => {
  const config = fromPlain({
    name: "much too long",
    size: "xl",
    old: "x",
    tags: { a: "1", b: "2" },
    rule: [{ port: 5 }, { port: 500 }],
    disks: [{ size: 10 }],
  }, schema.type);
  const diags = await validateConfigValue(schema, config);
  const got = diags.toArray().map((d) => [d.severity, JSON.stringify(d.path), d.detail]);
  assert.deepEqual(got, [
    [
      "error",
      '[{"kind":"attr","name":"disks"},{"kind":"index","index":0},{"kind":"attr","name":"size"}]',
      "Expected a number between 1 and 9, got 10.",
    ],
    ["error", '[{"kind":"attr","name":"name"}]', "Expected a length between 1 and 5, got 13."],
    ["warning", '[{"kind":"attr","name":"old"}]', "Use name instead."],
    [
      "error",
      '[{"kind":"attr","name":"rule"},{"kind":"index","index":1},{"kind":"attr","name":"port"}]',
      "Expected a number between 1 and 100, got 500.",
    ],
    ["error", '[{"kind":"attr","name":"size"}]', 'Expected one of "s", "m", got "xl".'],
    ["error", '[{"kind":"attr","name":"tags"}]', "Expected a length between 0 and 1, got 2."],
  ]);
});

Deno.test("validate: unknown and null values are skipped", async () => {
  const config = fromPlain({
    name: unknown,
    size: null,
    old: null,
    tags: { a: unknown, b: "2" },
    rule: [{ port: unknown }],
    disks: null,
  }, schema.type);
  assert.deepEqual((await validateConfigValue(schema, config)).toArray(), []);
});

Deno.test("validation: nulls reach only validators that ask; deprecations and nested checks in attribute order", async () => {
  const ran: string[] = [];
  const record = (name: string, validatesNull = false): Validator<unknown> => ({
    description: name,
    ...(validatesNull ? { validatesNull: true } : {}),
    validate: (value, ctx) => {
      ran.push(`${name}=${JSON.stringify(value)}`);
      ctx.diags.error(`${name} saw ${JSON.stringify(value)}`, { path: ctx.path });
    },
  });
  const schema = s.resource({
    zeta: s.string({ optional: true, validators: [record("zeta")] }),
    alpha: s.string({ optional: true, validators: [record("alpha-null", true), record("alpha")] }),
    old: s.string({ optional: true, deprecated: "Use new." }),
    plain: s.string({ optional: true }),
    legacy: s.listBlock({ x: s.string({ optional: true }) }, { deprecated: "Gone soon." }),
    box: s.singleNested({
      inner: s.string({ optional: true, validators: [record("inner")] }),
    }, {
      optional: true,
      objectValidators: [{
        description: "box",
        validate: (_v: unknown, ctx: { diags: Diagnostics; path: readonly PathStep[] }) =>
          void ctx.diags.warning("box checked", { path: [...ctx.path] }),
      }],
    }),
  });
  const config = fromPlain({
    zeta: null,
    alpha: null,
    old: "set",
    plain: "p",
    legacy: [{ x: "y" }],
    box: { inner: "i" },
  }, schema.type);
  const diags = (await validateConfigValue(schema, config)).toArray();
  assert.deepEqual(ran, ["alpha-null=null", 'inner="i"']);
  assert.deepEqual(diags.map((d) => [d.severity, d.summary, d.path]), [
    ["error", "alpha-null saw null", [{ kind: "attr", name: "alpha" }]],
    ["warning", "box checked", [{ kind: "attr", name: "box" }]],
    ["error", 'inner saw "i"', [{ kind: "attr", name: "box" }, { kind: "attr", name: "inner" }]],
    ["warning", "Deprecated attribute", [{ kind: "attr", name: "old" }]],
    ["warning", "Deprecated block", [{ kind: "attr", name: "legacy" }]],
  ]);
});
