/**
 * The registry's HTTP surface on hono: service discovery, the Provider
 * Registry Protocol and the Provider Network Mirror Protocol, answered from a
 * {@link RegistryStorage}. Refusals carry `{"errors": [...]}` bodies, the
 * shape Terraform's registry client reads.
 *
 * @module
 */

import { Hono } from "hono";
import type { Context } from "hono";
import { RegistryStorage, type StoredRelease } from "./storage.ts";
import { isValidSegment } from "./names.ts";
import { tokenAllows } from "./tokens.ts";
import { FileSigner, isPrivateNamespace } from "./access.ts";
import { commitUpload } from "./upload.ts";

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
  /** Storage directory (see `RegistryStorage` for its layout). */
  storage: string;
  /**
   * Provider hosts the network mirror answers for besides the host the
   * request was sent to (e.g. the public name behind a load balancer).
   */
  hostnames?: readonly string[];
  /** Largest accepted upload body in bytes (default 1 GiB); larger ones get 413. */
  maxUploadBytes?: number;
}

const OPTION_KEYS = new Set(["storage", "hostnames", "maxUploadBytes"]);

function refuse(
  c: Context,
  status: 400 | 401 | 403 | 404 | 409 | 413,
  message: string,
): Response {
  if (status === 401) c.header("www-authenticate", 'Bearer realm="foundry registry"');
  return c.json({ errors: [message] }, status);
}

// Reads at most `limit` bytes of the body; undefined when it is larger.
async function readBounded(body: ReadableStream<Uint8Array> | null, limit: number) {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (body) {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > limit) return undefined;
      chunks.push(chunk);
    }
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function isSigned(release: StoredRelease, keys: number): boolean {
  return release.signatureFile !== undefined && keys > 0;
}

