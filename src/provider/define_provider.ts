/**
 * `defineProvider`: gathers the provider schema, `configure`, resources and
 * data sources into the object `serve` runs, checking type names up front.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import type { DataSource, Provider, ProviderDefinition, Resource } from "./define.ts";
import type { EphemeralResource } from "./ephemeral.ts";
import type { FunctionParameter, ProviderFunction } from "./function.ts";
import { s } from "./schema.ts";
import type { Fields, Schema } from "./schema_types.ts";
import { unknownKeyProblems } from "./option_check.ts";
import { PARAMETER_KEYS, PROVIDER_KEYS } from "./option_keys.ts";

const TYPE_NAME = /^[a-z][a-z0-9]*$/;
const FUNCTION_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Defines a provider. Resource and data source type names must start with
 * the provider's type name and an underscore (`example_server`): Terraform
 * finds a resource's provider by that prefix.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineProvider, defineResource, s } from "@foundry/foundry/provider";
 * const thing = defineResource({
 *   typeName: "example_thing",
 *   schema: s.resource({ name: s.string({ required: true }) }),
 *   create: ({ plan }) => plan, read: ({ state }) => state,
 *   update: ({ plan }) => plan, delete: () => {},
 * });
 * const provider = defineProvider({
 *   typeName: "example",
 *   schema: s.provider({ endpoint: s.string({ optional: true }) }),
 *   configure: ({ config }) => ({ endpoint: config.endpoint ?? "http://localhost" }),
 *   resources: [thing],
 * });
 * assert.ok(provider.resources.has("example_thing"));
 * ```
 */
export function defineProvider<const S extends Schema<Fields>, C>(
  definition: ProviderDefinition<S, C>,
): Provider {
  const { typeName } = definition;
  const problems = unknownKeyProblems(definition, PROVIDER_KEYS, `provider \`${typeName}\``);
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
  const ephemeralResources = collect(
    "ephemeral resource",
    byKey(
      "ephemeralResources",
      "ephemeral resource",
      definition.ephemeralResources,
      (e) => e.typeName,
      (e, typeName) => ({ ...e, typeName }),
      problems,
    ),
    typeName,
    problems,
  );
  const functions = collectFunctions(
    byKey(
      "functions",
      "function",
      definition.functions,
      (fn) => fn.name,
      (fn, name) => ({ ...fn, name }),
      problems,
    ),
    problems,
  );
  for (const r of resources.values()) checkMovers(r, problems);
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
    ephemeralResources: ephemeralResources as ReadonlyMap<string, EphemeralResource<unknown>>,
    functions,
  };
}

/**
 * The list form of `functions` / `ephemeralResources`: an array as is, or an
 * object whose keys name its items (a name given in the item must agree).
 */
function byKey<T>(
  field: string,
  what: string,
  items: readonly T[] | Readonly<Record<string, T>> | undefined | null,
  nameOf: (item: T) => string,
  named: (item: T, name: string) => T,
  problems: string[],
): readonly T[] {
  if (items === undefined || items === null) return [];
  if (Array.isArray(items)) return items;
  if (typeof items !== "object") {
    problems.push(`${field} must be an array or an object keyed by name`);
    return [];
  }
  const out: T[] = [];
  for (const [key, item] of Object.entries(items as Record<string, T>)) {
    const isObject = typeof item === "object" && item !== null;
    const own: unknown = isObject ? nameOf(item) : undefined;
    if (typeof own === "string" && own !== "" && own !== key) {
      problems.push(
        `${field}: key ${JSON.stringify(key)} names the ${what} defined as ${
          JSON.stringify(own)
        }; drop the name from the definition or use the same one`,
      );
      continue;
    }
    // Non-objects pass through so the usual checks name what is wrong.
    out.push(isObject ? named(item, key) : item);
  }
  return out;
}

