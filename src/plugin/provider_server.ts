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
