/**
 * The server side of a TLS 1.3 handshake with client authentication
 * (RFC 8446, section 2, figure 1, plus HelloRetryRequest): one
 * {@link ServerHandshake} per connection takes the client's handshake
 * messages in order and answers through {@link HandshakeIo}. It owns the
 * transcript and the key schedule; the connection owns records and I/O.
 *
 * Flow: ClientHello -> [HelloRetryRequest, ClientHello] -> ServerHello,
 * change_cipher_spec (middlebox compatibility) -> {EncryptedExtensions,
 * CertificateRequest, Certificate, CertificateVerify, Finished} -> the
 * client's {Certificate, CertificateVerify, Finished} -> application keys.
 *
 * @module
 */

import { AlertDescription, TlsAlert } from "./alert.ts";
import type { HandshakeFrame } from "./handshake_reader.ts";
import {
  CipherSuite,
  type ClientHello,
  encodeCertificateRequest,
  encodeCertificateVerify,
  encodeEncryptedExtensions,
  encodeServerHello,
  handshakeMessage,
  HandshakeType,
  HELLO_RETRY_RANDOM,
  type KeyShare,
  parseCertificate,
  parseCertificateVerify,
  parseClientHello,
  TLS13,
} from "./handshake_messages.ts";
import { agreeKey, SERVER_GROUPS } from "./key_exchange.ts";
import { finishedMac, KeySchedule, macsEqual, type TrafficSecrets } from "./key_schedule.ts";
import { ContentType } from "./record_layer.ts";
import type { TlsServerConfig } from "./server_config.ts";
import { Sha256 } from "./sha256.ts";
import { CLIENT_SIGNATURE_SCHEMES, signedContent, verifyClientSignature } from "./signatures.ts";
import { readCertificate } from "./certificate_reader.ts";

/** The suites served (TLS_CHACHA20_POLY1305_SHA256, with the synchronous AEAD). */
export const SERVED_SUITES: readonly number[] = [CipherSuite.TLS_CHACHA20_POLY1305_SHA256];

/** How the handshake sends and switches keys (the connection's side). */
export interface HandshakeIo {
  /** Sends an unprotected record (ServerHello, change_cipher_spec). */
  sendPlain(type: number, content: Uint8Array): void;
  /** Sends handshake messages under the current write keys. */
  sendHandshake(messages: Uint8Array): void;
  /** Protects what is written from now on with `secret`'s keys. */
  setWriteSecret(secret: Uint8Array): void;
  /** Expects what is read from now on to be protected with `secret`'s keys. */
  setReadSecret(secret: Uint8Array): void;
}

type State = "hello" | "retried" | "certificate" | "certificate_verify" | "finished" | "done";

const SUITE_NAMES: Readonly<Record<number, string>> = {
  0x1301: "TLS_AES_128_GCM_SHA256",
  0x1302: "TLS_AES_256_GCM_SHA384",
  0x1303: "TLS_CHACHA20_POLY1305_SHA256",
};

function suiteName(s: number): string {
  return SUITE_NAMES[s] ?? `0x${s.toString(16).padStart(4, "0")}`;
}

/**
 * One connection's handshake.
 *
 * @example A ClientHello without TLS 1.3 is refused with protocol_version
 * ```ts
 * import assert from "node:assert/strict";
 * import { ServerHandshake } from "./server_handshake.ts";
 * const io = { sendPlain() {}, sendHandshake() {}, setWriteSecret() {}, setReadSecret() {} };
 * // The handshake reads no configuration before it sees a TLS 1.3 hello.
 * const hs = new ServerHandshake(io, {} as never);
 * const body = new Uint8Array([3, 3, ...new Uint8Array(32), 0, 0, 2, 0xc0, 0x2f, 1, 0]);
 * const raw = new Uint8Array([1, 0, 0, body.length, ...body]);
 * await assert.rejects(hs.receive({ type: 1, body, raw }), /protocol_version/);
 * ```
 */
