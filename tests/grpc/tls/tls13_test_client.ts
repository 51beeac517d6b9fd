/**
 * A minimal TLS 1.3 client for the server's tests, built on the server's
 * own codec and primitives: it can do what no real client will — sign
 * with the wrong key, send a wrong Finished, skip its certificate — so each
 * refusal is reached on purpose. Interoperability is proved by real
 * clients elsewhere (rustls, OpenSSL, Go, grpcio, Terraform); this one
 * also checks the server's CertificateVerify with WebCrypto.
 */

import { ChaCha20Poly1305 } from "../../../src/grpc/tls/chacha20_poly1305.ts";
import { readCertificate } from "../../../src/grpc/tls/certificate_reader.ts";
import {
  encodeCertificate,
  encodeCertificateVerify,
  handshakeMessage,
  HandshakeType,
  parseCertificate,
} from "../../../src/grpc/tls/handshake_messages.ts";
import { HandshakeReader } from "../../../src/grpc/tls/handshake_reader.ts";
import {
  finishedMac,
  KeySchedule,
  nextTrafficSecret,
  trafficKey,
} from "../../../src/grpc/tls/key_schedule.ts";
import { plainRecord, RecordProtection, RecordReader } from "../../../src/grpc/tls/record_layer.ts";
import { Sha256 } from "../../../src/grpc/tls/sha256.ts";
import { ecdsaDerToRaw, ecdsaRawToDer, signedContent } from "../../../src/grpc/tls/signatures.ts";
import { WireReader, WireWriter } from "../../../src/grpc/tls/wire_reader.ts";
import { pemBlocks } from "../../../src/grpc/tls/certificate_reader.ts";

/** What the client does, and what it does wrong. */
export interface ClientPlan {
  versions?: number[];
  suites?: number[];
  /** supported_groups (default x25519, secp256r1). */
  groups?: number[];
  /** Groups to send shares for (default x25519). */
  shares?: number[];
  /** ALPN names; `null` sends no ALPN extension. */
  alpn?: string[] | null;
  sessionId?: Uint8Array;
  signatureAlgorithms?: number[];
  /** The client certificate and key (PEM); `null` sends an empty Certificate. */
  cert?: { certPem: string; keyPem: string } | null;
  /** Signs with this key instead of the certificate's. */
  signWith?: string;
  badFinished?: boolean;
  /** Random bytes for the client's key share (default: the CSPRNG). */
  clientRandom?: Uint8Array;
  /** Sends the ClientHello in records of this many bytes. */
  splitHello?: number;
  /** Sends application data before its Finished. */
  earlyAppData?: boolean;
  /**
   * Holds its second flight (Certificate, CertificateVerify, Finished) until
   * `sendFlight()`: what the server writes after its own Finished can be read meanwhile.
   */
  holdFlight?: boolean;
}

/** The outcome of a handshake attempt. */
export interface ClientResult {
  /** The server's alert, if one came. */
  alert?: number;
  /** The ALPN protocol the server chose. */
  alpn?: string;
  /** The group a HelloRetryRequest asked for. */
  retriedFor?: number;
  /** Whether the server's CertificateVerify checked out. */
  serverSignatureOk?: boolean;
  /** One protected record of `bytes` under the current keys, not sent. */
  seal(type: number, bytes: Uint8Array): Uint8Array;
  /** Sends application data (after a successful handshake). */
  send(bytes: Uint8Array): Promise<void>;
  /** Reads application data or an alert until `predicate` holds or the connection ends. */
  readUntil(
    predicate: (data: Uint8Array) => boolean,
  ): Promise<{ data: Uint8Array; alert?: number }>;
  /** The raw bytes the server sent before its encrypted flight (ServerHello, CCS). */
  plainBytes: Uint8Array;
  /** Sends a KeyUpdate asking for the server's. */
  keyUpdate(): Promise<void>;
  /** Sends close_notify. */
  closeNotify(): Promise<void>;
  /** Sends the held second flight (with `holdFlight`). */
  sendFlight?(): Promise<void>;
}

const X25519_PKCS8 = "302e020100300506032b656e04220420";

function hex(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g)!, (x) => parseInt(x, 16));
}

