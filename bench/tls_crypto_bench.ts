// TLS record crypto: our synchronous ChaCha20-Poly1305 and SHA-256 beside
// node:crypto's native code and WebCrypto (asynchronous, awaited), in the
// same groups so `deno bench` prints the ratios from one run. A record is
// sealed and then opened, as both ends of a connection would. Figures and
// what was tried: bench/README.md, "TLS record crypto".
import { createCipheriv, createDecipheriv, createHash } from "node:crypto";
import { ChaCha20Poly1305 } from "../src/grpc/tls/chacha20_poly1305.ts";
import { sha256 } from "../src/grpc/tls/sha256.ts";

const key = crypto.getRandomValues(new Uint8Array(32));
const nonce = crypto.getRandomValues(new Uint8Array(12));
const header = new Uint8Array([0x17, 0x03, 0x03, 0x00, 0x00]);
const ours = new ChaCha20Poly1305(key);
const aesKey = await crypto.subtle.importKey("raw", key.subarray(0, 16), "AES-GCM", false, [
  "encrypt",
  "decrypt",
]);

function nodeSealOpen(plaintext: Uint8Array): Uint8Array {
  const c = createCipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
  c.setAAD(header, { plaintextLength: plaintext.length });
  const body = c.update(plaintext);
  c.final();
  const tag = c.getAuthTag();
  const d = createDecipheriv("chacha20-poly1305", key, nonce, { authTagLength: 16 });
  d.setAAD(header, { plaintextLength: body.length });
  d.setAuthTag(tag);
  const out = d.update(body);
  d.final();
  return out;
}

async function webCryptoSealOpen(plaintext: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer> {
  const params = { name: "AES-GCM", iv: nonce, additionalData: header };
  const sealed = await crypto.subtle.encrypt(params, aesKey, plaintext);
  return await crypto.subtle.decrypt(params, aesKey, sealed);
}

for (const [label, size] of [["120 B", 120], ["1 KiB", 1024], ["16 KiB", 16384]] as const) {
  const plaintext = crypto.getRandomValues(new Uint8Array(size));
  const record = new Uint8Array(size + 16);
  const group = `seal+open ${label}`;
  Deno.bench(`ours: seal + open (${label})`, { group, baseline: true }, () => {
    const sealed = ours.seal(nonce, plaintext, header);
    if (ours.open(nonce, sealed, header) === undefined) throw new Error("did not open");
  });
  Deno.bench(`ours: sealInto + openInto in place (${label})`, { group }, () => {
    record.set(plaintext);
    ours.sealInto(nonce, record.subarray(0, size), header, record);
    if (ours.openInto(nonce, record, header, record) === undefined) {
      throw new Error("did not open");
    }
  });
  Deno.bench(`node:crypto chacha20-poly1305 (${label})`, { group }, () => {
    nodeSealOpen(plaintext);
  });
  Deno.bench(`WebCrypto AES-128-GCM, awaited (${label})`, { group }, async () => {
    await webCryptoSealOpen(plaintext);
  });
}

for (const [label, size] of [["200 B", 200], ["4 KiB", 4096]] as const) {
  const data = crypto.getRandomValues(new Uint8Array(size));
  const group = `sha256 ${label}`;
  Deno.bench(`ours: sha256 (${label})`, { group, baseline: true }, () => {
    sha256(data);
  });
  Deno.bench(`node:crypto createHash (${label})`, { group }, () => {
    createHash("sha256").update(data).digest();
  });
  Deno.bench(`crypto.subtle.digest, awaited (${label})`, { group }, async () => {
    await crypto.subtle.digest("SHA-256", data);
  });
}
