/**
 * Whether a request's header fields form a well-formed HTTP/2 request (RFC
 * 9113 section 8.2 and 8.3). A malformed request is a stream error
 * (RST_STREAM PROTOCOL_ERROR): the connection lives on.
 *
 * @module
 */

import type { HeaderField } from "./hpack.ts";

const REQUEST_PSEUDO = new Set([":method", ":scheme", ":path", ":authority"]);
// RFC 9113 8.2.2: connection-specific fields have no meaning in HTTP/2.
const CONNECTION_SPECIFIC = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
]);
const UPPERCASE = /[A-Z]/;

/**
 * Why `fields` are not a well-formed request, or undefined when they are.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { malformedRequest } from "./http2_request_check.ts";
 * assert.equal(
 *   malformedRequest([[":method", "POST"], [":scheme", "http"], [":path", "/a/B"]]),
 *   undefined,
 * );
 * assert.match(malformedRequest([[":method", "POST"], [":scheme", "http"]])!, /:path/);
 * ```
 */
export function malformedRequest(fields: readonly HeaderField[]): string | undefined {
  const seen = new Set<string>();
  let regular = false;
  for (const [name, value] of fields) {
    if (name === "" || UPPERCASE.test(name)) return `header name "${name}" is not lowercase`;
    if (name[0] === ":") {
      if (regular) return `pseudo-header ${name} after a regular field`;
      if (!REQUEST_PSEUDO.has(name)) return `unknown pseudo-header ${name}`;
      if (seen.has(name)) return `pseudo-header ${name} twice`;
      seen.add(name);
      continue;
    }
    regular = true;
    if (CONNECTION_SPECIFIC.has(name)) return `connection-specific field ${name}`;
    if (name === "te" && value !== "trailers") return `te must be "trailers", not "${value}"`;
  }
  for (const required of [":method", ":scheme", ":path"]) {
    if (!seen.has(required)) return `no ${required}`;
  }
  return undefined;
}

/**
 * Why `fields` are not well-formed trailers (pseudo-headers are not allowed
 * there), or undefined.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { malformedTrailers } from "./http2_request_check.ts";
 * assert.match(malformedTrailers([[":status", "200"]])!, /pseudo-header/);
 * ```
 */
export function malformedTrailers(fields: readonly HeaderField[]): string | undefined {
  for (const [name] of fields) {
    if (name === "" || UPPERCASE.test(name)) return `header name "${name}" is not lowercase`;
    if (name[0] === ":") return `pseudo-header ${name} in trailers`;
  }
  return undefined;
}
