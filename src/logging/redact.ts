/**
 * Which field names hold secrets. Names are compared after lower-casing and
 * dropping everything but letters and digits, and a name matches when it
 * contains a listed word: `db_password`, `X-Api-Key`, `authToken` and
 * `PRIVATE-KEY` are all caught by the default list.
 *
 * @module
 */

/**
 * The default secret field names.
 */
export const DEFAULT_REDACT_KEYS: readonly string[] = Object.freeze([
  "password",
  "passwd",
  "token",
  "secret",
  "api_key",
  "authorization",
  "private_key",
  "cookie",
]);

/**
 * Decides whether a field name holds a secret.
 */
export type KeyRedactor = (key: string) => boolean;

function normalize(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Beyond this many distinct names the cache stops growing (hostile keys). */
const CACHE_LIMIT = 4096;

/**
 * Builds a fast, cached matcher for a list of secret words.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { keyRedactor } from "@foundry/foundry/logging";
 * const isSecret = keyRedactor(["password", "api_key"]);
 * assert.ok(isSecret("DB_PASSWORD"));
 * assert.ok(isSecret("X-Api-Key"));
 * assert.ok(!isSecret("user"));
 * ```
 */
export function keyRedactor(words: readonly string[] = DEFAULT_REDACT_KEYS): KeyRedactor {
  const needles = words.map(normalize).filter((w) => w !== "");
  const cache = new Map<string, boolean>();
  return (key: string): boolean => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const n = normalize(key);
    let secret = false;
    for (const w of needles) {
      if (n.includes(w)) {
        secret = true;
        break;
      }
    }
    if (cache.size < CACHE_LIMIT) cache.set(key, secret);
    return secret;
  };
}
