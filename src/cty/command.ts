/**
 * `foundry cty decode|encode`: inspect and produce cty wire data from the
 * command line.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { isFoundryError } from "../errors/mod.ts";
import { displayValue } from "./display.ts";
import { decodeJson } from "./json_decode.ts";
import { encodeJson } from "./json_encode.ts";
import { decodeMsgpack } from "./msgpack_decode.ts";
import { encodeMsgpack } from "./msgpack_encode.ts";
import type { Type } from "./type.ts";
import { typeFromJSON } from "./type_json.ts";
import type { Value } from "./value.ts";

/** Where the command writes. */
export interface CtyCommandIO {
  /** Standard output (a line without its newline). */
  out(text: string): void;
  /** Standard error. */
  err(text: string): void;
}

const USAGE = `usage:
  foundry cty decode --type TYPEJSON (--msgpack HEX | --json TEXT)
  foundry cty encode --type TYPEJSON --json TEXT`;

class Usage extends Error {}

function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, "");
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new Usage("--msgpack must be hex digits");
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

/**
 * Runs `foundry cty ...` with `args` (after `cty`). Exit codes: 0 ok,
 * 1 bad data (undecodable input), 2 usage errors.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { ctyCommandMain } from "./command.ts";
 * const lines: string[] = [];
 * const code = ctyCommandMain(["decode", "--type", '"string"', "--msgpack", "a161"], {
 *   out: (t) => lines.push(t),
 *   err: (t) => lines.push(t),
 * });
 * assert.equal(code, 0);
 * assert.equal(lines[0], '"a"');
 * assert.equal(lines[1], '"a"');
 * ```
 */
export function ctyCommandMain(args: string[], io: CtyCommandIO): number {
  let type: Type;
  let verb: string;
  let values: { type?: string; msgpack?: string; json?: string };
  try {
    const parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        type: { type: "string" },
        msgpack: { type: "string" },
        json: { type: "string" },
        help: { type: "boolean" },
      },
    });
    if (parsed.values.help) {
      io.out(USAGE);
      return 0;
    }
    verb = parsed.positionals[0] ?? "";
    if (parsed.positionals.length !== 1 || (verb !== "decode" && verb !== "encode")) {
      throw new Usage("expected decode or encode");
    }
    values = parsed.values;
    if (values.type === undefined) throw new Usage("--type is required");
    if (verb === "decode" && (values.msgpack === undefined) === (values.json === undefined)) {
      throw new Usage("decode needs exactly one of --msgpack or --json");
    }
    if (verb === "encode" && (values.json === undefined || values.msgpack !== undefined)) {
      throw new Usage("encode needs --json");
    }
  } catch (e) {
    io.err(`error: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    type = typeFromJSON(values.type!);
  } catch (e) {
    io.err(`error: --type: ${(e as Error).message}`);
    return 2;
  }
  try {
    let value: Value;
    if (verb === "decode") {
      value = values.msgpack !== undefined
        ? decodeMsgpack(hexToBytes(values.msgpack), type)
        : decodeJson(values.json!, type);
      io.out(displayValue(value));
      try {
        io.out(encodeJson(value, type));
      } catch (e) {
        if (!isFoundryError(e)) throw e;
        io.out(`(no JSON form: ${e.message})`);
      }
      return 0;
    }
    value = decodeJson(values.json!, type);
    io.out(toHex(encodeMsgpack(value, type)));
    return 0;
  } catch (e) {
    if (e instanceof Usage) {
      io.err(`error: ${e.message}\n${USAGE}`);
      return 2;
    }
    if (isFoundryError(e)) {
      io.err(`error: ${e.message} [${e.code}]`);
      return 1;
    }
    throw e;
  }
}
