/**
 * Write-only attributes (Terraform 1.11+): their values live only in the
 * configuration. Terraform requires them to be null in every prior, planned
 * and new state a provider sends, so Foundry nulls them on the way out of
 * each operation; authors read the value from `config` and never have to
 * remember to drop it.
 *
 * @module
 */

import { Value } from "../../cty/core.ts";
import { nullOf, rebuild } from "./cty_build.ts";
import type { Fields } from "../schema_types.ts";
import { namesWhere } from "./field_names.ts";

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
  const t = value.type;
  if (t.kind !== "object") return value;
  const raw = value.raw as readonly Value[];
  let out: Value[] | undefined;
  for (const name of writeOnlyReach(fields)) {
    const slot = t.slots.get(name);
    if (slot === undefined) continue;
    const f = fields[name];
    const v = raw[slot];
    const next = f.kind === "attribute"
      ? (v.isNull ? v : nullOf(v.type))
      : nullifyNested(f.fields, f.nesting, v);
    if (next !== v) (out ??= raw.slice())[slot] = next;
  }
  return out === undefined ? value : new Value(t, out);
}

// Called on every proposed and planned state: the attributes that are
// write-only, or hold one, are found once per schema; the others are not
// visited.
const writeOnlyReach = namesWhere((f) =>
  f.kind === "attribute" ? f.writeOnly === true : hasWriteOnly(f.fields)
);

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
