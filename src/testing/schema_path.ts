/**
 * Check paths typed from a schema. Where a check knows the resource's type
 * (it was given the block `resource(server, "web", {...})` made, or
 * `resourceAddress(server, "web")`), its path is checked against the
 * schema twice: by the type checker (`"tgas.env"` fails `deno check`) and
 * when the check is made, with an error that names the schema's attributes
 * and the one probably meant. Given a plain address string, a check takes
 * any path and says what is there when the lookup fails.
 *
 * Paths are dotted text (`"disk.0.size_gb"`, `"tags.env"`) or their steps
 * (`["tags", "a.b"]`, for map keys holding dots); list and set elements are
 * numbers, map elements any key.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineResource, s } from "@foundry/foundry/provider";
 * import { expectKnownValue, resourceAddress } from "@foundry/foundry/testing";
 *
 * const server = defineResource({
 *   typeName: "example_server",
 *   schema: s.resource({
 *     id: s.string({ computed: true }),
 *     tags: s.map(s.string(), { optional: true }),
 *     disk: s.listBlock({ size_gb: s.number({ required: true }) }),
 *   }),
 *   create: ({ plan }) => ({ ...plan, id: "1" }),
 *   read: ({ state }) => state,
 *   update: ({ plan, state }) => ({ ...plan, id: state.id }),
 *   delete: () => {},
 * });
 * const web = resourceAddress(server, "web");
 * const checks = [expectKnownValue(web, "tags.env", "prod"), expectKnownValue(web, "disk.0.size_gb", 20)];
 * assert.equal(checks[0].description, 'example_server.web.tags.env is "prod"');
 * assert.throws(
 *   // @ts-expect-error "tgas" is not an attribute of example_server
 *   () => expectKnownValue(web, "tgas.env", "prod"),
 *   /example_server\.web has no attribute "tgas" — did you mean "tags"\? \(attributes: disk, id, tags\)/,
 * );
 * ```
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import type { Type } from "../cty/mod.ts";
import type {
  DataSource,
  Fields,
  ObjectValue,
  Resource,
  Schema,
  Unknown,
} from "../provider/mod.ts";
import { type CheckPath, lookupPath, pathSteps, pathText } from "./attribute_path.ts";
import { nearestName } from "./nearest_name.ts";

/** How deep typed paths reach; deeper parts are checked at run time only. */
type Depth = [never, 0, 1, 2, 3, 4, 5, 6, 7];

type Known<T> = Exclude<T, null | undefined | Unknown>;

/**
 * The dotted paths into a plain value of type `T`: attribute names, `${number}`
 * for list and set elements, any key in a map (and anything below a dynamic
 * value).
 */
export type DottedPath<T, D extends number = 7> = [D] extends [never] ? string
  : unknown extends T ? string
  : Known<T> extends infer U
    ? U extends readonly (infer E)[] ? `${number}` | `${number}.${DottedPath<E, Depth[D]>}`
    : U extends object ? string extends keyof U ? string
      : { [K in keyof U & string]: K | `${K}.${DottedPath<U[K], Depth[D]>}` }[keyof U & string]
    : never
  : never;

/** The step arrays into a plain value of type `T` (the form for map keys holding dots). */
export type PathSteps<T, D extends number = 7> = [D] extends [never] ? readonly (string | number)[]
  : unknown extends T ? readonly (string | number)[]
  : Known<T> extends infer U
    ? U extends readonly (infer E)[]
      ? readonly [number] | readonly [number, ...PathSteps<E, Depth[D]>]
    : U extends object
      ? string extends keyof U
        ? readonly [string] | readonly [string, ...PathSteps<U[keyof U], Depth[D]>]
      : {
        [K in keyof U & string]: readonly [K] | readonly [K, ...PathSteps<U[K], Depth[D]>];
      }[keyof U & string]
    : never
  : never;

/** A path into a plain value of type `T`, dotted or as steps. */
export type ValuePath<T> = DottedPath<T> | PathSteps<T>;

