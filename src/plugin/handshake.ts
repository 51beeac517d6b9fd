/**
 * go-plugin's start-up handshake as Terraform runs it: the magic cookie that
 * says "Terraform started me", protocol version negotiation, where to listen,
 * and the one line printed on stdout.
 *
 * @module
 */

/**
 * The cookie Terraform sets for every provider it starts.
 */
export const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
/**
 * Its value (fixed for all Terraform providers).
 */
export const MAGIC_COOKIE_VALUE =
  "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

/**
 * What a provider is told to print when a person runs it by hand.
 */
export const NOT_A_PROGRAM_MESSAGE: string =
  "This binary is a plugin. These are not meant to be executed " +
  "directly. Please execute the program that consumes these plugins, which will load any " +
  "plugins automatically.\n" +
  "(A Foundry provider: run it through terraform, or with --debug to attach a debugger.)\n";

/**
 * Reads environment variables (a function so tests can pass a plain map).
 */
export type EnvReader = (name: string) => string | undefined;

/**
 * The outcome of reading the handshake environment.
 */
export type HandshakeDecision =
  | {
    readonly ok: true;
    /** Negotiated application protocol version. */
    readonly protocolVersion: number;
    /** PEM of Terraform's client certificate, when AutoMTLS is on. */
    readonly clientCertPem?: string;
    /** Directory for the unix socket. */
    readonly socketDir: string;
    /** TCP port range (`PLUGIN_MIN_PORT`..`PLUGIN_MAX_PORT`), used where unix sockets are not. */
    readonly minPort: number;
    /** Upper end of the TCP port range. */
    readonly maxPort: number;
  }
  | { readonly ok: false; readonly exitCode: number; readonly message: string };

/**
 * Reads the environment Terraform sets and decides how to serve, without
 * side effects.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, negotiateHandshake } from "./mod.ts";
 * const env: Record<string, string> = {
 *   [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
 *   PLUGIN_PROTOCOL_VERSIONS: "5,6",
 * };
 * const decision = negotiateHandshake((k) => env[k], [6]);
 * assert.ok(decision.ok);
 * assert.equal(decision.protocolVersion, 6);
 * ```
 */
export function negotiateHandshake(env: EnvReader, served: readonly number[]): HandshakeDecision {
  if (env(MAGIC_COOKIE_KEY) !== MAGIC_COOKIE_VALUE) {
    return { ok: false, exitCode: 1, message: NOT_A_PROGRAM_MESSAGE };
  }
  const offered = (env("PLUGIN_PROTOCOL_VERSIONS") ?? "")
    .split(",")
    .map((v) => Number(v.trim()))
    .filter((v) => Number.isInteger(v) && v > 0);
  const candidates = offered.length === 0 ? served : served.filter((v) => offered.includes(v));
  if (candidates.length === 0) {
    return {
      ok: false,
      exitCode: 1,
      message: `Terraform offered plugin protocol versions ${offered.join(", ")}, ` +
        `but this provider serves ${served.join(", ")}. Use a newer Terraform.\n`,
    };
  }
  const protocolVersion = Math.max(...candidates);
  const tlsOff = (env("TF_DISABLE_PLUGIN_TLS") ?? "") !== "";
  const cert = env("PLUGIN_CLIENT_CERT");
  const socketDir = env("PLUGIN_UNIX_SOCKET_DIR") || env("TMPDIR") || "/tmp";
  const minPort = port(env("PLUGIN_MIN_PORT"), 10000);
  const maxPort = Math.max(minPort, port(env("PLUGIN_MAX_PORT"), 25000));
  return {
    ok: true,
    protocolVersion,
    socketDir,
    minPort,
    maxPort,
    ...(cert !== undefined && cert !== "" && !tlsOff ? { clientCertPem: cert } : {}),
  };
}

function port(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return text !== undefined && text !== "" && Number.isInteger(n) && n > 0 && n < 65536
    ? n
    : fallback;
}

/**
 * The longest unix socket path, in bytes, this platform binds: `sun_path`
 * holds 108 bytes with the terminating NUL on Linux, 104 on macOS and the
 * BSDs.
 */
const MAX_UNIX_SOCKET_PATH = Deno.build.os === "linux" ? 107 : 103;

/**
 * Whether `path` is short enough to bind a unix socket at here. A deeper
 * `TMPDIR` fails the bind (go-plugin's own plugins fail to start there); the
 * provider then serves on loopback TCP instead.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitsUnixSocket } from "./handshake.ts";
 * assert.ok(fitsUnixSocket("/tmp/plugin1x2y3z"));
 * assert.ok(!fitsUnixSocket(`/${"d".repeat(100)}/plugin1x2y3z`));
 * ```
 */
export function fitsUnixSocket(path: string): boolean {
  return new TextEncoder().encode(path).length <= MAX_UNIX_SOCKET_PATH;
}

/**
 * A fresh socket path in `dir`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { socketPath } from "./mod.ts";
 * assert.ok(socketPath("/tmp").startsWith("/tmp/plugin"));
 * assert.ok(socketPath("/tmp/").startsWith("/tmp/plugin"));
 * assert.ok(socketPath("").startsWith("plugin"));
 * ```
 */
export function socketPath(dir: string): string {
  const rand = crypto.getRandomValues(new Uint32Array(2));
  // Joined by hand: node:path would start Deno's Node layer before the handshake line.
  const sep = Deno.build.os === "windows" ? "\\" : "/";
  const base = dir === "" || dir.endsWith("/") || dir.endsWith(sep) ? dir : dir + sep;
  return `${base}plugin${rand[0].toString(36)}${rand[1].toString(36)}`;
}

/**
 * The handshake line: `CORE|APP|NETWORK|ADDRESS|grpc|CERT`. The certificate
 * is unpadded base64 DER (or empty without TLS).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { handshakeLine } from "./mod.ts";
 * assert.equal(handshakeLine(6, "unix", "/tmp/p", ""), "1|6|unix|/tmp/p|grpc|\n");
 * ```
 */
export function handshakeLine(
  protocolVersion: number,
  network: "unix" | "tcp",
  address: string,
  certBase64: string,
): string {
  return `1|${protocolVersion}|${network}|${address}|grpc|${certBase64}\n`;
}

/**
 * The `TF_REATTACH_PROVIDERS` value for debug mode: Terraform connects to the
 * running process instead of starting one.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { reattachValue } from "./mod.ts";
 * const v = JSON.parse(reattachValue("registry.terraform.io/acme/example", 6, 42, "unix", "/tmp/p"));
 * assert.equal(v["registry.terraform.io/acme/example"].Addr.String, "/tmp/p");
 * ```
 */
export function reattachValue(
  address: string,
  protocolVersion: number,
  pid: number,
  network: "unix" | "tcp",
  listen: string,
): string {
  return JSON.stringify({
    [address]: {
      Protocol: "grpc",
      ProtocolVersion: protocolVersion,
      Pid: pid,
      Test: true,
      Addr: { Network: network, String: listen },
    },
  });
}
