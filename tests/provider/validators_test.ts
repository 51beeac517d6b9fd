// The validators library driven through ValidateResourceConfig in process:
// paths of nested blocks and set elements, unknown values skipped, null
// values seen only by the validators that ask, and schema-level rules.
import assert from "node:assert/strict";
import { defineProvider, defineResource, s, unknown } from "../../src/provider/mod.ts";
import type { Fields, Schema, Validator } from "../../src/provider/mod.ts";
import { ProviderClient } from "../../src/testing/mod.ts";

function clientFor<S extends Schema<Fields>>(schema: S) {
  const r = defineResource({
    typeName: "t_thing",
    schema,
    create: ({ plan }) => plan as never,
    read: ({ state }) => state,
    update: ({ plan }) => plan as never,
    delete: () => {},
  });
  return new ProviderClient(defineProvider({ typeName: "t", resources: [r as never] }));
}

const details = (ds: readonly { detail?: string }[]) => ds.map((d) => d.detail);

Deno.test("validators: cross-attribute rules inside a list block climb with ../", async () => {
  const c = clientFor(s.resource({
    domain: s.string({ optional: true }),
    listener: s.listBlock({
      port: s.number({ required: true }),
      certificate: s.string({ optional: true, validators: [s.alsoRequires("../domain")] }),
      http2: s.bool({ optional: true, validators: [s.alsoRequires("certificate")] }),
    }),
  }));
  const diags = await c.validate("t_thing", {
    listener: [{ port: 80 }, { port: 443, certificate: "c" }, { port: 8080, http2: true }],
  });
  assert.deepEqual(details(diags), [
    'Attribute "listener[1].certificate" needs "domain" to be set too.',
    'Attribute "listener[2].http2" needs "listener[2].certificate" to be set too.',
  ]);
  assert.deepEqual(diags[0].path, [
    { kind: "attr", name: "listener" },
    { kind: "index", index: 1 },
    { kind: "attr", name: "certificate" },
  ]);
  assert.deepEqual(
    await c.validate("t_thing", { domain: "a", listener: [{ port: 1, certificate: "c" }] }),
    [],
  );
});

Deno.test("validators: unknown values make cross-attribute rules wait", async () => {
  const c = clientFor(s.resource({
    a: s.string({ optional: true, validators: [s.conflictsWith("b"), s.exactlyOneOf("b")] }),
    b: s.string({ optional: true }),
  }));
  assert.deepEqual(await c.validate("t_thing", { a: "x", b: unknown }), []);
  assert.deepEqual(await c.validate("t_thing", { a: unknown, b: "y" }), []);
  assert.deepEqual(details(await c.validate("t_thing", { a: "x", b: "y" })), [
    'Attribute "a" cannot be set together with "b".',
    'Only one of "a", "b" may be set; "a" and "b" are.',
  ]);
  // exactlyOneOf runs on the null attribute too.
  const [none] = await c.validate("t_thing", {});
  assert.equal(none.detail, 'Exactly one of "a", "b" must be set.');
  assert.deepEqual(none.path, [{ kind: "attr", name: "a" }]);
});

Deno.test("validators: schema-level rules point at the attribute at fault", async () => {
  const c = clientFor(s.resource({
    image: s.string({ optional: true }),
    snapshot: s.string({ optional: true }),
    user: s.string({ optional: true }),
    password: s.string({ optional: true }),
    net: s.singleNested({ cidr: s.string({ optional: true }) }, { optional: true }),
  }, {
    validators: [
      s.exactlyOneOf("image", "snapshot"),
      s.alsoRequires("user", "password"),
      s.conflictsWith("image", "net.cidr"),
    ],
  }));
  const diags = await c.validate("t_thing", {
    image: "i",
    snapshot: "s",
    user: "u",
    net: { cidr: "10.0.0.0/8" },
  });
  assert.deepEqual(details(diags), [
    'Only one of "image", "snapshot" may be set; "image" and "snapshot" are.',
    '"user" is set, so these must be set too: "password".',
    'These attributes cannot be set together: "image", "net.cidr".',
  ]);
  assert.deepEqual(diags.map((d) => d.path), [
    [{ kind: "attr", name: "snapshot" }],
    [{ kind: "attr", name: "user" }],
    [{ kind: "attr", name: "net" }, { kind: "attr", name: "cidr" }],
  ]);
});

