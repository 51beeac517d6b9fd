// CertificateVerify signatures both ways, for every scheme the server asks
// clients for (ECDSA on P-256, P-384 and P-521, Ed25519, RSA-PSS) and every
// key the server can sign with: keys made by WebCrypto, signatures checked
// by the other side's code, and the refusals (a wrong signature, a scheme
// that does not fit the key, a signature that is not DER).
import assert from "node:assert/strict";
import type { CertificateFields } from "../../../src/grpc/tls/certificate_reader.ts";
import {
  ecdsaDerToRaw,
  ecdsaRawToDer,
  serverSigner,
  signedContent,
  verifyClientSignature,
} from "../../../src/grpc/tls/signatures.ts";

const CURVE_OID: Record<string, string> = {
  "P-256": "1.2.840.10045.3.1.7",
  "P-384": "1.3.132.0.34",
  "P-521": "1.3.132.0.35",
};

interface Case {
  scheme: number;
  generate: AlgorithmIdentifier | EcKeyGenParams | RsaHashedKeyGenParams;
  sign: AlgorithmIdentifier | EcdsaParams | RsaPssParams;
  fields: (spki: Uint8Array) => CertificateFields;
  der: boolean;
}

const fields = (keyAlgorithm: string, curve?: string) => (spki: Uint8Array): CertificateFields => ({
  notBefore: 0,
  notAfter: Date.now() + 86_400_000,
  spki,
  keyAlgorithm,
  curve,
});

const CASES: Case[] = [
  ...([["P-256", "SHA-256", 0x0403], ["P-384", "SHA-384", 0x0503], [
    "P-521",
    "SHA-512",
    0x0603,
  ]] as const)
    .map(([curve, hash, scheme]) => ({
      scheme,
      generate: { name: "ECDSA", namedCurve: curve },
      sign: { name: "ECDSA", hash },
      fields: fields("1.2.840.10045.2.1", CURVE_OID[curve]),
      der: true,
    })),
  {
    scheme: 0x0807,
    generate: { name: "Ed25519" },
    sign: { name: "Ed25519" },
    fields: fields("1.3.101.112"),
    der: false,
  },
  {
    scheme: 0x0804,
    generate: {
      name: "RSA-PSS",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    sign: { name: "RSA-PSS", saltLength: 32 },
    fields: fields("1.2.840.113549.1.1.1"),
    der: false,
  },
];

const content = signedContent("client", new Uint8Array(32).fill(7));

for (const c of CASES) {
  Deno.test(`client CertificateVerify 0x${c.scheme.toString(16)}: verifies, and refuses another content`, async () => {
    const pair = await crypto.subtle.generateKey(c.generate, true, [
      "sign",
      "verify",
    ]) as CryptoKeyPair;
    const spki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
    const raw = new Uint8Array(
      await crypto.subtle.sign(c.sign, pair.privateKey, content as Uint8Array<ArrayBuffer>),
    );
    const wire = c.der ? ecdsaRawToDer(raw) : raw;
    await verifyClientSignature(c.fields(spki), c.scheme, wire, content);
    const other = signedContent("client", new Uint8Array(32).fill(8));
    await assert.rejects(
      verifyClientSignature(c.fields(spki), c.scheme, wire, other),
      /decrypt_error: client CertificateVerify: the signature does not verify/,
    );
  });
}

Deno.test("client CertificateVerify: a scheme that does not fit the key is illegal_parameter", async () => {
  const pair = await crypto.subtle.generateKey(
    { name: "ECDSA", namedCurve: "P-521" },
    true,
    ["sign", "verify"],
  ) as CryptoKeyPair;
  const spki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
  const f = fields("1.2.840.10045.2.1", CURVE_OID["P-521"])(spki);
  // ecdsa_secp256r1_sha256 with a P-521 key: TLS 1.3 binds the scheme to the curve.
  await assert.rejects(
    verifyClientSignature(f, 0x0403, new Uint8Array(8), content),
    /illegal_parameter: .*does not fit the certificate's key \(1\.2\.840\.10045\.2\.1 on 1\.3\.132\.0\.35\)/,
  );
  await assert.rejects(
    verifyClientSignature(f, 0x0603, new Uint8Array([0x30, 0x03, 0x02, 0x01]), content),
    /decode_error: .*not a DER ECDSA-Sig-Value/,
  );
  await assert.rejects(
    verifyClientSignature(f, 0x0401, new Uint8Array(8), content),
    /illegal_parameter: client CertificateVerify: scheme 0x401 was not offered/,
  );
});

Deno.test("ECDSA DER <-> raw keeps P-521's 66-byte integers, leading zeros included", () => {
  for (const first of [0x00, 0x01, 0x80]) {
    const raw = new Uint8Array(132).map((_, i) => (i * 37 + 11) & 0xff);
    raw[0] = 0;
    raw[1] = first;
    raw[66] = first;
    assert.deepEqual(ecdsaDerToRaw(ecdsaRawToDer(raw), 66), raw);
  }
  assert.equal(ecdsaDerToRaw(new Uint8Array([0x30, 0x02, 0x05, 0x00]), 32), undefined);
});

const SIGNERS: [string, AlgorithmIdentifier | EcKeyGenParams, AlgorithmIdentifier | EcdsaParams][] =
  [
    ["P-384", { name: "ECDSA", namedCurve: "P-384" }, { name: "ECDSA", hash: "SHA-384" }],
    ["P-521", { name: "ECDSA", namedCurve: "P-521" }, { name: "ECDSA", hash: "SHA-512" }],
    ["Ed25519", { name: "Ed25519" }, { name: "Ed25519" }],
  ];

for (const [name, algorithm, verify] of SIGNERS) {
  Deno.test(`server signer for a ${name} key: its signature verifies with the public key`, async () => {
    const pair = await crypto.subtle.generateKey(algorithm, true, [
      "sign",
      "verify",
    ]) as CryptoKeyPair;
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
    const signer = await serverSigner(pkcs8);
    const server = signedContent("server", new Uint8Array(32).fill(1));
    const wire = await signer.sign(server);
    const size = name === "P-384" ? 48 : 66;
    const sig = name === "Ed25519" ? wire : ecdsaDerToRaw(wire, size)!;
    assert.ok(
      await crypto.subtle.verify(
        verify,
        pair.publicKey,
        sig as Uint8Array<ArrayBuffer>,
        server as Uint8Array<ArrayBuffer>,
      ),
    );
  });
}
