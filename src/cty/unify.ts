/**
 * Type unification (go-cty `convert.Unify`): the most general type a list of
 * types can all convert to, as needed to infer the type of a list or tuple
 * literal or of a conditional. Primitives unify to string, collections of
 * one kind by element, objects to an object (same attribute names) or a
 * map, tuples to a tuple (same length) or a list; `dynamic` mixed with
 * collections or structures gives `dynamic`.
 *
 * @module
 */

import type { PathConversion } from "./convert_error.ts";
import { dynamicValue } from "./construct.ts";
import { planConversion } from "./convert_select.ts";
import {
  dynamicType,
  listType,
  mapType,
  objectType,
  setType,
  tupleType,
  type Type,
  typeEquals,
} from "./type.ts";

/** A unified type and, per input type, the conversion to it (undefined: none needed). */
export interface UnifiedTypes {
  /** The common type. */
  readonly type: Type;
  /** Aligned with the input types. */
  readonly conversions: readonly (PathConversion | undefined)[];
}

function isPrimitive(t: Type): boolean {
  return t.kind === "string" || t.kind === "number" || t.kind === "bool";
}

/**
 * Unifies `types`; undefined when they have no common type (or there are none).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { unifyTypes } from "./unify.ts";
 * import { numberType, stringType } from "./type.ts";
 * assert.equal(unifyTypes([numberType, stringType], false)?.type, stringType);
 * ```
 */
export function unifyTypes(types: readonly Type[], unsafe: boolean): UnifiedTypes | undefined {
  if (types.length === 0) return undefined;
  const count = { map: 0, list: 0, set: 0, object: 0, tuple: 0, dynamic: 0 };
  for (const t of types) if (t.kind in count) count[t.kind as keyof typeof count]++;
  const n = types.length;
  const dyn = count.dynamic;
  // Same structural kind throughout: a new type may fit all of them better than any one of them.
  if (count.map > 0 && count.map + dyn === n) {
    return unifyCollections("map", types, unsafe, dyn > 0);
  }
  if (count.map > 0 && count.map + count.object + dyn === n) {
    const r = unifyObjectsAsMaps(types, unsafe);
    if (r !== undefined) return r;
  } else if (count.list > 0 && count.list + dyn === n) {
    return unifyCollections("list", types, unsafe, dyn > 0);
  } else if (count.list > 0 && count.list + count.tuple + dyn === n) {
    const r = unifyTuplesAsList(types, unsafe);
    if (r !== undefined) return r;
  } else if (count.set > 0 && count.set + dyn === n) {
    return unifyCollections("set", types, unsafe, dyn > 0);
  } else if (count.object > 0 && count.object + dyn === n) {
    return unifyObjects(types, unsafe, dyn > 0);
  } else if (count.tuple > 0 && count.tuple + dyn === n) {
    return unifyTuples(types, unsafe, dyn > 0);
  } else if (count.object > 0 && count.tuple > 0) {
    return undefined;
  }
  // Otherwise: the first type, most general first, that all the others convert to.
  outer: for (const wi of preferenceOrder(types)) {
    const want = types[wi];
    const convs: (PathConversion | undefined)[] = [];
    for (let i = 0; i < n; i++) {
      if (i === wi || typeEquals(types[i], want)) {
        convs.push(undefined);
        continue;
      }
      const c = planConversion(types[i], want, unsafe);
      if (c === undefined) continue outer;
      convs.push(c);
    }
    return { type: want, conversions: convs };
  }
  return undefined;
}

function conversionsTo(
  types: readonly Type[],
  target: Type,
  unsafe: boolean,
): (PathConversion | undefined)[] | undefined {
  const convs: (PathConversion | undefined)[] = [];
  for (const t of types) {
    if (typeEquals(t, target)) {
      convs.push(undefined);
      continue;
    }
    const c = planConversion(t, target, unsafe);
    if (c === undefined) return undefined;
    convs.push(c);
  }
  return convs;
}

function allDynamic(types: readonly Type[]): UnifiedTypes {
  // Which way mixed collections and `dynamic` will go is unknowable: the result is unknown.
  return { type: dynamicType, conversions: types.map(() => () => dynamicValue) };
}

