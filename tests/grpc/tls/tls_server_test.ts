// The TLS 1.3 server driven by a scripted client (tls13_test_client.ts)
// that can misbehave on purpose: the successful handshake and its
// variations (HelloRetryRequest, split and coalesced messages, KeyUpdate,
// close_notify), and every refusal with the alert the client sees and the
// diagnostic the server reports. Real clients are in tls_interop_test.ts.
import assert from "node:assert/strict";
import { generateCertificate } from "../../../src/plugin/certificate.ts";
import { AlertDescription } from "../../../src/grpc/tls/alert.ts";
import { makeTlsServerConfig, type TlsServerConfig } from "../../../src/grpc/tls/server_config.ts";
import { tlsServerTransport } from "../../../src/grpc/tls/tls_connection.ts";
import type { ServerTransport } from "../../../src/grpc/server_transport.ts";
import { type ClientPlan, runClient, writeAll } from "./tls13_test_client.ts";
import { SeededRandom } from "./test_bytes.ts";

const server = generateCertificate();
const client = generateCertificate();
const stranger = generateCertificate();

interface Harness {
  /** Runs a client; resolves with its result, the server's errors, and whether HTTP/2 bytes got through. */
  run(plan: ClientPlan): Promise<Outcome>;
  close(): void;
}

interface Outcome {
  alert?: number;
  errors: string[];
  echoed: boolean;
  alpn?: string;
  serverSignatureOk?: boolean;
  retriedFor?: number;
  plainBytes: Uint8Array;
}

/** A server that echoes application bytes back, on a fresh TCP port. */
async function harness(config?: TlsServerConfig): Promise<Harness> {
  const cfg = config ?? await defaultConfig();
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  return {
    async run(plan) {
      const errors: string[] = [];
      const accepted = listener.accept();
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      const transport = tlsServerTransport(await accepted, cfg, (e) => errors.push(e.message));
      transport.start({ data: (b) => transport.write(b), activity() {} }).catch(() => {});
      try {
        const r = await runClient(conn, { cert: client, ...plan }, server.certPem);
        let echoed = false;
        let alert = r.alert;
        if (alert === undefined) {
          await r.send(new TextEncoder().encode("ping"));
          const got = await r.readUntil((d) => d.length >= 4);
          alert = got.alert;
          echoed = new TextDecoder().decode(got.data) === "ping";
        }
        conn.close();
        await transport.closed;
        return { ...r, alert, errors, echoed };
      } finally {
        transport.destroy();
        try {
          conn.close();
        } catch {
          // closed above
        }
      }
    },
    close: () => listener.close(),
  };
}

/** The default server set-up: this file's server certificate, the client's pinned. */
function defaultConfig(): Promise<TlsServerConfig> {
  return makeTlsServerConfig({
    certPem: server.certPem,
    keyPem: server.keyPem,
    clientCaPem: client.certPem,
  });
}

/** A TCP connection and the server transport on its other end (not started). */
async function connectedPair(config: TlsServerConfig): Promise<{
  conn: Deno.Conn;
  transport: ServerTransport;
  errors: string[];
  close(): void;
}> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = listener.accept();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port });
  const errors: string[] = [];
  const transport = tlsServerTransport(await accepted, config, (e) => errors.push(e.message));
  return { conn, transport, errors, close: () => listener.close() };
}

Deno.test("tls: a full handshake (X25519, client certificate, ALPN h2) then application data", async () => {
  const h = await harness();
  try {
    const r = await h.run({});
    assert.equal(r.alert, undefined, r.errors.join("; "));
    assert.ok(r.echoed);
    assert.equal(r.alpn, "h2");
    assert.equal(r.serverSignatureOk, true, "the server's CertificateVerify verifies");
  } finally {
    h.close();
  }
});

Deno.test("tls: the server writes right after its Finished (RFC 8446, 4.4.4); the client's data waits for the client's", async () => {
  const { conn, transport, errors, close } = await connectedPair(await defaultConfig());
  const received: string[] = [];
  let writableAt = -1;
  let handshakeDone = false;
  const started = transport.start({
    data: (b) => received.push(new TextDecoder().decode(b)),
    activity() {},
    writable() {
      writableAt = received.length;
      transport.write(new TextEncoder().encode("settings"));
    },
  }).then(() => handshakeDone = true);
  try {
    const r = await runClient(conn, { cert: client, holdFlight: true }, server.certPem);
    assert.equal(r.alert, undefined, errors.join("; "));
    // The client has not sent its certificate or Finished, and already reads the server's bytes.
    const early = await r.readUntil((d) => d.length >= 8);
    assert.equal(new TextDecoder().decode(early.data), "settings");
    assert.equal(writableAt, 0);
    assert.equal(handshakeDone, false, "the handshake is not done before the client's Finished");
    await r.sendFlight!();
    await r.send(new TextEncoder().encode("ping"));
    await started;
    for (let waited = 0; received.length === 0 && waited < 2000; waited += 5) {
      await new Promise((res) => setTimeout(res, 5));
    }
    assert.deepEqual(received, ["ping"]);
    assert.deepEqual(errors, []);
  } finally {
    transport.destroy();
    conn.close();
    close();
  }
});

