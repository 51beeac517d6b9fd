/**
 * The registry manifest (`terraform-provider-NAME_VERSION_manifest.json`)
 * that tells a registry which plugin protocol versions the provider speaks.
 *
 * @module
 */

/**
 * The manifest text for the given protocol versions (default `["6.0"]`),
 * newline-terminated, keys in a fixed order so the bytes are reproducible.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { registryManifest } from "./_pipeline.ts";
 * const m = JSON.parse(registryManifest());
 * assert.equal(m.version, 1);
 * assert.equal(m.metadata.protocol_versions[0], "6.0");
 * ```
 */
export function registryManifest(protocolVersions: readonly string[] = ["6.0"]): string {
  return JSON.stringify(
    { version: 1, metadata: { protocol_versions: [...protocolVersions] } },
    null,
    2,
  ) + "\n";
}
