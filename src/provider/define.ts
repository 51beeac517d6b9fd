/**
 * `defineResource`, `defineDataSource`, `defineProvider` and `withClient`:
 * what an author writes. The definitions are typed from their schema; the
 * objects returned are the erased forms the server works with.
 *
 * @module
 */

import type { CallContext, MaybePromise, ResourceCallContext, ValidateContext } from "./context.ts";
import type { EphemeralResource, EphemeralResourceDefinition } from "./ephemeral.ts";
import { defineEphemeralResource } from "./ephemeral.ts";
import type { ProviderFunction } from "./function.ts";
import type { Config, Plan, State } from "./infer.ts";
import type { StateMover } from "./move_state.ts";
import type { StateUpgraders } from "./state_upgrade.ts";
import type { IdentityAttributes, IdentityDefinition } from "./identity.ts";
import type { Fields, Schema } from "./schema_types.ts";
import { type Defined, defineRecord } from "./defined.ts";
import { DATA_SOURCE_KEYS, RESOURCE_KEYS } from "./option_keys.ts";

/**
 * A resource as the author writes it. `S` is its schema, `C` the client
 * type, `A` the attributes of its identity (when it has one).
 */
export interface ResourceDefinition<
  S extends Schema<Fields>,
  C,
  A extends IdentityAttributes = IdentityAttributes,
> {
  /** The resource type name, prefixed by the provider name (`example_server`). */
  readonly typeName: string;
  /** The schema. */
  readonly schema: S;
  /** Creates the object; returns the complete new state (no unknowns left). */
  create(
    req: ResourceCallContext<C> & { plan: Plan<S>; config: Config<S> },
  ): MaybePromise<State<S>>;
  /** Reads the object; returns null when it no longer exists. */
  read(req: ResourceCallContext<C> & { state: State<S> }): MaybePromise<State<S> | null>;
  /** Updates in place; returns the complete new state. */
  update(
    req: ResourceCallContext<C> & { plan: Plan<S>; state: State<S>; config: Config<S> },
  ): MaybePromise<State<S>>;
  /** Deletes the object. */
  delete(req: ResourceCallContext<C> & { state: State<S> }): MaybePromise<void>;
  /**
   * Turns an import id into a (partial) state, then read fills the rest.
   * Default: `{ id }` with every other attribute null.
   */
  importState?(
    req: ResourceCallContext<C> & {
      id: string;
      /** Set when Terraform imports by identity (then `id` is empty). */
      identity?: Readonly<Record<string, unknown>>;
    },
  ): MaybePromise<Partial<State<S>>>;
  /**
   * Converts state stored at an older schema version to the current shape:
   * typed upgraders by version (`{ 0: upgradeFrom(v0Schema, ...) }`, see
   * `state_upgrade.ts`), or one function receiving the parsed JSON.
   */
  readonly upgradeState?:
    | StateUpgraders<State<S>>
    | ((req: ValidateContext & { version: number; rawState: unknown }) => MaybePromise<State<S>>);
  /**
   * Adjusts the plan Foundry computed (create and update only); return the new
   * plan or nothing. Runs at plan time: configured values that are not known
   * yet appear as the `unknown` sentinel whatever the static type says.
   */
  modifyPlan?(
    req: ResourceCallContext<C> & { plan: Plan<S>; state: State<S> | null; config: Config<S> },
  ): MaybePromise<Plan<S> | void>;
  /**
   * Runs when Terraform plans to destroy the object (the plan is null):
   * warn about what deleting it loses, refuse with an error (a protected
   * production database), or note something in private state.
   */
  planDestroy?(req: ResourceCallContext<C> & { state: State<S> }): MaybePromise<void>;
  /** Checks the configuration beyond per-attribute validators. */
  validateConfig?(req: ValidateContext & { config: Config<S> }): MaybePromise<void>;
  /** Sources whose state a `moved` block may bring to this type (see `move_state.ts`). */
  readonly moveState?: readonly StateMover<State<S>>[];
  /** The resource's identity (protocol 6.9; see `identity.ts`). */
  readonly identity?: IdentityDefinition<A, State<S>>;
}

