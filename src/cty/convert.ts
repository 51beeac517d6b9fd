/**
 * Public conversion API (go-cty `cty/convert`): `convert` a value to a type,
 * plan reusable conversions (`getConversion`, `getConversionUnsafe`), ask
 * whether one exists, explain a mismatch, and unify types.
 *
 * @module
 */

import { formatPath, FoundryError } from "../errors/mod.ts";
import { CONVERT_ERROR_CODE, type PathConversion } from "./convert_error.ts";
import { mismatch } from "./convert_mismatch.ts";
import { withoutOptionalDeep } from "./convert_optional.ts";
import { convertAt, planConversion } from "./convert_select.ts";
import { friendlyName, type Type, typeEquals } from "./type.ts";
import { unifyTypes } from "./unify.ts";
import { installConversion } from "./encode_conform.ts";
import { Value } from "./value.ts";

/**
 * A planned conversion from one type to another. Throws a `FoundryError`
 * with code `cty.convert` (context: `path`, `problem`) when a value cannot
 * convert (e.g. the string `"abc"` to a number).
 */
export type Conversion = (value: Value) => Value;

/** The result of {@link unify}. */
export interface Unified {
  /** The common type. */
  readonly type: Type;
  /** One per input type: the conversion to `type`, or undefined when none is needed. */
  readonly conversions: readonly (Conversion | undefined)[];
}

const TYPE_KINDS = new Set([
  "string",
  "number",
  "bool",
  "dynamic",
  "list",
  "set",
  "map",
  "object",
  "tuple",
  "capsule",
]);

function checkType(t: unknown, what: string): asserts t is Type {
  const kind = typeof t === "object" && t !== null ? (t as { kind?: unknown }).kind : undefined;
  if (typeof kind !== "string" || !TYPE_KINDS.has(kind)) {
    throw new FoundryError("cty.convert.invalid_argument", `${what} is not a cty type`, {
      context: { argument: what },
    });
  }
}

function publicConversion(from: Type, inner: PathConversion): Conversion {
  return (value: Value) => {
    if (!(value instanceof Value)) {
      throw new FoundryError("cty.convert.invalid_argument", "the value is not a cty Value", {
        context: { argument: "value" },
      });
    }
    // go-cty accepts a `dynamic`-typed value (null or unknown) anywhere.
    if (value.type.kind !== "dynamic" && !typeEquals(value.type, from)) {
      throw new FoundryError(
        "cty.convert.invalid_argument",
        `this conversion takes ${friendlyName(from)}, not ${friendlyName(value.type)}`,
        { context: { expected: from, got: value.type } },
      );
    }
    return inner(value, []);
  };
}

function plan(from: Type, to: Type, unsafe: boolean): Conversion | undefined {
  checkType(from, "from");
  checkType(to, "to");
  if (typeEquals(from, withoutOptionalDeep(to))) return publicConversion(from, (v) => v);
  const conv = planConversion(from, to, unsafe);
  return conv === undefined ? undefined : publicConversion(from, conv);
}

/**
 * The safe conversion from `from` to `to` (one that cannot fail for any
 * known value), or undefined if there is none.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * const toStrings = cty.getConversion(cty.List(cty.Number), cty.List(cty.String))!;
 * assert.equal(toStrings(cty.list([cty.number(1)])).index(0).asString(), "1");
 * assert.equal(cty.getConversion(cty.String, cty.Number), undefined);
 * ```
 */
export function getConversion(from: Type, to: Type): Conversion | undefined {
  return plan(from, to, false);
}

/**
 * Like {@link getConversion} but also allowing conversions that fail for some
 * values (string->number/bool, list->set, map->object, from `dynamic`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * const parse = cty.getConversionUnsafe(cty.String, cty.Number)!;
 * assert.equal(parse(cty.string("42")).asNumber(), 42);
 * ```
 */
export function getConversionUnsafe(from: Type, to: Type): Conversion | undefined {
  return plan(from, to, true);
}

