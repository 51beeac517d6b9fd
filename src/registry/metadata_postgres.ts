/**
 * The shared metadata store: PostgreSQL, for several registry instances
 * behind a load balancer. Every instance reads and writes the same tables;
 * nothing about mutable state (yanks, keys, tokens, private flags) is cached
 * in a process, so a change made through one instance or the CLI is seen by
 * all at their next request. Concurrent publishes of one version meet at the
 * primary key of `releases`: exactly one insert wins.
 *
 * @module
 */

import postgres from "postgres";
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

// Any fixed number: instances creating the tables at once take turns on it.
const SCHEMA_LOCK = 0x466f756e;

type Sql = postgres.Sql<Record<string, never>>;
type Param = string | number | null;

/** Options of {@link PostgresMetadata.open}. */
export interface PostgresMetadataOptions {
  /** Connections in this instance's pool (default 8). */
  maxConnections?: number;
}

/**
 * Metadata in PostgreSQL. Open it with {@link PostgresMetadata.open}, which
 * creates the tables when missing.
 *
 * @example Usage (needs a running PostgreSQL, so it only type-checks here)
 * ```ts ignore
 * import { PostgresMetadata } from "@foundry/foundry/registry";
 * const meta = await PostgresMetadata.open("postgres://registry@db.internal/registry");
 * console.log(await meta.namespaces());
 * await meta.close();
 * ```
 */
export class PostgresMetadata implements RegistryMetadata {
  readonly #sql: Sql;
  /** See {@link RegistryMetadata.description}. */
  readonly description: string;

  private constructor(sql: Sql, description: string) {
    this.#sql = sql;
    this.description = description;
  }

  /** Connects to `url` (a `postgres://` connection string) and creates the tables if needed. */
  static async open(
    url: string,
    options: PostgresMetadataOptions = {},
  ): Promise<PostgresMetadata> {
    for (const k of Object.keys(options)) {
      if (k !== "maxConnections") throw new TypeError(`unknown PostgreSQL option "${k}"`);
    }
    const sql = postgres(url, {
      max: options.maxConnections ?? 8,
      onnotice: () => {},
    }) as unknown as Sql;
    try {
      await sql.begin(async (tx) => {
        await tx.unsafe("SELECT pg_advisory_xact_lock($1)", [SCHEMA_LOCK]);
        for (const statement of SCHEMA) await tx.unsafe(statement);
      });
    } catch (e) {
      await sql.end({ timeout: 1 });
      throw e;
    }
    const safe = new URL(url);
    safe.password = "";
    return new PostgresMetadata(sql, `postgresql ${safe.href}`);
  }

