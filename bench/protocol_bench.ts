// The protocol's per-call hot path (protobuf encode/decode of a typical
// PlanResourceChange) and its per-launch cost (the certificate), each beside
// a JSON peer of the same data as the baseline.
import { decodeMessage, encodeMessage } from "../src/protobuf/mod.ts";
import { generateCertificate } from "../src/plugin/certificate.ts";
import { PROVIDER_V6 } from "../src/plugin/mod.ts";
import { encodeFrame, FrameReader, FrameType, Http2Connection, PREFACE } from "../src/grpc/mod.ts";

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

// A flood's cost per frame: cutting 4,096 PINGs out of the bytes (the
// baseline) against answering them on a connection (ACKs written into one
// shared buffer; an allocation per ACK made this ~14x slower).
const PINGS = 4096;
const pingBytes = (() => {
  const one = encodeFrame(FrameType.PING, 0, 0, new Uint8Array(8));
  const all = new Uint8Array(one.length * PINGS);
  for (let i = 0; i < PINGS; i++) all.set(one, i * one.length);
  return all;
})();
const pingConn = new Http2Connection(
  { write: (_b, done) => done?.(), end() {}, destroy() {} },
  { headers() {}, data() {}, end() {}, reset() {} },
);
pingConn.receive(PREFACE);
pingConn.receive(encodeFrame(FrameType.SETTINGS, 0, 0, new Uint8Array(0)));

Deno.bench("FrameReader cuts 4,096 PINGs", { group: "PING flood", baseline: true }, () => {
  const r = new FrameReader(16384);
  r.push(pingBytes);
  let n = 0;
  while (r.next() !== undefined) n++;
  if (n !== PINGS) throw new Error("lost frames");
});
Deno.bench("Http2Connection answers 4,096 PINGs", { group: "PING flood" }, async () => {
  pingConn.receive(pingBytes);
  await Promise.resolve(); // the ACKs go out on a microtask
});
