/**
 * `serve(provider)`: the last line of a provider's `main.ts`. Builds the
 * provider server and hands it to the protocol layer's `serveProvider`
 * (go-plugin handshake, TLS, gRPC), mapping `--debug` to debug mode
 * (reattach instructions on stdout, no Terraform needed to start it).
 *
 * @module
 */

import { serveProvider } from "../plugin/serve.ts";
import type { Provider } from "./define.ts";
import { refuseUnknownKeys } from "./option_check.ts";
import { ProviderServerImpl, type ProviderServerOptions } from "./_engine/server.ts";
import { reportStartupFailure, startupFinished, startupPending } from "./startup_failure.ts";

/**
 * The protocol entry point `serve` calls: the protocol layer's `serveProvider`.
 */
export type ServeTransport = (
  server: ProviderServerImpl,
  opts: { debug: boolean; providerAddress?: string },
) => Promise<void>;

/**
 * Options of {@link serve}.
 */
export interface ServeOptions extends ProviderServerOptions {
  /** Debug (reattach) mode; default: `--debug` among the process arguments. */
  debug?: boolean;
  /**
   * Full provider address printed in debug mode's TF_REATTACH_PROVIDERS line;
   * it must equal the `source` in the configuration's `required_providers`.
   * Default: from `foundry.provider` (hostname, namespace, name) in the
   * `foundry.json` or `deno.json` beside the main module or above it, else
   * `registry.terraform.io/hashicorp/<type name>` (Terraform's default).
   */
  providerAddress?: string;
  /** Replaces the protocol layer (tests, custom transports). */
  transport?: ServeTransport;
}

const SERVE_OPTION_KEYS = [
  "debug",
  "providerAddress",
  "transport",
  "log",
] satisfies (keyof Required<
  ServeOptions
>)[];

function mainModule(): string | undefined {
  try {
    return Deno.mainModule;
  } catch {
    return undefined;
  }
}

function args(): readonly string[] {
  try {
    return Deno.args;
  } catch {
    return [];
  }
}

/**
 * Serves `provider` to Terraform. Resolves once the server listens; the
 * process then serves until Terraform shuts it down (or, with `--debug`,
 * until Ctrl-C) and exits.
 *
 * @example Usage
 * ```ts
 * import { defineProvider, serve } from "@foundry/foundry/provider";
 * const provider = defineProvider({ typeName: "example" });
 * if (import.meta.main) await serve(provider);
 * ```
 */
export async function serve(provider: Provider, options: ServeOptions = {}): Promise<void> {
  const debug = options.debug ?? args().includes("--debug");
  try {
    refuseUnknownKeys(options, SERVE_OPTION_KEYS, "the options of serve()");
    const server = new ProviderServerImpl(provider, options);
    const transport: ServeTransport = options.transport ??
      (async (s, o) => void await serveProvider(s, o));
    const opts: { debug: boolean; providerAddress?: string } = { debug };
    if (options.providerAddress !== undefined) opts.providerAddress = options.providerAddress;
    else if (debug) {
      // Debug mode only: off the path Terraform launches take.
      const { debugProviderAddress } = await import("./provider_address.ts");
      opts.providerAddress = debugProviderAddress(provider.typeName, mainModule());
    }
    await transport(server, opts);
  } catch (e) {
    // Before the handshake Terraform reads only stdout's first line.
    if (!debug && options.transport === undefined && startupPending()) reportStartupFailure(e);
    throw e;
  }
  startupFinished();
}
