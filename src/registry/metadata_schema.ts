/**
 * The tables both metadata stores create, and the mapping from their rows to
 * records. The SQL is the common subset of SQLite and PostgreSQL; times are
 * ISO text, lists are JSON text, so both stores read rows the same way.
 *
 * @module
 */

import type { StoredArchive, StoredRelease, TokenRecord } from "./metadata.ts";

/** The `releases` columns both stores read and write, in `releaseValues`' order (which adds `created_at` last). */
export const RELEASE_COLUMNS =
  "host, namespace, type, version, protocols, files, sums_file, signature_file, prefix, yanked_at";

/** `CREATE TABLE IF NOT EXISTS` statements, in order. */
export const SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS namespaces (
     name TEXT PRIMARY KEY,
     private INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE IF NOT EXISTS signing_keys (
     namespace TEXT NOT NULL,
     key_id TEXT NOT NULL,
     armor TEXT NOT NULL,
     PRIMARY KEY (namespace, key_id))`,
  `CREATE TABLE IF NOT EXISTS tokens (
     id TEXT PRIMARY KEY,
     namespace TEXT NOT NULL,
     hash TEXT NOT NULL UNIQUE,
     description TEXT NOT NULL,
     created_at TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS releases (
     host TEXT NOT NULL,
     namespace TEXT NOT NULL,
     type TEXT NOT NULL,
     version TEXT NOT NULL,
     protocols TEXT NOT NULL,
     files TEXT NOT NULL,
     sums_file TEXT,
     signature_file TEXT,
     prefix TEXT NOT NULL,
     yanked_at TEXT,
     created_at TEXT NOT NULL,
     PRIMARY KEY (host, namespace, type, version))`,
  `CREATE TABLE IF NOT EXISTS archives (
     host TEXT NOT NULL,
     namespace TEXT NOT NULL,
     type TEXT NOT NULL,
     version TEXT NOT NULL,
     os TEXT NOT NULL,
     arch TEXT NOT NULL,
     file TEXT NOT NULL,
     sha256 TEXT NOT NULL,
     size BIGINT NOT NULL,
     h1 TEXT,
     PRIMARY KEY (host, namespace, type, version, os, arch))`,
  `CREATE TABLE IF NOT EXISTS settings (
     name TEXT PRIMARY KEY,
     value TEXT NOT NULL)`,
];

/** A `releases` row as either driver returns it. */
export interface ReleaseRow {
  host: string;
  namespace: string;
  type: string;
  version: string;
  protocols: string;
  files: string;
  sums_file: string | null;
  signature_file: string | null;
  prefix: string;
  yanked_at: string | null;
}

/** An `archives` row. */
export interface ArchiveRow {
  os: string;
  arch: string;
  file: string;
  sha256: string;
  size: number | bigint | string;
  h1: string | null;
}

/** A `tokens` row. */
export interface TokenRow {
  id: string;
  namespace: string;
  hash: string;
  description: string;
  created_at: string;
}

/** Builds a release record from its row and its archive rows. */
export function toRelease(row: ReleaseRow, archives: readonly ArchiveRow[]): StoredRelease {
  return {
    host: row.host,
    namespace: row.namespace,
    type: row.type,
    version: row.version,
    protocols: JSON.parse(row.protocols),
    files: JSON.parse(row.files),
    ...(row.sums_file ? { sumsFile: row.sums_file } : {}),
    ...(row.signature_file ? { signatureFile: row.signature_file } : {}),
    prefix: row.prefix,
    ...(row.yanked_at ? { yankedAt: row.yanked_at } : {}),
    archives: archives.map(toArchive).sort((a, b) =>
      `${a.os}_${a.arch}` < `${b.os}_${b.arch}` ? -1 : 1
    ),
  };
}

function toArchive(row: ArchiveRow): StoredArchive {
  return {
    os: row.os,
    arch: row.arch,
    file: row.file,
    sha256: row.sha256,
    size: Number(row.size),
    ...(row.h1 ? { h1: row.h1 } : {}),
  };
}

/** Builds a token record from its row. */
export function toToken(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    namespace: row.namespace,
    hash: row.hash,
    description: row.description,
    createdAt: row.created_at,
  };
}

/** The values of a release row, in `releases` column order. */
export function releaseValues(r: StoredRelease): (string | null)[] {
  return [
    r.host,
    r.namespace,
    r.type,
    r.version,
    JSON.stringify(r.protocols),
    JSON.stringify(r.files),
    r.sumsFile ?? null,
    r.signatureFile ?? null,
    r.prefix,
    r.yankedAt ?? null,
    new Date().toISOString(),
  ];
}

/** The values of an archive row, in `archives` column order. */
export function archiveValues(r: StoredRelease, a: StoredArchive): (string | number | null)[] {
  return [
    r.host,
    r.namespace,
    r.type,
    r.version,
    a.os,
    a.arch,
    a.file,
    a.sha256,
    a.size,
    a.h1 ?? null,
  ];
}
