/**
 * The TLS 1.3 handshake messages a server reads and writes (RFC 8446,
 * section 4): the client's ClientHello, Certificate, CertificateVerify and
 * Finished decoded into plain objects, and the server's flight encoded from
 * them. Decoding checks lengths and the rules RFC 8446 states for each
 * field (one compression method, no duplicate extensions); what the server
 * then does with the values is the handshake's business (`server_handshake.ts`).
 *
 * @module
 */

import { AlertDescription, TlsAlert } from "./alert.ts";
import { WireReader, WireWriter } from "./wire_reader.ts";

/** Handshake message types (RFC 8446, section 4). */
export const HandshakeType = {
  client_hello: 1,
  server_hello: 2,
  new_session_ticket: 4,
  end_of_early_data: 5,
  encrypted_extensions: 8,
  certificate: 11,
  certificate_request: 13,
  certificate_verify: 15,
  finished: 20,
  key_update: 24,
  message_hash: 254,
} as const;

/** Extension types read or written here. */
export const ExtensionType = {
  server_name: 0,
  supported_groups: 10,
  signature_algorithms: 13,
  alpn: 16,
  pre_shared_key: 41,
  early_data: 42,
  supported_versions: 43,
  cookie: 44,
  psk_key_exchange_modes: 45,
  key_share: 51,
} as const;

/** Named groups (key exchange). */
export const NamedGroup = {
  secp256r1: 0x0017,
  secp384r1: 0x0018,
  x25519: 0x001d,
} as const;

/** Signature schemes (RFC 8446, section 4.2.3). */
export const SignatureScheme = {
  ecdsa_secp256r1_sha256: 0x0403,
  ecdsa_secp384r1_sha384: 0x0503,
  ecdsa_secp521r1_sha512: 0x0603,
  ed25519: 0x0807,
  rsa_pss_rsae_sha256: 0x0804,
} as const;

/** TLS 1.3 cipher suites (RFC 8446, appendix B.4). */
export const CipherSuite = {
  TLS_AES_128_GCM_SHA256: 0x1301,
  TLS_AES_256_GCM_SHA384: 0x1302,
  TLS_CHACHA20_POLY1305_SHA256: 0x1303,
} as const;

/** The version number of TLS 1.3 in supported_versions. */
export const TLS13 = 0x0304;

/**
 * ServerHello.random of a HelloRetryRequest: SHA-256 of
 * "HelloRetryRequest" (RFC 8446, section 4.1.3).
 */
export const HELLO_RETRY_RANDOM: Uint8Array = Uint8Array.from(
  "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c".match(/../g)!,
  (h) => parseInt(h, 16),
);

/** One key share a client offers. */
export interface KeyShare {
  /** The named group. */
  readonly group: number;
  /** Its public value. */
  readonly key: Uint8Array;
}

/** A decoded ClientHello; absent extensions are `undefined`. */
export interface ClientHello {
  /** legacy_session_id, echoed in the ServerHello (middlebox compatibility). */
  readonly sessionId: Uint8Array;
  /** Cipher suites, in the client's order. */
  readonly cipherSuites: readonly number[];
  /** supported_versions. */
  readonly versions?: readonly number[];
  /** supported_groups. */
  readonly groups?: readonly number[];
  /** key_share entries. */
  readonly keyShares?: readonly KeyShare[];
  /** signature_algorithms. */
  readonly signatureAlgorithms?: readonly number[];
  /** ALPN protocol names. */
  readonly alpn?: readonly string[];
  /** Extension types, in the client's order. */
  readonly extensions: readonly number[];
}

/**
 * Decodes a ClientHello's body (after the handshake header).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseClientHello } from "./handshake_messages.ts";
 * // TLS 1.2-style hello: version, random, empty session id, one suite, null compression.
 * const body = new Uint8Array([3, 3, ...new Uint8Array(32), 0, 0, 2, 0x13, 0x03, 1, 0]);
 * const hello = parseClientHello(body);
 * assert.deepEqual(hello.cipherSuites, [0x1303]);
 * assert.equal(hello.versions, undefined); // no supported_versions: not a TLS 1.3 client
 * ```
 */
