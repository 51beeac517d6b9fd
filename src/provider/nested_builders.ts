/**
 * Builders for nested attributes (`disks = [{ size = 10 }]`) and nested
 * blocks (`rule { port = 80 }`).
 *
 * @module
 */

import type { ModeOf } from "./attribute_builders.ts";
import { modeOf } from "./attribute_builders.ts";
import type {
  AttributeFields,
  AttributeNesting,
  BlockDef,
  BlockNesting,
  Fields,
  Mode,
  NestedAttributeDef,
  NestedValidators,
} from "./schema_types.ts";
import type { ObjectValue } from "./infer.ts";
import * as T from "../cty/core.ts";
import type { NoUnknownKeys } from "./option_check.ts";
import { rememberUnknownOptions } from "./attribute_builders.ts";
import { BLOCK_OPTION_KEYS, NESTED_OPTION_KEYS } from "./option_keys.ts";

/**
 * The configured value of one object of fields `F`, as nested validators
 * receive it.
 */
export type NestedObject<F extends Fields> = ObjectValue<F, "config">;

/**
 * The configured value of a whole nested attribute or block: one object
 * (`single`, `group`), an array of them (`list`, `set`) or a record of them
 * by key (`map`).
 */
export type NestedValue<F extends Fields, N extends AttributeNesting | BlockNesting> = N extends
  "single" | "group" ? NestedObject<F>
  : N extends "map" ? Record<string, NestedObject<F>>
  : NestedObject<F>[];

/**
 * Options of a nested attribute: the same flags as a plain attribute (no
 * default), and validators of the whole value and of each object (`V` and
 * `O`, inferred from the nested fields; see {@link NestedValidators}).
 */
export interface NestedAttributeOptions<V = unknown, O = unknown> extends NestedValidators<V, O> {
  /** Must be set in configuration. */
  readonly required?: boolean;
  /** May be set in configuration. */
  readonly optional?: boolean;
  /** Set by the provider when the configuration does not. */
  readonly computed?: boolean;
  /** Hidden in Terraform's output. */
  readonly sensitive?: boolean;
  /** Deprecation message. */
  readonly deprecated?: string;
  /** Plain-text description. */
  readonly description?: string;
  /** Markdown description. */
  readonly markdownDescription?: string;
  /** Changing the value destroys and re-creates the resource. */
  readonly requiresReplace?: boolean;
}

/** The options of a nested attribute of fields `F` nested as `N`. */
export type NestedOptionsOf<F extends AttributeFields, N extends AttributeNesting> =
  NestedAttributeOptions<NestedValue<F, N>, NestedObject<F>>;

/** The options of a block of fields `F` nested as `N`. */
export type BlockOptionsOf<F extends Fields, N extends BlockNesting> = BlockOptions<
  NestedValue<F, N>,
  NestedObject<F>
>;

/**
 * Options of a nested block, with validators of the blocks together and of
 * each block (`V` and `O`, inferred from the block's fields; see
 * {@link NestedValidators}).
 */
export interface BlockOptions<V = unknown, O = unknown> extends NestedValidators<V, O> {
  /** Fewest blocks (list, set; single: 1 makes it required). */
  readonly minItems?: number;
  /** Most blocks (list, set); 0 or absent means no limit. */
  readonly maxItems?: number;
  /** Deprecation message. */
  readonly deprecated?: string;
  /** Plain-text description. */
  readonly description?: string;
  /** Markdown description. */
  readonly markdownDescription?: string;
}

/**
 * The cty object type of a set of fields.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { objectTypeOf } from "./nested_builders.ts";
 * import { s } from "./mod.ts";
 * const t = objectTypeOf({ a: s.string({ optional: true }) });
 * assert.equal(t.kind, "object");
 * ```
 */
export function objectTypeOf(fields: Fields): T.ObjectType {
  const attributes: Record<string, T.Type> = {};
  for (const name of Object.keys(fields)) attributes[name] = fields[name].type;
  return T.objectType(attributes);
}

function nestType(object: T.Type, nesting: AttributeNesting | BlockNesting): T.Type {
  switch (nesting) {
    case "single":
    case "group":
      return object;
    case "list":
      return T.listType(object);
    case "set":
      return T.setType(object);
    case "map":
      return T.mapType(object);
  }
}

function nested<F extends AttributeFields, N extends AttributeNesting, M extends Mode>(
  nesting: N,
  fields: F,
  opts: NestedAttributeOptions<unknown, unknown>,
): NestedAttributeDef<F, N, M> {
  const def: {
    -readonly [K in keyof NestedAttributeDef<F, N, M>]: NestedAttributeDef<F, N, M>[K];
  } = {
    kind: "nested",
    nesting,
    fields,
    mode: modeOf(opts) as M,
    type: nestType(objectTypeOf(fields), nesting),
    required: opts.required === true,
    optional: opts.optional === true,
    computed: opts.computed === true,
    sensitive: opts.sensitive === true,
    requiresReplace: opts.requiresReplace === true,
  };
  if (opts.deprecated !== undefined) def.deprecated = opts.deprecated;
  if (opts.description !== undefined) def.description = opts.description;
  if (opts.markdownDescription !== undefined) def.markdownDescription = opts.markdownDescription;
  if (opts.validators !== undefined) def.validators = opts.validators;
  if (opts.objectValidators !== undefined) def.objectValidators = opts.objectValidators;
  rememberUnknownOptions(def, opts, NESTED_OPTION_KEYS);
  return def;
}

/**
 * A nested attribute holding one object.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const origin = s.singleNested({ host: s.string({ required: true }) }, { optional: true });
 * assert.equal(origin.nesting, "single");
 * assert.equal(origin.type.kind, "object");
 * ```
 */
