/**
 * `serveProvider`: runs a {@link ProviderServer} the way Terraform expects a
 * plugin to run — handshake, AutoMTLS, gRPC over a unix socket, the
 * controller's Shutdown, stdio and health services, and signals — or, with
 * `debug`, standalone with a `TF_REATTACH_PROVIDERS` line to paste.
 *
 * @module
 */

import { isFoundryError } from "../errors/mod.ts";
import { createLogger, levelFromEnv, type Logger } from "../logging/mod.ts";
import type { Certificate } from "./certificate_der.ts";
import { base64NoPad } from "./certificate_der.ts";
import { makeLaunchCertificate } from "./launch_certificate.ts";
import { handleRpc } from "./dispatch.ts";
import type { GrpcConnectionLimits, GrpcMethod, GrpcServer, GrpcTls } from "../grpc/serving.ts";
import { whenParentGone } from "./parent_watch.ts";
import { captureOutput, StdioForwarder } from "./stdio_forward.ts";
import {
  awaitWarmLaunch,
  inWarmInstance,
  launchAwaits,
  launchAwaitsSignal,
  type WarmLaunch,
} from "./warm_instance.ts";
import { HANDSHAKE_EVENT } from "./warm_protocol.ts";
import { traceWarm, warmTraceEnabled } from "./warm_trace.ts";
import {
  fitsUnixSocket,
  handshakeLine,
  negotiateHandshake,
  reattachValue,
  socketPath,
} from "./handshake.ts";
import { lazyRpcContext, type ProviderServer } from "./provider_server.ts";
import { PROVIDER_V6, type RpcSpec } from "./tfplugin6.ts";

/**
 * Options for {@link serveProvider}.
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
  /** Connection limits (timeouts, connection cap); the defaults suit Terraform. */
  limits?: GrpcConnectionLimits;
  /**
   * Send what the provider prints on stdout after the handshake
   * (`console.log`, `Deno.stdout`) to Terraform over go-plugin's GRPCStdio
   * (see `stdio_forward.ts`); stderr stays on the pipe. Default: on when the process is a real
   * launch (no `env` or `stdout` given), off in debug mode.
   */
  forwardOutput?: boolean;
}

const EMPTY = new Uint8Array(0);
const SERVING = new Uint8Array([0x08, 0x01]); // HealthCheckResponse{status: SERVING}