function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Builds a ClientHello (handshake message, header included) and the client's private keys. */
export async function clientHello(plan: ClientPlan): Promise<{
  message: Uint8Array;
  keys: Map<number, CryptoKey>;
}> {
  const keys = new Map<number, CryptoKey>();
  const shares: [number, Uint8Array][] = [];
  for (const group of plan.shares ?? [0x1d]) {
    if (group === 0x1d) {
      const priv = await crypto.subtle.importKey(
        "pkcs8",
        join([
          hex(X25519_PKCS8),
          plan.clientRandom ?? crypto.getRandomValues(new Uint8Array(32)),
        ]) as Uint8Array<ArrayBuffer>,
        { name: "X25519" },
        true,
        ["deriveBits"],
      );
      const jwk = await crypto.subtle.exportKey("jwk", priv);
      keys.set(group, priv);
      shares.push([group, b64url(jwk.x!)]);
    } else if (group === 0x17) {
      const pair = await crypto.subtle.generateKey(
        { name: "ECDH", namedCurve: "P-256" },
        true,
        ["deriveBits"],
      ) as CryptoKeyPair;
      keys.set(group, pair.privateKey);
      shares.push([group, new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey))]);
    } else {
      // A group the server does not serve (a hybrid post-quantum share, say): opaque bytes.
      shares.push([group, new Uint8Array(1216).fill(7)]);
    }
  }
  const w = new WireWriter();
  w.u16(0x0303).bytes(new Uint8Array(32).fill(0x42));
  const sessionId = plan.sessionId ?? new Uint8Array(32).fill(0x11);
  w.vector(1, (v) => v.bytes(sessionId));
  w.vector(2, (v) => {
    for (const s of plan.suites ?? [0x1301, 0x1302, 0x1303]) v.u16(s);
  });
  w.vector(1, (v) => v.u8(0));
  w.vector(2, (ext) => {
    ext.u16(0).vector(
      2,
      (v) =>
        v.vector(
          2,
          (l) => l.u8(0).vector(2, (n) => n.bytes(new TextEncoder().encode("localhost"))),
        ),
    );
    ext.u16(43).vector(2, (v) =>
      v.vector(1, (l) => {
        for (const x of plan.versions ?? [0x0304, 0x0303]) l.u16(x);
      }));
    ext.u16(10).vector(2, (v) =>
      v.vector(2, (l) => {
        for (const g of plan.groups ?? [0x1d, 0x17]) l.u16(g);
      }));
    ext.u16(13).vector(2, (v) =>
      v.vector(2, (l) => {
        for (const s of plan.signatureAlgorithms ?? [0x0403, 0x0503, 0x0603, 0x0807, 0x0804]) {
          l.u16(s);
        }
      }));
    ext.u16(51).vector(2, (v) =>
      v.vector(2, (l) => {
        for (const [g, k] of shares) l.u16(g).vector(2, (x) => x.bytes(k));
      }));
    if (plan.alpn !== null) {
      ext.u16(16).vector(2, (v) =>
        v.vector(2, (l) => {
          for (const a of plan.alpn ?? ["h2"]) {
            l.vector(1, (n) => n.bytes(new TextEncoder().encode(a)));
          }
        }));
    }
  });
  return { message: handshakeMessage(1, w.finish()), keys };
}

function b64url(t: string): Uint8Array {
  const b = t.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(b + "=".repeat((4 - b.length % 4) % 4)), (c) => c.charCodeAt(0));
}

function protection(secret: Uint8Array): RecordProtection {
  const { key, iv } = trafficKey(secret, 32);
  return new RecordProtection(new ChaCha20Poly1305(key), iv);
}

/** Reads records from `conn`, deprotecting with `read()` when set. */
class Inbox {
  readonly records = new RecordReader();
  readonly #conn: Deno.Conn;
  plain: Uint8Array[] = [];
  constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }
  /** The next record, or undefined at the end of the stream. */
  async next(): Promise<{ type: number; header: Uint8Array; body: Uint8Array } | undefined> {
    for (;;) {
      const r = this.records.next();
      if (r) return r;
      const buf = new Uint8Array(65536);
      let n: number | null;
      try {
        n = await this.#conn.read(buf);
      } catch {
        return undefined;
      }
      if (n === null) return undefined;
      this.records.push(buf.subarray(0, n));
    }
  }
}

