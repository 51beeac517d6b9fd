/**
 * Builders for plain attributes: primitives, collections, objects, dynamic.
 * Each returns an {@link AttributeDef} whose type parameters record the value
 * type and the mode, so schemas infer their author-facing types.
 *
 * @module
 */

import type { PlanModifier } from "./plan_modifier.ts";
import * as T from "../cty/core.ts";
import type { AttributeDef, Mode, NumberRepresentation } from "./schema_types.ts";
import type { Validator } from "./validator.ts";
import type { NoUnknownKeys } from "./option_check.ts";
import { unknownKeys } from "./option_check.ts";
import { ATTRIBUTE_OPTION_KEYS } from "./option_keys.ts";

/**
 * Options shared by every attribute builder. Pick exactly one way of being
 * set: `required`, `optional`, `computed`, or `optional` + `computed`.
 * A `default` makes an optional attribute computed as well (Terraform needs
 * that to plan a value the configuration did not write).
 */
export interface AttributeOptions<V> {
  /** Must be set in configuration. */
  readonly required?: boolean;
  /** May be set in configuration. */
  readonly optional?: boolean;
  /** Set by the provider when the configuration does not. */
  readonly computed?: boolean;
  /** Hidden in Terraform's output. */
  readonly sensitive?: boolean;
  /** Deprecation message shown when the attribute is set. */
  readonly deprecated?: string;
  /** Plain-text description. */
  readonly description?: string;
  /** Markdown description. */
  readonly markdownDescription?: string;
  /** Static default planned when the configuration leaves the attribute null. */
  readonly default?: V;
  /** Changing the value destroys and re-creates the resource. */
  readonly requiresReplace?: boolean;
  /** Checks run on known values. */
  readonly validators?: readonly Validator<V>[];
  /** Hooks adjusting the plan. */
  readonly planModifiers?: readonly PlanModifier<V>[];
  /**
   * Write-only (Terraform 1.11+, resources only): only the configuration
   * carries the value (an ephemeral one, typically); plan and state hold null.
   * Cannot be computed, have a default, or sit inside a set.
   */
  readonly writeOnly?: boolean;
  /**
   * Provider configuration only: the environment variable `configure` reads
   * the value from when the configuration leaves the attribute null
   * (`api_token: s.string({ optional: true, sensitive: true, env: "ACME_TOKEN" })`).
   */
  readonly env?: string;
  /**
   * When two known values mean the same thing although they differ as text
   * (`{"a":1}` and `{ "a": 1 }`; `2001:db8::1` and `2001:DB8:0::1`): a
   * value `read` or `apply` returns that is semantically equal to the
   * prior or planned one is replaced by it, so Terraform sees no drift and
   * no "inconsistent result". See `custom_types.ts` for ready-made ones.
   */
  semanticEquals?(a: V, b: V): boolean;
}

/**
 * The {@link Mode} implied by a literal options type.
 */
export type ModeOf<O> = O extends { writeOnly: true }
  ? (O extends { required: true } ? "writeOnlyRequired" : "writeOnlyOptional")
  : O extends { required: true } ? "required"
  : O extends { default: unknown } ? "defaulted"
  : O extends { computed: true } ? (O extends { optional: true } ? "optionalComputed" : "computed")
  : O extends { optional: true } ? "optional"
  : "element";

/** The run-time twin of {@link ModeOf}. */
export function modeOf(opts: AttributeOptions<unknown>): Mode {
  if (opts.writeOnly === true) {
    return opts.required === true ? "writeOnlyRequired" : "writeOnlyOptional";
  }
  if (opts.required === true) return "required";
  if (opts.default !== undefined) return "defaulted";
  if (opts.computed === true) return opts.optional === true ? "optionalComputed" : "computed";
  if (opts.optional === true) return "optional";
  return "element";
}

