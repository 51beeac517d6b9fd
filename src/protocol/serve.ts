/**
 * `serveProvider`: runs a {@link ProviderServer} the way Terraform expects a
 * plugin to run — handshake, AutoMTLS, gRPC over a unix socket, the
 * controller's Shutdown, stdio and health services, and signals — or, with
 * `debug`, standalone with a `TF_REATTACH_PROVIDERS` line to paste.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import * as grpc from "@grpc/grpc-js";
import { FoundryError, isFoundryError } from "../errors/mod.ts";
import { createLogger, levelFromEnv, type Logger } from "../logging/mod.ts";
import { base64NoPad, generateCertificate } from "./certificate.ts";
import { handleRpc } from "./dispatch.ts";
import { rawServiceDefinition } from "./grpc_services.ts";
import { handshakeLine, planHandshake, reattachValue, socketPath } from "./handshake.ts";
import type { ProviderServer } from "./provider_server.ts";
import { PROVIDER_V5 } from "./tfplugin5.ts";
import { PROVIDER_V6, type RpcSpec } from "./tfplugin6.ts";

/**
 * Options for {@link serveProvider}.
 *
 * @example
 * ```ts
 * import type { ServeProviderOptions } from "@foundry/foundry/protocol";
 * const opts: ServeProviderOptions = { debug: true, providerAddress: "registry.terraform.io/acme/example" };
 * ```
 */
export interface ServeProviderOptions {
  /** Serve without Terraform starting the process; print `TF_REATTACH_PROVIDERS`. */
  debug?: boolean;
  /** Provider source address for the reattach line (`registry.terraform.io/acme/example`). */
  providerAddress?: string;
  /** Logger for the protocol's own lines (default: hclog JSON on stderr, module `foundry.protocol`). */
  log?: Logger;
  /** Environment (default: the process's). */
  env?: (name: string) => string | undefined;
  /** Called instead of `Deno.exit` when the server stops (tests). */
  exit?: (code: number) => void;
  /** Where the handshake line goes (default: stdout). */
  stdout?: (text: string) => void;
  /** Protocol versions served, best first (default `[6, 5]`; Terraform picks among them). */
  protocolVersions?: readonly number[];
  /** `tcp` listens on 127.0.0.1 (default: `unix`, except on Windows). */
  network?: "unix" | "tcp";
}

const EMPTY = new Uint8Array(0);
const SERVING = new Uint8Array([0x08, 0x01]); // HealthCheckResponse{status: SERVING}

/**
 * Serves `server` until Terraform shuts it down. Resolves once the server
 * is listening; the process exits on Shutdown or SIGTERM.
 *
 * @example
 * ```ts
 * import { serveProvider } from "@foundry/foundry/protocol";
 * if (import.meta.main) {
 *   await serveProvider({
 *     getProviderSchema: () => ({ provider: { version: 0, block: {} }, diagnostics: [] }),
 *   });
 * }
 * ```
 */
