/**
 * The registry's HTTP surface on hono: service discovery, the Provider
 * Registry Protocol, the Provider Network Mirror Protocol and the publish
 * endpoint, answered from a {@link RegistryStore}. Refusals carry
 * `{"errors": [...]}` bodies, the shape Terraform's registry client reads.
 *
 * @module
 */

import { Hono } from "hono";
import type { Context } from "hono";
import { openEmbeddedStore, type RegistryStore } from "./store.ts";
import type { StoredRelease } from "./metadata.ts";
import { isValidSegment } from "./names.ts";
import { tokenAllows } from "./tokens.ts";
import { FileSigner, isPrivateNamespace } from "./access.ts";
import { receiveUpload } from "./upload.ts";
import { h1Hash } from "./hashes.ts";
import { compareVersions } from "./names.ts";

/** Where the Provider Registry Protocol is mounted (`providers.v1`). */
export const PROVIDERS_PATH = "/v1/providers/";
/** Where the Provider Network Mirror Protocol is mounted. */
export const MIRROR_PATH = "/v1/mirror/";
/** Where release files are downloaded from. */
export const FILES_PATH = "/v1/files/";
/** Where `foundry publish` uploads (`POST PUBLISH_PATH + "NS/TYPE/VERSION"`, multipart). */
export const PUBLISH_PATH = "/v1/publish/";
/** Default bound of an upload's body. */
export const DEFAULT_MAX_UPLOAD_BYTES = 1 << 30;

/** Options of {@link createRegistryApp}. */
export interface RegistryOptions {
  /** Data directory of the embedded store (SQLite and files); or pass `store`. */
  storage?: string;
  /** An opened store (e.g. PostgreSQL and S3, see `openRegistryStore`); or pass `storage`. */
  store?: RegistryStore;
  /**
   * Provider hosts whose own providers the network mirror answers for besides
   * the host the request was sent to (e.g. the public name behind a load balancer).
   */
  hostnames?: readonly string[];
  /** Largest accepted upload body in bytes (default 1 GiB); larger ones get 413. */
  maxUploadBytes?: number;
}

const OPTION_KEYS = new Set(["storage", "store", "hostnames", "maxUploadBytes"]);

function refuse(
  c: Context,
  status: 400 | 401 | 403 | 404 | 409 | 413,
  message: string,
): Response {
  if (status === 401) c.header("www-authenticate", 'Bearer realm="foundry registry"');
  return c.json({ errors: [message] }, status);
}

