/**
 * Value constructors with go-cty's rules: NFC strings, element types that
 * agree, sets de-duplicated and ordered, marks on set elements hoisted to
 * the set, refined unknowns that collapse to known values when the
 * refinements leave a single possibility.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import { BigDecimal, compareNumbers, type Num, numberFromBigInt, parseNumber } from "./number.ts";
import type { Refinements } from "./refinement.ts";
import { UnknownInfo } from "./refinement.ts";
import { orderSetElements } from "./set_order.ts";
import {
  boolType,
  type CapsuleType,
  compareCodePoints,
  dynamicType,
  friendlyName,
  isCollection,
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
import { isPlainAscii } from "../errors/json_quote.ts";
import { nfc } from "./nfc.ts";
import { retypeElements, retypeEntries } from "./retype.ts";
import { CapsuleBox, markPlainText, Value } from "./value.ts";

function fail(code: string, message: string, context: Record<string, unknown> = {}): never {
  throw new FoundryError(code, message, { context });
}

/**
 * NFC-normalises as go-cty's `StringVal` does; text below U+0300 is already NFC.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalizeString } from "./construct.ts";
 * assert.equal(normalizeString("e\u0301"), "\u00e9");
 * ```
 */
export function normalizeString(s: string): string {
  // one rule for values, keys and attribute names (type.ts needs it too)
  return nfc(s);
}

/**
 * A known string (NFC-normalised).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { string } from "./construct.ts";
 * assert.equal(string("a").asString(), "a");
 * ```
 */
export function string(s: string): Value {
  // One scan answers both NFC and JSON escaping for the usual ASCII text.
  if (isPlainAscii(s)) return markPlainText(new Value(stringType, s));
  return new Value(stringType, normalizeString(s));
}

/**
 * A known number from a JS number (float64 semantics), bigint (exact
 * integer) or a {@link BigDecimal}. NaN is rejected.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { number } from "./construct.ts";
 * assert.equal(number(1.5).asNumber(), 1.5);
 * assert.equal(number(2n ** 64n).toJS(), "18446744073709551616");
 * ```
 */
export function number(n: number | bigint | Num): Value {
  if (typeof n === "bigint") return new Value(numberType, numberFromBigInt(n));
  if (typeof n === "number" && Number.isNaN(n)) fail("cty.number.nan", "NaN is not a cty number");
  return new Value(numberType, n);
}

/**
 * A known number parsed from decimal text at full precision (`"0.1"` stays exactly 0.1).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { numberFromString } from "./construct.ts";
 * assert.equal(numberFromString("1e400").toJS(), "1" + "0".repeat(400));
 * ```
 */
export function numberFromString(text: string): Value {
  const n = parseNumber(text);
  if (n === undefined) {
    fail("cty.number.invalid", `${JSON.stringify(text.slice(0, 60))} is not a number`);
  }
  return new Value(numberType, n);
}

/** The cty `true`. */
export const True: Value = new Value(boolType, true);
/** The cty `false`. */
export const False: Value = new Value(boolType, false);

/**
 * A known bool.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { bool } from "./construct.ts";
 * assert.equal(bool(false).asBool(), false);
 * ```
 */
export function bool(b: boolean): Value {
  return b ? True : False;
}

/**
 * A null of type `t`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { nullValue } from "./construct.ts";
 * import { stringType } from "./type.ts";
 * assert.ok(nullValue(stringType).isNull);
 * ```
 */
export function nullValue(t: Type): Value {
  return new Value(t, null);
}

/**
 * The unknown value of unknown type (go-cty's `DynamicVal`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { dynamicValue } from "./construct.ts";
 * assert.ok(!dynamicValue.isKnown);
 * assert.equal(dynamicValue.type.kind, "dynamic");
 * ```
 */
export const dynamicValue: Value = new Value(dynamicType, UnknownInfo.NONE);

function checkBound(b: readonly [Num, boolean] | undefined, what: string): void {
  if (b === undefined) return;
  if (!Array.isArray(b) || b.length !== 2 || typeof b[1] !== "boolean") {
    fail("cty.refinement.invalid", `${what} must be [number, inclusive]`);
  }
  const n = b[0];
  if (!(typeof n === "number" && !Number.isNaN(n)) && !(n instanceof BigDecimal)) {
    fail("cty.refinement.invalid", `${what} bound must be a number`);
  }
}