export function singleNested<
  const F extends AttributeFields,
  const O extends NestedAttributeOptions = Record<never, never>,
>(
  fields: F,
  opts?: O & NoUnknownKeys<O, NestedAttributeOptions> & NestedOptionsOf<F, "single">,
): NestedAttributeDef<F, "single", ModeOf<O>> {
  return nested("single", fields, opts ?? {});
}

/**
 * A nested attribute holding a list of objects.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const disks = s.listNested({ size: s.number({ required: true }) }, { optional: true });
 * assert.equal(disks.nesting, "list");
 * assert.equal(disks.type.kind, "list");
 * ```
 */
export function listNested<
  const F extends AttributeFields,
  const O extends NestedAttributeOptions = Record<never, never>,
>(
  fields: F,
  opts?: O & NoUnknownKeys<O, NestedAttributeOptions> & NestedOptionsOf<F, "list">,
): NestedAttributeDef<F, "list", ModeOf<O>> {
  return nested("list", fields, opts ?? {});
}

/**
 * A nested attribute holding a set of objects.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const rules = s.setNested({ port: s.number({ required: true }) }, { optional: true });
 * assert.equal(rules.nesting, "set");
 * assert.equal(rules.type.kind, "set");
 * ```
 */
export function setNested<
  const F extends AttributeFields,
  const O extends NestedAttributeOptions = Record<never, never>,
>(
  fields: F,
  opts?: O & NoUnknownKeys<O, NestedAttributeOptions> & NestedOptionsOf<F, "set">,
): NestedAttributeDef<F, "set", ModeOf<O>> {
  return nested("set", fields, opts ?? {});
}

/**
 * A nested attribute holding a map of objects.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const users = s.mapNested({ role: s.string({ required: true }) }, { optional: true });
 * assert.equal(users.nesting, "map");
 * assert.equal(users.type.kind, "map");
 * ```
 */
export function mapNested<
  const F extends AttributeFields,
  const O extends NestedAttributeOptions = Record<never, never>,
>(
  fields: F,
  opts?: O & NoUnknownKeys<O, NestedAttributeOptions> & NestedOptionsOf<F, "map">,
): NestedAttributeDef<F, "map", ModeOf<O>> {
  return nested("map", fields, opts ?? {});
}

function block<F extends Fields, N extends BlockNesting>(
  nesting: N,
  fields: F,
  opts: BlockOptions<unknown, unknown>,
): BlockDef<F, N> {
  const def: { -readonly [K in keyof BlockDef<F, N>]: BlockDef<F, N>[K] } = {
    kind: "block",
    nesting,
    fields,
    minItems: opts.minItems ?? 0,
    maxItems: opts.maxItems ?? 0,
    type: nestType(objectTypeOf(fields), nesting),
  };
  if (opts.deprecated !== undefined) def.deprecated = opts.deprecated;
  if (opts.description !== undefined) def.description = opts.description;
  if (opts.markdownDescription !== undefined) def.markdownDescription = opts.markdownDescription;
  if (opts.validators !== undefined) def.validators = opts.validators;
  if (opts.objectValidators !== undefined) def.objectValidators = opts.objectValidators;
  rememberUnknownOptions(def, opts, BLOCK_OPTION_KEYS);
  return def;
}

/**
 * At most one nested block (`null` when absent; `minItems: 1` requires it).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const timeouts = s.singleBlock({ create: s.string({ optional: true }) });
 * assert.equal(timeouts.kind, "block");
 * assert.equal(timeouts.nesting, "single");
 * ```
 */
export function singleBlock<const F extends Fields>(
  fields: F,
  opts?: BlockOptionsOf<F, "single">,
): BlockDef<F, "single"> {
  return block("single", fields, opts ?? {});
}

/**
 * Repeated nested blocks, in order.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const rule = s.listBlock({ port: s.number({ required: true }) }, { maxItems: 10 });
 * assert.equal(rule.nesting, "list");
 * assert.equal(rule.maxItems, 10);
 * assert.equal(rule.minItems, 0);
 * ```
 */
export function listBlock<const F extends Fields>(
  fields: F,
  opts?: BlockOptionsOf<F, "list">,
): BlockDef<F, "list"> {
  return block("list", fields, opts ?? {});
}

/**
 * Repeated nested blocks, unordered and de-duplicated.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const ingress = s.setBlock({ port: s.number({ required: true }) });
 * assert.equal(ingress.nesting, "set");
 * assert.equal(ingress.type.kind, "set");
 * ```
 */
export function setBlock<const F extends Fields>(
  fields: F,
  opts?: BlockOptionsOf<F, "set">,
): BlockDef<F, "set"> {
  return block("set", fields, opts ?? {});
}

/**
 * Labelled nested blocks (`user "ann" { ... }`), keyed by label.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const user = s.mapBlock({ role: s.string({ required: true }) });
 * assert.equal(user.nesting, "map");
 * assert.equal(user.type.kind, "map");
 * ```
 */
export function mapBlock<const F extends Fields>(
  fields: F,
  opts?: BlockOptionsOf<F, "map">,
): BlockDef<F, "map"> {
  return block("map", fields, opts ?? {});
}

/**
 * A block that always exists (its attributes null when not written).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const features = s.groupBlock({ beta: s.bool({ optional: true }) });
 * assert.equal(features.nesting, "group");
 * assert.equal(features.type.kind, "object");
 * ```
 */
export function groupBlock<const F extends Fields>(
  fields: F,
  opts?: BlockOptionsOf<F, "group">,
): BlockDef<F, "group"> {
  return block("group", fields, opts ?? {});
}
