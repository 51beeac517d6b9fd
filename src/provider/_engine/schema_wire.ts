/**
 * A schema as the tfplugin6 `Schema` message: a block with attributes
 * (plain ones carry their cty type as JSON bytes, nested ones a
 * `nestedType`), nested block types, descriptions and their string kind.
 * Field names are the proto fields in camelCase; enums are the proto numbers.
 *
 * @module
 */

import { typeToJSON } from "../../cty/core.ts";
import type { AnyAttribute, BlockDef, BlockNesting, Fields, Schema } from "../schema_types.ts";

/** tfplugin6 `StringKind`: 0 plain, 1 markdown. */
export type WireStringKind = 0 | 1;

/** tfplugin6 nesting modes: 1 single, 2 list, 3 set, 4 map, 5 group (blocks only). */
export type WireNesting = 1 | 2 | 3 | 4 | 5;

/**
 * tfplugin6 `Schema.Attribute`.
 */
export interface WireAttribute {
  /** Attribute name. */
  name: string;
  /** cty type JSON; empty when `nestedType` is set. */
  type: Uint8Array;
  /** Nested attribute object, when the attribute is a nested one. */
  nestedType?: WireObject;
  /** Description text. */
  description: string;
  /** Must be set. */
  required: boolean;
  /** May be set. */
  optional: boolean;
  /** Set by the provider. */
  computed: boolean;
  /** Hidden in output. */
  sensitive: boolean;
  /** Kind of `description`. */
  descriptionKind: WireStringKind;
  /** Deprecated. */
  deprecated: boolean;
  /** Write-only (Terraform 1.11+): never in plan or state. */
  writeOnly?: boolean;
}

/**
 * tfplugin6 `Schema.Object` (the type of a nested attribute).
 */
export interface WireObject {
  /** The object's attributes, sorted by name. */
  attributes: WireAttribute[];
  /** 1 single, 2 list, 3 set, 4 map. */
  nesting: WireNesting;
}

/**
 * tfplugin6 `Schema.NestedBlock`.
 */
export interface WireNestedBlock {
  /** Block type name. */
  typeName: string;
  /** The block's content. */
  block: WireBlock;
  /** Nesting mode. */
  nesting: WireNesting;
  /** Fewest blocks. */
  minItems: number;
  /** Most blocks (0: no limit). */
  maxItems: number;
}

/**
 * tfplugin6 `Schema.Block`.
 */
export interface WireBlock {
  /** Schema version (top-level block only). */
  version: number;
  /** Attributes, sorted by name. */
  attributes: WireAttribute[];
  /** Nested block types, sorted by name. */
  blockTypes: WireNestedBlock[];
  /** Description text. */
  description: string;
  /** Kind of `description`. */
  descriptionKind: WireStringKind;
  /** Deprecated. */
  deprecated: boolean;
}

/**
 * tfplugin6 `Schema`.
 */
export interface WireSchema {
  /** State schema version. */
  version: number;
  /** The top-level block. */
  block: WireBlock;
}

const ENCODER = new TextEncoder();
const EMPTY = new Uint8Array(0);
const NESTING: Record<BlockNesting, WireNesting> = { single: 1, list: 2, set: 3, map: 4, group: 5 };

function describe(d: { description?: string; markdownDescription?: string }) {
  if (d.markdownDescription !== undefined) {
    return { description: d.markdownDescription, descriptionKind: 1 as const };
  }
  return { description: d.description ?? "", descriptionKind: 0 as const };
}

function byName(a: { name?: string; typeName?: string }, b: { name?: string; typeName?: string }) {
  const x = a.name ?? a.typeName ?? "";
  const y = b.name ?? b.typeName ?? "";
  return x < y ? -1 : x > y ? 1 : 0;
}

function attributeToWire(name: string, attr: AnyAttribute): WireAttribute {
  const out: WireAttribute = {
    name,
    type: EMPTY,
    ...describe(attr),
    required: attr.required,
    optional: attr.optional,
    computed: attr.computed,
    sensitive: attr.sensitive,
    deprecated: attr.deprecated !== undefined,
  };
  if (attr.kind === "attribute") {
    out.type = ENCODER.encode(typeToJSON(attr.type));
    if (attr.writeOnly === true) out.writeOnly = true;
  } else {
    const attributes = Object.entries(attr.fields).map(([n, a]) => attributeToWire(n, a));
    out.nestedType = { attributes: attributes.sort(byName), nesting: NESTING[attr.nesting] };
  }
  return out;
}

function blockToWire(
  fields: Fields,
  meta: { description?: string; markdownDescription?: string; deprecated?: string },
  version: number,
): WireBlock {
  const attributes: WireAttribute[] = [];
  const blockTypes: WireNestedBlock[] = [];
  for (const [name, field] of Object.entries(fields)) {
    if (field.kind === "block") blockTypes.push(nestedBlockToWire(name, field));
    else attributes.push(attributeToWire(name, field));
  }
  return {
    version,
    attributes: attributes.sort(byName),
    blockTypes: blockTypes.sort(byName),
    ...describe(meta),
    deprecated: meta.deprecated !== undefined,
  };
}

function nestedBlockToWire(name: string, block: BlockDef<Fields, BlockNesting>): WireNestedBlock {
  return {
    typeName: name,
    block: blockToWire(block.fields, block, 0),
    nesting: NESTING[block.nesting],
    minItems: block.minItems,
    maxItems: block.maxItems,
  };
}

/**
 * Converts a schema to the tfplugin6 `Schema` message shape.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { schemaToWire } from "./mod.ts";
 * import { s } from "../mod.ts";
 * const wire = schemaToWire(s.resource({ id: s.string({ computed: true }) }, { version: 1 }));
 * assert.equal(wire.version, 1);
 * assert.ok(wire.block.attributes[0].computed);
 * ```
 */
export function schemaToWire(schema: Schema<Fields>): WireSchema {
  return { version: schema.version, block: blockToWire(schema.fields, schema, schema.version) };
}
