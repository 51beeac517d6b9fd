/**
 * The embedded metadata store: one `node:sqlite` database file, nothing to
 * install or run. WAL mode with a busy timeout lets the CLI's verbs (token,
 * key, yank, mirror) write while a server instance reads the same file.
 *
 * @module
 */

import { DatabaseSync, type StatementSync } from "node:sqlite";
import { randomBytes } from "node:crypto";
import { Buffer } from "node:buffer";
import type {
  NamespaceRecord,
  RegistryMetadata,
  SigningPublicKey,
  StoredArchive,
  StoredRelease,
  TokenRecord,
} from "./metadata.ts";
import {
  type ArchiveRow,
  archiveValues,
  RELEASE_COLUMNS,
  type ReleaseRow,
  releaseValues,
  SCHEMA,
  type TokenRow,
  toRelease,
  toToken,
} from "./metadata_schema.ts";

/**
 * Metadata in a SQLite file (created with its tables on first open).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { SqliteMetadata } from "@foundry/foundry/registry";
 * const meta = new SqliteMetadata(":memory:");
 * await meta.putNamespace({ name: "acme", private: true });
 * assert.deepEqual(await meta.namespace("acme"), { name: "acme", private: true });
 * await meta.close();
 * ```
 */
export class SqliteMetadata implements RegistryMetadata {
  readonly #db: DatabaseSync;
  // Prepared once per SQL text: preparing is most of a small query's cost.
  readonly #statements = new Map<string, StatementSync>();
  /** See {@link RegistryMetadata.description}. */
  readonly description: string;

  /** Opens (creating if needed) the database at `path` (`:memory:` for a throwaway one). */
  constructor(path: string) {
    this.#db = new DatabaseSync(path);
    this.description = `sqlite ${path}`;
    this.#db.exec("PRAGMA busy_timeout = 5000");
    if (path !== ":memory:") this.#db.exec("PRAGMA journal_mode = WAL");
    for (const statement of SCHEMA) this.#db.exec(statement);
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #all<T>(sql: string, ...params: (string | number | null)[]): T[] {
    return this.#statement(sql).all(...params) as unknown as T[];
  }

  #run(sql: string, ...params: (string | number | null)[]): number {
    return Number(this.#statement(sql).run(...params).changes);
  }

