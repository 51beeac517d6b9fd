/**
 * go-cty parses every number that arrives as text (HCL literals, JSON,
 * msgpack strings, `tonumber`) with Go's `big.ParseFloat(s, 10, 512,
 * ToNearestEven)`: a binary float with a 512-bit mantissa, printed back as the
 * shortest decimal that reads as the same float (`Text('f', -1)`). A decimal
 * of at most 153 significant digits survives that unchanged (the 512-bit
 * rounding interval is narrower than its last digit), so only longer texts
 * come here; they round as Go rounds them, step for step:
 *
 * - the digits form an exact integer `M` and `10^k` splits into `5^k·2^k`;
 * - `5^|k|` is built at 576 bits (exact up to `5^27`, then square and
 *   multiply, each product rounded to nearest even), so for `|k| > 248` it
 *   carries Go's own rounding error;
 * - `M` is multiplied or divided by it with one rounding to 512 bits;
 * - the shortest digits are chosen between the half-ulp neighbours as
 *   `math/big` chooses them (inclusive bounds only for an even mantissa).
 *
 * Cost is a few big-integer operations on ~600-bit numbers, paid only by
 * numbers longer than 153 digits.
 *
 * @module
 */

/** A positive binary float: `mant × 2^exp`. */
interface Bin {
  mant: bigint;
  exp: number;
}

/** Mantissa bits go-cty parses numbers with. */
export const PRECISION = 512;
/** Longest decimal (significant digits) that 512 bits always give back unchanged. */
export const SAFE_DIGITS = 153;
const POW5_PRECISION = PRECISION + 64;
const POW5_EXACT = 27; // 5^27 is the largest power of five in a uint64

function bitLength(n: bigint): number {
  return n.toString(2).length;
}

/** Rounds to `prec` bits, nearest even; `sticky` says the true value is a little above `mant`. */
function round(mant: bigint, exp: number, prec: number, sticky: boolean): Bin {
  const bl = bitLength(mant);
  if (bl <= prec) return { mant, exp };
  const shift = bl - prec;
  let q = mant >> BigInt(shift);
  const rem = mant - (q << BigInt(shift));
  const half = 1n << BigInt(shift - 1);
  if (rem > half || (rem === half && (sticky || (q & 1n) === 1n))) q += 1n;
  let e = exp + shift;
  if (bitLength(q) > prec) {
    q >>= 1n;
    e++;
  }
  return { mant: q, exp: e };
}

function mul(a: Bin, b: Bin, prec: number): Bin {
  return round(a.mant * b.mant, a.exp + b.exp, prec, false);
}

function quo(a: Bin, b: Bin, prec: number): Bin {
  // At least prec + 2 quotient bits, the remainder as the sticky bit.
  const k = Math.max(0, prec + 2 + bitLength(b.mant) - bitLength(a.mant));
  const num = a.mant << BigInt(k);
  const q = num / b.mant;
  return round(q, a.exp - b.exp - k, prec, q * b.mant !== num);
}

function pow5(n: number): Bin {
  if (n <= POW5_EXACT) return { mant: 5n ** BigInt(n), exp: 0 };
  let z: Bin = { mant: 5n ** BigInt(POW5_EXACT), exp: 0 };
  let f: Bin = { mant: 5n, exp: 0 };
  for (let k = n - POW5_EXACT; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) z = mul(z, f, POW5_PRECISION);
    f = mul(f, f, POW5_PRECISION);
  }
  return z;
}

/** Digits (no trailing zeros) and point position (value = 0.digits × 10^point) of a bin. */
function decimal(mant: bigint, exp: number): { digits: string; point: number } {
  let digits: string;
  let point: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    point = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-exp)).toString();
    point = digits.length + exp;
  }
  return { digits: digits.replace(/0+$/, ""), point };
}

/** Go's `decimal.round` test: half-even only when the 5 is the last digit. */
function shouldRoundUp(d: string, n: number): boolean {
  if (d[n] === "5" && n + 1 === d.length) return n > 0 && (d.charCodeAt(n - 1) & 1) === 1;
  return d[n] >= "5";
}

function roundUp(d: { digits: string; point: number }, n: number): void {
  let i = n;
  while (i > 0 && d.digits[i - 1] === "9") i--;
  if (i === 0) {
    d.digits = "1";
    d.point++;
  } else {
    d.digits = d.digits.slice(0, i - 1) + String.fromCharCode(d.digits.charCodeAt(i - 1) + 1);
  }
}

function roundDown(d: { digits: string; point: number }, n: number): void {
  d.digits = d.digits.slice(0, n).replace(/0+$/, "");
}

/** `math/big`'s shortest decimal for a float of `prec` bits. */
function shortest(x: Bin, prec: number): { digits: string; point: number } {
  const d = decimal(x.mant, x.exp);
  // Rescale so the lowest bit is half an ulp at this precision.
  const s = bitLength(x.mant) - (prec + 1);
  const mant = s < 0 ? x.mant << BigInt(-s) : x.mant >> BigInt(s);
  const exp = x.exp + s;
  const lower = decimal(mant - 1n, exp).digits;
  const upper = decimal(mant + 1n, exp).digits;
  const inclusive = (mant & 2n) === 0n;
  const at = (t: string, i: number) => (i < t.length ? t[i] : "0");
  for (let i = 0; i < d.digits.length; i++) {
    const m = d.digits[i];
    const l = at(lower, i);
    const u = at(upper, i);
    const okDown = l !== m || (inclusive && i + 1 === lower.length);
    const okUp = m !== u &&
      (inclusive || m.charCodeAt(0) + 1 < u.charCodeAt(0) || i + 1 < upper.length);
    if (okDown && okUp) {
      if (shouldRoundUp(d.digits, i + 1)) roundUp(d, i + 1);
      else roundDown(d, i + 1);
      return d;
    }
    if (okDown) {
      roundDown(d, i + 1);
      return d;
    }
    if (okUp) {
      roundUp(d, i + 1);
      return d;
    }
  }
  return d;
}

/**
 * The decimal Terraform holds for the text whose digits are the integer `m`
 * (sign included, leading zeros dropped) and decimal exponent `k` (value
 * `m × 10^k`, `k` as written: exponent minus fraction digits): rounded to 512
 * bits and printed shortest. Returns the new `m` and `k` (no trailing zeros).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { roundAs512 } from "./bigfloat512.ts";
 * // 1.000...0001 with 159 zeros is 1 to go-cty.
 * assert.deepEqual(roundAs512(10n ** 160n + 1n, -160), { m: 1n, e: 0 });
 * ```
 */
export function roundAs512(m: bigint, k: number): { m: bigint; e: number } {
  if (m === 0n) return { m, e: 0 };
  const negative = m < 0n;
  const z: Bin = { mant: negative ? -m : m, exp: 0 };
  let x: Bin;
  if (k === 0) x = round(z.mant, 0, PRECISION, false);
  else {
    const p = pow5(Math.abs(k));
    x = k < 0 ? quo(z, p, PRECISION) : mul(z, p, PRECISION);
    x.exp += k;
  }
  const d = shortest(x, PRECISION);
  const digits = BigInt(d.digits);
  return { m: negative ? -digits : digits, e: d.point - d.digits.length };
}
