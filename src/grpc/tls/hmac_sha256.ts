/**
 * HMAC-SHA-256 (RFC 2104 with FIPS 180-4's hash), synchronous: the MAC that
 * HKDF (and so the whole TLS 1.3 key schedule) and the Finished messages are
 * built on.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { hmacSha256 } from "./hmac_sha256.ts";
 *
 * // RFC 4231 test case 2: key "Jefe".
 * const text = new TextEncoder();
 * const mac = hmacSha256(text.encode("Jefe"), text.encode("what do ya want for nothing?"));
 * assert.equal(
 *   Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join(""),
 *   "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
 * );
 * ```
 *
 * @module
 */

import { Sha256, sha256 } from "./sha256.ts";

/** SHA-256's block size: keys are padded (or first hashed) to this length. */
const BLOCK = 64;

/**
 * The HMAC-SHA-256 (32 bytes) of `data` under `key`. Keys longer than 64
 * bytes are hashed first, as RFC 2104 says; any key length is accepted.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hmacSha256 } from "./hmac_sha256.ts";
 *
 * const key = new Uint8Array(32).fill(7);
 * const data = new TextEncoder().encode("finished");
 * assert.deepEqual(hmacSha256(key, data), hmacSha256(key, data));
 * assert.notDeepEqual(hmacSha256(key, data), hmacSha256(new Uint8Array(32), data));
 * ```
 */
export function hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array<ArrayBuffer> {
  const k = key.length > BLOCK ? sha256(key) : key;
  const pad = new Uint8Array(BLOCK);
  for (let i = 0; i < BLOCK; i++) pad[i] = (k[i] ?? 0) ^ 0x36;
  const inner = new Sha256().update(pad).update(data).digest();
  for (let i = 0; i < BLOCK; i++) pad[i] ^= 0x36 ^ 0x5c;
  return new Sha256().update(pad).update(inner).digest();
}
