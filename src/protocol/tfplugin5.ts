/**
 * Terraform's plugin protocol version 5 (5.9), served by the same
 * {@link ProviderServer} as version 6. The two versions number their fields
 * identically (checked against hashicorp/terraform's `tfplugin5.9.proto`);
 * what differs is the service's method names and `PrepareProviderConfig`,
 * which also returns the (unchanged) configuration. So v5 is the v6 tables
 * under v5 names, plus that one response.
 *
 * @module
 */

import { message, type MessageSpec } from "./protobuf.ts";
import { encodeMessage } from "./protobuf_encode.ts";
import { PROVIDER_V6, type RpcSpec } from "./tfplugin6.ts";

/** v5 method name for each v6 method whose name differs. */
const V5_NAMES: Readonly<Record<string, string>> = {
  GetProviderSchema: "GetSchema",
  ValidateProviderConfig: "PrepareProviderConfig",
  ValidateResourceConfig: "ValidateResourceTypeConfig",
  ValidateDataResourceConfig: "ValidateDataSourceConfig",
  ConfigureProvider: "Configure",
  StopProvider: "Stop",
};

function prepareResponse(v6: MessageSpec): MessageSpec {
  const config = v6.fields.find((f) => f.name === "diagnostics")!;
  const dynamic = PROVIDER_V6.find((r) => r.method === "ValidateProviderConfig")!.request
    .fields.find((f) => f.name === "config")!;
  return message("tfplugin5.PrepareProviderConfig.Response", [
    { ...dynamic, no: 1, name: "preparedConfig" },
    config,
  ]);
}

/**
 * Every RPC of `tfplugin5.Provider`. `method` stays the v6 name (which picks
 * the {@link ProviderServer} handler); `serviceMethod` is the v5 name on the
 * wire.
 *
 * @example
 * ```ts
 * import { PROVIDER_V5 } from "@foundry/foundry/protocol";
 * const configure = PROVIDER_V5.find((r) => r.serviceMethod === "Configure")!;
 * console.assert(configure.method === "ConfigureProvider");
 * ```
 */
export const PROVIDER_V5: readonly RpcSpec[] = PROVIDER_V6.map((spec): RpcSpec => {
  const serviceMethod = V5_NAMES[spec.method] ?? spec.method;
  if (spec.method !== "ValidateProviderConfig") return { ...spec, serviceMethod };
  return {
    ...spec,
    serviceMethod,
    response: prepareResponse(spec.response),
    // Terraform v5 clients read the prepared config back; echo the input
    // unless the provider returned its own.
    complete: (request, response) => {
      if (response.preparedConfig === undefined) response.preparedConfig = request.config;
    },
  };
});

// Fail at load, not on Terraform's first call, if the tables ever drift.
encodeMessage(PROVIDER_V5[0].response, {});
