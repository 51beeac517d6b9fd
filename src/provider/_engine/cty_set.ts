/**
 * Building a cty set of a known element type, ordered and de-duplicated as
 * go-cty does (the order decides the msgpack bytes Terraform compares).
 *
 * @module
 */

import { orderSetElements } from "../../cty/set_order.ts";
import type { SetType } from "../../cty/mod.ts";
import { Value } from "../../cty/value.ts";

/** A set of `type` holding `elements` (duplicates removed, go-cty order). */
export function setOf(type: SetType, elements: readonly Value[]): Value {
  return new Value(type, orderSetElements(type.element, elements));
}