/** A path into the state of an object with schema fields `F`. */
export type SchemaPath<F extends Fields> = ValuePath<ObjectValue<F, "state">>;

/**
 * A resource or data source address that knows its schema: what
 * {@link resourceAddress} and {@link dataSourceAddress} return, and what the
 * typed configuration's `resource()` and `dataSource()` blocks are.
 */
export interface TypedAddress<F extends Fields> {
  /** The address (`example_server.web`, `data.example_image.a`). */
  readonly address: string;
  /** The schema fields of its type. */
  readonly fields: F;
}

/** What a check names: a plain address, or one typed from its schema. */
export type CheckTarget = string | TypedAddress<Fields>;

/**
 * The paths a check on `A` accepts: typed from the schema for a
 * {@link TypedAddress}, any {@link CheckPath} for a plain address.
 */
export type PathFor<A extends CheckTarget> = A extends TypedAddress<infer F> ? SchemaPath<F>
  : CheckPath;

/**
 * The typed address of resource `name` of type `res`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineResource, s } from "@foundry/foundry/provider";
 * import { resourceAddress } from "@foundry/foundry/testing";
 * const thing = defineResource({
 *   typeName: "example_thing",
 *   schema: s.resource({ name: s.string({ required: true }) }),
 *   create: ({ plan }) => plan, read: ({ state }) => state,
 *   update: ({ plan }) => plan, delete: () => {},
 * });
 * assert.equal(resourceAddress(thing, "a").address, "example_thing.a");
 * ```
 */
export function resourceAddress<C, F extends Fields>(
  res: Resource<C, Schema<F>>,
  name: string,
): TypedAddress<F> {
  return { address: `${res.typeName}.${name}`, fields: res.schema.fields };
}

/**
 * The typed address of data source `name` of type `ds` (`data.<type>.<name>`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineDataSource, s } from "@foundry/foundry/provider";
 * import { dataSourceAddress } from "@foundry/foundry/testing";
 * const img = defineDataSource({
 *   typeName: "example_image",
 *   schema: s.dataSource({ id: s.string({ computed: true }) }),
 *   read: () => ({ id: "i-1" }),
 * });
 * assert.equal(dataSourceAddress(img, "a").address, "data.example_image.a");
 * ```
 */
export function dataSourceAddress<C, F extends Fields>(
  ds: DataSource<C, Schema<F>>,
  name: string,
): TypedAddress<F> {
  return { address: `data.${ds.typeName}.${name}`, fields: ds.schema.fields };
}

/** The address text of a check target. */
export function addressOf(target: CheckTarget): string {
  return typeof target === "string" ? target : target.address;
}

/**
 * Why `path` does not fit the schema `fields`, or undefined when it does:
 * the first step that names nothing, with the names there and the one
 * probably meant.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * import { schemaPathProblem } from "./schema_path.ts";
 * const fields = { tags: s.map(s.string(), { optional: true }), disk: s.listBlock({ size: s.number({ required: true }) }) };
 * assert.equal(schemaPathProblem(fields, "disk.0.size"), undefined);
 * assert.equal(schemaPathProblem(fields, "disk.0.szie"), 'disk[0] has no attribute "szie" — did you mean "size"? (attributes: size)');
 * assert.equal(schemaPathProblem(fields, "disk.first"), "disk is a list; index it with a number, not \"first\"");
 * ```
 */
