/**
 * The self-signed certificate for go-plugin's AutoMTLS, made with
 * `node:crypto`, synchronously: for tests, scripts, `foundry registry serve
 * --self-signed`, the host side of go-plugin and a warm instance (which makes
 * it before its launch arrives). Terraform pins this exact certificate (it
 * arrives in the handshake line) and checks the name `localhost`, so it must
 * be its own CA and carry both server and client auth usages. A cold launch
 * makes the same certificate with WebCrypto instead (`launch_certificate.ts`),
 * so that `node:crypto` is not loaded before its handshake line.
 *
 * @module
 */

import { createPrivateKey, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import {
  type Certificate,
  type CertificateOptions,
  certificateTbs,
  pem,
  signedCertificate,
} from "./certificate_der.ts";

export { base64NoPad, type Certificate, type CertificateOptions } from "./certificate_der.ts";

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
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const spki = new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
  const tbs = certificateTbs(spki, opts, new Uint8Array(randomBytes(16)));
  const signingKey = opts.issuer ? createPrivateKey(opts.issuer.keyPem) : privateKey;
  // node:crypto's ECDSA signature is already DER (an ECDSA-Sig-Value).
  const der = signedCertificate(tbs, new Uint8Array(sign("sha256", tbs, signingKey)));
  const keyDer = new Uint8Array(privateKey.export({ type: "pkcs8", format: "der" }));
  return { der, certPem: pem("CERTIFICATE", der), keyPem: pem("PRIVATE KEY", keyDer) };
}
