/**
 * go-plugin's `ConnInfo`, the one message of its broker stream: which
 * brokered service listens where. Decoded and checked here, so a peer that
 * sends a bad one is answered with what was wrong rather than a failed dial.
 *
 * @module
 */

import { FoundryError } from "../../errors/mod.ts";
import { decodeMessage, encodeMessage } from "../../protobuf/mod.ts";
import { ConnInfo } from "./services.ts";

/** Where a brokered service listens (go-plugin's `plugin.ConnInfo`). */
export interface BrokerConnInfo {
  /** The id both sides agreed on (1 to 2^32-1; go-plugin's are uint32). */
  readonly serviceId: number;
  /** `unix` (a socket path) or `tcp` (`host:port`). */
  readonly network: "unix" | "tcp";
  /** Socket path or `host:port`. */
  readonly address: string;
}

const MAX_ID = 0xffff_ffff;

/** Encodes one ConnInfo for the broker stream. */
export function encodeConnInfo(info: BrokerConnInfo): Uint8Array {
  return encodeMessage(ConnInfo, {
    serviceId: info.serviceId,
    network: info.network,
    address: info.address,
  });
}

/**
 * Decodes and checks one ConnInfo from a peer. Throws a `FoundryError`
 * coded `plugin.broker.conninfo` that says which field is wrong; its
 * context carries the `serviceId` when that much was readable, so a dial
 * waiting for it can be told.
 *
 * @example A peer announcing a TCP listener
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeConnInfo, encodeConnInfo } from "./conn_info.ts";
 * const bytes = encodeConnInfo({ serviceId: 3, network: "tcp", address: "127.0.0.1:10007" });
 * assert.deepEqual(decodeConnInfo(bytes), {
 *   serviceId: 3, network: "tcp", address: "127.0.0.1:10007",
 * });
 * ```
 */
export function decodeConnInfo(bytes: Uint8Array): BrokerConnInfo {
  let raw: Record<string, unknown>;
  try {
    raw = decodeMessage(ConnInfo, bytes);
  } catch (e) {
    throw new FoundryError(
      "plugin.broker.conninfo",
      `The peer's broker sent ${bytes.byteLength} bytes that are not a plugin.ConnInfo ` +
        `(${e instanceof Error ? e.message : e}); it was dropped.`,
      { cause: e },
    );
  }
  const id = Number(raw.serviceId ?? 0);
  const network = String(raw.network ?? "");
  const address = String(raw.address ?? "");
  const bad = (why: string, serviceId?: number): never => {
    throw new FoundryError(
      "plugin.broker.conninfo",
      `The peer's broker announced ${
        serviceId === undefined ? "a service" : `service ${serviceId}`
      } ${why}; the announcement was dropped. ` +
        `A brokered service must listen on a unix socket path or a TCP host:port.`,
      { context: serviceId === undefined ? {} : { serviceId } },
    );
  };
  if (!Number.isInteger(id) || id < 1 || id > MAX_ID) {
    bad(`with service_id ${raw.serviceId} (ids run from 1 to ${MAX_ID})`);
  }
  if (network !== "unix" && network !== "tcp") {
    bad(`on network ${JSON.stringify(network)} (only "unix" and "tcp" exist)`, id);
  }
  if (address === "") bad(`on ${network} with an empty address`, id);
  if (network === "tcp") {
    const at = address.lastIndexOf(":");
    const port = Number(address.slice(at + 1));
    if (at <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) {
      bad(`at ${JSON.stringify(address)}, which is not a TCP host:port`, id);
    }
  }
  return { serviceId: id, network: network as "unix" | "tcp", address };
}
