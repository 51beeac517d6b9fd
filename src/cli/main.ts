/**
 * The `foundry` executable, and nothing else: `deno task foundry --help` here, `deno run -A
 * --unstable-lazy-dynamic-imports jsr:@foundry/foundry/cli/main` in a provider's project. It
 * imports only the command table; the verb that runs loads its own modules (see `commands.ts`).
 * `./cli` (`mod.ts`) is the library of the same commands and runs as the command too, but it
 * loads every command before running one.
 *
 * @module
 */

import { runCli } from "./run.ts";

if (import.meta.main) Deno.exit(await runCli(Deno.args));
