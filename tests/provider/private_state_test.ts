// Private state through every resource RPC: read, plan (create, update,
// destroy), apply (create, update, delete), import and move, with bytes
// Foundry cannot read passed through untouched until an author touches them.
import assert from "node:assert/strict";
import { msgpack } from "../../src/cty/mod.ts";
import { defineProvider, defineResource, PrivateState, s } from "../../src/provider/mod.ts";
import { fromPlain, ProviderServerImpl } from "../../src/provider/_engine/mod.ts";

const schema = s.resource({ id: s.string({ computed: true }), name: s.string({ required: true }) });
const utf8 = new TextEncoder();
const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b ?? new Uint8Array(0));
const dv = (v: Record<string, unknown> | null) => ({
  msgpack: msgpack.encode(fromPlain(v, schema.type), schema.type),
});
const signal = new AbortController().signal;

const seen: string[] = [];
const bucket = defineResource({
  typeName: "t_bucket",
  schema,
  modifyPlan: ({ plan, private: priv }) => {
    seen.push(`plan:${JSON.stringify(priv.get("etag") ?? null)}`);
    priv.set("planned_by", "modifyPlan");
    return plan;
  },
  planDestroy: ({ state, private: priv, diags }) => {
    seen.push(`destroy:${priv.get("etag")}`);
    if (state.name === "protected") diags.error('Refusing to destroy t_bucket "protected"');
  },
  create: ({ plan, private: priv }) => {
    seen.push(`create:${priv.get("planned_by")}`);
    priv.set("etag", "v1");
    priv.delete("planned_by");
    return { ...plan, id: plan.name };
  },
  read: ({ state, private: priv }) => {
    seen.push(`read:${priv.get("etag")}`);
    priv.set("etag", `${priv.get<string>("etag")}+r`);
    return state;
  },
  update: ({ plan, state, private: priv }) => {
    priv.set("etag", "v2");
    return { ...plan, id: state.id };
  },
  delete: ({ private: priv }) => {
    seen.push(`delete:${priv.get("etag")}`);
  },
  importState: ({ id, private: priv }) => {
    priv.set("imported", true);
    return { id };
  },
  moveState: [{
    sourceTypeName: "t_old_bucket",
    move: ({ sourceState, private: priv, sourcePrivate }) => {
      priv.set("moved_from", "t_old_bucket");
      priv.set("source_private_bytes", sourcePrivate.length);
      return sourceState as { id: string; name: string };
    },
  }],
});
const server = new ProviderServerImpl(defineProvider({ typeName: "t", resources: [bucket] }));

Deno.test("private state: create plans it, apply writes it, read and update change it", async () => {
  seen.length = 0;
  const cfg = { id: null, name: "logs" };
  const plan = await server.planResourceChange({
    typeName: "t_bucket",
    priorState: dv(null),
    proposedNewState: dv(cfg),
    config: dv(cfg),
  }, { signal });
  assert.deepEqual(plan.diagnostics, []);
  assert.equal(text(plan.plannedPrivate), '{"planned_by":"modifyPlan"}');
  const created = await server.applyResourceChange({
    typeName: "t_bucket",
    priorState: dv(null),
    plannedState: plan.plannedState,
    config: dv(cfg),
    plannedPrivate: plan.plannedPrivate,
  }, { signal });
  assert.deepEqual(created.diagnostics, []);
  assert.equal(text(created.private), '{"etag":"v1"}');
  const read = await server.readResource({
    typeName: "t_bucket",
    currentState: created.newState,
    private: created.private,
  }, { signal });
  assert.equal(text(read.private), '{"etag":"v1+r"}');
  const state = { id: "logs", name: "logs" };
  const next = { id: "logs", name: "logs2" };
  const updated = await server.applyResourceChange({
    typeName: "t_bucket",
    priorState: dv(state),
    plannedState: dv(next),
    config: dv({ id: null, name: "logs2" }),
    plannedPrivate: read.private,
  }, { signal });
  assert.equal(text(updated.private), '{"etag":"v2"}');
  assert.deepEqual(seen, ["plan:null", "create:modifyPlan", "read:v1"]);
});

