/**
 * The boundary between the protocol and the provider framework: one method
 * per tfplugin6 RPC. Requests arrive decoded (camelCase fields, DynamicValue
 * as raw `{ msgpack, json }` bytes); responses may carry the errors layer's
 * `Diagnostic`s and `AttributePath`s, which the protocol converts.
 *
 * @module
 */

/**
 * Per-call context.
 */
export interface RpcContext {
  /**
   * Aborted when Terraform calls StopProvider, the process shuts down, or the
   * client cancels this call (RST_STREAM, or its connection drops).
   */
  readonly signal: AbortSignal;
}

/**
 * One RPC handler. The request type is the decoded tfplugin6 message; the
 * handler's own parameter type narrows it.
 */
export type RpcHandler = (request: never, ctx: RpcContext) => Promise<object> | object;

/**
 * The tfplugin6 RPC names, as method names.
 */
export type RpcMethodName =
  | "getMetadata"
  | "getProviderSchema"
  | "validateProviderConfig"
  | "validateResourceConfig"
  | "validateDataResourceConfig"
  | "upgradeResourceState"
  | "getResourceIdentitySchemas"
  | "upgradeResourceIdentity"
  | "configureProvider"
  | "readResource"
  | "planResourceChange"
  | "applyResourceChange"
  | "importResourceState"
  | "moveResourceState"
  | "readDataSource"
  | "validateEphemeralResourceConfig"
  | "openEphemeralResource"
  | "renewEphemeralResource"
  | "closeEphemeralResource"
  | "getFunctions"
  | "callFunction"
  | "stopProvider";

/**
 * What `serveProvider` serves. Every method is optional: an RPC without a
 * handler answers with an error diagnostic saying the provider does not
 * support it, except where "nothing" is a correct answer: StopProvider,
 * GetResourceIdentitySchemas (no identities) and ValidateProviderConfig
 * (valid); GetMetadata answers gRPC UNIMPLEMENTED, after which clients use
 * GetProviderSchema. Protocol 5 calls arrive at the same methods under v6
 * names.
 */
export type ProviderServer = { [K in RpcMethodName]?: RpcHandler };

/**
 * `PlanResourceChange` -> `planResourceChange`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { methodName } from "./mod.ts";
 * assert.equal(methodName("GetMetadata"), "getMetadata");
 * ```
 */
export function methodName(rpc: string): RpcMethodName {
  return (rpc[0].toLowerCase() + rpc.slice(1)) as RpcMethodName;
}

// Most calls (validation and planning without author hooks) never read the
// signal, and AbortSignal.any is among the costliest steps of a small RPC:
// it creates a signal that registers with both sources.
/**
 * A context whose `signal` is `AbortSignal.any([stop, call])`, created on
 * first read and the same object on every later read. `stop` is taken as it
 * is now: a StopProvider that later replaces the server's controller does
 * not change which signal this call follows (as if combined at once).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { lazyRpcContext } from "./provider_server.ts";
 * const stop = new AbortController();
 * const ctx = lazyRpcContext(stop.signal, new AbortController().signal);
 * stop.abort(new Error("stopping"));
 * assert.equal(ctx.signal.aborted, true);
 * assert.equal(ctx.signal, ctx.signal);
 * ```
 */
export function lazyRpcContext(stop: AbortSignal, call: AbortSignal): RpcContext {
  return new LazyRpcContext(stop, call);
}

class LazyRpcContext implements RpcContext {
  readonly #stop: AbortSignal;
  readonly #call: AbortSignal;
  #signal: AbortSignal | undefined;

  constructor(stop: AbortSignal, call: AbortSignal) {
    this.#stop = stop;
    this.#call = call;
  }

  get signal(): AbortSignal {
    return this.#signal ??= AbortSignal.any([this.#stop, this.#call]);
  }
}
