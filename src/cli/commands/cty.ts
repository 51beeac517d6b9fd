/**
 * `foundry cty decode|encode`: inspect and produce cty wire data from the
 * command line. A thin verb over the cty layer's public codecs.
 *
 * @module
 */

import { cty, json, msgpack, type Type, type Value } from "../../cty/mod.ts";
import { isFoundryError } from "../../errors/mod.ts";
import { type CliIO, type Command, parseFlags, UsageError } from "../command.ts";

const USAGE = `usage:
  foundry cty decode --type TYPEJSON (--msgpack HEX | --json TEXT)
  foundry cty encode --type TYPEJSON --json TEXT`;

function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, "");
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new UsageError("--msgpack must be hex digits");
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function toHex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

/** What `foundry cty` was asked to do, with its flags checked. */
type CtyRequest =
  | {
    readonly verb: "decode";
    readonly type: Type;
    readonly msgpack?: string;
    readonly json?: string;
  }
  | { readonly verb: "encode"; readonly type: Type; readonly json: string };

function parseRequest(args: string[]): CtyRequest {
  const { values, positionals } = parseFlags(args, {
    type: { type: "string" },
    msgpack: { type: "string" },
    json: { type: "string" },
  }, true);
  const verb = positionals[0] ?? "";
  if (positionals.length !== 1 || (verb !== "decode" && verb !== "encode")) {
    throw new UsageError("expected decode or encode");
  }
  if (values.type === undefined) throw new UsageError("--type is required");
  let type: Type;
  try {
    type = json.decodeType(values.type);
  } catch (e) {
    throw new UsageError(`--type: ${(e as Error).message}`);
  }
  if (verb === "encode") {
    if (values.json === undefined || values.msgpack !== undefined) {
      throw new UsageError("encode needs --json");
    }
    return { verb, type, json: values.json };
  }
  if ((values.msgpack === undefined) === (values.json === undefined)) {
    throw new UsageError("decode needs exactly one of --msgpack or --json");
  }
  return { verb, type, msgpack: values.msgpack, json: values.json };
}

function run(args: string[], io: CliIO): number {
  const req = parseRequest(args);
  try {
    if (req.verb === "encode") {
      io.out(toHex(msgpack.encode(json.decode(req.json, req.type), req.type)) + "\n");
      return 0;
    }
    const value: Value = req.msgpack !== undefined
      ? msgpack.decode(hexToBytes(req.msgpack), req.type)
      : json.decode(req.json!, req.type);
    io.out(cty.display(value) + "\n");
    try {
      io.out(json.encode(value, req.type) + "\n");
    } catch (e) {
      if (!isFoundryError(e)) throw e;
      io.out(`(no JSON form: ${e.message})\n`);
    }
    return 0;
  } catch (e) {
    if (!isFoundryError(e)) throw e;
    io.err(`foundry cty: ${e.message} [${e.code}]\n`);
    return 1;
  }
}

/**
 * `foundry cty`: decodes msgpack or JSON wire data of a type and prints it as
 * `terraform console` shows it, or encodes JSON as msgpack. Exit codes: 0 ok,
 * 1 undecodable data, 2 usage errors.
 *
 * @example Decoding a msgpack string
 * ```ts
 * import assert from "node:assert/strict";
 * import { ctyCommand } from "./cty.ts";
 *
 * let out = "";
 * const code = await ctyCommand.run(["decode", "--type", '"string"', "--msgpack", "a161"], {
 *   out: (t) => (out += t),
 *   err: () => {},
 * });
 * assert.equal(code, 0);
 * assert.equal(out, '"a"\n"a"\n');
 * ```
 */
export const ctyCommand: Command = {
  name: "cty",
  summary: "Decode or encode cty values (msgpack hex, JSON)",
  help: [
    USAGE.replace("usage:", "Usage:"),
    "",
    "decode prints the value as `terraform console` shows it, then its JSON encoding.",
    "encode prints the msgpack bytes of a JSON-encoded value, in hex.",
    "",
    "Example:",
    `  foundry cty decode --type '["object",{"name":"string"}]' --msgpack 81a46e616d65a3776562`,
  ].join("\n"),
  run,
};
