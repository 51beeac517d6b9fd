// Typed state upgraders in process: each version decoded with its own
// schema, a missing version or a state that does not fit named precisely.
import assert from "node:assert/strict";
import { defineProvider, defineResource, s, upgradeFrom } from "../../src/provider/mod.ts";
import { ProviderClient } from "../../src/testing/mod.ts";

const v0 = s.resource({ id: s.string({ computed: true }), size: s.string({ required: true }) });
const current = s.resource({
  id: s.string({ computed: true }),
  size_gb: s.number({ required: true }),
  encrypted: s.bool({ optional: true, computed: true }),
}, { version: 2 });
const seen: unknown[] = [];
const volume = defineResource({
  typeName: "t_volume",
  schema: current,
  upgradeState: {
    0: upgradeFrom(v0, ({ state, version, rawStateJson }) => {
      seen.push({ version, state, rawStateJson });
      return { id: state.id, size_gb: Number(state.size.replace(/G$/, "")), encrypted: false };
    }),
  },
  create: ({ plan }) => ({ ...plan, id: "v", encrypted: true }),
  read: ({ state }) => state,
  update: ({ plan, state }) => ({ ...plan, id: state.id, encrypted: state.encrypted }),
  delete: () => {},
});
const client = new ProviderClient(defineProvider({ typeName: "t", resources: [volume] }));

Deno.test("typed upgrade: the v0 state arrives decoded with the v0 schema", async () => {
  seen.length = 0;
  const raw = '{"id":"vol-1","size":"20G","dropped_later":1}';
  const up = await client.upgrade("t_volume", 0, raw);
  assert.deepEqual(up.diagnostics, []);
  assert.deepEqual(up.plain, { id: "vol-1", size_gb: 20, encrypted: false });
  assert.deepEqual(seen, [{ version: 0, state: { id: "vol-1", size: "20G" }, rawStateJson: raw }]);
});

Deno.test("typed upgrade: current state passes through; unknown versions are named", async () => {
  const same = await client.upgrade("t_volume", 2, '{"id":"v","size_gb":5,"encrypted":true}');
  assert.deepEqual(same.plain, { id: "v", size_gb: 5, encrypted: true });
  const [missing] = (await client.upgrade("t_volume", 1, "{}")).diagnostics;
  assert.equal(missing.summary, "t_volume: no state upgrader for schema version 1");
  assert.match(missing.detail ?? "", /upgraders for versions 0\. Add one for 1/);
  const [bad] = (await client.upgrade("t_volume", 0, '{"id":"v","size":[1]}')).diagnostics;
  assert.equal(bad.summary, "t_volume: stored state does not match the version 0 schema");
});
