/**
 * Terraform's plugin protocol version 5 (5.9, the twin of 6.9) as tables for
 * the codec in `protobuf.ts`, served by the same {@link ProviderServer} as
 * version 6. Checked field by field against hashicorp/terraform's
 * `docs/plugin-protocol/tfplugin5.9.proto`: every request and response has
 * the same fields under the same numbers as its v6 twin, except
 * - `Schema.Attribute`: no `nested_type`; `write_only` is field 10 (11 in v6);
 * - `PrepareProviderConfig.Response` starts with `prepared_config` (1).
 * Those get their own tables here; the rest reuse the v6 tables under v5
 * names. `v5_adapter.ts` maps the responses.
 *
 * @module
 */

import { type FieldSpec, message, type MessageSpec } from "../protobuf/codec.ts";
import * as v6 from "./tfplugin6.ts";
import { toV5PrepareResponse, toV5SchemaResponse, V5_METHOD_NAMES } from "./v5_adapter.ts";

const P = "tfplugin5.";

const field = (no: number, name: string, kind: FieldSpec["kind"]): FieldSpec => ({
  no,
  name,
  kind,
});
const msg = (no: number, name: string, m: () => MessageSpec, more?: Partial<FieldSpec>) => ({
  no,
  name,
  kind: "message" as const,
  message: m,
  ...more,
});

/**
 * `Schema.Attribute` in v5: no nested attribute types, `writeOnly` at 10.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeMessage } from "../protobuf/codec.ts";
 * import { tfplugin5 } from "./mod.ts";
 * const bytes = encodeMessage(tfplugin5.SchemaAttribute, { writeOnly: true });
 * assert.equal(bytes[0], (10 << 3)); // field 10, varint
 * ```
 */
export const SchemaAttribute: MessageSpec = message(P + "Schema.Attribute", [
  field(1, "name", "string"),
  field(2, "type", "bytes"),
  field(3, "description", "string"),
  field(4, "required", "bool"),
  field(5, "optional", "bool"),
  field(6, "computed", "bool"),
  field(7, "sensitive", "bool"),
  field(8, "descriptionKind", "enum"),
  field(9, "deprecated", "bool"),
  field(10, "writeOnly", "bool"),
]);

/**
 * `Schema.Block` in v5 (same fields as v6, v5 attributes).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeMessage, encodeMessage } from "../protobuf/codec.ts";
 * import { tfplugin5 } from "./mod.ts";
 * const bytes = encodeMessage(tfplugin5.SchemaBlock, { version: 1 });
 * assert.equal(decodeMessage(tfplugin5.SchemaBlock, bytes).version, 1);
 * ```
 */
export const SchemaBlock: MessageSpec = message(P + "Schema.Block", [
  field(1, "version", "int64"),
  msg(2, "attributes", () => SchemaAttribute, { repeated: true }),
  msg(3, "blockTypes", () => SchemaNestedBlock, { repeated: true }),
  field(4, "description", "string"),
  field(5, "descriptionKind", "enum"),
  field(6, "deprecated", "bool"),
]);

/**
 * `Schema.NestedBlock` in v5 (nesting: 1 single, 2 list, 3 set, 4 map, 5 group).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeMessage, encodeMessage } from "../protobuf/codec.ts";
 * import { tfplugin5 } from "./mod.ts";
 * const bytes = encodeMessage(tfplugin5.SchemaNestedBlock, { typeName: "rule", nesting: 2 });
 * assert.equal(decodeMessage(tfplugin5.SchemaNestedBlock, bytes).nesting, 2);
 * ```
 */
export const SchemaNestedBlock: MessageSpec = message(P + "Schema.NestedBlock", [
  field(1, "typeName", "string"),
  msg(2, "block", () => SchemaBlock),
  field(3, "nesting", "enum"),
  field(4, "minItems", "int64"),
  field(5, "maxItems", "int64"),
]);

/**
 * `Schema` in v5.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeMessage, encodeMessage } from "../protobuf/codec.ts";
 * import { tfplugin5 } from "./mod.ts";
 * const bytes = encodeMessage(tfplugin5.Schema, { version: 3, block: {} });
 * assert.equal(decodeMessage(tfplugin5.Schema, bytes).version, 3);
 * ```
 */
