/**
 * The Node built-ins the example uses, loaded on first use instead of
 * imported at the top of its modules. A provider is started 3-4 times per
 * Terraform command and Terraform waits for its handshake line each time;
 * any `node:` import in the provider's module graph starts Deno's Node
 * compatibility layer before that line (7-25 ms of CPU, `node:crypto` the
 * most). Loaded here, they cost nothing until a call needs them.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { nodeCrypto, nodePath } from "./builtins.ts";
 * assert.equal(nodePath().join("a", "b"), "a/b");
 * assert.equal(nodeCrypto().createHash("sha256").update("").digest("hex").length, 64);
 * ```
 *
 * @module
 */

/** `node:crypto`, loaded on the first call. */
export function nodeCrypto(): typeof import("node:crypto") {
  return process.getBuiltinModule("node:crypto");
}

/** `node:path`, loaded on the first call. */
export function nodePath(): typeof import("node:path") {
  return process.getBuiltinModule("node:path");
}
