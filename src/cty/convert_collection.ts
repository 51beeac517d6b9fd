/**
 * Conversions whose target is a collection: list/set -> list or set,
 * map -> map, tuple -> list or set, object -> map. A `dynamic` element type
 * in the target asks for the one type all elements unify to.
 *
 * @module
 */

import type { PathStep } from "../errors/mod.ts";
import { list, listEmpty, map, mapEmpty, nullValue, set, setEmpty, unknown } from "./construct.ts";
import { childPath, convertError, type PathConversion } from "./convert_error.ts";
import { withoutOptionalDeep } from "./convert_optional.ts";
import { planConversion } from "./convert_select.ts";
import { listType, type ObjectType, type TupleType, type Type, typeEquals } from "./type.ts";
import { unifyTypes } from "./unify.ts";
import type { Value } from "./value.ts";

function indexStep(index: number): PathStep {
  return { kind: "index", index };
}

/** Nulls inside collections drop optional-attribute markers from their types. */
function plainNull(v: Value): Value {
  return v.isNull && v.marks === null ? nullValue(withoutOptionalDeep(v.type)) : v;
}

function allSameType(values: readonly Value[]): boolean {
  let first: Type | undefined;
  for (const v of values) {
    if (v.type.kind === "dynamic") continue;
    if (first === undefined) first = v.type;
    else if (!typeEquals(first, v.type)) return false;
  }
  return true;
}

function convertElements(
  v: Value,
  conv: PathConversion | undefined,
  path: readonly PathStep[],
): Value[] {
  const elems = v.elements();
  const out = new Array<Value>(elems.length);
  for (let i = 0; i < elems.length; i++) {
    const e = conv === undefined ? elems[i] : conv(elems[i], childPath(path, indexStep(i)));
    out[i] = plainNull(e);
  }
  return out;
}

/**
 * list or set -> list of `element`, converting each element with `conv`
 * (none when the element types already match). A set holding unknowns may
 * shrink when they become known, so its list is unknown, of the set's own
 * element type as in go-cty.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectionToList } from "./convert_collection.ts";
 * import { cty } from "./mod.ts";
 * const out = collectionToList(cty.String, undefined)(cty.set([cty.string("a")]), []);
 * assert.equal(out.type.kind, "list");
 * ```
 */
export function collectionToList(element: Type, conv: PathConversion | undefined): PathConversion {
  return (v, path) => {
    if (v.type.kind === "set" && v.length > 1 && !v.isWhollyKnown()) {
      // go-cty (and so Terraform) gives up here with the set's own element type, not the one
      // asked for: toset([unknown, "1"]) as list(number) is an unknown list(string).
      return unknown(listType(v.type.element));
    }
    const elems = convertElements(v, conv, path);
    if (elems.length === 0) return emptyOf("list", element, v);
    if (!allSameType(elems)) {
      throw convertError(path, "list elements differ in type after conversion");
    }
    return list(elems);
  };
}

/**
 * list or set -> set of `element` (duplicates coalesce).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectionToSet } from "./convert_collection.ts";
 * import { cty } from "./mod.ts";
 * const out = collectionToSet(cty.String, undefined)(cty.list([cty.string("a"), cty.string("a")]), []);
 * assert.equal(out.length, 1);
 * ```
 */
export function collectionToSet(element: Type, conv: PathConversion | undefined): PathConversion {
  return (v, path) => {
    const elems = convertElements(v, conv, path);
    if (elems.length === 0) return emptyOf("set", element, v);
    if (!allSameType(elems)) {
      throw convertError(path, "set elements differ in type after conversion");
    }
    return set(elems);
  };
}

/**
 * map -> map of `element`. Collection or object elements are unified to
 * one type afterwards (a `dynamic` target element may let them differ).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { collectionToMap } from "./convert_collection.ts";
 * import { planConversion } from "./convert_select.ts";
 * import { cty } from "./mod.ts";
 * const conv = collectionToMap(cty.String, planConversion(cty.Number, cty.String, false));
 * assert.equal(conv(cty.map({ a: cty.number(1) }), []).index("a").asString(), "1");
 * ```
 */
export function collectionToMap(element: Type, conv: PathConversion | undefined): PathConversion {
  return (v, path) => {
    let entries = new Map<string, Value>();
    for (const [k, e] of v.raw as ReadonlyMap<string, Value>) {
      entries.set(k, conv === undefined ? e : conv(e, childPath(path, { kind: "key", key: k })));
    }
    if (entries.size === 0) return emptyOf("map", element, v);
    if (
      element.kind === "list" || element.kind === "set" || element.kind === "map" ||
      element.kind === "object"
    ) {
      entries = unifyMapElements(entries, path, false);
    }
    if (!allSameType([...entries.values()])) {
      throw convertError(path, "map elements differ in type after conversion");
    }
    return map(entries);
  };
}

function emptyOf(kind: "list" | "set" | "map", element: Type, source: Value): Value {
  // An empty result prefers the source's concrete element type over `dynamic`.
  let et = withoutOptionalDeep(element);
  if (element.kind === "dynamic") {
    const st = source.type;
    et = st.kind === "list" || st.kind === "set" || st.kind === "map" ? st.element : element;
  }
  return kind === "list" ? listEmpty(et) : kind === "set" ? setEmpty(et) : mapEmpty(et);
}

function unifyMapElements(
  entries: Map<string, Value>,
  path: readonly PathStep[],
  unsafe: boolean,
): Map<string, Value> {
  const u = unifyTypes([...entries.values()].map((e) => e.type), unsafe);
  if (u === undefined) throw convertError(path, "the elements have no common type");
  const out = new Map<string, Value>();
  for (const [k, e] of entries) {
    out.set(k, toUnified(e, u.type, unsafe, childPath(path, { kind: "key", key: k })));
  }
  return out;
}

