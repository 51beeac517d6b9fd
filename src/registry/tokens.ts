/**
 * Publish tokens. A token is 32 random bytes (base64url, prefixed `fdy_`);
 * the registry keeps only its SHA-256, one per line in `tokens/NAMESPACE`,
 * so a leaked storage directory does not leak a usable token. A fast hash
 * suffices: the tokens are random, not passwords to be guessed.
 *
 * @module
 */

import { createHash, randomBytes } from "node:crypto";
import { join } from "node:path";
import { isValidSegment } from "./names.ts";

const MAX_TOKEN_FILE = 1 << 20;

function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function tokenFile(storage: string, namespace: string): string {
  if (!isValidSegment("namespace", namespace)) {
    throw new TypeError(`invalid namespace "${namespace}"`);
  }
  return join(storage, "tokens", namespace);
}

/**
 * Makes a new publish token for `namespace`, stores its hash and returns the
 * token (shown once; it cannot be recovered from the storage).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createPublishToken, tokenAllows } from "@foundry/foundry/registry";
 * const storage = await Deno.makeTempDir();
 * const token = await createPublishToken(storage, "acme");
 * assert.ok(await tokenAllows(storage, "acme", token));
 * assert.ok(!(await tokenAllows(storage, "other", token)));
 * await Deno.remove(storage, { recursive: true });
 * ```
 */
export async function createPublishToken(storage: string, namespace: string): Promise<string> {
  const file = tokenFile(storage, namespace);
  const token = `fdy_${randomBytes(32).toString("base64url")}`;
  await Deno.mkdir(join(storage, "tokens"), { recursive: true });
  await Deno.writeTextFile(file, `${tokenHash(token)}\n`, { append: true, mode: 0o600 });
  return token;
}

/** Whether `token` may publish to `namespace`. */
export async function tokenAllows(
  storage: string,
  namespace: string,
  token: string,
): Promise<boolean> {
  if (!isValidSegment("namespace", namespace) || token.length === 0 || token.length > 512) {
    return false;
  }
  let text: string;
  try {
    const file = tokenFile(storage, namespace);
    if ((await Deno.stat(file)).size > MAX_TOKEN_FILE) return false;
    text = await Deno.readTextFile(file);
  } catch {
    return false;
  }
  const wanted = tokenHash(token);
  return text.split("\n").some((line) => line.trim() === wanted);
}
