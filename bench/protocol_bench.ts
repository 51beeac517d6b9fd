// The protocol's per-call hot path (protobuf encode/decode of a typical
// PlanResourceChange) and its per-launch cost (the certificate), each beside
// a JSON peer of the same data as the baseline.
import { decodeMessage, encodeMessage } from "../src/protobuf/mod.ts";
import { generateCertificate } from "../src/plugin/certificate.ts";
import { PROVIDER_V6 } from "../src/plugin/mod.ts";

const plan = PROVIDER_V6.find((r) => r.method === "PlanResourceChange")!;
const state = new Uint8Array(1350).map((_, i) => i & 0xff); // a 1.35 KB msgpack object
const request = {
  typeName: "example_server",
  priorState: { msgpack: state },
  proposedNewState: { msgpack: state },
  config: { msgpack: state },
  priorPrivate: new Uint8Array(0),
  clientCapabilities: { deferralAllowed: true, writeOnlyAttributesAllowed: true },
};
const bytes = encodeMessage(plan.request, request);
const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
const jsonPeer = {
  typeName: request.typeName,
  priorState: { msgpack: b64(state) },
  proposedNewState: { msgpack: b64(state) },
  config: { msgpack: b64(state) },
  clientCapabilities: request.clientCapabilities,
};
const jsonText = JSON.stringify(jsonPeer);

Deno.bench("JSON.parse of the same request (base64 bytes)", {
  group: "decode PlanResourceChange.Request",
  baseline: true,
}, () => {
  JSON.parse(jsonText);
});
Deno.bench("protobuf decodeMessage", { group: "decode PlanResourceChange.Request" }, () => {
  decodeMessage(plan.request, bytes);
});

Deno.bench("JSON.stringify of the same request (base64 bytes)", {
  group: "encode PlanResourceChange.Request",
  baseline: true,
}, () => {
  JSON.stringify(jsonPeer);
});
Deno.bench("protobuf encodeMessage", { group: "encode PlanResourceChange.Request" }, () => {
  encodeMessage(plan.request, request);
});

Deno.bench("generateCertificate (P-256 key + self-signed X.509)", { group: "per launch" }, () => {
  generateCertificate();
});