function unifyCollections(
  kind: "list" | "set" | "map",
  types: readonly Type[],
  unsafe: boolean,
  hasDynamic: boolean,
): UnifiedTypes | undefined {
  if (hasDynamic) return allDynamic(types);
  const u = unifyTypes(types.map((t) => (t as { element: Type }).element), unsafe);
  if (u === undefined) return undefined;
  const target = kind === "list"
    ? listType(u.type)
    : kind === "set"
    ? setType(u.type)
    : mapType(u.type);
  const convs = conversionsTo(types, target, unsafe);
  return convs === undefined ? undefined : { type: target, conversions: convs };
}

function unifyObjects(
  types: readonly Type[],
  unsafe: boolean,
  hasDynamic: boolean,
): UnifiedTypes | undefined {
  if (hasDynamic) return allDynamic(types);
  const objs = types as readonly Extract<Type, { kind: "object" }>[];
  const first = objs[0];
  const sameNames = objs.every((o) =>
    o.names.length === first.names.length && o.names.every((nm) => first.slots.has(nm))
  );
  if (!sameNames) return unifyObjectsToMap(types, unsafe);
  const attrs: Record<string, Type> = {};
  for (const nm of first.names) {
    const u = unifyTypes(objs.map((o) => o.attributes[nm]), unsafe);
    if (u === undefined) return undefined;
    attrs[nm] = u.type;
  }
  const target = objectType(attrs);
  const convs = conversionsTo(types, target, unsafe);
  if (convs === undefined) return unifyObjectsToMap(types, unsafe);
  return { type: target, conversions: convs };
}

function unifyObjectsToMap(types: readonly Type[], unsafe: boolean): UnifiedTypes | undefined {
  const attrTypes: Type[] = [];
  for (const t of types) {
    if (t.kind === "object") { for (const nm of t.names) attrTypes.push(t.attributes[nm]); }
  }
  const u = unifyTypes(attrTypes, unsafe);
  if (u === undefined) return undefined;
  const target = mapType(u.type);
  const convs = conversionsTo(types, target, unsafe);
  return convs === undefined ? undefined : { type: target, conversions: convs };
}

function unifyTuples(
  types: readonly Type[],
  unsafe: boolean,
  hasDynamic: boolean,
): UnifiedTypes | undefined {
  if (hasDynamic) return allDynamic(types);
  const tuples = types as readonly Extract<Type, { kind: "tuple" }>[];
  const len = tuples[0].elements.length;
  if (tuples.some((t) => t.elements.length !== len)) return unifyTuplesToList(types, unsafe);
  const elems: Type[] = [];
  for (let i = 0; i < len; i++) {
    const u = unifyTypes(tuples.map((t) => t.elements[i]), unsafe);
    if (u === undefined) return undefined;
    elems.push(u.type);
  }
  const target = tupleType(elems);
  const convs = conversionsTo(types, target, unsafe);
  if (convs === undefined) return unifyTuplesToList(types, unsafe);
  return { type: target, conversions: convs };
}

function unifyTuplesToList(types: readonly Type[], unsafe: boolean): UnifiedTypes | undefined {
  const elemTypes: Type[] = [];
  for (const t of types) if (t.kind === "tuple") elemTypes.push(...t.elements);
  const u = unifyTypes(elemTypes, unsafe);
  if (u === undefined) return undefined;
  const target = listType(u.type);
  const convs = conversionsTo(types, target, unsafe);
  return convs === undefined ? undefined : { type: target, conversions: convs };
}

/** Unifies the `kind` members among `types` first, then everything with that result in their place. */
function unifyReplacing(
  types: readonly Type[],
  kind: "object" | "tuple",
  toCollection: (members: readonly Type[], unsafe: boolean) => UnifiedTypes | undefined,
  resultKind: "map" | "list",
  unsafe: boolean,
): UnifiedTypes | undefined {
  const idx: number[] = [];
  types.forEach((t, i) => t.kind === kind && idx.push(i));
  const inner = toCollection(idx.map((i) => types[i]), unsafe);
  if (inner === undefined || inner.type.kind !== resultKind) return undefined;
  const replaced = types.slice();
  for (const i of idx) replaced[i] = inner.type;
  const outer = unifyTypes(replaced, unsafe);
  if (outer === undefined || outer.type.kind !== resultKind) return undefined;
  const convs = outer.conversions.slice();
  idx.forEach((i, k) => {
    const first = inner.conversions[k];
    const second = outer.conversions[i];
    if (first === undefined || second === undefined) convs[i] = first ?? second;
    else convs[i] = (v, path) => second(first(v, path), path);
  });
  return { type: outer.type, conversions: convs };
}

