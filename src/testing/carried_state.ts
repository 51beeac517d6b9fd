/**
 * What the in-process client carries beside a resource's state, as
 * Terraform does on every call: private state (bytes Terraform stores
 * unseen; Foundry keeps a JSON object there) and the resource identity
 * (protocol 6.9). Inputs are given the way a test thinks of them (entries,
 * a plain identity); results come back decoded and as the bytes to hand on.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineProvider, defineResource, s } from "@foundry/foundry/provider";
 * import { ProviderClient } from "@foundry/foundry/testing";
 *
 * const disk = defineResource({
 *   typeName: "example_disk",
 *   schema: s.resource({ id: s.string({ computed: true }), size: s.number({ required: true }) }),
 *   identity: {
 *     attributes: { id: { type: s.string(), forImport: "required" } },
 *     fromState: ({ id }) => ({ id }),
 *   },
 *   create: ({ plan, private: priv }) => {
 *     priv.set("etag", "e1");
 *     return { ...plan, id: "disk-1" };
 *   },
 *   read: ({ state, private: priv }) => {
 *     priv.set("seen", priv.get("etag") === "e2");
 *     return state;
 *   },
 *   update: ({ plan, state }) => ({ ...plan, id: state.id }),
 *   delete: () => {},
 *   importState: ({ id, identity }) => ({ id: String(identity?.id ?? id), size: 1 }),
 * });
 * const client = new ProviderClient(defineProvider({ typeName: "example", resources: [disk] }));
 * const created = await client.create(disk, { size: 10 });
 * assert.deepEqual(created.private, { etag: "e1" });
 * assert.deepEqual(created.identity, { id: "disk-1" });
 * // Prior private state in, new private state out.
 * const read = await client.read(disk, created.value, { private: { etag: "e2" } });
 * assert.deepEqual(read.private, { etag: "e2", seen: true });
 * // Import by identity: the identity is typed from the resource's identity attributes.
 * const imported = await client.import(disk, { identity: { id: "disk-9" } });
 * assert.equal(imported.plain?.id, "disk-9");
 * assert.deepEqual(imported.identity, { id: "disk-9" });
 * ```
 *
 * @module
 */

import type { IdentityAttributes, IdentityValue, JsonValue, Resource } from "../provider/mod.ts";
import { decodeIdentity, encodeIdentity, type WireIdentity } from "../provider/_engine/mod.ts";

/**
 * Private state handed to a call: the entries author code reads with
 * `private.get` (a JSON object), or the bytes as Terraform stores them (an
 * earlier result's `privateBytes`, or another provider's).
 */
export type PrivateInput = Readonly<Record<string, JsonValue>> | Uint8Array;

/**
 * An identity handed to a call: the identity attributes of the resource
 * (`A`, typed when the call named the resource object), any left out null.
 */
export type IdentityInput<A extends IdentityAttributes> = Partial<IdentityValue<A>>;

/** What a resource call returned beside the state. */
export interface Carried<I> {
  /**
   * The private state's entries (`{}` when there is none); null when the
   * bytes are not a JSON object (another provider's, passed through).
   */
  readonly private: Readonly<Record<string, JsonValue>> | null;
  /** The private state's bytes, as Terraform would store and send them back. */
  readonly privateBytes: Uint8Array;
  /** The identity returned, or null (no identity, or not known yet). */
  readonly identity: I | null;
}

const UTF8_ENCODE = new TextEncoder();
const UTF8_DECODE = new TextDecoder("utf-8", { fatal: true });

/**
 * The bytes of a private-state input (undefined for none).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { privateBytesOf } from "./carried_state.ts";
 * assert.equal(new TextDecoder().decode(privateBytesOf({ etag: "x" })), '{"etag":"x"}');
 * assert.equal(privateBytesOf(undefined), undefined);
 * ```
 */
export function privateBytesOf(input: PrivateInput | null | undefined): Uint8Array | undefined {
  if (input === undefined || input === null) return undefined;
  if (input instanceof Uint8Array) return input;
  if (typeof input !== "object" || Array.isArray(input)) {
    throw new TypeError(
      "private state must be an object of JSON values (or the bytes of an earlier result)",
    );
  }
  return Object.keys(input).length === 0
    ? new Uint8Array(0)
    : UTF8_ENCODE.encode(JSON.stringify(input));
}

/**
 * The entries of private-state bytes: `{}` for none, null when they are not
 * a UTF-8 JSON object.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { privateEntriesOf } from "./carried_state.ts";
 * assert.deepEqual(privateEntriesOf(new TextEncoder().encode('{"a":1}')), { a: 1 });
 * assert.deepEqual(privateEntriesOf(new Uint8Array(0)), {});
 * assert.equal(privateEntriesOf(new Uint8Array([0xff])), null);
 * ```
 */
export function privateEntriesOf(bytes: Uint8Array): Readonly<Record<string, JsonValue>> | null {
  if (bytes.length === 0) return {};
  try {
    const v = JSON.parse(UTF8_DECODE.decode(bytes));
    return v !== null && typeof v === "object" && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/** The wire identity of an input (undefined for none). */
export function identityIn(
  resource: Resource<unknown>,
  input: Readonly<Record<string, unknown>> | null | undefined,
): WireIdentity | undefined {
  return input === undefined || input === null ? undefined : encodeIdentity(resource, input);
}

/** The carried part of a result: private state both ways and the plain identity. */
export function carriedOut<I>(
  resource: Resource<unknown>,
  privateBytes: Uint8Array | undefined,
  identity: WireIdentity | undefined,
): Carried<I> {
  const bytes = privateBytes ?? new Uint8Array(0);
  return {
    private: privateEntriesOf(bytes),
    privateBytes: bytes,
    identity: (decodeIdentity(resource, identity) ?? null) as I | null,
  };
}
