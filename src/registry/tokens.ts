/**
 * Tokens. A token is 32 random bytes (base64url, prefixed `fdy_`); the
 * registry keeps only its SHA-256, with a short id to list and revoke it by,
 * so a leaked database does not leak a usable token. A fast hash suffices:
 * the tokens are random, not passwords to be guessed.
 *
 * A token belongs to one namespace: it publishes there, and reads there when
 * the namespace is private.
 *
 * @module
 */

import { createHash, randomBytes } from "node:crypto";
import type { RegistryMetadata, TokenRecord } from "./metadata.ts";
import { isValidSegment } from "./names.ts";

/** SHA-256 (hex) of a token: what is stored. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A token just made: the secret (shown once) and its record. */
export interface NewToken {
  /** The token itself; it cannot be recovered later. */
  token: string;
  /** What was stored. */
  record: TokenRecord;
}

/**
 * Makes a new token for `namespace` and stores its hash.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createToken, revokeToken, SqliteMetadata, tokenAllows } from "@foundry/foundry/registry";
 * const meta = new SqliteMetadata(":memory:");
 * const { token, record } = await createToken(meta, "acme", "CI");
 * assert.ok(await tokenAllows(meta, "acme", token));
 * assert.ok(!(await tokenAllows(meta, "other", token)));
 * assert.ok(await revokeToken(meta, record.id));
 * assert.ok(!(await tokenAllows(meta, "acme", token)));
 * await meta.close();
 * ```
 */
export async function createToken(
  metadata: RegistryMetadata,
  namespace: string,
  description = "",
): Promise<NewToken> {
  if (!isValidSegment("namespace", namespace)) {
    throw new TypeError(`invalid namespace "${namespace}"`);
  }
  const token = `fdy_${randomBytes(32).toString("base64url")}`;
  const record: TokenRecord = {
    id: randomBytes(4).toString("hex"),
    namespace,
    hash: tokenHash(token),
    description,
    createdAt: new Date().toISOString(),
  };
  await metadata.addToken(record);
  return { token, record };
}

/** Whether `token` is a live token of `namespace`. */
export async function tokenAllows(
  metadata: RegistryMetadata,
  namespace: string,
  token: string,
): Promise<boolean> {
  if (!isValidSegment("namespace", namespace) || token.length === 0 || token.length > 512) {
    return false;
  }
  const record = await metadata.tokenByHash(tokenHash(token));
  return record?.namespace === namespace;
}

/** Revokes a token by its id; false when there is none. */
export function revokeToken(metadata: RegistryMetadata, id: string): Promise<boolean> {
  return /^[0-9a-f]{8}$/.test(id) ? metadata.revokeToken(id) : Promise.resolve(false);
}
