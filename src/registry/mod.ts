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
 * Storage is a metadata store (`node:sqlite` embedded, or PostgreSQL shared by several
 * instances) and an artifact store (a directory, or an S3-compatible bucket); see
 * `openRegistryStore`. Every path segment is checked against Terraform's naming rules, and
 * every artifact key is made by the registry itself, so no request can name a file outside
 * the store.
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
export type {
  NamespaceRecord,
  RegistryMetadata,
  SigningPublicKey,
  StoredArchive,
  StoredRelease,
  TokenRecord,
} from "./metadata.ts";
export { SqliteMetadata } from "./metadata_sqlite.ts";
export { CachedMetadata } from "./metadata_cache.ts";
export { PostgresMetadata, type PostgresMetadataOptions } from "./metadata_postgres.ts";
export {
  type ArtifactBody,
  type ArtifactStore,
  DirectoryArtifacts,
  isArtifactKey,
} from "./artifacts.ts";
export { type S3ArtifactOptions, S3Artifacts } from "./artifacts_s3.ts";
export { EMPTY_SHA256, type S3Credentials, signS3Request, type SigV4Request } from "./sigv4.ts";
export {
  openEmbeddedStore,
  openRegistryStore,
  type RegistryStore,
  type RegistryStoreOptions,
} from "./store.ts";
export {
  buildApp,
  createRegistryApp,
  DEFAULT_MAX_UPLOAD_BYTES,
  FILES_PATH,
  MIRROR_PATH,
  PROVIDERS_PATH,
  PUBLISH_PATH,
  type RegistryOptions,
  resolveStore,
} from "./app.ts";
export { createToken, type NewToken, revokeToken, tokenAllows, tokenHash } from "./tokens.ts";
export { registerSigningKey } from "./signing_keys.ts";
export { FileSigner, isPrivateNamespace } from "./access.ts";
export { commitRelease, newUploadId, type StagedFile, stagingPath } from "./commit.ts";
export { receiveUpload, type UploadRefusal } from "./upload.ts";
export {
  multipartBoundary,
  MultipartError,
  type MultipartLimits,
  type PartSink,
  readMultipart,
} from "./multipart.ts";
export { type PublishOptions, publishRelease, tokenVariable } from "./publish_client.ts";
export { type RunningRegistry, serveRegistry, type ServeRegistryOptions } from "./serve.ts";
export {
  type MirrorOptions,
  type MirrorProvider,
  mirrorProviders,
  type MirrorSummary,
  parseMirrorProvider,
} from "./mirror.ts";
