/**
 * A private provider registry and network mirror that Terraform installs
 * from, on hono. It serves:
 *
 * - service discovery, `/.well-known/terraform.json` (`providers.v1`);
 * - the Provider Registry Protocol: `GET /v1/providers/NS/TYPE/versions` (versions with
 *   protocols and platforms) and `.../VERSION/download/OS/ARCH` (download, `SHA256SUMS` and
 *   signature URLs, the archive's shasum, the namespace's public keys in ASCII armor);
 * - the Provider Network Mirror Protocol under `/v1/mirror/`: `HOST/NS/TYPE/index.json` and
 *   `HOST/NS/TYPE/VERSION.json` with `h1:` and `zh:` hashes per platform.
 *
 * Storage is a directory of `foundry build` outputs (`providers/NS/TYPE/VERSION/`) and public
 * keys (`keys/NS/*.asc`); see `RegistryStorage`. Every path segment is checked against
 * Terraform's naming rules before it reaches the file system.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { serveRegistry } from "@foundry/foundry/registry";
 *
 * const storage = await Deno.makeTempDir();
 * const registry = serveRegistry({ storage, port: 0 });
 * const res = await fetch(new URL(".well-known/terraform.json", registry.url));
 * assert.deepEqual(await res.json(), { "providers.v1": "/v1/providers/" });
 * await registry.shutdown();
 * await Deno.remove(storage, { recursive: true });
 * ```
 *
 * @module
 */

export { compareVersions, isValidSegment, type SegmentKind } from "./names.ts";
export { h1Hash } from "./hashes.ts";
export {
  RegistryStorage,
  type SigningPublicKey,
  type StoredArchive,
  type StoredRelease,
} from "./storage.ts";
export {
  createRegistryApp,
  DEFAULT_MAX_UPLOAD_BYTES,
  FILES_PATH,
  MIRROR_PATH,
  PROVIDERS_PATH,
  PUBLISH_PATH,
  type RegistryOptions,
} from "./app.ts";
export { createPublishToken, tokenAllows } from "./tokens.ts";
export { FileSigner, isPrivateNamespace } from "./access.ts";
export { commitUpload, type UploadRefusal } from "./upload.ts";
export { type PublishOptions, publishRelease, tokenVariable } from "./publish_client.ts";
export { type RunningRegistry, serveRegistry, type ServeRegistryOptions } from "./serve.ts";
