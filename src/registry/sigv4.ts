/**
 * AWS Signature Version 4 for S3-compatible object stores, with
 * `node:crypto`: a canonical request (method, URI-encoded path, sorted query,
 * the signed headers, the payload's SHA-256), the string to sign over it, and
 * an HMAC chain from the secret through date, region and service.
 *
 * @module
 */

import { createHash, createHmac } from "node:crypto";

/** Credentials of an S3 access key. */
export interface S3Credentials {
  /** Access key ID. */
  accessKeyId: string;
  /** Secret access key. */
  secretAccessKey: string;
  /** Session token of temporary credentials, sent as `x-amz-security-token`. */
  sessionToken?: string;
}

/** A request to sign. */
export interface SigV4Request {
  /** HTTP method. */
  method: string;
  /** Full URL (path-style or virtual-hosted; the query is signed too). */
  url: URL;
  /** Headers to send and sign (names in any case); `host` is added. */
  headers: Record<string, string>;
  /** SHA-256 (hex) of the body, or `UNSIGNED-PAYLOAD`. */
  payloadHash: string;
  /** Region, e.g. `us-east-1`. */
  region: string;
  /** Service (default `s3`). */
  service?: string;
  /** The key. */
  credentials: S3Credentials;
  /** Signing time (default now). */
  now?: Date;
}

/** SHA-256 (hex) of the empty body. */
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// RFC 3986 unreserved characters stay; everything else is %XX (upper case).
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

// A path segment as it went on the wire (valid %XX escapes are bytes; anything else is its
// UTF-8), encoded the S3 way.
function canonicalSegment(segment: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < segment.length; i++) {
    const escape = /^%[0-9A-Fa-f]{2}/.exec(segment.slice(i, i + 3));
    if (escape) {
      bytes.push(parseInt(segment.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    const code = segment.codePointAt(i)!;
    if (code > 0xffff) i++;
    bytes.push(...new TextEncoder().encode(String.fromCodePoint(code)));
  }
  return bytes.map((b) =>
    b < 0x80 && UNRESERVED.test(String.fromCharCode(b))
      ? String.fromCharCode(b)
      : `%${b.toString(16).toUpperCase().padStart(2, "0")}`
  ).join("");
}

function hmac(key: string | Uint8Array, data: string): Uint8Array {
  return new Uint8Array(createHmac("sha256", key).update(data).digest());
}

/**
 * The headers to send: the given ones plus `host`, `x-amz-date`,
 * `x-amz-content-sha256`, the session token if any, and `authorization`.
 *
 * @example The GET example of Amazon's S3 SigV4 documentation
 * ```ts
 * import assert from "node:assert/strict";
 * import { EMPTY_SHA256, signS3Request } from "@foundry/foundry/registry";
 * const headers = signS3Request({
 *   method: "GET",
 *   url: new URL("https://examplebucket.s3.amazonaws.com/test.txt"),
 *   headers: { range: "bytes=0-9" },
 *   payloadHash: EMPTY_SHA256,
 *   region: "us-east-1",
 *   credentials: {
 *     accessKeyId: "AKIAIOSFODNN7EXAMPLE",
 *     secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
 *   },
 *   now: new Date("2013-05-24T00:00:00Z"),
 * });
 * assert.match(headers.authorization, /Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41$/);
 * ```
 */
export function signS3Request(req: SigV4Request): Record<string, string> {
  const service = req.service ?? "s3";
  const now = req.now ?? new Date();
  const amzDate = now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  headers["host"] = req.url.host;
  headers["x-amz-date"] = amzDate;
  headers["x-amz-content-sha256"] = req.payloadHash;
  if (req.credentials.sessionToken) headers["x-amz-security-token"] = req.credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names
    .map((n) => `${n}:${headers[n].trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const signedHeaders = names.join(";");
  const path = req.url.pathname.split("/").map(canonicalSegment).join("/");
  const query = [...req.url.searchParams]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const canonical = [
    req.method.toUpperCase(),
    path || "/",
    query,
    canonicalHeaders,
    signedHeaders,
    req.payloadHash,
  ].join("\n");
  const scope = `${day}/${req.region}/${service}/aws4_request`;
  const stringToSign = [
    "AWS4-HMAC-SHA256",
    amzDate,
    scope,
    createHash("sha256").update(canonical).digest("hex"),
  ].join("\n");
  let key = hmac(`AWS4${req.credentials.secretAccessKey}`, day);
  key = hmac(key, req.region);
  key = hmac(key, service);
  key = hmac(key, "aws4_request");
  const signature = createHmac("sha256", key).update(stringToSign).digest("hex");
  headers["authorization"] =
    `AWS4-HMAC-SHA256 Credential=${req.credentials.accessKeyId}/${scope}, ` +
    `SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}
