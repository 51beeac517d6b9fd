/**
 * The tfplugin6 request and response shapes the provider server speaks
 * (camelCase fields, DynamicValue as raw bytes). They mirror the protocol
 * layer's decoded messages so the server can be handed to `serveProvider`.
 *
 * @module
 */

import type { AttributePath, Diagnostic } from "../../errors/mod.ts";
import type { DynamicValue } from "./dynamic_value.ts";
import type { WireFunction } from "./function_ops.ts";
import type { WireSchema } from "./schema_wire.ts";

export type { DynamicValue } from "./dynamic_value.ts";
export type { RpcContext } from "../../plugin/mod.ts";

/**
 * Responses that carry diagnostics.
 */
export interface WireResponse {
  /** Problems to show. */
  diagnostics: Diagnostic[];
}

/**
 * tfplugin6 `ServerCapabilities`.
 */
export interface ServerCapabilities {
  /** Terraform calls PlanResourceChange for destroys too. */
  planDestroy: boolean;
  /** Terraform may skip GetProviderSchema. */
  getProviderSchemaOptional: boolean;
  /** MoveResourceState is implemented. */
  moveResourceState: boolean;
}

/**
 * GetProviderSchema response.
 */
export interface GetProviderSchemaResponse extends WireResponse {
  /** Provider configuration schema. */
  provider: WireSchema;
  /** Resource schemas by type name. */
  resourceSchemas: Record<string, WireSchema>;
  /** Data source schemas by type name. */
  dataSourceSchemas: Record<string, WireSchema>;
  /** Function signatures by name. */
  functions: Record<string, WireFunction>;
  /** Ephemeral resource schemas by type name. */
  ephemeralResourceSchemas: Record<string, WireSchema>;
  /** Capabilities. */
  serverCapabilities: ServerCapabilities;
}

/**
 * GetMetadata response.
 */
export interface GetMetadataResponse extends WireResponse {
  /** Capabilities. */
  serverCapabilities: ServerCapabilities;
  /** Data sources. */
  dataSources: { typeName: string }[];
  /** Resources. */
  resources: { typeName: string }[];
  /** Functions. */
  functions: { name: string }[];
  /** Ephemeral resources. */
  ephemeralResources: { typeName: string }[];
}

/**
 * PlanResourceChange response.
 */
export interface PlanResourceChangeResponse extends WireResponse {
  /** The planned state. */
  plannedState?: DynamicValue;
  /** Attributes forcing replacement. */
  requiresReplace: AttributePath[];
  /** Opaque private data carried to apply. */
  plannedPrivate: Uint8Array;
  /** Always false: this is not the legacy SDK. */
  legacyTypeSystem: boolean;
  /** Set when the change cannot be planned yet (tfplugin6 `Deferred`). */
  deferred?: { reason: number };
  /** The object's identity, when known (protocol 6.9 `ResourceIdentityData`). */
  plannedIdentity?: { identityData: DynamicValue };
}
