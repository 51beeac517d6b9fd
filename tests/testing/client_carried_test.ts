// The in-process client carries private state and identity as Terraform
// does: prior private in and planned/new private out of plan, apply, read,
// import and move; identities in and out, import by identity, identity
// upgrade; inputs typed from the resource's identity; and the in-process
// runner hands private state from call to call.
import assert from "node:assert/strict";
import { defineProvider, defineResource, s } from "../../src/provider/mod.ts";
import { ProviderClient, runInProcess } from "../../src/testing/mod.ts";

const calls: string[] = [];

const volume = defineResource({
  typeName: "t_volume",
  schema: s.resource({
    id: s.string({ computed: true, planModifiers: [s.useStateForUnknown()] }),
    region: s.string({ required: true }),
    size: s.number({ required: true }),
  }),
  identity: {
    version: 1,
    attributes: {
      id: { type: s.string(), forImport: "required" },
      region: { type: s.string(), forImport: "optional" },
    },
    fromState: ({ id, region }) => ({ id, region }),
    upgrade: ({ rawIdentity }) => {
      const old = rawIdentity as { volume_id: string };
      return { id: old.volume_id, region: null };
    },
  },
  modifyPlan: ({ private: priv }) => {
    priv.set("planned", true);
  },
  create: ({ plan, private: priv }) => {
    calls.push(`create planned=${priv.get("planned")}`);
    priv.set("etag", "e1");
    return { ...plan, id: `vol-${plan.region}` };
  },
  read: ({ state, private: priv }) => {
    calls.push(`read etag=${priv.get("etag")}`);
    if (priv.get("etag") === undefined) throw new Error("private state lost");
    priv.set("etag", "e2");
    return state;
  },
  update: ({ plan, state, private: priv }) => {
    calls.push(`update etag=${priv.get("etag")}`);
    return { ...plan, id: state.id };
  },
  delete: ({ private: priv }) => {
    calls.push(`delete etag=${priv.get("etag")}`);
  },
  importState: ({ id, identity, private: priv }) => {
    priv.set("imported", true);
    return { id: identity === undefined ? id : String(identity.id), region: "r1", size: 1 };
  },
  moveState: [{
    sourceTypeName: "t_disk",
    move: ({ sourceState, private: priv }) => {
      priv.set("moved", true);
      const old = sourceState as { id: string };
      return { id: old.id, region: "r9", size: 3 };
    },
  }],
});

const plain = defineResource({
  typeName: "t_plain",
  schema: s.resource({ id: s.string({ computed: true }) }),
  create: ({ plan }) => ({ ...plan, id: "p" }),
  read: ({ state }) => state,
  update: ({ plan }) => ({ ...plan, id: "p" }),
  delete: () => {},
});

const provider = defineProvider({ typeName: "t", resources: [volume, plain] });

Deno.test("client: plan and apply carry private state and identity both ways", async () => {
  calls.length = 0;
  const client = new ProviderClient(provider);
  const planned = await client.plan(volume, { config: { region: "r1", size: 1 } });
  assert.deepEqual(planned.private, { planned: true });
  // The id is unknown until apply: no identity yet.
  assert.equal(planned.identity, null);
  const applied = await client.apply(volume, {
    planned: planned.value,
    config: { region: "r1", size: 1 },
    private: planned.privateBytes,
  });
  assert.deepEqual(applied.private, { planned: true, etag: "e1" });
  assert.deepEqual(applied.identity, { id: "vol-r1", region: "r1" });
  // An update: the prior private state and identity go in, the plan keeps the identity.
  const update = await client.plan(volume, {
    prior: applied.value,
    config: { region: "r1", size: 2 },
    private: { etag: "e1" },
    identity: { id: "vol-r1", region: "r1" },
  });
  assert.deepEqual(update.private, { etag: "e1", planned: true });
  assert.deepEqual(update.identity, { id: "vol-r1", region: "r1" });
  const updated = await client.apply(volume, {
    prior: applied.value,
    planned: update.value,
    config: { region: "r1", size: 2 },
    private: update.private ?? {},
    identity: update.identity ?? undefined,
  });
  assert.equal(updated.plain?.size, 2);
  // Destroy: the object's private state reaches delete, and nothing is kept.
  const gone = await client.apply(volume, {
    prior: updated.value,
    planned: null,
    config: null,
    private: updated.privateBytes,
  });
  assert.deepEqual(gone.private, {});
  assert.equal(gone.privateBytes.length, 0);
  assert.equal(gone.identity, null);
  assert.deepEqual(calls, ["create planned=true", "update etag=e1", "delete etag=e1"]);
});

