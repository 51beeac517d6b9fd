/**
 * Registering a namespace's public signing keys. Terraform verifies a
 * registry package's `SHA256SUMS` signature with the keys the registry hands
 * out, so the registry accepts only what parses as an OpenPGP public key and
 * refuses private key material outright.
 *
 * @module
 */

import * as openpgp from "openpgp";
import { FoundryError } from "../errors/mod.ts";
import type { RegistryMetadata } from "./metadata.ts";
import { isValidSegment } from "./names.ts";

const MAX_ARMOR = 64 * 1024;

/**
 * Adds the ASCII-armored public key `armor` to `namespace`; resolves to its
 * key ID (16 upper-case hex digits). Throws `registry.key.invalid` for
 * anything that is not one public key, and `registry.key.exists` when the
 * namespace already has it.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import * as openpgp from "openpgp";
 * import { registerSigningKey, SqliteMetadata } from "@foundry/foundry/registry";
 * const { publicKey } = await openpgp.generateKey({
 *   userIDs: [{ name: "Release", email: "release@example.com" }],
 *   format: "armored",
 * });
 * const meta = new SqliteMetadata(":memory:");
 * const keyId = await registerSigningKey(meta, "acme", publicKey);
 * assert.match(keyId, /^[0-9A-F]{16}$/);
 * assert.equal((await meta.keys("acme"))[0].keyId, keyId);
 * await meta.close();
 * ```
 */
export async function registerSigningKey(
  metadata: RegistryMetadata,
  namespace: string,
  armor: string,
): Promise<string> {
  if (!isValidSegment("namespace", namespace)) {
    throw new FoundryError("registry.key.invalid", `invalid namespace "${namespace}"`);
  }
  if (armor.length > MAX_ARMOR) {
    throw new FoundryError("registry.key.invalid", `the key is larger than ${MAX_ARMOR} bytes`);
  }
  if (armor.includes("PRIVATE KEY BLOCK")) {
    throw new FoundryError(
      "registry.key.invalid",
      "this is a private key: register the public key (gpg --armor --export KEYID)",
    );
  }
  let key: openpgp.Key;
  try {
    key = await openpgp.readKey({ armoredKey: armor });
  } catch (e) {
    throw new FoundryError(
      "registry.key.invalid",
      `not an ASCII-armored OpenPGP public key: ${(e as Error).message}`,
    );
  }
  if (key.isPrivate()) {
    throw new FoundryError(
      "registry.key.invalid",
      "this is a private key: register the public key",
    );
  }
  const keyId = key.getKeyID().toHex().toUpperCase();
  if (!(await metadata.addKey(namespace, { keyId, asciiArmor: armor.trim() + "\n" }))) {
    throw new FoundryError(
      "registry.key.exists",
      `namespace ${namespace} already has key ${keyId}`,
    );
  }
  return keyId;
}
