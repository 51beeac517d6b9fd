/**
 * `defineProvider`: gathers the provider schema, `configure`, resources and
 * data sources into the object `serve` runs, checking type names up front.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import type { DataSource, Provider, ProviderDefinition, Resource } from "./define.ts";
import { s } from "./schema.ts";
import type { Fields, Schema } from "./schema_types.ts";

const TYPE_NAME = /^[a-z][a-z0-9]*$/;

/**
 * Defines a provider. Resource and data source type names must start with
 * the provider's type name and an underscore (`example_server`): Terraform
 * finds a resource's provider by that prefix.
 *
 * @example
 * ```ts
 * import { defineProvider, defineResource, s } from "@foundry/foundry/provider";
 * const thing = defineResource({
 *   typeName: "example_thing",
 *   schema: s.resource({ name: s.string({ required: true }) }),
 *   create: ({ plan }) => plan, read: ({ state }) => state,
 *   update: ({ plan }) => plan, delete: () => {},
 * });
 * export const provider = defineProvider({
 *   typeName: "example",
 *   schema: s.provider({ endpoint: s.string({ optional: true }) }),
 *   configure: ({ config }) => ({ endpoint: config.endpoint ?? "http://localhost" }),
 *   resources: [thing],
 * });
 * console.assert(provider.resources.has("example_thing"));
 * ```
 */
export function defineProvider<const S extends Schema<Fields>, C>(
  definition: ProviderDefinition<S, C>,
): Provider {
  const { typeName } = definition;
  const problems: string[] = [];
  if (typeof typeName !== "string" || !TYPE_NAME.test(typeName)) {
    problems.push(
      `provider type name ${JSON.stringify(typeName)} must be lower-case letters and digits`,
    );
  }
  const schema: Schema<Fields> = definition.schema ?? s.provider({});
  if (schema.schemaKind !== "provider") {
    problems.push(
      `the provider schema must be made with s.provider(), not s.${schema.schemaKind}()`,
    );
  }
  const resources = collect("resource", definition.resources ?? [], typeName, problems);
  const dataSources = collect("data source", definition.dataSources ?? [], typeName, problems);
  if ((definition.functions ?? []).length > 0) {
    problems.push("provider-defined functions are not supported yet");
  }
  if (problems.length > 0) {
    throw new FoundryError(
      "provider.definition.invalid",
      `invalid provider "${typeName}": ${problems.join("; ")}`,
      {
        context: { provider: typeName, problems },
      },
    );
  }
  return {
    kind: "provider",
    typeName,
    schema,
    definition: definition as unknown as ProviderDefinition<Schema<Fields>, unknown>,
    resources: resources as ReadonlyMap<string, Resource<unknown>>,
    dataSources: dataSources as ReadonlyMap<string, DataSource<unknown>>,
  };
}

function collect<T extends { typeName: string; schema: Schema<Fields> }>(
  what: string,
  items: readonly T[],
  provider: string,
  problems: string[],
): Map<string, T> {
  const out = new Map<string, T>();
  const expected = what === "resource" ? "resource" : "dataSource";
  for (const item of items) {
    const name = item?.typeName;
    if (
      typeof name !== "string" || !name.startsWith(`${provider}_`) || !/^[a-z0-9_]+$/.test(name)
    ) {
      problems.push(`${what} type name ${JSON.stringify(name)} must start with "${provider}_"`);
      continue;
    }
    if (out.has(name)) problems.push(`${what} "${name}" is defined twice`);
    if (item.schema?.schemaKind !== expected) {
      problems.push(`${what} "${name}" needs a schema made with s.${expected}()`);
    }
    out.set(name, item);
  }
  return out;
}
