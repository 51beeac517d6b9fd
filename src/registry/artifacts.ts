/**
 * Where release files live. The metadata store says which files a release
 * has and under which key prefix; an artifact store keeps the bytes. Two
 * implementations: `DirectoryArtifacts` (a directory, local or shared by
 * several instances over a network file system) and `S3Artifacts` (an
 * S3-compatible object store).
 *
 * Keys are made by the registry itself from checked names
 * (`providers/HOST/NS/TYPE/VERSION/UPLOAD/FILE`), never taken from a request;
 * `isArtifactKey` is checked again by every store before it touches storage.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { randomBytes } from "node:crypto";

/** A stored file being read. */
export interface ArtifactBody {
  /** The bytes, streamed. */
  body: ReadableStream<Uint8Array>;
  /** Size in bytes. */
  size: number;
}

/** The bytes of release files, by key. */
export interface ArtifactStore {
  /** What the store is, for messages. */
  readonly description: string;
  /**
   * Stores the local file `source` under `key`. `sha256` (hex) and `size`
   * were computed while the file was received; stores may use them to have
   * the far side check the transfer.
   */
  put(key: string, source: string, info: { size: number; sha256: string }): Promise<void>;
  /** Streams the file under `key`, or `undefined` when there is none. */
  get(key: string): Promise<ArtifactBody | undefined>;
  /** Removes every file whose key starts with `prefix` (which ends with `/`). */
  deletePrefix(prefix: string): Promise<void>;
}

const KEY_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._+-]{0,254}$/;

/**
 * Whether `key` is one the registry makes: `/`-separated segments of
 * letters, digits, `._+-`, none empty, none `.` or `..`, none starting with
 * a dot. A prefix (ending with `/`) is checked without its last slash.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isArtifactKey } from "@foundry/foundry/registry";
 * assert.ok(isArtifactKey("providers/_/acme/demo/1.0.0/0a1b/terraform-provider-demo_1.0.0_SHA256SUMS"));
 * assert.ok(!isArtifactKey("providers/../../etc/passwd"));
 * assert.ok(!isArtifactKey("/abs"));
 * ```
 */
export function isArtifactKey(key: string): boolean {
  const body = key.endsWith("/") ? key.slice(0, -1) : key;
  return body.length > 0 && body.length <= 1024 &&
    body.split("/").every((s) => KEY_SEGMENT.test(s) && !s.includes(".."));
}

function checkKey(key: string): void {
  if (!isArtifactKey(key)) throw new TypeError(`invalid artifact key "${key}"`);
}

/**
 * Release files in a directory. A file is copied beside its final name and
 * renamed into place, so a reader on any instance sees it whole or not at all.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { DirectoryArtifacts } from "@foundry/foundry/registry";
 * const root = await Deno.makeTempDir();
 * const store = new DirectoryArtifacts(root);
 * const source = await Deno.makeTempFile();
 * await Deno.writeTextFile(source, "hello");
 * await store.put("providers/_/acme/demo/1.0.0/u1/a.txt", source, { size: 5, sha256: "" });
 * const got = await store.get("providers/_/acme/demo/1.0.0/u1/a.txt");
 * assert.equal(await new Response(got!.body).text(), "hello");
 * await store.deletePrefix("providers/_/acme/demo/1.0.0/u1/");
 * assert.equal(await store.get("providers/_/acme/demo/1.0.0/u1/a.txt"), undefined);
 * await Deno.remove(root, { recursive: true });
 * await Deno.remove(source);
 * ```
 */
export class DirectoryArtifacts implements ArtifactStore {
  readonly #root: string;
  /** See {@link ArtifactStore.description}. */
  readonly description: string;

  /** Uses the directory `root` (created on first write). */
  constructor(root: string) {
    this.#root = root;
    this.description = `directory ${root}`;
  }

  /** See {@link ArtifactStore.put}; the copy needs no size or hash. */
  async put(key: string, source: string, _info: { size: number; sha256: string }): Promise<void> {
    checkKey(key);
    const target = join(this.#root, key);
    await Deno.mkdir(dirname(target), { recursive: true });
    const partial = `${target}.partial-${randomBytes(6).toString("hex")}`;
    try {
      await Deno.copyFile(source, partial);
      await Deno.rename(partial, target);
    } catch (e) {
      await Deno.remove(partial).catch(() => {});
      throw e;
    }
  }

  /** See {@link ArtifactStore.get}. */
  async get(key: string): Promise<ArtifactBody | undefined> {
    checkKey(key);
    let file: Deno.FsFile;
    try {
      file = await Deno.open(join(this.#root, key), { read: true });
    } catch {
      return undefined;
    }
    const info = await file.stat();
    if (!info.isFile) {
      file.close();
      return undefined;
    }
    return { body: file.readable, size: info.size };
  }

  /** See {@link ArtifactStore.deletePrefix}. */
  async deletePrefix(prefix: string): Promise<void> {
    checkKey(prefix);
    if (!prefix.endsWith("/")) throw new TypeError(`a prefix ends with "/": "${prefix}"`);
    await Deno.remove(join(this.#root, prefix), { recursive: true }).catch((e) => {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    });
  }
}
