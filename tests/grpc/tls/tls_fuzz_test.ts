// Mutated ClientHellos (recorded from rustls, OpenSSL and the scripted
// client) and mutated protected records after a real handshake, against the
// gRPC server's TLS: no crash, no hang (each connection ends with an alert
// or a close within the handshake deadline), and the next client is served.
// Seeded: a failure names its seed and case, to replay it.
import assert from "node:assert/strict";
import { GrpcServer } from "../../../src/grpc/mod.ts";
import { generateCertificate } from "../../../src/plugin/certificate.ts";
import { clientHello, runClient, writeAll } from "./tls13_test_client.ts";
import { SeededRandom } from "./test_bytes.ts";

const PYTHON = "/usr/bin/python3";
const ca = generateCertificate({ commonName: "Fuzz CA" });
const server = generateCertificate({ issuer: { keyPem: ca.keyPem, commonName: "Fuzz CA" } });
const client = generateCertificate();
const DEADLINE_MS = 400;

/** The first bytes a client sends to a listener that never answers. */
async function recordHello(connect: (port: number) => Promise<unknown>): Promise<Uint8Array> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const pending = connect(listener.addr.port).catch(() => {});
    const conn = await listener.accept();
    const buf = new Uint8Array(8192);
    let n = 0;
    // A ClientHello is one record: read until its length is in.
    while (n < 5 || n < 5 + ((buf[3] << 8) | buf[4])) {
      const got = await conn.read(buf.subarray(n));
      if (got === null) break;
      n += got;
    }
    conn.close();
    await pending;
    return buf.slice(0, n);
  } finally {
    listener.close();
  }
}

async function recordedHellos(): Promise<Uint8Array[]> {
  const hellos: Uint8Array[] = [];
  hellos.push(
    await recordHello((port) =>
      Deno.connectTls({ hostname: "localhost", port, caCerts: [ca.certPem], alpnProtocols: ["h2"] })
        .then((c) => c.handshake())
    ),
  );
  const py = await new Deno.Command(PYTHON, { args: ["-c", "import ssl"] }).output()
    .then((o) => o.success, () => false);
  if (py) {
    hellos.push(
      await recordHello((port) =>
        new Deno.Command(PYTHON, {
          args: [
            "-c",
            "import socket,ssl,sys\nc=ssl.create_default_context();c.check_hostname=False;" +
            "c.verify_mode=ssl.CERT_NONE;c.set_alpn_protocols(['h2'])\n" +
            `s=socket.create_connection(('127.0.0.1',${port}))\n` +
            "try:\n  c.wrap_socket(s)\nexcept Exception:\n  pass",
          ],
          stderr: "null",
        }).output()
      ),
    );
  } else {
    console.log("python3 ssl missing: OpenSSL's ClientHello not in the fuzz corpus");
  }
  const ours = (await clientHello({ shares: [0x1d, 0x17] })).message;
  hellos.push(new Uint8Array([22, 3, 1, ours.length >> 8, ours.length & 0xff, ...ours]));
  return hellos;
}

function mutate(bytes: Uint8Array, rnd: SeededRandom): Uint8Array {
  let b = bytes.slice();
  const rounds = 1 + rnd.below(4);
  for (let r = 0; r < rounds; r++) {
    switch (rnd.below(6)) {
      case 0: // flip bits
        b[rnd.below(b.length)] ^= 1 << rnd.below(8);
        break;
      case 1: // a random byte
        b[rnd.below(b.length)] = rnd.below(256);
        break;
      case 2: // truncate
        b = b.slice(0, rnd.below(b.length));
        break;
      case 3: { // duplicate a range
        const at = rnd.below(b.length);
        const len = rnd.below(64);
        b = new Uint8Array([...b.slice(0, at), ...b.slice(at, at + len), ...b.slice(at)]);
        break;
      }
      case 4: { // a length-looking 16-bit field set to an extreme
        const at = rnd.below(Math.max(1, b.length - 1));
        const v = [0, 1, 0xff, 0xffff, 0x4000][rnd.below(5)];
        b[at] = v >> 8;
        b[at + 1] = v & 0xff;
        break;
      }
      case 5: // remove a range
        {
          const at = rnd.below(b.length);
          b = new Uint8Array([...b.slice(0, at), ...b.slice(at + rnd.below(32))]);
        }
        break;
    }
    if (b.length === 0) b = new Uint8Array([22]);
  }
  return b;
}

