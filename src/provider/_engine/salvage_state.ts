/**
 * What to keep when `create` or `update` succeeded remotely but returned a
 * state that fails its checks (a wrong type, an unknown left, an attribute
 * dropped). Returning nothing would make Terraform forget an object that
 * exists, and the next apply would fail with a conflict. Instead every valid,
 * known attribute the author returned is kept (the planned value stands in
 * for one that is missing or invalid, null when that is unknown too) and
 * returned with the error: Terraform saves it, marks a created object
 * tainted, and replaces it on the next apply, calling `delete` with the id.
 *
 * @module
 */

import type { ObjectType, Value } from "../../cty/mod.ts";
import { attrsOf, isNullValue, isUnknownValue, nullOf, objectOf } from "./cty_build.ts";
import { fromPlain } from "./plain_values.ts";
import type { Fields } from "../schema_types.ts";
import { nullifyWriteOnly } from "./write_only.ts";

/**
 * The best state to save from an author's invalid `result`, given the
 * `planned` value. Never throws; the result is of the planned type and
 * wholly known.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../../cty/mod.ts";
 * import { s } from "../schema.ts";
 * import { salvageState } from "./salvage_state.ts";
 * const schema = s.resource({
 *   id: s.string({ computed: true }),
 *   name: s.string({ required: true }),
 *   size: s.number({ computed: true }),
 * });
 * const planned = cty.object({
 *   id: cty.unknown(cty.String), name: cty.string("web"), size: cty.unknown(cty.Number),
 * });
 * const kept = salvageState({ id: "srv-1", name: "web", size: "big" }, planned, schema.fields);
 * assert.equal(kept.getAttr("id").asString(), "srv-1");
 * assert.ok(kept.getAttr("size").isNull);
 * ```
 */
export function salvageState(result: unknown, planned: Value, fields: Fields): Value {
  const type = planned.type as ObjectType;
  const plannedAttrs: Record<string, Value> = !isUnknownValue(planned) && !isNullValue(planned)
    ? attrsOf(planned)
    : {};
  const given = result !== null && typeof result === "object"
    ? result as Record<string, unknown>
    : {};
  const kept: Record<string, Value> = {};
  for (const name of type.names) {
    const attrType = type.attributes[name];
    let value: Value | undefined;
    if (Object.hasOwn(given, name)) {
      try {
        const v = fromPlain(given[name], attrType);
        if (v.isWhollyKnown()) value = v;
      } catch {
        // invalid: the planned value stands in, as for a dropped attribute
      }
    }
    if (value === undefined) {
      const p = plannedAttrs[name];
      value = p !== undefined && p.isWhollyKnown() ? p : nullOf(attrType);
    }
    kept[name] = value;
  }
  return nullifyWriteOnly(fields, objectOf(type, kept));
}
