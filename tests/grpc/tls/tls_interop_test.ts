// The TLS 1.3 server under independent clients, through the gRPC server as
// a provider serves: rustls (Deno.connectTls), OpenSSL (Debian's python3
// `ssl`) including the refusals as OpenSSL reports them, and nghttp2's
// `nghttp` presenting a client certificate. Go's crypto/tls with go-plugin's
// P-521 client certificate is tests/plugin/go_interop_test.ts (a Go host
// loads a Foundry plugin) and every real-Terraform test; grpcio is
// tests/plugin/tls_peer_test.ts.
import assert from "node:assert/strict";
import { GrpcServer } from "../../../src/grpc/mod.ts";
import { generateCertificate } from "../../../src/plugin/certificate.ts";
import { commandWorks } from "../../command_works.ts";

const PYTHON = "/usr/bin/python3";
const OPENSSL_PEER = new URL("../peers/openssl_tls_client.py", import.meta.url).pathname;

const PYTHON_OK = await commandWorks(PYTHON, ["-c", "import ssl; assert ssl.HAS_TLSv1_3"]);
const NGHTTP_OK = await commandWorks("nghttp", ["--version"]);

// rustls refuses a CA certificate as a server's leaf, so the server here
// presents a leaf issued by a test CA (go-plugin's self-signed CA leaf is
// what the plugin tests serve).
const ca = generateCertificate({ commonName: "Test CA" });
const server = generateCertificate({ issuer: { keyPem: ca.keyPem, commonName: "Test CA" } });
const client = generateCertificate();

async function serving(): Promise<{ port: number; errors: string[]; close(): Promise<void> }> {
  const errors: string[] = [];
  const s = new GrpcServer(
    new Map([["/echo.Echo/Say", { kind: "unary", handle: (r) => Promise.resolve(r) }]]),
    {
      tls: { certPem: server.certPem, keyPem: server.keyPem, clientCaPem: client.certPem },
      onConnectionError: (e) => errors.push(e.message),
    },
  );
  const address = await s.listen({ port: 0, host: "127.0.0.1" });
  return { port: Number(address.split(":")[1]), errors, close: () => s.close() };
}

const PREFACE = new TextEncoder().encode("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

Deno.test("rustls (Deno.connectTls) with a client certificate: TLS 1.3, h2, HTTP/2 SETTINGS back", async () => {
  const s = await serving();
  try {
    const conn = await Deno.connectTls({
      hostname: "localhost",
      port: s.port,
      caCerts: [ca.certPem],
      cert: client.certPem,
      key: client.keyPem,
      alpnProtocols: ["h2"],
    });
    const hs = await conn.handshake();
    assert.equal(hs.alpnProtocol, "h2");
    await conn.write(new Uint8Array([...PREFACE, 0, 0, 0, 4, 0, 0, 0, 0, 0]));
    const head = new Uint8Array(9);
    let got = 0;
    while (got < 9) got += (await conn.read(head.subarray(got))) ?? 9;
    assert.equal(head[3], 0x4, "the server's first frame is SETTINGS");
    conn.close();
    assert.deepEqual(s.errors.filter((e) => !/closed|preface/.test(e)), []);
  } finally {
    await s.close();
  }
});

Deno.test("rustls without a client certificate is refused with certificate_required", async () => {
  const s = await serving();
  try {
    const conn = await Deno.connectTls({
      hostname: "localhost",
      port: s.port,
      caCerts: [ca.certPem],
      alpnProtocols: ["h2"],
    });
    // TLS 1.3: the client learns of the refusal on a read, after the
    // server's SETTINGS (sent before it checks the client's certificate).
    await assert.rejects(async () => {
      await conn.handshake();
      const buf = new Uint8Array(4096);
      for (let i = 0; i < 8 && await conn.read(buf) !== null; i++) {
        // the server's SETTINGS frame, then the alert
      }
    }, /CertificateRequired|certificate/i);
    conn.close();
    assert.match(s.errors.join("\n"), /sent no certificate/);
  } finally {
    await s.close();
  }
});

async function openssl(port: number, mode: string): Promise<Record<string, unknown>> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/ca.pem`, ca.certPem);
    await Deno.writeTextFile(`${dir}/client.pem`, client.certPem);
    await Deno.writeTextFile(`${dir}/client.key`, client.keyPem);
    const out = await new Deno.Command(PYTHON, {
      args: [
        OPENSSL_PEER,
        "127.0.0.1",
        String(port),
        `${dir}/ca.pem`,
        `${dir}/client.pem`,
        `${dir}/client.key`,
        mode,
      ],
    }).output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    return JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name:
    "OpenSSL (python3 ssl): TLS 1.3 with ChaCha20-Poly1305 and h2, then each refusal as OpenSSL reports it",
  ignore: !PYTHON_OK,
  async fn() {
    const s = await serving();
    try {
      const ok = await openssl(s.port, "ok");
      assert.deepEqual(ok, {
        version: "TLSv1.3",
        cipher: "TLS_CHACHA20_POLY1305_SHA256",
        alpn: "h2",
        frame_type: 4,
      });
      const cases: [string, RegExp, RegExp][] = [
        [
          "tls12",
          /PROTOCOL_VERSION|protocol version/i,
          /this server speaks TLS 1\.3 only|not TLS 1\.3/,
        ],
        ["no_h2", /NO_APPLICATION_PROTOCOL|no application protocol/i, /this server speaks h2/],
        ["no_cert", /CERTIFICATE_REQUIRED|certificate required/i, /sent no certificate/],
      ];
      for (const [mode, client, server] of cases) {
        const r = await openssl(s.port, mode);
        assert.match(String(r.error), client, `${mode}: ${JSON.stringify(r)}`);
        assert.match(s.errors.join("\n"), server, mode);
      }
      // Still serving after the refusals.
      assert.equal((await openssl(s.port, "ok")).frame_type, 4);
    } finally {
      await s.close();
    }
  },
});

Deno.test({
  name: "nghttp (nghttp2 over OpenSSL) with a client certificate gets an HTTP/2 answer",
  ignore: !NGHTTP_OK,
  async fn() {
    const s = await serving();
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(`${dir}/client.pem`, client.certPem);
      await Deno.writeTextFile(`${dir}/client.key`, client.keyPem);
      const out = await new Deno.Command("nghttp", {
        args: [
          "-v",
          `--cert=${dir}/client.pem`,
          `--key=${dir}/client.key`,
          `https://127.0.0.1:${s.port}/echo.Echo/Say`,
        ],
      }).output();
      const text = new TextDecoder().decode(out.stdout);
      // A GET is not gRPC: the server answers 415, over a completed TLS 1.3 + h2 session.
      assert.match(text, /:status: 415/, text + new TextDecoder().decode(out.stderr));
      assert.match(text, /negotiated protocol: h2/i);
    } finally {
      await Deno.remove(dir, { recursive: true });
      await s.close();
    }
  },
});
