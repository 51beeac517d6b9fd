import { consoleCommand } from "./src/cli/commands/console.ts";
import { processIO } from "./src/cli/run.ts";
Deno.exit(await consoleCommand.run(Deno.args, processIO));