Deno.test("tls: secp256r1 share, no ALPN, no session id, a ClientHello split in 7-byte records", async () => {
  const h = await harness();
  try {
    const r = await h.run({
      shares: [0x17],
      groups: [0x17],
      alpn: null,
      sessionId: new Uint8Array(0),
      splitHello: 7,
    });
    assert.ok(r.echoed, r.errors.join("; "));
    assert.equal(r.alpn, undefined);
    // No session id: no compatibility change_cipher_spec after the ServerHello.
    assert.equal(r.plainBytes[0], 22);
    assert.equal(r.plainBytes.length, 5 + ((r.plainBytes[3] << 8) | r.plainBytes[4]));
  } finally {
    h.close();
  }
});

Deno.test("tls: a share only for a group not served (a hybrid one) gets a HelloRetryRequest for X25519", async () => {
  const h = await harness();
  try {
    const r = await h.run({ shares: [0x11ec], groups: [0x11ec, 0x1d, 0x17] });
    assert.equal(r.retriedFor, 0x1d);
    assert.ok(r.echoed, r.errors.join("; "));
  } finally {
    h.close();
  }
});

Deno.test("tls: a share for a hybrid group first and X25519 second is answered on X25519 at once", async () => {
  const h = await harness();
  try {
    const r = await h.run({ shares: [0x11ec, 0x1d], groups: [0x11ec, 0x1d] });
    assert.equal(r.retriedFor, undefined);
    assert.ok(r.echoed, r.errors.join("; "));
  } finally {
    h.close();
  }
});

Deno.test("tls: the server flight is the same bytes for the same injected randomness", async () => {
  const flights: string[] = [];
  for (let i = 0; i < 2; i++) {
    const seeded = new SeededRandom(7);
    const config = await makeTlsServerConfig(
      { certPem: server.certPem, keyPem: server.keyPem, clientCaPem: client.certPem },
      { random: (n) => seeded.bytes(n) },
    );
    const h = await harness(config);
    try {
      const r = await h.run({ clientRandom: new Uint8Array(32).fill(9) });
      assert.ok(r.echoed, r.errors.join("; "));
      flights.push(Array.from(r.plainBytes).join(","));
    } finally {
      h.close();
    }
  }
  assert.equal(flights[0], flights[1]);
  // ServerHello record, then the compatibility change_cipher_spec.
  assert.ok(flights[0].endsWith("20,3,3,0,1,1"));
});

interface Refusal {
  name: string;
  plan: ClientPlan;
  alert: number;
  diagnostic: RegExp;
  config?: () => Promise<TlsServerConfig>;
}

const REFUSALS: Refusal[] = [
  {
    name: "a client without TLS 1.3",
    plan: { versions: [0x0303] },
    alert: AlertDescription.protocol_version,
    diagnostic: /not TLS 1\.3 \(0x0304\)/,
  },
  {
    name: "a client without h2",
    plan: { alpn: ["http/1.1"] },
    alert: AlertDescription.no_application_protocol,
    diagnostic: /offers ALPN http\/1\.1; this server speaks h2/,
  },
  {
    name: "a client without ChaCha20-Poly1305",
    plan: { suites: [0x1301, 0x1302] },
    alert: AlertDescription.handshake_failure,
    diagnostic:
      /offers TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384; the server serves TLS_CHACHA20/,
  },
  {
    name: "a client with no group in common",
    plan: { shares: [], groups: [0x18] },
    alert: AlertDescription.handshake_failure,
    diagnostic: /no common key exchange group/,
  },
  {
    name: "a client without a certificate",
    plan: { cert: null },
    alert: AlertDescription.certificate_required,
    diagnostic: /sent no certificate/,
  },
  {
    name: "another client certificate",
    plan: { cert: stranger },
    alert: AlertDescription.bad_certificate,
    diagnostic: /not the one pinned/,
  },
  {
    name: "the pinned certificate past its validity period",
    plan: {},
    alert: AlertDescription.certificate_expired,
    diagnostic: /client certificate refused: valid from .* to .*, and it is /,
    // A clock a year and a day on: the pinned certificate (valid a year) has expired.
    config: () =>
      makeTlsServerConfig({
        certPem: server.certPem,
        keyPem: server.keyPem,
        clientCaPem: client.certPem,
      }, { now: () => Date.now() + 366 * 86_400_000 }),
  },
  {
    name: "a CertificateVerify made with another key",
    plan: { signWith: stranger.keyPem },
    alert: AlertDescription.decrypt_error,
    diagnostic: /does not verify with the certificate's key/,
  },
  {
    name: "a wrong Finished",
    plan: { badFinished: true },
    alert: AlertDescription.decrypt_error,
    diagnostic: /Finished does not match/,
  },
  {
    name: "application data before Finished",
    plan: { earlyAppData: true },
    alert: AlertDescription.unexpected_message,
    diagnostic: /application data before the handshake finished/,
  },
];

