/**
 * Serving protocol 5 from a {@link ProviderServer} written for protocol 6.
 *
 * Requests need no mapping: every v5 request carries the same fields under
 * the same numbers as its v6 twin, so the decoded object already has the v6
 * shape. Responses differ in three places, handled here:
 * - method names (`GetSchema`, `PrepareProviderConfig`, `Configure`, ...);
 * - `PrepareProviderConfig` also returns the configuration it validated;
 * - v5 schemas cannot express nested attribute types, so a schema using them
 *   becomes an error diagnostic instead of a schema Terraform would misread.
 *
 * @module
 */

import { MAX_DEPTH, type Message } from "../protobuf/codec.ts";

/**
 * The v5 service name of each v6 method whose name differs; the rest keep
 * their v6 names.
 */
export const V5_METHOD_NAMES: Readonly<Record<string, string>> = Object.freeze({
  GetProviderSchema: "GetSchema",
  ValidateProviderConfig: "PrepareProviderConfig",
  ValidateResourceConfig: "ValidateResourceTypeConfig",
  ValidateDataResourceConfig: "ValidateDataSourceConfig",
  ConfigureProvider: "Configure",
  StopProvider: "Stop",
});

/**
 * The v5 `PrepareProviderConfig` response for a v6 `ValidateProviderConfig`
 * request and response: the provider's own `preparedConfig` if it gave one,
 * else the request's config unchanged (v5 clients read it back and would
 * otherwise see an empty configuration).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { toV5PrepareResponse } from "./mod.ts";
 * const config = { msgpack: new Uint8Array([0x80]) };
 * const res = toV5PrepareResponse({ config }, { diagnostics: [] });
 * assert.equal(res.preparedConfig, config);
 * ```
 */
export function toV5PrepareResponse(request: Message, response: Message): Message {
  if (response.preparedConfig !== undefined || request.config === undefined) return response;
  return { ...response, preparedConfig: request.config };
}

/** How many offending attributes a diagnostic names before "and N more". */
const MAX_LISTED = 10;

type Found = { list: string[]; count: number };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

function walkBlock(block: unknown, where: string, found: Found, depth: number): void {
  // Deeper blocks cannot be encoded anyway; the encoder reports that.
  if (!isObject(block) || depth > MAX_DEPTH) return;
  if (Array.isArray(block.attributes)) {
    for (const a of block.attributes) {
      if (!isObject(a) || a.nestedType === undefined || a.nestedType === null) continue;
      found.count++;
      if (found.list.length < MAX_LISTED) found.list.push(`${where}attribute "${String(a.name)}"`);
    }
  }
  if (Array.isArray(block.blockTypes)) {
    for (const b of block.blockTypes) {
      if (!isObject(b)) continue;
      walkBlock(b.block, `${where}block "${String(b.typeName)}" > `, found, depth + 1);
    }
  }
}

function walkSchema(schema: unknown, where: string, found: Found): void {
  if (isObject(schema)) walkBlock(schema.block, `${where}: `, found, 0);
}

function walkSchemas(schemas: unknown, kind: string, found: Found): void {
  if (!isObject(schemas)) return;
  for (const [name, schema] of Object.entries(schemas)) {
    walkSchema(schema, `${kind} "${name}"`, found);
  }
}

/**
 * Where a v6-shaped `GetProviderSchema` response uses nested attribute types
 * (`nestedType`), which protocol 5 has no field for: one entry per attribute,
 * at most 10, plus the total count.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { nestedAttributeUses } from "./mod.ts";
 * const uses = nestedAttributeUses({
 *   resourceSchemas: {
 *     acme_fw: { block: { attributes: [{ name: "rules", nestedType: { nesting: 2 } }] } },
 *   },
 * });
 * assert.equal(uses.list[0], 'resource "acme_fw": attribute "rules"');
 * ```
 */
export function nestedAttributeUses(response: Message): { list: string[]; count: number } {
  const found: Found = { list: [], count: 0 };
  walkSchema(response.provider, "provider", found);
  walkSchema(response.providerMeta, "provider_meta", found);
  walkSchemas(response.resourceSchemas, "resource", found);
  walkSchemas(response.dataSourceSchemas, "data source", found);
  walkSchemas(response.ephemeralResourceSchemas, "ephemeral resource", found);
  return found;
}

/**
 * The v5 `GetSchema` response for a v6 `GetProviderSchema` response. Field
 * by field they match (write-only moves from field 11 to 10, which the v5
 * table does), except that v5 cannot describe nested attribute types: a
 * schema using them is answered with only an error diagnostic saying which
 * attributes and why, so Terraform stops with that message rather than
 * misreading the schema.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { toV5SchemaResponse } from "./mod.ts";
 * const res = toV5SchemaResponse({
 *   provider: { block: { attributes: [{ name: "auth", nestedType: { nesting: 1 } }] } },
 *   diagnostics: [],
 * });
 * assert.equal(res.provider, undefined);
 * assert.equal((res.diagnostics as { severity: number }[])[0].severity, 1);
 * ```
 */
export function toV5SchemaResponse(response: Message): Message {
  const uses = nestedAttributeUses(response);
  if (uses.count === 0) return response;
  const more = uses.count > uses.list.length ? `; and ${uses.count - uses.list.length} more` : "";
  const earlier = Array.isArray(response.diagnostics) ? response.diagnostics : [];
  return {
    diagnostics: [...earlier, {
      severity: 1,
      summary: "Provider schema needs plugin protocol 6",
      detail: `This provider was started with plugin protocol 5, which cannot describe ` +
        `attributes with nested attribute types, and its schema uses them: ` +
        `${uses.list.join("; ")}${more}. Use Terraform 1.0 or later, or OpenTofu, ` +
        `which speak protocol 6 (and check that PLUGIN_PROTOCOL_VERSIONS is not limited ` +
        `to 5), or declare these attributes as nested blocks.`,
    }],
  };
}
