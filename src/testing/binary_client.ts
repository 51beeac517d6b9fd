/**
 * The in-process client's twin for a built provider: the same
 * {@link ProviderClient} API (configure, plan, apply, read, import,
 * functions, ephemeral resources), but every call goes over gRPC to a
 * provider binary (or launcher) started as Terraform starts it. Tests can so
 * exercise the artifact that ships, with the provider's definition giving
 * the schemas that type and shape the values.
 *
 * @module
 */

import type { Provider } from "../provider/mod.ts";
import { ProviderServerImpl } from "../provider/_engine/mod.ts";
import {
  diagnosticFromWire,
  methodName,
  pathFromWire,
  PROVIDER_V5,
  PROVIDER_V6,
  type RpcSpec,
} from "../plugin/mod.ts";
import { decodeMessage, encodeMessage } from "../protobuf/mod.ts";
import {
  launchPlugin,
  type PluginClient,
  type PluginExit,
  type PluginOutput,
  TERRAFORM_COOKIE,
} from "../plugin/goplugin/mod.ts";
import { ProviderClient } from "./client.ts";

/** Options for {@link BinaryProviderClient.launch}. */
export interface BinaryClientOptions {
  /** The provider program: a binary or a launcher script. */
  readonly command: string;
  /** Its arguments. */
  readonly args?: readonly string[];
  /** Extra environment for it. */
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory. */
  readonly cwd?: string;
  /** Protocol versions offered (default `[5, 6]`, as Terraform 1.11). */
  readonly versions?: readonly number[];
  /** Receives the provider's stdout and stderr lines. */
  readonly onOutput?: (output: PluginOutput) => void;
}

/**
 * A {@link ProviderClient} whose calls reach a provider process over the
 * plugin protocol. Start one with {@link BinaryProviderClient.launch}; end
 * it with {@link BinaryProviderClient.close}.
 *
 * @example Driving the built example provider
 * ```ts ignore
 * import { BinaryProviderClient } from "@foundry/foundry/testing";
 * import { provider } from "./examples/provider/main.ts";
 * const client = await BinaryProviderClient.launch(provider, {
 *   command: "./dist/terraform-provider-example",
 * });
 * const created = await client.create("example_server", { name: "web" });
 * console.log(created.plain?.id);
 * await client.close();
 * ```
 */
export class BinaryProviderClient extends ProviderClient {
  /** The provider process and its gRPC connection. */
  readonly plugin: PluginClient;

  private constructor(provider: Provider, plugin: PluginClient) {
    super(new RemoteServer(provider, plugin));
    this.plugin = plugin;
  }

  /**
   * Starts the provider and connects (handshake, AutoMTLS), then asks for
   * its schema first, as Terraform does.
   */
  static async launch(
    provider: Provider,
    opts: BinaryClientOptions,
  ): Promise<BinaryProviderClient> {
    const plugin = await launchPlugin({
      command: opts.command,
      args: opts.args,
      env: opts.env,
      cwd: opts.cwd,
      cookie: TERRAFORM_COOKIE,
      versions: opts.versions ?? [5, 6],
      onOutput: opts.onOutput,
    });
    const client = new BinaryProviderClient(provider, plugin);
    try {
      const server = client.server as unknown as Record<string, (r: object) => Promise<unknown>>;
      await server.getProviderSchema({});
    } catch (e) {
      await plugin.shutdown();
      throw e;
    }
    return client;
  }

  /** Shuts the provider down (the controller's Shutdown, then a kill after 2 s). */
  close(): Promise<PluginExit> {
    return this.plugin.shutdown();
  }
}

/**
 * A ProviderServerImpl whose RPC methods are calls to the process: the
 * client code above it stays the in-process client's, unchanged.
 */
class RemoteServer extends ProviderServerImpl {
  constructor(provider: Provider, plugin: PluginClient) {
    super(provider);
    const version = plugin.handshake.protocolVersion;
    const table = version === 5 ? PROVIDER_V5 : PROVIDER_V6;
    const self = this as unknown as Record<string, unknown>;
    for (const spec of table) {
      const path = `/tfplugin${version}.Provider/${spec.serviceMethod ?? spec.method}`;
      self[methodName(spec.method)] = (
        request: Record<string, unknown>,
        ctx?: { signal?: AbortSignal },
      ) => remoteCall(plugin, spec, path, request, ctx?.signal);
    }
  }
}

async function remoteCall(
  plugin: PluginClient,
  spec: RpcSpec,
  path: string,
  request: Record<string, unknown>,
  signal: AbortSignal | undefined,
): Promise<Record<string, unknown>> {
  const bytes = await plugin.grpc.unary(path, encodeMessage(spec.request, request), { signal });
  const answer = decodeMessage(spec.response, bytes);
  // Back to the engine's shapes, which the in-process client reads.
  if (Array.isArray(answer.diagnostics)) {
    answer.diagnostics = answer.diagnostics.map((d) => diagnosticFromWire(d));
  }
  if (Array.isArray(answer.requiresReplace)) {
    answer.requiresReplace = answer.requiresReplace.map((p) => pathFromWire(p));
  }
  for (const key of ["renewAt"]) {
    const t = answer[key] as { seconds?: number | bigint; nanos?: number | bigint } | undefined;
    if (t !== undefined) {
      answer[key] = { seconds: Number(t.seconds ?? 0), nanos: Number(t.nanos ?? 0) };
    }
  }
  return answer;
}