/** Sends `bytes`; resolves with what came back once the server closed, or throws on a hang. */
async function poke(port: number, bytes: Uint8Array, halfClose: boolean): Promise<Uint8Array> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await writeAll(conn, bytes).catch(() => {});
    if (halfClose) await conn.closeWrite().catch(() => {});
    const out: number[] = [];
    const buf = new Uint8Array(16384);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hang = new Promise<"hang">((r) =>
      timer = setTimeout(() => r("hang"), DEADLINE_MS + 3000)
    );
    for (;;) {
      const n = await Promise.race([conn.read(buf).catch(() => null), hang]);
      if (n === "hang") throw new Error("the server neither answered nor closed");
      if (n === null) break;
      out.push(...buf.subarray(0, n));
    }
    clearTimeout(timer);
    return new Uint8Array(out);
  } finally {
    conn.close();
  }
}

/** The server under fuzz: the handshake deadline short, its diagnostics kept. */
async function fuzzedServer(): Promise<{ s: GrpcServer; port: number; errors: string[] }> {
  const errors: string[] = [];
  const s = new GrpcServer(new Map(), {
    tls: { certPem: server.certPem, keyPem: server.keyPem, clientCaPem: client.certPem },
    limits: { prefaceTimeoutMs: DEADLINE_MS },
    onConnectionError: (e) => errors.push(e.message),
  });
  const port = Number((await s.listen({ port: 0, host: "127.0.0.1" })).split(":")[1]);
  return { s, port, errors };
}

async function stillServes(port: number): Promise<void> {
  const conn = await Deno.connectTls({
    hostname: "localhost",
    port,
    caCerts: [ca.certPem],
    cert: client.certPem,
    key: client.keyPem,
    alpnProtocols: ["h2"],
  });
  assert.equal((await conn.handshake()).alpnProtocol, "h2");
  conn.close();
}

Deno.test("tls fuzz: 400 mutated ClientHellos end in an alert or a close, and serving goes on", async () => {
  const hellos = await recordedHellos();
  const { s, port, errors } = await fuzzedServer();
  const seed = 20261207;
  const rnd = new SeededRandom(seed);
  try {
    for (let batch = 0; batch < 20; batch++) {
      const cases = Array.from({ length: 20 }, (_, i) => {
        const n = batch * 20 + i;
        const bytes = mutate(hellos[n % hellos.length], rnd);
        return { n, bytes, halfClose: rnd.below(5) !== 0 };
      });
      await Promise.all(cases.map(async (c) => {
        const reply = await poke(port, c.bytes, c.halfClose).catch((e) => {
          throw new Error(`seed ${seed} case ${c.n}: ${e.message}`);
        });
        // Nothing, an alert, or a ServerHello (a mutation that left a valid hello).
        assert.ok(
          reply.length === 0 || reply[0] === 21 || reply[0] === 22,
          `seed ${seed} case ${c.n}: reply starts with ${reply[0]}`,
        );
      }));
      await stillServes(port);
    }
    assert.ok(errors.length >= 400, `${errors.length} diagnostics for 400 refused connections`);
  } finally {
    await s.close();
  }
});

Deno.test("tls fuzz: tampered protected records after a handshake get bad_record_mac, and serving goes on", async () => {
  const { s, port, errors } = await fuzzedServer();
  const rnd = new SeededRandom(8446);
  const preface = new TextEncoder().encode("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
  try {
    for (let n = 0; n < 40; n++) {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      const r = await runClient(conn, { cert: client }, server.certPem);
      assert.equal(r.alert, undefined, errors.join("; "));
      // A protected record with one bit flipped past its header: ciphertext or tag.
      const record = r.seal(23, preface);
      record[5 + rnd.below(record.length - 5)] ^= 1 << rnd.below(8);
      await writeAll(conn, record);
      const end = await r.readUntil(() => false);
      assert.equal(end.alert, 20, `case ${n}: alert ${end.alert}`); // bad_record_mac
      conn.close();
    }
    assert.equal(errors.filter((e) => /failed authentication/.test(e)).length, 40);
    await stillServes(port);
  } finally {
    await s.close();
  }
});
