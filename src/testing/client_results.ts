/**
 * What the in-process client takes and returns: values given plain or as
 * cty, the targets its methods accept (a type name, or the defined object
 * whose schema and identity type the results) and the result shapes of
 * each call.
 *
 * @module
 */

import type { Diagnostic } from "../errors/mod.ts";
import type { Value } from "../cty/mod.ts";
import type { Fields, IdentityAttributes, ObjectValue, Schema, View } from "../provider/mod.ts";
import type { Carried } from "./carried_state.ts";

/** A value given as a cty Value or as a plain author value. */
export type ValueInput = Value | Record<string, unknown> | null;

/**
 * A decoded state or plan: the cty value and its plain form.
 */
export interface ClientValue<T = Record<string, unknown>> {
  /** The decoded cty value. */
  readonly value: Value;
  /**
   * The plain form (`unknown` sentinel for unknowns, null for null), typed
   * from the schema when the call named a resource or data source object
   * rather than its type name.
   */
  readonly plain: T | null;
}

/**
 * A resource, data source or ephemeral resource as the client's methods
 * accept it: its type name, or the object `defineResource` and friends
 * return, whose schema types the results (and, for a resource, whose
 * identity attributes `A` type identities).
 */
export type ClientTarget<
  S extends Schema<Fields>,
  A extends IdentityAttributes = IdentityAttributes,
> = string | {
  readonly typeName: string;
  readonly schema: S;
  readonly "~identity"?: A;
};

/**
 * The plain value type of schema `S` in view `W`; `Record<string, unknown>`
 * when the schema is not known statically (a type name was given).
 */
export type PlainOf<S extends Schema<Fields>, W extends View> = Fields extends S["fields"]
  ? Record<string, unknown>
  : ObjectValue<S["fields"], W>;

/**
 * Result of {@link ProviderClient.plan}: the planned state, the planned
 * private state and identity (`I`, typed from the resource's identity).
 */
export interface ClientPlan<T = Record<string, unknown>, I = Record<string, unknown>>
  extends ClientValue<T>, Carried<I> {
  /** Paths forcing replacement. */
  readonly requiresReplace: readonly (readonly unknown[])[];
  /** Diagnostics returned. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Result of apply, read and data source reads.
 */
export interface ClientState<T = Record<string, unknown>> extends ClientValue<T> {
  /** Diagnostics returned. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Result of a resource call (apply, create, read, import, move): the new
 * state with its private state and identity (`I`, typed from the
 * resource's identity).
 */
export interface ClientResourceState<T = Record<string, unknown>, I = Record<string, unknown>>
  extends ClientState<T>, Carried<I> {}

/**
 * What {@link ProviderClient.callFunction} returns: the result, or the
 * function error Terraform would show.
 */
export type ClientFunctionResult =
  | { readonly value: Value; readonly plain: unknown; readonly error?: undefined }
  | { readonly error: { readonly text: string; readonly functionArgument?: number } };

/**
 * What {@link ProviderClient.openEphemeral} returns.
 */
export interface ClientEphemeral<T = Record<string, unknown>> extends ClientState<T> {
  /** The private bytes to pass to renew and close. */
  readonly private: Uint8Array;
  /** When Terraform would renew. */
  readonly renewAt: Date | undefined;
}