/**
 * An unknown of type `t`, optionally refined. Refinements must fit the type
 * (prefix: string; bounds: number; lengths: list/set/map). As in go-cty,
 * a not-null unknown whose refinements leave one possibility becomes that
 * known value (equal inclusive bounds; length 0; a list of n unknowns); the
 * dynamic type takes no refinements.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { unknown } from "./construct.ts";
 * import { stringType } from "./type.ts";
 * const u = unknown(stringType, { notNull: true, stringPrefix: "ami-" });
 * assert.ok(!u.isKnown);
 * assert.equal(u.refinements?.stringPrefix, "ami-");
 * ```
 */
export function unknown(t: Type, r: Refinements = {}): Value {
  if (t.kind === "dynamic") return dynamicValue;
  const prefix = r.stringPrefix === "" ? undefined : r.stringPrefix;
  if (prefix !== undefined && t.kind !== "string") {
    fail("cty.refinement.invalid", `string prefix refinement for ${friendlyName(t)}`);
  }
  if ((r.numberLower !== undefined || r.numberUpper !== undefined) && t.kind !== "number") {
    fail("cty.refinement.invalid", `number bound refinement for ${friendlyName(t)}`);
  }
  checkBound(r.numberLower, "numberLower");
  checkBound(r.numberUpper, "numberUpper");
  const lower = r.numberLower !== undefined && r.numberLower[0] === -Infinity
    ? undefined
    : r.numberLower;
  const upper = r.numberUpper !== undefined && r.numberUpper[0] === Infinity
    ? undefined
    : r.numberUpper;
  if (lower !== undefined && upper !== undefined && compareNumbers(lower[0], upper[0]) > 0) {
    fail("cty.refinement.invalid", "number lower bound is above the upper bound");
  }
  const minLen = r.lengthLower ?? 0;
  const maxLen = r.lengthUpper;
  if ((minLen !== 0 || maxLen !== undefined) && !isCollection(t)) {
    fail("cty.refinement.invalid", `length refinement for ${friendlyName(t)}`);
  }
  if (
    !Number.isSafeInteger(minLen) || minLen < 0 ||
    (maxLen !== undefined && (!Number.isSafeInteger(maxLen) || maxLen < minLen))
  ) {
    fail("cty.refinement.invalid", "length bounds must be integers with 0 <= lower <= upper");
  }
  const notNull = r.notNull === true;
  if (notNull) {
    // go-cty collapses refinements that leave exactly one possible value.
    if (
      lower !== undefined && upper !== undefined && lower[1] && upper[1] &&
      compareNumbers(lower[0], upper[0]) === 0
    ) {
      return new Value(numberType, lower[0]);
    }
    if (maxLen !== undefined && maxLen === minLen && isCollection(t)) {
      if (minLen === 0) return emptyCollection(t);
      if (t.kind === "list") {
        return new Value(
          t,
          Array.from({ length: minLen }, () => new Value(t.element, UnknownInfo.NONE)),
        );
      }
      if (t.kind === "set" && minLen === 1) {
        return new Value(t, [new Value(t.element, UnknownInfo.NONE)]);
      }
    }
  }
  const info = !notNull && prefix === undefined && lower === undefined && upper === undefined &&
      minLen === 0 && maxLen === undefined
    ? UnknownInfo.NONE
    : new UnknownInfo(notNull, prefix, lower, upper, minLen, maxLen);
  return new Value(t, info);
}

function emptyCollection(t: Type): Value {
  return t.kind === "map" ? new Value(t, new Map()) : new Value(t, []);
}

function commonType(values: readonly Value[], what: string): Type {
  let t: Type = dynamicType;
  for (let i = 0; i < values.length; i++) {
    const vt = values[i].type;
    if (vt.kind === "dynamic") continue;
    if (t.kind === "dynamic") t = vt;
    else if (!typeEquals(t, vt)) {
      fail(
        "cty.value.inconsistent_types",
        `inconsistent ${what} element types (${friendlyName(t)} then ${friendlyName(vt)})`,
        {
          index: i,
        },
      );
    }
  }
  return t;
}

function checkValues(values: readonly unknown[], what: string): asserts values is readonly Value[] {
  for (let i = 0; i < values.length; i++) {
    if (!(values[i] instanceof Value)) {
      fail("cty.value.not_a_value", `${what} element ${i} is not a cty Value`, { index: i });
    }
  }
}

/**
 * A non-empty list; all elements must share one type (use {@link listEmpty} for none).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { list, string } from "./construct.ts";
 * assert.equal(list([string("a"), string("b")]).length, 2);
 * ```
 */
export function list(values: readonly Value[]): Value {
  if (values.length === 0) fail("cty.value.empty", "list() needs elements; use listEmpty(type)");
  checkValues(values, "list");
  const et = commonType(values, "list");
  return new Value(listType(et), retypeElements([...values], et));
}

