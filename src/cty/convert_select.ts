/**
 * Selects the conversion between two types (go-cty `cty/convert` rules): picks
 * the converter for the pair of kinds, and wraps it with the steps every
 * conversion shares: marks come off and go back on, a `dynamic` target
 * passes values through, unknowns and nulls keep their kind.
 *
 * @module
 */

import type { PathStep } from "../errors/mod.ts";
import { FoundryError } from "../errors/mod.ts";
import { nullValue } from "./construct.ts";
import {
  collectionToList,
  collectionToMap,
  collectionToSet,
  objectToMap,
  tupleToList,
  tupleToSet,
} from "./convert_collection.ts";
import { dynamicReplace, unknownResult } from "./convert_dynamic.ts";
import { CONVERT_ERROR_CODE, convertError, type PathConversion } from "./convert_error.ts";
import { mismatch } from "./convert_mismatch.ts";
import { withoutOptionalDeep } from "./convert_optional.ts";
import { primitiveConversion } from "./convert_primitive.ts";
import { mapToObject, objectToObject, tupleToTuple } from "./convert_structural.ts";
import { isConcrete, type Type, typeEquals } from "./type.ts";
import type { Value } from "./value.ts";

const identity: PathConversion = (v) => v;

function isPrimitive(t: Type): boolean {
  return t.kind === "string" || t.kind === "number" || t.kind === "bool";
}

/**
 * Plans converting values of type `from` to type `to`; `unsafe` also allows
 * conversions that can fail for some values (string->number, list->set,
 * map->object, from `dynamic`). Undefined when no conversion exists.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { planConversion } from "./convert_select.ts";
 * import { cty } from "./mod.ts";
 * const conv = planConversion(cty.Number, cty.String, false)!;
 * assert.equal(conv(cty.number(1.5), []).asString(), "1.5");
 * ```
 */
export function planConversion(from: Type, to: Type, unsafe: boolean): PathConversion | undefined {
  const known = planKnown(from, to, unsafe);
  if (known === undefined) return undefined;
  const target = withoutOptionalDeep(to);
  // Values of a type with `dynamic` inside may hold more specific types than planned for.
  const mayDiffer = !isConcrete(from);
  const conv: PathConversion = (v, path) => {
    if (v.marks !== null) return conv(v.unmark(), path).withMarks(v.marks);
    if (to.kind === "dynamic") return v;
    if (!v.isKnown) return unknownResult(v, dynamicReplace(v.type, target));
    if (v.isNull) return nullValue(dynamicReplace(v.type, target));
    if (mayDiffer && v.type !== from && !typeEquals(v.type, from)) {
      return convertAt(v, to, unsafe, path);
    }
    return known(v, path);
  };
  return conv;
}

function planKnown(from: Type, to: Type, unsafe: boolean): PathConversion | undefined {
  if (to.kind === "dynamic") return identity;
  if (unsafe && from.kind === "dynamic") return dynamicFixup(to);
  if (isPrimitive(from) && isPrimitive(to)) {
    return from.kind === to.kind ? identity : primitiveConversion(from, to, unsafe);
  }
  switch (to.kind) {
    case "object":
      if (from.kind === "object") return objectToObject(from, to, unsafe);
      // A map may lack keys the object needs: only an unsafe conversion.
      if (from.kind === "map" && unsafe) return mapToObject(from, to, unsafe);
      return undefined;
    case "tuple":
      return from.kind === "tuple" ? tupleToTuple(from, to, unsafe) : undefined;
    case "list":
    case "set": {
      if (from.kind === "tuple") {
        return to.kind === "list"
          ? tupleToList(from, to.element, unsafe)
          : tupleToSet(from, to.element, unsafe);
      }
      if (from.kind !== "list" && from.kind !== "set") return undefined;
      // list->set loses order and duplicates.
      if (to.kind === "set" && from.kind === "list" && !unsafe) return undefined;
      let elementConv: PathConversion | undefined;
      if (!typeEquals(from.element, to.element)) {
        elementConv = planConversion(from.element, to.element, unsafe);
        if (elementConv === undefined) return undefined;
      }
      return to.kind === "list"
        ? collectionToList(to.element, elementConv)
        : collectionToSet(to.element, elementConv);
    }
    case "map": {
      if (from.kind === "object") return objectToMap(from, to.element, unsafe);
      if (from.kind !== "map") return undefined;
      if (typeEquals(from.element, to.element)) return collectionToMap(to.element, undefined);
      const elementConv = planConversion(from.element, to.element, unsafe);
      return elementConv === undefined ? undefined : collectionToMap(to.element, elementConv);
    }
    case "capsule":
      // Capsules convert only to themselves.
      return typeEquals(from, to) ? identity : undefined;
    default:
      return undefined;
  }
}

function dynamicFixup(to: Type): PathConversion {
  return (v, path) => convertAt(v, to, true, path);
}

/**
 * Converts `value` to `to` (unsafe conversions allowed when `unsafe`),
 * reporting failures at `path` below the caller's root.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { convertAt } from "./convert_select.ts";
 * import { cty } from "./mod.ts";
 * assert.equal(convertAt(cty.string("2"), cty.Number, true, []).asNumber(), 2);
 * ```
 */
export function convertAt(
  value: Value,
  to: Type,
  unsafe: boolean,
  path: readonly PathStep[],
): Value {
  if (typeEquals(value.type, withoutOptionalDeep(to))) return value;
  const conv = planConversion(value.type, to, unsafe);
  if (conv === undefined) {
    const m = mismatch(value.type, to);
    throw convertError([...path, ...m.path], m.problem);
  }
  return conv(value, path);
}

/**
 * True when `e` is a conversion failure.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isConvertError } from "./convert_select.ts";
 * assert.ok(!isConvertError(new Error("x")));
 * ```
 */
export function isConvertError(e: unknown): e is FoundryError {
  return e instanceof FoundryError && e.code === CONVERT_ERROR_CODE;
}