/**
 * A data source as the author writes it.
 */
export interface DataSourceDefinition<S extends Schema<Fields>, C> {
  /** The data source type name. */
  readonly typeName: string;
  /** The schema. */
  readonly schema: S;
  /** Reads the data; returns the complete state. */
  read(req: CallContext<C> & { config: Config<S> }): MaybePromise<State<S>>;
  /** Checks the configuration beyond per-attribute validators. */
  validateConfig?(req: ValidateContext & { config: Config<S> }): MaybePromise<void>;
}

/** Plain author values after erasure of the schema type. */
type Plain = Record<string, unknown>;

/**
 * A defined resource: what `defineResource` returns and `defineProvider` takes.
 */
export interface Resource<
  C,
  S extends Schema<Fields> = Schema<Fields>,
  A extends IdentityAttributes = IdentityAttributes,
> extends
  Defined<
    "resource",
    S,
    ResourceDefinition<Schema<Fields>, C> & {
      create(req: ResourceCallContext<C> & { plan: Plain; config: Plain }): MaybePromise<Plain>;
    }
  > {
  /** Type-level only, never set: the identity's attributes, which type identities in tests. */
  readonly "~identity"?: A;
}

/**
 * A defined data source.
 */
export interface DataSource<C, S extends Schema<Fields> = Schema<Fields>>
  extends Defined<"dataSource", S, DataSourceDefinition<Schema<Fields>, C>> {}

/**
 * Defines a resource. The client type `C` is `unknown` here; use
 * {@link withClient} to type it.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineProvider, defineResource, s } from "@foundry/foundry/provider";
 * import { ProviderClient } from "@foundry/foundry/testing";
 * const thing = defineResource({
 *   typeName: "example_thing",
 *   schema: s.resource({ id: s.string({ computed: true }), name: s.string({ required: true }) }),
 *   create: ({ plan }) => ({ ...plan, id: `thing-${plan.name}` }),
 *   read: ({ state }) => state,
 *   update: ({ plan, state }) => ({ ...plan, id: state.id }),
 *   delete: () => {},
 * });
 * const client = new ProviderClient(defineProvider({ typeName: "example", resources: [thing] }));
 * const created = await client.create(thing, { name: "web" });
 * assert.equal(created.plain?.id, "thing-web");
 * ```
 */
export function defineResource<
  const S extends Schema<Fields>,
  C = unknown,
  const A extends IdentityAttributes = IdentityAttributes,
>(
  definition: ResourceDefinition<S, C, A>,
): Resource<C, S, A> {
  return defineRecord("resource", definition, RESOURCE_KEYS, `resource \`${definition.typeName}\``);
}

/**
 * Defines a data source.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineDataSource, defineProvider, s } from "@foundry/foundry/provider";
 * import { ProviderClient } from "@foundry/foundry/testing";
 * const echo = defineDataSource({
 *   typeName: "example_echo",
 *   schema: s.dataSource({ input: s.string({ required: true }), output: s.string({ computed: true }) }),
 *   read: ({ config }) => ({ ...config, output: config.input }),
 * });
 * const client = new ProviderClient(defineProvider({ typeName: "example", dataSources: [echo] }));
 * const read = await client.readData(echo, { input: "hi" });
 * assert.equal(read.plain?.output, "hi");
 * ```
 */
export function defineDataSource<const S extends Schema<Fields>, C = unknown>(
  definition: DataSourceDefinition<S, C>,
): DataSource<C, S> {
  const label = `data source \`${definition.typeName}\``;
  return defineRecord("dataSource", definition, DATA_SOURCE_KEYS, label);
}

