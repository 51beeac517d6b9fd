/**
 * Launching a go-plugin plugin and connecting to it, as go-plugin's client
 * (and so Terraform) does: the magic cookie and offered versions in the
 * environment, a fresh client certificate for AutoMTLS, the handshake line
 * read from stdout, gRPC over the unix socket or TCP address it names with
 * its certificate pinned, its stdio forwarded, and Shutdown through the
 * controller with a kill after a grace period.
 *
 * @module
 */

import { FoundryError } from "../../errors/mod.ts";
import {
  type GrpcCall,
  GrpcClient,
  type GrpcClientTls,
  GrpcError,
  GrpcStatus,
} from "../../grpc/mod.ts";
import { decodeMessage, encodeMessage } from "../../protobuf/mod.ts";
import { generateCertificate } from "../certificate.ts";
import { parseHandshakeLine, type PluginHandshake } from "./handshake_line.ts";
import { type BrokerTls, PluginBroker, type PluginBrokerOptions } from "./broker.ts";
import {
  HEALTH_SERVICE,
  HealthCheckRequest,
  HealthCheckResponse,
  PLUGIN_METHODS,
  StdioData,
} from "./services.ts";

/**
 * The cookie a host and its plugins agree on, so a plugin run by hand can
 * say it is not a program (go-plugin's `HandshakeConfig`).
 */
export interface MagicCookie {
  /** Environment variable name. */
  readonly key: string;
  /** Its value. */
  readonly value: string;
}

/** One line (or chunk) of a plugin's output. */
export interface PluginOutput {
  /** Which of the plugin's streams. */
  readonly stream: "stdout" | "stderr";
  /** `pipe`: the process's own pipe; `grpc`: go-plugin's GRPCStdio service. */
  readonly via: "pipe" | "grpc";
  /** The text, without its line ending. */
  readonly text: string;
}

/**
 * Options for {@link launchPlugin}.
 */
export interface LaunchPluginOptions {
  /** Program to run. */
  readonly command: string;
  /** Its arguments. */
  readonly args?: readonly string[];
  /** The magic cookie (Terraform's: {@link TERRAFORM_COOKIE}). */
  readonly cookie: MagicCookie;
  /** Application protocol versions offered, e.g. `[5, 6]`. */
  readonly versions: readonly number[];
  /** AutoMTLS (default true): a client certificate in `PLUGIN_CLIENT_CERT`, the plugin's pinned. */
  readonly autoMTLS?: boolean;
  /** Extra environment for the plugin (the host's own is passed through). */
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory. */
  readonly cwd?: string;
  /** Time allowed from exec to the handshake line (default 30 s). */
  readonly startTimeoutMs?: number;
  /** Receives the plugin's output, line by line (default: dropped). */
  readonly onOutput?: (output: PluginOutput) => void;
  /** The broker's network, timeout, bound and problem reports (see {@link PluginBroker}). */
  readonly broker?: Omit<PluginBrokerOptions, "tls">;
}

/**
 * go-plugin's Terraform cookie (`TF_PLUGIN_MAGIC_COOKIE`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { TERRAFORM_COOKIE } from "./mod.ts";
 * assert.equal(TERRAFORM_COOKIE.key, "TF_PLUGIN_MAGIC_COOKIE");
 * ```
 */
export const TERRAFORM_COOKIE: MagicCookie = {
  key: "TF_PLUGIN_MAGIC_COOKIE",
  value: "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
};

/** How a plugin process ended. */
export interface PluginExit {
  /** Exit code (128 + signal number when killed, as shells report it). */
  readonly code: number;
  /** The signal that killed it, if one did. */
  readonly signal: string | null;
}

/**
 * `TF_REATTACH_PROVIDERS`-style coordinates of a running plugin.
 */
export interface ReattachConfig {
  /** Always `grpc` here. */
  readonly protocol: "grpc";
  /** The negotiated application protocol version. */
  readonly protocolVersion: number;
  /** `unix` or `tcp`. */
  readonly network: "unix" | "tcp";
  /** Socket path or `host:port`. */
  readonly address: string;
  /** The plugin's process id (0 when unknown). */
  readonly pid: number;
}

