/**
 * HKDF with SHA-256 (RFC 5869) and TLS 1.3's labelled form of it (RFC 8446
 * section 7.1): every secret and key of a TLS_CHACHA20_POLY1305_SHA256 or
 * TLS_AES_128_GCM_SHA256 connection comes out of these four functions.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { deriveSecret, hkdfExpandLabel, hkdfExtract } from "./hkdf.ts";
 * import { sha256 } from "./sha256.ts";
 *
 * // The start of RFC 8446's key schedule: no PSK, so the early secret is
 * // HKDF-Extract(0, 0), and "derived" salts the handshake secret.
 * const zeros = new Uint8Array(32);
 * const early = hkdfExtract(new Uint8Array(0), zeros);
 * const derived = deriveSecret(early, "derived", sha256(new Uint8Array(0)));
 * const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
 * // Values from RFC 8448 section 3.
 * assert.equal(hex(early), "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a");
 * assert.equal(hex(derived), "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba");
 * assert.equal(hkdfExpandLabel(derived, "key", new Uint8Array(0), 32).length, 32);
 * ```
 *
 * @module
 */

import { hmacSha256 } from "./hmac_sha256.ts";

/** SHA-256's output length; HKDF-Expand yields at most 255 of these. */
const HASH_LENGTH = 32;

/**
 * HKDF-Extract (RFC 5869 section 2.2): a 32-byte pseudorandom key from input
 * keying material `ikm` and a `salt`. An empty salt stands for 32 zero bytes,
 * as the RFC says (HMAC pads the key with zeros either way).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hkdfExtract } from "./hkdf.ts";
 *
 * const prk = hkdfExtract(new Uint8Array(0), new Uint8Array(32));
 * assert.deepEqual(prk, hkdfExtract(new Uint8Array(32), new Uint8Array(32)));
 * ```
 */
export function hkdfExtract(salt: Uint8Array, ikm: Uint8Array): Uint8Array<ArrayBuffer> {
  return hmacSha256(salt, ikm);
}

/**
 * HKDF-Expand (RFC 5869 section 2.3): `length` bytes of output keying
 * material from the pseudorandom key `prk` and context `info`.
 *
 * @throws {RangeError} when `length` is not an integer from 0 to 8160
 * (255 hash lengths), the most HKDF-SHA-256 can produce.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hkdfExpand } from "./hkdf.ts";
 *
 * const prk = new Uint8Array(32).fill(1);
 * const long = hkdfExpand(prk, new Uint8Array(0), 80);
 * // Output is a prefix-stable stream: a shorter request is a prefix.
 * assert.deepEqual(hkdfExpand(prk, new Uint8Array(0), 12), long.subarray(0, 12));
 * ```
 */
export function hkdfExpand(
  prk: Uint8Array,
  info: Uint8Array,
  length: number,
): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(length) || length < 0 || length > 255 * HASH_LENGTH) {
    throw new RangeError(
      `hkdfExpand: length must be an integer from 0 to ${255 * HASH_LENGTH}, got ${length}`,
    );
  }
  const out = new Uint8Array(length);
  // T(i) = HMAC(prk, T(i-1) || info || i), T(0) empty: one buffer holds
  // T(i-1) || info || i, and T(1)'s input is its tail.
  const input = new Uint8Array(HASH_LENGTH + info.length + 1);
  input.set(info, HASH_LENGTH);
  for (let i = 1, done = 0; done < length; i++) {
    input[input.length - 1] = i;
    const t = hmacSha256(prk, i === 1 ? input.subarray(HASH_LENGTH) : input);
    out.set(t.subarray(0, Math.min(HASH_LENGTH, length - done)), done);
    input.set(t, 0);
    done += HASH_LENGTH;
  }
  return out;
}

const encoder = new TextEncoder();

/**
 * HKDF-Expand-Label (RFC 8446 section 7.1): HKDF-Expand with the TLS 1.3
 * `HkdfLabel` structure as info: the output length (2 bytes), the label
 * prefixed with "tls13 " (1-byte length) and the context (1-byte length).
 *
 * @throws {RangeError} when the prefixed label is not 7 to 255 bytes, the
 * context is longer than 255 bytes, or `length` is out of HKDF's range.
 *
 * @example Traffic key and IV from a traffic secret
 * ```ts
 * import assert from "node:assert/strict";
 * import { hkdfExpandLabel } from "./hkdf.ts";
 *
 * const secret = new Uint8Array(32).fill(9);
 * const key = hkdfExpandLabel(secret, "key", new Uint8Array(0), 32);
 * const iv = hkdfExpandLabel(secret, "iv", new Uint8Array(0), 12);
 * assert.equal(key.length, 32);
 * assert.equal(iv.length, 12);
 * assert.notDeepEqual(key.subarray(0, 12), iv);
 * ```
 */
export function hkdfExpandLabel(
  secret: Uint8Array,
  label: string,
  context: Uint8Array,
  length: number,
): Uint8Array<ArrayBuffer> {
  const fullLabel = encoder.encode("tls13 " + label);
  if (fullLabel.length > 255 || label.length === 0) {
    // RFC 8446's HkdfLabel.label is opaque<7..255>: "tls13 " and at least a byte.
    throw new RangeError(
      `hkdfExpandLabel: label "tls13 ${label}" is ${fullLabel.length} bytes; ` +
        `RFC 8446 allows 7 to 255 (a label of 1 to 249 bytes after "tls13 ")`,
    );
  }
  if (context.length > 255) {
    throw new RangeError(
      `hkdfExpandLabel: context is ${context.length} bytes; at most 255 fit`,
    );
  }
  if (!Number.isInteger(length) || length < 0 || length > 0xffff) {
    throw new RangeError(
      `hkdfExpandLabel: length must be an integer from 0 to 65535, got ${length}`,
    );
  }
  const info = new Uint8Array(2 + 1 + fullLabel.length + 1 + context.length);
  info[0] = length >>> 8;
  info[1] = length;
  info[2] = fullLabel.length;
  info.set(fullLabel, 3);
  info[3 + fullLabel.length] = context.length;
  info.set(context, 4 + fullLabel.length);
  return hkdfExpand(secret, info, length);
}

/**
 * Derive-Secret (RFC 8446 section 7.1): `HKDF-Expand-Label(secret, label,
 * transcriptHash, 32)`. The caller passes the transcript's hash (not the
 * messages), so a running `Sha256` can supply it with `digest()`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deriveSecret, hkdfExpandLabel } from "./hkdf.ts";
 * import { sha256 } from "./sha256.ts";
 *
 * const secret = new Uint8Array(32).fill(3);
 * const hash = sha256(new TextEncoder().encode("ClientHello...ServerHello"));
 * assert.deepEqual(deriveSecret(secret, "s hs traffic", hash),
 *   hkdfExpandLabel(secret, "s hs traffic", hash, 32));
 * ```
 */
export function deriveSecret(
  secret: Uint8Array,
  label: string,
  transcriptHash: Uint8Array,
): Uint8Array<ArrayBuffer> {
  return hkdfExpandLabel(secret, label, transcriptHash, HASH_LENGTH);
}