/**
 * True when every value of `from` converts to `to`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * assert.ok(cty.canConvertSafely(cty.Number, cty.String));
 * assert.ok(!cty.canConvertSafely(cty.List(cty.String), cty.Set(cty.String)));
 * ```
 */
export function canConvertSafely(from: Type, to: Type): boolean {
  return plan(from, to, false) !== undefined;
}

/**
 * True when some values of `from` may convert to `to` (safe or unsafe).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * assert.ok(cty.canConvert(cty.String, cty.Bool));
 * assert.ok(!cty.canConvert(cty.Number, cty.Bool));
 * ```
 */
export function canConvert(from: Type, to: Type): boolean {
  return plan(from, to, true) !== undefined;
}

/**
 * Converts `value` to type `to` as Terraform converts an argument to its
 * type constraint (go-cty `convert.Convert`; unsafe conversions allowed).
 * Optional attributes of `to` absent from an object become null; source
 * attributes `to` lacks are dropped; unknowns stay unknown (with the
 * refinements that still hold); nulls stay null; marks are kept.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * const want = cty.Object({ name: cty.String, port: cty.Number }, ["port"]);
 * const v = cty.convert(cty.object({ name: cty.number(7) }), want);
 * assert.equal(v.getAttr("name").asString(), "7");
 * assert.ok(v.getAttr("port").isNull);
 * assert.throws(() => cty.convert(cty.object({}), want), { code: "cty.convert" });
 * ```
 */
export function convert(value: Value, to: Type): Value {
  if (!(value instanceof Value)) {
    throw new FoundryError("cty.convert.invalid_argument", "the value is not a cty Value", {
      context: { argument: "value" },
    });
  }
  checkType(to, "to");
  return convertAt(value, to, true, []);
}

/**
 * Why `got` does not convert to `want`, in words, leading with the path to
 * the part that does not fit (only meaningful when no conversion exists).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * const m = cty.mismatchMessage(cty.Object({ a: cty.Tuple([]) }), cty.Object({ a: cty.Number }));
 * assert.equal(m, "a: expected number, got tuple");
 * ```
 */
export function mismatchMessage(got: Type, want: Type): string {
  checkType(got, "got");
  checkType(want, "want");
  const m = mismatch(got, want);
  const where = formatPath(m.path);
  return where === "" ? m.problem : `${where}: ${m.problem}`;
}

function unifyPublic(types: readonly Type[], unsafe: boolean): Unified | undefined {
  if (!Array.isArray(types)) {
    throw new FoundryError("cty.convert.invalid_argument", "unify takes an array of types", {
      context: { argument: "types" },
    });
  }
  types.forEach((t, i) => checkType(t, `types[${i}]`));
  const u = unifyTypes(types, unsafe);
  if (u === undefined) return undefined;
  return {
    type: u.type,
    conversions: u.conversions.map((c, i) =>
      c === undefined ? undefined : publicConversion(types[i], c)
    ),
  };
}

/**
 * The most general type all of `types` convert to safely, with the
 * conversion for each (go-cty `convert.Unify`); undefined when there is
 * none or `types` is empty.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * const u = cty.unify([cty.Number, cty.String])!;
 * assert.equal(u.type, cty.String);
 * assert.equal(u.conversions[0]!(cty.number(1)).asString(), "1");
 * ```
 */
export function unify(types: readonly Type[]): Unified | undefined {
  return unifyPublic(types, false);
}

/**
 * {@link unify} allowing unsafe conversions (go-cty `convert.UnifyUnsafe`,
 * what HCL uses for conditionals and Terraform's `tolist`/`toset`/`tomap`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * const u = cty.unifyUnsafe([cty.List(cty.String), cty.Set(cty.Number)])!;
 * assert.equal(cty.friendlyName(u.type), "list of string");
 * ```
 */
export function unifyUnsafe(types: readonly Type[]): Unified | undefined {
  return unifyPublic(types, true);
}

export { CONVERT_ERROR_CODE };

// Encoders convert non-conforming values with this (see encode_conform.ts).
installConversion(convert);
