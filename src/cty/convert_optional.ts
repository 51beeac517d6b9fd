/**
 * Optional object attributes are a conversion-time constraint only: values
 * never carry them in their types. These helpers strip them and name type
 * constraints in messages.
 *
 * @module
 */

import { listType, mapType, objectType, setType, tupleType, type Type } from "./type.ts";

/**
 * `t` with every optional-attribute marker removed, at any depth (the same
 * object returned when there is none).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { withoutOptionalDeep } from "./convert_optional.ts";
 * import { objectType, stringType } from "./type.ts";
 * assert.equal(withoutOptionalDeep(objectType({ a: stringType }, ["a"])).optional.length, 0);
 * ```
 */
export function withoutOptionalDeep<T extends Type>(t: T): T;
export function withoutOptionalDeep(t: Type): Type {
  switch (t.kind) {
    case "list":
    case "set":
    case "map": {
      const e = withoutOptionalDeep(t.element);
      if (e === t.element) return t;
      return t.kind === "list" ? listType(e) : t.kind === "set" ? setType(e) : mapType(e);
    }
    case "tuple": {
      const es = t.elements.map((e) => withoutOptionalDeep(e));
      return es.every((e, i) => e === t.elements[i]) ? t : tupleType(es);
    }
    case "object": {
      let changed = t.optional.length > 0;
      const attrs: Record<string, Type> = {};
      for (const n of t.names) {
        const a = t.attributes[n];
        attrs[n] = withoutOptionalDeep(a);
        if (attrs[n] !== a) changed = true;
      }
      return changed ? objectType(attrs) : t;
    }
    default:
      return t;
  }
}

/**
 * True when `t` has an optional attribute anywhere inside.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { hasOptionalDeep } from "./convert_optional.ts";
 * import { listType, objectType, stringType } from "./type.ts";
 * assert.ok(hasOptionalDeep(listType(objectType({ a: stringType }, ["a"]))));
 * ```
 */
export function hasOptionalDeep(t: Type): boolean {
  return withoutOptionalDeep(t) !== t;
}

/**
 * How a type reads as a constraint in messages: `dynamic` is "any type",
 * `list(dynamic)` "list of any single type".
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { constraintName } from "./convert_optional.ts";
 * import { dynamicType, listType } from "./type.ts";
 * assert.equal(constraintName(listType(dynamicType)), "list of any single type");
 * ```
 */
export function constraintName(t: Type): string {
  switch (t.kind) {
    case "dynamic":
      return "any type";
    case "list":
    case "set":
    case "map":
      return t.element.kind === "dynamic"
        ? `${t.kind} of any single type`
        : `${t.kind} of ${constraintName(t.element)}`;
    case "capsule":
      return t.name;
    default:
      return t.kind;
  }
}