/** Builds the definition object; schema checks happen in `s.resource` and friends. */
export function makeAttribute<V, M extends Mode>(
  type: T.Type,
  opts: AttributeOptions<V>,
  numberAs?: NumberRepresentation,
): AttributeDef<V, M> {
  const def: { -readonly [K in keyof AttributeDef<V, M>]: AttributeDef<V, M>[K] } = {
    kind: "attribute",
    type,
    mode: modeOf(opts as AttributeOptions<unknown>) as M,
    required: opts.required === true,
    optional: opts.optional === true,
    computed: opts.computed ?? opts.default !== undefined,
    sensitive: opts.sensitive === true,
    requiresReplace: opts.requiresReplace === true,
    validators: opts.validators ?? [],
    planModifiers: opts.planModifiers ?? [],
  };
  if (opts.writeOnly === true) def.writeOnly = true;
  if (opts.env !== undefined) def.env = opts.env;
  if (opts.deprecated !== undefined) def.deprecated = opts.deprecated;
  if (opts.description !== undefined) def.description = opts.description;
  if (opts.markdownDescription !== undefined) def.markdownDescription = opts.markdownDescription;
  if (opts.default !== undefined) def.default = opts.default;
  if (opts.semanticEquals !== undefined) def.semanticEquals = opts.semanticEquals;
  if (numberAs !== undefined) def.numberAs = numberAs;
  // Remembered so the schema check can tell "computed: false" from "not given".
  if (opts.computed === false) {
    Object.defineProperty(def, "computedExplicitlyFalse", { value: true });
  }
  rememberUnknownOptions(def, opts, ATTRIBUTE_OPTION_KEYS);
  return def;
}

/** An attribute definition used as a collection element or object attribute type. */
export type ElementDef<V> = AttributeDef<V, Mode>;

/**
 * A string attribute.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const name = s.string({ required: true, validators: [s.lengthBetween(1, 63)] });
 * assert.equal(name.mode, "required");
 * assert.deepEqual(name.type, { kind: "string" });
 * assert.equal(name.validators.length, 1);
 * ```
 */
export function string<const O extends AttributeOptions<string> = Record<never, never>>(
  opts?: O & NoUnknownKeys<O, AttributeOptions<string>>,
): AttributeDef<string, ModeOf<O>> {
  return makeAttribute(T.stringType, opts ?? {});
}

/**
 * A number attribute, seen by the author as a JS `number`. Use
 * {@link bigint} or {@link decimal} when values may exceed 2^53 or carry
 * more digits than a double.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const port = s.number({ optional: true, default: 80, validators: [s.between(1, 65535)] });
 * assert.equal(port.mode, "defaulted"); // optional, and Terraform sees the default in the plan
 * assert.equal(port.default, 80);
 * ```
 */
export function number<const O extends AttributeOptions<number> = Record<never, never>>(
  opts?: O & NoUnknownKeys<O, AttributeOptions<number>>,
): AttributeDef<number, ModeOf<O>> {
  return makeAttribute(T.numberType, opts ?? {}, "number");
}

/**
 * A whole-number attribute seen by the author as a `bigint` (exact at any size).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const bytes = s.bigint({ computed: true });
 * assert.equal(bytes.mode, "computed");
 * assert.deepEqual(bytes.type, { kind: "number" });
 * assert.equal(bytes.numberAs, "bigint");
 * ```
 */
export function bigint<const O extends AttributeOptions<bigint> = Record<never, never>>(
  opts?: O & NoUnknownKeys<O, AttributeOptions<bigint>>,
): AttributeDef<bigint, ModeOf<O>> {
  return makeAttribute(T.numberType, opts ?? {}, "bigint");
}

/**
 * A number attribute seen by the author as exact decimal text (`"0.1"`, `"1e+400"`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const price = s.decimal({ required: true });
 * assert.deepEqual(price.type, { kind: "number" });
 * assert.equal(price.numberAs, "decimal");
 * ```
 */
export function decimal<const O extends AttributeOptions<string> = Record<never, never>>(
  opts?: O & NoUnknownKeys<O, AttributeOptions<string>>,
): AttributeDef<string, ModeOf<O>> {
  return makeAttribute(T.numberType, opts ?? {}, "decimal");
}

/**
 * A boolean attribute.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const enabled = s.bool({ optional: true, default: true });
 * assert.deepEqual(enabled.type, { kind: "bool" });
 * assert.equal(enabled.default, true);
 * ```
 */
export function bool<const O extends AttributeOptions<boolean> = Record<never, never>>(
  opts?: O & NoUnknownKeys<O, AttributeOptions<boolean>>,
): AttributeDef<boolean, ModeOf<O>> {
  return makeAttribute(T.boolType, opts ?? {});
}