export function schemaPathProblem(fields: Fields, path: CheckPath): string | undefined {
  const attributes: Record<string, Type> = {};
  for (const [name, f] of Object.entries(fields)) attributes[name] = f.type;
  let here: Type = { kind: "object", attributes } as Type;
  const done: (string | number)[] = [];
  for (const step of pathSteps(path)) {
    const where = done.length === 0 ? "it" : pathText(done);
    switch (here.kind) {
      case "dynamic":
        return undefined; // any value: only the lookup can tell
      case "object": {
        const names = Object.keys(here.attributes).sort();
        const name = String(step);
        if (!Object.hasOwn(here.attributes, name)) {
          const near = nearestName(name, names);
          return `${where} has no attribute ${JSON.stringify(name)}` +
            (near === undefined ? "" : ` — did you mean ${JSON.stringify(near)}?`) +
            ` (attributes: ${names.join(", ") || "none"})`;
        }
        here = here.attributes[name];
        break;
      }
      case "list":
      case "set":
      case "tuple":
        if (typeof step !== "number") {
          return `${where} is a ${here.kind}; index it with a number, not ${JSON.stringify(step)}`;
        }
        here = here.kind === "tuple" ? here.elements[step] ?? { kind: "dynamic" } : here.element;
        break;
      case "map":
        here = here.element;
        break;
      default:
        return `${where} is a ${here.kind}; it has no ${JSON.stringify(step)} inside`;
    }
    done.push(step);
  }
  return undefined;
}

/**
 * Refuses, when the check is made, a path that does not fit a typed
 * target's schema (plain addresses pass: the lookup explains itself).
 */
export function checkTargetPath(target: CheckTarget, path: CheckPath, check: string): void {
  if (typeof target === "string") return;
  const problem = schemaPathProblem(target.fields, path);
  if (problem === undefined) return;
  const text = problem.startsWith("it ")
    ? target.address + problem.slice(2)
    : `${target.address}: ${problem}`;
  throw new FoundryError("testing.check_path", `${check}: ${text}`, {
    context: { address: target.address, path: pathText(path) },
  });
}

type StepInto<T, K extends string> = Known<T> extends infer U ? U extends readonly (infer E)[] ? E
  : K extends keyof U ? U[K]
  : U extends object ? string extends keyof U ? U[keyof U] : unknown
  : unknown
  : unknown;

/** The type of the value at dotted path `P` in a plain value of type `T`. */
export type ValueAtPath<T, P> = P extends `${infer H}.${infer R}` ? ValueAtPath<StepInto<T, H>, R>
  : P extends string ? StepInto<T, P>
  : unknown;

/**
 * The value at `path` in an in-process client result (`created`,
 * `read`...), the path typed from the result's plain type (which the
 * client types from the schema when given the resource object) and the
 * value typed from the path. A path naming nothing throws, saying which
 * step is missing, what is there and the name probably meant.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineProvider, defineResource, s } from "@foundry/foundry/provider";
 * import { ProviderClient, valueAt } from "@foundry/foundry/testing";
 * const server = defineResource({
 *   typeName: "example_server",
 *   schema: s.resource({
 *     id: s.string({ computed: true }),
 *     tags: s.map(s.string(), { optional: true }),
 *     disk: s.listBlock({ size_gb: s.number({ required: true }) }),
 *   }),
 *   create: ({ plan }) => ({ ...plan, id: "srv-1" }),
 *   read: ({ state }) => state,
 *   update: ({ plan, state }) => ({ ...plan, id: state.id }),
 *   delete: () => {},
 * });
 * const client = new ProviderClient(defineProvider({ typeName: "example", resources: [server] }));
 * const created = await client.create(server, { tags: { env: "prod" }, disk: [{ size_gb: 20 }] });
 * const env: string = valueAt(created, "tags.env");
 * assert.equal(env, "prod");
 * assert.equal(valueAt(created, "disk.0.size_gb"), 20);
 * // @ts-expect-error "dsik" is not an attribute of example_server
 * assert.throws(() => valueAt(created, "dsik.0"), /no attribute or key "dsik" — did you mean "disk"\?/);
 * ```
 */
export function valueAt<T, const P extends ValuePath<T>>(
  result: { readonly plain: T | null },
  path: P,
): ValueAtPath<T, P> {
  const found = lookupPath(result.plain, path as CheckPath);
  if (!found.found) {
    throw new FoundryError(
      "testing.value_path",
      `valueAt ${pathText(path as CheckPath)}: ${found.why}`,
      {
        context: { path: pathText(path as CheckPath) },
      },
    );
  }
  return found.value as ValueAtPath<T, P>;
}
