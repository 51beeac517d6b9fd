/**
 * Runs the registry app on `Deno.serve`, over HTTPS when given a certificate
 * (Terraform talks to registry hosts over HTTPS only).
 *
 * @module
 */

import { buildApp, type RegistryOptions, resolveStore } from "./app.ts";

/** Options of {@link serveRegistry}. */
export interface ServeRegistryOptions extends RegistryOptions {
  /** Interface to listen on (default `127.0.0.1`). */
  listen?: string;
  /** Port (default 0: any free port). */
  port?: number;
  /** PEM certificate chain and key; without them the server speaks plain HTTP. */
  tls?: { cert: string; key: string };
}

/** A running registry. */
export interface RunningRegistry {
  /** Base URL, e.g. `https://localhost:8443/`. */
  url: string;
  /** The port actually bound. */
  port: number;
  /** Stops accepting requests and waits for the open ones to finish. */
  shutdown(): Promise<void>;
}

/**
 * Starts a registry server.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { serveRegistry } from "@foundry/foundry/registry";
 * const dir = await Deno.makeTempDir();
 * const registry = serveRegistry({ storage: dir });
 * const res = await fetch(new URL(".well-known/terraform.json", registry.url));
 * assert.equal((await res.json())["providers.v1"], "/v1/providers/");
 * await registry.shutdown();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function serveRegistry(options: ServeRegistryOptions): RunningRegistry {
  const { listen = "127.0.0.1", port = 0, tls, ...appOptions } = options;
  const store = resolveStore(appOptions);
  const app = buildApp(store, appOptions);
  const server = Deno.serve(
    {
      hostname: listen,
      port,
      onListen: () => {},
      ...(tls ? { cert: tls.cert, key: tls.key } : {}),
    },
    app.fetch,
  );
  const bound = server.addr.port;
  const host = listen === "127.0.0.1" || listen === "0.0.0.0" ? "localhost" : listen;
  return {
    url: `${tls ? "https" : "http"}://${host}:${bound}/`,
    port: bound,
    shutdown: async () => {
      await server.shutdown();
      // A store opened here from `storage` is closed here; a given one belongs to the caller.
      if (appOptions.store === undefined) await store.close();
    },
  };
}