/**
 * Serves `server` until Terraform shuts it down. Resolves once the server
 * is listening; the process exits on Shutdown or SIGTERM.
 *
 * @example Usage
 * ```ts
 * import { serveProvider } from "./mod.ts";
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
  // Start-up is on Terraform's critical path 3-4 times per command: the gRPC
  // server and its TLS load after the handshake line when the socket can be
  // bound without them (below). No crypto warm-up runs any more: node:tls's
  // first handshake needed WebCrypto's one-time key-generation set-up
  // (~33 ms of CPU, once run on a worker thread), and the server's own TLS
  // never generates a key (it imports random scalars), so the warm-up was
  // pure cost (bench/README.md, "The gRPC server's TLS 1.3").
  let loading: Promise<typeof import("../grpc/serving.ts")> | undefined;
  const loadServer = () => loading ??= import("../grpc/serving.ts");
  // In a warm daemon's instance, everything that does not depend on the
  // launch is done before it arrives (see warm_daemon.ts).
  let warm: WarmLaunch | undefined;
  let preparedCert: Certificate | undefined;
  const prepareForLaunch = async () => {
    preparedCert = await makeLaunchCertificate();
    const { GrpcServer, rehearseRecordCrypto } = await loadServer();
    if (launchAwaits()) return traceWarm("instance", "preparation cut short: a launch waits");
    // Pays the isolate's first-use costs of serving (TLS server, listen, a
    // TLS handshake, HTTP/2) on a throwaway server, not on the launch's.
    // (Its throwaway certificates are WebCrypto ones too: certificate.ts
    // would bring node:crypto into the launch bundle's first line.)
    const { rehearseServing } = await import("./serving_rehearsal.ts");
    await rehearseServing(
      { GrpcServer, makeCertificate: makeLaunchCertificate },
      undefined,
      launchAwaitsSignal(),
    );
    if (launchAwaits()) return traceWarm("instance", "preparation cut short: a launch waits");
    // The record crypto too: a 100-resource plan's first ~50 records would
    // otherwise run in V8's baseline code (bench/README.md).
    if (!rehearseRecordCrypto(launchAwaits)) {
      return traceWarm("instance", "preparation cut short: a launch waits");
    }
    traceWarm("instance", "record crypto rehearsed");
    // The launch's first call is GetProviderSchema: answer it once here, so
    // the schema is converted (the engine keeps it) and the encoder has run
    // before Terraform waits on it. Its bytes are dropped; any failure shows
    // again in the launch's own call.
    const schema = PROVIDER_V6.find((r) => r.method === "GetProviderSchema");
    if (schema !== undefined) {
      await handleRpc(schema, server, EMPTY, {
        signal: new AbortController().signal,
      }, createLogger({ level: "off" })).catch(() => {});
    }
  };
  if (opts.env === undefined && opts.debug !== true && inWarmInstance()) {
    // A launch that already waits for this instance (the daemon's pool ran
    // dry, or it took the instance while it was starting) is served as a
    // cold launch is, line first: the preparation below would only delay it.
    if (launchAwaits()) traceWarm("instance", "preparation skipped: a launch waits");
    else await prepareForLaunch();
    warm = await awaitWarmLaunch();
  }
  const env = warm?.env ?? opts.env ?? ((k: string) => Deno.env.get(k));
  const exit = warm?.exit ?? opts.exit ?? ((code: number) => Deno.exit(code));
  const writeOut = warm?.line ?? opts.stdout ??
    ((t: string) => void Deno.stdout.writeSync(new TextEncoder().encode(t)));
  const trace = warm !== undefined && warmTraceEnabled();
  const envLevel = levelFromEnv(env, { provider: true, default: "info" });
  const log = opts.log ?? createLogger({ name: "foundry.protocol", level: envLevel.level });
  const debug = opts.debug === true;

  let protocolVersion = 6;
  let clientCertPem: string | undefined;
  let socketDir = env("TMPDIR") || "/tmp";
  let ports = { min: 10000, max: 25000 };
  if (!debug) {
    const decision = negotiateHandshake(env, opts.protocolVersions ?? [6, 5]);
    if (!decision.ok) {
      Deno.stderr.writeSync(new TextEncoder().encode(decision.message));
      exit(decision.exitCode);
      throw new Error(decision.message); // only reached when exit is replaced
    }
    protocolVersion = decision.protocolVersion;
    clientCertPem = decision.clientCertPem;
    socketDir = decision.socketDir;
    ports = { min: decision.minPort, max: decision.maxPort };
  }
  let network = opts.network ?? (Deno.build.os === "windows" ? "tcp" : "unix");
  let path = network === "unix" ? socketPath(socketDir) : "";
  if (network === "unix" && opts.network === undefined && !fitsUnixSocket(path)) {
    // A TMPDIR too deep for a unix socket (go-plugin's own plugins fail to
    // start there): loopback TCP, as on Windows, with the same pinning.
    log.debug("the socket path is too long for a unix socket; serving on loopback TCP", { path });
    network = "tcp";
    path = "";
  }
  // Terraform 0.12-0.15 speak only v5: its tables (and their adapter) load
  // only for them, off every newer Terraform's start-up path.
  const rpcs: readonly RpcSpec[] = protocolVersion === 5
    ? (await import("./tfplugin5.ts")).PROVIDER_V5
    : PROVIDER_V6;

  let stop = new AbortController();
  const methods = new Map<string, GrpcMethod>();
  const service = `/tfplugin${protocolVersion}.Provider/`;
  for (const spec of rpcs) {
    methods.set(service + (spec.serviceMethod ?? spec.method), {
      kind: "unary",
      handle: (request, callSignal) => {
        // Aborted by StopProvider, shutdown, or the client resetting this call.
        const ctx = lazyRpcContext(stop.signal, callSignal);
        if (spec.method === "StopProvider") {
          // Abort in-flight author calls; later calls get a fresh signal.
          stop.abort(new Error("Terraform asked the provider to stop"));
          stop = new AbortController();
        }
        if (trace) traceWarm("instance", `rpc ${spec.method} start`);
        const call = handleRpc(spec, server, request, ctx, log);
        if (trace) {
          const end = () => traceWarm("instance", `rpc ${spec.method} end`);
          void call.then(end, end);
        }
        return call.catch(async (e) => {
          // Loaded by now: this runs only once the server is listening.
          const { GrpcError, GrpcStatus } = await loadServer();
          throw new GrpcError(
            isFoundryError(e, "protocol.rpc.unimplemented")
              ? GrpcStatus.UNIMPLEMENTED
              : GrpcStatus.INTERNAL,
            e instanceof Error ? e.message : String(e),
          );
        });
      },
    });
  }
  // What author code prints after the handshake reaches Terraform here.
  const stdio = new StdioForwarder();
  methods.set("/plugin.GRPCStdio/StreamStdio", {
    kind: "stream",
    open: (_request, stream) => stdio.open(stream),
  });
  methods.set("/grpc.health.v1.Health/Check", {
    kind: "unary",
    handle: () => Promise.resolve(SERVING),
  });

  let grpcServer: GrpcServer | undefined = undefined;
  const removeSocket = () => {
    try {
      if (path !== "") Deno.removeSync(path);
    } catch {
      // already gone
    }
  };
  let stopping: Promise<void> | undefined;
  // The parent watch holds the process open while it runs: stopped with the server.
  let stopWatch = () => {};
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      stopWatch();
      stop.abort(new Error("the provider is shutting down"));
      stdio.endAll();
      await grpcServer?.close();
      removeSocket();
    })();
    return stopping;
  };

  methods.set("/plugin.GRPCController/Shutdown", {
    kind: "unary",
    handle: () => {
      log.debug("shutdown requested by Terraform");
      if (trace) traceWarm("instance", "rpc Shutdown");
      stop.abort(new Error("the provider is shutting down"));
      return Promise.resolve(EMPTY);
    },
    // Terraform starts a provider 3-4 times per command, so this exit is on
    // its critical path: once the answer is written to the socket, remove
    // the socket file and exit without waiting for Terraform to hang up
    // (go-plugin only waits for the process to end; the kernel still
    // delivers what was written).
    finished: () => {
      stop.abort(new Error("the provider is shutting down"));
      removeSocket();
      exit(0);
    },
  });

  let cert = "";
  let tls: GrpcTls | undefined;
  if (clientCertPem !== undefined) {
    const c: Certificate = preparedCert ?? await makeLaunchCertificate();
    cert = base64NoPad(c.der);
    tls = { certPem: c.certPem, keyPem: c.keyPem, clientCaPem: clientCertPem };
  }
  const startServer = async () => {
    const { GrpcServer } = await loadServer();
    grpcServer = new GrpcServer(methods, {
      tls,
      limits: opts.limits,
      onConnectionError: (e) => log.debug("connection refused or broken", { error: e.message }),
      onConnection: trace
        ? () => traceWarm("instance", "connection accepted (TLS done)")
        : undefined,
    });
    if (trace) traceWarm("instance", "TLS context made");
    return grpcServer;
  };

  // A cold launch on a unix socket binds it with Deno's own API and prints
  // its line before the gRPC server and its TLS load (once ~20 ms of a
  // ~60 ms start): Terraform's connection waits in the socket's backlog
  // until the server adopts the listener (go-plugin dials once it has read
  // the line, then waits on the TLS handshake). A warm instance has loaded
  // everything already and listens as before; TCP picks a free port with
  // the server's own listen.
  let listen: string;
  let serving: Promise<void> | undefined;
  if (network === "unix" && warm === undefined) {
    const listener = Deno.listen({ transport: "unix", path });
    listen = path;
    serving = startServer().then((server) => server.adopt(listener));
  } else {
    const server = await startServer();
    listen = network === "unix"
      ? await server.listen({ path })
      : await (await loadServer()).listenFirstFreePort(server, ports.min, ports.max);
    if (trace) traceWarm("instance", "listening");
  }

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
    if (warm !== undefined) {
      // The launch entry ignores SIGINT and passes SIGTERM on.
      warm.onTerminate(() => void shutdown().then(() => exit(0)));
    } else {
      trySignal("SIGINT", () => log.debug("SIGINT ignored; waiting for Terraform"));
      trySignal("SIGTERM", () => void shutdown().then(() => exit(0)));
    }
    writeOut(handshakeLine(protocolVersion, network, listen, cert));
    if (trace) traceWarm("instance", "handshake line sent");
    if (opts.forwardOutput ?? (opts.env === undefined && opts.stdout === undefined)) {
      captureOutput(stdio);
    }
    // A cold launch through the warm entry starts its daemon now.
    if (warm === undefined) globalThis.dispatchEvent(new Event(HANDSHAKE_EVENT));
    // Terraform killed outright never sends Shutdown: leave when it is gone
    // rather than linger (go-plugin's own plugins do). A warm instance's
    // entry and daemon watch for it instead; tests that replace exit, too.
    if (warm === undefined && opts.exit === undefined) {
      stopWatch = whenParentGone(() => void shutdown().then(() => exit(0)));
    }
  }
  // Any failure to serve after the line (a certificate or key the TLS
  // server cannot use, say) still fails the launch, as it did before the line.
  await serving;
  return { address: listen, stop: shutdown };
}

function trySignal(sig: Deno.Signal, fn: () => void): void {
  try {
    Deno.addSignalListener(sig, fn);
  } catch {
    // Windows supports only a few signals; nothing to do there.
  }
}
