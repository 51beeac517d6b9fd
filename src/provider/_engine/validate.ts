/**
 * Configuration validation: runs every attribute's validators on known
 * values (unknown and null values are skipped: Terraform validates again
 * once they are known), the validators of nested attributes and blocks (of
 * the whole value, then of each object, with lookups relative to it), the
 * schema's own, and warns about deprecated attributes that are set.
 *
 * @module
 */

import {
  type AttributePath,
  type Diagnostic,
  Diagnostics,
  type PathStep,
} from "../../errors/mod.ts";
import type { Value } from "../../cty/mod.ts";
import { toPlain } from "./plain_values.ts";
import type { AnyAttribute, AttributeDef, Field, Fields, Mode, Schema } from "../schema_types.ts";
import type { ConfigValidator, ObjectValidator, Validator } from "../validator.ts";
import { configLookup } from "./config_lookup.ts";
import { type FieldNames, namesWhere } from "./field_names.ts";

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
export function validateConfigValue(
  schema: Schema<Fields>,
  config: Value,
): Promise<Diagnostics> {
  const diags = new Diagnostics();
  if (!config.isKnown || config.isNull) return Promise.resolve(diags);
  const walk: Walk = { fields: schema.fields, config, diags };
  validateObject(walk, schema.fields, config, []);
  checkBlockDeprecations(schema.fields, config, diags);
  if (schema.validators !== undefined && schema.validators.length > 0) {
    const found = new Diagnostics();
    for (const validator of schema.validators) {
      runConfigValidator(walk, validator, [], found);
    }
    for (const d of found) diags.push(addressable(d, undefined));
  }
  return Promise.resolve(diags);
}

/** The configuration being validated and where problems go. */
interface Walk {
  /** The schema's top-level fields (lookups start there). */
  readonly fields: Fields;
  /** The whole configuration. */
  readonly config: Value;
  /** Every problem found. */
  readonly diags: Diagnostics;
}

/**
 * Validates the attributes of known, non-null object `obj` (described by
 * `fields`) at `path`, descending into nested attributes and blocks.
 */
function validateObject(walk: Walk, fields: Fields, obj: Value, path: PathStep[]): void {
  const t = obj.type;
  if (t.kind !== "object") return;
  const raw = obj.raw as readonly Value[];
  for (const name of checkedNames(fields)) {
    const slot = t.slots.get(name);
    if (slot === undefined) continue;
    const f = fields[name];
    path.push({ kind: "attr", name });
    if (f.kind === "attribute") validateAttribute(walk, f, raw[slot], path);
    else validateNested(walk, f, raw[slot], path);
    path.pop();
  }
}

// Most attributes have no validator and no deprecation: validation has
// nothing to do for them, yet visiting each one on every configuration of
// every resource was most of a validation's cost. The names that may need
// something are found once per schema, in the object type's order (the
// order of the diagnostics): those with validators or a deprecation, at
// their level or inside.
const checkedNames: FieldNames = namesWhere((f) => {
  if (f.kind === "attribute") return f.validators.length > 0 || f.deprecated !== undefined;
  return (f.validators ?? []).length > 0 || (f.objectValidators ?? []).length > 0 ||
    (f.kind === "nested" && f.deprecated !== undefined) || checkedNames(f.fields).length > 0;
});

/** A plain attribute: deprecation, then its validators once wholly known. */
function validateAttribute(walk: Walk, def: AnyAttribute, value: Value, path: PathStep[]): void {
  if (def.kind !== "attribute" || !value.isKnown) return;
  if (value.isNull) {
    runValidators(walk, def.validators, null, true, path, def.type.kind === "set");
    return;
  }
  if (def.deprecated !== undefined) {
    walk.diags.warning("Deprecated attribute", { detail: def.deprecated, path: [...path] });
  }
  if (def.validators.length > 0 && value.isWhollyKnown()) {
    runValidators(walk, def.validators, toPlain(value, def), false, path, def.type.kind === "set");
  }
}

/** A nested attribute or a block: the fields holding objects. */
type NestedField = Exclude<Field, AttributeDef<unknown, Mode>>;

/**
 * A nested attribute or block: the validators of its whole value (once
 * wholly known), then for each object its object validators and its own
 * attributes. Unknown parts wait: Terraform validates again once they are known.
 */
