/**
 * go-cty keeps a collection's elements as raw payloads under one element
 * type, so a null or unknown element of type `dynamic` (a `null` or an
 * unknown read at a `dynamic` position) reads back as a null or unknown of
 * the collection's element type. Our elements carry their own types, so the
 * collection builders retype such elements to match.
 *
 * @module
 */

import type { Type } from "./type.ts";
import { Value } from "./value.ts";

/**
 * `vals` with each `dynamic`-typed element (only nulls and unknowns have that
 * type) given type `element`; the same array when none needs it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * import { retypeElements } from "./retype.ts";
 * const [n] = retypeElements([cty.nullValue(cty.Dynamic)], cty.String);
 * assert.ok(n.isNull && n.type.kind === "string");
 * ```
 */
export function retypeElements<T extends readonly Value[]>(vals: T, element: Type): T {
  if (element.kind === "dynamic") return vals;
  let out: Value[] | undefined;
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i];
    if (v.type.kind !== "dynamic") continue;
    out ??= vals.slice();
    out[i] = new Value(element, v.raw, v.marks);
  }
  return (out ?? vals) as T;
}

/**
 * A map's entries with `dynamic`-typed values retyped (see {@link retypeElements}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * import { retypeEntries } from "./retype.ts";
 * const m = retypeEntries(new Map([["a", cty.nullValue(cty.Dynamic)]]), cty.Number);
 * assert.equal(m.get("a")?.type.kind, "number");
 * ```
 */
export function retypeEntries(
  m: ReadonlyMap<string, Value>,
  element: Type,
): ReadonlyMap<string, Value> {
  if (element.kind === "dynamic") return m;
  let out: Map<string, Value> | undefined;
  for (const [k, v] of m) {
    if (v.type.kind !== "dynamic") continue;
    out ??= new Map(m);
    out.set(k, new Value(element, v.raw, v.marks));
  }
  return out ?? m;
}
