/**
 * cty as expression evaluation uses it: types, constructors, conversion, unification, display,
 * paths and numbers, in the same {@link cty} namespace as `mod.ts` but without the msgpack and
 * JSON codecs (`cty.msgpack`, `cty.json`, `cty.typeToJSON`, `cty.typeFromJSON`, `cty.fromJS`):
 * eight modules, a third of cty's source, that `foundry console` would otherwise load before its
 * first prompt. HCL's evaluator imports this entry; everything else uses `mod.ts`, whose `cty`
 * is this one with the codecs added.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./evaluation.ts";
 *
 * const v = cty.convert(cty.tuple([cty.string("1"), cty.number(2)]), cty.List(cty.Number));
 * assert.equal(cty.display(v), "tolist([\n  1,\n  2,\n])");
 * assert.equal("json" in cty, false);
 * ```
 *
 * @module
 */

import * as construct from "./construct.ts";
import * as conversion from "./convert.ts";
import { displayValue } from "./display.ts";
import * as num from "./number.ts";
import { applyPath, formatValuePath } from "./path.ts";
import * as types from "./type.ts";
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
export { type CtyFunction, type CtyParameter, FunctionCallError } from "./function.ts";

/**
 * cty in one namespace, without codecs: types (`cty.String`, `cty.List(T)`), constructors
 * (`cty.string`, `cty.list`, `cty.unknown`...), conversion, `cty.display`, paths and numbers.
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
  // display
  display: displayValue,
});
