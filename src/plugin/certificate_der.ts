/**
 * The DER of the per-launch certificate, apart from the key work: the
 * to-be-signed part, the signature's encoding and the PEM and base64 forms
 * the handshake needs. Shared by `certificate.ts` (keys from `node:crypto`,
 * synchronous) and `launch_certificate.ts` (WebCrypto, which a cold launch
 * uses so that no `node:` module loads before its handshake line).
 *
 * @module
 */

import {
  bitString,
  boolean,
  explicit,
  integer,
  octets,
  oid,
  seq,
  set,
  time,
  tlv,
  utf8String,
} from "./der.ts";

/**
 * A certificate with its key, in the forms gRPC and the handshake need.
 */
export interface Certificate {
  /** DER bytes of the certificate. */
  readonly der: Uint8Array;
  /** PEM text of the certificate. */
  readonly certPem: string;
  /** PEM text (PKCS#8) of the private key. */
  readonly keyPem: string;
}

/** Options of `generateCertificate` (certificate.ts). */
export interface CertificateOptions {
  /** Validity in days (default 365). */
  days?: number;
  /** Subject common name (default `localhost`). */
  commonName?: string;
  /** DNS names of the subject alternative name (default `localhost`). */
  dnsNames?: string[];
  /** IP addresses of the subject alternative name (default 127.0.0.1). */
  ipAddresses?: string[];
  /**
   * The CA that signs an end-entity certificate (its key and common name);
   * without it the certificate is its own CA.
   */
  issuer?: { keyPem: string; commonName: string };
  /** Start of validity (default 30 seconds ago); tests of date checks set it in the future. */
  validFrom?: Date;
}

/** AlgorithmIdentifier ecdsa-with-SHA256: how the certificate is signed. */
export const ECDSA_SHA256: Uint8Array = seq(oid("1.2.840.10045.4.3.2"));

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? seq(oid(id), boolean(true), octets(value)) : seq(oid(id), octets(value));
}

function nameOf(cn: string): Uint8Array {
  return seq(
    set(seq(oid("2.5.4.10"), utf8String("Foundry"))),
    set(seq(oid("2.5.4.3"), utf8String(cn))),
  );
}

/**
 * The TBSCertificate for a P-256 public key (`spki`, DER): a CA (unless
 * `opts.issuer` is set) valid from 30 seconds ago (or `validFrom`) for
 * `days` days, SAN `dnsNames` and `ipAddresses`, server and client auth.
 * `serial` is 16 random bytes.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { certificateTbs } from "./certificate_der.ts";
 * const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
 * const spki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
 * const tbs = certificateTbs(spki, {}, crypto.getRandomValues(new Uint8Array(16)));
 * assert.equal(tbs[0], 0x30); // a SEQUENCE
 * ```
 */
export function certificateTbs(
  spki: Uint8Array,
  opts: CertificateOptions,
  serial: Uint8Array,
): Uint8Array {
  const dnsNames = opts.dnsNames ?? ["localhost"];
  const ips = (opts.ipAddresses ?? ["127.0.0.1"]).map(ipBytes);
  const now = Date.now();
  const name = nameOf(opts.commonName ?? "localhost");
  const issuerName = opts.issuer ? nameOf(opts.issuer.commonName) : name;
  const positive = serial.slice(0, 16);
  positive[0] &= 0x7f; // keep the serial positive
  positive[0] |= 0x01; // and non-zero
  const extensions = seq(
    // basicConstraints: CA, so Terraform can use a self-signed certificate as its own root;
    // an issued one is an end entity (rustls refuses a CA certificate as a server's).
    extension("2.5.29.19", true, opts.issuer ? seq() : seq(boolean(true))),
    // keyUsage: digitalSignature, keyEncipherment, keyAgreement, and keyCertSign for a CA.
    extension("2.5.29.15", true, bitString(new Uint8Array([opts.issuer ? 0xa8 : 0xac]), 2)),
    // extKeyUsage: serverAuth, clientAuth.
    extension("2.5.29.37", false, seq(oid("1.3.6.1.5.5.7.3.1"), oid("1.3.6.1.5.5.7.3.2"))),
    // subjectAltName: the DNS names and IP addresses (default localhost, 127.0.0.1).
    extension(
      "2.5.29.17",
      false,
      seq(
        ...dnsNames.map((n) => tlv(0x82, new TextEncoder().encode(n))),
        ...ips.map((ip) => tlv(0x87, ip)),
      ),
    ),
  );
  return seq(
    explicit(0, integer(new Uint8Array([2]))),
    integer(positive),
    ECDSA_SHA256,
    issuerName,
    seq(
      time(opts.validFrom ?? new Date(now - 30_000)),
      time(new Date(now + (opts.days ?? 365) * 86_400_000)),
    ),
    name,
    spki,
    explicit(3, extensions),
  );
}

