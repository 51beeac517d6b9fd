/**
 * The host side of go-plugin: start a plugin program (a Terraform provider
 * or any go-plugin plugin), read its handshake line, connect with AutoMTLS
 * (a fresh client certificate; the plugin's own pinned), call it over gRPC,
 * follow its stdio, check its health, and end it through the controller's
 * Shutdown. {@link reattachPlugin} connects to one already running.
 *
 * It lives in the plugin layer (DESIGN.md: "go-plugin serve + host") rather
 * than a layer of its own, since it shares the handshake, certificates and
 * protocol tables with serving; but it is a separate entry, not exported
 * from `plugin/mod.ts`, because every provider launch loads that module and
 * a provider never hosts.
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
