/**
 * SHA-256 digests and the `SHA256SUMS` file registries and `sha256sum -c` read.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { FoundryError } from "../errors/mod.ts";

/**
 * Lower-case hex SHA-256 of some bytes.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { sha256Hex } from "@foundry/foundry/release";
 * assert.ok(sha256Hex(new Uint8Array()).startsWith("e3b0c442"));
 * ```
 */
export function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Renders `<hex>  <file>` lines sorted by file name, newline-terminated:
 * the format `sha256sum -c` and the registry expect. Names with a newline
 * or path separator are refused (they would break the format).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderSha256Sums } from "./_pipeline.ts";
 * const text = renderSha256Sums([{ file: "b.zip", sha256: "00".repeat(32) }]);
 * assert.equal(text, `${"00".repeat(32)}  b.zip\n`);
 * ```
 */
export function renderSha256Sums(files: readonly { file: string; sha256: string }[]): string {
  const sorted = [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  let out = "";
  for (const f of sorted) {
    if (!/^[0-9a-f]{64}$/.test(f.sha256)) {
      throw new FoundryError("build.sums.bad_digest", `not a sha256 hex digest: ${f.sha256}`, {
        context: { file: f.file },
      });
    }
    if (f.file === "" || /[\n\r\\/]/.test(f.file)) {
      throw new FoundryError("build.sums.bad_name", `unsafe file name ${JSON.stringify(f.file)}`, {
        context: { file: f.file },
      });
    }
    out += `${f.sha256}  ${f.file}\n`;
  }
  return out;
}
