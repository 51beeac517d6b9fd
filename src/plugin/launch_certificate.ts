/**
 * The certificate of a cold launch, made with WebCrypto: the same
 * certificate as `certificate.ts` makes (P-256, its own CA, `localhost` and
 * 127.0.0.1, server and client auth) without `node:crypto`. Loading any
 * `node:` module starts Deno's Node compatibility layer, 7-25 ms of CPU
 * (`node:crypto` the most), which a launch now pays after its handshake
 * line instead of before it (see `serve.ts`).
 *
 * The key is not made with `crypto.subtle.generateKey`: Deno's first
 * `generateKey` of any algorithm costs ~33 ms of CPU (a one-time set-up
 * that nothing else on a launch's path needs), while importing a key and
 * signing cost ~3 ms. So the private scalar comes from
 * `crypto.getRandomValues`, is imported as PKCS#8, and WebCrypto derives
 * the public point when the key is exported.
 *
 * @module
 */

import {
  type Certificate,
  certificateTbs,
  ecdsaSignatureDer,
  pem,
  pemDer,
  signedCertificate,
} from "./certificate_der.ts";
import { bitString, concat, explicit, integer, octets, oid, seq } from "./der.ts";

const EC_KEY = { name: "ECDSA", namedCurve: "P-256" } as const;
// AlgorithmIdentifier { id-ecPublicKey, prime256v1 }, in the SPKI and the PKCS#8.
const P256 = seq(oid("1.2.840.10045.2.1"), oid("1.2.840.10045.3.1.7"));

/** PKCS#8 of a P-256 private scalar, with the public point when it is known. */
function pkcs8(d: Uint8Array, point?: Uint8Array): Uint8Array {
  const ecPrivateKey = seq(
    integer(new Uint8Array([1])),
    octets(d),
    ...(point === undefined ? [] : [explicit(1, bitString(point))]),
  );
  return seq(integer(new Uint8Array([0])), P256, octets(ecPrivateKey));
}

function base64UrlBytes(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(b64 + "=".repeat((4 - b64.length % 4) % 4)), (c) => c.charCodeAt(0));
}

/**
 * Makes a fresh key and the launch's self-signed certificate for it (a CA,
 * as go-plugin's client pins it as its own root), or, given `issuer`, an
 * end-entity certificate signed by that certificate's key: what a client
 * that refuses a CA certificate as a server's (rustls) accepts, as the warm
 * instances' serving rehearsal needs.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { X509Certificate } from "node:crypto";
 * import { makeLaunchCertificate } from "./launch_certificate.ts";
 * const cert = await makeLaunchCertificate();
 * const x509 = new X509Certificate(cert.certPem);
 * assert.ok(x509.ca);
 * assert.ok(x509.verify(x509.publicKey)); // self-signed, and the signature holds
 * assert.ok(x509.checkHost("localhost"));
 * assert.notEqual((await makeLaunchCertificate()).keyPem, cert.keyPem); // a new key each time
 * const leaf = new X509Certificate((await makeLaunchCertificate(cert)).certPem);
 * assert.ok(!leaf.ca && leaf.verify(x509.publicKey)); // an end entity the CA signed
 * ```
 */
export async function makeLaunchCertificate(issuer?: Certificate): Promise<Certificate> {
  let privateKey: CryptoKey | undefined;
  let d = new Uint8Array(32);
  // A scalar of 32 random bytes is outside 1..n-1 with probability ~2^-32:
  // WebCrypto refuses it, and another is drawn.
  for (let tries = 0; privateKey === undefined; tries++) {
    d = crypto.getRandomValues(new Uint8Array(32));
    try {
      privateKey = await crypto.subtle.importKey(
        "pkcs8",
        pkcs8(d) as Uint8Array<ArrayBuffer>,
        EC_KEY,
        true,
        ["sign"],
      );
    } catch (e) {
      if (tries === 3) throw e;
    }
  }
  const jwk = await crypto.subtle.exportKey("jwk", privateKey);
  const point = concat(
    new Uint8Array([4]), // uncompressed
    base64UrlBytes(jwk.x ?? ""),
    base64UrlBytes(jwk.y ?? ""),
  );
  const spki = seq(P256, bitString(point));
  const tbs = certificateTbs(
    spki,
    issuer === undefined ? {} : { issuer: { keyPem: issuer.keyPem, commonName: "localhost" } },
    crypto.getRandomValues(new Uint8Array(16)),
  );
  const signer = issuer === undefined ? privateKey : await crypto.subtle.importKey(
    "pkcs8",
    pemDer(issuer.keyPem) as Uint8Array<ArrayBuffer>,
    EC_KEY,
    false,
    ["sign"],
  );
  const raw = await crypto.subtle.sign(
    { name: "ECDSA", hash: "SHA-256" },
    signer,
    tbs as Uint8Array<ArrayBuffer>,
  );
  const der = signedCertificate(tbs, ecdsaSignatureDer(new Uint8Array(raw)));
  return { der, certPem: pem("CERTIFICATE", der), keyPem: pem("PRIVATE KEY", pkcs8(d, point)) };
}