function bearer(c: Context): string | undefined {
  return /^Bearer (\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
}

/** The store an app built from `options` uses (opening the embedded one for `storage`). */
export function resolveStore(options: RegistryOptions): RegistryStore {
  for (const k of Object.keys(options)) {
    if (!OPTION_KEYS.has(k)) throw new TypeError(`unknown registry option "${k}"`);
  }
  if ((options.storage === undefined) === (options.store === undefined)) {
    throw new TypeError("pass exactly one of storage (a directory) and store");
  }
  return options.store ?? openEmbeddedStore(options.storage!);
}

/**
 * Builds the registry's hono app. Serve it with `Deno.serve(app.fetch)` or
 * `serveRegistry`.
 *
 * The registry protocol lists only signed versions of namespaces with a
 * registered key, because Terraform refuses a package it cannot verify; the
 * network mirror lists every version (Terraform checks its hashes instead),
 * including copies of other registries' providers made by
 * `foundry registry mirror`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRegistryApp } from "@foundry/foundry/registry";
 * const dir = await Deno.makeTempDir();
 * const app = createRegistryApp({ storage: dir });
 * const res = await app.request("https://registry.example/.well-known/terraform.json");
 * assert.deepEqual(await res.json(), { "providers.v1": "/v1/providers/" });
 * const missing = await app.request("https://registry.example/v1/providers/acme/demo/versions");
 * assert.equal(missing.status, 404);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function createRegistryApp(options: RegistryOptions): Hono {
  return buildApp(resolveStore(options), options);
}

/** {@link createRegistryApp} over an opened store. */
export function buildApp(store: RegistryStore, options: RegistryOptions): Hono {
  const meta = store.metadata;
  const aliases = new Set((options.hostnames ?? []).map((h) => h.toLowerCase()));
  const maxUpload = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const signer = new FileSigner(meta);
  const app = new Hono();

  // Undefined when the request may read `namespace`, else the refusal.
  const readRefusal = async (c: Context, namespace: string, isPrivate?: boolean) => {
    if (!(isPrivate ?? await isPrivateNamespace(meta, namespace))) return undefined;
    const token = bearer(c);
    if (!token) return refuse(c, 401, `namespace ${namespace} is private: a token is required`);
    if (!(await tokenAllows(meta, namespace, token))) {
      return refuse(c, 403, `this token may not read namespace ${namespace}`);
    }
    return undefined;
  };
  // An absolute file URL, signed when the namespace is private.
  const fileUrl = async (c: Context, release: StoredRelease, file: string, isPrivate: boolean) => {
    const at = `${release.namespace}/${release.type}/${release.version}/${file}`;
    const url = new URL(
      release.host === "" ? `${FILES_PATH}${at}` : `${MIRROR_PATH}${release.host}/${at}`,
      c.req.url,
    );
    if (isPrivate) url.searchParams.set("sig", await signer.sign(url.pathname));
    return url.href;
  };
  const signedKeys = async (namespace: string) => await meta.keys(namespace);
  const offered = (r: StoredRelease, keys: number) => r.signatureFile !== undefined && keys > 0;
  // Which releases a mirror request for `host` means: our own, or copies of another registry's.
  const mirrorHost = (c: Context, host: string) => {
    const asked = host.toLowerCase();
    if (!isValidSegment("host", asked)) return undefined;
    return asked === new URL(c.req.url).host.toLowerCase() || aliases.has(asked) ? "" : asked;
  };
  const sendFile = async (c: Context, release: StoredRelease | undefined, file: string) => {
    const served = release &&
      (release.files.includes(file) || release.archives.some((a) => a.file === file));
    const found = served ? await store.artifacts.get(release.prefix + file) : undefined;
    if (!release || !found) {
      return refuse(c, 404, `no file ${file} in this release`);
    }
    if (await isPrivateNamespace(meta, release.namespace)) {
      const sig = c.req.query("sig") ?? "";
      if (!(await signer.verify(new URL(c.req.url).pathname, sig))) {
        await found.body.cancel();
        return refuse(c, 403, "this file link is not valid; ask the registry for a new one");
      }
    }
    return c.body(found.body, 200, {
      "content-type": file.endsWith(".zip") ? "application/zip" : "application/octet-stream",
      "content-length": String(found.size),
    });
  };

  app.get("/.well-known/terraform.json", (c) => c.json({ "providers.v1": PROVIDERS_PATH }));

  app.get(`${PROVIDERS_PATH}:namespace/:type/versions`, async (c) => {
    const { namespace, type } = c.req.param();
    const denied = await readRefusal(c, namespace);
    if (denied) return denied;
    const keys = (await signedKeys(namespace)).length;
    const releases = (await meta.releases("", namespace, type))
      .filter((r) => offered(r, keys))
      .sort((a, b) => compareVersions(a.version, b.version));
    if (releases.length === 0) {
      return refuse(c, 404, `provider ${namespace}/${type} is not published here`);
    }
    return c.json({
      versions: releases.map((r) => ({
        version: r.version,
        protocols: r.protocols,
        platforms: r.archives.map((a) => ({ os: a.os, arch: a.arch })),
      })),
    });
  });

  app.get(`${PROVIDERS_PATH}:namespace/:type/:version/download/:os/:arch`, async (c) => {
    const { namespace, type, version, os, arch } = c.req.param();
    const isPrivate = await isPrivateNamespace(meta, namespace);
    const denied = await readRefusal(c, namespace, isPrivate);
    if (denied) return denied;
    const release = await meta.release("", namespace, type, version);
    const keys = await signedKeys(namespace);
    const archive = release?.archives.find((a) => a.os === os && a.arch === arch);
    if (!release || !archive || !offered(release, keys.length)) {
      return refuse(c, 404, `${namespace}/${type} ${version} has no package for ${os}_${arch}`);
    }
    return c.json({
      protocols: release.protocols,
      os,
      arch,
      filename: archive.file,
      download_url: await fileUrl(c, release, archive.file, isPrivate),
      shasums_url: await fileUrl(c, release, release.sumsFile!, isPrivate),
      shasums_signature_url: await fileUrl(c, release, release.signatureFile!, isPrivate),
      shasum: archive.sha256,
      signing_keys: {
        gpg_public_keys: keys.map((k) => ({
          key_id: k.keyId,
          ascii_armor: k.asciiArmor,
          trust_signature: "",
          source: "",
          source_url: null,
        })),
      },
    });
  });

  app.get(`${FILES_PATH}:namespace/:type/:version/:file`, async (c) => {
    const { namespace, type, version, file } = c.req.param();
    const release = await meta.release("", namespace, type, version);
    return await sendFile(c, release, file);
  });

  app.get(`${MIRROR_PATH}:host/:namespace/:type/:version/:file`, async (c) => {
    const { host, namespace, type, version, file } = c.req.param();
    const asked = mirrorHost(c, host);
    if (!asked) return refuse(c, 404, `no file ${file} in this mirror`);
    return await sendFile(c, await meta.release(asked, namespace, type, version), file);
  });

  app.get(`${MIRROR_PATH}:host/:namespace/:type/:file`, async (c) => {
    const { host, namespace, type, file } = c.req.param();
    const asked = mirrorHost(c, host);
    if (asked === undefined) {
      return refuse(c, 404, `this mirror does not hold providers of ${host}`);
    }
    const isPrivate = await isPrivateNamespace(meta, namespace);
    const denied = await readRefusal(c, namespace, isPrivate);
    if (denied) return denied;
    if (file === "index.json") {
      const releases = await meta.releases(asked, namespace, type);
      if (releases.length === 0) {
        return refuse(c, 404, `provider ${host}/${namespace}/${type} is not mirrored here`);
      }
      return c.json({
        versions: Object.fromEntries(
          releases.map((r) => r.version).sort(compareVersions).map((v) => [v, {}]),
        ),
      });
    }
    const version = file.endsWith(".json") ? file.slice(0, -".json".length) : "";
    const release = isValidSegment("version", version)
      ? await meta.release(asked, namespace, type, version)
      : undefined;
    if (!release) {
      return refuse(c, 404, `${host}/${namespace}/${type} has no version ${version} here`);
    }
    const archives: Record<string, { url: string; hashes: string[] }> = {};
    for (const a of release.archives) {
      let h1 = a.h1;
      if (!h1) {
        const found = await store.artifacts.get(release.prefix + a.file);
        if (!found) continue;
        h1 = h1Hash(new Uint8Array(await new Response(found.body).arrayBuffer()));
        await meta.setH1(release, a, h1);
      }
      archives[`${a.os}_${a.arch}`] = {
        url: await fileUrl(c, release, a.file, isPrivate),
        hashes: [h1, `zh:${a.sha256}`],
      };
    }
    return c.json({ archives });
  });

  app.post(`${PUBLISH_PATH}:namespace/:type/:version`, async (c) => {
    const { namespace, type, version } = c.req.param();
    const token = bearer(c);
    if (!token) {
      return refuse(c, 401, "publishing needs a token: set TF_TOKEN_<host> or pass --token");
    }
    if (!(await tokenAllows(meta, namespace, token))) {
      return refuse(c, 403, `this token may not publish to namespace ${namespace}`);
    }
    const declared = Number(c.req.header("content-length") ?? "0");
    if (declared > maxUpload) return refuse(c, 413, `upload larger than ${maxUpload} bytes`);
    const refusal = await receiveUpload(
      store,
      namespace,
      type,
      version,
      c.req.raw.body,
      c.req.header("content-type") ?? "",
      maxUpload,
    );
    if (refusal) return refuse(c, refusal.status, refusal.message);
    return c.json({ published: `${namespace}/${type} ${version}` }, 201);
  });

  app.notFound((c) => refuse(c, 404, `no such registry endpoint: ${new URL(c.req.url).pathname}`));
  return app;
}