/**
 * The signed certificate: `tbs`, the algorithm and the DER signature
 * (an ECDSA-Sig-Value, as X.509 wants; see {@link ecdsaSignatureDer}).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { signedCertificate } from "./certificate_der.ts";
 * const der = signedCertificate(new Uint8Array([0x30, 0]), new Uint8Array([0x30, 0]));
 * assert.equal(der[0], 0x30);
 * ```
 */
export function signedCertificate(tbs: Uint8Array, signatureDer: Uint8Array): Uint8Array {
  return seq(tbs, ECDSA_SHA256, bitString(signatureDer));
}

/**
 * WebCrypto's ECDSA signature (`r || s`, each as wide as the curve) as the
 * DER `SEQUENCE { INTEGER r, INTEGER s }` that X.509 and TLS carry.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { ecdsaSignatureDer } from "./certificate_der.ts";
 * const raw = new Uint8Array(64);
 * raw[31] = 1; // r = 1
 * raw[32] = 0x80; // s has its top bit set: a zero byte keeps it positive
 * const der = ecdsaSignatureDer(raw);
 * assert.deepEqual([...der.subarray(0, 5)], [0x30, 38, 0x02, 1, 1]);
 * assert.deepEqual([...der.subarray(5, 8)], [0x02, 33, 0]);
 * ```
 */
export function ecdsaSignatureDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0) {
    throw new TypeError(`an ECDSA signature of ${raw.length} bytes is not r || s`);
  }
  const half = raw.length / 2;
  // der.integer drops leading zeros and adds one where the top bit would read as a sign.
  return seq(integer(raw.subarray(0, half)), integer(raw.subarray(half)));
}

/**
 * PEM text of DER bytes under `label` (`CERTIFICATE`, `PRIVATE KEY`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { pem } from "./certificate_der.ts";
 * assert.equal(pem("X", new Uint8Array([1])), "-----BEGIN X-----\nAQ==\n-----END X-----\n");
 * ```
 */
export function pem(label: string, der: Uint8Array): string {
  const b64 = btoa(String.fromCharCode(...der));
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/**
 * The DER bytes of the first block of a PEM text ({@link pem}'s inverse).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { pem, pemDer } from "./certificate_der.ts";
 * assert.deepEqual([...pemDer(pem("PRIVATE KEY", new Uint8Array([1, 2])))], [1, 2]);
 * ```
 */
export function pemDer(text: string): Uint8Array {
  const body = /-----BEGIN [^-]+-----([^-]*)-----END [^-]+-----/.exec(text)?.[1] ?? "";
  return Uint8Array.from(atob(body.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
}

// An IPv4 dotted quad or an IPv6 address as its bytes.
function ipBytes(ip: string): Uint8Array {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.every((p) => p <= 255)) return new Uint8Array(parts);
  }
  if (ip.includes(":")) {
    const [head, tail = ""] = ip.split("::");
    const h = head ? head.split(":") : [];
    const t = tail ? tail.split(":") : [];
    const groups = ip.includes("::")
      ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t]
      : h;
    if (groups.length === 8 && groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) {
      return new Uint8Array(groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
    }
  }
  throw new TypeError(`"${ip}" is not an IP address`);
}

/**
 * Standard base64 without `=` padding: the form go-plugin expects for the
 * certificate in the handshake line (padded base64 is refused).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { base64NoPad } from "./certificate_der.ts";
 * assert.equal(base64NoPad(new Uint8Array([1])), "AQ");
 * ```
 */
export function base64NoPad(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/=+$/, "");
}