export function parseClientHello(body: Uint8Array): ClientHello {
  const r = new WireReader(body, "ClientHello");
  r.u16("legacy_version");
  r.bytes(32, "random");
  const sessionId = r.vector(1, "legacy_session_id");
  if (sessionId.length > 32) {
    throw new TlsAlert(AlertDescription.illegal_parameter, "ClientHello: session id over 32 bytes");
  }
  const suites = r.vector(2, "cipher_suites");
  if (suites.length % 2 !== 0) {
    throw new TlsAlert(AlertDescription.decode_error, "ClientHello: odd cipher_suites length");
  }
  const cipherSuites = u16List(suites);
  const compression = r.vector(1, "legacy_compression_methods");
  const hello: {
    -readonly [K in keyof ClientHello]: ClientHello[K];
  } = { sessionId: sessionId.slice(), cipherSuites, extensions: [] };
  const extensions: number[] = [];
  if (r.remaining > 0) {
    const ext = new WireReader(r.vector(2, "extensions"), "ClientHello extensions");
    while (ext.remaining > 0) {
      const type = ext.u16("extension_type");
      const data = ext.vector(2, `extension ${type}`);
      if (extensions.includes(type)) {
        throw new TlsAlert(
          AlertDescription.illegal_parameter,
          `ClientHello: extension ${type} appears twice`,
        );
      }
      extensions.push(type);
      readExtension(hello, type, data);
    }
  }
  r.end();
  hello.extensions = extensions;
  // RFC 8446, 4.1.2: a TLS 1.3 ClientHello offers exactly the null method.
  if (hello.versions?.includes(TLS13) && (compression.length !== 1 || compression[0] !== 0)) {
    throw new TlsAlert(
      AlertDescription.illegal_parameter,
      "ClientHello: TLS 1.3 requires exactly the null compression method",
    );
  }
  return hello;
}

function readExtension(
  hello: { -readonly [K in keyof ClientHello]: ClientHello[K] },
  type: number,
  data: Uint8Array,
): void {
  switch (type) {
    case ExtensionType.supported_versions: {
      const r = new WireReader(data, "supported_versions");
      hello.versions = u16List(r.vector(1, "versions"));
      r.end();
      return;
    }
    case ExtensionType.supported_groups: {
      const r = new WireReader(data, "supported_groups");
      hello.groups = u16List(r.vector(2, "named_group_list"));
      r.end();
      return;
    }
    case ExtensionType.signature_algorithms: {
      const r = new WireReader(data, "signature_algorithms");
      hello.signatureAlgorithms = u16List(r.vector(2, "supported_signature_algorithms"));
      r.end();
      return;
    }
    case ExtensionType.key_share: {
      const r = new WireReader(data, "key_share");
      const list = new WireReader(r.vector(2, "client_shares"), "key_share client_shares");
      r.end();
      const shares: KeyShare[] = [];
      while (list.remaining > 0) {
        const group = list.u16("group");
        const key = list.vector(2, "key_exchange");
        if (shares.some((s) => s.group === group)) {
          throw new TlsAlert(
            AlertDescription.illegal_parameter,
            `ClientHello: two key shares for group 0x${group.toString(16)}`,
          );
        }
        shares.push({ group, key: key.slice() });
      }
      hello.keyShares = shares;
      return;
    }
    case ExtensionType.alpn: {
      const r = new WireReader(data, "application_layer_protocol_negotiation");
      const list = new WireReader(r.vector(2, "protocol_name_list"), "ALPN protocol_name_list");
      r.end();
      const names: string[] = [];
      while (list.remaining > 0) {
        const name = list.vector(1, "protocol_name");
        if (name.length === 0) {
          throw new TlsAlert(AlertDescription.decode_error, "ALPN: an empty protocol name");
        }
        names.push(String.fromCharCode(...name));
      }
      hello.alpn = names;
      return;
    }
  }
  // server_name, PSK, early data, cookies and the rest: not used (no
  // session tickets are issued, so no PSK can be ours).
}

function u16List(bytes: Uint8Array): number[] {
  if (bytes.length % 2 !== 0) {
    throw new TlsAlert(AlertDescription.decode_error, "a list of 16-bit values has an odd length");
  }
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i += 2) out.push((bytes[i] << 8) | bytes[i + 1]);
  return out;
}

/**
 * A handshake message with its 4-byte header (type, 24-bit length): the
 * bytes that go into the transcript.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { handshakeMessage } from "./handshake_messages.ts";
 * assert.deepEqual([...handshakeMessage(20, new Uint8Array([7]))], [20, 0, 0, 1, 7]);
 * ```
 */
export function handshakeMessage(type: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + body.length);
  out[0] = type;
  out[1] = body.length >> 16;
  out[2] = (body.length >> 8) & 0xff;
  out[3] = body.length & 0xff;
  out.set(body, 4);
  return out;
}

/** What a ServerHello (or a HelloRetryRequest) carries. */
export interface ServerHelloFields {
  /** 32 random bytes, or {@link HELLO_RETRY_RANDOM}. */
  readonly random: Uint8Array;
  /** The client's legacy_session_id, echoed. */
  readonly sessionId: Uint8Array;
  /** The selected suite. */
  readonly cipherSuite: number;
  /** The server's share, or (HelloRetryRequest) the group the client must use. */
  readonly keyShare: KeyShare | { readonly group: number };
}

