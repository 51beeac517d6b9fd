/**
 * Write-only attributes (Terraform 1.11+): their values live only in the
 * configuration. Terraform requires them to be null in every prior, planned
 * and new state a provider sends, so Foundry nulls them on the way out of
 * each operation; authors read the value from `config` and never have to
 * remember to drop it.
 *
 * @module
 */

import type { ObjectType, Value } from "../../cty/mod.ts";
import { attrsOf, nullOf, objectOf, rebuild } from "./cty_build.ts";
import type { Fields } from "../schema_types.ts";

const HAS = new WeakMap<Fields, boolean>();

/**
 * True when `fields` has a write-only attribute at any depth.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { hasWriteOnly } from "./mod.ts";
 * import { s } from "../mod.ts";
 * const schema = s.resource({ password_wo: s.string({ optional: true, writeOnly: true }) });
 * assert.ok(hasWriteOnly(schema.fields));
 * ```
 */
export function hasWriteOnly(fields: Fields): boolean {
  let has = HAS.get(fields);
  if (has === undefined) {
    has = Object.values(fields).some((f) =>
      f.kind === "attribute" ? f.writeOnly === true : hasWriteOnly(f.fields)
    );
    HAS.set(fields, has);
  }
  return has;
}

/**
 * `value` (an object of `fields`) with every write-only attribute null.
 * Returns `value` itself when there is nothing to change.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { nullifyWriteOnly } from "./mod.ts";
 * import { s } from "../mod.ts";
 * import { cty } from "@foundry/foundry/cty";
 * const schema = s.resource({ name: s.string({ required: true }), pw: s.string({ optional: true, writeOnly: true }) });
 * const v = nullifyWriteOnly(schema.fields, cty.object({ name: cty.string("a"), pw: cty.string("secret") }));
 * assert.ok(v.getAttr("pw").isNull);
 * assert.equal(v.getAttr("name").asString(), "a");
 * ```
 */
export function nullifyWriteOnly(fields: Fields, value: Value): Value {
  if (!hasWriteOnly(fields) || !value.isKnown || value.isNull) return value;
  if (value.type.kind !== "object") return value;
  const attrs = attrsOf(value);
  let changed = false;
  for (const name of (value.type as ObjectType).names) {
    const f = fields[name];
    const v = attrs[name];
    if (f === undefined || v === undefined) continue;
    let next = v;
    if (f.kind === "attribute") {
      if (f.writeOnly === true && !v.isNull) next = nullOf(v.type);
    } else if (hasWriteOnly(f.fields)) {
      next = nullifyNested(f.fields, f.nesting, v);
    }
    if (next !== v) {
      attrs[name] = next;
      changed = true;
    }
  }
  return changed ? objectOf(value.type as ObjectType, attrs) : value;
}

function nullifyNested(fields: Fields, nesting: string, v: Value): Value {
  if (!v.isKnown || v.isNull) return v;
  if (nesting === "single" || nesting === "group") return nullifyWriteOnly(fields, v);
  if (nesting === "map") {
    const out = new Map<string, Value>();
    let changed = false;
    for (const [k, el] of v.raw as ReadonlyMap<string, Value>) {
      const n = nullifyWriteOnly(fields, el);
      out.set(k, n);
      if (n !== el) changed = true;
    }
    return changed ? rebuild(v.type, out) : v;
  }
  // Lists (sets cannot hold write-only attributes: the schema check refuses them).
  const els = v.elements();
  let changed = false;
  const out = els.map((el) => {
    const n = nullifyWriteOnly(fields, el);
    if (n !== el) changed = true;
    return n;
  });
  return changed ? rebuild(v.type, out) : v;
}
