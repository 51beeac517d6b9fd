/**
 * The provider framework: what a provider author writes. Describe each
 * resource with the schema builder `s`; `Config`, `Plan` and `State` types
 * are inferred from it, so `plan.name` is a `string` and a computed
 * `plan.id` is `string | Unknown` until the author resolves it. Foundry does
 * the planning Terraform expects (defaults, unknowns, replacement, keeping
 * prior values), validates configuration, turns author exceptions into
 * diagnostics, and serves the provider over the plugin protocol.
 *
 * Mistakes surface early and where a person looks. A misspelt option
 * (`s.string({ optional: true, sensitiv: true })`, `defineResource({ improtState })`)
 * fails `deno check` and, from JavaScript or generated schemas, the schema
 * check ("unknown option `sensitiv` on attribute `api_token` — did you mean
 * `sensitive`?"). A provider that fails while loading, under Terraform, puts
 * the cause on the one stdout line Terraform quotes. A `create` whose result
 * fails its checks still saves the valid part (the id), so Terraform taints
 * and replaces the object instead of forgetting it. Provider arguments may
 * fall back to environment variables (`env: "ACME_TOKEN"`).
 *
 * Beside resources and data sources a provider may declare functions
 * (`defineFunction`, called as `provider::example::name(...)`), ephemeral
 * resources (`defineEphemeralResource`: values opened for one run and never
 * stored), write-only arguments (`writeOnly: true`: read from `config`, null
 * in plan and state) and, on a resource, `moveState` to accept state from a
 * `moved` block across resource types; each file's module doc has an example.
 * `functions` and `ephemeralResources` are arrays of named definitions or
 * objects keyed by name.
 *
 * Beyond the basics, as terraform-plugin-framework and its validators and
 * timeouts modules offer: a validators library with cross-attribute rules
 * (`validators/`), plan modifier variants and dynamic defaults
 * (`plan_modifiers.ts`), custom types with semantic equality
 * (`custom_types.ts`), private state (`private_state.ts`), operation
 * timeouts (`timeouts.ts`), typed state upgraders (`state_upgrade.ts`)
 * and resource identity (`identity.ts`);
 * each file's module doc has a runnable example.
 *
 * This module is the author API and nothing more: the engine that answers
 * Terraform's RPCs lives in `_engine/`, which no export of the package
 * reaches.
 *
 * @example Functions and ephemeral resources, driven in process
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineEphemeralResource, defineFunction, defineProvider, FunctionError, s } from "@foundry/foundry/provider";
 * import { ProviderClient } from "@foundry/foundry/testing";
 *
 * const provider = defineProvider({
 *   typeName: "example",
 *   functions: {
 *     slugify: defineFunction({
 *       summary: "Turns text into a DNS label",
 *       parameters: [{ name: "text", type: s.string() }],
 *       returns: s.string(),
 *       run: ({ args: [text] }) => {
 *         const slug = text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
 *         if (slug === "") throw new FunctionError("has no letters or digits", { argument: 0 });
 *         return slug;
 *       },
 *     }),
 *   },
 *   ephemeralResources: {
 *     example_token: defineEphemeralResource({
 *       schema: s.ephemeralResource({ value: s.string({ computed: true, sensitive: true }) }),
 *       open: () => ({ result: { value: crypto.randomUUID() }, private: { lease: 1 } }),
 *       close: () => {},
 *     }),
 *   },
 * });
 *
 * const client = new ProviderClient(provider);
 * const slug = await client.callFunction("slugify", "Web Server #1");
 * assert.equal(slug.error, undefined);
 * assert.equal(slug.plain, "web-server-1");
 * const bad = await client.callFunction("slugify", "!!!");
 * assert.equal(bad.error?.functionArgument, 0);
 * const token = await client.openEphemeral("example_token", {});
 * assert.equal(typeof token.plain?.value, "string");
 * await client.closeEphemeral("example_token", token.private);
 * ```
 *
 * @example A resource whose methods receive the provider's client
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineProvider, s, withClient } from "@foundry/foundry/provider";
 * import { ProviderClient } from "@foundry/foundry/testing";
 *
 * class Api {
 *   #next = 1;
 *   create(name: string) { return { id: `srv-${this.#next++}`, name }; }
 * }
 * const { defineResource: defineApiResource } = withClient<Api>();
 *
 * const server = defineApiResource({
 *   typeName: "example_server",
 *   schema: s.resource({
 *     id: s.string({ computed: true, planModifiers: [s.useStateForUnknown()] }),
 *     name: s.string({ required: true, validators: [s.lengthBetween(1, 63)] }),
 *     size: s.string({ optional: true, default: "small", requiresReplace: true }),
 *     tags: s.map(s.string(), { optional: true }),
 *   }),
 *   create: ({ plan, client }) => ({ ...plan, id: client.create(plan.name).id }),
 *   read: ({ state }) => state,
 *   update: ({ plan, state }) => ({ ...plan, id: state.id }),
 *   delete: () => {},
 * });
 *
 * const provider = defineProvider({
 *   typeName: "example",
 *   schema: s.provider({ endpoint: s.string({ optional: true }) }),
 *   configure: () => new Api(),
 *   resources: [server],
 * });
 *
 * // In a unit test: drive it in process. In main.ts: `if (import.meta.main) await serve(provider);`
 * const client = new ProviderClient(provider);
 * await client.configure({ endpoint: null });
 * const created = await client.create("example_server", { name: "web" });
 * assert.equal(created.plain?.id, "srv-1");
 * assert.equal(created.plain?.size, "small");
 * ```
 *
 * @module
 */