/** Encodes a ServerHello or HelloRetryRequest, header included. */
export function encodeServerHello(f: ServerHelloFields): Uint8Array {
  const w = new WireWriter();
  w.u16(0x0303).bytes(f.random).vector(1, (v) => v.bytes(f.sessionId));
  w.u16(f.cipherSuite).u8(0);
  w.vector(2, (ext) => {
    // key_share first, as RFC 8448's traces order them.
    ext.u16(ExtensionType.key_share).vector(2, (v) => {
      v.u16(f.keyShare.group);
      if ("key" in f.keyShare) {
        const key = f.keyShare.key;
        v.vector(2, (k) => k.bytes(key));
      }
    });
    ext.u16(ExtensionType.supported_versions).vector(2, (v) => v.u16(TLS13));
  });
  return handshakeMessage(HandshakeType.server_hello, w.finish());
}

/** Encodes EncryptedExtensions, with the ALPN protocol when one was selected. */
export function encodeEncryptedExtensions(alpn: string | undefined): Uint8Array {
  const w = new WireWriter();
  w.vector(2, (ext) => {
    if (alpn === undefined) return;
    ext.u16(ExtensionType.alpn).vector(
      2,
      (a) => a.vector(2, (list) => list.vector(1, (n) => n.bytes(new TextEncoder().encode(alpn)))),
    );
  });
  return handshakeMessage(HandshakeType.encrypted_extensions, w.finish());
}

/** Encodes a CertificateRequest with an empty context and the schemes accepted. */
export function encodeCertificateRequest(schemes: readonly number[]): Uint8Array {
  const w = new WireWriter();
  w.vector(1, () => {});
  w.vector(
    2,
    (ext) =>
      ext.u16(ExtensionType.signature_algorithms).vector(2, (v) =>
        v.vector(2, (list) => {
          for (const s of schemes) list.u16(s);
        })),
  );
  return handshakeMessage(HandshakeType.certificate_request, w.finish());
}

/** Encodes a Certificate message: an empty context and the chain, leaf first. */
export function encodeCertificate(chain: readonly Uint8Array[]): Uint8Array {
  const w = new WireWriter();
  w.vector(1, () => {});
  w.vector(3, (list) => {
    for (const der of chain) {
      list.vector(3, (c) => c.bytes(der));
      list.vector(2, () => {});
    }
  });
  return handshakeMessage(HandshakeType.certificate, w.finish());
}

/** Encodes a CertificateVerify. */
export function encodeCertificateVerify(scheme: number, signature: Uint8Array): Uint8Array {
  const w = new WireWriter();
  w.u16(scheme).vector(2, (v) => v.bytes(signature));
  return handshakeMessage(HandshakeType.certificate_verify, w.finish());
}

/**
 * Decodes a client's Certificate message: the DER certificates, leaf first.
 * The context must be empty (the server's CertificateRequest sent an empty one).
 */
export function parseCertificate(body: Uint8Array): Uint8Array[] {
  const r = new WireReader(body, "Certificate");
  const context = r.vector(1, "certificate_request_context");
  if (context.length !== 0) {
    throw new TlsAlert(
      AlertDescription.illegal_parameter,
      "Certificate: the request context differs from the empty one the server sent",
    );
  }
  const list = new WireReader(r.vector(3, "certificate_list"), "certificate_list");
  r.end();
  const chain: Uint8Array[] = [];
  while (list.remaining > 0) {
    const der = list.vector(3, "cert_data");
    if (der.length === 0) {
      throw new TlsAlert(AlertDescription.decode_error, "Certificate: an empty certificate");
    }
    list.vector(2, "extensions");
    chain.push(der);
  }
  return chain;
}

/** Decodes a CertificateVerify: the scheme and the signature. */
export function parseCertificateVerify(
  body: Uint8Array,
): { scheme: number; signature: Uint8Array } {
  const r = new WireReader(body, "CertificateVerify");
  const scheme = r.u16("algorithm");
  const signature = r.vector(2, "signature");
  r.end();
  return { scheme, signature };
}

/** Decodes a KeyUpdate: true when the peer asks for our update too. */
export function parseKeyUpdate(body: Uint8Array): boolean {
  const r = new WireReader(body, "KeyUpdate");
  const request = r.u8("request_update");
  r.end();
  if (request > 1) {
    throw new TlsAlert(AlertDescription.illegal_parameter, `KeyUpdate: request_update ${request}`);
  }
  return request === 1;
}
