/**
 * The data a schema is made of: attribute, nested-attribute and block
 * definitions as the `s` builder returns them. The type parameters carry what
 * {@link Config}, {@link Plan} and {@link State} infer; the fields carry what
 * planning, validation and the wire need.
 *
 * @module
 */

import type { Type } from "../cty/mod.ts";
import type { PlanModifier } from "./plan_modifier.ts";
import type { ConfigValidator, ObjectValidator, Validator } from "./validator.ts";

/**
 * How an attribute is set, derived from its flags:
 * `required`, `optional`, `computed` (provider only), `optionalComputed`
 * (either), `defaulted` (optional with a static default), `writeOnlyRequired`
 * and `writeOnlyOptional` (write-only: in the configuration, never in plan
 * or state), or `element` (no flags: only usable as a collection element or
 * object attribute type).
 */
export type Mode =
  | "required"
  | "optional"
  | "computed"
  | "optionalComputed"
  | "defaulted"
  | "writeOnlyRequired"
  | "writeOnlyOptional"
  | "element";

/** How a number attribute reaches the author: JS number, bigint, or exact decimal text. */
export type NumberRepresentation = "number" | "bigint" | "decimal";

/** Flags and texts every attribute kind shares. */
export interface AttributeCommon {
  /** The attribute must be set in configuration. */
  readonly required: boolean;
  /** The attribute may be set in configuration. */
  readonly optional: boolean;
  /** The provider may set the value (and plans it unknown until then). */
  readonly computed: boolean;
  /** Terraform hides the value in output. */
  readonly sensitive: boolean;
  /** Deprecation message; setting the attribute yields a warning with it. */
  readonly deprecated?: string;
  /** Plain-text description. */
  readonly description?: string;
  /** Markdown description; wins over `description` on the wire when set. */
  readonly markdownDescription?: string;
  /** A change of value destroys and re-creates the resource. */
  readonly requiresReplace: boolean;
  /**
   * Write-only (Terraform 1.11+, resources only): the value is in the
   * configuration the author receives, and always null in plan and state, so
   * it may come from an ephemeral value and is never stored.
   */
  readonly writeOnly?: boolean;
}

/**
 * A plain attribute (string, number, bool, collection, object, dynamic).
 * `V` is the author-facing value type, `M` the {@link Mode}.
 */
export interface AttributeDef<V, M extends Mode> extends AttributeCommon {
  /** Discriminant. */
  readonly kind: "attribute";
  /** The cty type of the value. */
  readonly type: Type;
  /** The mode, derived from the flags. */
  readonly mode: M;
  /** Static default planned when the configuration leaves the attribute null. */
  readonly default?: V;
  /** For number attributes: how values are shown to the author. */
  readonly numberAs?: NumberRepresentation;
  /**
   * Element definitions: for list, set and map under the key `""`, for
   * objects by attribute name. Keeps number representations of elements.
   */
  readonly inner?: Readonly<Record<string, AttributeDef<unknown, Mode>>>;
  /** Provider configuration: the environment variable read when the attribute is null. */
  readonly env?: string;
  /** Checks run on known values. */
  readonly validators: readonly Validator<V>[];
  /** Hooks run after default planning. */
  readonly planModifiers: readonly PlanModifier<V>[];
  /** Semantic equality: returned values equal to the prior ones in meaning keep the prior text. */
  semanticEquals?(a: V, b: V): boolean;
  /** Type-level only: never set at run time. */
  readonly "~value"?: V;
}

/** Nesting of a nested attribute. */
export type AttributeNesting = "single" | "list" | "set" | "map";

/** Nesting of a nested block. `group` is a block that is always present. */
export type BlockNesting = "single" | "list" | "set" | "map" | "group";

/**
 * An attribute whose value is an object (or a collection of objects) with
 * its own attributes, each with its own flags.
 */
export interface NestedAttributeDef<
  F extends AttributeFields,
  N extends AttributeNesting,
  M extends Mode,
