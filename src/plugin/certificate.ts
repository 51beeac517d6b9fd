/**
 * The per-launch self-signed certificate for go-plugin's AutoMTLS. Terraform
 * pins this exact certificate (it arrives in the handshake line) and checks
 * the name `localhost`, so it must be its own CA and carry both server and
 * client auth usages.
 *
 * @module
 */

import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
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

const ECDSA_SHA256 = seq(oid("1.2.840.10045.4.3.2"));

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? seq(oid(id), boolean(true), octets(value)) : seq(oid(id), octets(value));
}

/**
 * Generates a P-256 key and a self-signed certificate valid from 30 seconds
 * ago (or `validFrom`) until `days` days from now: CA, SAN `localhost` and
 * 127.0.0.1, server and client auth. Takes a few milliseconds.
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
export function generateCertificate(
  opts: { days?: number; commonName?: string; validFrom?: Date } = {},
): Certificate {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const spki = new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
  const now = Date.now();
  const name = seq(
    set(seq(oid("2.5.4.10"), utf8String("Foundry"))),
    set(seq(oid("2.5.4.3"), utf8String(opts.commonName ?? "localhost"))),
  );
  const serial = new Uint8Array(randomBytes(16));
  serial[0] &= 0x7f; // keep the serial positive
  serial[0] |= 0x01; // and non-zero
  const extensions = seq(
    // basicConstraints: CA, so Terraform can use the certificate as its own root.
    extension("2.5.29.19", true, seq(boolean(true))),
    // keyUsage: digitalSignature, keyEncipherment, keyAgreement, keyCertSign.
    extension("2.5.29.15", true, bitString(new Uint8Array([0xac]), 2)),
    // extKeyUsage: serverAuth, clientAuth.
    extension("2.5.29.37", false, seq(oid("1.3.6.1.5.5.7.3.1"), oid("1.3.6.1.5.5.7.3.2"))),
    // subjectAltName: DNS localhost, IP 127.0.0.1.
    extension(
      "2.5.29.17",
      false,
      seq(
        tlv(0x82, new TextEncoder().encode("localhost")),
        tlv(0x87, new Uint8Array([127, 0, 0, 1])),
      ),
    ),
  );
  const tbs = seq(
    explicit(0, integer(new Uint8Array([2]))),
    integer(serial),
    ECDSA_SHA256,
    name,
    seq(
      time(opts.validFrom ?? new Date(now - 30_000)),
      time(new Date(now + (opts.days ?? 365) * 86_400_000)),
    ),
    name,
    spki,
    explicit(3, extensions),
  );
  const signature = new Uint8Array(sign("sha256", tbs, privateKey));
  const der = seq(tbs, ECDSA_SHA256, bitString(signature));
  const keyDer = new Uint8Array(privateKey.export({ type: "pkcs8", format: "der" }));
  return { der, certPem: pem("CERTIFICATE", der), keyPem: pem("PRIVATE KEY", keyDer) };
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