Deno.test("client: create hands the planned private state to apply, as Terraform does", async () => {
  calls.length = 0;
  const client = new ProviderClient(provider);
  const created = await client.create(volume, { region: "r2", size: 1 });
  assert.deepEqual(calls, ["create planned=true"]);
  assert.deepEqual(created.identity, { id: "vol-r2", region: "r2" });
  // Typed from the resource's identity attributes.
  const id: string | null | undefined = created.identity?.id;
  assert.equal(id, "vol-r2");
});

Deno.test("client: read takes the stored private state and returns the new one", async () => {
  calls.length = 0;
  const client = new ProviderClient(provider);
  const created = await client.create(volume, { region: "r1", size: 1 });
  const read = await client.read(volume, created.value, {
    private: created.privateBytes,
    identity: { id: "vol-r1" },
  });
  assert.deepEqual(read.private, { planned: true, etag: "e2" });
  assert.deepEqual(read.identity, { id: "vol-r1", region: "r1" });
  const lost = await client.read(volume, created.value);
  assert.match(lost.diagnostics[0]?.detail ?? "", /private state lost/);
  // Another provider's bytes: not entries, and back untouched when read fails to read them.
  const foreign = new Uint8Array([1, 2, 3]);
  const passed = await client.read(plain, { id: "p" }, { private: foreign });
  assert.equal(passed.private, null);
  assert.deepEqual(passed.privateBytes, foreign);
});

Deno.test("client: import by id or by identity, with the private state importState wrote", async () => {
  const client = new ProviderClient(provider);
  const byId = await client.import(volume, "vol-a");
  assert.equal(byId.plain?.id, "vol-a");
  assert.deepEqual(byId.private, { imported: true });
  assert.deepEqual(byId.identity, { id: "vol-a", region: "r1" });
  const byIdentity = await client.import(volume, { identity: { id: "vol-b" } });
  assert.equal(byIdentity.plain?.id, "vol-b");
  assert.deepEqual(byIdentity.identity, { id: "vol-b", region: "r1" });
});

Deno.test("client: move carries the source's private state; identity upgrades", async () => {
  const client = new ProviderClient(provider);
  const moved = await client.moveState(volume, {
    typeName: "t_disk",
    json: '{"id":"d-1"}',
    private: { etag: "old" },
  });
  assert.deepEqual(moved.plain, { id: "d-1", region: "r9", size: 3 });
  assert.deepEqual(moved.private, { etag: "old", moved: true });
  assert.deepEqual(moved.identity, { id: "d-1", region: "r9" });
  const up = await client.upgradeIdentity(volume, 0, '{"volume_id":"v-7"}');
  assert.deepEqual(up.diagnostics, []);
  assert.deepEqual(up.identity, { id: "v-7", region: null });
});

Deno.test("client: identities that do not fit are refused, naming what fits", async () => {
  const client = new ProviderClient(provider);
  await assert.rejects(
    () => client.import("t_volume", { identity: { volume: "x" } }),
    /t_volume's identity has no attribute "volume" \(it has: id, region\)/,
  );
  await assert.rejects(
    () => client.import("t_plain", { identity: { id: "x" } }),
    /t_plain declares no identity; it takes no identity value/,
  );
  await assert.rejects(
    () => client.read(volume, { id: "v", region: "r", size: 1 }, { private: [] as never }),
    /private state must be an object of JSON values/,
  );
  // Compile-time: the identity is typed from the resource object.
  // @ts-expect-error "volume" is not an identity attribute of t_volume
  const typo = () => client.import(volume, { identity: { volume: "x" } });
  // @ts-expect-error the id is a string
  const wrong = () => client.read(volume, { id: "v" }, { identity: { id: 7 } });
  void typo, wrong;
});

Deno.test("in process: the runner hands private state from call to call", async () => {
  calls.length = 0;
  const config = (size: number) =>
    `resource "t_volume" "v" {\n  region = "r1"\n  size   = ${size}\n}\n`;
  const report = await runInProcess({
    provider,
    steps: [{ config: config(1) }, { config: config(2) }],
    log: () => {},
  });
  assert.deepEqual(report.notChecked, []);
  // Every refresh saw the private state create wrote; update and delete saw read's.
  assert.ok(calls.includes("update etag=e2"), calls.join(", "));
  assert.equal(calls.at(-1), "delete etag=e2");
  assert.ok(!calls.some((c) => c === "read etag=undefined"), calls.join(", "));
});
