/**
 * The server's ephemeral (EC)DHE share (RFC 8446, section 4.2.8) through
 * WebCrypto: X25519 first, secp256r1 for clients without it. The private
 * value comes from a random source the caller gives (tests inject fixed
 * bytes, RFC 8448's for one) and is imported as PKCS#8 rather than made by
 * `generateKey`: Deno's first `generateKey` costs ~33 ms of CPU, an import
 * a fraction of a millisecond (see `plugin/launch_certificate.ts`).
 *
 * @module
 */

import { AlertDescription, TlsAlert } from "./alert.ts";
import { NamedGroup } from "./handshake_messages.ts";

/** Groups the server agrees keys on, in the order it prefers them. */
export const SERVER_GROUPS: readonly number[] = [NamedGroup.x25519, NamedGroup.secp256r1];

/** Random bytes (the platform's CSPRNG unless a test injects its own). */
export type RandomSource = (n: number) => Uint8Array;

/** The platform's CSPRNG. */
export const systemRandom: RandomSource = (n) => crypto.getRandomValues(new Uint8Array(n));

// PKCS#8 prefixes: version 0, the algorithm, and the private key octets.
const X25519_PKCS8 = hex("302e020100300506032b656e04220420");
const P256_PKCS8_HEAD = hex(
  "3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420",
);

function hex(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g)!, (x) => parseInt(x, 16));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function fromBase64Url(text: string | undefined): Uint8Array {
  const b64 = (text ?? "").replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(b64 + "=".repeat((4 - b64.length % 4) % 4)), (c) => c.charCodeAt(0));
}

/**
 * Agrees a shared secret with a client's share of `group`: returns the
 * server's public share and the secret. Throws `illegal_parameter` when
 * the client's share is malformed or not a point of the group.
 *
 * @example Both sides of an X25519 agreement
 * ```ts
 * import assert from "node:assert/strict";
 * import { agreeKey } from "./key_exchange.ts";
 * const client = await crypto.subtle.generateKey({ name: "X25519" }, true, ["deriveBits"]) as CryptoKeyPair;
 * const clientShare = new Uint8Array(await crypto.subtle.exportKey("raw", client.publicKey));
 * const { share, secret } = await agreeKey(0x001d, clientShare);
 * const peer = await crypto.subtle.importKey("raw", share as Uint8Array<ArrayBuffer>, { name: "X25519" }, true, []);
 * const same = await crypto.subtle.deriveBits({ name: "X25519", public: peer }, client.privateKey, 256);
 * assert.deepEqual(new Uint8Array(same), secret);
 * ```
 */
export async function agreeKey(
  group: number,
  clientShare: Uint8Array,
  random: RandomSource = systemRandom,
): Promise<{ share: Uint8Array; secret: Uint8Array }> {
  if (group === NamedGroup.x25519) {
    if (clientShare.length !== 32) throw badShare("X25519", `${clientShare.length} bytes, not 32`);
    const privateKey = await crypto.subtle.importKey(
      "pkcs8",
      concat(X25519_PKCS8, random(32)),
      { name: "X25519" },
      true,
      ["deriveBits"],
    );
    const jwk = await crypto.subtle.exportKey("jwk", privateKey);
    const secret = await derive("X25519", clientShare, privateKey, { name: "X25519" });
    // RFC 8446, 7.4.2: a low-order client point gives the all-zero secret.
    if (secret.every((b) => b === 0)) throw badShare("X25519", "a low-order point");
    return { share: fromBase64Url(jwk.x), secret };
  }
  if (group === NamedGroup.secp256r1) {
    if (clientShare.length !== 65 || clientShare[0] !== 4) {
      throw badShare("secp256r1", "not an uncompressed point of 65 bytes");
    }
    let privateKey: CryptoKey | undefined;
    // 32 random bytes are outside 1..n-1 with probability ~2^-32; draw again.
    for (let tries = 0; privateKey === undefined; tries++) {
      try {
        privateKey = await crypto.subtle.importKey(
          "pkcs8",
          concat(P256_PKCS8_HEAD, random(32)),
          { name: "ECDH", namedCurve: "P-256" },
          true,
          ["deriveBits"],
        );
      } catch (e) {
        if (tries === 3) throw e;
      }
    }
    const jwk = await crypto.subtle.exportKey("jwk", privateKey);
    const share = new Uint8Array(65);
    share[0] = 4;
    share.set(fromBase64Url(jwk.x), 1);
    share.set(fromBase64Url(jwk.y), 33);
    const secret = await derive("secp256r1", clientShare, privateKey, {
      name: "ECDH",
      namedCurve: "P-256",
    });
    return { share, secret };
  }
  throw new TlsAlert(
    AlertDescription.illegal_parameter,
    `key share of group 0x${group.toString(16)}, which the server does not serve`,
  );
}

async function derive(
  name: string,
  clientShare: Uint8Array,
  privateKey: CryptoKey,
  algorithm: Algorithm | EcKeyImportParams,
): Promise<Uint8Array> {
  let peer: CryptoKey;
  try {
    peer = await crypto.subtle.importKey(
      "raw",
      clientShare as Uint8Array<ArrayBuffer>,
      algorithm,
      true,
      [],
    );
  } catch {
    throw badShare(name, "not a point of the group");
  }
  try {
    const bits = await crypto.subtle.deriveBits(
      { name: algorithm.name, public: peer } as EcdhKeyDeriveParams,
      privateKey,
      256,
    );
    return new Uint8Array(bits);
  } catch {
    throw badShare(name, "no shared secret can be derived from it");
  }
}

function badShare(group: string, why: string): TlsAlert {
  return new TlsAlert(
    AlertDescription.illegal_parameter,
    `the client's ${group} key share: ${why}`,
  );
}
