/**
 * What author code receives with each call: the context of a CRUD or read
 * call ({@link CallContext}), of a validation hook ({@link ValidateContext}),
 * and {@link MaybePromise} for results that may be awaited. In their own file
 * because every kind of definition (resources, data sources, functions,
 * ephemeral resources, state movers) uses them.
 *
 * @module
 */

import type { Diagnostics } from "../errors/mod.ts";
import type { Logger } from "../logging/mod.ts";
import type { PrivateState } from "./private_state.ts";

/**
 * What every author call receives.
 */
export interface CallContext<C> {
  /** What the provider's `configure` returned. */
  readonly client: C;
  /** Aborted when Terraform asks the provider to stop (StopProvider) or cancels this call. */
  readonly signal: AbortSignal;
  /** Logger named after the resource type, writing hclog JSON to stderr. */
  readonly log: Logger;
  /** Add warnings and errors here; errors fail the call. Paths point at attributes. */
  readonly diags: Diagnostics;
  /** The resource or data source type name (`example_server`). */
  readonly typeName: string;
}

/**
 * What a resource's calls receive: the {@link CallContext} and the
 * instance's private state (see `private_state.ts`), readable and writable.
 *
 * @example
 * ```ts
 * import type { ResourceCallContext } from "@foundry/foundry/provider";
 * const etagOf = (ctx: ResourceCallContext<unknown>) => ctx.private.get<string>("etag") ?? "";
 * ```
 */
export interface ResourceCallContext<C> extends CallContext<C> {
  /** Data Terraform keeps for this instance but never shows; changes are saved with the result. */
  readonly private: PrivateState;
}

/**
 * What a validation hook receives: no client (the provider is not configured yet).
 * Values not known yet appear as the `unknown` sentinel despite the static type.
 */
export interface ValidateContext {
  /** Aborted when Terraform asks the provider to stop. */
  readonly signal: AbortSignal;
  /** Logger named after the type. */
  readonly log: Logger;
  /** Add warnings and errors here. */
  readonly diags: Diagnostics;
  /** The type name. */
  readonly typeName: string;
}

/** A result that may be awaited. */
export type MaybePromise<T> = T | Promise<T>;
