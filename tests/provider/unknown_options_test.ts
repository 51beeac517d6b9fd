// Misspelt option keys are refused twice: `deno check` fails on every
// `@ts-expect-error` line below if the compile-time check stops catching it
// (an unused `@ts-expect-error` is itself an error), and the run-time checks
// name the key, where it is and the option probably meant.
import assert from "node:assert/strict";
import {
  defineDataSource,
  defineEphemeralResource,
  defineFunction,
  defineProvider,
  defineResource,
  s,
  serve,
  withClient,
} from "../../src/provider/mod.ts";
import { isFoundryError } from "../../src/errors/mod.ts";

const crud = {
  create: ({ plan }: { plan: unknown }) => plan,
  read: ({ state }: { state: unknown }) => state,
  update: ({ plan }: { plan: unknown }) => plan,
  delete: () => {},
};

/** The problems of the FoundryError `fn` throws. */
function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(isFoundryError(e), `expected a FoundryError, got ${e}`);
    return e.context.problems as string[];
  }
  assert.fail("expected the call to throw");
}

Deno.test("compile time: a misspelt key next to valid ones fails every builder", () => {
  // Each line runs too: the run-time check is tested below, here only that it does not throw
  // before a schema names the attribute.
  // @ts-expect-error: sensitiv is not an option
  s.string({ optional: true, sensitiv: true });
  // @ts-expect-error: requiresReplce
  s.number({ optional: true, requiresReplce: true });
  // @ts-expect-error: defualt
  s.bool({ optional: true, defualt: true });
  // @ts-expect-error: computd
  s.bigint({ computd: true, optional: true });
  // @ts-expect-error: descripton
  s.decimal({ required: true, descripton: "x" });
  // @ts-expect-error: sensitiv
  s.dynamic({ optional: true, sensitiv: true });
  // @ts-expect-error: defualt
  s.map(s.string(), { optional: true, defualt: {} });
  // @ts-expect-error: sensitiv
  s.list(s.string(), { optional: true, sensitiv: true });
  // @ts-expect-error: sensitiv
  s.set(s.string(), { optional: true, sensitiv: true });
  // @ts-expect-error: sensitiv
  s.object({ a: s.string() }, { optional: true, sensitiv: true });
  // @ts-expect-error: sensitiv
  s.singleNested({ a: s.string({ optional: true }) }, { optional: true, sensitiv: true });
  // @ts-expect-error: requiresReplce
  s.listNested({ a: s.string({ optional: true }) }, { optional: true, requiresReplce: true });
  // @ts-expect-error: sensitiv
  s.setNested({ a: s.string({ optional: true }) }, { optional: true, sensitiv: true });
  // @ts-expect-error: sensitiv
  s.mapNested({ a: s.string({ optional: true }) }, { optional: true, sensitiv: true });
  // @ts-expect-error: maxItem
  s.listBlock({ a: s.string({ optional: true }) }, { maxItem: 1 });
  // @ts-expect-error: minItem
  s.singleBlock({ a: s.string({ optional: true }) }, { minItem: 1 });
  // @ts-expect-error: descripton
  s.setBlock({}, { descripton: "x" });
  // @ts-expect-error: descripton
  s.mapBlock({}, { descripton: "x" });
  // @ts-expect-error: descripton
  s.groupBlock({}, { descripton: "x" });
});

Deno.test("compile time: schemas and define* refuse misspelt keys", () => {
  const fields = { a: s.string({ optional: true }) };
  // @ts-expect-error: versoin
  assert.throws(() => s.resource(fields, { versoin: 1 }), /did you mean `version`/);
  // @ts-expect-error: descripton
  assert.throws(() => s.dataSource(fields, { descripton: "x" }), /`description`/);
  // @ts-expect-error: descripton
  assert.throws(() => s.ephemeralResource(fields, { descripton: "x" }), /`description`/);
  // @ts-expect-error: deprecatd
  assert.throws(() => s.provider(fields, { deprecatd: "x" }), /`deprecated`/);
  const schema = s.resource(fields);
  assert.throws(
    // @ts-expect-error: improtState
    () => defineResource({ typeName: "example_a", schema, ...crud, improtState: () => ({}) }),
    /did you mean `importState`/,
  );
  const { defineResource: defineTyped } = withClient<number>();
  assert.throws(
    // @ts-expect-error: modfyPlan, through withClient too
    () => defineTyped({ typeName: "example_a", schema, ...crud, modfyPlan: () => {} }),
    /did you mean `modifyPlan`/,
  );
  const dataSchema = s.dataSource(fields);
  assert.throws(
    () =>
      defineDataSource({
        typeName: "example_b",
        schema: dataSchema,
        read: ({ config }) => config,
        // @ts-expect-error: valdateConfig
        valdateConfig: () => {},
      }),
    /did you mean `validateConfig`/,
  );
  assert.throws(
    () =>
      defineEphemeralResource({
        typeName: "example_c",
        schema: s.ephemeralResource(fields),
        open: () => ({ result: { a: null } }),
        // @ts-expect-error: clsoe
        clsoe: () => {},
      }),
    /did you mean `close`/,
  );
  assert.throws(
    // @ts-expect-error: sumary
    () => defineFunction({ parameters: [], returns: s.string(), run: () => "", sumary: "x" }),
    /did you mean `summary`/,
  );
  defineFunction({
    // @ts-expect-error: alowNull, inside the parameter tuple
    parameters: [{ name: "x", type: s.string(), alowNull: true }],
    returns: s.string(),
    run: ({ args: [x] }) => x,
  });
  defineFunction({
    parameters: [],
    // @ts-expect-error: descripton, on the variadic parameter
    variadicParameter: { name: "xs", type: s.string(), descripton: "d" },
    returns: s.string(),
    run: ({ rest }) => rest.join(),
  });
  // @ts-expect-error: resourcs
  assert.throws(() => defineProvider({ typeName: "example", resourcs: [] }), /`resources`/);
});

