/**
 * Release files in an S3-compatible object store (AWS S3, MinIO, Ceph RGW,
 * SeaweedFS...), addressed path-style (`ENDPOINT/BUCKET/KEY`) and signed
 * with SigV4. Uploads stream the staged file with its SHA-256 as the signed
 * payload hash, so the store itself rejects a transfer that was corrupted on
 * the way. Several registry instances can share one bucket: keys carry the
 * upload's id, so concurrent writers never overwrite each other.
 *
 * @module
 */

import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { createReadStream } from "node:fs";
import { Buffer } from "node:buffer";
import type { ArtifactBody, ArtifactStore } from "./artifacts.ts";
import { isArtifactKey } from "./artifacts.ts";
import { EMPTY_SHA256, type S3Credentials, signS3Request } from "./sigv4.ts";

/** Where and how to reach the bucket. */
export interface S3ArtifactOptions {
  /** Endpoint URL, e.g. `https://s3.eu-west-1.amazonaws.com` or `http://127.0.0.1:9000`. */
  endpoint: string;
  /** Bucket name. */
  bucket: string;
  /** Region (default `us-east-1`, which most S3-compatible stores accept). */
  region?: string;
  /** Key prefix inside the bucket (e.g. `registry/`; default none). */
  prefix?: string;
  /** Access key. */
  credentials: S3Credentials;
}

const OPTION_KEYS = new Set(["endpoint", "bucket", "region", "prefix", "credentials"]);

function xmlText(xml: string, tag: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, "g"))) {
    out.push(
      m[1].replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"')
        .replaceAll("&apos;", "'").replaceAll("&amp;", "&"),
    );
  }
  return out;
}

/**
 * Release files in an S3 bucket.
 *
 * @example Usage (needs an S3-compatible server, so it only type-checks here)
 * ```ts ignore
 * import { S3Artifacts } from "@foundry/foundry/registry";
 * const store = new S3Artifacts({
 *   endpoint: "http://127.0.0.1:9000",
 *   bucket: "registry",
 *   credentials: { accessKeyId: "AK", secretAccessKey: "SECRET" },
 * });
 * console.log(await store.get("providers/_/acme/demo/1.0.0/u1/x.zip"));
 * ```
 */
export class S3Artifacts implements ArtifactStore {
  readonly #options: S3ArtifactOptions;
  readonly #endpoint: URL;
  /** See {@link ArtifactStore.description}. */
  readonly description: string;

  /** Uses the bucket described by `options`. */
  constructor(options: S3ArtifactOptions) {
    for (const k of Object.keys(options)) {
      if (!OPTION_KEYS.has(k)) throw new TypeError(`unknown S3 option "${k}"`);
    }
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.bucket)) {
      throw new TypeError(`invalid bucket name "${options.bucket}"`);
    }
    if (options.prefix !== undefined && options.prefix !== "" && !isArtifactKey(options.prefix)) {
      throw new TypeError(`invalid key prefix "${options.prefix}"`);
    }
    this.#options = options;
    this.#endpoint = new URL(options.endpoint);
    if (this.#endpoint.protocol !== "http:" && this.#endpoint.protocol !== "https:") {
      throw new TypeError(`the S3 endpoint must be http(s), got "${options.endpoint}"`);
    }
    this.description = `s3 ${this.#endpoint.origin}/${options.bucket}/${options.prefix ?? ""}`;
  }

  #url(key: string, query: Record<string, string> = {}): URL {
    if (!isArtifactKey(key)) throw new TypeError(`invalid artifact key "${key}"`);
    const base = this.#endpoint.pathname.replace(/\/$/, "");
    const url = new URL(this.#endpoint.origin);
    url.pathname = `${base}/${this.#options.bucket}/${this.#options.prefix ?? ""}${key}`;
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url;
  }

  #bucketUrl(query: Record<string, string>): URL {
    const url = new URL(this.#endpoint.origin);
    url.pathname = `${this.#endpoint.pathname.replace(/\/$/, "")}/${this.#options.bucket}/`;
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url;
  }

  #sign(method: string, url: URL, payloadHash: string, headers: Record<string, string> = {}) {
    return signS3Request({
      method,
      url,
      headers,
      payloadHash,
      region: this.#options.region ?? "us-east-1",
      credentials: this.#options.credentials,
    });
  }

  async #failed(what: string, res: Response): Promise<never> {
    const text = await res.text();
    const code = xmlText(text, "Code")[0] ?? "";
    const message = xmlText(text, "Message")[0] ?? text.slice(0, 200);
    throw new Error(`S3 ${what} failed (${res.status} ${code}): ${message}`);
  }

  /** See {@link ArtifactStore.put}. */
  put(key: string, source: string, info: { size: number; sha256: string }): Promise<void> {
    const url = this.#url(key);
    const headers = this.#sign("PUT", url, info.sha256, {
      "content-length": String(info.size),
      "content-type": "application/octet-stream",
    });
    // node:http streams the file with a Content-Length, which S3 requires for a plain PUT.
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(url, { method: "PUT", headers }, (res) => {
        const chunks: Uint8Array[] = [];
        res.on("data", (c: Uint8Array) => chunks.push(c));
        res.on("end", () => {
          if (res.statusCode === 200) return resolve();
          const text = Buffer.concat(chunks).toString("utf8");
          reject(
            new Error(
              `S3 PUT ${key} failed (${res.statusCode} ${xmlText(text, "Code")[0] ?? ""}): ` +
                (xmlText(text, "Message")[0] ?? text.slice(0, 200)),
            ),
          );
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      const file = createReadStream(source);
      file.on("error", (e) => req.destroy(e));
      file.pipe(req);
    });
  }

  /** See {@link ArtifactStore.get}. */
  async get(key: string): Promise<ArtifactBody | undefined> {
    const url = this.#url(key);
    const res = await fetch(url, { headers: this.#sign("GET", url, EMPTY_SHA256) });
    if (res.status === 404) {
      await res.body?.cancel();
      return undefined;
    }
    if (res.status !== 200 || !res.body) return await this.#failed(`GET ${key}`, res);
    return { body: res.body, size: Number(res.headers.get("content-length") ?? "0") };
  }

  /** See {@link ArtifactStore.deletePrefix}. */
  async deletePrefix(prefix: string): Promise<void> {
    if (!prefix.endsWith("/") || !isArtifactKey(prefix)) {
      throw new TypeError(`invalid artifact prefix "${prefix}"`);
    }
    const full = `${this.#options.prefix ?? ""}${prefix}`;
    let token: string | undefined;
    do {
      const url = this.#bucketUrl({
        "list-type": "2",
        prefix: full,
        ...(token ? { "continuation-token": token } : {}),
      });
      const res = await fetch(url, { headers: this.#sign("GET", url, EMPTY_SHA256) });
      if (res.status !== 200) await this.#failed(`list ${prefix}`, res);
      const xml = await res.text();
      for (const fullKey of xmlText(xml, "Key")) {
        const key = fullKey.slice((this.#options.prefix ?? "").length);
        const target = this.#url(key);
        const del = await fetch(target, {
          method: "DELETE",
          headers: this.#sign("DELETE", target, EMPTY_SHA256),
        });
        if (del.status !== 204 && del.status !== 200 && del.status !== 404) {
          await this.#failed(`DELETE ${key}`, del);
        }
        await del.body?.cancel();
      }
      token = xmlText(xml, "IsTruncated")[0] === "true"
        ? xmlText(xml, "NextContinuationToken")[0]
        : undefined;
    } while (token);
  }
}
