/**
 * The `foundry` command line. Every verb is a thin wrapper over a layer's
 * public function; run `deno task foundry --help` for the list.
 *
 * @example
 * ```ts
 * import { runCli } from "@foundry/foundry/cli";
 * const code = await runCli(["version"]);
 * console.assert(code === 0);
 * ```
 *
 * @module
 */

export { type CliIO, type Command, oneLineErrors, parseFlags, UsageError } from "./command.ts";
export { buildCommand, installCommand } from "./build.ts";
export { COMMANDS } from "./commands.ts";
export { ctyCommand } from "./cty.ts";
export { processIO, runCli } from "./run.ts";
export { FOUNDRY_VERSION, versionCommand } from "./version.ts";
