/**
 * `foundry registry mirror`: copies providers of another registry into this
 * one's network mirror, for sites that cannot reach the origin. Two sources:
 *
 * - a filesystem mirror directory in the packed layout `terraform providers
 *   mirror` writes (`HOST/NS/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip`,
 *   with the `index.json` and `VERSION.json` files beside them, whose hashes
 *   are checked when present);
 * - a provider registry reached over HTTPS (service discovery, `versions`,
 *   `download`): each archive's SHA-256 must match the registry's `shasum`
 *   and the `SHA256SUMS` it lists, whose signature must verify with one of
 *   the signing keys the registry names.
 *
 * The copies are stored under their origin host (e.g. `registry.terraform.io`)
 * and served by the network mirror protocol only; the registry protocol
 * offers the registry's own providers. A version already mirrored is skipped:
 * versions are immutable.
 *
 * @module
 */

import { join } from "node:path";
import { createHash } from "node:crypto";
import * as openpgp from "openpgp";
import { FoundryError } from "../errors/mod.ts";
import { compareVersions, isValidSegment } from "./names.ts";
import { h1Hash } from "./hashes.ts";
import type { RegistryStore } from "./store.ts";
import type { StoredArchive } from "./metadata.ts";
import { commitRelease, newUploadId, type StagedFile, stagingPath } from "./commit.ts";

/** A provider to copy, optionally limited to some versions. */
export interface MirrorProvider {
  /** Origin host, e.g. `registry.terraform.io`. */
  host: string;
  /** Namespace. */
  namespace: string;
  /** Type. */
  type: string;
  /** Versions to copy (default: all the source has). */
  versions?: string[];
}

/** Options of {@link mirrorProviders}. */
export interface MirrorOptions {
  /** A filesystem mirror directory, or a registry base URL (`https://...`). */
  from: string;
  /** The providers to copy. */
  providers: MirrorProvider[];
  /** Platforms to copy, as `os_arch` (default: all the source has). */
  platforms?: string[];
  /** Bearer token for a registry source. */
  token?: string;
  /** Progress lines. */
  onProgress?: (line: string) => void;
  /** Stand-in for `fetch` (tests); default the global one. */
  fetch?: typeof fetch;
}

/** What {@link mirrorProviders} did. */
export interface MirrorSummary {
  /** `HOST/NS/TYPE VERSION` of each version copied. */
  copied: string[];
  /** Versions skipped because the mirror has them already. */
  skipped: string[];
}

/**
 * Parses `HOST/NS/TYPE` or `HOST/NS/TYPE@V1,V2` (a two-part `NS/TYPE` means
 * `registry.terraform.io/NS/TYPE`, as in Terraform).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseMirrorProvider } from "@foundry/foundry/registry";
 * assert.deepEqual(parseMirrorProvider("hashicorp/null@3.2.4"), {
 *   host: "registry.terraform.io", namespace: "hashicorp", type: "null", versions: ["3.2.4"],
 * });
 * ```
 */
export function parseMirrorProvider(text: string): MirrorProvider {
  const [address, versionList] = text.split("@", 2);
  const parts = address.split("/");
  if (parts.length === 2) parts.unshift("registry.terraform.io");
  const [host, namespace, type] = parts.map((p, i) => (i === 0 ? p.toLowerCase() : p));
  const versions = versionList?.split(",").filter((v) => v !== "");
  if (
    parts.length !== 3 || !isValidSegment("host", host) ||
    !isValidSegment("namespace", namespace) || !isValidSegment("type", type) ||
    (versions ?? []).some((v) => !isValidSegment("version", v))
  ) {
    throw new FoundryError(
      "registry.mirror.address",
      `"${text}" is not a provider address: write HOST/NAMESPACE/TYPE[@VERSION,...]`,
    );
  }
  return { host, namespace, type, ...(versions?.length ? { versions } : {}) };
}

// One archive to copy, from wherever it comes.
interface Candidate {
  version: string;
  os: string;
  arch: string;
  file: string;
  /** Writes the archive to `to`; resolves to its SHA-256 (hex) and size. */
  fetchTo(to: string): Promise<{ sha256: string; size: number }>;
  /** Checks the received file; throws when it is not the one the source vouches for. */
  check(staged: StagedFile, h1: string): Promise<void>;
}

