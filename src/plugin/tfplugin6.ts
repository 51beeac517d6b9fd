/**
 * The messages and service of Terraform's plugin protocol version 6 (6.9:
 * what Terraform 1.11 speaks plus the resource identity additions, which
 * older clients never send), described as tables for the codec in
 * `protobuf.ts`. Field numbers follow hashicorp/terraform's
 * `docs/plugin-protocol/tfplugin6.9.proto`; decoded objects use the camelCase
 * of the proto field names.
 *
 * @module
 */

import { type FieldSpec, message, type MessageSpec } from "../protobuf/codec.ts";

const str = (no: number, name: string): FieldSpec => ({ no, name, kind: "string" });
const bytes = (no: number, name: string): FieldSpec => ({ no, name, kind: "bytes" });
const bool = (no: number, name: string): FieldSpec => ({ no, name, kind: "bool" });
const i64 = (no: number, name: string): FieldSpec => ({ no, name, kind: "int64" });
const enm = (no: number, name: string): FieldSpec => ({ no, name, kind: "enum" });
const msg = (no: number, name: string, m: () => MessageSpec): FieldSpec => ({
  no,
  name,
  kind: "message",
  message: m,
});
const rep = (f: FieldSpec): FieldSpec => ({ ...f, repeated: true });
const opt = (f: FieldSpec): FieldSpec => ({ ...f, optional: true });
const map = (f: FieldSpec): FieldSpec => ({ ...f, map: true });

const P = "tfplugin6.";

/**
 * `DynamicValue`: a cty value as msgpack or JSON bytes.
 */
export const DynamicValue: MessageSpec = message(P + "DynamicValue", [
  bytes(1, "msgpack"),
  bytes(2, "json"),
]);
/**
 * `AttributePath.Step`.
 */
export const AttributePathStep: MessageSpec = message(P + "AttributePath.Step", [
  opt(str(1, "attributeName")),
  opt(str(2, "elementKeyString")),
  opt(i64(3, "elementKeyInt")),
]);
/**
 * `AttributePath`.
 */
export const AttributePath: MessageSpec = message(P + "AttributePath", [
  rep(msg(1, "steps", () => AttributePathStep)),
]);
/**
 * `Diagnostic` (severity 1 error, 2 warning).
 */
export const Diagnostic: MessageSpec = message(P + "Diagnostic", [
  enm(1, "severity"),
  str(2, "summary"),
  str(3, "detail"),
  msg(4, "attribute", () => AttributePath),
]);
/**
 * `FunctionError`.
 */
export const FunctionError: MessageSpec = message(P + "FunctionError", [
  str(1, "text"),
  opt(i64(2, "functionArgument")),
]);
/**
 * `RawState`.
 */
export const RawState: MessageSpec = message(P + "RawState", [
  bytes(1, "json"),
  map(str(2, "flatmap")),
]);
/**
 * `Schema.Attribute`.
 */
export const SchemaAttribute: MessageSpec = message(P + "Schema.Attribute", [
  str(1, "name"),
  bytes(2, "type"),
  msg(10, "nestedType", () => SchemaObject),
  str(3, "description"),
  bool(4, "required"),
  bool(5, "optional"),
  bool(6, "computed"),
  bool(7, "sensitive"),
  enm(8, "descriptionKind"),
  bool(9, "deprecated"),
  bool(11, "writeOnly"),
]);
/**
 * `Schema.Block`.
 */
export const SchemaBlock: MessageSpec = message(P + "Schema.Block", [
  i64(1, "version"),
  rep(msg(2, "attributes", () => SchemaAttribute)),
  rep(msg(3, "blockTypes", () => SchemaNestedBlock)),
  str(4, "description"),
  enm(5, "descriptionKind"),
  bool(6, "deprecated"),
]);
/**
 * `Schema.NestedBlock` (nesting: 1 single, 2 list, 3 set, 4 map, 5 group).
 */
export const SchemaNestedBlock: MessageSpec = message(P + "Schema.NestedBlock", [
  str(1, "typeName"),
  msg(2, "block", () => SchemaBlock),
  enm(3, "nesting"),
  i64(4, "minItems"),
  i64(5, "maxItems"),
]);
/**
 * `Schema.Object` (nested attributes; nesting 1 single, 2 list, 3 set, 4 map).
 */
export const SchemaObject: MessageSpec = message(P + "Schema.Object", [
  rep(msg(1, "attributes", () => SchemaAttribute)),
  enm(3, "nesting"),
  i64(4, "minItems"),
  i64(5, "maxItems"),
]);
/**
 * `Schema`.
 */
export const Schema: MessageSpec = message(P + "Schema", [
  i64(1, "version"),
  msg(2, "block", () => SchemaBlock),
]);
/**
 * `Function.Parameter`.
 */