export class ServerHandshake {
  readonly #io: HandshakeIo;
  readonly #config: TlsServerConfig;
  #state: State = "hello";
  #transcript = new Sha256();
  #schedule: KeySchedule | undefined;
  #handshakeSecrets: TrafficSecrets | undefined;
  #applicationSecrets: TrafficSecrets | undefined;
  #retryGroup: number | undefined;
  #sentChangeCipherSpec = false;
  #clientCert: ReturnType<typeof readCertificate> | undefined;
  #readEpoch = 0;
  /** The ALPN protocol selected (`h2`), or `undefined` when the client offered none. */
  alpn: string | undefined;

  /** A handshake answering through `io` with `config`'s certificate and policy. */
  constructor(io: HandshakeIo, config: TlsServerConfig) {
    this.#io = io;
    this.#config = config;
  }

  /** True once the client's Finished was verified. */
  get done(): boolean {
    return this.#state === "done";
  }

  /**
   * True once the server's Finished is sent and its application keys are in
   * place: it may write application data (RFC 8446, 4.4.4) before the client
   * has authenticated.
   */
  get serverFinishedSent(): boolean {
    return this.#applicationSecrets !== undefined;
  }

  /** True while the client may send change_cipher_spec (RFC 8446, appendix D.4). */
  get changeCipherSpecAllowed(): boolean {
    return this.#state !== "hello" && this.#state !== "done";
  }

  /** Counts read-key changes: a message must not span one (RFC 8446, 5.1). */
  get readEpoch(): number {
    return this.#readEpoch;
  }

  /** The application traffic secrets, once the handshake is done. */
  get applicationSecrets(): TrafficSecrets | undefined {
    return this.#state === "done" ? this.#applicationSecrets : undefined;
  }

