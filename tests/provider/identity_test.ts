// Resource identity (protocol 6.9) in process: Terraform 1.11 never sends
// it, so these drive the RPCs as Terraform 1.12 would.
import assert from "node:assert/strict";
import { cty, msgpack } from "../../src/cty/mod.ts";

import { defineProvider, defineResource, s } from "../../src/provider/mod.ts";
import { fromPlain, ProviderServerImpl } from "../../src/provider/_engine/mod.ts";
import { handleRpc, PROVIDER_V6 } from "../../src/plugin/mod.ts";
import { decodeMessage, encodeMessage } from "../../src/protobuf/mod.ts";
import { createLogger, writerSink } from "../../src/logging/mod.ts";

const schema = s.resource({
  id: s.string({ computed: true }),
  region: s.string({ required: true }),
  size: s.number({ required: true }),
});
const identityType = cty.Object({ id: cty.String, region: cty.String });
const volume = defineResource({
  typeName: "t_volume",
  schema,
  identity: {
    version: 1,
    attributes: {
      id: { type: s.string(), forImport: "required" },
      region: { type: s.string(), forImport: "optional", description: "Where it lives." },
    },
    fromState: ({ id, region }) => ({ id, region }),
    upgrade: ({ rawIdentity }) => {
      const old = rawIdentity as { volume_id: string; region: string };
      return { id: old.volume_id, region: old.region };
    },
  },
  create: ({ plan }) => ({ ...plan, id: `vol-${plan.region}` }),
  read: ({ state }) => state,
  update: ({ plan, state }) => ({ ...plan, id: state.id }),
  delete: () => {},
});
const server = new ProviderServerImpl(defineProvider({ typeName: "t", resources: [volume] }));
const signal = new AbortController().signal;
const dv = (v: Record<string, unknown> | null) => ({
  msgpack: msgpack.encode(fromPlain(v, schema.type), schema.type),
});
const ident = (v: Record<string, unknown>) => ({
  identityData: { msgpack: msgpack.encode(fromPlain(v, identityType), identityType) },
});
const plainIdentity = (w: { identityData: { msgpack?: Uint8Array } } | undefined) =>
  w === undefined ? undefined : msgpack.decode(w.identityData.msgpack!, identityType).toJS();

Deno.test("identity: the schema, with types and import roles", async () => {
  const r = await server.getResourceIdentitySchemas({});
  assert.deepEqual(r.identitySchemas.t_volume.version, 1);
  assert.deepEqual(
    r.identitySchemas.t_volume.identityAttributes.map((a) => ({
      ...a,
      type: new TextDecoder().decode(a.type),
    })),
    [
      {
        name: "id",
        type: '"string"',
        requiredForImport: true,
        optionalForImport: false,
        description: "",
      },
      {
        name: "region",
        type: '"string"',
        requiredForImport: false,
        optionalForImport: true,
        description: "Where it lives.",
      },
    ],
  );
});

Deno.test("identity: plan (unknown until apply), apply and read carry it", async () => {
  const cfg = { id: null, region: "eu", size: 10 };
  const plan = await server.planResourceChange({
    typeName: "t_volume",
    priorState: dv(null),
    proposedNewState: dv(cfg),
    config: dv(cfg),
  }, { signal });
  assert.equal(plan.plannedIdentity, undefined);
  const applied = await server.applyResourceChange({
    typeName: "t_volume",
    priorState: dv(null),
    plannedState: plan.plannedState,
    config: dv(cfg),
  }, { signal });
  assert.deepEqual(plainIdentity(applied.newIdentity), { id: "vol-eu", region: "eu" });
  const read = await server.readResource({
    typeName: "t_volume",
    currentState: applied.newState,
    currentIdentity: applied.newIdentity,
  } as never, { signal });
  assert.deepEqual(plainIdentity(read.newIdentity), { id: "vol-eu", region: "eu" });
  // An update whose plan leaves the id unknown keeps the prior identity.
  const prior = { id: "vol-eu", region: "eu", size: 10 };
  const grown = { id: "vol-eu", region: "eu", size: 20 };
  const update = await server.planResourceChange({
    typeName: "t_volume",
    priorState: dv(prior),
    proposedNewState: dv(grown),
    config: dv({ ...grown, id: null }),
    priorIdentity: ident({ id: "vol-eu", region: "eu" }),
  }, { signal });
  assert.deepEqual(plainIdentity(update.plannedIdentity), { id: "vol-eu", region: "eu" });
});

Deno.test("identity: import by identity fills the same-named attributes and answers it", async () => {
  const r = await server.importResourceState({
    typeName: "t_volume",
    id: "",
    identity: ident({ id: "vol-9", region: "us" }),
  }, { signal });
  assert.deepEqual(r.diagnostics, []);
  const state = msgpack.decode(r.importedResources[0].state.msgpack!, schema.type).toJS();
  assert.deepEqual(state, { id: "vol-9", region: "us", size: null });
  assert.deepEqual(plainIdentity(r.importedResources[0].identity), { id: "vol-9", region: "us" });
});

Deno.test("identity: stored identities upgrade, and too-new ones are refused", async () => {
  const utf8 = new TextEncoder();
  const same = await server.upgradeResourceIdentity({
    typeName: "t_volume",
    version: 1,
    rawIdentity: utf8.encode('{"id":"v","region":"eu"}'),
  });
  assert.deepEqual(plainIdentity(same.upgradedIdentity), { id: "v", region: "eu" });
  const old = await server.upgradeResourceIdentity({
    typeName: "t_volume",
    version: 0,
    rawIdentity: utf8.encode('{"volume_id":"v0","region":"eu"}'),
  });
  assert.deepEqual(plainIdentity(old.upgradedIdentity), { id: "v0", region: "eu" });
  const newer = await server.upgradeResourceIdentity({ typeName: "t_volume", version: 2 });
  assert.equal(
    newer.diagnostics[0].summary,
    "t_volume: cannot read an identity stored at version 2",
  );
});

Deno.test("identity: over the protobuf wire, ImportResourceState by identity round-trips", async () => {
  const spec = PROVIDER_V6.find((r) => r.method === "ImportResourceState")!;
  const log = createLogger({ level: "off", sink: writerSink(() => {}) });
  const request = encodeMessage(spec.request, {
    typeName: "t_volume",
    id: "",
    identity: ident({ id: "vol-w", region: "eu" }),
  });
  const reply = decodeMessage(
    spec.response,
    await handleRpc(spec, server, request, { signal }, log),
  ) as { importedResources: { identity?: { identityData: { msgpack?: Uint8Array } } }[] };
  assert.deepEqual(plainIdentity(reply.importedResources[0].identity), {
    id: "vol-w",
    region: "eu",
  });
  const schemasSpec = PROVIDER_V6.find((r) => r.method === "GetResourceIdentitySchemas")!;
  const schemas = decodeMessage(
    schemasSpec.response,
    await handleRpc(schemasSpec, server, encodeMessage(schemasSpec.request, {}), { signal }, log),
  ) as { identitySchemas: Record<string, { version: bigint | number }> };
  assert.equal(Number(schemas.identitySchemas.t_volume.version), 1);
});
