// The gRPC client on our HTTP/2 client connection beside @grpc/grpc-js, both
// calling the same server (ours, in process, over TCP on 127.0.0.1): one
// unary call with a 1.35 KB request and answer, and 100 calls at once.
// grpc-js is the baseline.
import { Buffer } from "node:buffer";
import * as grpcjs from "@grpc/grpc-js";
import { GrpcClient, GrpcServer } from "../src/grpc/mod.ts";

const server = new GrpcServer(
  new Map([
    ["/bench.B/Echo", { kind: "unary", handle: (r: Uint8Array) => Promise.resolve(r) }],
  ]),
);
const address = await server.listen({ port: 0, host: "127.0.0.1" });
const port = Number(address.split(":")[1]);
const message = new Uint8Array(1350).map((_, i) => i & 0xff);

const ours = await GrpcClient.connect({ host: "127.0.0.1", port });
const Js = grpcjs.makeGenericClientConstructor({
  Echo: {
    path: "/bench.B/Echo",
    requestStream: false,
    responseStream: false,
    requestSerialize: (b: Uint8Array) => Buffer.from(b),
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (b: Uint8Array) => Buffer.from(b),
    responseDeserialize: (b: Buffer) => b,
  },
}, "B");
const js = new Js(`127.0.0.1:${port}`, grpcjs.credentials.createInsecure()) as unknown as {
  Echo(req: Uint8Array, cb: (e: Error | null, r: Uint8Array) => void): void;
  close(): void;
};
const jsCall = () =>
  new Promise<Uint8Array>((resolve, reject) =>
    js.Echo(message, (e, r) => (e ? reject(e) : resolve(r)))
  );
await jsCall(); // connect before measuring
await ours.unary("/bench.B/Echo", message);

Deno.bench("grpc-js unary", { group: "unary call", baseline: true }, async () => {
  await jsCall();
});
Deno.bench("GrpcClient unary", { group: "unary call" }, async () => {
  await ours.unary("/bench.B/Echo", message);
});
Deno.bench(
  "grpc-js 100 concurrent",
  { group: "100 concurrent calls", baseline: true },
  async () => {
    await Promise.all(Array.from({ length: 100 }, jsCall));
  },
);
Deno.bench("GrpcClient 100 concurrent", { group: "100 concurrent calls" }, async () => {
  await Promise.all(Array.from({ length: 100 }, () => ours.unary("/bench.B/Echo", message)));
});

globalThis.addEventListener("unload", () => {
  js.close();
});