/** Copies `options.providers` from `options.from` into the store's network mirror. */
export async function mirrorProviders(
  store: RegistryStore,
  options: MirrorOptions,
): Promise<MirrorSummary> {
  const summary: MirrorSummary = { copied: [], skipped: [] };
  const say = options.onProgress ?? (() => {});
  const remote = /^https?:\/\//i.test(options.from);
  for (const provider of options.providers) {
    const address = `${provider.host}/${provider.namespace}/${provider.type}`;
    const candidates = remote
      ? await fromRegistry(options, provider)
      : await fromDirectory(options.from, provider);
    const wanted = candidates.filter((c) =>
      (!provider.versions || provider.versions.includes(c.version)) &&
      (!options.platforms || options.platforms.includes(`${c.os}_${c.arch}`))
    );
    const versions = [...new Set(wanted.map((c) => c.version))].sort(compareVersions);
    for (const missing of provider.versions ?? []) {
      if (!versions.includes(missing)) {
        throw new FoundryError(
          "registry.mirror.not_found",
          `${options.from} has no ${address} ${missing}` +
            (options.platforms ? ` for ${options.platforms.join(", ")}` : ""),
        );
      }
    }
    if (versions.length === 0) {
      throw new FoundryError("registry.mirror.not_found", `${options.from} has no ${address}`);
    }
    for (const version of versions) {
      const label = `${address} ${version}`;
      if (await store.metadata.release(provider.host, provider.namespace, provider.type, version)) {
        say(`${label}: already mirrored, skipped`);
        summary.skipped.push(label);
        continue;
      }
      await copyVersion(store, provider, version, wanted.filter((c) => c.version === version), say);
      summary.copied.push(label);
    }
  }
  return summary;
}

async function copyVersion(
  store: RegistryStore,
  provider: MirrorProvider,
  version: string,
  candidates: Candidate[],
  say: (line: string) => void,
): Promise<void> {
  const uploadId = newUploadId();
  const staging = stagingPath(store, uploadId);
  await Deno.mkdir(staging, { recursive: true });
  try {
    const files = new Map<string, StagedFile>();
    const archives: StoredArchive[] = [];
    for (const [i, c] of candidates.entries()) {
      const path = join(staging, c.file);
      say(
        `[${i + 1}/${candidates.length}] ${provider.host}/${provider.namespace}/${provider.type} ` +
          `${version} ${c.os}_${c.arch}: fetching`,
      );
      const { sha256, size } = await c.fetchTo(path);
      const staged = { path, size, sha256 };
      const h1 = h1Hash(await Deno.readFile(path));
      await c.check(staged, h1);
      say(`  ${c.file}: ${size} bytes, zh:${sha256.slice(0, 12)}..., ${h1.slice(0, 15)}...`);
      files.set(c.file, staged);
      archives.push({ os: c.os, arch: c.arch, file: c.file, sha256, size, h1 });
    }
    await commitRelease(
      store,
      {
        host: provider.host,
        namespace: provider.namespace,
        type: provider.type,
        version,
        protocols: [],
        archives,
        files: [],
      },
      uploadId,
      files,
    );
  } finally {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
  }
}

async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  using file = await Deno.open(path, { read: true });
  for await (const chunk of file.readable) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { sha256: hash.digest("hex"), size };
}

function mismatch(what: string): never {
  throw new FoundryError("registry.mirror.mismatch", what);
}

async function fromDirectory(root: string, p: MirrorProvider): Promise<Candidate[]> {
  const dir = join(root, p.host, p.namespace, p.type);
  const pattern = new RegExp(
    `^terraform-provider-${p.type}_(.+)_([a-z0-9]{1,32})_([a-z0-9]{1,32})\\.zip$`,
  );
  const out: Candidate[] = [];
  const entries: Deno.DirEntry[] = [];
  try {
    for await (const e of Deno.readDir(dir)) entries.push(e);
  } catch {
    throw new FoundryError(
      "registry.mirror.not_found",
      `${dir} does not exist: the directory must have the layout "terraform providers mirror" writes`,
    );
  }
  const hashesOf = new Map<string, Promise<Record<string, { hashes?: string[] }>>>();
  for (const e of entries) {
    const m = pattern.exec(e.name);
    if (!e.isFile || !m || !isValidSegment("version", m[1])) continue;
    const [, version, os, arch] = m;
    const source = join(dir, e.name);
    out.push({
      version,
      os,
      arch,
      file: e.name,
      async fetchTo(to) {
        await Deno.copyFile(source, to);
        return await hashFile(to);
      },
      async check(staged, h1) {
        // `terraform providers mirror` writes VERSION.json with the archive's hashes.
        if (!hashesOf.has(version)) {
          hashesOf.set(
            version,
            Deno.readTextFile(join(dir, `${version}.json`))
              .then((t) => JSON.parse(t).archives ?? {})
              .catch(() => ({})),
          );
        }
        const listed = (await hashesOf.get(version)!)[`${os}_${arch}`]?.hashes;
        if (listed && !listed.includes(`zh:${staged.sha256}`) && !listed.includes(h1)) {
          mismatch(`${source} matches none of the hashes in ${version}.json`);
        }
      },
    });
  }
  return out;
}

