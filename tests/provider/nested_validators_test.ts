// Validators of nested attributes and blocks, driven through
// ValidateResourceConfig in process: the whole value (size), each object
// (cross-attribute rules relative to it, typed object validators), the
// attribute paths Terraform is pointed at (indexes, map keys, sets cut at
// the set), unknowns waiting, and the schema check of the options.
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
const attr = (name: string) => ({ kind: "attr", name } as const);
const index = (i: number) => ({ kind: "index", index: i } as const);
const key = (k: string) => ({ kind: "key", key: k } as const);

/** A typed object validator: `from` must not exceed `to`. */
const ordered: Validator<{ from: number | null; to: number | null }> = {
  description: "from <= to",
  validate(range, ctx) {
    if (range.from !== null && range.to !== null && range.from > range.to) {
      ctx.diags.error("Invalid port range", {
        detail: `from (${range.from}) is greater than to (${range.to}).`,
        path: [...ctx.path, { kind: "attr", name: "from" }],
      });
    }
  },
};

const ruleFields = {
  port: s.number({ optional: true }),
  from: s.number({ optional: true }),
  to: s.number({ optional: true }),
};

Deno.test("nested validators: list block, size of the blocks and rules inside each block", async () => {
  const c = clientFor(s.resource({
    rule: s.listBlock(ruleFields, {
      validators: [s.sizeAtMost(2)],
      objectValidators: [s.conflictsWith("port", "from"), s.atLeastOneOf("port", "from"), ordered],
    }),
  }));
  assert.deepEqual(await c.validate("t_thing", { rule: [{ port: 80 }, { from: 1, to: 2 }] }), []);
  const diags = await c.validate("t_thing", {
    rule: [{ port: 80, from: 1 }, {}, { from: 9, to: 2 }],
  });
  assert.deepEqual(details(diags), [
    "Expected at most 2 elements, got 3.",
    'These attributes cannot be set together: "rule[0].port", "rule[0].from".',
    'At least one of "rule[1].port", "rule[1].from" must be set.',
    "from (9) is greater than to (2).",
  ]);
  assert.deepEqual(diags.map((d) => d.path), [
    [attr("rule")],
    [attr("rule"), index(0), attr("from")],
    [attr("rule"), index(1), attr("port")],
    [attr("rule"), index(2), attr("from")],
  ]);
});

Deno.test("nested validators: nested attributes of every nesting point at the object", async () => {
  const c = clientFor(s.resource({
    list: s.listNested(ruleFields, {
      optional: true,
      validators: [s.sizeAtLeast(1)],
      objectValidators: [s.exactlyOneOf("port", "from")],
    }),
    map: s.mapNested(ruleFields, {
      optional: true,
      validators: [s.keysAre(s.matches(/^[a-z]+$/, "a lower-case key"))],
      objectValidators: [ordered],
    }),
    single: s.singleNested(ruleFields, {
      optional: true,
      objectValidators: [s.alsoRequires("from", "to")],
    }),
  }));
  const diags = await c.validate("t_thing", {
    list: [],
    map: { web: { from: 5, to: 1 }, Bad: { port: 1 } },
    single: { from: 1 },
  });
  assert.deepEqual(details(diags), [
    "Expected at least 1 element, got 0.",
    'Expected a lower-case key, got "Bad".',
    "from (5) is greater than to (1).",
    '"single.from" is set, so these must be set too: "single.to".',
  ]);
  assert.deepEqual(diags.map((d) => d.path), [
    [attr("list")],
    [attr("map"), key("Bad")],
    [attr("map"), key("web"), attr("from")],
    [attr("single"), attr("from")],
  ]);
  const both = await c.validate("t_thing", { list: [{ port: 1, from: 2 }, { port: 3 }] });
  assert.deepEqual(details(both), [
    'Only one of "list[0].port", "list[0].from" may be set; ' +
    '"list[0].port" and "list[0].from" are.',
  ]);
  assert.deepEqual(both[0].path, [attr("list"), index(0), attr("from")]);
});

Deno.test("nested validators: a set's objects have no address, so problems point at the set", async () => {
  const c = clientFor(s.resource({
    ingress: s.setBlock(ruleFields, { objectValidators: [s.conflictsWith("port", "from")] }),
    egress: s.setNested(ruleFields, { optional: true, objectValidators: [ordered] }),
  }));
  const diags = await c.validate("t_thing", {
    ingress: [{ port: 1 }, { port: 2, from: 3 }],
    egress: [{ from: 4, to: 3 }],
  });
  assert.deepEqual(details(diags), [
    "from (4) is greater than to (3).",
    'These attributes cannot be set together: "ingress[*].port", "ingress[*].from".',
  ]);
  assert.deepEqual(diags.map((d) => d.path), [[attr("egress")], [attr("ingress")]]);
});

