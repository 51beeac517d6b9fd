/**
 * Definition-time checks of a schema: mistakes an author makes while writing
 * it (required and computed together, a default on a required attribute,
 * minItems above maxItems...) fail at once, naming the attribute, instead of
 * surfacing later as a confusing Terraform error.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import type {
  AnyAttribute,
  AttributeDef,
  BlockDef,
  BlockNesting,
  Field,
  Fields,
  Mode,
  SchemaKind,
} from "./schema_types.ts";
import type { Type } from "../cty/mod.ts";
import { unknownKeySentence } from "./option_check.ts";

const NAME = /^[a-z_][a-z0-9_]*$/;
// Terraform reserves these in resource and data source blocks.
const META_ARGUMENTS = new Set([
  "count",
  "depends_on",
  "for_each",
  "lifecycle",
  "provider",
  "provisioner",
  "connection",
]);

/**
 * Checks a set of top-level fields; throws one `provider.schema.invalid`
 * FoundryError listing every problem (`context.problems`), after any
 * `otherProblems` the caller found (the schema's own options).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkSchemaFields } from "./schema_check.ts";
 * import { s } from "./mod.ts";
 * assert.throws(
 *   () => checkSchemaFields({ id: s.string({ required: true, computed: true }) }, "resource", "x_y"),
 *   /"id"/,
 * );
 * ```
 */
export function checkSchemaFields(
  fields: Fields,
  kind: SchemaKind,
  owner: string,
  otherProblems: readonly string[] = [],
): void {
  const problems: string[] = [...otherProblems];
  checkFields(fields, kind, "", problems, true);
  if (problems.length > 0) {
    throw new FoundryError(
      "provider.schema.invalid",
      `invalid schema for ${owner}: ${problems.join("; ")}`,
      { context: { owner, problems } },
    );
  }
}

function checkFields(
  fields: Fields,
  kind: SchemaKind,
  prefix: string,
  problems: string[],
  topLevel: boolean,
  inSet = false,
): void {
  if (fields === null || typeof fields !== "object") {
    problems.push(`${prefix || "schema"}: fields must be an object`);
    return;
  }
  for (const name of Object.keys(fields)) {
    const where = `"${prefix}${name}"`;
    if (!NAME.test(name)) {
      problems.push(`${where}: names must be lower-case letters, digits and underscores`);
    }
    if (topLevel && kind !== "provider" && META_ARGUMENTS.has(name)) {
      problems.push(`${where}: "${name}" is a Terraform meta-argument and cannot be an attribute`);
    }
    const field = fields[name] as Field | undefined;
    if (field === null || typeof field !== "object" || typeof field.kind !== "string") {
      problems.push(`${where}: not a field definition (use s.string(), s.listBlock(), ...)`);
      continue;
    }
    if (field.kind === "block") checkBlock(field, kind, `${prefix}${name}`, problems, inSet);
    else checkAttribute(field, kind, `${prefix}${name}`, problems, inSet);
  }
}

function checkAttribute(
  attr: AnyAttribute,
  kind: SchemaKind,
  path: string,
  problems: string[],
  inSet: boolean,
) {
  const where = `attribute "${path}"`;
  const mode: Mode = attr.mode;
  unknownOptions(attr, `attribute \`${path}\``, problems);
  if (attr.required && (attr.optional || attr.computed)) {
    problems.push(
      `${where}: required cannot be combined with ${attr.optional ? "optional" : "computed"}` +
        (attr.kind === "attribute" && attr.default !== undefined ? " (or a default)" : ""),
    );
  } else if (mode === "element") {
    problems.push(`${where}: set one of required, optional or computed`);
  }
  if (attr.requiresReplace && kind !== "resource") {
    problems.push(`${where}: requiresReplace only applies to resources`);
  }
  if (attr.kind === "attribute") {
    if (attr.default !== undefined) {
      if (!attr.optional) problems.push(`${where}: a default needs optional: true`);
      if ((attr as { computedExplicitlyFalse?: boolean }).computedExplicitlyFalse === true) {
        problems.push(`${where}: a default requires computed (do not set computed: false)`);
      }
      if (kind !== "resource") problems.push(`${where}: defaults only apply to resources`);
      const why = typeMismatch(attr.default, attr.type);
      if (why !== undefined) problems.push(`${where}: default ${why}`);
    }
    if (mode === "computed" && attr.validators.length > 0) {
      problems.push(`${where}: validators never run on a computed-only attribute`);
    }
    if (attr.writeOnly === true) checkWriteOnly(attr, kind, where, inSet, problems);
    if (attr.env !== undefined) checkEnv(attr, kind, path, where, problems);
    checkElements(attr, path, problems);
  } else {
    if (attr.fields === null || typeof attr.fields !== "object") {
      problems.push(`${where}: fields must be an object`);
      return;
    }
    for (const [name, inner] of Object.entries(attr.fields)) {
      if (inner !== null && typeof inner === "object" && (inner as Field).kind === "block") {
        problems.push(`attribute "${path}.${name}": nested attributes cannot contain blocks`);
      }
    }
    checkNestedValidators(attr, where, problems);
    if (mode === "computed" && (attr.validators?.length || attr.objectValidators?.length)) {
      problems.push(`${where}: validators never run on a computed-only attribute`);
    }
    checkFields(attr.fields, kind, `${path}.`, problems, false, inSet || attr.nesting === "set");
  }
}

/**
 * The `validators` and `objectValidators` of a nested attribute or block:
 * arrays of validator objects (a plain object or a function here would only
 * fail when Terraform first validates).
 */
