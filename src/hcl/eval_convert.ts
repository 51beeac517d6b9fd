/**
 * Conversion for evaluation: cty's `convert`, with its failure turned into
 * go-cty's message text (the function library's wording) for HCL's diagnostics instead of an exception.
 *
 * @module
 */

import { cty, type Type, type Value } from "../cty/evaluation.ts";
import { convertArgument } from "../cty/functions/on_demand.ts";

/** `[converted, undefined]`, or `[value, message]` when the value cannot convert. */
export function tryConvert(v: Value, t: Type): [Value, string | undefined] {
  if (t.kind === "dynamic" || cty.typeEquals(v.type, t)) return [v, undefined];
  try {
    // go-cty's wording ("string required", "a number is required"), as Terraform prints it.
    return [convertArgument(v, t), undefined];
  } catch (e) {
    return [v, e instanceof Error ? e.message : String(e)];
  }
}
