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

import * as construct from "./construct.ts";
import * as conversion from "./convert.ts";
import { displayValue } from "./display.ts";
import { fromJS } from "./from_js.ts";
import { decodeJson, impliedType } from "./json_decode.ts";
import { encodeJson } from "./json_encode.ts";
import { decodeMsgpack } from "./msgpack_decode.ts";
import { encodeMsgpack } from "./msgpack_encode.ts";
import * as num from "./number.ts";
import { applyPath, formatValuePath } from "./path.ts";
import * as types from "./type.ts";
import { typeFromJSON, typeToJSON } from "./type_json.ts";
import { rawEquals, SENSITIVE } from "./value.ts";

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
  // types
  String: types.stringType,
  Number: types.numberType,
  Bool: types.boolType,
  DynamicPseudoType: types.dynamicType,
  Dynamic: types.dynamicType,
  List: types.listType,
  Set: types.setType,
  Map: types.mapType,
  Object: types.objectType,
  Tuple: types.tupleType,
  Capsule: types.capsuleType,
  EmptyObject: types.emptyObjectType,
  EmptyTuple: types.emptyTupleType,
  typeEquals: types.typeEquals,
  friendlyName: types.friendlyName,
  isConcrete: types.isConcrete,
  typeToJSON,
  typeFromJSON,
  // values
  string: construct.string,
  number: construct.number,
  numberFromString: construct.numberFromString,
  bool: construct.bool,
  True: construct.True,
  False: construct.False,
  list: construct.list,
  listEmpty: construct.listEmpty,
  set: construct.set,
  setEmpty: construct.setEmpty,
  map: construct.map,
  mapEmpty: construct.mapEmpty,
  object: construct.object,
  tuple: construct.tuple,
  capsule: construct.capsule,
  nullValue: construct.nullValue,
  unknown: construct.unknown,
  dynamicValue: construct.dynamicValue,
  fromJS,
  rawEquals,
  SENSITIVE,
  // paths
  applyPath,
  formatPath: formatValuePath,
  // numbers
  parseNumber: num.parseNumber,
  formatNumber: num.formatNumber,
  compareNumbers: num.compareNumbers,
  addNumbers: num.addNumbers,
  subtractNumbers: num.subtractNumbers,
  multiplyNumbers: num.multiplyNumbers,
  // conversion and unification
  convert: conversion.convert,
  getConversion: conversion.getConversion,
  getConversionUnsafe: conversion.getConversionUnsafe,
  canConvert: conversion.canConvert,
  canConvertSafely: conversion.canConvertSafely,
  mismatchMessage: conversion.mismatchMessage,
  unify: conversion.unify,
  unifyUnsafe: conversion.unifyUnsafe,
  // codecs and display
  msgpack,
  json,
  display: displayValue,
});
