/**
 * Type inference from a schema: the plain TypeScript shapes an author reads
 * and returns, one per view (configuration, plan, state).
 *
 * @module
 */

import type {
  AttributeDef,
  AttributeFields,
  AttributeNesting,
  BlockDef,
  BlockNesting,
  Field,
  Fields,
  Mode,
  NestedAttributeDef,
  Schema,
} from "./schema_types.ts";
import type { Unknown } from "./unknown.ts";

/** Which value an inferred type describes. */
export type View = "config" | "plan" | "state";

/** Applies an attribute's mode to its value type for one view. */
type WithMode<V, M extends Mode, W extends View> = M extends "required" ? V
  : M extends "optional" ? V | null
  : M extends "computed" ? (W extends "config" ? null : W extends "plan" ? V | Unknown : V)
  : M extends "optionalComputed"
    ? (W extends "config" ? V | null : W extends "plan" ? V | Unknown : V)
  : M extends "defaulted" ? (W extends "config" ? V | null : V)
  : M extends "writeOnlyRequired" ? (W extends "config" ? V : null)
  : M extends "writeOnlyOptional" ? (W extends "config" ? V | null : null)
  : V;

type Nest<O, N extends AttributeNesting | BlockNesting> = N extends "single" | "group" ? O
  : N extends "map" ? Record<string, O>
  : O[];

/**
 * The plain value of one field in one view.
 */
export type FieldValue<F extends Field, W extends View> = F extends AttributeDef<infer V, infer M>
  ? WithMode<V, M, W>
  : F extends NestedAttributeDef<infer G extends AttributeFields, infer N, infer M>
    ? WithMode<Nest<ObjectValue<G, W>, N>, M, W>
  : F extends BlockDef<infer G extends Fields, infer N>
    ? N extends "single" ? ObjectValue<G, W> | null : Nest<ObjectValue<G, W>, N>
  : never;

/**
 * The plain object for a set of fields in one view.
 */
export type ObjectValue<G extends Fields, W extends View> = {
  -readonly [K in keyof G]: FieldValue<G[K], W>;
};

/**
 * The configuration as the author sees it: required attributes are values,
 * optional ones may be null, computed-only ones are always null.
 */
export type Config<S extends Schema<Fields>> = ObjectValue<S["fields"], "config">;

/**
 * The planned state handed to create and update: computed attributes may be
 * {@link Unknown} ("known after apply") and must be resolved by the author.
 */
export type Plan<S extends Schema<Fields>> = ObjectValue<S["fields"], "plan">;

/**
 * The state: every value known; optional attributes may be null.
 */
export type State<S extends Schema<Fields>> = ObjectValue<S["fields"], "state">;
