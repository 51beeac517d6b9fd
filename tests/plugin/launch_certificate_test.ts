// The WebCrypto certificate of a cold launch must be the certificate the
// node:crypto one is, field for field, with a key that matches it.
import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey, sign, verify, X509Certificate } from "node:crypto";
import { generateCertificate } from "../../src/plugin/certificate.ts";
import { makeLaunchCertificate } from "../../src/plugin/launch_certificate.ts";

function fields(pem: string) {
  const x = new X509Certificate(pem);
  const days = (Date.parse(x.validTo) - Date.parse(x.validFrom)) / 86_400_000;
  return {
    subject: x.subject,
    issuer: x.issuer,
    ca: x.ca,
    keyUsage: x.keyUsage,
    subjectAltName: x.subjectAltName,
    days: Math.round(days),
    keyType: x.publicKey.asymmetricKeyType,
    curve: x.publicKey.asymmetricKeyDetails?.namedCurve,
  };
}

Deno.test("launch certificate: the same fields as generateCertificate's", async () => {
  const ours = await makeLaunchCertificate();
  assert.deepEqual(fields(ours.certPem), fields(generateCertificate().certPem));
  const x = new X509Certificate(ours.certPem);
  assert.ok(x.verify(x.publicKey), "self-signed");
  assert.ok(Date.parse(x.validFrom) <= Date.now());
  assert.deepEqual(new Uint8Array(x.raw), ours.der);
});

Deno.test("launch certificate: its key is the certificate's, in PKCS#8 with the public point", async () => {
  const ours = await makeLaunchCertificate();
  const key = createPrivateKey(ours.keyPem);
  const publicOfKey = createPublicKey(key).export({ type: "spki", format: "der" });
  const publicOfCert = new X509Certificate(ours.certPem).publicKey.export({
    type: "spki",
    format: "der",
  });
  assert.deepEqual(new Uint8Array(publicOfKey), new Uint8Array(publicOfCert));
  const message = new TextEncoder().encode("handshake");
  assert.ok(verify("sha256", message, createPublicKey(ours.certPem), sign("sha256", message, key)));
  // The public point travels in the key (rustls and older parsers want it).
  assert.ok(key.export({ type: "sec1", format: "der" }).length > 100);
});

Deno.test("launch certificate: a new key and serial each time", async () => {
  const [a, b] = await Promise.all([makeLaunchCertificate(), makeLaunchCertificate()]);
  assert.notEqual(a.keyPem, b.keyPem);
  assert.notEqual(
    new X509Certificate(a.certPem).serialNumber,
    new X509Certificate(b.certPem).serialNumber,
  );
});
