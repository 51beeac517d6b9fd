/**
 * The provider engine: what turns an author's definitions into answers to
 * Terraform's RPCs. {@link ProviderServerImpl} implements the plugin layer's
 * `ProviderServer`; beneath it, one file per operation (`resource_ops.ts`,
 * `data_source_ops.ts`, `function_ops.ts`, `ephemeral_ops.ts`, `move_ops.ts`), planning
 * (`plan.ts`), validation, write-only handling, the schema and dynamic-value
 * wire forms, and the conversion between cty values and the plain values
 * authors see (`plain_values.ts`).
 *
 * The folder's leading underscore says it is private: no `deno.json` export
 * reaches it, as terraform-plugin-framework keeps `internal/fwserver` apart
 * from the packages authors import. Inside the package, the provider layer
 * uses it, and the testing layer reaches it through this module (the
 * in-process client drives the same server Terraform talks to).
 *
 * @module
 */

// Callers of this module (the in-process client, tests) get encoders that
// convert at once, as cty's own entry gives them; a provider launch, which
// does not come through here, loads conversion only when a value needs it.
import "../../cty/mod.ts";

export {
  fromPlain,
  type FromPlainOptions,
  type Shape,
  toPlain,
  TypedPlain,
} from "./plain_values.ts";
export {
  schemaToWire,
  type WireAttribute,
  type WireBlock,
  type WireNestedBlock,
  type WireNesting,
  type WireObject,
  type WireSchema,
  type WireStringKind,
} from "./schema_wire.ts";
export {
  type ModifyPlanHook,
  type PlanInput,
  planResourceChange,
  type PlanResult,
} from "./plan.ts";
export { validateConfigValue } from "./validate.ts";
export { configLookup } from "./config_lookup.ts";
export { keepSemanticForms } from "./semantic_equality.ts";
export {
  decodeIdentity,
  encodeIdentity,
  identityOf,
  identitySchemaToWire,
  upgradeIdentity,
  type WireIdentity,
  type WireIdentitySchema,
} from "./identity_ops.ts";
export { callWithTimeout, type OperationTimeout, timeoutOf } from "./timeouts.ts";
export { stateFromJson } from "./state_json.ts";
export {
  applyResource,
  importResource,
  type OperationEnv,
  type OperationResult,
  planResource,
  readResource,
  upgradeResource,
  validateConfig,
  type ValidationTarget,
} from "./resource_ops.ts";
export { readDataSource } from "./data_source_ops.ts";
export {
  type CallFunctionResponse,
  callProviderFunction,
  functionToWire,
  type WireFunction,
  type WireFunctionParameter,
} from "./function_ops.ts";
export {
  closeEphemeral,
  type EphemeralOpened,
  type EphemeralRenewed,
  openEphemeral,
  renewEphemeral,
  type WireTimestamp,
} from "./ephemeral_ops.ts";
export { hasWriteOnly, nullifyWriteOnly } from "./write_only.ts";
export { decodeDynamicValue, encodeDynamicValue, sameValueBytes } from "./dynamic_value.ts";
export type {
  DynamicValue,
  GetMetadataResponse,
  GetProviderSchemaResponse,
  PlanResourceChangeResponse,
  RpcContext,
  ServerCapabilities,
  WireResponse,
} from "./rpc_types.ts";
export { ProviderServerImpl, type ProviderServerOptions } from "./server.ts";
