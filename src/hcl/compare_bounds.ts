/**
 * Ordering comparisons (`<`, `<=`, `>`, `>=`) where an operand is an unknown
 * number, decided from the numbers' bounds as go-cty 1.16 decides them: a
 * known number is its own bounds, an unknown one has its refinements' bounds
 * (unbounded when it has none). `a < b` is true when a's upper bound is below
 * b's lower bound, false when b's upper bound is below a's lower bound, and
 * unknown otherwise; the bounds' inclusiveness is not consulted, so a case
 * that only an inclusive bound would settle stays unknown, as in Terraform.
 * `<=` and `>=` are the strict comparison or equality, each possibly unknown.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../cty/mod.ts";
 * import { compareWithBounds } from "./compare_bounds.ts";
 *
 * const x = cty.unknown(cty.Number, { numberLower: [1, true], numberUpper: [5, true] });
 * assert.equal(compareWithBounds("<", x, cty.number(6)).asBool(), true);
 * assert.equal(compareWithBounds("<=", x, cty.number(0)).asBool(), false);
 * assert.equal(compareWithBounds(">=", x, cty.number(1)).isKnown, false);
 * ```
 *
 * @module
 */

import { cty, type Num, type Value } from "../cty/evaluation.ts";

/** An ordering comparison operator. */
export type OrderingOperator = "<" | "<=" | ">" | ">=";

function lower(v: Value): Num {
  if (v.isKnown) return v.asNumber();
  return v.refinements?.numberLower?.[0] ?? -Infinity;
}

function upper(v: Value): Num {
  if (v.isKnown) return v.asNumber();
  return v.refinements?.numberUpper?.[0] ?? Infinity;
}

/** go-cty's `LessThan` when an operand is unknown: true, false or unknown. */
function lessThan(a: Value, b: Value): boolean | undefined {
  if (cty.compareNumbers(upper(a), lower(b)) < 0) return true;
  if (cty.compareNumbers(upper(b), lower(a)) < 0) return false;
  return undefined;
}

/** go-cty's `Or` of two possibly unknown booleans (a known true decides). */
function or(a: boolean | undefined, b: boolean | undefined): boolean | undefined {
  if (a === true || b === true) return true;
  if (a === false && b === false) return false;
  return undefined;
}

/** `Equals` of two numbers, one unknown: false when either lies outside the other's bounds. */
function equal(a: Value, b: Value): boolean | undefined {
  const eq = a.equals(b);
  return eq.isKnown ? eq.asBool() : undefined;
}

/**
 * `a op b` for unmarked, non-null numbers of which at least one is unknown: a known
 * boolean when the bounds decide it, else a not-null unknown boolean.
 */
export function compareWithBounds(op: OrderingOperator, a: Value, b: Value): Value {
  let r: boolean | undefined;
  switch (op) {
    case "<":
      r = lessThan(a, b);
      break;
    case ">":
      r = lessThan(b, a);
      break;
    case "<=":
      r = or(lessThan(a, b), equal(a, b));
      break;
    case ">=":
      r = or(lessThan(b, a), equal(a, b));
      break;
  }
  return r === undefined ? cty.unknown(cty.Bool, { notNull: true }) : cty.bool(r);
}
