/**
 * Reading number literals the way the parser meets them most often: short
 * integers and decimals (`8000`, `1.5`, `0.2750`). Such text is answered
 * without big-integer arithmetic, giving exactly the value go-cty's parser
 * gives (a float64 where the decimal is one, else the exact decimal); any
 * other literal (exponents, long digit runs) returns `undefined` for the
 * general parser.
 *
 * @module
 */

import { BigDecimal, type Num } from "../cty/evaluation.ts";

// 10^k and 5^k for k <= 15, all exact as float64.
const POW10: number[] = [];
const POW5: number[] = [];
for (let k = 0, t = 1, f = 1; k <= 15; k++, t *= 10, f *= 5) {
  POW10.push(t);
  POW5.push(f);
}

/**
 * The value of the literal `text.slice(start, end)` when it is digits with
 * an optional fraction and at most 15 significant digits in all; otherwise
 * `undefined`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BigDecimal } from "../cty/mod.ts";
 * import { shortDecimal } from "./number_literal.ts";
 * assert.equal(shortDecimal("1.5", 0, 3), 1.5);
 * assert.deepEqual(shortDecimal("0.2750", 0, 6), new BigDecimal(275n, -3));
 * assert.equal(shortDecimal("1e3", 0, 3), undefined);
 * ```
 */
export function shortDecimal(text: string, start: number, end: number): Num | undefined {
  // Fifteen digits and a point at most: every such decimal has its own float64.
  if (end - start > 16) return undefined;
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0) frac = 0;
    else return undefined;
  }
  if (digits > 15 || frac === 0) return undefined;
  if (frac < 0 || m === 0) return m;
  while (frac > 0 && m % 10 === 0) {
    m /= 10;
    frac--;
  }
  if (frac === 0) return m;
  // m / 10^frac is a float64 exactly when 5^frac divides m; the division is then exact.
  if (m % POW5[frac] === 0) return m / POW10[frac];
  return new BigDecimal(BigInt(m), -frac);
}

/**
 * Whether {@link shortDecimal} answers for `text.slice(start, end)`, without
 * computing the value (the parser checks at parse time and reads the value
 * only when a consumer asks for it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isShortDecimal } from "./number_literal.ts";
 * assert.equal(isShortDecimal("0.2750", 0, 6), true);
 * assert.equal(isShortDecimal("1e3", 0, 3), false);
 * assert.equal(isShortDecimal("1234567890123456", 0, 16), false);
 * ```
 */
export function isShortDecimal(text: string, start: number, end: number): boolean {
  if (end - start > 16) return false;
  let digits = 0;
  let point = false;
  let afterPoint = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits++;
      if (point) afterPoint++;
    } else if (c === 46 && !point) point = true;
    else return false;
  }
  return digits <= 15 && !(point && afterPoint === 0);
}