export const FunctionParameter: MessageSpec = message(P + "Function.Parameter", [
  str(1, "name"),
  bytes(2, "type"),
  bool(3, "allowNullValue"),
  bool(4, "allowUnknownValues"),
  str(5, "description"),
  enm(6, "descriptionKind"),
]);
/**
 * `Function`.
 */
export const Function: MessageSpec = message(P + "Function", [
  rep(msg(1, "parameters", () => FunctionParameter)),
  msg(2, "variadicParameter", () => FunctionParameter),
  msg(3, "return", () => message(P + "Function.Return", [bytes(1, "type")])),
  str(4, "summary"),
  str(5, "description"),
  enm(6, "descriptionKind"),
  str(7, "deprecationMessage"),
]);
/**
 * `ServerCapabilities`.
 */
export const ServerCapabilities: MessageSpec = message(P + "ServerCapabilities", [
  bool(1, "planDestroy"),
  bool(2, "getProviderSchemaOptional"),
  bool(3, "moveResourceState"),
]);
/**
 * `ClientCapabilities`.
 */
export const ClientCapabilities: MessageSpec = message(P + "ClientCapabilities", [
  bool(1, "deferralAllowed"),
  bool(2, "writeOnlyAttributesAllowed"),
]);
/**
 * `ResourceIdentitySchema.IdentityAttribute`.
 */
export const IdentityAttribute: MessageSpec = message(
  P + "ResourceIdentitySchema.IdentityAttribute",
  [
    str(1, "name"),
    bytes(2, "type"),
    bool(3, "requiredForImport"),
    bool(4, "optionalForImport"),
    str(5, "description"),
  ],
);
/**
 * `ResourceIdentitySchema`.
 */
export const ResourceIdentitySchema: MessageSpec = message(P + "ResourceIdentitySchema", [
  i64(1, "version"),
  rep(msg(2, "identityAttributes", () => IdentityAttribute)),
]);
/**
 * `ResourceIdentityData`.
 */
export const ResourceIdentityData: MessageSpec = message(P + "ResourceIdentityData", [
  msg(1, "identityData", () => DynamicValue),
]);
/**
 * `Deferred`.
 */
export const Deferred: MessageSpec = message(P + "Deferred", [enm(1, "reason")]);
const Timestamp = message("google.protobuf.Timestamp", [i64(1, "seconds"), {
  no: 2,
  name: "nanos",
  kind: "int64",
}]);

const dv = (no: number, name: string) => msg(no, name, () => DynamicValue);
const diags = (no: number) => rep(msg(no, "diagnostics", () => Diagnostic));
const caps = (no: number) => msg(no, "clientCapabilities", () => ClientCapabilities);
const deferred = (no: number) => msg(no, "deferred", () => Deferred);
const identity = (no: number, name: string) => msg(no, name, () => ResourceIdentityData);
const typeMeta = (name: string) => message(P + name, [str(1, "typeName")]);

/**
 * One RPC: its method name, request and response specs.
 */
export interface RpcSpec {
  /** Method name as in the service (`PlanResourceChange`). */
  readonly method: string;
  /** Request message. */
  readonly request: MessageSpec;
  /** Response message. */
  readonly response: MessageSpec;
  /** The method's name in the gRPC service when it differs from `method` (v5 names). */
  readonly serviceMethod?: string;
  /** Completes a handler's response with fields only this protocol version has. */
  readonly complete?: (request: Record<string, unknown>, response: Record<string, unknown>) => void;
}

function rpc(method: string, request: FieldSpec[], response: FieldSpec[]): RpcSpec {
  return {
    method,
    request: message(`${P}${method}.Request`, request),
    response: message(`${P}${method}.Response`, response),
  };
}

/**
 * Every RPC of `tfplugin6.Provider`, in the order of the service definition.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { PROVIDER_V6 } from "./mod.ts";
 * assert.ok(PROVIDER_V6.some((r) => r.method === "PlanResourceChange"));
 * ```
 */
