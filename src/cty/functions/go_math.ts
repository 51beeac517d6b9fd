/**
 * Go's float64 arithmetic where it differs from JavaScript's, and go-cty's conversions of cty
 * numbers to Go numbers (`gocty.FromCtyValue`). `math.Pow` is Go's own algorithm (repeated
 * squaring for the integer part of the power), so `pow(10, 23)` rounds as Terraform's does,
 * and its special cases (`pow(1, Inf)` is 1) are Go's.
 *
 * @module
 */

import { BigDecimal, cty, FunctionCallError, type Num, type Value } from "../evaluation.ts";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The float64 nearest a cty number (`big.Float.Float64`, ties to even; overflow to ±Inf). */
export function toFloat64(n: Num): number {
  return typeof n === "number" ? n : Number(`${n.m}e${n.e}`);
}

const MAX_FLOAT_TEXT = `${(2n ** 53n - 1n) * 2n ** 971n}.000000`;

/**
 * `gocty.FromCtyValue(v, &float64)`: the nearest float64, refusing finite numbers beyond
 * float64's range with go-cty's message (infinities pass).
 */
export function toGoFloat64(v: Value, argument?: number): number {
  const n = v.asNumber();
  const f = toFloat64(n);
  if (typeof n !== "number" && !Number.isFinite(f)) {
    throw new FunctionCallError(
      `value must be between -${MAX_FLOAT_TEXT} and ${MAX_FLOAT_TEXT} inclusive`,
      { argument },
    );
  }
  return f;
}

/** The integer value of a cty number, or undefined when it is not whole (or infinite). */
export function toBigIntExact(n: Num): bigint | undefined {
  if (typeof n === "number") return Number.isInteger(n) ? BigInt(n) : undefined;
  if (n.e < 0) return undefined;
  return n.m * 10n ** BigInt(n.e);
}

/**
 * `gocty.FromCtyValue(v, &int)`: a whole number in int64's range, or go-cty's error (thrown as
 * a {@link FunctionCallError} for `argument`, or for the call when undefined).
 */
export function toInt64(v: Value, argument?: number): bigint {
  const i = toBigIntExact(v.asNumber());
  if (i === undefined || i < INT64_MIN || i > INT64_MAX) {
    throw new FunctionCallError(
      "value must be a whole number, between -9223372036854775808 and 9223372036854775807",
      { argument },
    );
  }
  return i;
}

/** {@link toInt64} as a JS number, for counts and indexes that are small in practice. */
export function toInt(v: Value, argument?: number): number {
  const raw = v.raw;
  if (typeof raw === "number" && Number.isSafeInteger(raw)) return raw === 0 ? 0 : raw;
  return Number(toInt64(v, argument));
}

/** `cty.NumberFloatVal`: NaN has no cty number; Go panics, and go-cty reports the panic. */
export function floatValue(f: number): Value {
  if (Number.isNaN(f)) {
    throw new FunctionCallError("panic in function implementation: Float.SetFloat64(NaN)");
  }
  return cty.number(f === 0 ? f : f);
}

/** A cty number from an exact integer. */
export function intValue(i: bigint): Value {
  return cty.number(i);
}

/** A cty number from an exact decimal `m × 10^e`. */
export function decimalValue(m: bigint, e: number): Value {
  if (m === 0n) return cty.number(0);
  while (m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  return cty.number(cty.parseNumber(`${m}e${e}`) ?? new BigDecimal(m, e));
}

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);

/** Go `math.Frexp`: `f = frac × 2^exp` with `|frac|` in [0.5, 1). */
function frexp(f: number): [number, number] {
  if (f === 0 || !Number.isFinite(f)) return [f, 0];
  let exp = 0;
  if (Math.abs(f) < 2.2250738585072014e-308) {
    f *= 2 ** 52;
    exp = -52;
  }
  F64[0] = f;
  const bits = U64[0];
  exp += Number((bits >> 52n) & 0x7ffn) - 1022;
  U64[0] = (bits & ~(0x7ffn << 52n)) | (1022n << 52n);
  return [F64[0], exp];
}

/** Go `math.Ldexp`: `frac × 2^exp`, rounding once into the subnormal range. */
function ldexp(frac: number, exp: number): number {
  if (frac === 0 || !Number.isFinite(frac)) return frac;
  const [f, e] = frexp(frac);
  exp += e;
  if (exp > 1024) return f < 0 ? -Infinity : Infinity;
  if (exp >= -1021) return f * 2 ** (exp - 1) * 2;
  // Subnormal: scale into range in two exact steps, then one rounding multiply.
  return (f * 2 ** 53) * 2 ** (exp - 53);
}

function isOddInt(x: number): boolean {
  if (Math.abs(x) >= 2 ** 53) return false;
  return Number.isInteger(x) && Math.abs(x % 2) === 1;
}

/** Go `math.Pow`, special cases and all. */
export function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (y === 1) return x;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === 0) {
    if (y < 0) return Object.is(x, -0) && isOddInt(y) ? -Infinity : Infinity;
    return Object.is(x, -0) && isOddInt(y) ? x : 0;
  }
  if (!Number.isFinite(y)) {
    if (x === -1) return 1;
    return (Math.abs(x) < 1) === (y > 0) ? 0 : Infinity;
  }
  if (!Number.isFinite(x)) {
    if (x < 0) return goPow(1 / x, -y);
    return y < 0 ? 0 : Infinity;
  }
  if (y === 0.5) return Math.sqrt(x);
  if (y === -0.5) return 1 / Math.sqrt(x);
  const ay = Math.abs(y);
  let yi = Math.trunc(ay);
  let yf = ay - yi;
  if (yf !== 0 && x < 0) return NaN;
  if (yi >= 2 ** 63) {
    if (x === -1) return 1;
    return (Math.abs(x) < 1) === (y > 0) ? 0 : Infinity;
  }
  let a1 = 1;
  let ae = 0;
  if (yf !== 0) {
    if (yf > 0.5) {
      yf--;
      yi++;
    }
    a1 = Math.exp(yf * Math.log(x));
  }
  let [x1, xe] = frexp(x);
  for (let i = BigInt(yi); i !== 0n; i >>= 1n) {
    if (xe < -(1 << 12) || 1 << 12 < xe) {
      ae += xe;
      break;
    }
    if ((i & 1n) === 1n) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe <<= 1;
    if (x1 < 0.5) {
      x1 += x1;
      xe--;
    }
  }
  if (y < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  return ldexp(a1, ae);
}
