/**
 * Conversions between string, number and bool. number->string and
 * bool->string are safe; string->number and string->bool are unsafe (they
 * fail for most strings); number<->bool never convert.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import type { PathStep } from "../errors/mod.ts";
import { bool, string } from "./construct.ts";
import { convertError, type PathConversion } from "./convert_error.ts";
import {
  formatNumber,
  multiplyNumbers,
  type Num,
  numberFromBigInt,
  parseNumber,
} from "./number.ts";
import { numberType, type Type } from "./type.ts";
import { Value } from "./value.ts";

/** Beyond this binary exponent a `p` exponent is refused rather than expanded digit by digit. */
const MAX_BINARY_EXPONENT = 4096;
const BINARY_EXPONENT_RE = /^([+-]?(?:\d+\.?\d*|\.\d+))[pP]([+-]?\d{1,9})$/;

function parseWithBinaryExponent(text: string): Num | undefined {
  // go's big.ParseFloat (base 10) also takes a power-of-two exponent: "1p3" is 8.
  const m = BINARY_EXPONENT_RE.exec(text);
  if (m === null) return undefined;
  const k = parseInt(m[2], 10);
  if (Math.abs(k) > MAX_BINARY_EXPONENT) return undefined;
  const mantissa = parseNumber(m[1]);
  if (mantissa === undefined) return undefined;
  // 2^-k = 5^k / 10^k, so the result stays an exact decimal.
  const factor = k >= 0
    ? numberFromBigInt(2n ** BigInt(k))
    : parseNumber(`${5n ** BigInt(-k)}e${k}`)!;
  return multiplyNumbers(mantissa, factor);
}

/**
 * Parses a string as Terraform's `tonumber` does: decimal text with an
 * optional `e` (or binary `p`) exponent, or `Inf`; undefined otherwise.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseNumberForConversion } from "./convert_primitive.ts";
 * assert.equal(parseNumberForConversion("1p3"), 8);
 * assert.equal(parseNumberForConversion(" 1"), undefined);
 * ```
 */
export function parseNumberForConversion(text: string): Num | undefined {
  try {
    return parseNumber(text) ?? parseWithBinaryExponent(text);
  } catch (e) {
    // Exponents beyond what a cty number can hold are "not a number" here.
    if (e instanceof FoundryError) return undefined;
    throw e;
  }
}

const numberToString: PathConversion = (v) => string(formatNumber(v.raw as Num));
const boolToString: PathConversion = (v) => string(v.raw ? "true" : "false");

const stringToNumber: PathConversion = (v, path: readonly PathStep[]) => {
  const n = parseNumberForConversion(v.raw as string);
  if (n === undefined) throw convertError(path, "expected a number; this string is not one");
  return new Value(numberType, n);
};

const stringToBool: PathConversion = (v, path: readonly PathStep[]) => {
  const s = v.raw as string;
  if (s === "true" || s === "1") return bool(true);
  if (s === "false" || s === "0") return bool(false);
  const lower = s.toLowerCase();
  if (lower === "true" || lower === "false") {
    throw convertError(path, `expected a bool; write the string in lowercase: "${lower}"`);
  }
  throw convertError(path, 'expected a bool; only the strings "true", "false", "1", "0" convert');
};

/**
 * The conversion between two primitive types, if there is one at this
 * safety level.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { primitiveConversion } from "./convert_primitive.ts";
 * import { numberType, stringType } from "./type.ts";
 * assert.notEqual(primitiveConversion(numberType, stringType, false), undefined);
 * assert.equal(primitiveConversion(stringType, numberType, false), undefined);
 * ```
 */
export function primitiveConversion(
  from: Type,
  to: Type,
  unsafe: boolean,
): PathConversion | undefined {
  if (to.kind === "string") {
    if (from.kind === "number") return numberToString;
    if (from.kind === "bool") return boolToString;
    return undefined;
  }
  if (!unsafe || from.kind !== "string") return undefined;
  if (to.kind === "number") return stringToNumber;
  if (to.kind === "bool") return stringToBool;
  return undefined;
}
