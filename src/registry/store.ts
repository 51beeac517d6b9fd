/**
 * A registry's storage: a metadata store and an artifact store, opened
 * together. The embedded default needs nothing but a directory
 * (`DIR/registry.db` through `node:sqlite`, files under `DIR/artifacts/`);
 * several instances share PostgreSQL for metadata and a shared directory or
 * an S3-compatible bucket for artifacts.
 *
 * @module
 */

import { join } from "node:path";
import { type ArtifactStore, DirectoryArtifacts } from "./artifacts.ts";
import { type S3ArtifactOptions, S3Artifacts } from "./artifacts_s3.ts";
import type { RegistryMetadata } from "./metadata.ts";
import { PostgresMetadata } from "./metadata_postgres.ts";
import { SqliteMetadata } from "./metadata_sqlite.ts";
import { CachedMetadata } from "./metadata_cache.ts";

/** Metadata and artifacts of one registry. */
export interface RegistryStore {
  /** Namespaces, keys, tokens, releases. */
  readonly metadata: RegistryMetadata;
  /** Release files. */
  readonly artifacts: ArtifactStore;
  /** A directory for staging uploads on this instance (local, not shared). */
  readonly stagingDir: string;
  /** Closes the metadata connections. */
  close(): Promise<void>;
}

/** Where a registry keeps its data; see {@link openRegistryStore}. */
export interface RegistryStoreOptions {
  /**
   * Data directory: the SQLite database, the artifacts and the staging area
   * unless the options below say otherwise.
   */
  dir: string;
  /** PostgreSQL connection string: metadata there instead of `DIR/registry.db`. */
  postgres?: string;
  /** A shared directory for artifacts instead of `DIR/artifacts`. */
  artifactsDir?: string;
  /** An S3-compatible bucket for artifacts instead of a directory. */
  s3?: S3ArtifactOptions;
  /**
   * How long this instance may answer lookups from memory (default 2000 ms
   * with PostgreSQL, 0 with SQLite); see `CachedMetadata`.
   */
  cacheMs?: number;
}

const OPTION_KEYS = new Set(["dir", "postgres", "artifactsDir", "s3", "cacheMs"]);

/**
 * Opens the embedded store in `dir` (creating it): SQLite metadata, files on
 * disk. Synchronous, so an app can be built from a directory path alone.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { openEmbeddedStore } from "@foundry/foundry/registry";
 * const dir = await Deno.makeTempDir();
 * const store = openEmbeddedStore(dir);
 * assert.deepEqual(await store.metadata.namespaces(), []);
 * await store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function openEmbeddedStore(dir: string): RegistryStore {
  Deno.mkdirSync(dir, { recursive: true });
  return assemble(
    new SqliteMetadata(join(dir, "registry.db")),
    new DirectoryArtifacts(join(dir, "artifacts")),
    dir,
  );
}

function assemble(metadata: RegistryMetadata, artifacts: ArtifactStore, dir: string) {
  return {
    metadata,
    artifacts,
    stagingDir: join(dir, "staging"),
    close: () => metadata.close(),
  };
}

/**
 * Opens the store `options` describe.
 *
 * @example Embedded metadata, artifacts in a directory shared by instances
 * ```ts
 * import assert from "node:assert/strict";
 * import { openRegistryStore } from "@foundry/foundry/registry";
 * const dir = await Deno.makeTempDir();
 * const store = await openRegistryStore({ dir, artifactsDir: `${dir}/shared` });
 * assert.match(store.artifacts.description, /shared$/);
 * await store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function openRegistryStore(options: RegistryStoreOptions): Promise<RegistryStore> {
  for (const k of Object.keys(options)) {
    if (!OPTION_KEYS.has(k)) throw new TypeError(`unknown registry store option "${k}"`);
  }
  if (options.artifactsDir !== undefined && options.s3 !== undefined) {
    throw new TypeError("artifactsDir and s3 exclude each other: artifacts live in one place");
  }
  await Deno.mkdir(options.dir, { recursive: true });
  const inner = options.postgres
    ? await PostgresMetadata.open(options.postgres)
    : new SqliteMetadata(join(options.dir, "registry.db"));
  const cacheMs = options.cacheMs ?? (options.postgres ? 2000 : 0);
  const metadata = cacheMs > 0 ? new CachedMetadata(inner, cacheMs) : inner;
  const artifacts = options.s3
    ? new S3Artifacts(options.s3)
    : new DirectoryArtifacts(options.artifactsDir ?? join(options.dir, "artifacts"));
  return assemble(metadata, artifacts, options.dir);
}
