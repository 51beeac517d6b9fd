/**
 * The rules Terraform enforces on a provider's schema before using it
 * (configschema's internal validation), applied to the wire schema: each
 * broken rule becomes one finding naming the schema, the attribute and the
 * rule.
 *
 * @module
 */

import { cty } from "../../cty/mod.ts";
import type {
  WireAttribute,
  WireBlock,
  WireProviderSchema,
  WireSchema,
} from "../../plugin/goplugin/mod.ts";

/** One broken schema rule. */
export interface SchemaFinding {
  /** `provider`, or the resource, data source or ephemeral resource type. */
  readonly schema: string;
  /** Dotted path of the attribute or block. */
  readonly attribute: string;
  /** The rule, as a sentence. */
  readonly rule: string;
}

const NAME = /^[a-z0-9_]+$/;

/**
 * Checks every schema of a provider.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { schemaFindings } from "./mod.ts";
 * const type = new TextEncoder().encode('"string"');
 * const found = schemaFindings({
 *   provider: { block: { attributes: [{ name: "x", type, required: true, computed: true }] } },
 * });
 * assert.equal(found[0].rule, "an attribute cannot be both required and computed");
 * ```
 */
export function schemaFindings(s: WireProviderSchema): SchemaFinding[] {
  const out: SchemaFinding[] = [];
  const each = (kind: string, schemas: Record<string, WireSchema> | undefined) => {
    for (const [name, schema] of Object.entries(schemas ?? {})) {
      if (!NAME.test(name)) {
        out.push({
          schema: name,
          attribute: "",
          rule: `${kind} type names use only a-z, 0-9 and _`,
        });
      }
      block(schema.block ?? {}, name, "", out);
    }
  };
  block(s.provider?.block ?? {}, "provider", "", out);
  each("resource", s.resourceSchemas);
  each("data source", s.dataSourceSchemas);
  each("ephemeral resource", s.ephemeralResourceSchemas);
  return out;
}

function block(b: WireBlock, schema: string, prefix: string, out: SchemaFinding[]): void {
  const seen = new Set<string>();
  for (const a of b.attributes ?? []) {
    const at = prefix + a.name;
    if (seen.has(a.name)) out.push({ schema, attribute: at, rule: "names are unique in a block" });
    seen.add(a.name);
    attribute(a, schema, at, out);
  }
  for (const nb of b.blockTypes ?? []) {
    const at = prefix + nb.typeName;
    const f = (rule: string) => out.push({ schema, attribute: at, rule });
    if (!NAME.test(nb.typeName)) f("block type names use only a-z, 0-9 and _");
    if (seen.has(nb.typeName)) f("a block type cannot share a name with an attribute or block");
    seen.add(nb.typeName);
    const min = Number(nb.minItems ?? 0);
    const max = Number(nb.maxItems ?? 0);
    const nesting = nb.nesting ?? 0;
    if (nesting < 1 || nesting > 5) {
      f(`nesting mode ${nesting} is not single, list, set, map or group`);
    }
    if (min < 0 || max < 0) f("min_items and max_items are not negative");
    if (nesting === 1 && (min > 1 || max > 1)) {
      f("single blocks have min_items and max_items of 0 or 1");
    }
    if ((nesting === 4 || nesting === 5) && (min !== 0 || max !== 0)) {
      f("map and group blocks have no min_items or max_items");
    }
    if ((nesting === 2 || nesting === 3) && max !== 0 && min > max) {
      f("min_items is not greater than max_items");
    }
    block(nb.block ?? {}, schema, at + ".", out);
  }
}

function attribute(a: WireAttribute, schema: string, at: string, out: SchemaFinding[]): void {
  const f = (rule: string) => out.push({ schema, attribute: at, rule });
  if (!NAME.test(a.name)) f("attribute names use only a-z, 0-9 and _");
  if (!a.required && !a.optional && !a.computed) {
    f("an attribute is required, optional or computed");
  }
  if (a.required && a.optional) f("an attribute cannot be both required and optional");
  if (a.required && a.computed) f("an attribute cannot be both required and computed");
  if (a.writeOnly && a.computed) f("a write-only attribute cannot be computed");
  const hasType = a.type !== undefined && a.type.byteLength > 0;
  if (hasType && a.nestedType !== undefined) {
    f("an attribute has a type or a nested type, not both");
  }
  if (!hasType && a.nestedType === undefined) f("an attribute has a type or a nested type");
  if (hasType) {
    try {
      cty.typeFromJSON(a.type!);
    } catch (e) {
      f(`the type is valid cty type JSON (${e instanceof Error ? e.message : e})`);
    }
  }
  if (a.nestedType !== undefined) {
    const n = a.nestedType.nesting ?? 0;
    if (n < 1 || n > 4) f(`nested attribute nesting ${n} is not single, list, set or map`);
    const names = new Set<string>();
    for (const inner of a.nestedType.attributes ?? []) {
      if (names.has(inner.name)) f("names are unique in a nested type");
      names.add(inner.name);
      attribute(inner, schema, `${at}.${inner.name}`, out);
    }
  }
}