export async function serveProvider(
  server: ProviderServer,
  opts: ServeProviderOptions = {},
): Promise<{ address: string; stop(): Promise<void> }> {
  const env = opts.env ?? ((k: string) => Deno.env.get(k));
  const exit = opts.exit ?? ((code: number) => Deno.exit(code));
  const writeOut = opts.stdout ??
    ((t: string) => void Deno.stdout.writeSync(new TextEncoder().encode(t)));
  const envLevel = levelFromEnv(env, { provider: true, default: "info" });
  const log = opts.log ?? createLogger({ name: "foundry.protocol", level: envLevel.level });
  const debug = opts.debug === true;

  let protocolVersion = 6;
  let clientCertPem: string | undefined;
  let socketDir = env("TMPDIR") || "/tmp";
  let ports = { min: 10000, max: 25000 };
  if (!debug) {
    const plan = planHandshake(env, opts.protocolVersions ?? [6, 5]);
    if (!plan.ok) {
      Deno.stderr.writeSync(new TextEncoder().encode(plan.message));
      exit(plan.exitCode);
      throw new Error(plan.message); // only reached when exit is replaced
    }
    protocolVersion = plan.protocolVersion;
    clientCertPem = plan.clientCertPem;
    socketDir = plan.socketDir;
    ports = { min: plan.minPort, max: plan.maxPort };
  }
  const network = opts.network ?? (Deno.build.os === "windows" ? "tcp" : "unix");
  const rpcs: readonly RpcSpec[] = protocolVersion === 5 ? PROVIDER_V5 : PROVIDER_V6;

  let stop = new AbortController();
  const grpcServer = new grpc.Server({
    "grpc.max_receive_message_length": 256 * 1024 * 1024,
    "grpc.max_send_message_length": 256 * 1024 * 1024,
  });

  const impl: grpc.UntypedServiceImplementation = {};
  for (const spec of rpcs) {
    impl[spec.serviceMethod ?? spec.method] = (
      call: grpc.ServerUnaryCall<Uint8Array, Uint8Array>,
      callback: grpc.sendUnaryData<Uint8Array>,
    ) => {
      const signal = stop.signal;
      if (spec.method === "StopProvider") {
        // Abort in-flight author calls; later calls get a fresh signal.
        stop.abort(new Error("Terraform asked the provider to stop"));
        stop = new AbortController();
      }
      handleRpc(spec, server, call.request, { signal }, log).then(
        (bytes) => callback(null, bytes),
        (e) =>
          callback({
            code: isFoundryError(e, "protocol.rpc.unimplemented")
              ? grpc.status.UNIMPLEMENTED
              : grpc.status.INTERNAL,
            details: e instanceof Error ? e.message : String(e),
          }),
      );
    };
  }
  grpcServer.addService(
    rawServiceDefinition(
      `tfplugin${protocolVersion}.Provider`,
      rpcs.map((s) => ({ name: s.serviceMethod ?? s.method })),
    ),
    impl,
  );

  const streams = new Set<grpc.ServerWritableStream<Uint8Array, Uint8Array>>();
  grpcServer.addService(
    rawServiceDefinition("plugin.GRPCStdio", [{ name: "StreamStdio", stream: true }]),
    {
      // Provider output goes to stderr directly; the stream stays open and idle.
      StreamStdio: (call: grpc.ServerWritableStream<Uint8Array, Uint8Array>) => {
        streams.add(call);
        call.on("cancelled", () => streams.delete(call));
      },
    },
  );
  grpcServer.addService(rawServiceDefinition("grpc.health.v1.Health", [{ name: "Check" }]), {
    Check: (_call: unknown, cb: grpc.sendUnaryData<Uint8Array>) => cb(null, SERVING),
  });

  const path = network === "unix" ? socketPath(socketDir) : "";
  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= new Promise<void>((resolve) => {
      stop.abort(new Error("the provider is shutting down"));
      for (const s of streams) s.end();
      const done = () => {
        try {
          if (path !== "") Deno.removeSync(path);
        } catch {
          // already gone
        }
        resolve();
      };
      const force = setTimeout(() => {
        grpcServer.forceShutdown();
        done();
      }, 1000);
      grpcServer.tryShutdown(() => {
        clearTimeout(force);
        done();
      });
    });
    return stopping;
  };

  grpcServer.addService(rawServiceDefinition("plugin.GRPCController", [{ name: "Shutdown" }]), {
    Shutdown: (_call: unknown, cb: grpc.sendUnaryData<Uint8Array>) => {
      cb(null, EMPTY);
      log.debug("shutdown requested by Terraform");
      // Terraform starts a provider 3-4 times per command, so this exit is on
      // its critical path: once the reply is queued, stop accepting calls,
      // remove the socket and exit without waiting for Terraform to hang up
      // (go-plugin only waits for the process to end).
      setTimeout(() => {
        void shutdown();
        setTimeout(() => exit(0), 2);
      }, 0);
    },
  });

  let cert = "";
  let creds: grpc.ServerCredentials;
  if (clientCertPem !== undefined) {
    const c = generateCertificate();
    cert = base64NoPad(c.der);
    creds = grpc.ServerCredentials.createSsl(
      Buffer.from(clientCertPem),
      [{ private_key: Buffer.from(c.keyPem), cert_chain: Buffer.from(c.certPem) }],
      true,
    );
  } else {
    creds = grpc.ServerCredentials.createInsecure();
  }

  const listen = network === "unix"
    ? (await bind(grpcServer, `unix:${path}`, creds), path)
    : await bindTcp(grpcServer, creds, ports.min, ports.max);

  if (debug) {
    const address = opts.providerAddress ?? "registry.terraform.io/foundry/provider";
    trySignal("SIGINT", () => void shutdown().then(() => exit(0)));
    trySignal("SIGTERM", () => void shutdown().then(() => exit(0)));
    writeOut(
      `Provider started in debug mode. To attach Terraform, set in your shell:\n\n` +
        `\tTF_REATTACH_PROVIDERS='${
          reattachValue(address, protocolVersion, Deno.pid, network, listen)
        }'\n\n` +
        `Stop the provider with Ctrl-C.\n`,
    );
  } else {
    // Terraform forwards Ctrl-C to the process group, then asks us to stop
    // through StopProvider: dying on SIGINT mid-apply would lose state.
    // Listeners go in before the line: Terraform may signal right after it.
    trySignal("SIGINT", () => log.debug("SIGINT ignored; waiting for Terraform"));
    trySignal("SIGTERM", () => void shutdown().then(() => exit(0)));
    writeOut(handshakeLine(protocolVersion, network, listen, cert));
  }
  return { address: listen, stop: shutdown };
}

function bind(server: grpc.Server, target: string, creds: grpc.ServerCredentials) {
  return new Promise<number>((resolve, reject) => {
    server.bindAsync(target, creds, (err, port) => (err ? reject(err) : resolve(port)));
  });
}

/** The first free port in `min..max`, as go-plugin does. */
async function bindTcp(
  server: grpc.Server,
  creds: grpc.ServerCredentials,
  min: number,
  max: number,
): Promise<string> {
  let last: unknown;
  for (let p = min; p <= max; p++) {
    try {
      await bind(server, `127.0.0.1:${p}`, creds);
      return `127.0.0.1:${p}`;
    } catch (e) {
      last = e;
    }
  }
  throw new FoundryError(
    "protocol.listen.no_port",
    `No free TCP port between ${min} and ${max} on 127.0.0.1`,
    { context: { min, max }, cause: last },
  );
}

function trySignal(sig: Deno.Signal, fn: () => void): void {
  try {
    Deno.addSignalListener(sig, fn);
  } catch {
    // Windows supports only a few signals; nothing to do there.
  }
}
