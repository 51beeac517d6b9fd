/**
 * Detached binary OpenPGP signatures of the `SHA256SUMS` file, which is what
 * provider registries verify against the author's published public key.
 *
 * @module
 */

import * as openpgp from "openpgp";
import { FoundryError } from "../errors/mod.ts";

/**
 * Where the signing key comes from.
 */
export interface SigningKey {
  /** ASCII-armored OpenPGP private key. */
  armoredKey: string;
  /** Passphrase when the key is encrypted. */
  passphrase?: string;
}

/**
 * Signs `data` with a detached binary OpenPGP signature (what `gpg
 * --detach-sign` makes). Throws `build.sign.*` when the key cannot be read,
 * is locked without a passphrase, or the passphrase is wrong.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import * as openpgp from "openpgp";
 * import { signDetached } from "./_pipeline.ts";
 * const { privateKey } = await openpgp.generateKey({
 *   userIDs: [{ name: "Demo", email: "demo@example.com" }], format: "armored",
 * });
 * const sig = await signDetached(new TextEncoder().encode("x"), { armoredKey: privateKey });
 * assert.ok(sig.length > 0);
 * ```
 */
export async function signDetached(data: Uint8Array, key: SigningKey): Promise<Uint8Array> {
  let privateKey: openpgp.PrivateKey;
  try {
    privateKey = await openpgp.readPrivateKey({ armoredKey: key.armoredKey });
  } catch (e) {
    throw new FoundryError(
      "build.sign.bad_key",
      `cannot read the signing key: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
  if (!privateKey.isDecrypted()) {
    if (key.passphrase === undefined) {
      throw new FoundryError(
        "build.sign.locked_key",
        "the signing key is passphrase-protected; set FOUNDRY_GPG_PASSPHRASE",
      );
    }
    try {
      privateKey = await openpgp.decryptKey({ privateKey, passphrase: key.passphrase });
    } catch (e) {
      throw new FoundryError("build.sign.bad_passphrase", "the signing key passphrase is wrong", {
        cause: e,
      });
    }
  }
  const message = await openpgp.createMessage({ binary: data });
  const sig = await openpgp.sign({
    message,
    signingKeys: privateKey,
    detached: true,
    format: "binary",
  });
  return sig as Uint8Array;
}
