/**
 * go-cty 1.16's `Value.Equals` decision, as Terraform's `==` and `!=` see it:
 * true, false, or undefined when the answer waits on unknowns (the caller
 * makes that an unknown, not-null bool). Marks are the caller's business.
 *
 * The order of the checks is go-cty's and matters: a null against a value
 * refined as not-null is false before unknowns are looked at; a known value
 * outside an unknown's refined range (a string prefix, number bounds,
 * collection length bounds, or a type it cannot conform to) is false; a set
 * holding an unknown element is unknown; a set element whose own equality is
 * unknown is "not found" (so `toset([{a = unknown}])` is not equal to
 * itself). go-cty visits object attributes and map keys in Go's random map
 * order and stops at the first unknown or false; we visit them sorted, so
 * where one attribute is unknown and another false go-cty's answer varies
 * from run to run and ours is the first in name order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * // A mark inside either side marks the answer.
 * const eq = cty.object({ a: cty.bool(false).mark("sensitive") }).equals(
 *   cty.object({ a: cty.bool(false) }),
 * );
 * assert.ok(eq.hasMark("sensitive") && eq.unmark().asBool());
 * // An unknown string known to start with "ami-" is not "x".
 * const ami = cty.unknown(cty.String, { notNull: true, stringPrefix: "ami-" });
 * assert.equal(ami.equals(cty.string("x")).unmark().asBool(), false);
 * // An unknown answer is never null.
 * assert.equal(cty.unknown(cty.Number).equals(cty.number(1)).refinements?.notNull, true);
 * ```
 *
 * @module
 */

import { compareNumbers, type Num } from "./number.ts";
import { UnknownInfo } from "./refinement.ts";
import { setHashString } from "./set_order.ts";
import { type Type, typeEquals } from "./type.ts";
import type { CapsuleBox, Value } from "./value.ts";

/** True when `t` has `dynamic` anywhere in it (go-cty's `HasDynamicTypes`). */
export function hasDynamic(t: Type): boolean {
  switch (t.kind) {
    case "dynamic":
      return true;
    case "list":
    case "set":
    case "map":
      return hasDynamic(t.element);
    case "tuple":
      return t.elements.some(hasDynamic);
    case "object":
      return t.names.some((n) => hasDynamic(t.attributes[n]));
    default:
      return false;
  }
}

/** go-cty's `TestConformance(given, want)` without the messages: `dynamic` in `want` takes anything. */
export function conformsTo(given: Type, want: Type): boolean {
  if (want.kind === "dynamic" || typeEquals(given, want)) return true;
  switch (want.kind) {
    case "object": {
      if (given.kind !== "object" || given.names.length !== want.names.length) return false;
      for (const n of want.names) {
        const g = given.attributes[n];
        if (g === undefined || !given.slots.has(n) || !conformsTo(g, want.attributes[n])) {
          return false;
        }
      }
      return true;
    }
    case "tuple":
      return given.kind === "tuple" && given.elements.length === want.elements.length &&
        want.elements.every((w, i) => conformsTo(given.elements[i], w));
    case "list":
    case "set":
    case "map":
      return given.kind === want.kind && conformsTo(given.element, want.element);
    default:
      return false;
  }
}

/**
 * go-cty's `HasWhollyKnownType`: no unknown of dynamic type inside (looked up
 * in the value, not its type: an empty `list(object({a = dynamic}))` has one).
 */
function hasWhollyKnownType(v: Value): boolean {
  const raw = v.raw;
  if (raw === null) return true;
  const k = v.type.kind;
  if (raw instanceof UnknownInfo) {
    return k === "string" || k === "number" || k === "bool" || k === "capsule" ||
      !hasDynamic(v.type);
  }
  if (Array.isArray(raw)) return (raw as readonly Value[]).every(hasWhollyKnownType);
  if (raw instanceof Map) {
    for (const e of raw.values()) if (!hasWhollyKnownType(e)) return false;
  }
  return true;
}

/** A known value that is not null, or an unknown refined as not null. */
function definitelyNotNull(v: Value): boolean {
  const raw = v.raw;
  if (raw instanceof UnknownInfo) return raw.notNull;
  return raw !== null;
}

function lengthOf(v: Value): [number, number] | undefined {
  const raw = v.raw;
  if (Array.isArray(raw)) {
    // A set holding unknowns may shrink when they become known (go-cty: 1..n).
    if (v.type.kind === "set" && raw.length > 1 && !v.isWhollyKnown()) return [1, raw.length];
    return [raw.length, raw.length];
  }
  if (raw instanceof Map) return [raw.size, raw.size];
  return undefined;
}

