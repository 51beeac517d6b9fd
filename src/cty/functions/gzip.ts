/**
 * `base64gzip`: gzip of the string's UTF-8 bytes, then base64. It compresses with `node:zlib`,
 * whose bytes may differ from Go's `compress/gzip`, but they decompress to the same text. A
 * module of its own so that `node:zlib` loads only where `base64gzip` is used.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gunzipSync } from "node:zlib";
 * import { cty } from "../mod.ts";
 * import { gzipFunctions } from "./gzip.ts";
 *
 * const b64 = gzipFunctions.base64gzip.call([cty.string("héllo")]).asString();
 * const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
 * assert.equal(new TextDecoder().decode(gunzipSync(bytes)), "héllo");
 * ```
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { gzipSync } from "node:zlib";
import { cty, type CtyFunction } from "../evaluation.ts";
import { makeFunction } from "./make_function.ts";

const utf8 = new TextEncoder();

/** `base64gzip` by name. */
export const gzipFunctions: Readonly<Record<string, CtyFunction>> = {
  base64gzip: makeFunction({
    params: [{ name: "str", type: cty.String }],
    returnType: cty.String,
    refineNotNull: true,
    impl: ([s]) => cty.string(Buffer.from(gzipSync(utf8.encode(s.asString()))).toString("base64")),
  }),
};
