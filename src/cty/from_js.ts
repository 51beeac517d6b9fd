/**
 * `fromJS`: builds a value of a given type from plain JS data (the
 * reverse of `Value.toJS`). `Value` instances may appear anywhere and are
 * taken as they are (so unknowns can be placed in plain data).
 *
 * @module
 */

import { formatPath, FoundryError, type PathStep } from "../errors/mod.ts";
import { normalizeString, string } from "./construct.ts";
import { BigDecimal, numberFromBigInt, parseNumber } from "./number.ts";
import { orderSetElements } from "./set_order.ts";
import {
  boolType,
  compareCodePoints,
  dynamicType,
  friendlyName,
  listType,
  mapType,
  numberType,
  objectType,
  setType,
  stringType,
  tupleType,
  type Type,
  typeEquals,
} from "./type.ts";
import { Value } from "./value.ts";

function fail(path: PathStep[], why: string): never {
  const where = formatPath(path);
  throw new FoundryError("cty.value.from_js", where === "" ? why : `${where}: ${why}`, {
    context: { path: [...path], at: where },
  });
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof Value) &&
    !(x instanceof BigDecimal) && !(x instanceof Map);
}

function entriesOf(x: unknown): [string, unknown][] | undefined {
  if (x instanceof Map) return [...x.entries()].map(([k, v]) => [String(k), v]);
  return isPlainObject(x) ? Object.entries(x) : undefined;
}

function impliedFromJS(x: unknown, path: PathStep[]): Type {
  if (x instanceof Value) return x.type;
  if (x === null || x === undefined) return dynamicType;
  if (typeof x === "string") return stringType;
  if (typeof x === "number" || typeof x === "bigint" || x instanceof BigDecimal) return numberType;
  if (typeof x === "boolean") return boolType;
  if (Array.isArray(x)) {
    return tupleType(x.map((e, i) => impliedFromJS(e, [...path, { kind: "index", index: i }])));
  }
  const ents = entriesOf(x);
  if (ents === undefined) return fail(path, `cannot represent ${typeof x} as a cty value`);
  const attrs: Record<string, Type> = Object.create(null);
  for (const [k, v] of ents) attrs[k] = impliedFromJS(v, [...path, { kind: "attr", name: k }]);
  return objectType(attrs);
}

function convert(x: unknown, t: Type, path: PathStep[], depth: number): Value {
  if (depth > 1000) fail(path, "nested too deeply");
  if (x instanceof Value) {
    if (t.kind !== "dynamic" && x.type.kind !== "dynamic" && !typeEquals(x.type, t)) {
      fail(path, `${friendlyName(x.type)} value given where ${friendlyName(t)} is required`);
    }
    return x;
  }
  if (x === null || x === undefined) return new Value(t, null);
  switch (t.kind) {
    case "dynamic":
      return convert(x, impliedFromJS(x, path), path, depth + 1);
    case "string":
      if (typeof x !== "string") fail(path, `a string is required, got ${typeof x}`);
      return string(x);
    case "number": {
      if (typeof x === "number") {
        if (Number.isNaN(x)) fail(path, "NaN is not a number");
        return new Value(numberType, x);
      }
      if (typeof x === "bigint") return new Value(numberType, numberFromBigInt(x));
      if (x instanceof BigDecimal) return new Value(numberType, x);
      if (typeof x === "string") {
        const n = parseNumber(x);
        if (n === undefined) fail(path, `${JSON.stringify(x.slice(0, 40))} is not a number`);
        return new Value(numberType, n);
      }
      return fail(path, `a number is required, got ${typeof x}`);
    }
    case "bool":
      if (typeof x !== "boolean") fail(path, `a bool is required, got ${typeof x}`);
      return new Value(boolType, x);
    case "list":
    case "set": {
      if (!Array.isArray(x)) fail(path, `an array is required for ${friendlyName(t)}`);
      const vals = x.map((e, i) => {
        path.push({ kind: "index", index: i });
        const v = convert(e, t.element, path, depth + 1);
        path.pop();
        return v;
      });
      const et = elementType(t.element, vals, path);
      if (t.kind === "list") return new Value(typeEquals(et, t.element) ? t : listType(et), vals);
      return new Value(typeEquals(et, t.element) ? t : setType(et), orderSetElements(et, vals));
    }
    case "tuple": {
      if (!Array.isArray(x) || x.length !== t.elements.length) {
        fail(path, `an array of ${t.elements.length} elements is required`);
      }
      const vals = x.map((e, i) => {
        path.push({ kind: "index", index: i });
        const v = convert(e, t.elements[i], path, depth + 1);
        path.pop();
        return v;
      });
      return new Value(tupleType(vals.map((v) => v.type)), vals);
    }
    case "map": {
      const ents = entriesOf(x);
      if (ents === undefined) return fail(path, "an object is required for a map");
      const m = new Map<string, Value>();
      for (
        const [k, e] of ents.map(([k, e]) => [normalizeString(k), e] as const).sort((a, b) =>
          compareCodePoints(a[0], b[0])
        )
      ) {
        path.push({ kind: "key", key: k });
        m.set(k, convert(e, t.element, path, depth + 1));
        path.pop();
      }
      const et = elementType(t.element, [...m.values()], path);
      return new Value(typeEquals(et, t.element) ? t : mapType(et), m);
    }
    case "object": {
      const ents = entriesOf(x);
      if (ents === undefined) return fail(path, "an object is required");
      const given = new Map(ents);
      for (const k of given.keys()) {
        if (!t.slots.has(k)) fail([...path, { kind: "attr", name: k }], "unsupported attribute");
      }
      const vals = t.names.map((n) => {
        path.push({ kind: "attr", name: n });
        const v = convert(given.get(n), t.attributes[n], path, depth + 1);
        path.pop();
        return v;
      });
      const types: Record<string, Type> = Object.create(null);
      t.names.forEach((n, i) => (types[n] = vals[i].type));
      const vt = objectType(types);
      return new Value(typeEquals(vt, t) ? t : vt, vals);
    }
    default:
      return fail(path, `cannot build ${friendlyName(t)} from JS`);
  }
}

function elementType(declared: Type, vals: readonly Value[], path: PathStep[]): Type {
  let t: Type = dynamicType;
  for (const v of vals) {
    if (v.type.kind === "dynamic") continue;
    if (t.kind === "dynamic") t = v.type;
    else if (!typeEquals(t, v.type)) fail(path, "elements have different types");
  }
  return vals.length === 0 || t.kind === "dynamic" ? declared : t;
}

/**
 * Builds a value of type `type` from plain JS data: strings, numbers
 * (JS numbers, bigints, decimal strings), booleans, null/undefined for
 * null, arrays for lists/sets/tuples, objects or Maps for maps/objects
 * (missing attributes become null). Under `dynamic` the type is implied
 * from the data.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * const v = cty.fromJS({ tags: { env: "prod" } }, cty.Object({ tags: cty.Map(cty.String) }));
 * assert.equal(v.getAttr("tags").index("env").asString(), "prod");
 * ```
 */
export function fromJS(plain: unknown, type: Type): Value {
  return convert(plain, type, [], 0);
}
