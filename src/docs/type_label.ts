/**
 * Type labels as the Terraform Registry's schema sections show them:
 * `String`, `List of String`, `Map of Number`, `Object`, `Dynamic`.
 *
 * @module
 */

import type { AttributeDef, Mode } from "../provider/mod.ts";

/** A cty type, as the provider layer's schema carries it. */
type Type = AttributeDef<unknown, Mode>["type"];

/**
 * The label the Registry shows for a cty type (tfplugindocs' wording):
 * primitives capitalised, collections as `List of …`, objects `Object`,
 * tuples `Tuple`, the dynamic pseudo-type `Dynamic`.
 *
 * @example Labels
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "@foundry/foundry/cty";
 * import { typeLabel } from "@foundry/foundry/docs";
 * assert.equal(typeLabel(cty.List(cty.String)), "List of String");
 * assert.equal(typeLabel(cty.Bool), "Boolean");
 * ```
 */
export function typeLabel(t: Type): string {
  switch (t.kind) {
    case "string":
      return "String";
    case "number":
      return "Number";
    case "bool":
      return "Boolean";
    case "dynamic":
      return "Dynamic";
    case "list":
      return `List of ${typeLabel(t.element)}`;
    case "set":
      return `Set of ${typeLabel(t.element)}`;
    case "map":
      return `Map of ${typeLabel(t.element)}`;
    case "object":
      return "Object";
    case "tuple":
      return "Tuple";
    default:
      return "Dynamic";
  }
}

/**
 * go-cty's friendly name of a type (`string`, `list of number`, `object`),
 * used in function signatures.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "@foundry/foundry/cty";
 * import { friendlyTypeName } from "@foundry/foundry/docs";
 * assert.equal(friendlyTypeName(cty.Map(cty.Number)), "map of number");
 * ```
 */
export function friendlyTypeName(t: Type): string {
  switch (t.kind) {
    case "list":
    case "set":
    case "map":
      return `${t.kind} of ${friendlyTypeName(t.element)}`;
    case "capsule":
      return "capsule";
    default:
      return t.kind;
  }
}