/**
 * A connected plugin: make calls on {@link PluginClient.grpc} (raw bytes) or
 * {@link PluginClient.call} (protobuf tables), and end it with
 * {@link PluginClient.shutdown}. {@link PluginClient.exited} resolves when
 * the process ends, whoever ended it.
 *
 * @example Usage
 * ```ts
 * import type { PluginClient } from "./mod.ts";
 * async function stop(p: PluginClient): Promise<number> {
 *   return (await p.shutdown()).code;
 * }
 * ```
 */
export class PluginClient {
  /** The gRPC connection to the plugin. */
  readonly grpc: GrpcClient;
  /** What the plugin's handshake line said. */
  readonly handshake: PluginHandshake;
  /** The process id, or 0 for a reattached plugin we did not start. */
  readonly pid: number;
  /** Resolves when the process ends (never, for a reattached plugin we did not start). */
  readonly exited: Promise<PluginExit>;
  /**
   * go-plugin's GRPCBroker: serve a service under a fresh id for the plugin
   * to dial (call back into this host), or dial one the plugin announced.
   */
  readonly broker: PluginBroker;
  readonly #brokerCall: GrpcCall;
  readonly #child: Deno.ChildProcess | undefined;
  #shutdown: Promise<PluginExit> | undefined;

  /** @internal Made by {@link launchPlugin} and {@link reattachPlugin}. */
  constructor(
    grpc: GrpcClient,
    handshake: PluginHandshake,
    child: Deno.ChildProcess | undefined,
    exited: Promise<PluginExit>,
    pid: number,
    broker: { broker: PluginBroker; call: GrpcCall },
  ) {
    this.broker = broker.broker;
    this.#brokerCall = broker.call;
    this.grpc = grpc;
    this.handshake = handshake;
    this.#child = child;
    this.exited = exited;
    this.pid = pid;
  }

  /** Where the plugin is, for a host that wants to reattach later. */
  get reattachConfig(): ReattachConfig {
    return {
      protocol: "grpc",
      protocolVersion: this.handshake.protocolVersion,
      network: this.handshake.network,
      address: this.handshake.address,
      pid: this.pid,
    };
  }

