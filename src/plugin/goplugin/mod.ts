/**
 * go-plugin both ways. The host side starts a plugin program (a Terraform
 * provider or any go-plugin plugin), reads its handshake line, connects
 * with AutoMTLS (a fresh client certificate; the plugin's own pinned),
 * calls it over gRPC, follows its stdio (pipes and GRPCStdio), checks its
 * health, and ends it through the controller's Shutdown;
 * {@link reattachPlugin} connects to one already running, and
 * {@link inspectProvider} reads a provider's schema as Terraform does. The
 * serving side, {@link servePlugin}, serves any gRPC service declared with
 * protobuf tables ({@link unaryMethod}) to any go-plugin host, Go's included.
 *
 * It lives in the plugin layer (DESIGN.md: "go-plugin serve + host") rather
 * than a layer of its own, since it shares the handshake, certificates and
 * protocol tables with `serveProvider`; but it is a separate entry, not
 * exported from `plugin/mod.ts`, because every provider launch loads that
 * module and a provider never hosts.
 *
 * Not yet offered: brokered services (go-plugin's GRPCBroker, for plugins
 * that call back into the host). A served plugin keeps the broker stream a
 * Go host opens open and idle, and the host side does not open one.
 *
 * @example Launching a Foundry provider and asking its health
 * ```ts ignore
 * import { launchPlugin, TERRAFORM_COOKIE } from "./mod.ts";
 * const plugin = await launchPlugin({
 *   command: Deno.execPath(),
 *   args: ["run", "-A", "examples/provider/main.ts"],
 *   cookie: TERRAFORM_COOKIE,
 *   versions: [5, 6],
 *   onOutput: (o) => console.error(`[${o.stream}] ${o.text}`),
 * });
 * console.log(await plugin.healthy());
 * await plugin.shutdown();
 * ```
 *
 * @example Reading the handshake line a plugin prints
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseHandshakeLine } from "./mod.ts";
 * const line = parseHandshakeLine("1|1|tcp|127.0.0.1:10000|grpc|", [1]);
 * assert.equal(line.network, "tcp");
 * ```
 *
 * @module
 */

export { parseHandshakeLine, type PluginHandshake } from "./handshake_line.ts";
export {
  launchPlugin,
  type LaunchPluginOptions,
  type MagicCookie,
  PluginClient,
  type PluginExit,
  type PluginOutput,
  type ReattachConfig,
  reattachPlugin,
  TERRAFORM_COOKIE,
} from "./launch.ts";
export { parseReattachProviders } from "./reattach.ts";
export {
  ConnInfo,
  HEALTH_SERVICE,
  HealthCheckRequest,
  HealthCheckResponse,
  PLUGIN_METHODS,
  StdioData,
} from "./services.ts";
export {
  formatInspection,
  type InspectDiagnostic,
  type InspectOptions,
  inspectProvider,
  type ProviderInspection,
} from "./inspect.ts";
export {
  providersSchemaJson,
  type WireAttribute,
  type WireBlock,
  type WireFunction,
  type WireNestedBlock,
  type WireObject,
  type WireParameter,
  type WireProviderSchema,
  type WireSchema,
} from "./schema_json.ts";
export { type ServedPlugin, servePlugin, type ServePluginOptions } from "./serve_plugin.ts";
export { unaryMethod } from "./typed_method.ts";