  /** See {@link RegistryMetadata.namespace}. */
  namespace(name: string): Promise<NamespaceRecord | undefined> {
    const [row] = this.#all<{ name: string; private: number }>(
      "SELECT name, private FROM namespaces WHERE name = ?",
      name,
    );
    return Promise.resolve(row ? { name: row.name, private: row.private === 1 } : undefined);
  }

  /** See {@link RegistryMetadata.putNamespace}. */
  putNamespace(record: NamespaceRecord): Promise<void> {
    this.#run(
      "INSERT INTO namespaces (name, private) VALUES (?, ?) " +
        "ON CONFLICT (name) DO UPDATE SET private = excluded.private",
      record.name,
      record.private ? 1 : 0,
    );
    return Promise.resolve();
  }

  /** See {@link RegistryMetadata.namespaces}. */
  namespaces(): Promise<NamespaceRecord[]> {
    return Promise.resolve(
      this.#all<{ name: string; private: number }>(
        "SELECT name, private FROM namespaces ORDER BY name",
      ).map((r) => ({ name: r.name, private: r.private === 1 })),
    );
  }

  /** See {@link RegistryMetadata.keys}. */
  keys(namespace: string): Promise<SigningPublicKey[]> {
    return Promise.resolve(
      this.#all<{ key_id: string; armor: string }>(
        "SELECT key_id, armor FROM signing_keys WHERE namespace = ? ORDER BY key_id",
        namespace,
      ).map((r) => ({ keyId: r.key_id, asciiArmor: r.armor })),
    );
  }

  /** See {@link RegistryMetadata.addKey}. */
  addKey(namespace: string, key: SigningPublicKey): Promise<boolean> {
    return Promise.resolve(
      this.#run(
        "INSERT INTO signing_keys (namespace, key_id, armor) VALUES (?, ?, ?) " +
          "ON CONFLICT DO NOTHING",
        namespace,
        key.keyId,
        key.asciiArmor,
      ) === 1,
    );
  }

  /** See {@link RegistryMetadata.removeKey}. */
  removeKey(namespace: string, keyId: string): Promise<boolean> {
    return Promise.resolve(
      this.#run(
        "DELETE FROM signing_keys WHERE namespace = ? AND key_id = ?",
        namespace,
        keyId,
      ) === 1,
    );
  }

  /** See {@link RegistryMetadata.addToken}. */
  addToken(r: TokenRecord): Promise<void> {
    this.#run(
      "INSERT INTO tokens (id, namespace, hash, description, created_at) VALUES (?, ?, ?, ?, ?)",
      r.id,
      r.namespace,
      r.hash,
      r.description,
      r.createdAt,
    );
    return Promise.resolve();
  }

  /** See {@link RegistryMetadata.tokenByHash}. */
  tokenByHash(hash: string): Promise<TokenRecord | undefined> {
    const [row] = this.#all<TokenRow>("SELECT * FROM tokens WHERE hash = ?", hash);
    return Promise.resolve(row ? toToken(row) : undefined);
  }

  /** See {@link RegistryMetadata.tokens}. */
  tokens(namespace?: string): Promise<TokenRecord[]> {
    const rows = namespace === undefined
      ? this.#all<TokenRow>("SELECT * FROM tokens ORDER BY namespace, created_at")
      : this.#all<TokenRow>(
        "SELECT * FROM tokens WHERE namespace = ? ORDER BY created_at",
        namespace,
      );
    return Promise.resolve(rows.map(toToken));
  }

  /** See {@link RegistryMetadata.revokeToken}. */
  revokeToken(id: string): Promise<boolean> {
    return Promise.resolve(this.#run("DELETE FROM tokens WHERE id = ?", id) === 1);
  }

  /** See {@link RegistryMetadata.insertRelease}. */
  insertRelease(release: StoredRelease): Promise<boolean> {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const inserted = this.#run(
        `INSERT INTO releases (${RELEASE_COLUMNS}, created_at) ` +
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        ...releaseValues(release),
      );
      if (inserted === 0) {
        this.#db.exec("ROLLBACK");
        return Promise.resolve(false);
      }
      for (const a of release.archives) {
        this.#run(
          "INSERT INTO archives (host, namespace, type, version, os, arch, file, sha256, size, h1) " +
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          ...archiveValues(release, a),
        );
      }
      this.#db.exec("COMMIT");
      return Promise.resolve(true);
    } catch (e) {
      this.#db.exec("ROLLBACK");
      throw e;
    }
  }

  #archives(r: ReleaseRow): ArchiveRow[] {
    return this.#all<ArchiveRow>(
      "SELECT os, arch, file, sha256, size, h1 FROM archives " +
        "WHERE host = ? AND namespace = ? AND type = ? AND version = ?",
      r.host,
      r.namespace,
      r.type,
      r.version,
    );
  }

  /** See {@link RegistryMetadata.release}. */
  release(
    host: string,
    namespace: string,
    type: string,
    version: string,
  ): Promise<StoredRelease | undefined> {
    const [row] = this.#all<ReleaseRow>(
      `SELECT ${RELEASE_COLUMNS} FROM releases ` +
        "WHERE host = ? AND namespace = ? AND type = ? AND version = ?",
      host,
      namespace,
      type,
      version,
    );
    return Promise.resolve(row ? toRelease(row, this.#archives(row)) : undefined);
  }

  /** See {@link RegistryMetadata.releases}. */
  releases(host: string, namespace: string, type: string): Promise<StoredRelease[]> {
    const rows = this.#all<ReleaseRow>(
      `SELECT ${RELEASE_COLUMNS} FROM releases ` +
        "WHERE host = ? AND namespace = ? AND type = ? AND yanked_at IS NULL",
      host,
      namespace,
      type,
    );
    return Promise.resolve(rows.map((row) => toRelease(row, this.#archives(row))));
  }

  /** See {@link RegistryMetadata.yank}. */
  yank(host: string, namespace: string, type: string, version: string): Promise<boolean> {
    const found = this.#all<{ n: number }>(
      "SELECT 1 AS n FROM releases WHERE host = ? AND namespace = ? AND type = ? AND version = ?",
      host,
      namespace,
      type,
      version,
    ).length === 1;
    this.#run(
      "UPDATE releases SET yanked_at = ? " +
        "WHERE host = ? AND namespace = ? AND type = ? AND version = ? AND yanked_at IS NULL",
      new Date().toISOString(),
      host,
      namespace,
      type,
      version,
    );
    return Promise.resolve(found);
  }

  /** See {@link RegistryMetadata.setH1}. */
  setH1(r: StoredRelease, a: StoredArchive, h1: string): Promise<void> {
    this.#run(
      "UPDATE archives SET h1 = ? " +
        "WHERE host = ? AND namespace = ? AND type = ? AND version = ? AND os = ? AND arch = ?",
      h1,
      r.host,
      r.namespace,
      r.type,
      r.version,
      a.os,
      a.arch,
    );
    return Promise.resolve();
  }

  /** See {@link RegistryMetadata.linkSecret}. */
  linkSecret(): Promise<Uint8Array> {
    this.#run(
      "INSERT INTO settings (name, value) VALUES ('link_secret', ?) ON CONFLICT DO NOTHING",
      randomBytes(32).toString("base64"),
    );
    const [row] = this.#all<{ value: string }>(
      "SELECT value FROM settings WHERE name = 'link_secret'",
    );
    return Promise.resolve(new Uint8Array(Buffer.from(row.value, "base64")));
  }

  /** See {@link RegistryMetadata.close}. */
  close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
    return Promise.resolve();
  }
}