export const PROVIDER_V6: readonly RpcSpec[] = [
  rpc("GetMetadata", [], [
    msg(1, "serverCapabilities", () => ServerCapabilities),
    diags(2),
    rep(msg(3, "dataSources", () => typeMeta("GetMetadata.DataSourceMetadata"))),
    rep(msg(4, "resources", () => typeMeta("GetMetadata.ResourceMetadata"))),
    rep(msg(5, "functions", () => message(P + "GetMetadata.FunctionMetadata", [str(1, "name")]))),
    rep(msg(6, "ephemeralResources", () => typeMeta("GetMetadata.EphemeralMetadata"))),
  ]),
  rpc("GetProviderSchema", [], [
    msg(1, "provider", () => Schema),
    map(msg(2, "resourceSchemas", () => Schema)),
    map(msg(3, "dataSourceSchemas", () => Schema)),
    map(msg(7, "functions", () => Function)),
    map(msg(8, "ephemeralResourceSchemas", () => Schema)),
    diags(4),
    msg(5, "providerMeta", () => Schema),
    msg(6, "serverCapabilities", () => ServerCapabilities),
  ]),
  rpc("ValidateProviderConfig", [dv(1, "config")], [diags(2)]),
  rpc("ValidateResourceConfig", [str(1, "typeName"), dv(2, "config"), caps(3)], [diags(1)]),
  rpc("ValidateDataResourceConfig", [str(1, "typeName"), dv(2, "config")], [diags(1)]),
  rpc("UpgradeResourceState", [
    str(1, "typeName"),
    i64(2, "version"),
    msg(3, "rawState", () => RawState),
  ], [dv(1, "upgradedState"), diags(2)]),
  rpc("GetResourceIdentitySchemas", [], [
    map(msg(1, "identitySchemas", () => ResourceIdentitySchema)),
    diags(2),
  ]),
  rpc("UpgradeResourceIdentity", [str(1, "typeName"), i64(2, "version"), bytes(3, "rawIdentity")], [
    identity(1, "upgradedIdentity"),
    diags(2),
  ]),
  rpc("ConfigureProvider", [str(1, "terraformVersion"), dv(2, "config"), caps(3)], [diags(1)]),
  rpc("ReadResource", [
    str(1, "typeName"),
    dv(2, "currentState"),
    bytes(3, "private"),
    dv(4, "providerMeta"),
    caps(5),
    identity(6, "currentIdentity"),
  ], [dv(1, "newState"), diags(2), bytes(3, "private"), deferred(4), identity(5, "newIdentity")]),
  rpc("PlanResourceChange", [
    str(1, "typeName"),
    dv(2, "priorState"),
    dv(3, "proposedNewState"),
    dv(4, "config"),
    bytes(5, "priorPrivate"),
    dv(6, "providerMeta"),
    caps(7),
    identity(8, "priorIdentity"),
  ], [
    dv(1, "plannedState"),
    rep(msg(2, "requiresReplace", () => AttributePath)),
    bytes(3, "plannedPrivate"),
    diags(4),
    bool(5, "legacyTypeSystem"),
    deferred(6),
    identity(7, "plannedIdentity"),
  ]),
  rpc("ApplyResourceChange", [
    str(1, "typeName"),
    dv(2, "priorState"),
    dv(3, "plannedState"),
    dv(4, "config"),
    bytes(5, "plannedPrivate"),
    dv(6, "providerMeta"),
    identity(7, "plannedIdentity"),
  ], [
    dv(1, "newState"),
    bytes(2, "private"),
    diags(3),
    bool(4, "legacyTypeSystem"),
    identity(5, "newIdentity"),
  ]),
  rpc("ImportResourceState", [str(1, "typeName"), str(2, "id"), caps(3), identity(4, "identity")], [
    rep(msg(1, "importedResources", () =>
      message(P + "ImportResourceState.ImportedResource", [
        str(1, "typeName"),
        dv(2, "state"),
        bytes(3, "private"),
        identity(4, "identity"),
      ]))),
    diags(2),
    deferred(3),
  ]),
  rpc("MoveResourceState", [
    str(1, "sourceProviderAddress"),
    str(2, "sourceTypeName"),
    i64(3, "sourceSchemaVersion"),
    msg(4, "sourceState", () => RawState),
    str(5, "targetTypeName"),
    bytes(6, "sourcePrivate"),
    identity(7, "sourceIdentity"),
  ], [dv(1, "targetState"), diags(2), bytes(3, "targetPrivate"), identity(4, "targetIdentity")]),
  rpc("ReadDataSource", [str(1, "typeName"), dv(2, "config"), dv(3, "providerMeta"), caps(4)], [
    dv(1, "state"),
    diags(2),
    deferred(3),
  ]),
  rpc("ValidateEphemeralResourceConfig", [str(1, "typeName"), dv(2, "config")], [diags(1)]),
  rpc("OpenEphemeralResource", [str(1, "typeName"), dv(2, "config"), caps(3)], [
    diags(1),
    msg(2, "renewAt", () => Timestamp),
    dv(3, "result"),
    opt(bytes(4, "private")),
    deferred(5),
  ]),
  rpc("RenewEphemeralResource", [str(1, "typeName"), opt(bytes(2, "private"))], [
    diags(1),
    msg(2, "renewAt", () => Timestamp),
    opt(bytes(3, "private")),
  ]),
  rpc("CloseEphemeralResource", [str(1, "typeName"), opt(bytes(2, "private"))], [diags(1)]),
  rpc("GetFunctions", [], [map(msg(1, "functions", () => Function)), diags(2)]),
  rpc("CallFunction", [str(1, "name"), rep(dv(2, "arguments"))], [
    dv(1, "result"),
    msg(2, "error", () => FunctionError),
  ]),
  rpc("StopProvider", [], [str(1, "error")]),
];