  /** Calls a unary method with messages described by protobuf tables. */
  async call(
    path: string,
    request: { spec: Parameters<typeof encodeMessage>[0]; value: Record<string, unknown> },
    response: Parameters<typeof decodeMessage>[0],
    opts: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<Record<string, unknown>> {
    const bytes = await this.grpc.unary(path, encodeMessage(request.spec, request.value), opts);
    return decodeMessage(response, bytes);
  }

  /** gRPC health: true when the plugin reports SERVING for go-plugin's `plugin` service. */
  async healthy(timeoutMs = 5000): Promise<boolean> {
    try {
      const answer = await this.call(
        PLUGIN_METHODS.health,
        { spec: HealthCheckRequest, value: { service: HEALTH_SERVICE } },
        HealthCheckResponse,
        { timeoutMs },
      );
      return answer.status === 1;
    } catch {
      return false;
    }
  }

  /**
   * Asks the plugin to exit (GRPCController.Shutdown), waits up to
   * `graceMs` for it to, then kills it. Resolves with how it ended.
   */
  shutdown(graceMs = 2000): Promise<PluginExit> {
    this.#shutdown ??= (async () => {
      await this.grpc.unary(PLUGIN_METHODS.shutdown, new Uint8Array(0), { timeoutMs: graceMs })
        .catch(() => {
          // An old plugin without the controller, or one already gone: kill it below.
        });
      await this.broker.close();
      this.#brokerCall.cancel("the host shut the plugin down");
      await this.grpc.close(100);
      if (this.#child === undefined) return { code: 0, signal: null };
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), graceMs)));
      const ended = await Promise.race([this.exited, late]);
      clearTimeout(timer);
      if (ended !== undefined) return ended;
      this.kill();
      return await this.exited;
    })();
    return this.#shutdown;
  }

  /** Kills the process (SIGKILL) without asking. */
  kill(): void {
    try {
      this.#child?.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
}

/**
 * Starts a plugin and connects to it. Fails with a `FoundryError` coded
 * `plugin.host.start` (the program cannot run, exits early, or prints no
 * handshake line in time; its stderr is quoted), `plugin.host.handshake`
 * (the line is wrong) or `grpc.client.connect`.
 *
 * @example Launching a Foundry provider as Terraform would
 * ```ts ignore
 * import { launchPlugin, TERRAFORM_COOKIE } from "./mod.ts";
 * const plugin = await launchPlugin({
 *   command: "./terraform-provider-example",
 *   cookie: TERRAFORM_COOKIE,
 *   versions: [5, 6],
 * });
 * console.log(plugin.handshake.protocolVersion, await plugin.healthy());
 * await plugin.shutdown();
 * ```
 */
export async function launchPlugin(opts: LaunchPluginOptions): Promise<PluginClient> {
  const autoMTLS = opts.autoMTLS ?? true;
  const clientCert = autoMTLS ? generateCertificate() : undefined;
  const env: Record<string, string> = {
    ...opts.env,
    [opts.cookie.key]: opts.cookie.value,
    PLUGIN_PROTOCOL_VERSIONS: opts.versions.join(","),
    PLUGIN_MIN_PORT: "10000",
    PLUGIN_MAX_PORT: "25000",
  };
  if (clientCert !== undefined) env.PLUGIN_CLIENT_CERT = clientCert.certPem;
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(opts.command, {
      args: [...(opts.args ?? [])],
      env,
      cwd: opts.cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (e) {
    throw new FoundryError(
      "plugin.host.start",
      `Cannot run the plugin ${opts.command}: ${e instanceof Error ? e.message : e}`,
      { context: { command: opts.command }, cause: e },
    );
  }
  const output = opts.onOutput ?? (() => {});
  const stderrTail: string[] = [];
  const stderrDone = forwardLines(child.stderr, (text) => {
    stderrTail.push(text);
    if (stderrTail.length > 20) stderrTail.shift();
    output({ stream: "stderr", via: "pipe", text });
  });
  const exited: Promise<PluginExit> = child.status.then((s) => ({
    code: s.code,
    signal: s.signal ?? null,
  }));
  let firstLine: (line: string) => void = () => {};
  const lineSeen = new Promise<string>((r) => (firstLine = r));
  let sawLine = false;
  const stdoutDone = forwardLines(child.stdout, (text) => {
    if (!sawLine) {
      sawLine = true;
      return firstLine(text);
    }
    output({ stream: "stdout", via: "pipe", text });
  });
  const timeoutMs = opts.startTimeoutMs ?? 30_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const outcome = await Promise.race([
    lineSeen.then((line) => ({ kind: "line" as const, line })),
    exited.then(async (e) => {
      await Promise.all([stderrDone, stdoutDone]);
      return { kind: "exit" as const, exit: e };
    }),
    new Promise<{ kind: "timeout" }>((r) =>
      timer = setTimeout(() => r({ kind: "timeout" }), timeoutMs)
    ),
  ]);
  clearTimeout(timer);
  const stderrText = () =>
    stderrTail.length === 0 ? "" : `; its stderr ends:\n${stderrTail.join("\n")}`;
  if (outcome.kind !== "line") {
    if (outcome.kind === "timeout") {
      try {
        child.kill("SIGKILL");
      } catch {
        // gone meanwhile
      }
    }
    const why = outcome.kind === "timeout"
      ? `printed no handshake line within ${timeoutMs} ms`
      : `exited with code ${outcome.exit.code} before its handshake line`;
    throw new FoundryError(
      "plugin.host.start",
      `The plugin ${opts.command} ${why}${stderrText()}`,
      {
        context: { command: opts.command },
      },
    );
  }
  let handshake: PluginHandshake;
  let grpc: GrpcClient;
  try {
    handshake = parseHandshakeLine(outcome.line, opts.versions);
    if (autoMTLS && handshake.serverCertDer === undefined) {
      throw new FoundryError(
        "plugin.host.handshake",
        `The plugin ${opts.command} was given a client certificate but answered without one: ` +
          `it does not speak AutoMTLS. Launch it with autoMTLS: false.`,
      );
    }
    const tls: GrpcClientTls | undefined = clientCert && handshake.serverCertDer
      ? {
        certPem: clientCert.certPem,
        keyPem: clientCert.keyPem,
        serverCaPem: derToPem(handshake.serverCertDer),
      }
      : undefined;
    grpc = await GrpcClient.connect(targetOf(handshake), { tls });
  } catch (e) {
    try {
      child.kill("SIGKILL");
    } catch {
      // gone meanwhile
    }
    throw e;
  }
  followStdio(grpc, output);
  const brokerTls = clientCert && handshake.serverCertDer
    ? {
      certPem: clientCert.certPem,
      keyPem: clientCert.keyPem,
      peerCertPem: derToPem(handshake.serverCertDer),
    }
    : undefined;
  const broker = openBroker(grpc, brokerTls, opts.broker);
  return new PluginClient(grpc, handshake, child, exited, child.pid, broker);
}

/**
 * Connects to a plugin that is already running (Terraform's
 * `TF_REATTACH_PROVIDERS`): cleartext, as go-plugin's reattach is.
 *
 * @example Usage
 * ```ts ignore
 * import { reattachPlugin } from "./mod.ts";
 * const p = await reattachPlugin({
 *   protocol: "grpc", protocolVersion: 6, network: "unix", address: "/tmp/plugin1", pid: 0,
 * });
 * ```
 */
export async function reattachPlugin(
  config: ReattachConfig,
  opts: {
    onOutput?: (output: PluginOutput) => void;
    broker?: Omit<PluginBrokerOptions, "tls">;
  } = {},
): Promise<PluginClient> {
  const handshake: PluginHandshake = {
    protocolVersion: config.protocolVersion,
    network: config.network,
    address: config.address,
  };
  const grpc = await GrpcClient.connect(targetOf(handshake));
  followStdio(grpc, opts.onOutput ?? (() => {}));
  // A process we did not start cannot be waited for: it "ends" with the connection.
  const exited = grpc.closed.then(() => ({ code: 0, signal: null }));
  const broker = openBroker(grpc, undefined, opts.broker);
  return new PluginClient(grpc, handshake, undefined, exited, config.pid, broker);
}

function targetOf(h: PluginHandshake): { path: string } | { host: string; port: number } {
  if (h.network === "unix") return { path: h.address };
  const at = h.address.lastIndexOf(":");
  return { host: h.address.slice(0, at), port: Number(h.address.slice(at + 1)) };
}

/**
 * Opens the broker stream at once, as go-plugin's host does: a plugin can
 * only announce a service on a stream its host opened.
 */
function openBroker(
  grpc: GrpcClient,
  tls: BrokerTls | undefined,
  opts: Omit<PluginBrokerOptions, "tls"> = {},
): { broker: PluginBroker; call: GrpcCall } {
  const call = grpc.call(PLUGIN_METHODS.broker);
  const broker = new PluginBroker({ send: (m) => call.send(m) }, { ...opts, tls });
  void (async () => {
    try {
      for await (const m of call) broker.receive(m);
      broker.disconnect("the plugin ended the broker stream");
    } catch (e) {
      const status = e instanceof GrpcError ? e.status : undefined;
      broker.disconnect(
        status === GrpcStatus.UNIMPLEMENTED
          ? "the plugin serves no plugin.GRPCBroker"
          : e instanceof Error
          ? e.message
          : String(e),
      );
    }
  })();
  return { broker, call };
}

/** go-plugin's GRPCStdio: the plugin's stdout/stderr as a stream, when it serves one. */
function followStdio(grpc: GrpcClient, output: (o: PluginOutput) => void): void {
  const call = grpc.serverStream(PLUGIN_METHODS.stdio, new Uint8Array(0));
  const decoder = new TextDecoder();
  const partial = { stdout: "", stderr: "" };
  void (async () => {
    try {
      for await (const bytes of call) {
        const m = decodeMessage(StdioData, bytes);
        const stream = m.channel === 2 ? "stderr" : "stdout";
        const text = partial[stream] + decoder.decode(m.data as Uint8Array);
        const lines = text.split("\n");
        partial[stream] = lines.pop() ?? "";
        for (const line of lines) output({ stream, via: "grpc", text: line.replace(/\r$/, "") });
      }
    } catch {
      // UNIMPLEMENTED (an older go-plugin) or the plugin went away: nothing to forward.
    }
  })();
}

async function forwardLines(
  stream: ReadableStream<Uint8Array>,
  each: (line: string) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  let rest = "";
  try {
    for await (const chunk of stream) {
      rest += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = rest.indexOf("\n")) >= 0) {
        each(rest.slice(0, nl).replace(/\r$/, ""));
        rest = rest.slice(nl + 1);
      }
    }
  } catch {
    // the pipe broke with the process
  }
  if (rest !== "") each(rest);
}

function derToPem(der: Uint8Array): string {
  let bin = "";
  for (const b of der) bin += String.fromCharCode(b);
  const lines = btoa(bin).match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}
