/**
 * `foundry cty`: decode and encode cty values, for reading the msgpack in a
 * `TF_LOG=trace` dump.
 *
 * @module
 */

import { ctyCommandMain } from "../cty/mod.ts";
import { type Command, oneLineErrors } from "./command.ts";

/**
 * The `cty` command.
 *
 * @example Usage
 * ```ts
 * import { ctyCommand } from "@foundry/foundry/cli";
 * await ctyCommand.run(["decode", "--type", '"string"', "--msgpack", "a161"], {
 *   out: (t) => console.log(t),
 *   err: (t) => console.error(t),
 * });
 * ```
 */
export const ctyCommand: Command = {
  name: "cty",
  summary: "Decode or encode cty values (msgpack hex, JSON)",
  help: [
    "Usage:",
    "  foundry cty decode --type TYPEJSON (--msgpack HEX | --json TEXT)",
    "  foundry cty encode --type TYPEJSON --json TEXT",
    "",
    "decode prints the value as `terraform console` shows it, then its JSON encoding.",
    "encode prints the msgpack bytes of a JSON-encoded value, in hex.",
    "",
    "Example:",
    `  foundry cty decode --type '["object",{"name":"string"}]' --msgpack 81a46e616d65a3776562`,
  ].join("\n"),
  // The cty layer writes whole lines and follows errors with its usage text.
  run: (args, io) => ctyCommandMain(args, oneLineErrors("cty", io)),
};
