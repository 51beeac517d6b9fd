/**
 * Building a cty set of a known element type, ordered and de-duplicated as
 * go-cty does (the order decides the msgpack bytes Terraform compares).
 *
 * @module
 */

import { orderSetElements } from "../../cty/core.ts";
import type { SetType } from "../../cty/mod.ts";
import { Value } from "../../cty/core.ts";

/** A set of `type` holding `elements` (duplicates removed, go-cty order). */
export function setOf(type: SetType, elements: readonly Value[]): Value {
  return new Value(type, orderSetElements(type.element, elements));
}
