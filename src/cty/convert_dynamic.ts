/**
 * What conversion does with values it cannot look inside: unknowns and
 * nulls keep their kind and take the target type (with `dynamic` parts of
 * the target filled in from the source type), and unknowns keep the
 * refinements that still hold after conversion.
 *
 * @module
 */

import { unknown } from "./construct.ts";
import type { Refinements } from "./refinement.ts";
import { UnknownInfo } from "./refinement.ts";
import { listType, mapType, objectType, setType, tupleType, type Type } from "./type.ts";
import { unifyTypes } from "./unify.ts";
import type { Value } from "./value.ts";

/**
 * The target type `out` with each `dynamic` inside it replaced by the
 * matching part of the source type `from` (which is known to convert).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { dynamicReplace } from "./convert_dynamic.ts";
 * import { dynamicType, listType, setType, stringType, friendlyName } from "./type.ts";
 * assert.equal(friendlyName(dynamicReplace(setType(stringType), listType(dynamicType))), "list of string");
 * ```
 */
export function dynamicReplace(from: Type, out: Type): Type {
  if (from.kind === "dynamic") return out;
  switch (out.kind) {
    case "dynamic":
      return from;
    case "map":
      if (from.kind === "map") return mapType(dynamicReplace(from.element, out.element));
      if (from.kind === "object") {
        return mapType(replaceUnified(from.names.map((n) => from.attributes[n]), out.element));
      }
      return out;
    case "list":
    case "set": {
      const make = out.kind === "list" ? listType : setType;
      if (from.kind === "list" || from.kind === "set") {
        return make(dynamicReplace(from.element, out.element));
      }
      if (from.kind === "tuple") return make(replaceUnified(from.elements, out.element));
      return out;
    }
    case "object": {
      if (from.kind !== "object" && from.kind !== "map") return out;
      const attrs: Record<string, Type> = {};
      for (const n of out.names) {
        const t = out.attributes[n];
        if (from.kind === "map") attrs[n] = dynamicReplace(from.element, t);
        else attrs[n] = n in from.attributes ? dynamicReplace(from.attributes[n], t) : t;
      }
      return objectType(attrs);
    }
    case "tuple":
      if (from.kind !== "tuple" || from.elements.length !== out.elements.length) return out;
      return tupleType(out.elements.map((t, i) => dynamicReplace(from.elements[i], t)));
    default:
      return out;
  }
}

function replaceUnified(types: readonly Type[], out: Type): Type {
  const u = unifyTypes(types, true);
  return u === undefined ? out : dynamicReplace(u.type, out);
}

/**
 * The unknown that converting unknown `source` to `target` gives: not null
 * if the source was, and with collection lengths carried over where
 * conversion cannot change them (object->map and tuple->list are exact,
 * tuple->set and collection->set keep what coalescing allows).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { unknownResult } from "./convert_dynamic.ts";
 * import { cty } from "./mod.ts";
 * const src = cty.unknown(cty.Tuple([cty.String, cty.String]));
 * const out = unknownResult(src, cty.Set(cty.String));
 * assert.equal(out.refinements?.lengthLower, 1);
 * assert.equal(out.refinements?.lengthUpper, 2);
 * ```
 */
export function unknownResult(source: Value, target: Type): Value {
  const info = source.raw instanceof UnknownInfo ? source.raw : UnknownInfo.NONE;
  const from = source.type;
  const r: { -readonly [K in keyof Refinements]: Refinements[K] } = {};
  if (info.notNull) r.notNull = true;
  if (from.kind === "object" && target.kind === "map") {
    r.lengthLower = r.lengthUpper = from.names.length;
  } else if (from.kind === "tuple" && target.kind === "list") {
    r.lengthLower = r.lengthUpper = from.elements.length;
  } else if (from.kind === "tuple" && target.kind === "set") {
    const n = from.elements.length;
    r.lengthLower = n === 0 ? 0 : 1;
    r.lengthUpper = n;
  } else if (isCollectionKind(from) && isCollectionKind(target)) {
    if (target.kind === "set") r.lengthLower = info.lengthLower > 0 ? 1 : 0;
    else r.lengthLower = info.lengthLower;
    if (info.lengthUpper !== undefined) r.lengthUpper = info.lengthUpper;
  }
  return unknown(target, r);
}

function isCollectionKind(t: Type): boolean {
  return t.kind === "list" || t.kind === "set" || t.kind === "map";
}
