/**
 * The TLS 1.3 key schedule for SHA-256 suites (RFC 8446, section 7): the
 * handshake and application traffic secrets from the (EC)DHE secret and
 * transcript hashes, the traffic key and IV of a secret, Finished MACs and
 * KeyUpdate's next secret. No PSK is ever used (no session tickets are
 * issued), so the early secret is always that of a zero PSK.
 *
 * @module
 */

import { deriveSecret, hkdfExpandLabel, hkdfExtract } from "./hkdf.ts";
import { hmacSha256 } from "./hmac_sha256.ts";
import { sha256 } from "./sha256.ts";

const HASH_BYTES = 32;
const ZEROS = new Uint8Array(HASH_BYTES);
const EMPTY = new Uint8Array(0);
/** Transcript-Hash("") for the "derived" steps. */
const EMPTY_HASH = sha256(EMPTY);
/** Derive-Secret(HKDF-Extract(0, 0), "derived", ""): the same for every connection without PSK. */
const DERIVED_FROM_EARLY = deriveSecret(hkdfExtract(ZEROS, ZEROS), "derived", EMPTY_HASH);

/** A pair of traffic secrets, one per direction. */
export interface TrafficSecrets {
  /** The client's (what the server reads with). */
  readonly client: Uint8Array;
  /** The server's (what the server writes with). */
  readonly server: Uint8Array;
}

/**
 * One connection's secrets, from its (EC)DHE shared secret.
 *
 * @example Both directions' handshake secrets differ and are 32 bytes
 * ```ts
 * import assert from "node:assert/strict";
 * import { KeySchedule } from "./key_schedule.ts";
 * const schedule = new KeySchedule(new Uint8Array(32).fill(1));
 * const hs = schedule.handshakeSecrets(new Uint8Array(32));
 * assert.equal(hs.client.length, 32);
 * assert.notDeepEqual(hs.client, hs.server);
 * ```
 */
export class KeySchedule {
  readonly #handshakeSecret: Uint8Array;

  /** The schedule of a connection whose key agreement gave `sharedSecret`. */
  constructor(sharedSecret: Uint8Array) {
    this.#handshakeSecret = hkdfExtract(DERIVED_FROM_EARLY, sharedSecret);
  }

  /** Handshake traffic secrets; `helloHash` is Transcript-Hash(ClientHello..ServerHello). */
  handshakeSecrets(helloHash: Uint8Array): TrafficSecrets {
    return {
      client: deriveSecret(this.#handshakeSecret, "c hs traffic", helloHash),
      server: deriveSecret(this.#handshakeSecret, "s hs traffic", helloHash),
    };
  }

  /** Application traffic secrets; `finishedHash` covers ClientHello..server Finished. */
  applicationSecrets(finishedHash: Uint8Array): TrafficSecrets {
    const master = hkdfExtract(deriveSecret(this.#handshakeSecret, "derived", EMPTY_HASH), ZEROS);
    return {
      client: deriveSecret(master, "c ap traffic", finishedHash),
      server: deriveSecret(master, "s ap traffic", finishedHash),
    };
  }
}

/** The AEAD key (of `keyBytes`) and 12-byte IV of a traffic secret. */
export function trafficKey(
  secret: Uint8Array,
  keyBytes: number,
): { key: Uint8Array; iv: Uint8Array } {
  return {
    key: hkdfExpandLabel(secret, "key", EMPTY, keyBytes),
    iv: hkdfExpandLabel(secret, "iv", EMPTY, 12),
  };
}

/** Finished's verify_data: HMAC(finished_key(secret), transcriptHash). */
export function finishedMac(secret: Uint8Array, transcriptHash: Uint8Array): Uint8Array {
  return hmacSha256(hkdfExpandLabel(secret, "finished", EMPTY, HASH_BYTES), transcriptHash);
}

/** The traffic secret after a KeyUpdate (RFC 8446, section 7.2). */
export function nextTrafficSecret(secret: Uint8Array): Uint8Array {
  return hkdfExpandLabel(secret, "traffic upd", EMPTY, HASH_BYTES);
}

/** Compares two MACs in time that depends on their length only. */
export function macsEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
