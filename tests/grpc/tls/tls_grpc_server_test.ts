// The gRPC server's TLS as a whole: the handshake bounded by the preface
// deadline (a slowloris client is cut off and reported), close() ending
// connections still in their handshake, the connection cap counted before
// TLS, a key the server cannot use refused at listen with its reason, and
// HTTP/2 SETTINGS sent right after the server's Finished.
import assert from "node:assert/strict";
import { GrpcServer } from "../../../src/grpc/mod.ts";
import { generateCertificate } from "../../../src/plugin/certificate.ts";
import { clientHello, runClient, writeAll } from "./tls13_test_client.ts";

const server = generateCertificate();
const client = generateCertificate();
const tls = { certPem: server.certPem, keyPem: server.keyPem, clientCaPem: client.certPem };

async function readToEnd(conn: Deno.Conn, limitMs: number): Promise<"closed" | "open"> {
  const buf = new Uint8Array(4096);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"open">((r) => timer = setTimeout(() => r("open"), limitMs));
  try {
    for (;;) {
      const n = await Promise.race([conn.read(buf).catch(() => null), late]);
      if (n === "open") return "open";
      if (n === null) return "closed";
    }
  } finally {
    clearTimeout(timer);
  }
}

Deno.test("tls: a slowloris ClientHello (a byte per 50 ms) is cut off at the preface deadline", async () => {
  const errors: string[] = [];
  const s = new GrpcServer(new Map(), {
    tls,
    limits: { prefaceTimeoutMs: 400 },
    onConnectionError: (e) => errors.push(e.message),
  });
  const port = Number((await s.listen({ port: 0, host: "127.0.0.1" })).split(":")[1]);
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    const hello = (await clientHello({})).message;
    const record = new Uint8Array([22, 3, 1, hello.length >> 8, hello.length & 0xff, ...hello]);
    const started = performance.now();
    let cut = false;
    for (const b of record) {
      try {
        await conn.write(new Uint8Array([b]));
      } catch {
        cut = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
      if (performance.now() - started > 3000) break;
    }
    if (!cut) assert.equal(await readToEnd(conn, 2000), "closed");
    assert.ok(performance.now() - started < 3000, "cut off well before the hello was sent");
    assert.match(errors.join("\n"), /no HTTP\/2 preface within 400 ms/);
    conn.close();
  } finally {
    await s.close();
  }
});

/** HTTP/2 frames in `data`: [type, flags] of each whole one. */
function frames(data: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  for (let at = 0; at + 9 <= data.length;) {
    const length = (data[at] << 16) | (data[at + 1] << 8) | data[at + 2];
    if (at + 9 + length > data.length) break;
    out.push([data[at + 3], data[at + 4]]);
    at += 9 + length;
  }
  return out;
}

Deno.test("tls: the server's HTTP/2 SETTINGS go out with its Finished, before the client authenticates", async () => {
  // Go's gRPC client waits for the server's SETTINGS before its first
  // request: sent as 0.5-RTT data they are there as soon as its Finished is.
  const calls: string[] = [];
  const s = new GrpcServer(
    new Map([["/t.T/Call", {
      kind: "unary" as const,
      handle: (req: Uint8Array) => {
        calls.push("called");
        return Promise.resolve(req);
      },
    }]]),
    { tls },
  );
  const port = Number((await s.listen({ port: 0, host: "127.0.0.1" })).split(":")[1]);
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const r = await runClient(conn, { cert: client, holdFlight: true }, server.certPem);
    const early = await r.readUntil((d) => frames(d).length > 0);
    assert.deepEqual(frames(early.data)[0], [4, 0], "a SETTINGS frame (no ACK) first");
    await r.sendFlight!();
    // The client's preface and an empty SETTINGS: the server acknowledges it.
    await r.send(
      new Uint8Array([
        ...new TextEncoder().encode("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
        ...[0, 0, 0, 4, 0, 0, 0, 0, 0],
      ]),
    );
    const later = await r.readUntil((d) => frames(d).some(([t, f]) => t === 4 && f === 1));
    assert.ok(frames(later.data).some(([t, f]) => t === 4 && f === 1), "SETTINGS ACK");
    assert.deepEqual(calls, []);
  } finally {
    conn.close();
    await s.close();
  }
});

Deno.test("tls: close() ends a connection sitting in its handshake at once", async () => {
  const s = new GrpcServer(new Map(), { tls });
  const port = Number((await s.listen({ port: 0, host: "127.0.0.1" })).split(":")[1]);
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await writeAll(conn, new Uint8Array([22, 3, 1, 0, 200, 1])); // a hello cut short
  await new Promise((r) => setTimeout(r, 50));
  const started = performance.now();
  await s.close(5000);
  assert.ok(performance.now() - started < 1000, "close did not wait for the grace period");
  assert.equal(await readToEnd(conn, 1000), "closed");
  conn.close();
});

Deno.test("tls: the connection cap is counted before the handshake", async () => {
  const errors: string[] = [];
  const s = new GrpcServer(new Map(), {
    tls,
    limits: { maxConnections: 2, prefaceTimeoutMs: 2000 },
    onConnectionError: (e) => errors.push(e.message),
  });
  const port = Number((await s.listen({ port: 0, host: "127.0.0.1" })).split(":")[1]);
  const conns: Deno.Conn[] = [];
  try {
    for (let i = 0; i < 3; i++) conns.push(await Deno.connect({ hostname: "127.0.0.1", port }));
    assert.equal(await readToEnd(conns[2], 1000), "closed");
    assert.match(errors.join("\n"), /connection refused: 2 connections are open/);
  } finally {
    for (const c of conns) c.close();
    await s.close();
  }
});

Deno.test("tls: a server key that cannot be used is refused at listen, naming the input", async () => {
  const s = new GrpcServer(new Map(), {
    tls: {
      ...tls,
      keyPem: "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n",
    },
  });
  await assert.rejects(
    s.listen({ port: 0, host: "127.0.0.1" }),
    /keyPem must hold exactly one PKCS#8 PRIVATE KEY block/,
  );
  const t = new GrpcServer(new Map(), { tls: { ...tls, clientCaPem: "not a certificate" } });
  await assert.rejects(
    t.listen({ port: 0, host: "127.0.0.1" }),
    /clientCaPem holds no CERTIFICATE block/,
  );
});
