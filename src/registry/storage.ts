/**
 * The registry's storage directory, laid out from `foundry build` output so
 * publishing by hand is a copy:
 *
 * ```text
 * STORAGE/
 *   keys/NAMESPACE/*.asc                  ASCII-armored public keys of the namespace
 *   providers/NAMESPACE/TYPE/VERSION/     one `foundry build` dist/ directory, unchanged:
 *     terraform-provider-TYPE_VERSION_OS_ARCH.zip
 *     terraform-provider-TYPE_VERSION_SHA256SUMS
 *     terraform-provider-TYPE_VERSION_SHA256SUMS.sig
 *     terraform-provider-TYPE_VERSION_manifest.json
 * ```
 *
 * A version is visible once its `SHA256SUMS` is present and lists at least
 * one archive that exists. A file `yanked/NAMESPACE/TYPE/VERSION` yanks it:
 * it leaves the version lists, while its download answers stay, so lock files
 * that pin it keep working. Versions are immutable, so what is read about one
 * is cached for the life of the process.
 *
 * @module
 */

import { join } from "node:path";
import * as openpgp from "openpgp";
import { releaseFileNames } from "../release/mod.ts";
import { h1Hash } from "./hashes.ts";
import { compareVersions, isValidSegment } from "./names.ts";

/** One platform archive of a release. */
export interface StoredArchive {
  /** Operating system, e.g. `linux`. */
  os: string;
  /** Architecture, e.g. `amd64`. */
  arch: string;
  /** File name of the zip. */
  file: string;
  /** SHA-256 (hex) of the zip, from `SHA256SUMS`. */
  sha256: string;
}

/** What the registry knows about one published version. */
export interface StoredRelease {
  /** Namespace of the provider. */
  namespace: string;
  /** Provider type. */
  type: string;
  /** Version, without a leading `v`. */
  version: string;
  /** Plugin protocol versions from the manifest (`["5.0"]` when it has none, as Terraform assumes). */
  protocols: string[];
  /** Platform archives listed in `SHA256SUMS` and present on disk. */
  archives: StoredArchive[];
  /** File name of `SHA256SUMS`. */
  sumsFile: string;
  /** File name of the detached signature, when present. */
  signatureFile?: string;
  /** Directory holding the files. */
  dir: string;
}

/** A public key the namespace signs its releases with. */
export interface SigningPublicKey {
  /** Key ID, 16 upper-case hex digits. */
  keyId: string;
  /** The key in ASCII armor. */
  asciiArmor: string;
}

const SUMS_LINE = /^([0-9a-f]{64}) {2}(\S+)$/;
const MAX_SMALL_FILE = 1 << 20;

