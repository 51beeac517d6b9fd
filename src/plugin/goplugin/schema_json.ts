/**
 * A provider's GetProviderSchema answer in the form `terraform providers
 * schema -json` prints (format 1.0, as Terraform 1.11 writes it): map keys
 * sorted, fields in Terraform's order and left out when empty, types
 * re-encoded by cty's rules, strings quoted as Go quotes them. The bytes
 * match Terraform's for the same provider; `foundry inspect --json` prints
 * them.
 *
 * @module
 */

import { cty, goJsonString } from "../../cty/mod.ts";

/** A schema attribute as decoded from the wire (tfplugin5/6 `Schema.Attribute`). */
export interface WireAttribute {
  /** Attribute name. */
  name: string;
  /** cty type JSON bytes (empty for a nested attribute). */
  type?: Uint8Array;
  /** Nested attribute type (protocol 6). */
  nestedType?: WireObject;
  /** Description text. */
  description?: string;
  /** 0 plain, 1 markdown. */
  descriptionKind?: number;
  /** Flags. */
  required?: boolean;
  /** Flags. */
  optional?: boolean;
  /** Flags. */
  computed?: boolean;
  /** Flags. */
  sensitive?: boolean;
  /** Flags. */
  deprecated?: boolean;
  /** Flags. */
  writeOnly?: boolean;
}

/** `Schema.Object`: nested attributes. */
export interface WireObject {
  /** The attributes. */
  attributes?: WireAttribute[];
  /** 1 single, 2 list, 3 set, 4 map. */
  nesting?: number;
}

/** `Schema.NestedBlock`. */
export interface WireNestedBlock {
  /** Block type name. */
  typeName: string;
  /** Its content. */
  block?: WireBlock;
  /** 1 single, 2 list, 3 set, 4 map, 5 group. */
  nesting?: number;
  /** Least number of blocks. */
  minItems?: number | bigint;
  /** Most number of blocks (0: no limit). */
  maxItems?: number | bigint;
}

/** `Schema.Block`. */
export interface WireBlock {
  /** Attributes. */
  attributes?: WireAttribute[];
  /** Nested blocks. */
  blockTypes?: WireNestedBlock[];
  /** Description. */
  description?: string;
  /** 0 plain, 1 markdown. */
  descriptionKind?: number;
  /** Deprecated. */
  deprecated?: boolean;
}

/** `Schema`. */
export interface WireSchema {
  /** Schema version. */
  version?: number | bigint;
  /** The block. */
  block?: WireBlock;
}

/** `Function.Parameter`. */
export interface WireParameter {
  /** Name. */
  name?: string;
  /** cty type JSON bytes. */
  type?: Uint8Array;
  /** Accepts null. */
  allowNullValue?: boolean;
  /** Description. */
  description?: string;
}

/** `Function`. */
export interface WireFunction {
  /** Positional parameters. */
  parameters?: WireParameter[];
  /** The variadic parameter. */
  variadicParameter?: WireParameter;
  /** Return type. */
  return?: { type?: Uint8Array };
  /** Summary. */
  summary?: string;
  /** Description. */
  description?: string;
  /** Deprecation message. */
  deprecationMessage?: string;
}

/** The parts of a `GetProviderSchema` answer that Terraform prints. */
export interface WireProviderSchema {
  /** Provider configuration schema. */
  provider?: WireSchema;
  /** Managed resources. */
  resourceSchemas?: Record<string, WireSchema>;
  /** Data sources. */
  dataSourceSchemas?: Record<string, WireSchema>;
  /** Ephemeral resources. */
  ephemeralResourceSchemas?: Record<string, WireSchema>;
  /** Functions. */
  functions?: Record<string, WireFunction>;
}

const NESTING = ["invalid", "single", "list", "set", "map", "group"];

/**
 * Renders schemas as `terraform providers schema -json` does, one provider
 * per address, with the trailing newline Terraform prints.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { providersSchemaJson } from "./mod.ts";
 * const text = providersSchemaJson({
 *   "registry.terraform.io/acme/x": { provider: { version: 0, block: {} } },
 * });
 * assert.equal(
 *   text,
 *   '{"format_version":"1.0","provider_schemas":{"registry.terraform.io/acme/x":' +
 *     '{"provider":{"version":0,"block":{"description_kind":"plain"}}}}}\n',
 * );
 * ```
 */
export function providersSchemaJson(schemas: Readonly<Record<string, WireProviderSchema>>): string {
  const providers = sortedObject(
    Object.entries(schemas).map(([address, s]) => [address, provider(s)]),
  );
  return `{"format_version":"1.0","provider_schemas":${providers ?? "{}"}}\n`;
}