function checkNestedValidators(
  def: { readonly validators?: unknown; readonly objectValidators?: unknown },
  where: string,
  problems: string[],
): void {
  const check = (list: unknown, option: string, methods: readonly string[]) => {
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      problems.push(`${where}: ${option} must be an array of validators`);
      return;
    }
    list.forEach((v, i) => {
      const ok = v !== null && typeof v === "object" &&
        methods.some((m) => typeof (v as Record<string, unknown>)[m] === "function");
      if (!ok) {
        problems.push(
          `${where}: ${option}[${i}] is not a validator (an object with ${methods.join(" or ")})`,
        );
      }
    });
  };
  check(def.validators, "validators", ["validate"]);
  check(def.objectValidators, "objectValidators", ["validateConfig", "validate"]);
}

// Terraform's rules for write-only attributes (1.11): resources only, set
// by the configuration alone, and never inside a set (whose elements are
// identified by their whole value, which a null would change).
function checkWriteOnly(
  attr: AttributeDef<unknown, Mode>,
  kind: SchemaKind,
  where: string,
  inSet: boolean,
  problems: string[],
): void {
  if (kind !== "resource") problems.push(`${where}: only resources have write-only attributes`);
  if (!attr.required && !attr.optional) {
    problems.push(`${where}: a write-only attribute needs required or optional`);
  }
  if (attr.default !== undefined) {
    problems.push(`${where}: a write-only attribute cannot have a default`);
  } else if (attr.computed) problems.push(`${where}: a write-only attribute cannot be computed`);
  if (inSet) problems.push(`${where}: a write-only attribute cannot be inside a set`);
  if (containsSet(attr.type)) problems.push(`${where}: a write-only attribute cannot hold a set`);
  if (attr.requiresReplace) {
    problems.push(
      `${where}: a write-only attribute cannot force replacement (its value is never planned)`,
    );
  }
}

// Only top-level provider arguments can fall back to the environment: the
// value is filled in before `configure` runs.
function checkEnv(
  attr: AttributeDef<unknown, Mode>,
  kind: SchemaKind,
  path: string,
  where: string,
  problems: string[],
): void {
  if (kind !== "provider" || path.includes(".")) {
    problems.push(`${where}: env applies to top-level provider configuration attributes only`);
  }
  if (typeof attr.env !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(attr.env)) {
    problems.push(`${where}: env must be an environment variable name like "ACME_TOKEN"`);
  }
  if (!attr.optional) {
    problems.push(
      `${where}: an attribute read from env must be optional (the variable may be set instead)`,
    );
  }
}

function containsSet(t: Type): boolean {
  switch (t.kind) {
    case "set":
      return true;
    case "list":
    case "map":
      return containsSet(t.element);
    case "object":
      return t.names.some((n) => containsSet(t.attributes[n]));
    case "tuple":
      return t.elements.some(containsSet);
    default:
      return false;
  }
}

function checkElements(attr: AttributeDef<unknown, Mode>, path: string, problems: string[]) {
  if (attr.inner === undefined) return;
  for (const [name, inner] of Object.entries(attr.inner)) {
    const at = name === "" ? `${path}[*]` : `${path}.${name}`;
    unknownOptions(inner, `element \`${at}\``, problems);
    if (inner.mode !== "element" || inner.sensitive || inner.validators.length > 0) {
      problems.push(
        `element "${at}": element types take no flags, validators or defaults; ` +
          "put them on the collection",
      );
    }
    checkElements(inner, at, problems);
  }
}

function checkBlock(
  block: BlockDef<Fields, BlockNesting>,
  kind: SchemaKind,
  path: string,
  problems: string[],
  inSet: boolean,
) {
  const where = `block "${path}"`;
  const { minItems, maxItems, nesting } = block;
  unknownOptions(block, `block \`${path}\``, problems);
  if (!Number.isInteger(minItems) || minItems < 0 || !Number.isInteger(maxItems) || maxItems < 0) {
    problems.push(`${where}: minItems and maxItems must be whole numbers >= 0`);
  } else if (maxItems !== 0 && minItems > maxItems) {
    problems.push(`${where}: minItems (${minItems}) is greater than maxItems (${maxItems})`);
  }
  if ((nesting === "map" || nesting === "group") && (minItems !== 0 || maxItems !== 0)) {
    problems.push(`${where}: minItems/maxItems only apply to list, set and single blocks`);
  }
  if (nesting === "single" && (minItems > 1 || maxItems > 1)) {
    problems.push(`${where}: a single block holds at most one item`);
  }
  checkNestedValidators(block, where, problems);
  checkFields(block.fields, kind, `${path}.`, problems, false, inSet || nesting === "set");
}

/** Reports the misspelt option keys the builder remembered (see `rememberUnknownOptions`). */
function unknownOptions(def: object, where: string, problems: string[]): void {
  const found = (def as {
    unknownOptions?: { unknown: { key: string; suggestion?: string }[]; allowed: string[] };
  }).unknownOptions;
  if (found === undefined) return;
  for (const u of found.unknown) problems.push(unknownKeySentence(u, found.allowed, where));
}

/** Why `value` cannot be a plain value of `type`, or undefined when it can. */
function typeMismatch(value: unknown, type: Type): string | undefined {
  switch (type.kind) {
    case "string":
      return typeof value === "string" ? undefined : "must be a string";
    case "number":
      return typeof value === "number" || typeof value === "bigint" ||
          (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)))
        ? undefined
        : "must be a number";
    case "bool":
      return typeof value === "boolean" ? undefined : "must be a boolean";
    case "dynamic":
    case "capsule":
      return undefined;
    case "list":
    case "set":
      return Array.isArray(value) ? undefined : "must be an array";
    case "map":
    case "object":
    case "tuple":
      return value !== null && typeof value === "object" && !Array.isArray(value)
        ? undefined
        : "must be an object";
  }
}
