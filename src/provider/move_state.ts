/**
 * Moving state across resource types (Terraform 1.8 and later): a `moved`
 * block from `example_file.a` to `example_document.a`, even from another
 * provider, asks the target resource to turn the source's stored state into
 * its own. A resource declares the sources it understands with `moveState`;
 * movers are tried in order, and the first whose filters match and whose
 * `move` returns a state wins (return nothing to decline).
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineProvider, defineResource, s } from "@foundry/foundry/provider";
 * import { ProviderClient } from "@foundry/foundry/testing";
 *
 * const document = defineResource({
 *   typeName: "example_document",
 *   schema: s.resource({ id: s.string({ computed: true }), path: s.string({ required: true }) }),
 *   moveState: [{
 *     sourceTypeName: "example_file",
 *     move: ({ sourceState }) => {
 *       const old = sourceState as { id: string; path: string };
 *       return { id: old.id, path: old.path };
 *     },
 *   }],
 *   create: ({ plan }) => ({ ...plan, id: plan.path }),
 *   read: ({ state }) => state,
 *   update: ({ plan, state }) => ({ ...plan, id: state.id }),
 *   delete: () => {},
 * });
 * const client = new ProviderClient(defineProvider({ typeName: "example", resources: [document] }));
 * const moved = await client.moveState("example_document", {
 *   typeName: "example_file",
 *   json: '{"id":"f-1","path":"/etc/motd"}',
 * });
 * assert.deepEqual(moved.plain, { id: "f-1", path: "/etc/motd" });
 * ```
 *
 * @module
 */

import type { MaybePromise, ValidateContext } from "./context.ts";
import type { PrivateState } from "./private_state.ts";

/**
 * What a mover's `move` receives.
 */
export interface MoveStateRequest extends ValidateContext {
  /** The source resource type (`example_file`). */
  readonly sourceTypeName: string;
  /** The source provider's address (`registry.terraform.io/acme/example`). */
  readonly sourceProviderAddress: string;
  /** The schema version the source state was written with. */
  readonly sourceSchemaVersion: number;
  /** The source state, parsed from its stored JSON. */
  readonly sourceState: unknown;
  /**
   * The source state's JSON text exactly as stored, for movers that need
   * what parsing loses (numbers beyond 2^53, key order).
   */
  readonly sourceStateJson: string;
  /** The source's private state bytes as stored (another provider's format, maybe). */
  readonly sourcePrivate: Uint8Array;
  /**
   * The target's private state, saved with the moved state. It starts as the
   * source's when that is Foundry's own format (a move within this
   * provider), else empty.
   */
  readonly private: PrivateState;
}

/**
 * One source a resource can take state from. Unset filters match anything.
 */
export interface StateMover<S> {
  /** Only state of this source type. */
  readonly sourceTypeName?: string;
  /** Only state from this provider address. */
  readonly sourceProviderAddress?: string;
  /** Only state written with this schema version. */
  readonly sourceSchemaVersion?: number;
  /** Returns the target's complete state, or nothing to let the next mover try. */
  move(req: MoveStateRequest): MaybePromise<S | null | undefined | void>;
}
