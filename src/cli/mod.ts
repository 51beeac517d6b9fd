/**
 * The `foundry` command line. Every verb is a thin wrapper over a layer's
 * public function; run `deno task foundry --help` for the list. This module
 * is also the command itself: `deno run -A jsr:@foundry/foundry/cli dev` (or
 * `deno install -g -A -n foundry jsr:@foundry/foundry/cli`). `foundry dev`
 * points Terraform at the provider's source through `dev_overrides` and
 * prints the `export TF_CLI_CONFIG_FILE=...` line to paste.
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
export { devCommand, type DevOptions, type DevSetup, devSetup } from "./dev.ts";
export { processIO, runCli } from "./run.ts";
export { FOUNDRY_VERSION, versionCommand } from "./version.ts";

import { runCli } from "./run.ts";

// `deno run -A jsr:@foundry/foundry/cli VERB` and `deno install -g` run this
// module itself: it is the `foundry` command as well as its library.
if (import.meta.main) Deno.exit(await runCli(Deno.args));