> extends AttributeCommon {
  /** Discriminant. */
  readonly kind: "nested";
  /** How the objects nest. */
  readonly nesting: N;
  /** The attributes of each object. */
  readonly fields: F;
  /** The mode, derived from the flags. */
  readonly mode: M;
  /** The cty type of the whole value. */
  readonly type: Type;
  /**
   * Checks of the whole value (the object, or the list, set or map of
   * objects), run when it is known; see {@link NestedValidators}.
   */
  readonly validators?: readonly Validator<unknown>[];
  /** Checks of each object, run with paths relative to it; see {@link NestedValidators}. */
  readonly objectValidators?: readonly ObjectValidator<unknown>[];
}

/**
 * The validator options nested attributes and blocks share. `V` is the
 * whole configured value (one object, or a list, set or map of them), `O`
 * one object, both inferred from the nested fields.
 */
export interface NestedValidators<V, O> {
  /**
   * Checks of the whole value, run once it is wholly known: its size
   * (`s.sizeAtMost(3)`), or rules relating it to its siblings
   * (`s.conflictsWith("other")`), exactly as on a plain attribute.
   */
  readonly validators?: readonly Validator<V>[];
  /**
   * Checks of each object, run for every element: cross-attribute rules
   * among its attributes (`s.exactlyOneOf("port", "port_range")`, path
   * expressions relative to the object, `../` climbing out of it), or a
   * {@link Validator} of the object itself.
   */
  readonly objectValidators?: readonly ObjectValidator<O>[];
}

/**
 * A nested block (`rule { ... }` in configuration).
 */
export interface BlockDef<F extends Fields, N extends BlockNesting> {
  /** Discriminant. */
  readonly kind: "block";
  /** How the blocks nest. */
  readonly nesting: N;
  /** Attributes and blocks inside the block. */
  readonly fields: F;
  /** Fewest blocks allowed (list and set; 1 makes a single block required). */
  readonly minItems: number;
  /** Most blocks allowed (list and set; 0 means no limit). */
  readonly maxItems: number;
  /** Deprecation message. */
  readonly deprecated?: string;
  /** Plain-text description. */
  readonly description?: string;
  /** Markdown description. */
  readonly markdownDescription?: string;
  /** The cty type of the whole value. */
  readonly type: Type;
  /** Set on the block `s.timeouts()` makes: the default duration of each operation. */
  readonly timeoutDefaults?: { readonly [op: string]: string | undefined };
  /** Checks of the whole value (the blocks together); see {@link NestedValidators}. */
  readonly validators?: readonly Validator<unknown>[];
  /** Checks of each block, with paths relative to it; see {@link NestedValidators}. */
  readonly objectValidators?: readonly ObjectValidator<unknown>[];
}

/**
 * Any attribute definition, whatever its value type and mode.
 */
export type AnyAttribute =
  | AttributeDef<unknown, Mode>
  | NestedAttributeDef<AttributeFields, AttributeNesting, Mode>;

/**
 * Any field of a block: an attribute, a nested attribute or a nested block.
 */
export type Field = AnyAttribute | BlockDef<Fields, BlockNesting>;

/**
 * The fields of a schema or block, by name.
 */
export type Fields = { readonly [name: string]: Field };

/**
 * The fields of a nested attribute's object: attributes only, no blocks.
 */
export type AttributeFields = { readonly [name: string]: AnyAttribute };

/** What a schema describes; decides which flags are allowed. */
export type SchemaKind = "resource" | "dataSource" | "ephemeralResource" | "provider";

/**
 * A complete schema: the top-level block of a resource, data source or
 * provider configuration.
 */
export interface Schema<F extends Fields> {
  /** Discriminant. */
  readonly kind: "schema";
  /** Resource, data source or provider. */
  readonly schemaKind: SchemaKind;
  /** The top-level fields. */
  readonly fields: F;
  /** State schema version (resources); bump it and handle `upgradeState`. */
  readonly version: number;
  /** Plain-text description. */
  readonly description?: string;
  /** Markdown description. */
  readonly markdownDescription?: string;
  /** Deprecation message for the whole resource. */
  readonly deprecated?: string;
  /** Checks of the whole configuration (cross-attribute rules), run after the attributes'. */
  readonly validators?: readonly ConfigValidator[];
  /** The cty object type of the whole value. */
  readonly type: Type;
}