/**
 * Builds the registry's hono app. Serve it with `Deno.serve(app.fetch)` or
 * `serveRegistry`.
 *
 * The registry protocol lists only signed versions of namespaces with a
 * registered key, because Terraform refuses a package it cannot verify; the
 * network mirror lists every version (Terraform checks its hashes instead).
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
  for (const k of Object.keys(options)) {
    if (!OPTION_KEYS.has(k)) throw new TypeError(`unknown registry option "${k}"`);
  }
  const storage = new RegistryStorage(options.storage);
  const aliases = new Set((options.hostnames ?? []).map((h) => h.toLowerCase()));
  const maxUpload = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const signer = new FileSigner(options.storage);
  const app = new Hono();

  // Undefined when the request may read `namespace`, else the refusal.
  const readRefusal = async (c: Context, namespace: string) => {
    if (!(await isPrivateNamespace(options.storage, namespace))) return undefined;
    const token = /^Bearer (\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (!token) return refuse(c, 401, `namespace ${namespace} is private: a token is required`);
    if (!(await tokenAllows(options.storage, namespace, token))) {
      return refuse(c, 403, `this token may not read namespace ${namespace}`);
    }
    return undefined;
  };
  // An absolute file URL, signed when the namespace is private.
  const fileUrl = async (c: Context, namespace: string, path: string) => {
    const url = new URL(`${FILES_PATH}${path}`, c.req.url);
    if (await isPrivateNamespace(options.storage, namespace)) {
      url.searchParams.set("sig", await signer.sign(url.pathname));
    }
    return url.href;
  };

  app.get("/.well-known/terraform.json", (c) => c.json({ "providers.v1": PROVIDERS_PATH }));

  app.get(`${PROVIDERS_PATH}:namespace/:type/versions`, async (c) => {
    const { namespace, type } = c.req.param();
    const denied = await readRefusal(c, namespace);
    if (denied) return denied;
    const keys = (await storage.signingKeys(namespace)).length;
    const releases = (await storage.versions(namespace, type)).filter((r) => isSigned(r, keys));
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
    const denied = await readRefusal(c, namespace);
    if (denied) return denied;
    const release = await storage.release(namespace, type, version);
    const keys = await storage.signingKeys(namespace);
    const archive = release?.archives.find((a) => a.os === os && a.arch === arch);
    if (!release || !archive || !isSigned(release, keys.length)) {
      return refuse(c, 404, `${namespace}/${type} ${version} has no package for ${os}_${arch}`);
    }
    const dir = `${namespace}/${type}/${version}/`;
    return c.json({
      protocols: release.protocols,
      os,
      arch,
      filename: archive.file,
      download_url: await fileUrl(c, namespace, dir + archive.file),
      shasums_url: await fileUrl(c, namespace, dir + release.sumsFile),
      shasums_signature_url: await fileUrl(c, namespace, dir + release.signatureFile!),
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
    const release = await storage.release(namespace, type, version);
    const path = release ? storage.filePath(release, file) : undefined;
    if (!path) return refuse(c, 404, `no file ${file} in ${namespace}/${type} ${version}`);
    if (await isPrivateNamespace(options.storage, namespace)) {
      const sig = c.req.query("sig") ?? "";
      if (!(await signer.verify(new URL(c.req.url).pathname, sig))) {
        return refuse(c, 403, "this file link is not valid; ask the registry for a new one");
      }
    }
    const data = await Deno.readFile(path);
    return c.body(data, 200, {
      "content-type": file.endsWith(".zip") ? "application/zip" : "application/octet-stream",
    });
  });

  app.get(`${MIRROR_PATH}:host/:namespace/:type/:file`, async (c) => {
    const { host, namespace, type, file } = c.req.param();
    const own = new URL(c.req.url).host.toLowerCase();
    const asked = host.toLowerCase();
    if (!isValidSegment("host", asked) || (asked !== own && !aliases.has(asked))) {
      return refuse(c, 404, `this mirror does not hold providers of ${host}`);
    }
    const denied = await readRefusal(c, namespace);
    if (denied) return denied;
    if (file === "index.json") {
      const releases = await storage.versions(namespace, type);
      if (releases.length === 0) {
        return refuse(c, 404, `provider ${host}/${namespace}/${type} is not mirrored here`);
      }
      return c.json({ versions: Object.fromEntries(releases.map((r) => [r.version, {}])) });
    }
    const version = file.endsWith(".json") ? file.slice(0, -".json".length) : "";
    const release = await storage.release(namespace, type, version);
    if (!release) {
      return refuse(c, 404, `${host}/${namespace}/${type} has no version ${version} here`);
    }
    const archives: Record<string, { url: string; hashes: string[] }> = {};
    for (const a of release.archives) {
      archives[`${a.os}_${a.arch}`] = {
        url: await fileUrl(c, namespace, `${namespace}/${type}/${version}/${a.file}`),
        hashes: [await storage.h1(release, a), `zh:${a.sha256}`],
      };
    }
    return c.json({ archives });
  });

  app.post(`${PUBLISH_PATH}:namespace/:type/:version`, async (c) => {
    const { namespace, type, version } = c.req.param();
    const auth = c.req.header("authorization") ?? "";
    const token = /^Bearer (\S+)$/i.exec(auth)?.[1];
    if (!token) {
      return refuse(c, 401, "publishing needs a token: set TF_TOKEN_<host> or pass --token");
    }
    if (!(await tokenAllows(options.storage, namespace, token))) {
      return refuse(c, 403, `this token may not publish to namespace ${namespace}`);
    }
    const declared = Number(c.req.header("content-length") ?? "0");
    if (declared > maxUpload) return refuse(c, 413, `upload larger than ${maxUpload} bytes`);
    const body = await readBounded(c.req.raw.body, maxUpload);
    if (!body) return refuse(c, 413, `upload larger than ${maxUpload} bytes`);
    let form: FormData;
    try {
      form = await new Response(body, {
        headers: { "content-type": c.req.header("content-type") ?? "" },
      }).formData();
    } catch {
      return refuse(c, 400, "the upload must be multipart/form-data with one part per file");
    }
    const files = new Map<string, Uint8Array>();
    for (const [name, value] of form) {
      if (typeof value === "string" || files.has(name)) {
        return refuse(c, 400, `part "${name}" must be a file, given once`);
      }
      files.set(name, new Uint8Array(await value.arrayBuffer()));
    }
    const refusal = await commitUpload(storage, namespace, type, version, files);
    if (refusal) return refuse(c, refusal.status, refusal.message);
    return c.json({ published: `${namespace}/${type} ${version}`, files: [...files.keys()] }, 201);
  });

  app.notFound((c) => refuse(c, 404, `no such registry endpoint: ${new URL(c.req.url).pathname}`));
  return app;
}