export const Schema: MessageSpec = message(P + "Schema", [
  field(1, "version", "int64"),
  msg(2, "block", () => SchemaBlock),
]);

/**
 * `GetProviderSchema.Response` in v5 (the `GetSchema` answer): v6's fields
 * and numbers, with v5 schemas.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeMessage } from "../protobuf/codec.ts";
 * import { tfplugin5 } from "./mod.ts";
 * const bytes = encodeMessage(tfplugin5.GetSchemaResponse, { provider: { version: 0 } });
 * assert.equal(bytes[0], 0x0a); // field 1, length-delimited
 * ```
 */
export const GetSchemaResponse: MessageSpec = message(P + "GetProviderSchema.Response", [
  msg(1, "provider", () => Schema),
  msg(2, "resourceSchemas", () => Schema, { map: true }),
  msg(3, "dataSourceSchemas", () => Schema, { map: true }),
  msg(7, "functions", () => v6.Function, { map: true }),
  msg(8, "ephemeralResourceSchemas", () => Schema, { map: true }),
  msg(4, "diagnostics", () => v6.Diagnostic, { repeated: true }),
  msg(5, "providerMeta", () => Schema),
  msg(6, "serverCapabilities", () => v6.ServerCapabilities),
]);

/**
 * `PrepareProviderConfig.Response`: the prepared config, then diagnostics.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeMessage, encodeMessage } from "../protobuf/codec.ts";
 * import { tfplugin5 } from "./mod.ts";
 * const res = { preparedConfig: { msgpack: new Uint8Array([0x80]) }, diagnostics: [] };
 * const back = decodeMessage(tfplugin5.PrepareProviderConfigResponse,
 *   encodeMessage(tfplugin5.PrepareProviderConfigResponse, res));
 * assert.equal((back.preparedConfig as { msgpack: Uint8Array }).msgpack[0], 0x80);
 * ```
 */
export const PrepareProviderConfigResponse: MessageSpec = message(
  P + "PrepareProviderConfig.Response",
  [
    msg(1, "preparedConfig", () => v6.DynamicValue),
    msg(2, "diagnostics", () => v6.Diagnostic, { repeated: true }),
  ],
);

/** Replaces `target`'s contents with `next`'s (dispatch completes in place). */
function replaceWith(target: Record<string, unknown>, next: Record<string, unknown>): void {
  if (next === target) return;
  for (const k of Object.keys(target)) delete target[k];
  Object.assign(target, next);
}

function v5Spec(spec: v6.RpcSpec): v6.RpcSpec {
  const serviceMethod = V5_METHOD_NAMES[spec.method] ?? spec.method;
  // Same fields as v6; renamed so decode errors name the v5 message.
  const request = { ...spec.request, name: `${P}${serviceMethod}.Request` };
  const response = { ...spec.response, name: `${P}${serviceMethod}.Response` };
  switch (spec.method) {
    case "GetProviderSchema":
      return {
        ...spec,
        serviceMethod,
        request,
        response: GetSchemaResponse,
        complete: (_req, res) => replaceWith(res, toV5SchemaResponse(res)),
      };
    case "ValidateProviderConfig":
      return {
        ...spec,
        serviceMethod,
        request,
        response: PrepareProviderConfigResponse,
        complete: (req, res) => replaceWith(res, toV5PrepareResponse(req, res)),
      };
    default:
      return { ...spec, serviceMethod, request, response };
  }
}

/**
 * Every RPC of `tfplugin5.Provider`, in the order of {@link PROVIDER_V6}.
 * `method` stays the v6 name (it picks the {@link ProviderServer} handler);
 * `serviceMethod` is the name on the wire.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { PROVIDER_V5 } from "./mod.ts";
 * const configure = PROVIDER_V5.find((r) => r.serviceMethod === "Configure")!;
 * assert.equal(configure.method, "ConfigureProvider");
 * ```
 */
export const PROVIDER_V5: readonly v6.RpcSpec[] = v6.PROVIDER_V6.map(v5Spec);
