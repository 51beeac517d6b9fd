/**
 * Conversions whose target is a structural type: object -> object (the
 * target's attributes must exist in the source unless optional; extra source
 * attributes are dropped), map -> object (unsafe: keys may be missing) and
 * tuple -> tuple (same length, element by element).
 *
 * @module
 */

import type { PathStep } from "../errors/mod.ts";
import { nullValue, object, tuple } from "./construct.ts";
import { childPath, convertError, type PathConversion } from "./convert_error.ts";
import { mismatch } from "./convert_mismatch.ts";
import { withoutOptionalDeep } from "./convert_optional.ts";
import { planConversion } from "./convert_select.ts";
import { type MapType, type ObjectType, type TupleType, typeEquals } from "./type.ts";
import type { Value } from "./value.ts";

/** A conversion per target attribute: `null` = take as is, undefined = absent. */
type AttrPlan = Map<string, PathConversion | null>;

function keepAttr(v: Value): Value {
  return v.isNull && v.marks === null ? nullValue(withoutOptionalDeep(v.type)) : v;
}

/**
 * object -> object. Undefined when a required target attribute is missing
 * from the source or some attribute cannot convert.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { objectToObject } from "./convert_structural.ts";
 * import { cty } from "./mod.ts";
 * const to = cty.Object({ a: cty.String, b: cty.Number }, ["b"]);
 * const v = cty.object({ a: cty.number(1), c: cty.True });
 * const out = objectToObject(v.type as never, to, false)!(v, []);
 * assert.equal(out.getAttr("a").asString(), "1");
 * assert.ok(out.getAttr("b").isNull);
 * ```
 */
export function objectToObject(
  from: ObjectType,
  to: ObjectType,
  unsafe: boolean,
): PathConversion | undefined {
  const plan: AttrPlan = new Map();
  for (const n of to.names) {
    const want = to.attributes[n];
    const have = from.attributes[n];
    if (!from.slots.has(n)) {
      if (to.optional.includes(n)) continue;
      return undefined;
    }
    if (typeEquals(have, want)) {
      plan.set(n, null);
      continue;
    }
    const c = planConversion(have, want, unsafe);
    if (c === undefined) return undefined;
    plan.set(n, c);
  }
  const missing = to.optional.filter((n) => !from.slots.has(n));
  return (v, path) => {
    const vals = v.raw as readonly Value[];
    const out = new Map<string, Value>();
    for (let i = 0; i < from.names.length; i++) {
      const n = from.names[i];
      const c = plan.get(n);
      if (c === undefined) continue;
      const e = c === null ? vals[i] : c(vals[i], childPath(path, { kind: "attr", name: n }));
      out.set(n, keepAttr(e));
    }
    for (const n of missing) out.set(n, nullValue(withoutOptionalDeep(to.attributes[n])));
    return object(out);
  };
}

/**
 * map -> object (unsafe only). Keys the object does not have are dropped;
 * a missing required attribute fails when the value is converted.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { mapToObject } from "./convert_structural.ts";
 * import { cty } from "./mod.ts";
 * const m = cty.map({ a: cty.string("1"), z: cty.string("x") });
 * const out = mapToObject(m.type as never, cty.Object({ a: cty.Number }), true)!(m, []);
 * assert.equal(out.getAttr("a").asNumber(), 1);
 * ```
 */
export function mapToObject(
  from: MapType,
  to: ObjectType,
  unsafe: boolean,
): PathConversion | undefined {
  const et = from.element;
  // `false` marks an optional attribute whose type the map's cannot convert to.
  const plan = new Map<string, PathConversion | null | false>();
  for (const n of to.names) {
    const want = to.attributes[n];
    if (typeEquals(et, want)) {
      plan.set(n, null);
      continue;
    }
    const c = planConversion(et, want, unsafe);
    if (c !== undefined) plan.set(n, c);
    else if (unsafe && to.optional.includes(n)) plan.set(n, false);
    else return undefined;
  }
  return (v, path) => {
    const out = new Map<string, Value>();
    for (const [k, e] of v.raw as ReadonlyMap<string, Value>) {
      const c = plan.get(k);
      if (c === undefined) continue;
      const at: PathStep[] = childPath(path, { kind: "key", key: k });
      if (c === false) {
        const m = mismatch(e.type, to.attributes[k]);
        throw convertError(
          [...at, ...m.path],
          `the map's element type cannot become this attribute's type: ${m.problem}`,
        );
      }
      out.set(k, keepAttr(c === null ? e : c(e, at)));
    }
    for (const n of to.names) {
      if (out.has(n)) continue;
      if (!to.optional.includes(n)) {
        throw convertError(path, `the map has no key for required attribute "${n}"`);
      }
      out.set(n, nullValue(withoutOptionalDeep(to.attributes[n])));
    }
    return object(out);
  };
}

/**
 * tuple -> tuple of the same length, element by element.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { tupleToTuple } from "./convert_structural.ts";
 * import { cty } from "./mod.ts";
 * const t = cty.tuple([cty.number(1)]);
 * assert.equal(tupleToTuple(t.type as never, cty.Tuple([cty.String]), false)!(t, []).index(0).asString(), "1");
 * ```
 */
export function tupleToTuple(
  from: TupleType,
  to: TupleType,
  unsafe: boolean,
): PathConversion | undefined {
  if (from.elements.length !== to.elements.length) return undefined;
  const convs: (PathConversion | undefined)[] = [];
  for (let i = 0; i < to.elements.length; i++) {
    if (typeEquals(from.elements[i], to.elements[i])) {
      convs.push(undefined);
      continue;
    }
    const c = planConversion(from.elements[i], to.elements[i], unsafe);
    if (c === undefined) return undefined;
    convs.push(c);
  }
  return (v, path) => {
    const vals = v.raw as readonly Value[];
    return tuple(vals.map((e, i) => {
      const c = convs[i];
      return c === undefined ? e : c(e, childPath(path, { kind: "index", index: i }));
    }));
  };
}