function unifyObjectsAsMaps(types: readonly Type[], unsafe: boolean): UnifiedTypes | undefined {
  return unifyReplacing(types, "object", unifyObjectsToMap, "map", unsafe);
}

function unifyTuplesAsList(types: readonly Type[], unsafe: boolean): UnifiedTypes | undefined {
  return unifyReplacing(types, "tuple", unifyTuplesToList, "list", unsafe);
}

/**
 * Indexes of `types`, most general first (a topological order of the
 * "more general than" relation that keeps input order among equals).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { preferenceOrder } from "./unify.ts";
 * import { numberType, stringType } from "./type.ts";
 * assert.equal(preferenceOrder([numberType, stringType]).join(), "1,0");
 * ```
 */
export function preferenceOrder(types: readonly Type[]): number[] {
  const n = types.length;
  const edges: number[][] = types.map(() => []);
  const inDegree = new Array<number>(n).fill(0);
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const c = compareGenerality(types[i], types[j]);
      if (c < 0) {
        edges[i].push(j);
        inDegree[j]++;
      } else if (c > 0) {
        edges[j].push(i);
        inDegree[i]++;
      }
    }
  }
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (inDegree[i] === 0) order.push(i);
  for (let k = 0; k < order.length; k++) {
    for (const j of edges[order[k]]) if (--inDegree[j] === 0) order.push(j);
  }
  return order;
}

/** Negative when `a` is the more general (preferred) result type, positive when `b` is. */
function compareGenerality(a: Type, b: Type): number {
  if (a.kind === "dynamic" || b.kind === "dynamic") {
    if (a.kind !== "dynamic") return -1;
    if (b.kind !== "dynamic") return 1;
    return 0;
  }
  if (isPrimitive(a) && isPrimitive(b) && (a.kind === "string" || b.kind === "string")) {
    // Every primitive converts to string.
    if (a.kind !== "string") return 1;
    if (b.kind !== "string") return -1;
    return 0;
  }
  if (
    (a.kind === "list" || a.kind === "set" || a.kind === "map") && a.kind === b.kind
  ) {
    return compareGenerality(a.element, (b as { element: Type }).element);
  }
  let swap = 1;
  if (
    (a.kind === "tuple" && b.kind === "list") || (a.kind === "object" && b.kind === "map") ||
    (a.kind === "set" && (b.kind === "tuple" || b.kind === "list"))
  ) {
    [a, b] = [b, a];
    swap = -1;
  }
  // Optimistic: a later pass checks that the element types really convert.
  if (b.kind === "set" && (a.kind === "tuple" || a.kind === "list")) return -swap;
  if (a.kind === "list" && b.kind === "tuple") return -swap;
  if (a.kind === "map" && b.kind === "object") return -swap;
  if (a.kind === "object" && b.kind === "object") {
    if (a.names.length !== b.names.length) return 0;
    let aSuper = false;
    let bSuper = false;
    for (const nm of a.names) {
      if (!b.slots.has(nm)) return 0;
      const c = compareGenerality(a.attributes[nm], b.attributes[nm]);
      if (c < 0) aSuper = true;
      else if (c > 0) bSuper = true;
    }
    return aSuper === bSuper ? 0 : aSuper ? -swap : swap;
  }
  if (a.kind === "tuple" && b.kind === "tuple") {
    if (a.elements.length !== b.elements.length) return 0;
    let aSuper = false;
    let bSuper = false;
    for (let i = 0; i < a.elements.length; i++) {
      const c = compareGenerality(a.elements[i], b.elements[i]);
      if (c < 0) aSuper = true;
      else if (c > 0) bSuper = true;
    }
    return aSuper === bSuper ? 0 : aSuper ? -swap : swap;
  }
  return 0;
}