Deno.test("private state: destroy plans run planDestroy, which may refuse; delete sees it", async () => {
  seen.length = 0;
  const priv = utf8.encode('{"etag":"v9"}');
  const ok = await server.planResourceChange({
    typeName: "t_bucket",
    priorState: dv({ id: "a", name: "a" }),
    proposedNewState: dv(null),
    config: dv(null),
    priorPrivate: priv,
  }, { signal });
  assert.deepEqual(ok.diagnostics, []);
  assert.equal(text(ok.plannedPrivate), '{"etag":"v9"}');
  const refused = await server.planResourceChange({
    typeName: "t_bucket",
    priorState: dv({ id: "p", name: "protected" }),
    proposedNewState: dv(null),
    config: dv(null),
  }, { signal });
  assert.equal(refused.diagnostics[0]?.summary, 'Refusing to destroy t_bucket "protected"');
  const deleted = await server.applyResourceChange({
    typeName: "t_bucket",
    priorState: dv({ id: "a", name: "a" }),
    plannedState: dv(null),
    config: dv(null),
    plannedPrivate: priv,
  }, { signal });
  assert.deepEqual(deleted.diagnostics, []);
  assert.equal(deleted.private.length, 0);
  assert.deepEqual(seen, ["destroy:v9", "destroy:undefined", "delete:v9"]);
});

Deno.test("private state: import and move return what the hooks set", async () => {
  const imported = await server.importResourceState({ typeName: "t_bucket", id: "x" }, { signal });
  assert.equal(text(imported.importedResources[0].private), '{"imported":true}');
  const moved = await server.moveResourceState({
    sourceTypeName: "t_old_bucket",
    sourceState: { json: utf8.encode('{"id":"m","name":"m"}') },
    targetTypeName: "t_bucket",
    sourcePrivate: utf8.encode('{"etag":"old"}'),
  }, { signal });
  assert.deepEqual(moved.diagnostics, []);
  assert.deepEqual(JSON.parse(text(moved.targetPrivate)), {
    etag: "old",
    moved_from: "t_old_bucket",
    source_private_bytes: 14,
  });
  // Another provider's private bytes do not carry over; the mover still sees them.
  const foreign = await server.moveResourceState({
    sourceTypeName: "t_old_bucket",
    sourceState: { json: utf8.encode('{"id":"m","name":"m"}') },
    targetTypeName: "t_bucket",
    sourcePrivate: utf8.encode("\x00binary"),
  }, { signal });
  assert.deepEqual(JSON.parse(text(foreign.targetPrivate)), {
    moved_from: "t_old_bucket",
    source_private_bytes: 7,
  });
});

Deno.test("private state: unreadable bytes pass through, and fail only the call that reads them", async () => {
  const junk = utf8.encode("not json");
  const passive = defineResource({
    typeName: "t_passive",
    schema,
    create: ({ plan }) => ({ ...plan, id: "1" }),
    read: ({ state }) => state,
    update: ({ plan, state }) => ({ ...plan, id: state.id }),
    delete: () => {},
  });
  const p = new ProviderServerImpl(defineProvider({ typeName: "t", resources: [passive, bucket] }));
  const state = dv({ id: "1", name: "a" });
  const untouched = await p.readResource(
    { typeName: "t_passive", currentState: state, private: junk },
    { signal },
  );
  assert.deepEqual(untouched.diagnostics, []);
  assert.equal(untouched.private, junk);
  const touched = await p.readResource(
    { typeName: "t_bucket", currentState: state, private: junk },
    { signal },
  );
  assert.equal(touched.diagnostics.length, 1);
  assert.match(touched.diagnostics[0].summary, /t_bucket: read failed: the private state/);
  assert.match(touched.diagnostics[0].summary, /is not UTF-8 JSON/);
  assert.equal(touched.private, junk);
});

Deno.test("PrivateState refuses reserved keys and values JSON cannot hold", () => {
  const priv = new PrivateState();
  assert.throws(() => priv.set(".timeouts", 1), /reserved/);
  assert.throws(() => priv.set("", 1), /non-empty/);
  assert.throws(() => priv.set("n", NaN), /private state value "n" is NaN/);
  assert.throws(
    () => priv.set("d", { at: new Date() as never }),
    /private state value "d".at is a Date, not a plain object/,
  );
  assert.equal(priv.changed, false);
  assert.equal(priv.encode().length, 0);
  priv.set("k", [1, "two", { three: null }]);
  assert.equal(text(priv.encode()), '{"k":[1,"two",{"three":null}]}');
});