function collect<T extends { typeName: string; schema: Schema<Fields> }>(
  what: string,
  items: readonly T[],
  provider: string,
  problems: string[],
): Map<string, T> {
  const out = new Map<string, T>();
  const expected = what === "resource"
    ? "resource"
    : what === "data source"
    ? "dataSource"
    : "ephemeralResource";
  for (const item of items) {
    const name = item?.typeName;
    if (name === "" && what === "ephemeral resource") {
      problems.push(
        `an ${what} in the array has no typeName: give it one, or list them as an object ` +
          `keyed by type name ({ ${provider}_thing: ... })`,
      );
      continue;
    }
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

function checkMovers(r: Resource<unknown>, problems: string[]): void {
  const movers: unknown = r.definition.moveState;
  if (movers === undefined) return;
  if (!Array.isArray(movers)) {
    problems.push(`resource "${r.typeName}": moveState must be an array of movers`);
    return;
  }
  movers.forEach((m, i) => {
    if (typeof (m as { move?: unknown })?.move !== "function") {
      problems.push(`resource "${r.typeName}": moveState[${i}] needs a move function`);
    }
  });
}

function checkParameter(fn: string, p: FunctionParameter, where: string, problems: string[]) {
  problems.push(...unknownKeyProblems(p, PARAMETER_KEYS, `function \`${fn}\` ${where}`));
  if (typeof p?.name !== "string" || !FUNCTION_NAME.test(p.name)) {
    problems.push(`function "${fn}": ${where} needs a name of letters, digits and underscores`);
  }
  const t = p?.type as { kind?: unknown; mode?: unknown } | undefined;
  if (t?.kind !== "attribute") {
    problems.push(
      `function "${fn}": ${where} needs a type from the schema builder, like s.string()`,
    );
  } else if (t.mode !== "element") {
    problems.push(
      `function "${fn}": ${where} type takes no flags (required, optional, computed): ` +
        "write s.string(), and allowNull on the parameter",
    );
  }
}

function collectFunctions(
  items: readonly ProviderFunction[],
  problems: string[],
): Map<string, ProviderFunction> {
  const out = new Map<string, ProviderFunction>();
  for (const fn of items) {
    const name = fn?.name;
    if (fn?.kind === "function" && name === "") {
      problems.push(
        "a function in the functions array has no name: give it one, or list functions " +
          "as an object keyed by name ({ slugify: fn })",
      );
      continue;
    }
    if (fn?.kind !== "function" || typeof name !== "string" || !FUNCTION_NAME.test(name)) {
      problems.push(
        `function name ${JSON.stringify(name)} must be letters, digits and underscores ` +
          "(and made with defineFunction)",
      );
      continue;
    }
    if (out.has(name)) problems.push(`function "${name}" is defined twice`);
    const d = fn.definition;
    if (typeof d.run !== "function") problems.push(`function "${name}" needs a run function`);
    const seen = new Set<string>();
    const params = Array.isArray(d.parameters) ? d.parameters : [];
    if (!Array.isArray(d.parameters)) {
      problems.push(`function "${name}": parameters must be an array`);
    }
    params.forEach((p, i) => {
      checkParameter(name, p, `parameter ${i + 1}`, problems);
      if (seen.has(p?.name)) problems.push(`function "${name}": parameter "${p.name}" twice`);
      seen.add(p?.name);
    });
    if (d.variadicParameter !== undefined) {
      checkParameter(name, d.variadicParameter, "the variadic parameter", problems);
      if (seen.has(d.variadicParameter?.name)) {
        problems.push(`function "${name}": parameter "${d.variadicParameter.name}" twice`);
      }
    }
    const ret = d.returns as { kind?: unknown; mode?: unknown } | undefined;
    if (ret?.kind !== "attribute" || ret.mode !== "element") {
      problems.push(
        `function "${name}": returns needs a type from the schema builder without flags, like s.string()`,
      );
    }
    out.set(name, fn);
  }
  return out;
}