function provider(s: WireProviderSchema): string {
  const fields: string[] = [];
  if (s.provider !== undefined) fields.push(`"provider":${schema(s.provider)}`);
  const maps: [string, Record<string, WireSchema> | undefined][] = [
    ["resource_schemas", s.resourceSchemas],
    ["data_source_schemas", s.dataSourceSchemas],
    ["ephemeral_resource_schemas", s.ephemeralResourceSchemas],
  ];
  for (const [key, m] of maps) {
    const text = sortedObject(Object.entries(m ?? {}).map(([k, v]) => [k, schema(v)]));
    if (text !== undefined) fields.push(`"${key}":${text}`);
  }
  const fns = sortedObject(Object.entries(s.functions ?? {}).map(([k, f]) => [k, fn(f)]));
  if (fns !== undefined) fields.push(`"functions":${fns}`);
  return `{${fields.join(",")}}`;
}

function schema(s: WireSchema): string {
  return `{"version":${BigInt(s.version ?? 0)},"block":${block(s.block ?? {})}}`;
}

function block(b: WireBlock): string {
  const fields: string[] = [];
  const attrs = sortedObject((b.attributes ?? []).map((a) => [a.name, attribute(a)]));
  if (attrs !== undefined) fields.push(`"attributes":${attrs}`);
  const blocks = sortedObject((b.blockTypes ?? []).map((nb) => [nb.typeName, blockType(nb)]));
  if (blocks !== undefined) fields.push(`"block_types":${blocks}`);
  describe(fields, b.description, b.descriptionKind);
  if (b.deprecated) fields.push(`"deprecated":true`);
  return `{${fields.join(",")}}`;
}

function blockType(nb: WireNestedBlock): string {
  const fields = [`"nesting_mode":"${NESTING[nb.nesting ?? 0] ?? "invalid"}"`];
  fields.push(`"block":${block(nb.block ?? {})}`);
  const min = BigInt(nb.minItems ?? 0);
  const max = BigInt(nb.maxItems ?? 0);
  if (min > 0n) fields.push(`"min_items":${min}`);
  if (max > 0n) fields.push(`"max_items":${max}`);
  return `{${fields.join(",")}}`;
}

function attribute(a: WireAttribute): string {
  const fields: string[] = [];
  if (a.type !== undefined && a.type.byteLength > 0) fields.push(`"type":${ctyType(a.type)}`);
  if (a.nestedType !== undefined) fields.push(`"nested_type":${nestedType(a.nestedType)}`);
  describe(fields, a.description, a.descriptionKind);
  for (
    const [key, on] of [
      ["deprecated", a.deprecated],
      ["required", a.required],
      ["optional", a.optional],
      ["computed", a.computed],
      ["sensitive", a.sensitive],
      ["write_only", a.writeOnly],
    ] as const
  ) if (on) fields.push(`"${key}":true`);
  return `{${fields.join(",")}}`;
}

function nestedType(o: WireObject): string {
  const fields: string[] = [];
  const attrs = sortedObject((o.attributes ?? []).map((a) => [a.name, attribute(a)]));
  if (attrs !== undefined) fields.push(`"attributes":${attrs}`);
  fields.push(`"nesting_mode":"${NESTING[o.nesting ?? 0] ?? "invalid"}"`);
  return `{${fields.join(",")}}`;
}

function fn(f: WireFunction): string {
  const fields: string[] = [];
  if (f.description) fields.push(`"description":${goJsonString(f.description)}`);
  if (f.summary) fields.push(`"summary":${goJsonString(f.summary)}`);
  if (f.deprecationMessage) {
    fields.push(`"deprecation_message":${goJsonString(f.deprecationMessage)}`);
  }
  fields.push(`"return_type":${ctyType(f.return?.type ?? new Uint8Array(0))}`);
  const params = f.parameters ?? [];
  if (params.length > 0) fields.push(`"parameters":[${params.map(parameter).join(",")}]`);
  if (f.variadicParameter !== undefined) {
    fields.push(`"variadic_parameter":${parameter(f.variadicParameter)}`);
  }
  return `{${fields.join(",")}}`;
}

function parameter(p: WireParameter): string {
  const fields = [`"name":${goJsonString(p.name ?? "")}`];
  if (p.description) fields.push(`"description":${goJsonString(p.description)}`);
  if (p.allowNullValue) fields.push(`"is_nullable":true`);
  fields.push(`"type":${ctyType(p.type ?? new Uint8Array(0))}`);
  return `{${fields.join(",")}}`;
}

/** Terraform always writes a kind, "plain" when the provider gave none. */
function describe(fields: string[], description: string | undefined, kind: number | undefined) {
  if (description) fields.push(`"description":${goJsonString(description)}`);
  fields.push(`"description_kind":"${kind === 1 ? "markdown" : "plain"}"`);
}

/** Terraform decodes a type and writes it back: key order and spacing are cty's. */
function ctyType(bytes: Uint8Array): string {
  return cty.typeToJSON(cty.typeFromJSON(bytes));
}

/** A JSON object with Go's map key order (bytewise), or undefined when empty. */
function sortedObject(entries: [string, string][]): string | undefined {
  if (entries.length === 0) return undefined;
  const sorted = entries.sort(([a], [b]) => compareBytes(a, b));
  return `{${sorted.map(([k, v]) => `${goJsonString(k)}:${v}`).join(",")}}`;
}

const encoder = new TextEncoder();

function compareBytes(a: string, b: string): number {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] - y[i];
  }
  return x.length - y.length;
}
