/**
 * cty types: a discriminated union with shared singletons for the
 * primitives, structural equality and Terraform's friendly names.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import { nfc } from "./nfc.ts";

/** The `string` type. */
export interface StringType {
  readonly kind: "string";
}
/** The `number` type (arbitrary precision). */
export interface NumberType {
  readonly kind: "number";
}
/** The `bool` type. */
export interface BoolType {
  readonly kind: "bool";
}
/** The pseudo-type `dynamic` (any type, decided at run time). */
export interface DynamicType {
  readonly kind: "dynamic";
}
/** `list(T)`. */
export interface ListType {
  readonly kind: "list";
  readonly element: Type;
}
/** `set(T)`. */
export interface SetType {
  readonly kind: "set";
  readonly element: Type;
}
/** `map(T)`. */
export interface MapType {
  readonly kind: "map";
  readonly element: Type;
}
/** `object({...})`; `names` holds the attribute names in go-cty's (UTF-8 byte) order. */
export interface ObjectType {
  readonly kind: "object";
  readonly attributes: Readonly<Record<string, Type>>;
  /** Attribute names marked optional (a type constraint only), sorted. */
  readonly optional: readonly string[];
  /** Attribute names sorted by code point: the order of every codec. */
  readonly names: readonly string[];
  /** Position of each attribute in `names`, for O(1) lookup. */
  readonly slots: ReadonlyMap<string, number>;
  /** The attribute types in `names` order (codecs walk these, not the record). */
  readonly types: readonly Type[];
}
/** `tuple([...])`. */
export interface TupleType {
  readonly kind: "tuple";
  readonly elements: readonly Type[];
}
/** A capsule: an opaque host value, compared by `name` identity. */
export interface CapsuleType {
  readonly kind: "capsule";
  readonly name: string;
}

/** Any cty type. */
export type Type =
  | StringType
  | NumberType
  | BoolType
  | DynamicType
  | ListType
  | SetType
  | MapType
  | ObjectType
  | TupleType
  | CapsuleType;

/**
 * The `string` type singleton.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { stringType, friendlyName } from "./type.ts";
 * assert.equal(friendlyName(stringType), "string");
 * ```
 */
export const stringType: StringType = globalThis.Object.freeze({ kind: "string" });
/**
 * The `number` type singleton.
 */
export const numberType: NumberType = globalThis.Object.freeze({ kind: "number" });
/**
 * The `bool` type singleton.
 */
export const boolType: BoolType = globalThis.Object.freeze({ kind: "bool" });
/**
 * The `dynamic` pseudo-type singleton.
 */
export const dynamicType: DynamicType = globalThis.Object.freeze({ kind: "dynamic" });

/**
 * Compares strings by Unicode code point, which equals Go's byte-wise order
 * of their UTF-8 encodings (JS `<` compares UTF-16 units, which differs for
 * characters above U+FFFF versus U+E000..U+FFFF).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareCodePoints } from "./type.ts";
 * assert.ok(compareCodePoints("\uffff", "😀") < 0);
 * ```
 */
export function compareCodePoints(a: string, b: string): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (0xD800-0xDFFF) encodes a code point above every BMP unit.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * `list(element)`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { listType, stringType, friendlyName } from "./type.ts";
 * assert.equal(friendlyName(listType(stringType)), "list of string");
 * ```
 */
export function listType(element: Type): ListType {
  return { kind: "list", element };
}
/**
 * `set(element)`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { setType, numberType } from "./type.ts";
 * assert.equal(setType(numberType).element, numberType);
 * ```
 */
export function setType(element: Type): SetType {
  return { kind: "set", element };
}
/**
 * `map(element)`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { mapType, boolType } from "./type.ts";
 * assert.equal(mapType(boolType).kind, "map");
 * ```
 */
export function mapType(element: Type): MapType {
  return { kind: "map", element };
}
/**
 * `object({...})`, optionally with attributes that may be omitted (a type
 * constraint for conversion, as in Terraform's `optional(...)`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { objectType, stringType } from "./type.ts";
 * const t = objectType({ b: stringType, a: stringType });
 * assert.equal(t.names.join(), "a,b");
 * ```
 */