function unifyListElements(
  elems: readonly Value[],
  path: readonly PathStep[],
  unsafe: boolean,
): Value[] {
  const u = unifyTypes(elems.map((e) => e.type), unsafe);
  if (u === undefined) throw convertError(path, "the elements have no common type");
  return elems.map((e, i) => toUnified(e, u.type, unsafe, childPath(path, indexStep(i))));
}

function toUnified(e: Value, t: Type, unsafe: boolean, path: readonly PathStep[]): Value {
  if (typeEquals(e.type, t)) return e;
  const conv = planConversion(e.type, t, unsafe);
  if (conv === undefined) throw convertError(path, "the elements have no common type");
  return conv(e, path);
}

/** Element types to use for a tuple's elements in a list or set of `element`. */
function tupleElementPlan(
  tuple: TupleType,
  element: Type,
  unsafe: boolean,
): (PathConversion | undefined)[] | undefined {
  let et = element;
  if (et.kind === "dynamic") {
    const u = unifyTypes(tuple.elements, unsafe);
    if (u === undefined) return undefined;
    et = u.type;
    // Still `dynamic` only works when every element is.
    if (et.kind === "dynamic" && tuple.elements.some((t) => t.kind !== "dynamic")) return undefined;
  }
  const convs: (PathConversion | undefined)[] = [];
  for (const t of tuple.elements) {
    if (typeEquals(t, et)) {
      convs.push(undefined);
      continue;
    }
    const c = planConversion(t, et, unsafe);
    if (c === undefined) return undefined;
    convs.push(c);
  }
  return convs;
}

function convertTupleElements(
  v: Value,
  convs: readonly (PathConversion | undefined)[],
  path: readonly PathStep[],
): Value[] {
  const elems = v.elements();
  return elems.map((e, i) => {
    const c = convs[i];
    return c === undefined ? e : c(e, childPath(path, indexStep(i)));
  });
}

/**
 * tuple -> list of `element` (or of the tuple elements' unified type when
 * `element` is `dynamic`); undefined when some element cannot convert.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { tupleToList } from "./convert_collection.ts";
 * import { cty } from "./mod.ts";
 * const t = cty.tuple([cty.number(1), cty.string("a")]);
 * const out = tupleToList(t.type as never, cty.Dynamic, true)!(t, []);
 * assert.equal(cty.friendlyName(out.type), "list of string");
 * ```
 */
export function tupleToList(
  tuple: TupleType,
  element: Type,
  unsafe: boolean,
): PathConversion | undefined {
  if (tuple.elements.length === 0) {
    return () => listEmpty(withoutOptionalDeep(element));
  }
  const convs = tupleElementPlan(tuple, element, unsafe);
  if (convs === undefined) return undefined;
  return (v, path) => {
    const elems = unifyListElements(convertTupleElements(v, convs, path), path, unsafe);
    if (!allSameType(elems)) {
      throw convertError(path, "list elements differ in type after conversion");
    }
    return list(elems);
  };
}

/**
 * tuple -> set of `element` (or of the unified element type).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { tupleToSet } from "./convert_collection.ts";
 * import { cty } from "./mod.ts";
 * const t = cty.tuple([cty.string("a"), cty.string("a")]);
 * assert.equal(tupleToSet(t.type as never, cty.Dynamic, true)!(t, []).length, 1);
 * ```
 */
export function tupleToSet(
  tuple: TupleType,
  element: Type,
  unsafe: boolean,
): PathConversion | undefined {
  if (tuple.elements.length === 0) {
    return () => setEmpty(withoutOptionalDeep(element));
  }
  const convs = tupleElementPlan(tuple, element, unsafe);
  if (convs === undefined) return undefined;
  return (v, path) => {
    const elems = convertTupleElements(v, convs, path).map(plainNull);
    if (!allSameType(elems)) {
      throw convertError(path, "set elements differ in type after conversion");
    }
    return set(elems);
  };
}

/**
 * object -> map of `element` (or of the attributes' unified type).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { objectToMap } from "./convert_collection.ts";
 * import { cty } from "./mod.ts";
 * const o = cty.object({ a: cty.number(1), b: cty.string("x") });
 * assert.equal(objectToMap(o.type as never, cty.Dynamic, true)!(o, []).index("a").asString(), "1");
 * ```
 */
export function objectToMap(
  object: ObjectType,
  element: Type,
  unsafe: boolean,
): PathConversion | undefined {
  const names = object.names;
  if (names.length === 0) return () => mapEmpty(withoutOptionalDeep(element));
  let et = element;
  if (et.kind === "dynamic") {
    const u = unifyTypes(names.map((n) => object.attributes[n]), unsafe);
    if (u === undefined) return undefined;
    et = u.type;
  }
  const convs: (PathConversion | undefined)[] = [];
  for (const n of names) {
    const t = object.attributes[n];
    if (typeEquals(t, et)) {
      convs.push(undefined);
      continue;
    }
    const c = planConversion(t, et, unsafe);
    if (c === undefined) return undefined;
    convs.push(c);
  }
  const nested = et.kind === "list" || et.kind === "set" || et.kind === "map" ||
    et.kind === "object";
  return (v, path) => {
    const vals = v.raw as readonly Value[];
    let entries = new Map<string, Value>();
    for (let i = 0; i < names.length; i++) {
      const c = convs[i];
      const step: PathStep = { kind: "key", key: names[i] };
      entries.set(names[i], c === undefined ? vals[i] : c(vals[i], childPath(path, step)));
    }
    if (nested) entries = unifyMapElements(entries, path, unsafe);
    if (!allSameType([...entries.values()])) {
      throw convertError(path, "object attributes differ in type after conversion to map");
    }
    return map(entries);
  };
}
