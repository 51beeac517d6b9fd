/**
 * Reading `TF_REATTACH_PROVIDERS`: the JSON Terraform takes (and a provider
 * in debug mode prints) to connect to plugins that are already running.
 *
 * @module
 */

import { FoundryError } from "../../errors/mod.ts";
import type { ReattachConfig } from "./launch.ts";

/**
 * Parses a `TF_REATTACH_PROVIDERS` value into one {@link ReattachConfig}
 * per provider address. Throws a `FoundryError` coded
 * `plugin.host.reattach` naming the provider and the field that is wrong.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseReattachProviders } from "./mod.ts";
 * const all = parseReattachProviders(JSON.stringify({
 *   "registry.terraform.io/acme/x": {
 *     Protocol: "grpc", ProtocolVersion: 6, Pid: 42, Test: true,
 *     Addr: { Network: "unix", String: "/tmp/plugin9" },
 *   },
 * }));
 * assert.equal(all["registry.terraform.io/acme/x"].address, "/tmp/plugin9");
 * ```
 */
export function parseReattachProviders(text: string): Record<string, ReattachConfig> {
  const fail = (what: string): never => {
    throw new FoundryError("plugin.host.reattach", `TF_REATTACH_PROVIDERS: ${what}`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    fail(`not JSON (${e instanceof Error ? e.message : e})`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    fail("must be a JSON object keyed by provider address");
  }
  const out: Record<string, ReattachConfig> = {};
  for (const [address, entry] of Object.entries(raw as Record<string, unknown>)) {
    const e = entry as Record<string, unknown> | null;
    const addr = e?.Addr as Record<string, unknown> | undefined;
    if (typeof e !== "object" || e === null) fail(`${address}: must be an object`);
    if ((e!.Protocol ?? "grpc") !== "grpc") {
      fail(`${address}: Protocol ${JSON.stringify(e!.Protocol)} is not "grpc"`);
    }
    const version = e!.ProtocolVersion;
    if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
      fail(`${address}: ProtocolVersion must be a positive integer`);
    }
    const network = addr?.Network;
    if (network !== "unix" && network !== "tcp") {
      fail(`${address}: Addr.Network must be "unix" or "tcp"`);
    }
    if (typeof addr?.String !== "string" || addr.String === "") {
      fail(`${address}: Addr.String must name a socket path or host:port`);
    }
    out[address] = {
      protocol: "grpc",
      protocolVersion: version as number,
      network: network as "unix" | "tcp",
      address: addr!.String as string,
      pid: typeof e!.Pid === "number" ? e!.Pid : 0,
    };
  }
  return out;
}
