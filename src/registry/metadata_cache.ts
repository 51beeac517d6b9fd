/**
 * A read cache in front of a metadata store, for the lookups Terraform makes
 * on every `init` (namespace settings, keys, version lists, releases). Each
 * answer is kept for a short time (default 2 s) in this instance; its own
 * writes clear what they touch at once, and other instances' writes are seen
 * once the entry expires. Tokens are never cached: a revoked token stops
 * working at once everywhere. With PostgreSQL shared by several instances
 * this turns several round trips per request into none for hot providers.
 *
 * @module
 */

import type {
  NamespaceRecord,
  RegistryMetadata,
  SigningPublicKey,
  StoredArchive,
  StoredRelease,
  TokenRecord,
} from "./metadata.ts";

/**
 * Caches reads of `inner` for `ttlMs` milliseconds.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { CachedMetadata, SqliteMetadata } from "@foundry/foundry/registry";
 * const meta = new CachedMetadata(new SqliteMetadata(":memory:"), 2000);
 * await meta.putNamespace({ name: "acme", private: true });
 * assert.equal((await meta.namespace("acme"))?.private, true);
 * await meta.close();
 * ```
 */
export class CachedMetadata implements RegistryMetadata {
  readonly #inner: RegistryMetadata;
  readonly #ttl: number;
  readonly #entries = new Map<string, { until: number; value: Promise<unknown> }>();
  /** See {@link RegistryMetadata.description}. */
  readonly description: string;

  /** Wraps `inner`; entries live `ttlMs` milliseconds. */
  constructor(inner: RegistryMetadata, ttlMs = 2000) {
    this.#inner = inner;
    this.#ttl = ttlMs;
    this.description = `${inner.description} (reads cached ${ttlMs} ms)`;
  }

  #cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && hit.until > now) return hit.value as Promise<T>;
    if (this.#entries.size > 10_000) this.#entries.clear(); // bounded, whatever is asked
    const value = load();
    this.#entries.set(key, { until: now + this.#ttl, value });
    value.catch(() => this.#entries.delete(key));
    return value;
  }

  #forget(prefix: string): void {
    for (const k of this.#entries.keys()) if (k.startsWith(prefix)) this.#entries.delete(k);
  }

  /** See {@link RegistryMetadata.namespace}. */
  namespace(name: string): Promise<NamespaceRecord | undefined> {
    return this.#cached(`ns\0${name}`, () => this.#inner.namespace(name));
  }
  /** See {@link RegistryMetadata.putNamespace}. */
  async putNamespace(record: NamespaceRecord): Promise<void> {
    await this.#inner.putNamespace(record);
    this.#forget(`ns\0${record.name}`);
  }
  /** See {@link RegistryMetadata.namespaces}. */
  namespaces(): Promise<NamespaceRecord[]> {
    return this.#inner.namespaces();
  }
  /** See {@link RegistryMetadata.keys}. */
  keys(namespace: string): Promise<SigningPublicKey[]> {
    return this.#cached(`keys\0${namespace}`, () => this.#inner.keys(namespace));
  }
  /** See {@link RegistryMetadata.addKey}. */
  async addKey(namespace: string, key: SigningPublicKey): Promise<boolean> {
    const added = await this.#inner.addKey(namespace, key);
    this.#forget(`keys\0${namespace}`);
    return added;
  }
  /** See {@link RegistryMetadata.removeKey}. */
  async removeKey(namespace: string, keyId: string): Promise<boolean> {
    const removed = await this.#inner.removeKey(namespace, keyId);
    this.#forget(`keys\0${namespace}`);
    return removed;
  }
  /** See {@link RegistryMetadata.addToken}. */
  addToken(record: TokenRecord): Promise<void> {
    return this.#inner.addToken(record);
  }
  /** See {@link RegistryMetadata.tokenByHash}; never cached. */
  tokenByHash(hash: string): Promise<TokenRecord | undefined> {
    return this.#inner.tokenByHash(hash);
  }
  /** See {@link RegistryMetadata.tokens}. */
  tokens(namespace?: string): Promise<TokenRecord[]> {
    return this.#inner.tokens(namespace);
  }
  /** See {@link RegistryMetadata.revokeToken}. */
  revokeToken(id: string): Promise<boolean> {
    return this.#inner.revokeToken(id);
  }
  /** See {@link RegistryMetadata.insertRelease}. */
  async insertRelease(release: StoredRelease): Promise<boolean> {
    const inserted = await this.#inner.insertRelease(release);
    this.#forget(`rel\0${release.host}\0${release.namespace}\0${release.type}\0`);
    return inserted;
  }
  /** See {@link RegistryMetadata.release}. */
  release(
    host: string,
    namespace: string,
    type: string,
    version: string,
  ): Promise<StoredRelease | undefined> {
    return this.#cached(
      `rel\0${host}\0${namespace}\0${type}\0${version}`,
      () => this.#inner.release(host, namespace, type, version),
    );
  }
  /** See {@link RegistryMetadata.releases}. */
  releases(host: string, namespace: string, type: string): Promise<StoredRelease[]> {
    return this.#cached(
      `rel\0${host}\0${namespace}\0${type}\0*`,
      () => this.#inner.releases(host, namespace, type),
    );
  }
  /** See {@link RegistryMetadata.yank}. */
  async yank(host: string, namespace: string, type: string, version: string): Promise<boolean> {
    const yanked = await this.#inner.yank(host, namespace, type, version);
    this.#forget(`rel\0${host}\0${namespace}\0${type}\0`);
    return yanked;
  }
  /** See {@link RegistryMetadata.setH1}. */
  async setH1(release: StoredRelease, archive: StoredArchive, h1: string): Promise<void> {
    await this.#inner.setH1(release, archive, h1);
    this.#forget(`rel\0${release.host}\0${release.namespace}\0${release.type}\0`);
  }
  /** See {@link RegistryMetadata.linkSecret}. */
  linkSecret(): Promise<Uint8Array> {
    return this.#cached("secret", () => this.#inner.linkSecret());
  }
  /** See {@link RegistryMetadata.close}. */
  close(): Promise<void> {
    this.#entries.clear();
    return this.#inner.close();
  }
}