function validateNested(walk: Walk, def: Field, value: Value, path: PathStep[]): void {
  if (def.kind === "attribute" || !value.isKnown) return;
  const nested: NestedField = def;
  const validators = nested.validators ?? [];
  const isSet = def.type.kind === "set";
  if (value.isNull) {
    runValidators(walk, validators, null, true, path, isSet);
    return;
  }
  if (def.kind === "nested" && def.deprecated !== undefined) {
    walk.diags.warning("Deprecated attribute", { detail: def.deprecated, path: [...path] });
  }
  if (validators.length > 0 && value.isWhollyKnown()) {
    runValidators(walk, validators, toPlain(value, def.fields), false, path, isSet);
  }
  const each = (el: Value, step: PathStep | undefined) => {
    if (!el.isKnown || el.isNull) return;
    if (step !== undefined) path.push(step);
    runObjectValidators(walk, nested, el, path);
    validateObject(walk, def.fields, el, path);
    if (step !== undefined) path.pop();
  };
  switch (def.nesting) {
    case "single":
    case "group":
      return each(value, undefined);
    case "map":
      for (const [key, el] of value.raw as ReadonlyMap<string, Value>) {
        each(el, { kind: "key", key });
      }
      return;
    case "list":
      value.elements().forEach((el, index) => each(el, { kind: "index", index }));
      return;
    case "set":
      for (const el of value.elements()) each(el, { kind: "element", value: el });
  }
}

/**
 * Runs validators of a value at `path` (null only for those that ask), with
 * a lookup relative to the object holding it.
 */
function runValidators(
  walk: Walk,
  validators: readonly Validator<unknown>[],
  plain: unknown,
  isNull: boolean,
  path: readonly PathStep[],
  isSet: boolean,
): void {
  if (validators.length === 0 || (isNull && !someValidateNull(validators))) return;
  const at = [...path];
  const found = new Diagnostics();
  const ctx = {
    path: at,
    diags: found,
    lookup: configLookup(walk.fields, walk.config, at.slice(0, -1)),
  };
  for (const validator of validators) {
    if (isNull && validator.validatesNull !== true) continue;
    runOne(() => validator.validate(plain, ctx), validator.description, at, found);
  }
  // A set's element validators report at the set: its elements have no address.
  const setAt = isSet ? at.length : undefined;
  for (const d of found) walk.diags.push(addressable(d, setAt));
}

/** True when one of `validators` asks to see null values. */
function someValidateNull(validators: readonly Validator<unknown>[]): boolean {
  for (let i = 0; i < validators.length; i++) if (validators[i].validatesNull === true) return true;
  return false;
}

/**
 * Runs the object validators of one object at `path`: rules across its
 * attributes look up from the object; a plain validator gets the object
 * once wholly known.
 */
function runObjectValidators(
  walk: Walk,
  def: NestedField,
  obj: Value,
  path: readonly PathStep[],
): void {
  const validators = def.objectValidators ?? [];
  if (validators.length === 0) return;
  const at = [...path];
  const found = new Diagnostics();
  for (const validator of validators) {
    if (isConfigValidator(validator)) {
      runConfigValidator(walk, validator, at, found);
    } else if (obj.isWhollyKnown()) {
      const ctx = { path: at, diags: found, lookup: configLookup(walk.fields, walk.config, at) };
      const plain = toPlain(obj, def.fields);
      runOne(() => validator.validate(plain, ctx), validator.description, at, found);
    }
  }
  for (const d of found) walk.diags.push(addressable(d, undefined));
}

function isConfigValidator(v: ObjectValidator<unknown>): v is ConfigValidator {
  return typeof (v as Partial<ConfigValidator>).validateConfig === "function";
}

/** A whole-object validator with lookups starting at the object at `at`. */
function runConfigValidator(
  walk: Walk,
  validator: ConfigValidator,
  at: AttributePath,
  found: Diagnostics,
): void {
  const lookup = configLookup(walk.fields, walk.config, at);
  runOne(
    () => validator.validateConfig({ diags: found, lookup }),
    validator.description,
    [...at],
    found,
  );
}

/**
 * A validator that throws (a path expression naming no attribute, a bug)
 * is a provider error at the attribute, not a failed RPC.
 */
function runOne(run: () => void, what: string, path: PathStep[], diags: Diagnostics): void {
  try {
    run();
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    diags.error("Invalid validator in the provider's schema", {
      detail: `The validator "${what}" failed: ${err.message}. This is a bug in the provider; ` +
        "report it to its authors.",
      ...(path.length === 0 ? {} : { path }),
    });
  }
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

// In declaration order, the order of the warnings.
const deprecatedBlocks = namesWhere((f) => f.kind === "block" && f.deprecated !== undefined, {
  declared: true,
});

function checkBlockDeprecations(fields: Fields, config: Value, diags: Diagnostics): void {
  const names = deprecatedBlocks(fields);
  for (const name of names) {
    const f = fields[name];
    if (f.kind !== "block" || f.deprecated === undefined) continue;
    const v = config.getAttr(name);
    if (!v.isKnown || v.isNull) continue;
    if ((f.nesting === "list" || f.nesting === "set" || f.nesting === "map") && v.length === 0) {
      continue;
    }
    diags.warning("Deprecated block", { detail: f.deprecated, path: [{ kind: "attr", name }] });
  }
}
