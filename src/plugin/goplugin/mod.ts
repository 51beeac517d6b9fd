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
 * Brokered services (go-plugin's GRPCBroker) let a plugin call back into
 * its host, or a host reach extra services of its plugin: one side takes
 * `broker.nextId()`, serves methods under it with `broker.acceptAndServe`
 * (a fresh unix socket, announced over the broker stream), and hands the
 * id over in a call; the other side's `broker.dial(id)` waits up to 5 s for
 * the announcement and returns a `GrpcClient`. Hosts
 * ({@link PluginClient.broker}) and plugins ({@link ServedPlugin.broker})
 * have the same three calls; with AutoMTLS, brokered connections use the
 * main connection's certificates, each side pinning the other's, as
 * go-plugin does. (go-plugin 1.0.1's plugins dial a host's brokered server
 * with a TLS setup that cannot trust it, so hosts of those run with
 * `autoMTLS: false`; its hosts dialing a Foundry plugin work with AutoMTLS.
 * go-plugin 1.5's multiplexed broker, `PLUGIN_MULTIPLEX_GRPC`, is not
 * offered: such hosts fall back to one connection per service.)
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
 * @example A plugin whose Put calls back into its host's adder
 * ```ts ignore
 * import { servePlugin, unaryMethod } from "./mod.ts";
 * import { message, encodeMessage, decodeMessage } from "../../protobuf/mod.ts";
 * const Put = message("counter.PutRequest", [
 *   { no: 1, name: "addServer", kind: "int64" },
 *   { no: 3, name: "value", kind: "int64" },
 * ]);
 * const Sum = message("counter.SumRequest", [
 *   { no: 1, name: "a", kind: "int64" },
 *   { no: 2, name: "b", kind: "int64" },
 * ]);
 * const SumAnswer = message("counter.SumResponse", [{ no: 1, name: "r", kind: "int64" }]);
 * let total = 0;
 * const served = await servePlugin({
 *   cookie: { key: "COUNTER_PLUGIN", value: "foundry-counter" },
 *   versions: {
 *     1: new Map([["/counter.Counter/Put", unaryMethod(Put, message("counter.Empty", []), async (m) => {
 *       const helper = await served.broker.dial(Number(m.addServer));
 *       const bytes = await helper.unary("/counter.AddHelper/Sum", encodeMessage(Sum, { a: total, b: m.value }));
 *       total = Number(decodeMessage(SumAnswer, bytes).r);
 *       await helper.close();
 *       return {};
 *     })]]),
 *   },
 * });
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

export {
  type BrokeredServer,
  type BrokerLink,
  type BrokerTls,
  PluginBroker,
  type PluginBrokerOptions,
} from "./broker.ts";
export { type BrokerConnInfo, decodeConnInfo, encodeConnInfo } from "./conn_info.ts";
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
