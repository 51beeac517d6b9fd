/**
 * Configuration validation: runs every attribute's validators on known
 * values (unknown and null values are skipped: Terraform validates again
 * once they are known) and warns about deprecated attributes that are set.
 *
 * @module
 */

import { type Diagnostic, Diagnostics } from "../../errors/mod.ts";
import type { Value } from "../../cty/mod.ts";
import { toPlain } from "./plain_values.ts";
import type { Fields, Schema } from "../schema_types.ts";
import { configLookup } from "./config_lookup.ts";
import { RECURSE, type Visit, walkObject } from "./walk.ts";

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
    if (!value.isKnown) return value;
    if (value.isNull) {
      if (def.kind === "attribute") runValidators(schema.fields, config, v, null, true, diags);
      return value;
    }
    if (def.deprecated !== undefined) {
      diags.warning("Deprecated attribute", { detail: def.deprecated, path: [...v.path] });
    }
    if (def.kind === "nested") return RECURSE;
    if (def.validators.length > 0 && value.isWhollyKnown()) {
      runValidators(schema.fields, config, v, toPlain(value, def), false, diags);
    }
    return value;
  });
  checkBlockDeprecations(schema.fields, config, diags);
  if (schema.validators !== undefined && schema.validators.length > 0) {
    const lookup = configLookup(schema.fields, config, []);
    const found = new Diagnostics();
    for (const validator of schema.validators) validator.validateConfig({ diags: found, lookup });
    for (const d of found) diags.push(addressable(d, undefined));
  }
  return diags;
}

/**
 * Runs an attribute's validators on its plain value (`null` only for those
 * that ask), with a lookup relative to the attribute's object.
 */
function runValidators(
  fields: Fields,
  config: Value,
  v: Visit,
  plain: unknown,
  isNull: boolean,
  diags: Diagnostics,
): void {
  const def = v.def;
  if (def.kind !== "attribute") return;
  const path = [...v.path];
  const found = new Diagnostics();
  const ctx = { path, diags: found, lookup: configLookup(fields, config, path.slice(0, -1)) };
  for (const validator of def.validators) {
    if (isNull && validator.validatesNull !== true) continue;
    validator.validate(plain, ctx);
  }
  const setAt = def.type.kind === "set" ? path.length : undefined;
  for (const d of found) diags.push(addressable(d, setAt));
}

/**
 * Terraform cannot address set elements: a diagnostic's path is cut before
 * the first set element step (and, for a set attribute's element
 * validators, at the set itself).
 */
function addressable(d: Diagnostic, setAt: number | undefined): Diagnostic {
  const p = d.path;
  if (p === undefined) return d;
  let cut = p.findIndex((s) => s.kind === "element");
  if (setAt !== undefined && p.length > setAt && (cut < 0 || cut > setAt)) cut = setAt;
  return cut < 0 ? d : { ...d, path: p.slice(0, cut) };
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
