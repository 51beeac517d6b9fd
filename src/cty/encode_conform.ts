/**
 * What go-cty's `msgpack.Marshal` and `json.Marshal` do before writing: a
 * value whose type does not conform to the type asked for is first converted
 * to it (so an object without an optional attribute gains it as null, a
 * number asked for as a string is written as its text), and a value that
 * cannot be converted is refused, a null or unknown included.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import { convert } from "./convert.ts";
import { conformsTo } from "./equals.ts";
import type { Type } from "./type.ts";
import type { Value } from "./value.ts";

/**
 * `value` itself when its type conforms to `type` (the common case: one
 * identity check), else `value` converted to `type`; a conversion failure is
 * thrown as `<codec>.wrong_type` carrying the conversion's message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * import { conformForEncoding } from "./encode_conform.ts";
 * assert.equal(conformForEncoding(cty.number(1.5), cty.String, "cty.json").asString(), "1.5");
 * ```
 */
export function conformForEncoding(value: Value, type: Type, codec: string): Value {
  if (value.type === type || conformsTo(value.type, type)) return value;
  try {
    return convert(value, type);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new FoundryError(`${codec}.wrong_type`, `value does not conform to the type: ${why}`, {
      cause: e,
    });
  }
}
