/**
 * The schema builder `s`: one namespace holding every attribute, nested
 * attribute and block builder, the schema constructors (`s.resource`,
 * `s.dataSource`, `s.ephemeralResource`, `s.provider`), the built-in validators and plan modifiers.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import {
  bigint,
  bool,
  decimal,
  dynamic,
  list,
  map,
  number,
  object,
  set,
  string,
} from "./attribute_builders.ts";
import {
  groupBlock,
  listBlock,
  listNested,
  mapBlock,
  mapNested,
  objectTypeOf,
  setBlock,
  setNested,
  singleBlock,
  singleNested,
} from "./nested_builders.ts";
import {
  defaultFrom,
  requiresReplaceIf,
  requiresReplaceIfConfigured,
  useStateForUnknown,
  useStateForUnknownIf,
} from "./plan_modifiers.ts";
import { checkSchemaFields } from "./schema_check.ts";
import { expressionProblems } from "./validators/expression_check.ts";
import { timeouts } from "./timeouts.ts";
import { caseInsensitiveString, cidr, ipAddress, jsonString, rfc3339 } from "./custom_types.ts";
import { unknownKeyProblems } from "./option_check.ts";
import { SCHEMA_OPTION_KEYS } from "./option_keys.ts";
import type { Fields, Schema, SchemaKind } from "./schema_types.ts";
import type { ConfigValidator } from "./validator.ts";
import { between, lengthBetween, matches, oneOf } from "./validators.ts";
import { atLeast, atMost } from "./validators/number_validators.ts";
import {
  lengthAtLeast,
  lengthAtMost,
  noneOf,
  noneOfCaseInsensitive,
  oneOfCaseInsensitive,
  utf8LengthBetween,
} from "./validators/string_validators.ts";
import {
  keysAre,
  sizeAtLeast,
  sizeAtMost,
  sizeBetween,
  uniqueValues,
  valuesAre,
} from "./validators/collection_validators.ts";
import {
  alsoRequires,
  atLeastOneOf,
  conflictsWith,
  exactlyOneOf,
} from "./validators/cross_attribute.ts";

/**
 * Options of a whole schema.
 */
export interface SchemaOptions {
  /** State schema version (resources only); bump it when the state shape changes. */
  readonly version?: number;
  /** Plain-text description. */
  readonly description?: string;
  /** Markdown description. */
  readonly markdownDescription?: string;
  /** Deprecation message. */
  readonly deprecated?: string;
  /**
   * Checks of the whole configuration, for rules across attributes:
   * `[s.exactlyOneOf("image", "snapshot")]` (see `validators/cross_attribute.ts`).
   */
  readonly validators?: readonly ConfigValidator[];
}

function makeSchema<const F extends Fields>(
  schemaKind: SchemaKind,
  fields: F,
  opts: SchemaOptions,
): Schema<F> {
  const version = opts.version ?? 0;
  const owner = `${schemaKind} schema`;
  checkSchemaFields(fields, schemaKind, owner, [
    ...unknownKeyProblems(opts, SCHEMA_OPTION_KEYS, `the options of s.${schemaKind}()`),
    ...expressionProblems(fields, opts.validators),
  ]);
  if (!Number.isInteger(version) || version < 0 || (schemaKind !== "resource" && version !== 0)) {
    checkVersion(version, schemaKind, owner);
  }
  const schema: { -readonly [K in keyof Schema<F>]: Schema<F>[K] } = {
    kind: "schema",
    schemaKind,
    fields,
    version,
    type: objectTypeOf(fields),
  };
  if (opts.description !== undefined) schema.description = opts.description;
  if (opts.markdownDescription !== undefined) schema.markdownDescription = opts.markdownDescription;
  if (opts.deprecated !== undefined) schema.deprecated = opts.deprecated;
  if (opts.validators !== undefined) schema.validators = opts.validators;
  return schema;
}

function checkVersion(version: number, kind: SchemaKind, owner: string): never {
  const problem = kind === "resource"
    ? `version must be a whole number >= 0, got ${version}`
    : "only resource schemas have a version";
  throw new FoundryError("provider.schema.invalid", `invalid ${owner}: ${problem}`, {
    context: { owner, problems: [problem] },
  });
}

/**
 * A resource schema.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const schema = s.resource({
 *   id: s.string({ computed: true, planModifiers: [s.useStateForUnknown()] }),
 *   name: s.string({ required: true }),
 * }, { version: 1 });
 * assert.equal(schema.schemaKind, "resource");
 * assert.equal(schema.version, 1);
 * assert.deepEqual(Object.keys(schema.fields), ["id", "name"]);
 * ```
 */
function resource<const F extends Fields>(fields: F, opts: SchemaOptions = {}): Schema<F> {
  return makeSchema("resource", fields, opts);
}

/**
 * A data source schema.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const schema = s.dataSource({ name: s.string({ required: true }), id: s.string({ computed: true }) });
 * assert.equal(schema.schemaKind, "dataSource");
 * assert.equal(schema.version, 0);
 * ```
 */
function dataSource<const F extends Fields>(fields: F, opts: SchemaOptions = {}): Schema<F> {
  return makeSchema("dataSource", fields, opts);
}

/**
 * An ephemeral resource schema: configuration arguments plus the computed
 * attributes `open` fills in.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const schema = s.ephemeralResource({
 *   scope: s.string({ required: true }),
 *   token: s.string({ computed: true, sensitive: true }),
 * });
 * assert.equal(schema.schemaKind, "ephemeralResource");
 * ```
 */
function ephemeralResource<const F extends Fields>(fields: F, opts: SchemaOptions = {}): Schema<F> {
  return makeSchema("ephemeralResource", fields, opts);
}

/**
 * A provider configuration schema.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const schema = s.provider({ endpoint: s.string({ optional: true }) });
 * assert.equal(schema.schemaKind, "provider");
 * ```
 */
function provider<const F extends Fields>(fields: F, opts: SchemaOptions = {}): Schema<F> {
  return makeSchema("provider", fields, opts);
}

/**
 * The schema builder.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const schema = s.resource({
 *   name: s.string({ required: true, validators: [s.lengthBetween(1, 63)] }),
 *   size: s.string({ optional: true, default: "small", requiresReplace: true }),
 *   tags: s.map(s.string(), { optional: true }),
 *   rule: s.listBlock({ port: s.number({ required: true }) }, { maxItems: 10 }),
 * });
 * assert.ok(schema.fields.size.computed);
 * ```
 */
export const s = Object.freeze({
  string,
  number,
  bigint,
  decimal,
  bool,
  dynamic,
  jsonString,
  ipAddress,
  cidr,
  rfc3339,
  caseInsensitiveString,
  list,
  set,
  map,
  object,
  singleNested,
  listNested,
  setNested,
  mapNested,
  singleBlock,
  listBlock,
  setBlock,
  mapBlock,
  groupBlock,
  timeouts,
  resource,
  dataSource,
  ephemeralResource,
  provider,
  lengthBetween,
  oneOf,
  matches,
  between,
  lengthAtLeast,
  lengthAtMost,
  utf8LengthBetween,
  noneOf,
  oneOfCaseInsensitive,
  noneOfCaseInsensitive,
  atLeast,
  atMost,
  sizeAtLeast,
  sizeAtMost,
  sizeBetween,
  uniqueValues,
  valuesAre,
  keysAre,
  conflictsWith,
  alsoRequires,
  exactlyOneOf,
  atLeastOneOf,
  useStateForUnknown,
  useStateForUnknownIf,
  requiresReplaceIf,
  requiresReplaceIfConfigured,
  defaultFrom,
});