// First, for its side effect: in a warm daemon's instance, the plugin
// layer's first module routes output to the launch before any other module
// can write (see `../plugin/warmup.ts`); nothing otherwise.
import "../plugin/warmup.ts";
import "./startup_watch.ts";

export { defineProvider } from "./define_provider.ts";
export type { CallContext, MaybePromise, ResourceCallContext, ValidateContext } from "./context.ts";
export { type JsonValue, PrivateState } from "./private_state.ts";
export {
  type DataSource,
  type DataSourceDefinition,
  defineDataSource,
  defineResource,
  type Provider,
  type ProviderDefinition,
  type Resource,
  type ResourceDefinition,
  withClient,
} from "./define.ts";
export {
  type Arguments,
  type ArgumentValue,
  defineFunction,
  type FunctionCall,
  type FunctionDefinition,
  FunctionError,
  type FunctionParameter,
  type ProviderFunction,
} from "./function.ts";
export {
  defineEphemeralResource,
  type EphemeralOpenResult,
  type EphemeralRenewResult,
  type EphemeralResource,
  type EphemeralResourceDefinition,
} from "./ephemeral.ts";
export type { MoveStateRequest, StateMover } from "./move_state.ts";
export type {
  IdentityAttribute,
  IdentityAttributes,
  IdentityDefinition,
  IdentityValue,
} from "./identity.ts";
export {
  type StateUpgrader,
  type StateUpgradeRequest,
  type StateUpgraders,
  upgradeFrom,
} from "./state_upgrade.ts";
export { s, type SchemaOptions } from "./schema.ts";
export type {
  AnyAttribute,
  AttributeCommon,
  AttributeDef,
  AttributeFields,
  AttributeNesting,
  BlockDef,
  BlockNesting,
  Field,
  Fields,
  Mode,
  NestedAttributeDef,
  NestedValidators,
  NumberRepresentation,
  Schema,
  SchemaKind,
} from "./schema_types.ts";
export type { AttributeOptions, ElementDef, ModeOf } from "./attribute_builders.ts";
export type { CustomStringOptions } from "./custom_types.ts";
export {
  formatDuration,
  parseDuration,
  type TimeoutDefaults,
  type TimeoutOperation,
  type TimeoutsBlock,
} from "./timeouts.ts";
export type {
  BlockOptions,
  BlockOptionsOf,
  NestedAttributeOptions,
  NestedObject,
  NestedOptionsOf,
  NestedValue,
} from "./nested_builders.ts";
export type { NoUnknownKeys } from "./option_check.ts";
export type { Config, FieldValue, ObjectValue, Plan, State, View } from "./infer.ts";
export type {
  ConfigLookup,
  ConfigValidator,
  ConfigValidatorContext,
  LookedUp,
  ObjectValidator,
  Validator,
  ValidatorContext,
} from "./validator.ts";
export type { CrossAttributeValidator } from "./validators/cross_attribute.ts";
export type { PlanModifier, PlanModifierRequest, PlanModifierResponse } from "./plan_modifier.ts";
export { isUnknown, Unknown, unknown } from "./unknown.ts";
export { DiagnosticError } from "./diagnostic_error.ts";
export { serve, type ServeOptions, type ServeTransport } from "./serve.ts";
