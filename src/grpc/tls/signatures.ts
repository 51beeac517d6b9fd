/**
 * CertificateVerify signatures (RFC 8446, section 4.4.3) through WebCrypto:
 * the content both sides sign, the server's ECDSA signature (WebCrypto
 * gives raw r||s, TLS carries a DER ECDSA-Sig-Value), and the client's
 * signature checked against its certificate's key for the scheme it
 * names. A scheme that does not fit the key (TLS 1.3 binds each ECDSA
 * scheme to one curve) is refused, not tried.
 *
 * @module
 */

import { AlertDescription, TlsAlert } from "./alert.ts";
import { type CertificateFields, oidText } from "./certificate_reader.ts";
import { SignatureScheme } from "./handshake_messages.ts";

const EC_KEY = "1.2.840.10045.2.1";
const ED25519_KEY = "1.3.101.112";
const RSA_KEY = "1.2.840.113549.1.1.1";

interface EcScheme {
  readonly curve: string;
  readonly namedCurve: "P-256" | "P-384" | "P-521";
  readonly hash: "SHA-256" | "SHA-384" | "SHA-512";
  readonly size: number;
}

/** ECDSA schemes by code: the one curve each is valid with in TLS 1.3. */
const ECDSA: ReadonlyMap<number, EcScheme> = new Map([
  [SignatureScheme.ecdsa_secp256r1_sha256, {
    curve: "1.2.840.10045.3.1.7",
    namedCurve: "P-256",
    hash: "SHA-256",
    size: 32,
  }],
  [SignatureScheme.ecdsa_secp384r1_sha384, {
    curve: "1.3.132.0.34",
    namedCurve: "P-384",
    hash: "SHA-384",
    size: 48,
  }],
  [SignatureScheme.ecdsa_secp521r1_sha512, {
    curve: "1.3.132.0.35",
    namedCurve: "P-521",
    hash: "SHA-512",
    size: 66,
  }],
]);

/** The schemes a client may sign its CertificateVerify with, best first. */
export const CLIENT_SIGNATURE_SCHEMES: readonly number[] = [
  SignatureScheme.ecdsa_secp256r1_sha256,
  SignatureScheme.ecdsa_secp384r1_sha384,
  SignatureScheme.ecdsa_secp521r1_sha512,
  SignatureScheme.ed25519,
  SignatureScheme.rsa_pss_rsae_sha256,
];

const PAD = new Uint8Array(64).fill(0x20);
const SERVER_CONTEXT = new TextEncoder().encode("TLS 1.3, server CertificateVerify\0");
const CLIENT_CONTEXT = new TextEncoder().encode("TLS 1.3, client CertificateVerify\0");

/** What a CertificateVerify signs: padding, a context string, the transcript hash. */
export function signedContent(side: "server" | "client", transcriptHash: Uint8Array): Uint8Array {
  const context = side === "server" ? SERVER_CONTEXT : CLIENT_CONTEXT;
  const out = new Uint8Array(64 + context.length + transcriptHash.length);
  out.set(PAD);
  out.set(context, 64);
  out.set(transcriptHash, 64 + context.length);
  return out;
}

/**
 * Converts WebCrypto's raw ECDSA signature (r||s) to DER.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { ecdsaDerToRaw, ecdsaRawToDer } from "./signatures.ts";
 * const raw = new Uint8Array(64).fill(0x80); // high bits set: each integer gets a 0 byte
 * const der = ecdsaRawToDer(raw);
 * assert.deepEqual([...der.subarray(0, 4)], [0x30, 70, 0x02, 33]);
 * assert.deepEqual(ecdsaDerToRaw(der, 32), raw);
 * ```
 */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const int = (v: Uint8Array) => {
    let i = 0;
    while (i < v.length - 1 && v[i] === 0) i++;
    const body = v[i] & 0x80 ? [0, ...v.subarray(i)] : [...v.subarray(i)];
    return [0x02, body.length, ...body];
  };
  const content = [...int(raw.subarray(0, half)), ...int(raw.subarray(half))];
  const head = content.length < 0x80 ? [0x30, content.length] : [0x30, 0x81, content.length];
  return new Uint8Array([...head, ...content]);
}

/**
 * Converts a DER ECDSA-Sig-Value to raw r||s of `size`-byte integers, or
 * `undefined` when it is not one.
 */
export function ecdsaDerToRaw(der: Uint8Array, size: number): Uint8Array | undefined {
  let at = 0;
  if (der[at++] !== 0x30) return undefined;
  let length = der[at++];
  if (length === 0x81) length = der[at++];
  else if (length > 0x80) return undefined;
  if (at + length !== der.length) return undefined;
  const out = new Uint8Array(size * 2);
  for (let k = 0; k < 2; k++) {
    if (der[at++] !== 0x02) return undefined;
    const n = der[at++];
    if (n === undefined || n === 0 || n > 0x7f || at + n > der.length) return undefined;
    let v = der.subarray(at, at + n);
    at += n;
    while (v.length > 1 && v[0] === 0) v = v.subarray(1);
    if (v.length > size) return undefined;
    out.set(v, size * (k + 1) - v.length);
  }
  return at === der.length ? out : undefined;
}

/**
 * Checks a client's CertificateVerify against its certificate's key.
 * Throws `illegal_parameter` for a scheme the key cannot make, and
 * `decrypt_error` for a signature that does not verify.
 */
