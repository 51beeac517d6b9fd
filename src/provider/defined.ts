/**
 * The one record shape behind `defineResource`, `defineDataSource` and
 * `defineEphemeralResource`: a kind, a type name, the schema and the
 * author's definition, made after the definition's keys are checked.
 *
 * @module
 */

import { refuseUnknownKeys } from "./option_check.ts";
import type { Fields, Schema } from "./schema_types.ts";

/** What a `define*` function returns and `defineProvider` takes. */
export interface Defined<K extends string, S extends Schema<Fields>, D> {
  /** Discriminant. */
  readonly kind: K;
  /** Type name ("" for an ephemeral resource until `defineProvider` names it by its key). */
  readonly typeName: string;
  /** Schema (typed: the test client types its results from it). */
  readonly schema: S;
  /** The author's definition, its schema types erased to plain values. */
  readonly definition: D;
}

/**
 * Checks a definition's keys against `keys` (naming it `label` in the
 * error) and wraps it as a {@link Defined} record of `kind`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineRecord } from "./defined.ts";
 * import { s } from "./mod.ts";
 * const schema = s.dataSource({ name: s.string({ required: true }) });
 * const d = defineRecord("dataSource", { typeName: "x_y", schema }, ["typeName", "schema"], "data source `x_y`");
 * assert.equal(d.kind, "dataSource");
 * assert.equal(d.typeName, "x_y");
 * const typo = { typeName: "x_y", schema, raed: 1 };
 * assert.throws(() => defineRecord("dataSource", typo, ["typeName", "schema"], "data source `x_y`"), /raed/);
 * ```
 */
export function defineRecord<K extends string, S extends Schema<Fields>, D>(
  kind: K,
  definition: { readonly typeName?: string; readonly schema: S },
  keys: readonly string[],
  label: string,
): Defined<K, S, D> {
  refuseUnknownKeys(definition, keys, label);
  return {
    kind,
    typeName: definition.typeName ?? "",
    schema: definition.schema,
    definition: definition as unknown as D,
  };
}
