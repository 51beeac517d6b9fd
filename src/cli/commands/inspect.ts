/**
 * `foundry inspect PROVIDER`: launches any provider binary or launcher (Go
 * or Foundry) as Terraform would and prints its schema, functions and
 * capabilities; `--json` prints exactly what `terraform providers schema
 * -json` prints for it.
 *
 * @module
 */

import { basename } from "node:path";
import {
  formatInspection,
  inspectProvider,
  providersSchemaJson,
} from "../../plugin/goplugin/mod.ts";
import { type Command, parseFlags, UsageError } from "../command.ts";

const HELP = `Usage: foundry inspect PROVIDER [ARGS...] [--json] [--address ADDR]

Starts PROVIDER the way Terraform does (go-plugin handshake, AutoMTLS,
protocol 5 or 6), reads its schema and shuts it down.

PROVIDER is a provider binary, a launcher script, or a TypeScript entry
(run with this deno). ARGS after PROVIDER go to it.

Flags:
  --json            print what \`terraform providers schema -json\` prints
  --address ADDR    provider source address for the output
                    (default: registry.terraform.io/hashicorp/NAME, from
                    a terraform-provider-NAME file name)
`;

/**
 * The `inspect` command.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { inspectCommand } from "@foundry/foundry/cli";
 * assert.equal(inspectCommand.name, "inspect");
 * ```
 */
export const inspectCommand: Command = {
  name: "inspect",
  summary: "Print a provider binary's schema, functions and capabilities",
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, {
      json: { type: "boolean" },
      address: { type: "string" },
    }, true);
    const [provider, ...rest] = positionals;
    if (provider === undefined) throw new UsageError("missing PROVIDER");
    const script = /\.(ts|js|mjs|mts)$/.test(provider);
    const seen = await inspectProvider({
      command: script ? Deno.execPath() : provider,
      args: script ? ["run", "--quiet", "--allow-all", provider, ...rest] : rest,
    });
    const address = values.address ?? defaultAddress(provider);
    const errors = seen.diagnostics.filter((d) => d.severity === "error");
    if (values.json) {
      if (errors.length > 0) {
        for (const d of errors) io.err(`error: ${d.summary}${d.detail ? `: ${d.detail}` : ""}\n`);
        return 1;
      }
      io.out(providersSchemaJson({ [address]: seen.schema }));
      return 0;
    }
    io.out(formatInspection(address, seen));
    return errors.length > 0 ? 1 : 0;
  },
};

function defaultAddress(provider: string): string {
  const name = basename(provider).replace(/\.(ts|js|mjs|mts|exe)$/, "")
    .replace(/^terraform-provider-/, "").replace(/_v?\d+(\.\d+)*.*$/, "");
  return `registry.terraform.io/hashicorp/${name === "main" ? "provider" : name}`;
}