Deno.test("validators: element validators in a set report at the set", async () => {
  const c = clientFor(s.resource({
    hosts: s.set(s.string(), { optional: true, validators: [s.valuesAre(s.lengthAtMost(3))] }),
    rule: s.setBlock({ name: s.string({ optional: true, validators: [s.lengthAtMost(2)] }) }),
  }));
  const diags = await c.validate("t_thing", { hosts: ["abcd"], rule: [{ name: "xyz" }] });
  assert.deepEqual(diags.map((d) => d.path), [
    [{ kind: "attr", name: "hosts" }],
    [{ kind: "attr", name: "rule" }],
  ]);
});

Deno.test("validators: bad path expressions fail where the schema is written", () => {
  assert.throws(() => s.conflictsWith("rule[0].port"), /attribute names separated by dots/);
  assert.throws(() => s.exactlyOneOf(), /needs at least one path expression/);
});

Deno.test("validators: a name the schema lacks fails where the schema is made", () => {
  assert.throws(
    () => s.resource({ a: s.string({ optional: true, validators: [s.conflictsWith("nope")] }) }),
    /attribute "a" validators: "conflicts with nope": no attribute "nope" \(there are: a\)/,
  );
  assert.throws(
    () =>
      s.resource({
        password: s.string({ optional: true }),
        rule: s.listBlock({
          port: s.number({ optional: true, validators: [s.alsoRequires("../pasword")] }),
        }),
      }, { validators: [s.exactlyOneOf("password", "rule.port")] }),
    (e: Error) => {
      assert.match(
        e.message,
        /attribute "rule\.port" validators: "requires \.\.\/pasword": no attribute "pasword" \(there are: password, rule\) — did you mean "password"\?/,
      );
      assert.match(
        e.message,
        /the schema's validators: "exactly one of this and password, rule\.port": "rule" holds several objects/,
      );
      return true;
    },
  );
});

Deno.test("validators: a lookup a validator did not declare is a diagnostic, not a crash", async () => {
  const undeclared: Validator<string> = {
    description: "looks up nope",
    validate: (_value, ctx) => void ctx.lookup?.("nope"),
  };
  const c = clientFor(s.resource({ a: s.string({ optional: true, validators: [undeclared] }) }));
  const diags = await c.validate("t_thing", { a: "x" });
  assert.equal(diags.length, 1);
  assert.equal(diags[0].summary, "Invalid validator in the provider's schema");
  assert.match(diags[0].detail ?? "", /no attribute "nope" there \(there are: a\)/);
  assert.deepEqual(diags[0].path, [{ kind: "attr", name: "a" }]);
});

Deno.test("validators: string, number and collection checks", async () => {
  const c = clientFor(s.resource({
    name: s.string({
      optional: true,
      validators: [s.lengthAtLeast(2), s.noneOfCaseInsensitive("admin")],
    }),
    replicas: s.number({
      optional: true,
      validators: [s.atLeast(1), s.atMost(5), s.oneOf(1, 3, 5)],
    }),
    tags: s.map(s.string(), {
      optional: true,
      validators: [s.sizeBetween(1, 2), s.valuesAre(s.noneOf(""))],
    }),
  }));
  assert.deepEqual(await c.validate("t_thing", { name: "web", replicas: 3, tags: { a: "1" } }), []);
  const diags = await c.validate("t_thing", {
    name: "Admin",
    replicas: 4,
    tags: { a: "", b: "", c: "" },
  });
  assert.deepEqual(details(diags), [
    'Expected none of "admin" (any case), got "Admin".',
    "Expected one of 1, 3, 5, got 4.",
    "Expected between 1 and 2 elements, got 3.",
    'Expected none of "", got "".',
    'Expected none of "", got "".',
    'Expected none of "", got "".',
  ]);
  assert.deepEqual(diags[3].path, [{ kind: "attr", name: "tags" }, { kind: "key", key: "a" }]);
});