Deno.test("run time: the schema check names the key, the attribute and the option meant", () => {
  const untyped = s.string as (o: Record<string, unknown>) => ReturnType<typeof s.string>;
  const problems = problemsOf(() =>
    s.provider({ api_token: untyped({ optional: true, sensitiv: true }) })
  );
  assert.deepEqual(problems, [
    "unknown option `sensitiv` on attribute `api_token` — did you mean `sensitive`?",
  ]);
});

Deno.test("run time: typos anywhere in a schema are all reported at once", () => {
  const loose = <T>(f: T) => f as (...args: unknown[]) => ReturnType<typeof s.string>;
  const str = loose(s.string);
  const problems = problemsOf(() =>
    s.resource({
      size: str({ optional: true, defualt: "small", requiresReplce: true }),
      tags: loose(s.map)(s.string(), { optional: true, sensitiv: true }),
      zones: s.list(str({ colour: "red" }), { optional: true }),
      disks: loose(s.listNested)({ size: s.number({ required: true }) }, {
        optional: true,
        requird: true,
      }),
      rule: loose(s.listBlock)({ port: str({ required: true, validator: [] }) }, { maxItem: 2 }),
    })
  );
  assert.deepEqual(problems, [
    "unknown option `defualt` on attribute `size` — did you mean `default`?",
    "unknown option `requiresReplce` on attribute `size` — did you mean `requiresReplace`?",
    "unknown option `sensitiv` on attribute `tags` — did you mean `sensitive`?",
    "unknown option `colour` on element `zones[*]` (known options: required, optional, " +
    "computed, sensitive, deprecated, description, markdownDescription, default, " +
    "requiresReplace, validators, planModifiers, writeOnly, env, semanticEquals)",
    "unknown option `requird` on attribute `disks` — did you mean `required`?",
    "unknown option `maxItem` on block `rule` — did you mean `maxItems`?",
    "unknown option `validator` on attribute `rule.port` — did you mean `validators`?",
  ]);
});

Deno.test("run time: define* and function parameters refuse unknown keys", () => {
  const schema = s.resource({ a: s.string({ optional: true }) });
  const loose = (d: Record<string, unknown>) =>
    d as unknown as Parameters<typeof defineResource>[0];
  assert.throws(
    () => defineResource(loose({ typeName: "example_a", schema, ...crud, Delete: () => {} })),
    (e: unknown) =>
      isFoundryError(e, "provider.definition.invalid") &&
      e.message === "invalid resource `example_a`: unknown option `Delete` on resource " +
          "`example_a` — did you mean `delete`?",
  );
  const fn = defineFunction({
    name: "f",
    parameters: [{ name: "x", type: s.string() }],
    returns: s.string(),
    run: ({ args: [x] }) => x,
  });
  (fn.definition.parameters[0] as unknown as Record<string, unknown>).alowNull = true;
  const problems = problemsOf(() => defineProvider({ typeName: "example", functions: [fn] }));
  assert.deepEqual(problems, [
    "unknown option `alowNull` on function `f` parameter 1 — did you mean `allowNull`?",
  ]);
});

Deno.test("run time: correct options pass, and far-off keys get the list of options", () => {
  const schema = s.resource({
    id: s.string({ computed: true, planModifiers: [s.useStateForUnknown()] }),
    size: s.string({ optional: true, default: "small", requiresReplace: true }),
    rule: s.listBlock({ port: s.number({ required: true }) }, { maxItems: 2 }),
  }, { version: 1, description: "d" });
  assert.equal(schema.version, 1);
  const untyped = s.bool as (o: Record<string, unknown>) => ReturnType<typeof s.bool>;
  const [problem] = problemsOf(() => s.dataSource({ on: untyped({ optional: true, x: 1 }) }));
  assert.match(problem, /^unknown option `x` on attribute `on` \(known options: required, /);
});

Deno.test("run time: serve refuses a misspelt option before serving", async () => {
  const provider = defineProvider({ typeName: "example" });
  let served = false;
  await assert.rejects(
    serve(provider, {
      // @ts-expect-error: providerAdress
      providerAdress: "registry.terraform.io/acme/example",
      transport: () => {
        served = true;
        return Promise.resolve();
      },
    }),
    /unknown option `providerAdress` on the options of serve\(\) — did you mean `providerAddress`\?/,
  );
  assert.equal(served, false);
});