export async function verifyClientSignature(
  cert: CertificateFields,
  scheme: number,
  signature: Uint8Array,
  content: Uint8Array,
): Promise<void> {
  const spki = cert.spki as Uint8Array<ArrayBuffer>;
  const data = content as Uint8Array<ArrayBuffer>;
  let ok: boolean;
  const ec = ECDSA.get(scheme);
  if (ec !== undefined) {
    if (cert.keyAlgorithm !== EC_KEY || cert.curve !== ec.curve) {
      throw mismatch(cert, scheme);
    }
    const raw = ecdsaDerToRaw(signature, ec.size);
    if (raw === undefined) {
      throw new TlsAlert(
        AlertDescription.decode_error,
        "client CertificateVerify: the ECDSA signature is not a DER ECDSA-Sig-Value",
      );
    }
    const key = await importKey(spki, { name: "ECDSA", namedCurve: ec.namedCurve });
    ok = await crypto.subtle.verify(
      { name: "ECDSA", hash: ec.hash },
      key,
      raw as Uint8Array<ArrayBuffer>,
      data,
    );
  } else if (scheme === SignatureScheme.ed25519) {
    if (cert.keyAlgorithm !== ED25519_KEY) throw mismatch(cert, scheme);
    const key = await importKey(spki, { name: "Ed25519" });
    ok = await crypto.subtle.verify("Ed25519", key, signature as Uint8Array<ArrayBuffer>, data);
  } else if (scheme === SignatureScheme.rsa_pss_rsae_sha256) {
    if (cert.keyAlgorithm !== RSA_KEY) throw mismatch(cert, scheme);
    const key = await importKey(spki, { name: "RSA-PSS", hash: "SHA-256" });
    ok = await crypto.subtle.verify(
      { name: "RSA-PSS", saltLength: 32 },
      key,
      signature as Uint8Array<ArrayBuffer>,
      data,
    );
  } else {
    throw new TlsAlert(
      AlertDescription.illegal_parameter,
      `client CertificateVerify: scheme 0x${scheme.toString(16)} was not offered`,
    );
  }
  if (!ok) {
    throw new TlsAlert(
      AlertDescription.decrypt_error,
      "client CertificateVerify: the signature does not verify with the certificate's key " +
        "(the client does not hold the certificate's private key)",
    );
  }
}

async function importKey(
  spki: Uint8Array<ArrayBuffer>,
  algorithm: EcKeyImportParams | RsaHashedImportParams | Algorithm,
): Promise<CryptoKey> {
  try {
    return await crypto.subtle.importKey("spki", spki, algorithm, false, ["verify"]);
  } catch (e) {
    throw new TlsAlert(
      AlertDescription.bad_certificate,
      `client certificate: its public key cannot be used (${
        e instanceof Error ? e.message : String(e)
      })`,
    );
  }
}

function mismatch(cert: CertificateFields, scheme: number): TlsAlert {
  return new TlsAlert(
    AlertDescription.illegal_parameter,
    `client CertificateVerify: scheme 0x${scheme.toString(16)} does not fit the certificate's ` +
      `key (${cert.keyAlgorithm}${cert.curve ? ` on ${cert.curve}` : ""})`,
  );
}

/** The server's signing key and the scheme it signs with. */
export interface ServerSigner {
  /** The scheme of the signatures (`ecdsa_secp256r1_sha256`, ...). */
  readonly scheme: number;
  /** Signs `content`, in the wire form of the scheme. */
  sign(content: Uint8Array): Promise<Uint8Array>;
}

/** PKCS#8 algorithm OIDs read to choose how to import the server's key. */
const CURVE_BY_OID: ReadonlyMap<string, number> = new Map(
  [...ECDSA].map(([scheme, s]) => [s.curve, scheme]),
);

/**
 * The server's signer for a PKCS#8 private key (PEM body as DER): ECDSA on
 * P-256, P-384 or P-521, or Ed25519.
 */
export async function serverSigner(pkcs8: Uint8Array): Promise<ServerSigner> {
  const oids = allOids(pkcs8);
  const key = pkcs8 as Uint8Array<ArrayBuffer>;
  if (oids.includes(ED25519_KEY)) {
    const k = await crypto.subtle.importKey("pkcs8", key, "Ed25519", false, ["sign"]);
    return {
      scheme: SignatureScheme.ed25519,
      sign: async (c) =>
        new Uint8Array(await crypto.subtle.sign("Ed25519", k, c as Uint8Array<ArrayBuffer>)),
    };
  }
  const scheme = oids.map((o) => CURVE_BY_OID.get(o)).find((s) => s !== undefined);
  const ec = scheme === undefined ? undefined : ECDSA.get(scheme);
  if (scheme === undefined || ec === undefined) {
    throw new Error(
      "TLS server key: only ECDSA (P-256, P-384, P-521) and Ed25519 keys are served",
    );
  }
  const k = await crypto.subtle.importKey(
    "pkcs8",
    key,
    { name: "ECDSA", namedCurve: ec.namedCurve },
    false,
    ["sign"],
  );
  return {
    scheme,
    sign: async (c) =>
      ecdsaRawToDer(
        new Uint8Array(
          await crypto.subtle.sign(
            { name: "ECDSA", hash: ec.hash },
            k,
            c as Uint8Array<ArrayBuffer>,
          ),
        ),
      ),
  };
}

/** Every OID in a DER structure's first 64 bytes (a PKCS#8's algorithm and curve). */
function allOids(der: Uint8Array): string[] {
  const out: string[] = [];
  const end = Math.min(der.length, 64);
  for (let i = 0; i + 2 < end; i++) {
    if (der[i] === 0x06 && der[i + 1] > 0 && der[i + 1] < 16 && i + 2 + der[i + 1] <= der.length) {
      const text = oidText(der.subarray(i + 2, i + 2 + der[i + 1]));
      if (/^1\.(2|3)\./.test(text)) out.push(text);
    }
  }
  return out;
}
