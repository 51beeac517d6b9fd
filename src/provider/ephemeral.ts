/**
 * Ephemeral resources (Terraform 1.10 and later): values Terraform opens for
 * the length of one plan or apply, uses in ephemeral-aware places (provider
 * configuration, `ephemeral` outputs and locals, write-only arguments) and
 * then closes, never writing them to state or plan files. Credentials,
 * short-lived tokens and tunnels are the usual cases.
 *
 * The author's `open` returns the result object; it may add `renewAt` (a
 * `Date`: Terraform calls `renew` around then while the value is still in
 * use) and `private`, any JSON value Terraform hands back to `renew` and
 * `close` (the lease id to revoke, for instance). A `renew` may return a new
 * private value, which the next `renew` receives; Terraform 1.11 hands
 * `close` the value from `open`, so keep what `close` needs there.
 *
 * While planning with a configuration not known yet, Foundry answers "known
 * after apply" without calling `open`, and adds a deferral when Terraform
 * says it accepts one. A provider lists ephemeral resources as an array or as
 * an object keyed by type name (`{ example_token: token }`, `typeName` left
 * out).
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineEphemeralResource, defineProvider, s } from "@foundry/foundry/provider";
 *
 * const token = defineEphemeralResource({
 *   typeName: "example_token",
 *   schema: s.ephemeralResource({
 *     scope: s.string({ required: true }),
 *     value: s.string({ computed: true, sensitive: true }),
 *   }),
 *   open: ({ config }) => ({
 *     result: { scope: config.scope, value: crypto.randomUUID() },
 *     private: { lease: "lease-1" },
 *   }),
 *   close: ({ private: lease }) => {
 *     assert.equal((lease as { lease: string }).lease, "lease-1");
 *   },
 * });
 * const provider = defineProvider({ typeName: "example", ephemeralResources: [token] });
 * assert.ok(provider.ephemeralResources.has("example_token"));
 * ```
 *
 * @module
 */

import { type Defined, defineRecord } from "./defined.ts";
import { EPHEMERAL_KEYS } from "./option_keys.ts";
import type { CallContext, MaybePromise, ValidateContext } from "./context.ts";
import type { Config, State } from "./infer.ts";
import type { Fields, Schema } from "./schema_types.ts";

/**
 * What `open` returns.
 */
export interface EphemeralOpenResult<R> {
  /** The ephemeral object: configuration plus computed attributes, all known. */
  readonly result: R;
  /** When Terraform should call `renew` if the value is still in use. */
  readonly renewAt?: Date;
  /** Any JSON value handed back to `renew` and `close`. */
  readonly private?: unknown;
}

/**
 * What `renew` may return.
 */
export interface EphemeralRenewResult {
  /** The next renewal time; absent means no further renewal. */
  readonly renewAt?: Date;
  /** Replaces the private value; absent keeps it. */
  readonly private?: unknown;
}

/**
 * An ephemeral resource as the author writes it.
 */
export interface EphemeralResourceDefinition<S extends Schema<Fields>, C> {
  /**
   * Type name, prefixed by the provider name (`example_token`). Required when
   * the provider lists ephemeral resources in an array; with
   * `ephemeralResources: { example_token: token }` the key names it.
   */
  readonly typeName?: string;
  /** The schema, made with `s.ephemeralResource()`. */
  readonly schema: S;
  /**
   * Opens the resource. Called only with a wholly known configuration: while
   * planning with values not known yet, Foundry answers "known after apply"
   * for the computed attributes itself.
   */
  open(req: CallContext<C> & { config: Config<S> }): MaybePromise<EphemeralOpenResult<State<S>>>;
  /** Extends the lease; return a new `renewAt` to be called again. */
  renew?(req: CallContext<C> & { private: unknown }): MaybePromise<EphemeralRenewResult | void>;
  /** Releases what `open` acquired. */
  close?(req: CallContext<C> & { private: unknown }): MaybePromise<void>;
  /** Checks the configuration beyond per-attribute validators. */
  validateConfig?(req: ValidateContext & { config: Config<S> }): MaybePromise<void>;
}

/**
 * A defined ephemeral resource.
 */
export interface EphemeralResource<C>
  extends
    Defined<"ephemeralResource", Schema<Fields>, EphemeralResourceDefinition<Schema<Fields>, C>> {}

/**
 * Defines an ephemeral resource.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineEphemeralResource, defineProvider, s } from "@foundry/foundry/provider";
 * import { ProviderClient } from "@foundry/foundry/testing";
 * const nonce = defineEphemeralResource({
 *   typeName: "example_nonce",
 *   schema: s.ephemeralResource({ bytes: s.number({ required: true }), value: s.string({ computed: true }) }),
 *   open: ({ config }) => ({ result: { ...config, value: "0".repeat(config.bytes * 2) } }),
 * });
 * const client = new ProviderClient(defineProvider({ typeName: "example", ephemeralResources: [nonce] }));
 * const opened = await client.openEphemeral(nonce, { bytes: 2 });
 * assert.equal(opened.plain?.value, "0000");
 * ```
 */
export function defineEphemeralResource<const S extends Schema<Fields>, C = unknown>(
  definition: EphemeralResourceDefinition<S, C>,
): EphemeralResource<C> {
  const label = `ephemeral resource \`${definition.typeName ?? "(named by its key)"}\``;
  return defineRecord("ephemeralResource", definition, EPHEMERAL_KEYS, label);
}
