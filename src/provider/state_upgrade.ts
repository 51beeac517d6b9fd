/**
 * Typed state upgraders. When a resource's schema changes shape, bump its
 * `version` and give `upgradeState` one upgrader per older version, each
 * with the schema that version had: Foundry decodes the stored state with
 * that schema and the upgrader receives it typed, returning the current
 * state. Like Terraform's own providers, each upgrader goes straight from
 * its version to the current one.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineProvider, defineResource, s, upgradeFrom } from "@foundry/foundry/provider";
 * import { ProviderClient } from "@foundry/foundry/testing";
 *
 * // Version 0 stored one "address"; version 1 a host and a port; version 2 adds tags.
 * const v0 = s.resource({ id: s.string({ computed: true }), address: s.string({ required: true }) });
 * const v1 = s.resource({
 *   id: s.string({ computed: true }),
 *   host: s.string({ required: true }),
 *   port: s.number({ required: true }),
 * }, { version: 1 });
 * const endpoint = defineResource({
 *   typeName: "example_endpoint",
 *   schema: s.resource({
 *     id: s.string({ computed: true }),
 *     host: s.string({ required: true }),
 *     port: s.number({ required: true }),
 *     tags: s.map(s.string(), { optional: true }),
 *   }, { version: 2 }),
 *   upgradeState: {
 *     0: upgradeFrom(v0, ({ state }) => {
 *       const [host, port] = state.address.split(":");
 *       return { id: state.id, host, port: Number(port), tags: null };
 *     }),
 *     1: upgradeFrom(v1, ({ state }) => ({ ...state, tags: null })),
 *   },
 *   create: ({ plan }) => ({ ...plan, id: plan.host }),
 *   read: ({ state }) => state,
 *   update: ({ plan, state }) => ({ ...plan, id: state.id }),
 *   delete: () => {},
 * });
 * const client = new ProviderClient(defineProvider({ typeName: "example", resources: [endpoint] }));
 * const up = await client.upgrade("example_endpoint", 0, '{"id":"e1","address":"db:5432"}');
 * assert.deepEqual(up.plain, { id: "e1", host: "db", port: 5432, tags: null });
 * ```
 *
 * @module
 */

import type { MaybePromise, ValidateContext } from "./context.ts";
import type { State } from "./infer.ts";
import type { Fields, Schema } from "./schema_types.ts";

/** What an upgrader receives: the stored state decoded with its version's schema. */
export interface StateUpgradeRequest<P extends Schema<Fields>> extends ValidateContext {
  /** The version the state was stored with. */
  readonly version: number;
  /** The stored state, typed from that version's schema. */
  readonly state: State<P>;
  /** The stored JSON text as is, for what the old schema cannot say. */
  readonly rawStateJson: string;
}

/**
 * Upgrades state stored with schema `P` to the current state `R`.
 */
export interface StateUpgrader<P extends Schema<Fields>, R> {
  /** The schema the state was stored with. */
  readonly schema: P;
  /** Returns the current state. */
  upgrade(req: StateUpgradeRequest<P>): MaybePromise<R>;
}

/**
 * The upgraders of a resource whose current state is `R`, by the version
 * they upgrade from.
 */
export type StateUpgraders<R> = {
  readonly [version: number]: StateUpgrader<Schema<Fields>, R>;
};

/**
 * Makes an upgrader whose `state` is typed from `schema` (an object literal
 * `{ schema, upgrade }` works too, with `state` typed loosely).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s, upgradeFrom } from "@foundry/foundry/provider";
 * const v0 = s.resource({ size: s.string({ required: true }) });
 * const up = upgradeFrom(v0, ({ state }) => ({ size_gb: Number(state.size.replace("G", "")) }));
 * assert.equal(up.schema, v0);
 * ```
 */
export function upgradeFrom<const P extends Schema<Fields>, R>(
  schema: P,
  upgrade: (req: StateUpgradeRequest<P>) => MaybePromise<R>,
): StateUpgrader<P, R> {
  return { schema, upgrade };
}