async function readSmallText(path: string): Promise<string | undefined> {
  try {
    const info = await Deno.stat(path);
    if (!info.isFile || info.size > MAX_SMALL_FILE) return undefined;
    return await Deno.readTextFile(path);
  } catch {
    return undefined;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

/**
 * Read access to a storage directory. Every name passed in is validated
 * (see `isValidSegment`); an invalid one reads as "not found".
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { RegistryStorage } from "@foundry/foundry/registry";
 * const dir = await Deno.makeTempDir();
 * const storage = new RegistryStorage(dir);
 * assert.deepEqual(await storage.versions("acme", "demo"), []);
 * assert.equal(await storage.release("acme", "../etc", "1.0.0"), undefined);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class RegistryStorage {
  readonly #root: string;
  readonly #releases = new Map<string, StoredRelease>();
  readonly #h1 = new Map<string, string>();
  readonly #keys = new Map<string, { mtime: number; keys: SigningPublicKey[] }>();

  /** Opens the storage directory `root` (it need not exist yet). */
  constructor(root: string) {
    this.#root = root;
  }

  /** The storage root. */
  get root(): string {
    return this.#root;
  }

  /** The listed (visible, not yanked) releases of `namespace/type`, oldest first. */
  async versions(namespace: string, type: string): Promise<StoredRelease[]> {
    if (!isValidSegment("namespace", namespace) || !isValidSegment("type", type)) return [];
    const dir = join(this.#root, "providers", namespace, type);
    const names: string[] = [];
    try {
      for await (const e of Deno.readDir(dir)) {
        if (e.isDirectory && isValidSegment("version", e.name)) names.push(e.name);
      }
    } catch {
      return [];
    }
    names.sort(compareVersions);
    const out: StoredRelease[] = [];
    for (const v of names) {
      if (await this.isYanked(namespace, type, v)) continue;
      const r = await this.release(namespace, type, v);
      if (r) out.push(r);
    }
    return out;
  }

  /** One visible release, or `undefined`. */
  async release(
    namespace: string,
    type: string,
    version: string,
  ): Promise<StoredRelease | undefined> {
    if (
      !isValidSegment("namespace", namespace) || !isValidSegment("type", type) ||
      !isValidSegment("version", version)
    ) return undefined;
    const key = `${namespace}/${type}/${version}`;
    const cached = this.#releases.get(key);
    if (cached) return cached;
    const dir = join(this.#root, "providers", namespace, type, version);
    const names = releaseFileNames(type, version);
    const sums = await readSmallText(join(dir, names.sums));
    if (sums === undefined) return undefined;
    const prefix = `terraform-provider-${type}_${version}_`;
    const archives: StoredArchive[] = [];
    for (const line of sums.split("\n")) {
      const m = SUMS_LINE.exec(line);
      if (!m || !m[2].startsWith(prefix) || !m[2].endsWith(".zip")) continue;
      const platform = m[2].slice(prefix.length, -".zip".length).split("_");
      if (platform.length !== 2) continue;
      const [os, arch] = platform;
      if (!isValidSegment("os", os) || !isValidSegment("arch", arch)) continue;
      if (!(await isFile(join(dir, m[2])))) continue;
      archives.push({ os, arch, file: m[2], sha256: m[1] });
    }
    if (archives.length === 0) return undefined;
    let protocols = ["5.0"];
    const manifest = await readSmallText(join(dir, names.manifest));
    if (manifest !== undefined) {
      try {
        const parsed = JSON.parse(manifest);
        const list = parsed?.metadata?.protocol_versions;
        if (
          Array.isArray(list) && list.every((p) => typeof p === "string" && /^\d+\.\d+$/.test(p))
        ) {
          protocols = list;
        }
      } catch { /* a broken manifest falls back to Terraform's assumption */ }
    }
    const release: StoredRelease = {
      namespace,
      type,
      version,
      protocols,
      archives,
      sumsFile: names.sums,
      dir,
      ...(await isFile(join(dir, names.signature)) ? { signatureFile: names.signature } : {}),
    };
    this.#releases.set(key, release);
    return release;
  }

  /** Whether a version was yanked (hidden from lists, still downloadable). */
  async isYanked(namespace: string, type: string, version: string): Promise<boolean> {
    if (
      !isValidSegment("namespace", namespace) || !isValidSegment("type", type) ||
      !isValidSegment("version", version)
    ) return false;
    try {
      await Deno.lstat(join(this.#root, "yanked", namespace, type, version));
      return true;
    } catch {
      return false;
    }
  }

  /** Yanks a version: later lists omit it; downloads keep working. */
  async yank(namespace: string, type: string, version: string): Promise<boolean> {
    if (!(await this.release(namespace, type, version))) return false;
    const dir = join(this.#root, "yanked", namespace, type);
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(join(dir, version), `${new Date().toISOString()}\n`);
    return true;
  }

  /**
   * The path of a file of a release, only when it is one the release
   * serves (an archive, `SHA256SUMS`, its signature); otherwise `undefined`.
   */
  filePath(release: StoredRelease, file: string): string | undefined {
    const allowed = file === release.sumsFile || file === release.signatureFile ||
      release.archives.some((a) => a.file === file);
    return allowed ? join(release.dir, file) : undefined;
  }

  /** The `h1:` hash of an archive, computed once. */
  async h1(release: StoredRelease, archive: StoredArchive): Promise<string> {
    const path = join(release.dir, archive.file);
    let hash = this.#h1.get(path);
    if (hash === undefined) {
      hash = h1Hash(await Deno.readFile(path));
      this.#h1.set(path, hash);
    }
    return hash;
  }

  /**
   * The public keys registered for `namespace` (files `keys/NAMESPACE/*.asc`),
   * parsed again only when the directory's modification time changes (adding
   * or removing a key file changes it).
   */
  async signingKeys(namespace: string): Promise<SigningPublicKey[]> {
    if (!isValidSegment("namespace", namespace)) return [];
    const dir = join(this.#root, "keys", namespace);
    let mtime: number;
    try {
      mtime = (await Deno.stat(dir)).mtime?.getTime() ?? 0;
    } catch {
      return [];
    }
    const cached = this.#keys.get(namespace);
    if (cached && cached.mtime === mtime) return cached.keys;
    const out = await this.#readKeys(dir);
    this.#keys.set(namespace, { mtime, keys: out });
    return out;
  }

  async #readKeys(dir: string): Promise<SigningPublicKey[]> {
    const out: SigningPublicKey[] = [];
    try {
      const files: string[] = [];
      for await (const e of Deno.readDir(dir)) {
        if (e.isFile && e.name.endsWith(".asc")) files.push(e.name);
      }
      for (const f of files.sort()) {
        const armor = await readSmallText(join(dir, f));
        if (armor === undefined) continue;
        try {
          const key = await openpgp.readKey({ armoredKey: armor });
          out.push({ keyId: key.getKeyID().toHex().toUpperCase(), asciiArmor: armor });
        } catch { /* not a key: skipped, as a registry would refuse it at upload */ }
      }
    } catch {
      return [];
    }
    return out;
  }
}
