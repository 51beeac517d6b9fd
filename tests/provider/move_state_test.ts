import assert from "node:assert/strict";
import { createLogger } from "../../src/logging/mod.ts";
import { defineResource } from "../../src/provider/define.ts";
import { defineProvider } from "../../src/provider/define_provider.ts";
import { s } from "../../src/provider/schema.ts";
import { ProviderServerImpl } from "../../src/provider/_engine/server.ts";
import { ProviderClient } from "../../src/testing/mod.ts";

// Lifecycle hooks these tests never call.
const base = {
  create: (): never => {
    throw new Error("not called");
  },
  read: (): never => {
    throw new Error("not called");
  },
  update: (): never => {
    throw new Error("not called");
  },
  delete: () => {},
};

const document = defineResource({
  typeName: "example_document",
  schema: s.resource({
    id: s.string({ computed: true }),
    path: s.string({ required: true }),
    size: s.number({ computed: true }),
  }),
  moveState: [
    {
      sourceTypeName: "example_file",
      sourceSchemaVersion: 0,
      move: ({ sourceState }) => {
        const old = sourceState as { id: string; path: string; content: string };
        return { id: old.id, path: old.path, size: old.content.length };
      },
    },
    {
      sourceProviderAddress: "registry.terraform.io/hashicorp/local",
      move: ({ sourceTypeName, sourceState }) => {
        if (sourceTypeName !== "local_file") return undefined; // decline
        const old = sourceState as { id: string; filename: string };
        return { id: old.id, path: old.filename, size: 0 };
      },
    },
    {
      // Ids beyond 2^53 survive only in the stored text, not in JSON.parse.
      sourceTypeName: "example_counter",
      move: ({ sourceStateJson }) => {
        const id = /"id":\s*(\d+)/.exec(sourceStateJson)?.[1] ?? "";
        return { id, path: `/counters/${id}`, size: 0 };
      },
    },
    {
      sourceTypeName: "example_broken",
      move: () => ({ id: "x", path: 42 }) as never,
    },
    {
      sourceTypeName: "example_throws",
      move: () => {
        throw new Error("cannot read the old format");
      },
    },
  ] as const,
  ...base,
});

const plain = defineResource({
  typeName: "example_plain",
  schema: s.resource({ id: s.string({ computed: true }) }),
  ...base,
});

const quiet = { log: createLogger({ level: "off" }) };

Deno.test("move state: matching movers turn the source state into the target's", async () => {
  const client = new ProviderClient(
    defineProvider({ typeName: "example", resources: [document, plain] }),
    quiet,
  );
  const moved = await client.moveState("example_document", {
    typeName: "example_file",
    json: JSON.stringify({ id: "f1", path: "/tmp/a", content: "hello" }),
  });
  assert.deepEqual(moved.diagnostics, []);
  assert.deepEqual(moved.plain, { id: "f1", path: "/tmp/a", size: 5 });
  const fromLocal = await client.moveState("example_document", {
    typeName: "local_file",
    providerAddress: "registry.terraform.io/hashicorp/local",
    json: JSON.stringify({ id: "abc", filename: "/x" }),
  });
  assert.deepEqual(fromLocal.plain, { id: "abc", path: "/x", size: 0 });
  const big = await client.moveState("example_document", {
    typeName: "example_counter",
    json: '{"id": 12345678901234567891}',
  });
  assert.deepEqual(big.diagnostics, []);
  assert.deepEqual(big.plain, {
    id: "12345678901234567891",
    path: "/counters/12345678901234567891",
    size: 0,
  });
});

Deno.test("move state: no matching mover, bad results and hostile input are error diagnostics", async () => {
  const client = new ProviderClient(
    defineProvider({ typeName: "example", resources: [document, plain] }),
    quiet,
  );
  const firstError = async (
    target: string,
    source: { typeName: string; providerAddress?: string; schemaVersion?: number; json: string },
  ) => {
    const r = await client.moveState(target, source);
    assert.equal(r.value.isNull, true);
    const e = r.diagnostics.find((d) => d.severity === "error");
    assert.ok(e, `expected an error for ${source.typeName}`);
    return `${e.summary} | ${e.detail ?? ""}`;
  };
  assert.match(
    await firstError("example_document", {
      typeName: "example_file",
      schemaVersion: 3,
      json: "{}",
    }),
    /Cannot move example_file of registry.terraform.io\/hashicorp\/example to example_document \| None of example_document's state movers accepts .* \(schema version 3\)/,
  );
  assert.match(
    await firstError("example_document", {
      typeName: "local_dir",
      providerAddress: "registry.terraform.io/hashicorp/local",
      json: "{}",
    }),
    /None of example_document's state movers accepts local_dir/,
  );
  assert.match(
    await firstError("example_plain", { typeName: "example_file", json: "{}" }),
    /does not accept state moved from another resource type/,
  );
  assert.match(
    await firstError("example_document", { typeName: "example_file", json: "{not json" }),
    /source state is not valid JSON/,
  );
  assert.match(
    await firstError("example_document", { typeName: "example_broken", json: "{}" }),
    /moveState returned an invalid state \| path: expected a string, got number 42/,
  );
  assert.match(
    await firstError("example_document", { typeName: "example_throws", json: "{}" }),
    /moveState failed: cannot read the old format/,
  );
  assert.match(
    await firstError("example_document", {
      typeName: "example_file",
      json: JSON.stringify({ id: 1 }),
    }),
    /moveState failed: .*length/,
  );
});

Deno.test("move state: the capability is declared only when a resource has movers", async () => {
  const ctx = { signal: new AbortController().signal };
  const withMovers = new ProviderServerImpl(
    defineProvider({ typeName: "example", resources: [document] }),
    quiet,
  );
  const without = new ProviderServerImpl(
    defineProvider({ typeName: "example", resources: [plain] }),
    quiet,
  );
  assert.equal((await withMovers.getMetadata({}, ctx)).serverCapabilities.moveResourceState, true);
  assert.equal((await without.getMetadata({}, ctx)).serverCapabilities.moveResourceState, false);
  assert.equal(
    (await withMovers.getProviderSchema({}, ctx)).serverCapabilities.moveResourceState,
    true,
  );
  const unknownTarget = await withMovers.moveResourceState({
    targetTypeName: "example_nope",
    sourceTypeName: "example_file",
    sourceState: { json: new TextEncoder().encode("{}") },
  }, ctx);
  assert.match(unknownTarget.diagnostics[0].summary, /Unknown resource type "example_nope"/);
  const noJson = await withMovers.moveResourceState({
    targetTypeName: "example_document",
    sourceTypeName: "example_file",
  }, ctx);
  assert.match(noJson.diagnostics[0].detail ?? "", /no JSON form/);
  assert.throws(
    () =>
      defineProvider({
        typeName: "example",
        resources: [defineResource({ ...plain.definition, moveState: [{}] as never })],
      }),
    /moveState\[0\] needs a move function/,
  );
});
