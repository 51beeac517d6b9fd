/**
 * Small constructors over cty values the planner and converters need:
 * typed nulls and unknowns, and rebuilding an object, list, map or set from
 * new parts. Internal to the provider layer.
 *
 * @module
 */

import { UnknownInfo } from "../../cty/core.ts";
import { compareCodePoints, type ObjectType, type Type } from "../../cty/core.ts";
import { Value } from "../../cty/core.ts";
import { setOf } from "./cty_set.ts";

/** A null of `type`. */
export function nullOf(type: Type): Value {
  return new Value(type, null);
}

/** An unrefined unknown of `type`. */
export function unknownOf(type: Type): Value {
  return new Value(type, UnknownInfo.NONE);
}

/** An object of `type` from attribute values (missing names become null). */
export function objectOf(
  type: ObjectType,
  attrs: Readonly<Record<string, Value | undefined>>,
): Value {
  const raw: Value[] = new Array(type.names.length);
  for (let i = 0; i < type.names.length; i++) {
    const name = type.names[i];
    raw[i] = attrs[name] ?? nullOf(type.attributes[name]);
  }
  return new Value(type, raw);
}

/** The attribute values of a known, non-null object, by name. */
export function attrsOf(v: Value): Record<string, Value> {
  const t = v.type as ObjectType;
  const raw = v.raw as readonly Value[];
  const out: Record<string, Value> = Object.create(null);
  for (let i = 0; i < t.names.length; i++) out[t.names[i]] = raw[i];
  return out;
}

/** A collection (list, set, map) or object of `type` rebuilt around new elements. */
export function rebuild(
  type: Type,
  elements: readonly Value[] | ReadonlyMap<string, Value>,
): Value {
  if (type.kind === "set") return setOf(type, elements as readonly Value[]);
  if (type.kind === "map") {
    const sorted = new Map(
      [...(elements as ReadonlyMap<string, Value>)].sort((a, b) => compareCodePoints(a[0], b[0])),
    );
    return new Value(type, sorted);
  }
  return new Value(type, elements as readonly Value[]);
}

/** True for a known null (an unknown is not null). */
export function isNullValue(v: Value): boolean {
  return v.raw === null;
}

/** True for an unknown (refined or not). */
export function isUnknownValue(v: Value): boolean {
  return v.raw instanceof UnknownInfo;
}