for (const refusal of REFUSALS) {
  Deno.test(`tls refuses ${refusal.name}, then serves the next client`, async () => {
    const h = await harness(await refusal.config?.());
    try {
      const r = await h.run(refusal.plan);
      assert.equal(r.alert, refusal.alert, `alert ${r.alert}; ${r.errors.join("; ")}`);
      assert.equal(r.echoed, false);
      assert.match(r.errors.join("\n"), refusal.diagnostic);
      if (refusal.config === undefined) {
        const next = await h.run({});
        assert.ok(next.echoed, next.errors.join("; "));
      }
    } finally {
      h.close();
    }
  });
}

/** Sends raw bytes to a fresh server connection; returns the server's reply bytes and errors. */
async function raw(
  bytes: Uint8Array,
  closeAfter = true,
): Promise<{ reply: Uint8Array; errors: string[] }> {
  const { conn, transport, errors, close } = await connectedPair(await defaultConfig());
  try {
    transport.start({ data() {}, activity() {} }).catch(() => {});
    await writeAll(conn, bytes);
    if (closeAfter) await conn.closeWrite();
    const chunks: number[] = [];
    const buf = new Uint8Array(4096);
    for (let n = await conn.read(buf); n !== null; n = await conn.read(buf)) {
      chunks.push(...buf.subarray(0, n));
    }
    conn.close();
    await transport.closed;
    return { reply: new Uint8Array(chunks), errors };
  } finally {
    close();
  }
}

Deno.test("tls: an oversized record gets record_overflow before its body arrives", async () => {
  const length = 16384 + 257;
  const { reply, errors } = await raw(
    new Uint8Array([22, 3, 1, length >> 8, length & 0xff]),
    false,
  );
  assert.deepEqual([...reply], [21, 3, 3, 0, 2, 2, AlertDescription.record_overflow]);
  assert.match(errors.join(), /record of 16641 bytes; the limit is 16640/);
});

Deno.test("tls: garbage (an HTTP/1.1 request) gets unexpected_message", async () => {
  const { reply, errors } = await raw(new TextEncoder().encode("GET / HTTP/1.1\r\n\r\n"));
  assert.deepEqual([...reply], [21, 3, 3, 0, 2, 2, AlertDescription.unexpected_message]);
  assert.match(errors.join(), /unknown content type 71 \(not TLS/);
});

Deno.test("tls: a handshake message announced past 64 KiB is refused at its header", async () => {
  const { reply, errors } = await raw(new Uint8Array([22, 3, 1, 0, 4, 1, 0x02, 0, 0]), false);
  assert.deepEqual([...reply], [21, 3, 3, 0, 2, 2, AlertDescription.unexpected_message]);
  assert.match(errors.join(), /handshake message of 131072 bytes; the server holds at most 65536/);
});

Deno.test("tls: a truncated ClientHello then EOF is reported, with no crash", async () => {
  const { errors } = await raw(new Uint8Array([22, 3, 1, 0, 40, 1, 0, 0, 36, 3, 3]));
  assert.match(errors.join(), /closed the connection during the handshake/);
});

Deno.test("tls: KeyUpdate both ways, then close_notify is answered with close_notify", async () => {
  const { conn, transport, errors, close } = await connectedPair(await defaultConfig());
  try {
    transport.start({ data: (b) => transport.write(b), activity() {} }).catch(() => {});
    const r = await runClient(conn, { cert: client }, server.certPem);
    for (let i = 0; i < 3; i++) {
      await r.keyUpdate();
      await r.send(new TextEncoder().encode(`round ${i}`));
      const got = await r.readUntil((d) => d.length >= 7);
      assert.equal(new TextDecoder().decode(got.data), `round ${i}`, errors.join("; "));
    }
    // 40 KiB echoed back: three records each way.
    const big = new Uint8Array(40 * 1024).map((_, i) => i & 0xff);
    await r.send(big);
    const echoed = await r.readUntil((d) => d.length >= big.length);
    assert.deepEqual(echoed.data, big);
    await r.closeNotify();
    const end = await r.readUntil(() => false);
    assert.equal(end.alert, AlertDescription.close_notify);
    await transport.closed;
    assert.deepEqual(errors, []);
    conn.close();
  } finally {
    close();
  }
});

Deno.test("tls: after the server's close_notify it reads on until the client closes", async () => {
  const { conn, transport, close } = await connectedPair(await defaultConfig());
  try {
    const got: string[] = [];
    const ready = transport.start({
      data: (b) => got.push(new TextDecoder().decode(b)),
      activity() {},
    });
    const r = await runClient(conn, { cert: client }, server.certPem);
    await ready;
    transport.end(); // as HTTP/2 does after its GOAWAY
    assert.equal((await r.readUntil(() => false)).alert, AlertDescription.close_notify);
    // The client still sends (TLS allows it), then hangs up without a close_notify.
    await r.send(new TextEncoder().encode("late"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    conn.close();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const closed = await Promise.race([
      transport.closed.then(() => true),
      new Promise<false>((resolve) => timer = setTimeout(() => resolve(false), 2000)),
    ]);
    clearTimeout(timer);
    assert.equal(closed, true, "the connection closed once the client hung up");
    assert.deepEqual(got, ["late"]);
  } finally {
    close();
  }
});
