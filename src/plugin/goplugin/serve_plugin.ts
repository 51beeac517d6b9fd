/**
 * Serving any gRPC service as a go-plugin plugin, for any host (a Go host
 * built on hashicorp/go-plugin, or {@link launchPlugin}): the magic cookie,
 * version negotiation among the versions served, AutoMTLS, a unix socket or
 * TCP port, the handshake line, and go-plugin's own services beside the
 * plugin's (controller Shutdown, GRPCStdio, health). `serveProvider` is the
 * Terraform-specific sibling.
 *
 * @module
 */

import { generateCertificate } from "../certificate.ts";
import { base64NoPad } from "../certificate.ts";
import { type GrpcMethod, GrpcServer, type GrpcTls, listenFirstFreePort } from "../../grpc/mod.ts";
import { handshakeLine, socketPath } from "../handshake.ts";
import type { MagicCookie } from "./launch.ts";
import { PLUGIN_METHODS } from "./services.ts";
import { captureOutput, StdioForwarder } from "../stdio_forward.ts";
import type { FoundryError } from "../../errors/mod.ts";
import { type BrokerLink, PluginBroker, type PluginBrokerOptions } from "./broker.ts";

/** Options for {@link servePlugin}. */
export interface ServePluginOptions {
  /** The cookie the host sets; without it the program says it is a plugin and exits 1. */
  readonly cookie: MagicCookie;
  /** Methods by full path, per application protocol version served. */
  readonly versions: Readonly<Record<number, ReadonlyMap<string, GrpcMethod>>>;
  /** `tcp` listens on 127.0.0.1 (default: `unix`, except on Windows). */
  readonly network?: "unix" | "tcp";
  /** Environment (default: the process's). */
  readonly env?: (name: string) => string | undefined;
  /** Where the handshake line and refusals go (default: stdout and stderr). */
  readonly stdout?: (text: string) => void;
  /** Called instead of `Deno.exit` (tests). */
  readonly exit?: (code: number) => void;
  /**
   * Send what the plugin prints on stdout after the handshake
   * (`console.log`, `Deno.stdout`) to the host over GRPCStdio, as
   * `serveProvider` does. Default: on when no `env` or `stdout` is given
   * (a real launch).
   */
  readonly forwardOutput?: boolean;
  /**
   * The broker's timeout, bound and problem reports (default: 5 s, 32
   * unclaimed announcements, problems as one stderr line each).
   */
  readonly broker?: Pick<PluginBrokerOptions, "timeoutMs" | "maxPending" | "onProblem">;
}

/** A plugin being served. */
export interface ServedPlugin {
  /** Socket path or `host:port`. */
  readonly address: string;
  /** The version negotiated with the host. */
  readonly protocolVersion: number;
  /**
   * Sends output to the host: over GRPCStdio to hosts that stream it, else
   * on the process's stderr (which every go-plugin host reads; its stdout
   * pipe is not read after the handshake).
   */
  output(stream: "stdout" | "stderr", text: string): void;
  /**
   * go-plugin's GRPCBroker, for services beyond the plugin's own: dial an
   * id the host handed over to call back into the host, or serve one for
   * the host to dial. It talks over the broker stream the host opens.
   */
  readonly broker: PluginBroker;
  /** Stops serving (the host sees the connection close). */
  stop(): Promise<void>;
}

const SERVING = new Uint8Array([0x08, 0x01]);
const EMPTY = new Uint8Array(0);

/**
 * Serves a plugin. Returns once the handshake line is printed; the process
 * exits when the host calls the controller's Shutdown.
 *
 * @example A key/value plugin for a host whose cookie is KV_PLUGIN=hello
 * ```ts
 * import { servePlugin } from "./mod.ts";
 * const store = new Map<string, Uint8Array>();
 * if (import.meta.main) {
 *   await servePlugin({
 *     cookie: { key: "KV_PLUGIN", value: "hello" },
 *     versions: {
 *       1: new Map([
 *         ["/proto.KV/Get", { kind: "unary", handle: (req) => Promise.resolve(store.get(String(req)) ?? new Uint8Array()) }],
 *       ]),
 *     },
 *   });
 * }
 * ```
 */