/**
 * An attribute of any type, decided by the configuration (cty `dynamic`).
 * The author sees plain JS values.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const settings = s.dynamic({ optional: true });
 * assert.deepEqual(settings.type, { kind: "dynamic" });
 * ```
 */
export function dynamic<const O extends AttributeOptions<unknown> = Record<never, never>>(
  opts?: O & NoUnknownKeys<O, AttributeOptions<unknown>>,
): AttributeDef<unknown, ModeOf<O>> {
  return makeAttribute(T.dynamicType, opts ?? {});
}

/**
 * A list attribute; the author sees an array.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const zones = s.list(s.string(), { optional: true });
 * assert.deepEqual(zones.type, { kind: "list", element: { kind: "string" } });
 * ```
 */
export function list<E, const O extends AttributeOptions<E[]> = Record<never, never>>(
  element: ElementDef<E>,
  opts?: O & NoUnknownKeys<O, AttributeOptions<E[]>>,
): AttributeDef<E[], ModeOf<O>> {
  return withElement(makeAttribute(T.listType(element.type), opts ?? {}), element);
}

/**
 * A set attribute; the author sees an array (order as Terraform keeps it).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const ports = s.set(s.number(), { optional: true });
 * assert.deepEqual(ports.type, { kind: "set", element: { kind: "number" } });
 * ```
 */
export function set<E, const O extends AttributeOptions<E[]> = Record<never, never>>(
  element: ElementDef<E>,
  opts?: O & NoUnknownKeys<O, AttributeOptions<E[]>>,
): AttributeDef<E[], ModeOf<O>> {
  return withElement(makeAttribute(T.setType(element.type), opts ?? {}), element);
}

/**
 * A map attribute with string keys; the author sees a record.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const tags = s.map(s.string(), { optional: true });
 * assert.deepEqual(tags.type, { kind: "map", element: { kind: "string" } });
 * ```
 */
export function map<E, const O extends AttributeOptions<Record<string, E>> = Record<never, never>>(
  element: ElementDef<E>,
  opts?: O & NoUnknownKeys<O, AttributeOptions<Record<string, E>>>,
): AttributeDef<Record<string, E>, ModeOf<O>> {
  return withElement(makeAttribute(T.mapType(element.type), opts ?? {}), element);
}

/** Plain value of an object type: every attribute may be null. */
type ObjectOf<A extends Record<string, ElementDef<unknown>>> = {
  -readonly [K in keyof A]: (A[K] extends ElementDef<infer V> ? V : never) | null;
};

/**
 * An attribute of object type (a cty object, not a nested attribute: its
 * attributes carry no flags of their own and may each be null).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const origin = s.object({ host: s.string(), port: s.number() }, { optional: true });
 * assert.equal(origin.type.kind, "object");
 * assert.equal(origin.mode, "optional");
 * ```
 */
export function object<
  const A extends Record<string, ElementDef<unknown>>,
  const O extends AttributeOptions<ObjectOf<A>> = Record<never, never>,
>(
  attributes: A,
  opts?: O & NoUnknownKeys<O, AttributeOptions<ObjectOf<A>>>,
): AttributeDef<ObjectOf<A>, ModeOf<O>> {
  const types: Record<string, T.Type> = {};
  for (const [name, def] of Object.entries(attributes)) types[name] = def.type;
  const def = makeAttribute<ObjectOf<A>, ModeOf<O>>(
    T.objectType(types),
    opts ?? {},
  );
  return Object.assign(def, { inner: attributes });
}

/** Keeps the element definition (for number representation and checks) under the key "". */
function withElement<D extends object>(def: D, element: ElementDef<unknown>): D {
  return Object.assign(def, { inner: { "": element } });
}

/**
 * Keeps misspelt option keys on the definition (not enumerable, so never
 * compared or sent) for the schema check, which knows the attribute's name.
 */
export function rememberUnknownOptions(
  def: object,
  opts: unknown,
  allowed: readonly string[],
): void {
  const unknown = unknownKeys(opts, allowed);
  if (unknown.length > 0) {
    Object.defineProperty(def, "unknownOptions", { value: { unknown, allowed } });
  }
}