export function objectType(
  attributes: Readonly<Record<string, Type>>,
  optional: readonly string[] = [],
): ObjectType {
  // go-cty NFC-normalises attribute names (a later name wins a collision).
  const attrs: Record<string, Type> = globalThis.Object.create(null);
  for (const k in attributes) attrs[nfc(k)] = attributes[k];
  const names = globalThis.Object.keys(attrs).sort(compareCodePoints);
  const slots = new globalThis.Map<string, number>();
  for (let i = 0; i < names.length; i++) slots.set(names[i], i);
  optional = optional.map(nfc);
  for (const o of optional) {
    if (!slots.has(o)) {
      throw new FoundryError("cty.type.invalid", `optional attribute "${o}" is not declared`, {
        context: { attribute: o },
      });
    }
  }
  const opt = [...new globalThis.Set(optional)].sort(compareCodePoints);
  const types = names.map((n) => attrs[n]);
  return { kind: "object", attributes: attrs, optional: opt, names, slots, types };
}
/**
 * `tuple([...])`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { tupleType, stringType, numberType } from "./type.ts";
 * assert.equal(tupleType([stringType, numberType]).elements.length, 2);
 * ```
 */
export function tupleType(elements: readonly Type[]): TupleType {
  return { kind: "tuple", elements: [...elements] };
}
/**
 * A capsule type named `name`; two capsule types are equal when their names are.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { capsuleType } from "./type.ts";
 * assert.equal(capsuleType("file").name, "file");
 * ```
 */
export function capsuleType(name: string): CapsuleType {
  return { kind: "capsule", name };
}

/** The empty object type. */
export const emptyObjectType: ObjectType = objectType({});
/** The empty tuple type. */
export const emptyTupleType: TupleType = tupleType([]);

/**
 * Structural type equality (optional-attribute sets included).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { listType, stringType, typeEquals } from "./type.ts";
 * assert.ok(typeEquals(listType(stringType), listType(stringType)));
 * ```
 */
export function typeEquals(a: Type, b: Type): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case "string":
    case "number":
    case "bool":
    case "dynamic":
      return a.kind === b.kind;
    case "list":
    case "set":
    case "map":
      return b.kind === a.kind && typeEquals(a.element, (b as ListType).element);
    case "tuple": {
      if (b.kind !== "tuple" || b.elements.length !== a.elements.length) return false;
      for (let i = 0; i < a.elements.length; i++) {
        if (!typeEquals(a.elements[i], b.elements[i])) return false;
      }
      return true;
    }
    case "object": {
      if (b.kind !== "object" || b.names.length !== a.names.length) return false;
      if (b.optional.length !== a.optional.length) return false;
      for (let i = 0; i < a.names.length; i++) {
        const n = a.names[i];
        if (b.names[i] !== n) return false;
        if (!typeEquals(a.attributes[n], b.attributes[n])) return false;
      }
      for (let i = 0; i < a.optional.length; i++) {
        if (a.optional[i] !== b.optional[i]) return false;
      }
      return true;
    }
    case "capsule":
      return b.kind === "capsule" && b.name === a.name;
  }
}

/**
 * The short name Terraform uses in messages: `string`, `list of string`,
 * `map of number`, `object`, `tuple`, `set of object`, `dynamic`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { friendlyName, mapType, numberType } from "./type.ts";
 * assert.equal(friendlyName(mapType(numberType)), "map of number");
 * ```
 */
export function friendlyName(t: Type): string {
  switch (t.kind) {
    case "list":
    case "set":
    case "map":
      return `${t.kind} of ${friendlyName(t.element)}`;
    case "capsule":
      return t.name;
    default:
      return t.kind;
  }
}

/**
 * True for types with no `dynamic` anywhere inside.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { dynamicType, isConcrete, listType, stringType } from "./type.ts";
 * assert.ok(isConcrete(listType(stringType)));
 * assert.ok(!isConcrete(listType(dynamicType)));
 * ```
 */
export function isConcrete(t: Type): boolean {
  switch (t.kind) {
    case "dynamic":
      return false;
    case "list":
    case "set":
    case "map":
      return isConcrete(t.element);
    case "tuple":
      return t.elements.every(isConcrete);
    case "object":
      return t.names.every((n) => isConcrete(t.attributes[n]));
    default:
      return true;
  }
}

/**
 * True for list, set and map types (the kinds with length refinements).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isCollection, listType, stringType } from "./type.ts";
 * assert.ok(isCollection(listType(stringType)));
 * assert.ok(!isCollection(stringType));
 * ```
 */
export function isCollection(t: Type): t is ListType | SetType | MapType {
  return t.kind === "list" || t.kind === "set" || t.kind === "map";
}
