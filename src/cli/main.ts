/**
 * The `foundry` executable: `deno task foundry --help`.
 *
 * @module
 */

import { runCli } from "./run.ts";

if (import.meta.main) Deno.exit(await runCli(Deno.args));
