/**
 * cty, Terraform's type system: types, values (null, unknown with
 * refinements, marks), paths, and the msgpack and JSON codecs, byte-exact
 * with go-cty 1.16 as linked by Terraform 1.11.
 *
 * Where Terraform can tell the difference, cty agrees with go-cty 1.16:
 * equality (`equals.ts`: nested marks, refined unknowns), numbers given as
 * text (`bigfloat512.ts`: 512-bit rounding past 153 digits), NFC names and
 * keys (`nfc.ts`), encoders converting a non-conforming value first
 * (`encode_conform.ts`), collections retyping dynamic nulls (`retype.ts`)
 * and set order (`set_order.ts`, `crc32.ts`). tests/cty holds the evidence,
 * generated from Terraform and Go; the decoders' deliberate strictness is in
 * `json_decode.ts` and `msgpack_decode.ts`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 *
 * const type = cty.Object({ name: cty.String, ports: cty.List(cty.Number), id: cty.String });
 * const plan = cty.object({
 *   name: cty.string("web"),
 *   ports: cty.list([cty.number(80), cty.number(443)]),
 *   id: cty.unknown(cty.String, { notNull: true }),
 * });
 * const bytes = cty.msgpack.encode(plan, type);
 * const back = cty.msgpack.decode(bytes, type);
 * assert.ok(back.rawEquals(plan));
 * assert.equal(cty.display(back.getAttr("id")), "(known after apply)");
 * assert.equal(cty.json.encode(back.getAttr("ports"), cty.List(cty.Number)), "[80,443]");
 * ```
 *
 * @module
 */

import { fromJS } from "./from_js.ts";
import { cty as evaluationCty } from "./evaluation.ts";
import { decodeJson, impliedType } from "./json_decode.ts";
import { encodeJson } from "./json_encode.ts";
import { decodeMsgpack } from "./msgpack_decode.ts";
import { encodeMsgpack } from "./msgpack_encode.ts";
import { typeFromJSON, typeToJSON } from "./type_json.ts";

export { BigDecimal, type Num } from "./number.ts";
export type { Refinements } from "./refinement.ts";
export { UnknownInfo } from "./refinement.ts";
export type {
  BoolType,
  CapsuleType,
  DynamicType,
  ListType,
  MapType,
  NumberType,
  ObjectType,
  SetType,
  StringType,
  TupleType,
  Type,
} from "./type.ts";
export { CapsuleBox, type PathMarks, rawEquals, type RawValue, SENSITIVE, Value } from "./value.ts";
export type { Path } from "./path.ts";
export type { Conversion, Unified } from "./convert.ts";
export type { JsonDecodeOptions } from "./json_decode.ts";
export { type CtyFunction, type CtyParameter, FunctionCallError } from "./function.ts";
export { goJsonString } from "../errors/json_quote.ts";

/**
 * The msgpack codec (go-cty `cty/msgpack`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * assert.equal(cty.msgpack.encode(cty.number(-1), cty.Number)[0], 0xff);
 * ```
 */
export const msgpack: {
  encode: typeof encodeMsgpack;
  decode: typeof decodeMsgpack;
} = Object.freeze({ encode: encodeMsgpack, decode: decodeMsgpack });

/**
 * The JSON codec (go-cty `cty/json`), values and types.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * assert.equal(cty.json.encodeType(cty.Map(cty.Bool)), '["map","bool"]');
 * ```
 */
export const json: {
  encode: typeof encodeJson;
  decode: typeof decodeJson;
  impliedType: typeof impliedType;
  encodeType: typeof typeToJSON;
  decodeType: typeof typeFromJSON;
} = Object.freeze({
  encode: encodeJson,
  decode: decodeJson,
  impliedType,
  encodeType: typeToJSON,
  decodeType: typeFromJSON,
});

/**
 * Everything cty in one namespace: types (`cty.String`, `cty.List(T)`),
 * constructors (`cty.string`, `cty.list`, `cty.unknown`...), codecs
 * (`cty.msgpack`, `cty.json`), `cty.display`, paths and number helpers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * const v = cty.set([cty.string("b"), cty.string("a")]);
 * assert.equal(cty.display(v), 'toset([\n  "a",\n  "b",\n])');
 * ```
 */
export const cty = Object.freeze({
  ...evaluationCty,
  typeToJSON,
  typeFromJSON,
  fromJS,
  msgpack,
  json,
});
