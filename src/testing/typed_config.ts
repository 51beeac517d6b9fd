/**
 * Typed configurations for acceptance steps: instead of an HCL string, a
 * step's `config` may be a list of blocks built here. Resources and data
 * sources take their attributes typed from the provider's own schema (a
 * misspelled attribute or a value of the wrong type fails `deno check`),
 * any value may be a reference ({@link ref}, `example_server.web.id`) or raw
 * HCL ({@link rawExpr}), and nested blocks of the schema are written as
 * blocks. Providers, variables, outputs and locals complete a module; the
 * result is generated and formatted by the hcl layer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineResource, s } from "@foundry/foundry/provider";
 * import { configText, output, ref, resource } from "@foundry/foundry/testing";
 *
 * const server = defineResource({
 *   typeName: "example_server",
 *   schema: s.resource({
 *     id: s.string({ computed: true }),
 *     name: s.string({ required: true }),
 *     tags: s.map(s.string(), { optional: true }),
 *   }),
 *   create: ({ plan }) => ({ ...plan, id: "1" }),
 *   read: ({ state }) => state,
 *   update: ({ plan, state }) => ({ ...plan, id: state.id }),
 *   delete: () => {},
 * });
 * const web = resource(server, "web", { name: "web", tags: { env: "test" } });
 * const text = configText([web, output("id", { value: ref(web, "id") })]);
 * assert.equal(
 *   text,
 *   'resource "example_server" "web" {\n  name = "web"\n  tags = {\n    env = "test"\n  }\n}\n\n' +
 *     'output "id" {\n  value = example_server.web.id\n}\n',
 * );
 * ```
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import {
  generateFile,
  type HclBlockSpec,
  type HclBodySpec,
  type HclInput,
  HclRawExpr,
  rawExpr,
} from "../hcl/mod.ts";
import type { TypedAddress } from "./schema_path.ts";
import type {
  AttributeDef,
  BlockDef,
  DataSource,
  Field,
  Fields,
  NestedAttributeDef,
  Provider,
  Resource,
  Schema,
} from "../provider/mod.ts";

export { rawExpr };

/** A value in a typed configuration: the plain value, or a reference / raw HCL in its place. */
export type ConfigInput<V> =
  | HclRawExpr
  | (
    V extends readonly (infer E)[] ? readonly ConfigInput<E>[]
      : V extends Record<string, unknown> ? { readonly [K in keyof V]?: ConfigInput<V[K]> }
      : V
  );

type AttrIn<F> = F extends AttributeDef<infer V, infer _M> ? ConfigInput<V>
  : F extends NestedAttributeDef<infer G, infer N, infer _M>
    ? N extends "single" ? FieldsIn<G> : N extends "map" ? Record<string, FieldsIn<G>>
    : readonly FieldsIn<G>[]
  : F extends BlockDef<infer G, infer N> ? N extends "single" | "group" ? FieldsIn<G>
    : N extends "map" ? Record<string, FieldsIn<G>>
    : readonly FieldsIn<G>[]
  : never;

/** Keys a configuration may not set: computed-only attributes. */
type ComputedOnly<G> = {
  [K in keyof G]: G[K] extends { readonly mode: "computed" } ? K : never;
}[keyof G];
/** Keys a configuration must set: required attributes. */
type Required<G> = {
  [K in keyof G]: G[K] extends { readonly mode: "required" | "writeOnlyRequired" } ? K : never;
}[keyof G];

/** The configuration object of a set of schema fields. */
export type FieldsIn<G> =
  & { readonly [K in Exclude<Required<G>, ComputedOnly<G>>]: AttrIn<G[K]> }
  & { readonly [K in Exclude<keyof G, Required<G> | ComputedOnly<G>>]?: AttrIn<G[K]> };

/** Terraform's meta-arguments, allowed on every resource and data source. */
export interface MetaArguments {
  /** `count` */
  readonly count?: number | HclRawExpr;
  /** `for_each` */
  readonly for_each?: HclInput;
  /** `depends_on` (references). */
  readonly depends_on?: readonly HclRawExpr[];
  /** `provider` (`example.alias`). */
  readonly provider?: HclRawExpr;
}

