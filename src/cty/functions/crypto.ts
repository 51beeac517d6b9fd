/**
 * Hash and crypto functions on strings: `md5`, `sha1`, `sha256`, `sha512` (lowercase hex of the
 * UTF-8 bytes), `base64sha256`, `base64sha512` (base64 of the digest), by `node:crypto`;
 * `rsadecrypt` (PKCS #1 v1.5 with a PEM private key, PKCS #1 or PKCS #8); `uuid` (random,
 * version 4) and `uuidv5` (name-based, SHA-1). `bcrypt` has a module of its own (`bcrypt.ts`),
 * so that its npm package loads only where `bcrypt` is used.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { cryptoFunctions } from "./crypto.ts";
 *
 * assert.equal(
 *   cryptoFunctions.sha1.call([cty.string("hello")]).asString(),
 *   "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d",
 * );
 * ```
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { constants, createHash, createPrivateKey, privateDecrypt, randomUUID } from "node:crypto";
import { cty, type CtyFunction, FunctionCallError } from "../evaluation.ts";
import { goQuote } from "./go_quote.ts";
import { makeFunction } from "./make_function.ts";

function hashFn(alg: string, out: "hex" | "base64"): CtyFunction {
  return makeFunction({
    params: [{ name: "str", type: cty.String }],
    returnType: cty.String,
    refineNotNull: true,
    impl: ([s]) => cty.string(createHash(alg).update(s.asString(), "utf8").digest(out)),
  });
}

const NAMESPACES: Readonly<Record<string, string>> = {
  dns: "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
  url: "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
  oid: "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
  x500: "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
};

/** Go's `uuid.Parse`: canonical, `urn:uuid:`, braced, or 32 hex digits; or its error. */
function parseUuid(s: string): Uint8Array | string {
  let t = s;
  const len = new TextEncoder().encode(s).length;
  if (len === 45) {
    if (t.slice(0, 9).toLowerCase() !== "urn:uuid:") {
      return `invalid urn prefix: ${JSON.stringify(t.slice(0, 9))}`;
    }
    t = t.slice(9);
  } else if (len === 38) {
    if (!t.startsWith("{") || !t.endsWith("}")) return "invalid bracketed UUID format";
    t = t.slice(1, -1);
  } else if (len !== 36 && len !== 32) return `invalid UUID length: ${len}`;
  let hex = t;
  if (t.length === 36) {
    if (t[8] !== "-" || t[13] !== "-" || t[18] !== "-" || t[23] !== "-") {
      return "invalid UUID format";
    }
    hex = t.slice(0, 8) + t.slice(9, 13) + t.slice(14, 18) + t.slice(19, 23) + t.slice(24);
  }
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return "invalid UUID format";
  return Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
}

function formatUuid(b: Uint8Array): string {
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function rsaDecrypt(ciphertext: string, pem: string) {
  if (!B64.test(ciphertext.replace(/[\r\n]/g, ""))) {
    throw new FunctionCallError(
      `failed to decode input ${goQuote(ciphertext)}: cipher text must be base64-encoded`,
      { argument: 0 },
    );
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new FunctionCallError("invalid private key: ssh: no key found", { argument: 1 });
  }
  let key;
  try {
    key = createPrivateKey(pem);
  } catch (e) {
    throw new FunctionCallError(`invalid private key: ${(e as Error).message}`, { argument: 1 });
  }
  if (key.asymmetricKeyType !== "rsa") {
    throw new FunctionCallError(`invalid private key type ${key.asymmetricKeyType}`, {
      argument: 1,
    });
  }
  let out: Uint8Array;
  try {
    out = privateDecrypt(
      { key, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from(ciphertext, "base64"),
    );
  } catch {
    throw new FunctionCallError("failed to decrypt: crypto/rsa: decryption error");
  }
  return cty.string(new TextDecoder().decode(out));
}

/** The hash functions by name. */
export const cryptoFunctions: Readonly<Record<string, CtyFunction>> = {
  base64sha256: hashFn("sha256", "base64"),
  rsadecrypt: makeFunction({
    params: [{ name: "ciphertext", type: cty.String }, { name: "privatekey", type: cty.String }],
    returnType: cty.String,
    refineNotNull: true,
    impl: ([c, k]) => rsaDecrypt(c.asString(), k.asString()),
  }),
  base64sha512: hashFn("sha512", "base64"),
  md5: hashFn("md5", "hex"),
  sha1: hashFn("sha1", "hex"),
  sha256: hashFn("sha256", "hex"),
  sha512: hashFn("sha512", "hex"),
  uuid: makeFunction({
    params: [],
    returnType: cty.String,
    refineNotNull: true,
    impl: () => cty.string(randomUUID()),
  }),
  uuidv5: makeFunction({
    params: [{ name: "namespace", type: cty.String }, { name: "name", type: cty.String }],
    returnType: cty.String,
    refineNotNull: true,
    impl: ([ns, name]) => {
      const nsText = ns.asString();
      const space = parseUuid(NAMESPACES[nsText] ?? nsText);
      if (typeof space === "string") {
        throw new FunctionCallError(`uuidv5() doesn't support namespace ${nsText} (${space})`);
      }
      const digest = createHash("sha1").update(space).update(name.asString(), "utf8").digest();
      const b = new Uint8Array(digest.subarray(0, 16));
      b[6] = (b[6] & 0x0f) | 0x50;
      b[8] = (b[8] & 0x3f) | 0x80;
      return cty.string(formatUuid(b));
    },
  }),
};