/**
 * Binds the client type once, so every resource and data source sees
 * `client` typed as `C`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineProvider, s, withClient } from "@foundry/foundry/provider";
 * import { ProviderClient } from "@foundry/foundry/testing";
 * class Api { get(id: string) { return { id, name: "x" }; } }
 * const { defineResource } = withClient<Api>();
 * const thing = defineResource({
 *   typeName: "example_thing",
 *   schema: s.resource({ id: s.string({ required: true }), name: s.string({ computed: true }) }),
 *   create: ({ plan, client }) => client.get(plan.id),
 *   read: ({ state, client }) => client.get(state.id),
 *   update: ({ plan, client }) => client.get(plan.id),
 *   delete: () => {},
 * });
 * const provider = defineProvider({ typeName: "example", configure: () => new Api(), resources: [thing] });
 * const test = new ProviderClient(provider);
 * await test.configure({});
 * assert.equal((await test.create(thing, { id: "a" })).plain?.name, "x");
 * ```
 */
export function withClient<C>(): {
  defineResource<
    const S extends Schema<Fields>,
    const A extends IdentityAttributes = IdentityAttributes,
  >(
    definition: ResourceDefinition<S, C, A>,
  ): Resource<C, S, A>;
  defineDataSource<const S extends Schema<Fields>>(
    definition: DataSourceDefinition<S, C>,
  ): DataSource<C, S>;
  defineEphemeralResource<const S extends Schema<Fields>>(
    definition: EphemeralResourceDefinition<S, C>,
  ): EphemeralResource<C>;
} {
  return {
    defineResource: <
      const S extends Schema<Fields>,
      const A extends IdentityAttributes = IdentityAttributes,
    >(definition: ResourceDefinition<S, C, A>) => defineResource<S, C, A>(definition),
    defineDataSource: (definition) => defineDataSource<typeof definition.schema, C>(definition),
    defineEphemeralResource: (definition) =>
      defineEphemeralResource<typeof definition.schema, C>(definition),
  };
}

/**
 * A provider as the author writes it.
 */
export interface ProviderDefinition<S extends Schema<Fields>, C> {
  /** Provider type name (`example`); resource names start with it. */
  readonly typeName: string;
  /** Provider configuration schema; default: no attributes. */
  readonly schema?: S;
  /** Builds the client handed to every resource and data source call. */
  configure?(
    req: ValidateContext & { config: Config<S>; terraformVersion: string },
  ): MaybePromise<C>;
  /** The resources. */
  readonly resources?: readonly Resource<C>[];
  /** The data sources. */
  readonly dataSources?: readonly DataSource<C>[];
  /**
   * Provider-defined functions (`provider::<typeName>::<name>`): an array of
   * named functions, or an object whose keys name them (`{ slugify: fn }`).
   */
  readonly functions?:
    | readonly ProviderFunction[]
    | Readonly<Record<string, ProviderFunction>>;
  /**
   * The ephemeral resources: an array, or an object whose keys are their
   * type names (`{ example_token: token }`).
   */
  readonly ephemeralResources?:
    | readonly EphemeralResource<C>[]
    | Readonly<Record<string, EphemeralResource<C>>>;
  /** Checks the provider configuration. */
  validateConfig?(req: ValidateContext & { config: Config<S> }): MaybePromise<void>;
}

/**
 * A defined provider, ready for `serve`.
 */
export interface Provider {
  /** Discriminant. */
  readonly kind: "provider";
  /** Provider type name. */
  readonly typeName: string;
  /** Provider schema. */
  readonly schema: Schema<Fields>;
  /** The definition, erased. */
  readonly definition: ProviderDefinition<Schema<Fields>, unknown>;
  /** Resources by type name. */
  readonly resources: ReadonlyMap<string, Resource<unknown>>;
  /** Data sources by type name. */
  readonly dataSources: ReadonlyMap<string, DataSource<unknown>>;
  /** Ephemeral resources by type name. */
  readonly ephemeralResources: ReadonlyMap<string, EphemeralResource<unknown>>;
  /** Functions by name. */
  readonly functions: ReadonlyMap<string, ProviderFunction>;
}