/**
 * An empty list of `element`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { listEmpty } from "./construct.ts";
 * import { stringType } from "./type.ts";
 * assert.equal(listEmpty(stringType).length, 0);
 * ```
 */
export function listEmpty(element: Type): Value {
  return new Value(listType(element), []);
}

/**
 * A non-empty set: elements de-duplicated and ordered as go-cty orders
 * them; marks on elements move to the set.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { set, string } from "./construct.ts";
 * assert.equal(set([string("b"), string("a"), string("b")]).toJS()!.toString(), "a,b");
 * ```
 */
export function set(values: readonly Value[]): Value {
  if (values.length === 0) fail("cty.value.empty", "set() needs elements; use setEmpty(type)");
  checkValues(values, "set");
  const et = commonType(values, "set");
  let marks: Set<string> | null = null;
  const clean = values.map((v) => {
    if (!v.containsMarked()) return v;
    const u = v.unmarkDeep();
    marks ??= new Set();
    for (const m of u.marks) marks.add(m);
    return u.value;
  });
  return new Value(setType(et), orderSetElements(et, retypeElements(clean, et)), marks);
}

/**
 * An empty set of `element`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { setEmpty } from "./construct.ts";
 * import { numberType } from "./type.ts";
 * assert.equal(setEmpty(numberType).length, 0);
 * ```
 */
export function setEmpty(element: Type): Value {
  return new Value(setType(element), []);
}

function sortedEntries(
  values: Readonly<Record<string, Value>> | ReadonlyMap<string, Value>,
): [string, Value][] {
  const entries = values instanceof Map ? [...values.entries()] : Object.entries(values);
  // Keys are distinct, so comparing code points gives go's byte order.
  return entries.sort((a, b) => (a[0] === b[0] ? 0 : compareCodePoints(a[0], b[0])));
}

/**
 * A non-empty map from a record or Map of values sharing one type. Keys are
 * NFC-normalised and kept in sorted order.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { map, number } from "./construct.ts";
 * assert.equal(map({ b: number(1), a: number(2) }).entries()[0][0], "a");
 * ```
 */
export function map(values: Readonly<Record<string, Value>> | ReadonlyMap<string, Value>): Value {
  // go-cty normalises keys first, so they sort (and collide) in NFC form.
  const normal = new Map<string, Value>();
  const source = values instanceof Map ? values : Object.entries(values);
  for (const [k, v] of source) normal.set(normalizeString(k), v);
  const entries = sortedEntries(normal);
  if (entries.length === 0) fail("cty.value.empty", "map() needs elements; use mapEmpty(type)");
  const vals = entries.map((e) => e[1]);
  checkValues(vals, "map");
  const et = commonType(vals, "map");
  return new Value(mapType(et), retypeEntries(new Map(entries), et));
}

/**
 * An empty map of `element`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { mapEmpty } from "./construct.ts";
 * import { boolType } from "./type.ts";
 * assert.equal(mapEmpty(boolType).length, 0);
 * ```
 */
export function mapEmpty(element: Type): Value {
  return new Value(mapType(element), new Map());
}

/**
 * An object; its type is the object type of its attributes' types.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { object, string } from "./construct.ts";
 * assert.equal(object({ a: string("x") }).getAttr("a").asString(), "x");
 * ```
 */
export function object(attrs: Readonly<Record<string, Value>> | ReadonlyMap<string, Value>): Value {
  const entries = attrs instanceof Map ? [...attrs.entries()] : Object.entries(attrs);
  const types: Record<string, Type> = Object.create(null);
  const byName = new Map<string, Value>();
  for (const [k, v] of entries) {
    if (!(v instanceof Value)) {
      fail("cty.value.not_a_value", `attribute "${k}" is not a cty Value`, { attribute: k });
    }
    const name = normalizeString(k);
    types[name] = v.type;
    byName.set(name, v);
  }
  const t = objectType(types);
  return new Value(t, t.names.map((n) => byName.get(n)!));
}

/**
 * A tuple of any values.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { tuple, string, number } from "./construct.ts";
 * assert.equal(tuple([string("a"), number(1)]).type.kind, "tuple");
 * ```
 */
export function tuple(values: readonly Value[]): Value {
  checkValues(values, "tuple");
  return new Value(tupleType(values.map((v) => v.type)), [...values]);
}

/**
 * A capsule value wrapping a host object.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { capsule } from "./construct.ts";
 * import { capsuleType } from "./type.ts";
 * assert.notEqual(capsule(capsuleType("file"), { fd: 3 }).toJS(), null);
 * ```
 */
export function capsule(t: CapsuleType, host: unknown): Value {
  return new Value(t, new CapsuleBox(host));
}