/** A block of a typed configuration (resource, data source, provider, variable...). */
export interface ConfigBlock<F extends Fields = Fields> {
  /** @internal The block as the hcl layer's generator takes it. */
  readonly spec: HclBlockSpec;
  /** The address references start from (`example_server.web`, `data.x.y`, `var.n`). */
  readonly address: string;
  /** Type-level only: the schema fields, for {@link ref}. */
  readonly "~fields"?: F;
}

/** A typed configuration: blocks in order, or HCL text as before. */
export type StepConfig = string | readonly ConfigBlock[];

const META = new Set(["count", "for_each", "depends_on", "provider"]);

function isField(f: unknown): f is Field {
  return typeof f === "object" && f !== null && "kind" in f;
}

/** The body of a schema-typed object: blocks of the schema become nested blocks. */
function typedBody(
  fields: Fields,
  value: Record<string, unknown>,
  where: string,
  top = false,
): HclBodySpec {
  const attributes: Record<string, HclInput> = {};
  const blocks: HclBlockSpec[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const f = fields[k];
    if (top && META.has(k)) {
      attributes[k] = v as HclInput;
      continue;
    }
    if (!isField(f)) {
      throw new FoundryError(
        "testing.config.unknown_attribute",
        `${where} has no attribute or block ${JSON.stringify(k)}`,
      );
    }
    if (f.kind !== "block") {
      attributes[k] = v as HclInput;
      continue;
    }
    const inner = (f as BlockDef<Fields, "list">).fields;
    if (v instanceof HclRawExpr) throw blockAsExpr(where, k);
    if (f.nesting === "single" || f.nesting === "group") {
      if (v !== null) {
        blocks.push({
          type: k,
          body: typedBody(inner, v as Record<string, unknown>, `${where}.${k}`),
        });
      }
    } else if (f.nesting === "map") {
      for (const [label, b] of Object.entries(v as Record<string, Record<string, unknown>>)) {
        blocks.push({ type: k, labels: [label], body: typedBody(inner, b, `${where}.${k}`) });
      }
    } else {
      for (const b of v as Record<string, unknown>[]) {
        blocks.push({ type: k, body: typedBody(inner, b, `${where}.${k}`) });
      }
    }
  }
  return { attributes, blocks };
}

function blockAsExpr(where: string, k: string): FoundryError {
  return new FoundryError(
    "testing.config.block_expression",
    `${where}.${k} is a block: give its attributes, not an expression`,
  );
}

/**
 * A `resource` block typed from the resource's schema. It is also a typed
 * address: checks given it type their paths from the schema.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineResource, s } from "@foundry/foundry/provider";
 * import { resource } from "@foundry/foundry/testing";
 * const thing = defineResource({
 *   typeName: "example_thing",
 *   schema: s.resource({ name: s.string({ required: true }) }),
 *   create: ({ plan }) => plan, read: ({ state }) => state,
 *   update: ({ plan }) => plan, delete: () => {},
 * });
 * assert.equal(resource(thing, "a", { name: "x" }).address, "example_thing.a");
 * ```
 */
export function resource<C, F extends Fields>(
  res: Resource<C, Schema<F>>,
  name: string,
  config: FieldsIn<F> & MetaArguments,
): ConfigBlock<F> & TypedAddress<F> {
  const where = `${res.typeName}.${name}`;
  return {
    fields: res.schema.fields,
    spec: {
      type: "resource",
      labels: [res.typeName, name],
      body: typedBody(res.schema.fields, config as Record<string, unknown>, where, true),
    },
    address: where,
  };
}

/**
 * A `data` block typed from the data source's schema.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineDataSource, s } from "@foundry/foundry/provider";
 * import { dataSource } from "@foundry/foundry/testing";
 * const img = defineDataSource({
 *   typeName: "example_image",
 *   schema: s.dataSource({ name: s.string({ required: true }), id: s.string({ computed: true }) }),
 *   read: ({ config }) => ({ ...config, id: "i-1" }),
 * });
 * assert.equal(dataSource(img, "a", { name: "x" }).address, "data.example_image.a");
 * ```
 */
export function dataSource<C, F extends Fields>(
  ds: DataSource<C, Schema<F>>,
  name: string,
  config: FieldsIn<F> & MetaArguments,
): ConfigBlock<F> & TypedAddress<F> {
  const where = `data.${ds.typeName}.${name}`;
  return {
    fields: ds.schema.fields,
    spec: {
      type: "data",
      labels: [ds.typeName, name],
      body: typedBody(ds.schema.fields, config as Record<string, unknown>, where, true),
    },
    address: where,
  };
}