Deno.test("nested validators: blocks inside blocks climb out with ../", async () => {
  const c = clientFor(s.resource({
    domain: s.string({ optional: true }),
    listener: s.listBlock({
      port: s.number({ required: true }),
      tls: s.singleBlock({
        certificate: s.string({ optional: true }),
        key: s.string({ optional: true }),
      }, { objectValidators: [s.alsoRequires("certificate", "key", "../../domain")] }),
    }),
  }));
  const diags = await c.validate("t_thing", {
    listener: [{ port: 80 }, { port: 443, tls: { certificate: "c" } }],
  });
  assert.deepEqual(details(diags), [
    '"listener[1].tls.certificate" is set, so these must be set too: ' +
    '"listener[1].tls.key", "domain".',
  ]);
  assert.deepEqual(diags[0].path, [attr("listener"), index(1), attr("tls"), attr("certificate")]);
});

Deno.test("nested validators: unknown values wait, null values reach only those that ask", async () => {
  const c = clientFor(s.resource({
    other: s.string({ optional: true }),
    origin: s.singleNested({ host: s.string({ optional: true }) }, {
      optional: true,
      validators: [s.exactlyOneOf("other")],
    }),
    rule: s.listBlock(ruleFields, {
      validators: [s.sizeAtMost(1)],
      objectValidators: [s.conflictsWith("port", "from"), ordered],
    }),
  }));
  // An unknown inside a block: the size check and the typed validator wait
  // for the whole value, the rule waits for the attributes it looks at.
  assert.deepEqual(
    await c.validate("t_thing", {
      other: "o",
      rule: [{ port: unknown, from: 1 }, { from: 9, to: unknown }],
    }),
    [],
  );
  assert.deepEqual(await c.validate("t_thing", { origin: unknown }), []);
  const none = await c.validate("t_thing", {});
  assert.deepEqual(details(none), ['Exactly one of "origin", "other" must be set.']);
  assert.deepEqual(none[0].path, [attr("origin")]);
  const two = await c.validate("t_thing", { other: "o", origin: { host: "h" } });
  assert.deepEqual(details(two), [
    'Only one of "origin", "other" may be set; "origin" and "other" are.',
  ]);
});

Deno.test("nested validators: a misspelt name fails when the schema is made", () => {
  assert.throws(
    () =>
      s.resource({
        rule: s.listBlock(ruleFields, { objectValidators: [s.conflictsWith("port", "form")] }),
      }),
    /block "rule" objectValidators: "conflicts with port, form": no attribute "form" \(there are: from, port, to\) — did you mean "from"\?/,
  );
});

Deno.test("nested validators: a validator that throws is a provider error at the object", async () => {
  const broken: Validator<unknown> = {
    description: "broken",
    validate: () => {
      throw new Error("no API client here");
    },
  };
  const c = clientFor(
    s.resource({ rule: s.listBlock(ruleFields, { objectValidators: [broken] }) }),
  );
  const [d] = await c.validate("t_thing", { rule: [{ port: 1 }] });
  assert.equal(d.summary, "Invalid validator in the provider's schema");
  assert.match(d.detail ?? "", /The validator "broken" failed: no API client here/);
  assert.deepEqual(d.path, [attr("rule"), index(0)]);
});

Deno.test("nested validators: the schema check refuses what could never run", () => {
  assert.throws(
    () =>
      s.resource({
        a: s.listBlock({ x: s.string({ optional: true }) }, {
          validators: [{ description: "not one" } as never],
        }),
        b: s.listNested({ x: s.string({ optional: true }) }, {
          computed: true,
          objectValidators: [s.conflictsWith("x")],
        }),
      }),
    (e: Error) => {
      assert.match(
        e.message,
        /block "a": validators\[0\] is not a validator \(an object with validate\)/,
      );
      assert.match(e.message, /attribute "b": validators never run on a computed-only attribute/);
      return true;
    },
  );
});

Deno.test("nested validators: typed from the nested fields", () => {
  s.listBlock({ port: s.number({ optional: true }) }, {
    objectValidators: [{
      description: "port below 65536",
      validate(rule) {
        const port: number | null = rule.port;
        // @ts-expect-error the block has no attribute "prot"
        rule.prot;
        void port;
      },
    }],
  });
  s.mapNested({ role: s.string({ required: true }) }, {
    optional: true,
    validators: [{
      description: "an admin",
      validate(users) {
        const role: string = users["ann"].role;
        void role;
      },
    }],
  });
  // @ts-expect-error a number validator cannot check a list of blocks
  s.listBlock({ port: s.number({ optional: true }) }, { validators: [s.between(1, 2)] });
  s.listNested({ port: s.number({ optional: true }) }, {
    optional: true,
    // @ts-expect-error nor a list of nested objects
    validators: [s.oneOf("a")],
  });
});
