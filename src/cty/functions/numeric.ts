/**
 * Numeric functions: `abs`, `ceil`, `floor`, `log`, `max`, `min`, `parseint`, `pow`, `signum`
 * (go-cty's stdlib as Terraform 1.11 registers it). `abs`, `ceil`, `floor`, `max`, `min` and
 * `parseint` are exact on numbers of any size; `log` and `pow` work in float64 as Go does
 * (`pow(2, 63)` is 9223372036854776000).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { numericFunctions } from "./numeric.ts";
 *
 * const r = numericFunctions.parseint.call([cty.string("ff"), cty.number(16)]);
 * assert.equal(r.asNumber(), 255);
 * ```
 *
 * @module
 */

import { BigDecimal, cty, type CtyFunction, FunctionCallError, type Value } from "../evaluation.ts";
import { goQuote } from "./go_quote.ts";
import { makeFunction } from "./make_function.ts";
import { floatValue, goPow, intValue, toGoFloat64, toInt, toInt64 } from "./go_math.ts";

const num = (name: string, extra: object = {}) => ({ name, type: cty.Number, ...extra });

function roundTo(v: Value, up: boolean): Value {
  const n = v.asNumber();
  if (typeof n === "number") {
    if (!Number.isFinite(n)) return v;
    const r = up ? Math.ceil(n) : Math.floor(n);
    return cty.number(r === 0 ? 0 : r); // Go's integers have no negative zero
  }
  if (n.e >= 0) return v;
  const scale = 10n ** BigInt(-n.e);
  let q = n.m / scale;
  const r = n.m % scale;
  if (up && r > 0n) q++;
  if (!up && r < 0n) q--;
  return intValue(q);
}

function extreme(args: readonly Value[], greater: boolean): Value {
  if (args.length === 0) throw new FunctionCallError("must pass at least one number");
  let best: Value | undefined;
  for (const a of args) {
    if (best === undefined) {
      // Go starts from the opposite infinity, so an infinite first argument still wins ties.
      best = a;
      continue;
    }
    const c = cty.compareNumbers(a.asNumber(), best.asNumber());
    if (greater ? c > 0 : c < 0) best = a;
  }
  return best!;
}

/** Go `big.Int.SetString(s, base)` for bases 2..62 (no underscores, no prefix). */
function parseBigInt(s: string, base: number): bigint | undefined {
  let i = 0;
  let neg = false;
  if (s[0] === "+" || s[0] === "-") {
    neg = s[0] === "-";
    i = 1;
  }
  if (i >= s.length) return undefined;
  const b = BigInt(base);
  let out = 0n;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 122) d = c - 97 + 10;
    else if (c >= 65 && c <= 90) d = base <= 36 ? c - 65 + 10 : c - 65 + 36;
    else return undefined;
    if (d >= base) return undefined;
    out = out * b + BigInt(d);
  }
  return neg ? -out : out;
}

/** The numeric functions by name. */
export const numericFunctions: Readonly<Record<string, CtyFunction>> = {
  abs: makeFunction({
    params: [num("num", { allowDynamicType: true, allowMarked: true })],
    returnType: cty.Number,
    refineNotNull: true,
    impl: ([v]) => {
      const n = v.unmark().asNumber();
      let out: Value;
      if (typeof n === "number") out = n < 0 || Object.is(n, -0) ? cty.number(-n) : v.unmark();
      else out = n.m < 0n ? cty.number(new BigDecimal(-n.m, n.e)) : v.unmark();
      return v.marks === null ? out : out.withMarks(v.marks);
    },
  }),
  ceil: makeFunction({
    params: [num("num")],
    returnType: cty.Number,
    refineNotNull: true,
    impl: ([v]) => roundTo(v, true),
  }),
  floor: makeFunction({
    params: [num("num")],
    returnType: cty.Number,
    refineNotNull: true,
    impl: ([v]) => roundTo(v, false),
  }),
  log: makeFunction({
    params: [num("num"), num("base")],
    returnType: cty.Number,
    refineNotNull: true,
    impl: ([n, b]) => floatValue(Math.log(toGoFloat64(n)) / Math.log(toGoFloat64(b))),
  }),
  max: makeFunction({
    params: [],
    varParam: num("numbers", { allowDynamicType: true }),
    returnType: cty.Number,
    refineNotNull: true,
    impl: (args) => extreme(args, true),
  }),
  min: makeFunction({
    params: [],
    varParam: num("numbers", { allowDynamicType: true }),
    returnType: cty.Number,
    refineNotNull: true,
    impl: (args) => extreme(args, false),
  }),
  parseint: makeFunction({
    params: [{ name: "number", type: cty.Dynamic }, num("base")],
    type: ([s]) => {
      if (s.type.kind !== "string") {
        throw new FunctionCallError(
          `first argument must be a string, not ${cty.friendlyName(s.type)}`,
          { argument: 0 },
        );
      }
      return cty.Number;
    },
    refineNotNull: true,
    impl: ([s, b]) => {
      const text = s.asString();
      const base = toInt(b, 1);
      if (base < 2 || base > 62) {
        throw new FunctionCallError("base must be a whole number between 2 and 62 inclusive", {
          argument: 1,
        });
      }
      const n = parseBigInt(text, base);
      if (n === undefined) {
        throw new FunctionCallError(
          `cannot parse ${goQuote(text)} as a base ${base} integer`,
          { argument: 0 },
        );
      }
      return intValue(n);
    },
  }),
  pow: makeFunction({
    params: [num("num"), num("power")],
    returnType: cty.Number,
    refineNotNull: true,
    impl: ([n, p]) => floatValue(goPow(toGoFloat64(n), toGoFloat64(p))),
  }),
  signum: makeFunction({
    params: [num("num")],
    returnType: cty.Number,
    refineNotNull: true,
    impl: ([v]) => {
      const i = toInt64(v);
      return cty.number(i < 0n ? -1 : i > 0n ? 1 : 0);
    },
  }),
};
