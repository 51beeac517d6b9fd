/**
 * DynamicValue <-> cty: decode what Terraform sent (msgpack, or JSON when
 * that is all there is) against a schema type, and encode answers as msgpack.
 *
 * @module
 */

import { FoundryError } from "../../errors/mod.ts";
import { decodeJson } from "../../cty/core.ts";
import { decodeMsgpack } from "../../cty/core.ts";
import { encodeMsgpack } from "../../cty/core.ts";
import type { Type, Value } from "../../cty/mod.ts";
import { nullOf } from "./cty_build.ts";

const DECODER = new TextDecoder("utf-8", { fatal: true });

/**
 * A cty value on the wire: msgpack (usual) or JSON bytes.
 */
export interface DynamicValue {
  /** msgpack encoding against the schema type. */
  msgpack?: Uint8Array;
  /** JSON encoding against the schema type. */
  json?: Uint8Array;
}

/**
 * Decodes a DynamicValue; an absent or empty one is a null of `type`.
 * Throws a FoundryError naming `what` when the bytes do not fit the type.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeDynamicValue } from "./mod.ts";
 * import { cty } from "@foundry/foundry/cty";
 * assert.ok(decodeDynamicValue({ msgpack: new Uint8Array([0xc0]) }, cty.String, "config").isNull);
 * ```
 */
export function decodeDynamicValue(dv: DynamicValue | undefined, type: Type, what: string): Value {
  try {
    if (dv?.msgpack !== undefined && dv.msgpack.length > 0) return decodeMsgpack(dv.msgpack, type);
    if (dv?.json !== undefined && dv.json.length > 0) {
      return decodeJson(DECODER.decode(dv.json), type);
    }
    return nullOf(type);
  } catch (e) {
    throw new FoundryError(
      "provider.request.invalid_value",
      `cannot decode ${what}: ${(e as Error).message}`,
      {
        cause: e,
        context: { what },
      },
    );
  }
}

/**
 * Encodes a value as a msgpack DynamicValue.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeDynamicValue } from "./mod.ts";
 * import { cty } from "@foundry/foundry/cty";
 * assert.equal(encodeDynamicValue(cty.nullValue(cty.String), cty.String).msgpack?.[0], 0xc0);
 * ```
 */
export function encodeDynamicValue(value: Value, type: Type): DynamicValue {
  return { msgpack: encodeMsgpack(value, type) };
}
