/**
 * Reading the line a go-plugin plugin prints on stdout once it listens:
 * `CORE|APP|NETWORK|ADDRESS|PROTOCOL|CERT`. Every way it can be wrong gets
 * its own message, since this is where a broken plugin first shows.
 *
 * @module
 */

import { FoundryError } from "../../errors/mod.ts";

/**
 * A plugin's handshake line, parsed.
 */
export interface PluginHandshake {
  /** The application protocol version the plugin chose among those offered. */
  readonly protocolVersion: number;
  /** `unix` (a socket path) or `tcp` (`host:port`). */
  readonly network: "unix" | "tcp";
  /** Socket path or `host:port`. */
  readonly address: string;
  /** The plugin's certificate (DER), present when it serves mutual TLS. */
  readonly serverCertDer?: Uint8Array;
}

/**
 * Parses one handshake line against the versions the host offered. Throws
 * a `FoundryError` coded `plugin.host.handshake` that quotes the line and
 * says what is wrong with it.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseHandshakeLine } from "./mod.ts";
 * const h = parseHandshakeLine("1|6|unix|/tmp/plugin1|grpc|", [5, 6]);
 * assert.equal(h.protocolVersion, 6);
 * assert.equal(h.address, "/tmp/plugin1");
 * assert.throws(() => parseHandshakeLine("1|4|unix|/tmp/p|grpc|", [5, 6]), /version 4/);
 * ```
 */
export function parseHandshakeLine(line: string, offered: readonly number[]): PluginHandshake {
  const text = line.trim();
  const fail = (why: string, fix: string): never => {
    throw new FoundryError(
      "plugin.host.handshake",
      `The plugin's handshake line ${JSON.stringify(text.slice(0, 200))} ${why}. ${fix}`,
      { context: { line: text.slice(0, 200) } },
    );
  };
  const parts = text.split("|");
  if (parts.length < 4) {
    fail(
      `has ${parts.length} fields; go-plugin needs CORE|APP|NETWORK|ADDRESS|PROTOCOL[|CERT]`,
      "Is the program a go-plugin plugin, and did something else print to its stdout first?",
    );
  }
  const [core, app, network, address, protocol = "netrpc", cert = ""] = parts;
  if (core !== "1") {
    fail(`speaks go-plugin core protocol ${core}; this host speaks 1`, "Rebuild the plugin.");
  }
  const version = Number(app);
  if (!/^\d+$/.test(app) || !offered.includes(version)) {
    fail(
      `chose protocol version ${app}, which the host did not offer (${offered.join(", ")})`,
      "Use a plugin built for one of the offered versions.",
    );
  }
  if (network !== "unix" && network !== "tcp") {
    fail(`names network "${network}"; only unix and tcp are known`, "Rebuild the plugin.");
  }
  if (address === "") fail("has an empty address", "Rebuild the plugin.");
  if (protocol !== "grpc") {
    fail(
      `asks for the "${protocol}" protocol; this host speaks only grpc`,
      "Serve the plugin with go-plugin's GRPCServer.",
    );
  }
  let serverCertDer: Uint8Array | undefined;
  if (cert !== "") {
    try {
      serverCertDer = Uint8Array.from(atob(pad(cert)), (c) => c.charCodeAt(0));
    } catch {
      fail("carries a certificate that is not base64", "Rebuild the plugin.");
    }
  }
  return {
    protocolVersion: version,
    network: network as "unix" | "tcp",
    address,
    ...(serverCertDer !== undefined ? { serverCertDer } : {}),
  };
}

/** go-plugin writes the certificate unpadded; atob wants padding. */
function pad(b64: string): string {
  const rest = b64.length % 4;
  return rest === 0 ? b64 : b64 + "=".repeat(4 - rest);
}
