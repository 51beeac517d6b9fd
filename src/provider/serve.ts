/**
 * `serve(provider)`: the last line of a provider's `main.ts`. Builds the
 * provider server and hands it to the protocol layer's `serveProvider`
 * (go-plugin handshake, TLS, gRPC), mapping `--debug` to debug mode
 * (reattach instructions on stdout, no Terraform needed to start it).
 *
 * @module
 */

import { serveProvider } from "../plugin/mod.ts";
import type { Provider } from "./define.ts";
import { ProviderServerImpl, type ProviderServerOptions } from "./_engine/server.ts";

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
  /** Full provider address printed in debug mode's TF_REATTACH_PROVIDERS line. */
  providerAddress?: string;
  /** Replaces the protocol layer (tests, custom transports). */
  transport?: ServeTransport;
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
  const server = new ProviderServerImpl(provider, options);
  const debug = options.debug ?? args().includes("--debug");
  const transport: ServeTransport = options.transport ??
    (async (s, o) => void await serveProvider(s, o));
  const opts: { debug: boolean; providerAddress?: string } = { debug };
  if (options.providerAddress !== undefined) opts.providerAddress = options.providerAddress;
  await transport(server, opts);
}