/** Runs a handshake per `plan` over `conn`; resolves when it succeeded or the server alerted. */
export async function runClient(
  conn: Deno.Conn,
  plan: ClientPlan,
  serverCertPem: string,
): Promise<ClientResult> {
  const { message: ch, keys } = await clientHello(plan);
  const size = plan.splitHello ?? ch.length;
  for (let at = 0; at < ch.length; at += size) {
    await writeAll(conn, plainRecord(22, ch.subarray(at, at + size)));
  }
  const inbox = new Inbox(conn);
  let transcript = new Sha256().update(ch);
  const messages = new HandshakeReader();
  let read: RecordProtection | undefined;
  let write: RecordProtection | undefined;
  const result: ClientResult = {
    plainBytes: new Uint8Array(0),
    seal: (type, bytes) => write!.seal(type, bytes),
    send: async (bytes) => {
      for (let at = 0; at < bytes.length; at += 16384) {
        await writeAll(conn, write!.seal(23, bytes.subarray(at, at + 16384)));
      }
    },
    readUntil: async (predicate) => {
      let data: Uint8Array = new Uint8Array(0);
      for (;;) {
        const r = await inbox.next();
        if (r === undefined) return { data };
        const o = read!.open(r.header, r.body);
        if (o.type === 21) return { data, alert: o.content[1] };
        if (o.type === 23) data = join([data, o.content]);
        if (o.type === 22 && o.content[0] === 24) {
          readSecret = nextTrafficSecret(readSecret);
          read = protection(readSecret);
        }
        if (predicate(data)) return { data };
      }
    },
    keyUpdate: async () => {
      await writeAll(conn, write!.seal(22, new Uint8Array([24, 0, 0, 1, 1])));
      writeSecret = nextTrafficSecret(writeSecret);
      write = protection(writeSecret);
    },
    closeNotify: async () => await writeAll(conn, write!.seal(21, new Uint8Array([1, 0]))),
  };
  let readSecret: Uint8Array = new Uint8Array(0);
  let writeSecret: Uint8Array = new Uint8Array(0);
  let schedule: KeySchedule | undefined;
  let hs: { client: Uint8Array; server: Uint8Array } | undefined;
  let serverLeaf: Uint8Array | undefined;
  const plain: Uint8Array[] = [];
  for (;;) {
    const r = await inbox.next();
    if (r === undefined) return result;
    let type = r.type;
    let content = r.body;
    if (r.type !== 23) plain.push(join([r.header, r.body]));
    if (type === 20) continue;
    if (read !== undefined && type === 23) ({ type, content } = read.open(r.header, r.body));
    if (type === 21) {
      result.alert = content[1];
      result.plainBytes = join(plain);
      return result;
    }
    messages.push(content);
    for (let f = messages.next(); f; f = messages.next()) {
      if (f.type === HandshakeType.server_hello) {
        const rd = new WireReader(f.body, "ServerHello");
        rd.u16("v");
        const random = rd.bytes(32, "random");
        rd.vector(1, "sid");
        rd.u16("suite");
        rd.u8("comp");
        const ext = new WireReader(rd.vector(2, "ext"), "ext");
        let group = 0;
        let share: Uint8Array = new Uint8Array(0);
        while (ext.remaining > 0) {
          const t = ext.u16("t");
          const d = new WireReader(ext.vector(2, "d"), "d");
          if (t === 51) {
            group = d.u16("g");
            if (d.remaining > 0) share = d.vector(2, "k");
          }
        }
        if (random.every((b, i) => b === HRR[i])) {
          // RFC 8446, 4.4.1: the transcript restarts from message_hash(ClientHello1).
          const first = new Sha256().update(ch).digest();
          transcript = new Sha256().update(handshakeMessage(254, first)).update(f.raw);
          const again = await clientHello({ ...plan, shares: [group] });
          for (const [g, k] of again.keys) keys.set(g, k);
          transcript.update(again.message);
          result.retriedFor = group;
          await writeAll(conn, plainRecord(22, again.message));
          continue;
        }
        transcript.update(f.raw);
        const priv = keys.get(group)!;
        const alg = group === 0x1d ? { name: "X25519" } : { name: "ECDH", namedCurve: "P-256" };
        const pub = await crypto.subtle.importKey(
          "raw",
          share as Uint8Array<ArrayBuffer>,
          alg,
          true,
          [],
        );
        const secret = new Uint8Array(
          await crypto.subtle.deriveBits(
            { name: alg.name, public: pub } as EcdhKeyDeriveParams,
            priv,
            256,
          ),
        );
        schedule = new KeySchedule(secret);
        hs = schedule.handshakeSecrets(transcript.digest());
        read = protection(hs.server);
        write = protection(hs.client);
        result.plainBytes = join(plain);
      } else if (f.type === HandshakeType.encrypted_extensions) {
        const rd = new WireReader(f.body, "EE");
        const ext = new WireReader(rd.vector(2, "ext"), "ext");
        while (ext.remaining > 0) {
          const t = ext.u16("t");
          const d = ext.vector(2, "d");
          if (t === 16) result.alpn = String.fromCharCode(...d.subarray(3));
        }
        transcript.update(f.raw);
      } else if (f.type === HandshakeType.certificate) {
        serverLeaf = parseCertificate(f.body)[0];
        transcript.update(f.raw);
      } else if (f.type === HandshakeType.certificate_verify) {
        const rd = new WireReader(f.body, "CV");
        rd.u16("scheme");
        const sig = rd.vector(2, "sig");
        const fields = readCertificate(serverLeaf!);
        const key = await crypto.subtle.importKey(
          "spki",
          fields.spki as Uint8Array<ArrayBuffer>,
          { name: "ECDSA", namedCurve: "P-256" },
          false,
          ["verify"],
        );
        result.serverSignatureOk = await crypto.subtle.verify(
          { name: "ECDSA", hash: "SHA-256" },
          key,
          ecdsaDerToRaw(sig, 32)! as Uint8Array<ArrayBuffer>,
          signedContent("server", transcript.digest()) as Uint8Array<ArrayBuffer>,
        ) && pemBlocks(serverCertPem, "CERTIFICATE")[0].every((b, i) => b === serverLeaf![i]);
        transcript.update(f.raw);
      } else if (f.type === HandshakeType.certificate_request) {
        transcript.update(f.raw);
      } else if (f.type === HandshakeType.finished) {
        const expected = finishedMac(hs!.server, transcript.digest());
        if (!expected.every((b, i) => b === f.body[i])) throw new Error("server Finished is wrong");
        transcript.update(f.raw);
        const app = schedule!.applicationSecrets(transcript.digest());
        // The client's second flight: Certificate, CertificateVerify, Finished.
        const flight: Uint8Array[] = [];
        const certMsg = encodeCertificate(
          plan.cert === null ? [] : pemBlocks(plan.cert!.certPem, "CERTIFICATE"),
        );
        transcript.update(certMsg);
        flight.push(certMsg);
        if (plan.cert !== null) {
          const keyPem = plan.signWith ?? plan.cert!.keyPem;
          const k = await crypto.subtle.importKey(
            "pkcs8",
            pemBlocks(keyPem, "PRIVATE KEY")[0] as Uint8Array<ArrayBuffer>,
            { name: "ECDSA", namedCurve: "P-256" },
            false,
            ["sign"],
          );
          const raw = new Uint8Array(
            await crypto.subtle.sign(
              { name: "ECDSA", hash: "SHA-256" },
              k,
              signedContent("client", transcript.digest()) as Uint8Array<ArrayBuffer>,
            ),
          );
          const cv = encodeCertificateVerify(0x0403, ecdsaRawToDer(raw));
          transcript.update(cv);
          flight.push(cv);
        }
        const mac = finishedMac(hs!.client, transcript.digest());
        if (plan.badFinished) mac[0] ^= 1;
        const fin = handshakeMessage(HandshakeType.finished, mac);
        flight.push(fin);
        const ccs = plainRecord(20, new Uint8Array([1]));
        const sendFlight = async () => {
          if (plan.earlyAppData) {
            await writeAll(conn, join([ccs, write!.seal(23, new Uint8Array([1]))]));
          }
          await writeAll(conn, join([ccs, write!.seal(22, join(flight))]));
          write = protection(app.client);
          writeSecret = app.client;
        };
        // The server's application keys apply from its Finished on.
        read = protection(app.server);
        readSecret = app.server;
        result.plainBytes = join(plain);
        if (plan.holdFlight) {
          result.sendFlight = sendFlight;
          return result;
        }
        await sendFlight();
        // Success or an alert: the server's first application record tells.
        return result;
      }
    }
  }
}

const HRR = hex("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

/** Writes all of `bytes`. */
export async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length;) at += await conn.write(bytes.subarray(at));
}
