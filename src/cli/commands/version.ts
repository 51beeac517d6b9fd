/**
 * `foundry version`: prints Foundry's version and the runtime's.
 *
 * @module
 */

import { type Command, parseFlags } from "../command.ts";

/** Foundry's version, kept equal to `deno.json`'s by a test. */
export const FOUNDRY_VERSION = "0.1.0";

/**
 * The `version` command.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { versionCommand } from "@foundry/foundry/cli";
 * let printed = "";
 * const code = await versionCommand.run([], { out: (t) => printed += t, err: () => {} });
 * assert.equal(code, 0);
 * assert.match(printed, /^foundry \S+/);
 * ```
 */
export const versionCommand: Command = {
  name: "version",
  summary: "Print Foundry's version",
  help:
    "Usage: foundry version\n\nPrints Foundry's version and the Deno, V8 and TypeScript versions.",
  run(args, io) {
    parseFlags(args, {});
    io.out(
      `foundry ${FOUNDRY_VERSION} (deno ${Deno.version.deno}, v8 ${Deno.version.v8}, ` +
        `typescript ${Deno.version.typescript})\n`,
    );
    return 0;
  },
};
