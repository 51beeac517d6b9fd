/**
 * `foundry proto FILE`: writes a `.proto` file's messages, enums and
 * services as protobuf tables (TypeScript) for the gRPC client and server,
 * go-plugin hosts and plugins included.
 *
 * @module
 */

import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseProto, protoToTables } from "../../protobuf/mod.ts";
import { type Command, parseFlags, UsageError } from "../command.ts";

const HELP = `Usage: foundry proto FILE.proto [--out FILE.ts] [--import SPECIFIER]

Writes the messages, enums and services of a proto3 file as protobuf tables:
one message(...) table per message, one constant per enum, and per service
its methods' gRPC paths and message tables. Prints to stdout without --out.

Flags:
  --out FILE.ts       write there instead of stdout
  --import SPECIFIER  where the tables import \`message\` from (default: this
                      Foundry's protobuf module, relative to --out or absolute)

Fixed-width (double, float, fixed32/64, sfixed32/64) and zigzag (sint32/64)
fields, non-string map keys and proto2 are refused with their line and column.
`;

/**
 * The `proto` command.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { protoCommand } from "@foundry/foundry/cli";
 * assert.equal(protoCommand.name, "proto");
 * ```
 */
export const protoCommand: Command = {
  name: "proto",
  summary: "Write a .proto file's messages and services as protobuf tables",
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, {
      out: { type: "string" },
      import: { type: "string" },
    }, true);
    if (positionals.length !== 1) throw new UsageError("expected one FILE.proto");
    const [file] = positionals;
    const source = await Deno.readTextFile(file);
    const moduleUrl = new URL("../../protobuf/mod.ts", import.meta.url);
    let importFrom = values.import;
    if (importFrom === undefined) {
      if (moduleUrl.protocol !== "file:") importFrom = moduleUrl.href;
      else if (values.out === undefined) importFrom = moduleUrl.href;
      else {
        const rel = relative(dirname(resolve(values.out)), fileURLToPath(moduleUrl));
        importFrom = rel.startsWith(".") ? rel : `./${rel}`;
      }
    }
    const ts = protoToTables(parseProto(source, file), { importFrom, source: file });
    if (values.out === undefined) io.out(ts);
    else await Deno.writeTextFile(values.out, ts);
    return 0;
  },
};