/**
 * A `provider` block for the provider under test, with its configuration.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineProvider, s } from "@foundry/foundry/provider";
 * import { configText, providerConfig } from "@foundry/foundry/testing";
 * const p = defineProvider({ typeName: "example", schema: s.provider({ endpoint: s.string({ optional: true }) }) });
 * assert.equal(configText([providerConfig(p, { endpoint: "http://x" })]), 'provider "example" {\n  endpoint = "http://x"\n}\n');
 * ```
 */
export function providerConfig(
  provider: Provider,
  config: Readonly<Record<string, HclInput>> & { readonly alias?: string },
): ConfigBlock {
  const { alias, ...rest } = config;
  const body = typedBody(provider.schema.fields, rest, provider.typeName);
  return {
    spec: {
      type: "provider",
      labels: [provider.typeName],
      body: alias === undefined ? body : { ...body, attributes: { alias, ...body.attributes } },
    },
    address: alias === undefined ? provider.typeName : `${provider.typeName}.${alias}`,
  };
}

/**
 * A `variable` block (`type` is HCL type syntax such as `"list(string)"`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { configText, variable } from "@foundry/foundry/testing";
 * assert.equal(configText([variable("n", { type: "number", default: 2 })]), 'variable "n" {\n  type    = number\n  default = 2\n}\n');
 * ```
 */
export function variable(
  name: string,
  options: { readonly type?: string; readonly default?: HclInput; readonly sensitive?: boolean } =
    {},
): ConfigBlock {
  checkKeys(options, ["type", "default", "sensitive"], "variable");
  const attributes: Record<string, HclInput | undefined> = {
    type: options.type === undefined ? undefined : rawExpr(options.type),
    default: options.default,
    sensitive: options.sensitive,
  };
  return {
    spec: { type: "variable", labels: [name], body: { attributes } },
    address: `var.${name}`,
  };
}

/**
 * An `output` block.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { configText, output, rawExpr } from "@foundry/foundry/testing";
 * assert.equal(configText([output("o", { value: rawExpr("1 + 1") })]), 'output "o" {\n  value = 1 + 1\n}\n');
 * ```
 */
export function output(
  name: string,
  options: { readonly value: HclInput; readonly sensitive?: boolean },
): ConfigBlock {
  checkKeys(options, ["value", "sensitive"], "output");
  return {
    spec: { type: "output", labels: [name], body: { attributes: { ...options } } },
    address: `output.${name}`,
  };
}

/**
 * A `locals` block.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { locals } from "@foundry/foundry/testing";
 * assert.equal(locals({ n: 1 }).address, "local");
 * ```
 */
export function locals(values: Readonly<Record<string, HclInput>>): ConfigBlock {
  return { spec: { type: "locals", body: { attributes: values } }, address: "local" };
}

function checkKeys(o: object, allowed: readonly string[], what: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) {
      throw new FoundryError(
        "testing.config.invalid_option",
        `unknown ${what} option ${JSON.stringify(k)} (expected ${allowed.join(", ")})`,
      );
    }
  }
}

/**
 * A reference to an attribute of a block (`example_server.web.id`); for a
 * resource or data source, the attribute name is checked against its schema
 * by the type checker. `ref(block)` is the block itself (for `depends_on`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ref, variable } from "@foundry/foundry/testing";
 * assert.equal(ref(variable("region")).text, "var.region");
 * ```
 */
export function ref<F extends Fields>(
  block: ConfigBlock<F>,
  attribute?: keyof F & string,
  ...path: readonly (string | number)[]
): HclRawExpr {
  let text = block.address;
  if (attribute !== undefined) text += "." + attribute;
  for (const p of path) text += typeof p === "number" ? `[${p}]` : `.${p}`;
  return rawExpr(text);
}

/**
 * The HCL text of a step's configuration: a string as it is, typed blocks
 * generated and formatted.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { configText, locals } from "@foundry/foundry/testing";
 * assert.equal(configText("a = 1\n"), "a = 1\n");
 * assert.equal(configText([locals({ a: [1, 2] })]), "locals {\n  a = [1, 2]\n}\n");
 * ```
 */
export function configText(config: StepConfig): string {
  if (typeof config === "string") return config;
  return generateFile({ blocks: config.map((b) => b.spec) });
}