  /** Takes the client's next handshake message. */
  async receive(frame: HandshakeFrame): Promise<void> {
    const expected: Record<State, number> = {
      hello: HandshakeType.client_hello,
      retried: HandshakeType.client_hello,
      certificate: HandshakeType.certificate,
      certificate_verify: HandshakeType.certificate_verify,
      finished: HandshakeType.finished,
      done: -1,
    };
    if (frame.type !== expected[this.#state]) {
      throw new TlsAlert(
        AlertDescription.unexpected_message,
        `handshake message of type ${frame.type} where ${
          this.#state === "done" ? "none" : `type ${expected[this.#state]}`
        } was expected (state ${this.#state})`,
      );
    }
    switch (this.#state) {
      case "hello":
      case "retried":
        return await this.#clientHello(frame);
      case "certificate":
        return this.#certificate(frame);
      case "certificate_verify":
        return await this.#certificateVerify(frame);
      case "finished":
        return this.#finished(frame);
    }
  }

  async #clientHello(frame: HandshakeFrame): Promise<void> {
    const hello = parseClientHello(frame.body);
    if (!hello.versions?.includes(TLS13)) {
      throw new TlsAlert(
        AlertDescription.protocol_version,
        hello.versions === undefined
          ? "the client offers no TLS 1.3 (no supported_versions extension); this server speaks TLS 1.3 only"
          : `the client offers versions ${
            hello.versions.map((v) => `0x${v.toString(16)}`).join(", ")
          }, not TLS 1.3 (0x0304), the only one served`,
      );
    }
    const suite = hello.cipherSuites.find((s) => SERVED_SUITES.includes(s));
    if (suite === undefined) {
      throw new TlsAlert(
        AlertDescription.handshake_failure,
        `no common cipher suite: the client offers ${
          hello.cipherSuites.map(suiteName).join(", ") || "none"
        }; the server serves ${SERVED_SUITES.map(suiteName).join(", ")}`,
      );
    }
    if (hello.alpn !== undefined && !hello.alpn.includes("h2")) {
      throw new TlsAlert(
        AlertDescription.no_application_protocol,
        `the client offers ALPN ${hello.alpn.join(", ")}; this server speaks h2 (gRPC) only`,
      );
    }
    if (hello.signatureAlgorithms === undefined) {
      throw new TlsAlert(
        AlertDescription.missing_extension,
        "the ClientHello has no signature_algorithms extension",
      );
    }
    if (!hello.signatureAlgorithms.includes(this.#config.signer.scheme)) {
      throw new TlsAlert(
        AlertDescription.handshake_failure,
        `the client accepts no signature the server's key makes (0x${
          this.#config.signer.scheme.toString(16)
        })`,
      );
    }
    const share = this.#pickShare(hello);
    if (share === undefined) return this.#helloRetry(frame, hello, suite);
    this.#transcript.update(frame.raw);
    const { share: ours, secret } = await agreeKey(share.group, share.key, this.#config.random);
    this.alpn = hello.alpn === undefined ? undefined : "h2";
    const serverHello = encodeServerHello({
      random: this.#config.random(32),
      sessionId: hello.sessionId,
      cipherSuite: suite,
      keyShare: { group: share.group, key: ours },
    });
    this.#transcript.update(serverHello);
    this.#io.sendPlain(ContentType.handshake, serverHello);
    this.#compatChangeCipherSpec(hello);
    this.#schedule = new KeySchedule(secret);
    this.#handshakeSecrets = this.#schedule.handshakeSecrets(this.#transcript.digest());
    this.#io.setWriteSecret(this.#handshakeSecrets.server);
    this.#io.setReadSecret(this.#handshakeSecrets.client);
    this.#readEpoch++;
    await this.#serverFlight();
    this.#state = "certificate";
  }

  /** The client's share to use: X25519 first, then secp256r1; `undefined` asks for a retry. */
  #pickShare(hello: ClientHello): KeyShare | undefined {
    const shares = hello.keyShares ?? [];
    if (this.#retryGroup !== undefined) {
      const share = shares.find((s) => s.group === this.#retryGroup);
      if (share === undefined || shares.length !== 1) {
        throw new TlsAlert(
          AlertDescription.illegal_parameter,
          `after HelloRetryRequest the ClientHello must carry exactly one share, of group 0x${
            this.#retryGroup.toString(16)
          }`,
        );
      }
      return share;
    }
    for (const group of SERVER_GROUPS) {
      const share = shares.find((s) => s.group === group);
      if (share !== undefined) return share;
    }
    return undefined;
  }

  #helloRetry(frame: HandshakeFrame, hello: ClientHello, suite: number): void {
    const group = SERVER_GROUPS.find((g) => hello.groups?.includes(g));
    if (group === undefined || this.#state === "retried") {
      throw new TlsAlert(
        AlertDescription.handshake_failure,
        `no common key exchange group: the client supports ${
          (hello.groups ?? []).map((g) => `0x${g.toString(16)}`).join(", ") || "none"
        }; the server serves x25519 (0x1d) and secp256r1 (0x17)`,
      );
    }
    // RFC 8446, 4.4.1: the first ClientHello is replaced by message_hash(Hash(CH1)).
    const first = new Sha256().update(frame.raw).digest();
    this.#transcript = new Sha256().update(handshakeMessage(HandshakeType.message_hash, first));
    const retry = encodeServerHello({
      random: HELLO_RETRY_RANDOM,
      sessionId: hello.sessionId,
      cipherSuite: suite,
      keyShare: { group },
    });
    this.#transcript.update(retry);
    this.#io.sendPlain(ContentType.handshake, retry);
    this.#compatChangeCipherSpec(hello);
    this.#retryGroup = group;
    this.#state = "retried";
  }

  /** One change_cipher_spec after the first ServerHello/HRR for clients in compatibility mode. */
  #compatChangeCipherSpec(hello: ClientHello): void {
    if (hello.sessionId.length === 0 || this.#sentChangeCipherSpec) return;
    this.#sentChangeCipherSpec = true;
    this.#io.sendPlain(ContentType.change_cipher_spec, new Uint8Array([1]));
  }

  async #serverFlight(): Promise<void> {
    const ee = encodeEncryptedExtensions(this.alpn);
    const cr = encodeCertificateRequest(CLIENT_SIGNATURE_SCHEMES);
    const cert = this.#config.certificateMessage;
    this.#transcript.update(ee).update(cr).update(cert);
    const signature = await this.#config.signer.sign(
      signedContent("server", this.#transcript.digest()),
    );
    const cv = encodeCertificateVerify(this.#config.signer.scheme, signature);
    this.#transcript.update(cv);
    const fin = handshakeMessage(
      HandshakeType.finished,
      finishedMac(this.#handshakeSecrets!.server, this.#transcript.digest()),
    );
    this.#transcript.update(fin);
    this.#applicationSecrets = this.#schedule!.applicationSecrets(this.#transcript.digest());
    const flight = new Uint8Array(ee.length + cr.length + cert.length + cv.length + fin.length);
    let at = 0;
    for (const m of [ee, cr, cert, cv, fin]) {
      flight.set(m, at);
      at += m.length;
    }
    this.#io.sendHandshake(flight);
    // What the server writes next is application data: RFC 8446, 4.4.4 allows
    // it before the client's Finished (the gRPC server sends its HTTP/2
    // SETTINGS then, see TransportHooks.writable; it reads no request before).
    this.#io.setWriteSecret(this.#applicationSecrets.server);
  }

  #certificate(frame: HandshakeFrame): void {
    const chain = parseCertificate(frame.body);
    if (chain.length === 0) {
      throw new TlsAlert(
        AlertDescription.certificate_required,
        "the client sent no certificate; this server requires the one pinned for it " +
          "(go-plugin's AutoMTLS client certificate)",
      );
    }
    const leaf = chain[0];
    const pinned = this.#config.pinned.find((p) => bytesEqual(p.der, leaf));
    if (pinned === undefined) {
      let detail = "";
      try {
        const f = readCertificate(leaf);
        detail = ` (its key: ${f.keyAlgorithm}${f.curve ? ` on ${f.curve}` : ""})`;
      } catch (e) {
        detail = ` (and it is unreadable: ${e instanceof Error ? e.message : String(e)})`;
      }
      throw new TlsAlert(
        AlertDescription.bad_certificate,
        `the client's certificate is not the one pinned for this server${detail}; ` +
          "the client must present exactly the certificate it handed to the plugin",
      );
    }
    const now = this.#config.now();
    const f = pinned.fields;
    if (now < f.notBefore || now > f.notAfter) {
      throw new TlsAlert(
        AlertDescription.certificate_expired,
        `client certificate refused: valid from ${new Date(f.notBefore).toISOString()} to ${
          new Date(f.notAfter).toISOString()
        }, and it is ${new Date(now).toISOString()}`,
      );
    }
    this.#clientCert = f;
    this.#transcript.update(frame.raw);
    this.#state = "certificate_verify";
  }

  async #certificateVerify(frame: HandshakeFrame): Promise<void> {
    const { scheme, signature } = parseCertificateVerify(frame.body);
    if (!CLIENT_SIGNATURE_SCHEMES.includes(scheme)) {
      throw new TlsAlert(
        AlertDescription.illegal_parameter,
        `client CertificateVerify: scheme 0x${scheme.toString(16)} was not in the request`,
      );
    }
    const content = signedContent("client", this.#transcript.digest());
    await verifyClientSignature(this.#clientCert!, scheme, signature, content);
    this.#transcript.update(frame.raw);
    this.#state = "finished";
  }

  #finished(frame: HandshakeFrame): void {
    const expected = finishedMac(this.#handshakeSecrets!.client, this.#transcript.digest());
    if (!macsEqual(expected, frame.body)) {
      throw new TlsAlert(
        AlertDescription.decrypt_error,
        "the client's Finished does not match the handshake (tampered, or a different transcript)",
      );
    }
    this.#transcript.update(frame.raw);
    this.#io.setReadSecret(this.#applicationSecrets!.client);
    this.#readEpoch++;
    this.#state = "done";
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