async function fromRegistry(options: MirrorOptions, p: MirrorProvider): Promise<Candidate[]> {
  const get = options.fetch ?? fetch;
  const headers: Record<string, string> = options.token
    ? { authorization: `Bearer ${options.token}` }
    : {};
  const json = async (url: URL, what: string) => {
    const res = await get(url, { headers });
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new FoundryError(
        "registry.mirror.source",
        `${what}: ${url.href} answered ${res.status}`,
      );
    }
    return await res.json();
  };
  const base = new URL(options.from);
  const discovery = await json(new URL("/.well-known/terraform.json", base), "service discovery");
  if (typeof discovery["providers.v1"] !== "string") {
    throw new FoundryError("registry.mirror.source", `${base.origin} offers no providers.v1`);
  }
  const api = new URL(discovery["providers.v1"], base);
  const listing = await json(
    new URL(`${p.namespace}/${p.type}/versions`, api),
    `versions of ${p.namespace}/${p.type}`,
  );
  const out: Candidate[] = [];
  for (const v of listing.versions ?? []) {
    if (typeof v?.version !== "string" || !isValidSegment("version", v.version)) continue;
    for (const platform of v.platforms ?? []) {
      const { os, arch } = platform ?? {};
      if (!isValidSegment("os", os) || !isValidSegment("arch", arch)) continue;
      const file = `terraform-provider-${p.type}_${v.version}_${os}_${arch}.zip`;
      const where = new URL(`${p.namespace}/${p.type}/${v.version}/download/${os}/${arch}`, api);
      let download: Record<string, unknown> | undefined;
      out.push({
        version: v.version,
        os,
        arch,
        file,
        async fetchTo(to) {
          download = await json(where, `download of ${file}`);
          const res = await get(new URL(String(download!.download_url), where));
          if (res.status !== 200 || !res.body) {
            throw new FoundryError(
              "registry.mirror.source",
              `${file}: download answered ${res.status}`,
            );
          }
          const hash = createHash("sha256");
          let size = 0;
          using out = await Deno.open(to, { write: true, createNew: true });
          for await (const chunk of res.body) {
            hash.update(chunk);
            size += chunk.byteLength;
            let at = 0;
            while (at < chunk.byteLength) at += await out.write(chunk.subarray(at));
          }
          return { sha256: hash.digest("hex"), size };
        },
        async check(staged) {
          if (staged.sha256 !== download!.shasum) {
            mismatch(`${file} does not match the shasum the registry gave`);
          }
          await verifySums(download!, where, get, staged.sha256, file);
        },
      });
    }
  }
  return out;
}

// The registry's SHA256SUMS must list the archive and be signed by a key it names.
async function verifySums(
  download: Record<string, unknown>,
  where: URL,
  get: typeof fetch,
  sha256: string,
  file: string,
): Promise<void> {
  const fetchBytes = async (url: unknown) => {
    const res = await get(new URL(String(url), where));
    if (res.status !== 200) mismatch(`${file}: ${String(url)} answered ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
  const sums = await fetchBytes(download.shasums_url);
  const signature = await fetchBytes(download.shasums_signature_url);
  const listed = new TextDecoder().decode(sums).split("\n").some((l) => l === `${sha256}  ${file}`);
  if (!listed) mismatch(`${file} is not listed with its SHA-256 in the registry's SHA256SUMS`);
  const armors = ((download.signing_keys as { gpg_public_keys?: { ascii_armor?: string }[] })
    ?.gpg_public_keys ?? []).map((k) => k.ascii_armor).filter((a): a is string => !!a);
  if (armors.length === 0) mismatch(`the registry names no signing key for ${file}`);
  const verificationKeys = await Promise.all(armors.map((a) => openpgp.readKey({ armoredKey: a })));
  const { signatures } = await openpgp.verify({
    message: await openpgp.createMessage({ binary: sums }),
    signature: await openpgp.readSignature({ binarySignature: signature }),
    verificationKeys,
  });
  for (const s of signatures) {
    try {
      await s.verified;
      return;
    } catch { /* next */ }
  }
  mismatch(`the SHA256SUMS signature for ${file} does not verify with the registry's keys`);
}
