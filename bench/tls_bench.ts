// The gRPC server's TLS: ours (src/grpc/tls/, TLS 1.3 with
// ChaCha20-Poly1305) beside node:tls (the server's transport until now:
// node:tls sockets feeding the same Http2Connection), both serving the same
// unary echo with mutual TLS on 127.0.0.1, called by the same GrpcClient
// (node:tls on the client side for both). Groups: 100 sequential calls and
// 100 concurrent calls on one connection (1.35 KB each way), and a fresh
// connection's handshake plus one call. node:tls is the baseline.
import * as tls from "node:tls";
import type * as net from "node:net";
import { GrpcClient, GrpcServer } from "../src/grpc/mod.ts";
import { Http2Connection, type StreamHandler } from "../src/grpc/http2_connection.ts";
import { generateCertificate } from "../src/plugin/certificate.ts";

const serverCert = generateCertificate();
const clientCert = generateCertificate();
const message = new Uint8Array(1350).map((_, i) => i & 0xff);
const PATH = "/bench.B/Echo";

const ours = new GrpcServer(
  new Map([[PATH, { kind: "unary", handle: (r: Uint8Array) => Promise.resolve(r) }]]),
  {
    tls: {
      certPem: serverCert.certPem,
      keyPem: serverCert.keyPem,
      clientCaPem: clientCert.certPem,
    },
  },
);
const oursPort = Number((await ours.listen({ port: 0, host: "127.0.0.1" })).split(":")[1]);

/** A unary echo straight on H2Stream: the same HTTP/2 as the server, without its call layer. */
function echoHandler(): StreamHandler {
  const bodies = new Map<unknown, Uint8Array[]>();
  return {
    headers: (s) => void bodies.set(s, []),
    data: (s, chunk) => {
      bodies.get(s)?.push(chunk);
      s.consume(chunk.length);
    },
    end: (s) => {
      const parts = bodies.get(s) ?? [];
      bodies.delete(s);
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      s.sendHeaders([[":status", "200"], ["content-type", "application/grpc"]]);
      s.sendData(out);
      s.sendTrailers([["grpc-status", "0"]]);
    },
    reset: (s) => void bodies.delete(s),
  };
}

const node = tls.createServer({
  key: serverCert.keyPem,
  cert: serverCert.certPem,
  ca: [clientCert.certPem],
  requestCert: true,
  rejectUnauthorized: true,
  ALPNProtocols: ["h2"],
}, (socket: net.Socket) => {
  socket.setNoDelay(true);
  const conn = new Http2Connection({
    write: (bytes, done) => void socket.write(bytes, done),
    end: () => void socket.end(),
    destroy: () => void socket.destroy(),
    queued: () => socket.writableLength,
  }, echoHandler());
  socket.on("data", (chunk: Uint8Array) => conn.receive(chunk));
  socket.on("close", () => conn.closed());
  socket.on("error", () => {});
});
await new Promise<void>((r) => node.listen(0, "127.0.0.1", r));
const nodePort = (node.address() as net.AddressInfo).port;

const clientTls = {
  certPem: clientCert.certPem,
  keyPem: clientCert.keyPem,
  serverCaPem: serverCert.certPem,
};
const viaNode = await GrpcClient.connect({ host: "127.0.0.1", port: nodePort }, { tls: clientTls });
const viaOurs = await GrpcClient.connect({ host: "127.0.0.1", port: oursPort }, { tls: clientTls });
await viaNode.unary(PATH, message);
await viaOurs.unary(PATH, message);

Deno.bench(
  "node:tls 100 sequential",
  { group: "100 sequential calls", baseline: true },
  async () => {
    for (let i = 0; i < 100; i++) await viaNode.unary(PATH, message);
  },
);
Deno.bench("ours 100 sequential", { group: "100 sequential calls" }, async () => {
  for (let i = 0; i < 100; i++) await viaOurs.unary(PATH, message);
});
Deno.bench(
  "node:tls 100 concurrent",
  { group: "100 concurrent calls", baseline: true },
  async () => {
    await Promise.all(Array.from({ length: 100 }, () => viaNode.unary(PATH, message)));
  },
);
Deno.bench("ours 100 concurrent", { group: "100 concurrent calls" }, async () => {
  await Promise.all(Array.from({ length: 100 }, () => viaOurs.unary(PATH, message)));
});
Deno.bench("node:tls handshake + 1 call", { group: "new connection", baseline: true }, async () => {
  const c = await GrpcClient.connect({ host: "127.0.0.1", port: nodePort }, { tls: clientTls });
  await c.unary(PATH, message);
  c.close();
});
Deno.bench("ours handshake + 1 call", { group: "new connection" }, async () => {
  const c = await GrpcClient.connect({ host: "127.0.0.1", port: oursPort }, { tls: clientTls });
  await c.unary(PATH, message);
  c.close();
});

globalThis.addEventListener("unload", () => {
  viaNode.close();
  viaOurs.close();
  node.close();
  void ours.close(0);
});
