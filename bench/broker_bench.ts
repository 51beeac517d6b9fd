// go-plugin's GRPCBroker: what a brokered callback costs beside opening the
// same connection by hand. Both sides serve one unary method on a fresh unix
// socket with mutual TLS (the AutoMTLS certificates), connect, call once
// and close; the broker adds the ConnInfo announcement and its wait. The
// direct connection is the baseline.
import { GrpcClient, type GrpcMethod, GrpcServer } from "../src/grpc/mod.ts";
import { generateCertificate } from "../src/plugin/certificate.ts";
import { socketPath } from "../src/plugin/handshake.ts";
import { PluginBroker } from "../src/plugin/goplugin/mod.ts";

const hostCert = generateCertificate();
const pluginCert = generateCertificate();
const methods = new Map<string, GrpcMethod>([
  ["/bench.Adder/Sum", { kind: "unary", handle: (r) => Promise.resolve(r) }],
]);
const request = new Uint8Array([8, 2, 16, 3]);
const dir = Deno.env.get("TMPDIR") ?? "/tmp";

const peer: { plugin?: PluginBroker } = {};
const host = new PluginBroker({ send: (m) => peer.plugin!.receive(m) }, {
  tls: { certPem: hostCert.certPem, keyPem: hostCert.keyPem, peerCertPem: pluginCert.certPem },
});
peer.plugin = new PluginBroker({ send: (m) => host.receive(m) }, {
  tls: { certPem: pluginCert.certPem, keyPem: pluginCert.keyPem, peerCertPem: hostCert.certPem },
});

Deno.bench({
  name: "direct: serve, connect, call, close (mTLS, unix socket)",
  group: "broker",
  baseline: true,
  async fn() {
    const server = new GrpcServer(methods, {
      tls: { certPem: hostCert.certPem, keyPem: hostCert.keyPem, clientCaPem: pluginCert.certPem },
    });
    const path = socketPath(dir);
    await server.listen({ path });
    const client = await GrpcClient.connect({ path }, {
      tls: {
        certPem: pluginCert.certPem,
        keyPem: pluginCert.keyPem,
        serverCaPem: hostCert.certPem,
      },
    });
    await client.unary("/bench.Adder/Sum", request);
    await client.close(0);
    await server.close(0);
    await Deno.remove(path).catch(() => {});
  },
});

Deno.bench({
  name: "broker: acceptAndServe, dial, call, close (mTLS, unix socket)",
  group: "broker",
  async fn() {
    const id = host.nextId();
    const served = await host.acceptAndServe(id, methods);
    const client = await peer.plugin!.dial(id);
    await client.unary("/bench.Adder/Sum", request);
    await client.close(0);
    await served.close();
  },
});
