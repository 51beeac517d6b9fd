/**
 * Optional object attributes are a conversion-time constraint only: values
 * never carry them in their types. These helpers strip them and name type
 * constraints in messages.
 *
 * @module
 */

import { List, Map as MapOf, Object as ObjectOf, Set as SetOf, Tuple, type Type } from "./type.ts";

/**
 * `t` with every optional-attribute marker removed, at any depth (the same
 * object returned when there is none).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { withoutOptionalDeep } from "./convert_optional.ts";
 * import { Object, String } from "./type.ts";
 * assert.equal(withoutOptionalDeep(Object({ a: String }, ["a"])).optional.length, 0);
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
      return t.kind === "list" ? List(e) : t.kind === "set" ? SetOf(e) : MapOf(e);
    }
    case "tuple": {
      const es = t.elements.map((e) => withoutOptionalDeep(e));
      return es.every((e, i) => e === t.elements[i]) ? t : Tuple(es);
    }
    case "object": {
      let changed = t.optional.length > 0;
      const attrs: Record<string, Type> = {};
      for (const n of t.names) {
        const a = t.attributes[n];
        attrs[n] = withoutOptionalDeep(a);
        if (attrs[n] !== a) changed = true;
      }
      return changed ? ObjectOf(attrs) : t;
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
 * import { List, Object, String } from "./type.ts";
 * assert.ok(hasOptionalDeep(List(Object({ a: String }, ["a"]))));
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
 * import { Dynamic, List } from "./type.ts";
 * assert.equal(constraintName(List(Dynamic)), "list of any single type");
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
