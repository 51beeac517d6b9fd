/**
 * Resource identity (plugin protocol 6.9, Terraform 1.12 and later): a
 * small, stable set of attributes that names a remote object (a region
 * and an id), which Terraform stores beside the state and users may import
 * by (`import { identity = { id = "vol-1" } }`) instead of an id string.
 *
 * A resource declares its identity's attributes and how to read them from
 * its state; Foundry answers GetResourceIdentitySchemas and sends the
 * identity with every read, plan, apply, import and move. When Terraform
 * imports by identity, `importState` receives it (and without an
 * `importState` hook the identity's attributes become the state's
 * same-named attributes). Terraform 1.11 does not use identities; they
 * cost nothing there.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineProvider, defineResource, s } from "@foundry/foundry/provider";
 * import { ProviderClient } from "@foundry/foundry/testing";
 *
 * const volume = defineResource({
 *   typeName: "example_volume",
 *   schema: s.resource({
 *     id: s.string({ computed: true }),
 *     region: s.string({ required: true }),
 *     size: s.number({ required: true }),
 *   }),
 *   identity: {
 *     attributes: {
 *       id: { type: s.string(), forImport: "required" },
 *       region: { type: s.string(), forImport: "optional" },
 *     },
 *     fromState: ({ id, region }) => ({ id, region }),
 *   },
 *   create: ({ plan }) => ({ ...plan, id: "vol-1" }),
 *   read: ({ state }) => state,
 *   update: ({ plan, state }) => ({ ...plan, id: state.id }),
 *   delete: () => {},
 * });
 * const { server } = new ProviderClient(defineProvider({ typeName: "example", resources: [volume] }));
 * const schemas = await server.getResourceIdentitySchemas({});
 * const attrs = schemas.identitySchemas.example_volume.identityAttributes;
 * assert.deepEqual(attrs.map((a) => [a.name, a.requiredForImport]), [["id", true], ["region", false]]);
 * ```
 *
 * @module
 */

import type { MaybePromise } from "./context.ts";
import type { AttributeDef, Mode } from "./schema_types.ts";

/** One identity attribute: its type (a primitive or a list of them) and its role in import. */
export interface IdentityAttribute<V> {
  /** The type, as an element builder gives it: `s.string()`, `s.number()`, `s.list(s.string())`. */
  readonly type: AttributeDef<V, Mode>;
  /** Whether an import by identity must give it (`required`) or may (`optional`). */
  readonly forImport: "required" | "optional";
  /** Plain-text description. */
  readonly description?: string;
}

/** The identity attributes, by name. */
export type IdentityAttributes = { readonly [name: string]: IdentityAttribute<unknown> };

/** An identity value: each attribute's plain value (null when not known). */
export type IdentityValue<A extends IdentityAttributes> = {
  [K in keyof A]: A[K] extends IdentityAttribute<infer V> ? V | null : never;
};

/**
 * A resource's identity: its attributes and how to read them from state.
 * `S` is the resource's plain state type.
 */
export interface IdentityDefinition<A extends IdentityAttributes, S> {
  /** The identity schema version; bump it with `upgrade` when attributes change. */
  readonly version?: number;
  /** The attributes. */
  readonly attributes: A;
  /** The identity of an object, read from its state (a pure function). */
  fromState(state: S): IdentityValue<A>;
  /** Converts an identity stored at an older `version` (parsed JSON) to the current one. */
  upgrade?(req: { version: number; rawIdentity: unknown }): MaybePromise<IdentityValue<A>>;
}