  async #all<T>(sql: string, params: Param[] = [], via: Sql = this.#sql): Promise<T[]> {
    return [...await via.unsafe(sql, params)] as unknown as T[];
  }

  async #run(sql: string, params: Param[], via: Sql = this.#sql): Promise<number> {
    return (await via.unsafe(sql, params)).count;
  }

  /** See {@link RegistryMetadata.namespace}. */
  async namespace(name: string): Promise<NamespaceRecord | undefined> {
    const [row] = await this.#all<{ name: string; private: number }>(
      "SELECT name, private FROM namespaces WHERE name = $1",
      [name],
    );
    return row ? { name: row.name, private: Number(row.private) === 1 } : undefined;
  }

  /** See {@link RegistryMetadata.putNamespace}. */
  async putNamespace(record: NamespaceRecord): Promise<void> {
    await this.#run(
      "INSERT INTO namespaces (name, private) VALUES ($1, $2) " +
        "ON CONFLICT (name) DO UPDATE SET private = excluded.private",
      [record.name, record.private ? 1 : 0],
    );
  }

  /** See {@link RegistryMetadata.namespaces}. */
  async namespaces(): Promise<NamespaceRecord[]> {
    return (await this.#all<{ name: string; private: number }>(
      "SELECT name, private FROM namespaces ORDER BY name",
    )).map((r) => ({ name: r.name, private: Number(r.private) === 1 }));
  }

  /** See {@link RegistryMetadata.keys}. */
  async keys(namespace: string): Promise<SigningPublicKey[]> {
    return (await this.#all<{ key_id: string; armor: string }>(
      "SELECT key_id, armor FROM signing_keys WHERE namespace = $1 ORDER BY key_id",
      [namespace],
    )).map((r) => ({ keyId: r.key_id, asciiArmor: r.armor }));
  }

  /** See {@link RegistryMetadata.addKey}. */
  async addKey(namespace: string, key: SigningPublicKey): Promise<boolean> {
    return await this.#run(
      "INSERT INTO signing_keys (namespace, key_id, armor) VALUES ($1, $2, $3) " +
        "ON CONFLICT DO NOTHING",
      [namespace, key.keyId, key.asciiArmor],
    ) === 1;
  }

  /** See {@link RegistryMetadata.removeKey}. */
  async removeKey(namespace: string, keyId: string): Promise<boolean> {
    return await this.#run(
      "DELETE FROM signing_keys WHERE namespace = $1 AND key_id = $2",
      [namespace, keyId],
    ) === 1;
  }

  /** See {@link RegistryMetadata.addToken}. */
  async addToken(r: TokenRecord): Promise<void> {
    await this.#run(
      "INSERT INTO tokens (id, namespace, hash, description, created_at) " +
        "VALUES ($1, $2, $3, $4, $5)",
      [r.id, r.namespace, r.hash, r.description, r.createdAt],
    );
  }

  /** See {@link RegistryMetadata.tokenByHash}. */
  async tokenByHash(hash: string): Promise<TokenRecord | undefined> {
    const [row] = await this.#all<TokenRow>("SELECT * FROM tokens WHERE hash = $1", [hash]);
    return row ? toToken(row) : undefined;
  }

  /** See {@link RegistryMetadata.tokens}. */
  async tokens(namespace?: string): Promise<TokenRecord[]> {
    const rows = namespace === undefined
      ? await this.#all<TokenRow>("SELECT * FROM tokens ORDER BY namespace, created_at")
      : await this.#all<TokenRow>(
        "SELECT * FROM tokens WHERE namespace = $1 ORDER BY created_at",
        [namespace],
      );
    return rows.map(toToken);
  }

  /** See {@link RegistryMetadata.revokeToken}. */
  async revokeToken(id: string): Promise<boolean> {
    return await this.#run("DELETE FROM tokens WHERE id = $1", [id]) === 1;
  }

  /** See {@link RegistryMetadata.insertRelease}. */
  async insertRelease(release: StoredRelease): Promise<boolean> {
    return await this.#sql.begin(async (tx) => {
      const via = tx as unknown as Sql;
      const inserted = await this.#run(
        `INSERT INTO releases (${RELEASE_COLUMNS}, created_at) ` +
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING",
        releaseValues(release),
        via,
      );
      if (inserted === 0) return false;
      for (const a of release.archives) {
        await this.#run(
          "INSERT INTO archives (host, namespace, type, version, os, arch, file, sha256, size, h1) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
          archiveValues(release, a),
          via,
        );
      }
      return true;
    }) as boolean;
  }

  async #withArchives(rows: ReleaseRow[]): Promise<StoredRelease[]> {
    const out: StoredRelease[] = [];
    for (const r of rows) {
      const archives = await this.#all<ArchiveRow>(
        "SELECT os, arch, file, sha256, size, h1 FROM archives " +
          "WHERE host = $1 AND namespace = $2 AND type = $3 AND version = $4",
        [r.host, r.namespace, r.type, r.version],
      );
      out.push(toRelease(r, archives));
    }
    return out;
  }

  /** See {@link RegistryMetadata.release}. */
  async release(
    host: string,
    namespace: string,
    type: string,
    version: string,
  ): Promise<StoredRelease | undefined> {
    const rows = await this.#all<ReleaseRow>(
      `SELECT ${RELEASE_COLUMNS} FROM releases ` +
        "WHERE host = $1 AND namespace = $2 AND type = $3 AND version = $4",
      [host, namespace, type, version],
    );
    return (await this.#withArchives(rows))[0];
  }

  /** See {@link RegistryMetadata.releases}. */
  async releases(host: string, namespace: string, type: string): Promise<StoredRelease[]> {
    return await this.#withArchives(
      await this.#all<ReleaseRow>(
        `SELECT ${RELEASE_COLUMNS} FROM releases ` +
          "WHERE host = $1 AND namespace = $2 AND type = $3 AND yanked_at IS NULL",
        [host, namespace, type],
      ),
    );
  }

  /** See {@link RegistryMetadata.yank}. */
  async yank(host: string, namespace: string, type: string, version: string): Promise<boolean> {
    const found = await this.release(host, namespace, type, version);
    if (!found) return false;
    await this.#run(
      "UPDATE releases SET yanked_at = $1 WHERE host = $2 AND namespace = $3 AND type = $4 " +
        "AND version = $5 AND yanked_at IS NULL",
      [new Date().toISOString(), host, namespace, type, version],
    );
    return true;
  }

  /** See {@link RegistryMetadata.setH1}. */
  async setH1(r: StoredRelease, a: StoredArchive, h1: string): Promise<void> {
    await this.#run(
      "UPDATE archives SET h1 = $1 WHERE host = $2 AND namespace = $3 AND type = $4 " +
        "AND version = $5 AND os = $6 AND arch = $7",
      [h1, r.host, r.namespace, r.type, r.version, a.os, a.arch],
    );
  }

  /** See {@link RegistryMetadata.linkSecret}. */
  async linkSecret(): Promise<Uint8Array> {
    await this.#run(
      "INSERT INTO settings (name, value) VALUES ('link_secret', $1) ON CONFLICT DO NOTHING",
      [randomBytes(32).toString("base64")],
    );
    const [row] = await this.#all<{ value: string }>(
      "SELECT value FROM settings WHERE name = 'link_secret'",
    );
    return new Uint8Array(Buffer.from(row.value, "base64"));
  }

  /** See {@link RegistryMetadata.close}. */
  async close(): Promise<void> {
    await this.#sql.end({ timeout: 5 });
  }
}
