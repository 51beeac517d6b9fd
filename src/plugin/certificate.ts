/**
 * The per-launch self-signed certificate for go-plugin's AutoMTLS. Terraform
 * pins this exact certificate (it arrives in the handshake line) and checks
 * the name `localhost`, so it must be its own CA and carry both server and
 * client auth usages.
 *
 * @module
 */

import { createPrivateKey, generateKeyPairSync, randomBytes, sign } from "node:crypto";
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

function pem(label: string, der: Uint8Array): string {
  const b64 = btoa(String.fromCharCode(...der));
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** Options of {@link generateCertificate}. */
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

const ECDSA_SHA256 = seq(oid("1.2.840.10045.4.3.2"));

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? seq(oid(id), boolean(true), octets(value)) : seq(oid(id), octets(value));
}

/**
 * Generates a P-256 key and a certificate valid from 30 seconds ago (or
 * `validFrom`) for `days` days: CA, SAN `dnsNames` (default `localhost`) and
 * `ipAddresses` (default 127.0.0.1), server and client auth. Takes a few
 * milliseconds.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateCertificate } from "./certificate.ts";
 * import { X509Certificate } from "node:crypto";
 * const cert = generateCertificate();
 * assert.ok(new X509Certificate(cert.certPem).ca);
 * // Not valid until tomorrow (tests of clients that check the dates):
 * const early = generateCertificate({ validFrom: new Date(Date.now() + 86_400_000), days: 2 });
 * assert.ok(Date.parse(new X509Certificate(early.certPem).validFrom) > Date.now());
 * ```
 */
export function generateCertificate(opts: CertificateOptions = {}): Certificate {
  const dnsNames = opts.dnsNames ?? ["localhost"];
  const ips = (opts.ipAddresses ?? ["127.0.0.1"]).map(ipBytes);
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const spki = new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
  const now = Date.now();
  const nameOf = (cn: string) =>
    seq(set(seq(oid("2.5.4.10"), utf8String("Foundry"))), set(seq(oid("2.5.4.3"), utf8String(cn))));
  const name = nameOf(opts.commonName ?? "localhost");
  const issuerName = opts.issuer ? nameOf(opts.issuer.commonName) : name;
  const signingKey = opts.issuer ? createPrivateKey(opts.issuer.keyPem) : privateKey;
  const serial = new Uint8Array(randomBytes(16));
  serial[0] &= 0x7f; // keep the serial positive
  serial[0] |= 0x01; // and non-zero
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
  const tbs = seq(
    explicit(0, integer(new Uint8Array([2]))),
    integer(serial),
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
  const signature = new Uint8Array(sign("sha256", tbs, signingKey));
  const der = seq(tbs, ECDSA_SHA256, bitString(signature));
  const keyDer = new Uint8Array(privateKey.export({ type: "pkcs8", format: "der" }));
  return { der, certPem: pem("CERTIFICATE", der), keyPem: pem("PRIVATE KEY", keyDer) };
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
 * import { base64NoPad } from "./certificate.ts";
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
