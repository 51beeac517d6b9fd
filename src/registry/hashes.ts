/**
 * Terraform's package hashes: `zh:` is the SHA-256 of the zip archive (what
 * `SHA256SUMS` lists), `h1:` the "dirhash" of the files inside it, which is
 * what Terraform computes after unpacking and records in `.terraform.lock.hcl`.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { readZip, sha256Hex } from "../release/mod.ts";

/**
 * The `h1:` hash of a provider zip: SHA-256 over the sorted lines
 * `"<sha256 hex>  <name>\n"` of its files, base64-encoded.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { h1Hash } from "@foundry/foundry/registry";
 * import { writeZip } from "@foundry/foundry/release";
 * const zip = writeZip([{ name: "terraform-provider-demo_v1.0.0", data: new Uint8Array([1]) }]);
 * assert.match(h1Hash(zip), /^h1:[A-Za-z0-9+/]{43}=$/);
 * ```
 */
export function h1Hash(zip: Uint8Array): string {
  const lines = readZip(zip)
    .filter((e) => !e.name.endsWith("/"))
    .map((e) => ({ name: e.name, sum: sha256Hex(e.data) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((e) => `${e.sum}  ${e.name}\n`)
    .join("");
  return `h1:${createHash("sha256").update(lines).digest("base64")}`;
}
