// Planning and value conversion on a typical resource (~20 attributes, a
// list, a map, a nested block), against the wire codec cost of the same
// value as baseline: planning should cost no more than a few codec passes.
import { decodeMsgpack } from "../src/cty/msgpack_decode.ts";
import { encodeMsgpack } from "../src/cty/msgpack_encode.ts";
import { planResourceChange } from "../src/provider/_engine/plan.ts";
import { fromPlain, toPlain } from "../src/provider/_engine/plain_values.ts";
import { s } from "../src/provider/schema.ts";
import { ProviderServerImpl } from "../src/provider/_engine/server.ts";
import { decodeMessage, encodeMessage } from "../src/protobuf/mod.ts";
import { handleRpc, PROVIDER_V6 } from "../src/plugin/mod.ts";
import { createLogger, writerSink } from "../src/logging/mod.ts";
import { provider as exampleProvider } from "../examples/provider/main.ts";
import { serverSchema } from "../examples/provider/server.ts";

const schema = s.resource({
  id: s.string({ computed: true, planModifiers: [s.useStateForUnknown()] }),
  arn: s.string({ computed: true }),
  name: s.string({ required: true, validators: [s.lengthBetween(1, 63)] }),
  size: s.string({ optional: true, default: "small", requiresReplace: true }),
  region: s.string({ optional: true, computed: true }),
  a1: s.string({ optional: true }),
  a2: s.string({ optional: true }),
  a3: s.string({ optional: true }),
  n1: s.number({ optional: true }),
  n2: s.number({ optional: true }),
  n3: s.number({ optional: true }),
  b1: s.bool({ optional: true }),
  b2: s.bool({ optional: true }),
  zones: s.list(s.string(), { optional: true }),
  tags: s.map(s.string(), { optional: true }),
  disks: s.listBlock({ size: s.number({ required: true }), serial: s.string({ computed: true }) }),
});

const config = {
  id: null,
  arn: null,
  name: "web",
  size: null,
  region: null,
  a1: "alpha",
  a2: "beta",
  a3: "gamma",
  n1: 1,
  n2: 2.5,
  n3: 1e6,
  b1: true,
  b2: false,
  zones: ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"],
  tags: { env: "prod", team: "core", cost: "42", owner: "me", tier: "web" },
  disks: [{ size: 10, serial: null }, { size: 20, serial: null }, { size: 30, serial: null }],
};
const state = {
  ...config,
  id: "i-1",
  arn: "arn:1",
  size: "small",
  region: "eu",
  disks: config.disks.map((d, i) => ({ ...d, serial: `s${i}` })),
};
const type = schema.type;
const configV = fromPlain(config, type);
const priorV = fromPlain(state, type);
const nullV = fromPlain(null, type);
const proposedUpdate = fromPlain({ ...state, a1: "changed" }, type);
const configUpdate = fromPlain({ ...config, a1: "changed" }, type);
const bytes = encodeMsgpack(priorV, type);

Deno.bench("msgpack decode+encode of the state", { group: "plan", baseline: true }, () => {
  encodeMsgpack(decodeMsgpack(bytes, type), type);
});
Deno.bench("plan create", { group: "plan" }, async () => {
  await planResourceChange(schema, { prior: nullV, proposed: configV, config: configV });
});
Deno.bench("plan update, nothing changed", { group: "plan" }, async () => {
  await planResourceChange(schema, { prior: priorV, proposed: priorV, config: configV });
});
Deno.bench("plan update in place", { group: "plan" }, async () => {
  await planResourceChange(schema, {
    prior: priorV,
    proposed: proposedUpdate,
    config: configUpdate,
  });
});

Deno.bench("structuredClone of the plain state", { group: "convert", baseline: true }, () => {
  structuredClone(state);
});
Deno.bench("toPlain", { group: "convert" }, () => {
  toPlain(priorV, schema.fields);
});
Deno.bench("fromPlain", { group: "convert" }, () => {
  fromPlain(state, type);
});

// One PlanResourceChange of the example provider's `example_server`, in
// process: protobuf request bytes -> handleRpc -> ProviderServerImpl ->
// protobuf response bytes, i.e. everything but gRPC/TLS. Baseline: only the
// protobuf decode+encode of the same request, the wire floor of the call.
const rpcLog = createLogger({ level: "off", sink: writerSink(() => {}) });
const example = new ProviderServerImpl(exampleProvider, { log: rpcLog });
const planSpec = PROVIDER_V6.find((r) => r.method === "PlanResourceChange")!;
const serverType = serverSchema.type;
const serverConfig = fromPlain({
  id: null,
  name: "web",
  size: null,
  tags: { env: "prod", role: "frontend" },
  admin_password: null,
  ip_address: null,
  created_at: null,
  disk: [{ size_gb: 20, label: "data", device: null }],
}, serverType);
const planRequest = encodeMessage(planSpec.request, {
  typeName: "example_server",
  priorState: { msgpack: encodeMsgpack(fromPlain(null, serverType), serverType) },
  proposedNewState: { msgpack: encodeMsgpack(serverConfig, serverType) },
  config: { msgpack: encodeMsgpack(serverConfig, serverType) },
  priorPrivate: new Uint8Array(0),
  clientCapabilities: { deferralAllowed: true, writeOnlyAttributesAllowed: true },
});
const rpcCtx = { signal: new AbortController().signal };
{
  // Fail loudly here rather than time an error path.
  const reply = decodeMessage(
    planSpec.response,
    await handleRpc(planSpec, example, planRequest, rpcCtx, rpcLog),
  ) as { diagnostics?: unknown[]; plannedState?: { msgpack?: Uint8Array } };
  if ((reply.diagnostics ?? []).length > 0 || reply.plannedState?.msgpack === undefined) {
    throw new Error(`PlanResourceChange bench request failed: ${JSON.stringify(reply)}`);
  }
}

Deno.bench("round trip floor: protobuf decode+encode of the request", {
  group: "PlanResourceChange round trip",
  baseline: true,
}, () => {
  encodeMessage(planSpec.request, decodeMessage(planSpec.request, planRequest));
});
Deno.bench("PlanResourceChange round trip, example_server create (handleRpc)", {
  group: "PlanResourceChange round trip",
}, async () => {
  await handleRpc(planSpec, example, planRequest, rpcCtx, rpcLog);
});
