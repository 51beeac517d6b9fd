/**
 * `foundry conformance PROVIDER --config FILE`: runs a protocol conformance
 * scenario against any provider binary and prints a table of checks; exits
 * 1 when one fails.
 *
 * @module
 */

import { formatConformance, parseScenario, runConformance } from "../../testing/mod.ts";
import { type Command, parseFlags, UsageError } from "../command.ts";

const HELP = `Usage: foundry conformance PROVIDER [ARGS...] --config FILE

Starts PROVIDER as Terraform does and checks what Terraform relies on: the
schema rules Terraform enforces; per resource of the scenario, validate,
plan (configured values kept, computed values unknown), apply (state equals
planned known values), read after apply, a no-op plan, import then read,
destroy; StopProvider; hostile payloads answered with diagnostics; 50
concurrent calls; exit on Shutdown. Each failure names the RPC, the
resource, the attribute and the rule.

PROVIDER is a provider binary, a launcher script, or a TypeScript entry.

FILE (JSON):
  {
    "provider": { "endpoint": "http://localhost:8080" },
    "resources": {
      "example_server": {
        "config": { "name": "web", "disk": [{ "size_gb": 10 }] },
        "import": true,
        "import_id_attribute": "id",
        "import_ignore": ["admin_password"]
      }
    }
  }
`;

/**
 * The `conformance` command.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { conformanceCommand } from "@foundry/foundry/cli";
 * assert.equal(conformanceCommand.name, "conformance");
 * ```
 */
export const conformanceCommand: Command = {
  name: "conformance",
  summary: "Check a provider binary against the plugin protocol's contracts",
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, { config: { type: "string" } }, true);
    const [provider, ...rest] = positionals;
    if (provider === undefined) throw new UsageError("missing PROVIDER");
    if (values.config === undefined) throw new UsageError("missing --config FILE");
    const scenario = parseScenario(await Deno.readTextFile(values.config), values.config);
    const script = /\.(ts|js|mjs|mts)$/.test(provider);
    const checks = await runConformance({
      command: script ? Deno.execPath() : provider,
      args: script ? ["run", "--quiet", "--allow-all", provider, ...rest] : rest,
      scenario,
    });
    io.out(formatConformance(checks));
    return checks.some((c) => c.status === "fail") ? 1 : 0;
  },
};
