/**
 * Values shaped as Terraform shapes them before they reach a provider. In a
 * configuration Terraform decodes an absent list or set block as an empty
 * list or set, an absent map block as an empty map and an absent group block
 * as an object of nulls; only a single block is null when absent. The
 * in-process client builds values from plain objects, where a missing key is
 * null, so it reshapes them: a `create` that works under Terraform must work
 * in a unit test, and one that fails there must fail here.
 *
 * @module
 */

import { cty, type ObjectType, type Type, type Value } from "../cty/mod.ts";
import type { Fields } from "../provider/mod.ts";

/**
 * `value` (an object of `fields`' type) with every null block replaced by
 * what Terraform sends for an absent block, recursively.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromPlain } from "../provider/_engine/mod.ts";
 * import { s } from "../provider/mod.ts";
 * import { shapeLikeTerraform } from "./config_shape.ts";
 * const schema = s.resource({
 *   name: s.string({ required: true }),
 *   rule: s.listBlock({ port: s.number({ required: true }) }),
 *   timeouts: s.singleBlock({ create: s.string({ optional: true }) }),
 * });
 * const shaped = shapeLikeTerraform(schema.fields, fromPlain({ name: "a" }, schema.type));
 * assert.equal(shaped.getAttr("rule").length, 0);
 * assert.ok(shaped.getAttr("timeouts").isNull);
 * ```
 */
export function shapeLikeTerraform(fields: Fields, value: Value): Value {
  if (value.isNull || !value.isKnown || value.type.kind !== "object") return value;
  const type = value.type as ObjectType;
  let changed = false;
  const attrs: Value[] = [];
  for (const name of type.names) {
    const field = fields[name];
    const v = value.getAttr(name);
    let out = v;
    if (field?.kind === "block" && v.isKnown) {
      if (v.isNull) out = absentBlock(field.fields, field.nesting, v.type);
      else if (field.nesting === "single" || field.nesting === "group") {
        out = shapeLikeTerraform(field.fields, v);
      } else if (field.nesting === "map") {
        const m = new Map<string, Value>();
        for (const [k, e] of v.entries()) m.set(String(k), shapeLikeTerraform(field.fields, e));
        out = m.size === 0 ? v : cty.map(m);
      } else if (v.length > 0) {
        const elements = v.elements().map((e) => shapeLikeTerraform(field.fields, e));
        out = field.nesting === "set" ? cty.set(elements) : cty.list(elements);
      }
    }
    if (out !== v) changed = true;
    attrs.push(out);
  }
  return changed ? cty.object(Object.fromEntries(type.names.map((n, i) => [n, attrs[i]]))) : value;
}

function absentBlock(fields: Fields, nesting: string, type: Type): Value {
  switch (nesting) {
    case "list":
      return cty.listEmpty((type as { element: Type }).element);
    case "set":
      return cty.setEmpty((type as { element: Type }).element);
    case "map":
      return cty.mapEmpty((type as { element: Type }).element);
    case "group": {
      const t = type as ObjectType;
      const nulls = Object.fromEntries(t.names.map((n) => [n, cty.nullValue(t.attributes[n])]));
      return shapeLikeTerraform(fields, cty.object(nulls));
    }
    default:
      return cty.nullValue(type);
  }
}
