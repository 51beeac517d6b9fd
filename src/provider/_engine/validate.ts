/**
 * Configuration validation: runs every attribute's validators on known
 * values (unknown and null values are skipped: Terraform validates again
 * once they are known) and warns about deprecated attributes that are set.
 *
 * @module
 */

import { Diagnostics } from "../../errors/mod.ts";
import type { Value } from "../../cty/mod.ts";
import { toPlain } from "./plain_values.ts";
import type { Fields, Schema } from "../schema_types.ts";
import { RECURSE, walkObject } from "./walk.ts";

/**
 * Validates a configuration value against a schema's validators and
 * deprecations; returns the diagnostics, with attribute paths.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromPlain, validateConfigValue } from "./mod.ts";
 * import { s } from "../mod.ts";
 * const schema = s.resource({ name: s.string({ required: true, validators: [s.lengthBetween(1, 3)] }) });
 * const diags = await validateConfigValue(schema, fromPlain({ name: "toolong" }, schema.type));
 * assert.ok(diags.hasErrors());
 * ```
 */
export async function validateConfigValue(
  schema: Schema<Fields>,
  config: Value,
): Promise<Diagnostics> {
  const diags = new Diagnostics();
  if (!config.isKnown || config.isNull) return diags;
  await walkObject(schema.fields, config, config, undefined, [], (v) => {
    const def = v.def;
    const value = v.plan;
    if (value.isNull || !value.isKnown) return value;
    if (def.deprecated !== undefined) {
      diags.warning("Deprecated attribute", { detail: def.deprecated, path: [...v.path] });
    }
    if (def.kind === "nested") return RECURSE;
    if (def.validators.length > 0 && value.isWhollyKnown()) {
      const plain = toPlain(value, def);
      const ctx = { path: [...v.path], diags };
      for (const validator of def.validators) validator.validate(plain, ctx);
    }
    return value;
  });
  checkBlockDeprecations(schema.fields, config, diags);
  return diags;
}

function checkBlockDeprecations(fields: Fields, config: Value, diags: Diagnostics): void {
  for (const [name, f] of Object.entries(fields)) {
    if (f.kind !== "block" || f.deprecated === undefined) continue;
    const v = config.getAttr(name);
    if (!v.isKnown || v.isNull) continue;
    if ((f.nesting === "list" || f.nesting === "set" || f.nesting === "map") && v.length === 0) {
      continue;
    }
    diags.warning("Deprecated block", { detail: f.deprecated, path: [{ kind: "attr", name }] });
  }
}