export async function servePlugin(opts: ServePluginOptions): Promise<ServedPlugin> {
  const env = opts.env ?? ((k: string) => Deno.env.get(k));
  const exit = opts.exit ?? ((code: number) => Deno.exit(code));
  const writeOut = opts.stdout ??
    ((t: string) => void Deno.stdout.writeSync(new TextEncoder().encode(t)));
  const served = Object.keys(opts.versions).map(Number).sort((a, b) => b - a);
  const refuse = (message: string): never => {
    Deno.stderr.writeSync(new TextEncoder().encode(message));
    exit(1);
    throw new Error(message);
  };
  if (env(opts.cookie.key) !== opts.cookie.value) {
    refuse(
      "This binary is a plugin. These are not meant to be executed directly. " +
        "Please execute the program that consumes these plugins, which will load any " +
        "plugins automatically.\n",
    );
  }
  const offered = (env("PLUGIN_PROTOCOL_VERSIONS") ?? "").split(",").map((v) => Number(v.trim()))
    .filter((v) => Number.isInteger(v) && v > 0);
  const common = offered.length === 0 ? served : served.filter((v) => offered.includes(v));
  if (common.length === 0) {
    refuse(
      `The host offered plugin protocol versions ${offered.join(", ")}; ` +
        `this plugin serves ${served.join(", ")}.\n`,
    );
  }
  const protocolVersion = common[0];
  const methods = new Map<string, GrpcMethod>(opts.versions[protocolVersion]);
  const stdio = new StdioForwarder();
  let path = "";
  methods.set(PLUGIN_METHODS.health, { kind: "unary", handle: () => Promise.resolve(SERVING) });
  methods.set(PLUGIN_METHODS.stdio, {
    kind: "stream",
    open: (_request, stream) => stdio.open(stream),
  });
  let tls: GrpcTls | undefined;
  let cert = "";
  const clientCert = env("PLUGIN_CLIENT_CERT");
  const network = opts.network ?? (Deno.build.os === "windows" ? "tcp" : "unix");
  const socketDir = env("PLUGIN_UNIX_SOCKET_DIR") || env("TMPDIR") || "/tmp";
  const encoder = new TextEncoder();
  let brokerTls: PluginBrokerOptions["tls"];
  if (clientCert !== undefined && clientCert !== "") {
    const c = generateCertificate();
    cert = base64NoPad(c.der);
    tls = { certPem: c.certPem, keyPem: c.keyPem, clientCaPem: clientCert };
    brokerTls = { certPem: c.certPem, keyPem: c.keyPem, peerCertPem: clientCert };
  }
  const broker = new PluginBroker(undefined, {
    tls: brokerTls,
    network,
    socketDir,
    timeoutMs: opts.broker?.timeoutMs,
    maxPending: opts.broker?.maxPending,
    onProblem: opts.broker?.onProblem ??
      ((p: FoundryError) => void Deno.stderr.writeSync(encoder.encode(`[broker] ${p.message}\n`))),
  });
  // go-plugin hosts open the broker stream at once and keep it for the
  // plugin's life; announcements go both ways on it.
  methods.set(PLUGIN_METHODS.broker, {
    kind: "bidi",
    maxMessageBytes: 64 * 1024,
    open: (stream) => {
      const link: BrokerLink = {
        send: (m) => {
          if (stream.closed) throw new Error("the host's broker stream is closed");
          stream.write(m);
        },
      };
      broker.connect(link);
      return {
        message: (m) => broker.receive(m),
        end: (error) =>
          broker.disconnect(error?.message ?? "the host ended the broker stream", link),
      };
    },
  });
  methods.set(PLUGIN_METHODS.shutdown, {
    kind: "unary",
    handle: () => Promise.resolve(EMPTY),
    finished: () => {
      if (path !== "") {
        try {
          Deno.removeSync(path);
        } catch {
          // already gone
        }
      }
      broker.removeSocketsSync();
      exit(0);
    },
  });
  const server = new GrpcServer(methods, { tls });
  const stop = async () => {
    stdio.endAll();
    await broker.close();
    await server.close();
    if (path !== "") await Deno.remove(path).catch(() => {});
  };
  let address: string;
  if (network === "unix") {
    path = socketPath(socketDir);
    address = await server.listen({ path });
  } else {
    const min = Number(env("PLUGIN_MIN_PORT") || 10000);
    const max = Number(env("PLUGIN_MAX_PORT") || 25000);
    address = await listenFirstFreePort(server, min, max);
  }
  writeOut(handshakeLine(protocolVersion, network, address, cert));
  if (opts.forwardOutput ?? (opts.env === undefined && opts.stdout === undefined)) {
    captureOutput(stdio);
  }
  return {
    address,
    protocolVersion,
    broker,
    output(stream, text) {
      stdio.write(stream === "stdout" ? 1 : 2, encoder.encode(text));
    },
    stop,
  };
}