/**
 * go-cty's `ValueRange.Includes` for a known `v`: false only when `v` is
 * certainly outside what the unknown `u` may become.
 */
function outsideRange(u: Value, info: UnknownInfo, v: Value): boolean {
  if (v.isNull) return false;
  if (!conformsTo(v.type, u.type)) return true;
  if (v.type.kind === "dynamic") return false;
  switch (u.type.kind) {
    case "string":
      return info.stringPrefix !== undefined && !(v.raw as string).startsWith(info.stringPrefix);
    case "number": {
      const n = v.raw as Num;
      const lo = info.numberLower;
      const hi = info.numberUpper;
      if (lo !== undefined) {
        const c = compareNumbers(n, lo[0]);
        if (c < 0 || (c === 0 && !lo[1])) return true;
      }
      if (hi !== undefined) {
        const c = compareNumbers(n, hi[0]);
        if (c > 0 || (c === 0 && !hi[1])) return true;
      }
      return false;
    }
    case "list":
    case "set":
    case "map": {
      const len = lengthOf(v);
      if (len === undefined) return false;
      if (len[1] < info.lengthLower) return true;
      return info.lengthUpper !== undefined && len[0] > info.lengthUpper;
    }
    default:
      return false;
  }
}

/**
 * Three-valued equality of two unmarked values: true, false, or undefined
 * for "unknown". See the module documentation for go-cty's order of checks.
 */
export function equalsTri(a: Value, b: Value): boolean | undefined {
  const x = a.raw;
  const y = b.raw;
  if ((x === null && definitelyNotNull(b)) || (y === null && definitelyNotNull(a))) return false;
  const ak = !(x instanceof UnknownInfo);
  const bk = !(y instanceof UnknownInfo);
  if (ak !== bk) {
    const known = ak ? a : b;
    const unknown = ak ? b : a;
    if (outsideRange(unknown, unknown.raw as UnknownInfo, known)) return false;
    if (known.isNull || hasDynamic(unknown.type)) return undefined;
    return typeEquals(known.type, unknown.type) ? undefined : false;
  }
  if (!ak) return undefined;
  if (x === null || y === null) return x === y;
  if (!hasWhollyKnownType(a) || !hasWhollyKnownType(b)) {
    if (!conformsTo(a.type, b.type) && !conformsTo(b.type, a.type)) return false;
    return undefined;
  }
  if (!typeEquals(a.type, b.type)) return false;
  switch (a.type.kind) {
    case "number":
      return compareNumbers(x as Num, y as Num) === 0;
    case "string":
    case "bool":
      return x === y;
    case "capsule":
      return (x as CapsuleBox).value === (y as CapsuleBox).value;
    case "map": {
      const mx = x as ReadonlyMap<string, Value>;
      const my = y as ReadonlyMap<string, Value>;
      if (mx.size !== my.size) return false;
      for (const [k, v] of mx) {
        const w = my.get(k);
        if (w === undefined) return false;
        const r = equalsTri(v, w);
        if (r !== true) return r;
      }
      return true;
    }
    case "set": {
      const ax = x as readonly Value[];
      const ay = y as readonly Value[];
      // An unknown element anywhere at the top makes the answer unknown, even
      // after a missing element was found (go-cty walks both sets to the end).
      for (const v of ax) if (!v.isKnown) return undefined;
      for (const v of ay) if (!v.isKnown) return undefined;
      return setIncludesAll(ax, ay) && setIncludesAll(ay, ax);
    }
    case "list":
      if ((x as readonly Value[]).length !== (y as readonly Value[]).length) return false;
      return elementwise(x as readonly Value[], y as readonly Value[]);
    default:
      // tuple and object: same type, so same length and names
      return elementwise(x as readonly Value[], y as readonly Value[]);
  }
}

/**
 * Every element of `xs` is in `ys` the way go-cty's set lookup finds it: same
 * hash bucket (so `-0` is not found among `0`s) and equality a known true.
 */
function setIncludesAll(xs: readonly Value[], ys: readonly Value[]): boolean {
  const hy = ys.map(setHashString);
  return xs.every((v) => {
    const h = setHashString(v);
    return ys.some((w, i) => hy[i] === h && equalsTri(v, w) === true);
  });
}

function elementwise(ax: readonly Value[], ay: readonly Value[]): boolean | undefined {
  for (let i = 0; i < ax.length; i++) {
    const r = equalsTri(ax[i], ay[i]);
    if (r !== true) return r;
  }
  return true;
}
