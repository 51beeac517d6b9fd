/**
 * Per-schema lists of field names, worked out on first use and kept for
 * the schema's lifetime. The operations of an RPC (planning's walks,
 * validation, write-only nulling, the plan-keeps-config check) each have
 * something to do for only a few of a resource's attributes; visiting every
 * attribute on every call, in code a provider process has not optimised
 * yet, was most of their cost. Internal to the provider layer.
 *
 * @module
 */

import { compareCodePoints } from "../../cty/core.ts";
import type { Field, Fields } from "../schema_types.ts";

/** The names of one `Fields` that a {@link namesWhere} selector picked. */
export type FieldNames = (fields: Fields) => readonly string[];

/**
 * A selector of the names of `fields` whose field `keep` accepts, cached per
 * `fields` object (schemas are made once, when the provider is defined). The
 * names come in the order of the object type's attributes (code-point
 * order, the order every walk and diagnostic follows), or with
 * `{ declared: true }` in the order the author declared them.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { namesWhere } from "./field_names.ts";
 * import { s } from "../mod.ts";
 * const computed = namesWhere((f) => f.kind !== "block" && f.computed);
 * const schema = s.resource({
 *   name: s.string({ required: true }),
 *   ip: s.string({ computed: true }),
 *   id: s.string({ computed: true }),
 * });
 * assert.deepEqual(computed(schema.fields), ["id", "ip"]);
 * assert.equal(computed(schema.fields), computed(schema.fields)); // the same list each time
 * ```
 */
export function namesWhere(
  keep: (field: Field) => boolean,
  options: { readonly declared?: boolean } = {},
): FieldNames {
  const lists = new WeakMap<Fields, readonly string[]>();
  return (fields) => {
    const known = lists.get(fields);
    if (known !== undefined) return known;
    const names = Object.keys(fields).filter((name) => keep(fields[name]));
    if (options.declared !== true) names.sort(compareCodePoints);
    lists.set(fields, names);
    return names;
  };
}
