/**
 * The `foundry` command line. Every verb is a thin wrapper over a layer's
 * public function; run `deno task foundry --help` for the list. The command
 * itself is `./cli/main` (`main.ts`): `deno run -A --unstable-lazy-dynamic-imports
 * jsr:@foundry/foundry/cli/main dev`, or `deno install -g -A --unstable-lazy-dynamic-imports
 * -n foundry jsr:@foundry/foundry/cli/main`. It loads only the verb that runs, and the flag
 * keeps Deno from reading every other verb's modules first; this module, which exports every
 * command, also runs as the command but loads all of them. `foundry dev`
 * points Terraform at the provider's source through `dev_overrides` and
 * prints the `export TF_CLI_CONFIG_FILE=...` line to paste.
 *
 * `foundry console`, started once per piped expression, also serves itself from a cached bundle
 * of its modules, rebuilt in the background when a source file changes (`bundled_command.ts`;
 * `FOUNDRY_CONSOLE_BUNDLE=0` runs it from source).
 *
 * Commands live in `commands/`, one file per layer they drive, on one
 * helper (`command.ts`: the {@link CliIO} they write to, {@link parseFlags}
 * and {@link UsageError}).
 *
 * @example Running a verb with its output captured
 * ```ts
 * import assert from "node:assert/strict";
 * import { runCli } from "@foundry/foundry/cli";
 *
 * let out = "";
 * const code = await runCli(["version"], { out: (t) => (out += t), err: () => {} });
 * assert.equal(code, 0);
 * assert.match(out, /^foundry \d+\.\d+\.\d+ \(deno /);
 * ```
 *
 * @module
 */

export { type CliIO, type Command, parseFlags, UsageError } from "./command.ts";
export { type CommandEntry, COMMANDS } from "./commands.ts";
export { processIO, runCli } from "./run.ts";
export { buildCommand, installCommand } from "./commands/release.ts";
export { ctyCommand } from "./commands/cty.ts";
export { hclCommand } from "./commands/hcl.ts";
export {
  consoleCommand,
  type ConsoleOptions,
  type ConsoleSession,
  runConsole,
} from "./commands/console.ts";
export { FOUNDRY_VERSION, versionCommand } from "./commands/version.ts";
export { inspectCommand } from "./commands/inspect.ts";
export { conformanceCommand } from "./commands/conformance.ts";
export { protoCommand } from "./commands/proto.ts";
export { devCommand, type DevOptions, type DevSetup, devSetup } from "./commands/dev.ts";

import { runCli } from "./run.ts";

// `deno run -A jsr:@foundry/foundry/cli VERB` and `deno install -g` run this
// module itself: it is the `foundry` command as well as its library.
if (import.meta.main) Deno.exit(await runCli(Deno.args));
