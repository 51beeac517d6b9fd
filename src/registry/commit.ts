/**
 * Making a release visible: its files go to the artifact store under a key
 * prefix unique to this upload, then one metadata insert makes it visible.
 * If another publish of the same version won the insert, this one's files are
 * deleted again; readers never see a release whose files are not all stored.
 *
 * @module
 */

import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { RegistryStore } from "./store.ts";
import type { StoredRelease } from "./metadata.ts";

/** A file received into the staging area. */
export interface StagedFile {
  /** Local path. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** SHA-256 (hex), computed while it was received. */
  sha256: string;
}

/** A fresh upload id (12 hex digits), part of the key prefix. */
export function newUploadId(): string {
  return randomBytes(6).toString("hex");
}

/** The staging directory of an upload on this instance. */
export function stagingPath(store: RegistryStore, uploadId: string): string {
  return join(store.stagingDir, uploadId);
}

/**
 * Stores `files` and records `release` (its `prefix` is set here). Resolves
 * false, leaving nothing behind, when the version exists already.
 */
export async function commitRelease(
  store: RegistryStore,
  release: Omit<StoredRelease, "prefix">,
  uploadId: string,
  files: ReadonlyMap<string, StagedFile>,
  onProgress?: (line: string) => void,
): Promise<boolean> {
  const hostKey = release.host === "" ? "_" : release.host.replace(":", "_");
  const prefix =
    `providers/${hostKey}/${release.namespace}/${release.type}/${release.version}/${uploadId}/`;
  try {
    for (const [name, file] of files) {
      onProgress?.(`storing ${name} (${file.size} bytes) in ${store.artifacts.description}`);
      await store.artifacts.put(prefix + name, file.path, file);
    }
    if (await store.metadata.insertRelease({ ...release, prefix })) return true;
  } catch (e) {
    await store.artifacts.deletePrefix(prefix).catch(() => {});
    throw e;
  }
  await store.artifacts.deletePrefix(prefix);
  return false;
}
