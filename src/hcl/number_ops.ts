/**
 * Division and modulo with go-cty's precision. go-cty keeps computed numbers
 * as 512-bit binary floats and prints them as the shortest decimal that reads
 * back to the same float, so `1/3` is a 155-digit decimal and `2/3*3` is `2`.
 * Numbers parsed from text are 512-bit floats too, so `1.0000000000000000000001 - 1`
 * shows the binary error, as Terraform does; cty's own helpers are exact
 * decimal, so HCL's operators use {@link arithmetic} here instead.
 *
 * @module
 */

import { cty, type Num } from "../cty/evaluation.ts";

const PREC = 512;

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Exact rational of a finite Num: [numerator, denominator > 0]. */
function toRational(n: Num): [bigint, bigint] {
  if (typeof n === "number") {
    if (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) return [BigInt(n), 1n];
    const d = cty.parseNumber(String(n));
    if (d === undefined || typeof d === "number") {
      // A float64 is a dyadic rational; decompose it exactly.
      const buf = new DataView(new ArrayBuffer(8));
      buf.setFloat64(0, n);
      const bits = buf.getBigUint64(0);
      const sign = bits >> 63n ? -1n : 1n;
      const exp = Number((bits >> 52n) & 0x7ffn);
      let mant = bits & ((1n << 52n) - 1n);
      if (exp !== 0) mant |= 1n << 52n;
      const e2 = (exp === 0 ? 1 : exp) - 1075;
      return e2 >= 0 ? [sign * (mant << BigInt(e2)), 1n] : [sign * mant, 1n << BigInt(-e2)];
    }
    return toRational(d);
  }
  return n.e >= 0 ? [n.m * 10n ** BigInt(n.e), 1n] : [n.m, 10n ** BigInt(-n.e)];
}

/** A 512-bit binary float: sign × m × 2^k (m has exactly 512 bits, or is 0). */
interface Bin {
  neg: boolean;
  m: bigint;
  k: number;
}

/** Rounds num/den (den > 0) to 512 bits, half to even, as big.Float does. */
function round512(num: bigint, den: bigint): Bin {
  if (num === 0n) return { neg: false, m: 0n, k: 0 };
  const neg = num < 0n;
  const n = neg ? -num : num;
  let k = bitLength(n) - bitLength(den) - PREC;
  for (;;) {
    const d = k >= 0 ? den << BigInt(k) : den;
    const nn = k >= 0 ? n : n << BigInt(-k);
    let q = nn / d;
    const r = nn % d;
    const bl = bitLength(q);
    if (bl > PREC) {
      k++;
      continue;
    }
    if (bl < PREC) {
      k--;
      continue;
    }
    const twice = r * 2n;
    if (twice > d || (twice === d && (q & 1n) === 1n)) q++;
    if (bitLength(q) > PREC) {
      q >>= 1n;
      k++;
    }
    return { neg, m: q, k };
  }
}

function binRational(b: Bin): [bigint, bigint] {
  const m = b.neg ? -b.m : b.m;
  return b.k >= 0 ? [m << BigInt(b.k), 1n] : [m, 1n << BigInt(-b.k)];
}

/** The shortest decimal that rounds back to `b` at 512 bits (big.Float's 'g' with -1). */
function shortest(b: Bin): Num {
  if (b.m === 0n) return 0;
  const { neg, m, k } = b;
  // Interval of decimals that round to m × 2^k: half an ulp each side
  // (a quarter below when m is a power of two, where the ulp below halves).
  const pow2 = m === 1n << BigInt(PREC - 1);
  const scale = k - 2; // everything as integers × 2^scale
  const x = m << 2n;
  const lo = pow2 ? x - 1n : x - 2n;
  const hi = x + 2n;
  const inclusive = (m & 1n) === 0n;
  let X: bigint, LO: bigint, HI: bigint, e10: number;
  if (scale >= 0) {
    X = x << BigInt(scale);
    LO = lo << BigInt(scale);
    HI = hi << BigInt(scale);
    e10 = 0;
  } else {
    const f = 5n ** BigInt(-scale);
    X = x * f;
    LO = lo * f;
    HI = hi * f;
    e10 = scale;
  }
  // Fewest significant digits whose nearest rounding of X stays inside [LO, HI].
  const digits = X.toString().length;
  for (let p = 1; p <= digits; p++) {
    const drop = digits - p;
    const unit = 10n ** BigInt(drop);
    let c = X / unit;
    if ((X % unit) * 2n >= unit) c++;
    const cand = c * unit;
    const ok = inclusive ? cand >= LO && cand <= HI : cand > LO && cand < HI;
    if (ok) return fromDecimal(neg ? -c : c, e10 + drop);
  }
  return fromDecimal(neg ? -X : X, e10);
}

function roundRational(num: bigint, den: bigint): Num {
  return shortest(round512(num, den));
}

/** A number as go-cty holds it: its 512-bit binary value, as an exact rational. */
function binaryRational(n: Num): [bigint, bigint] {
  const [num, den] = toRational(n);
  if (typeof n === "number") return [num, den]; // float64s are exact in 512 bits
  return binRational(round512(num, den));
}

/**
 * `a op b` for `+`, `-`, `*` as go-cty computes it: on the operands' 512-bit
 * binary values, rounded to 512 bits, printed shortest.
 */
export function arithmetic(op: "+" | "-" | "*", a: Num, b: Num): Num {
  if (
    typeof a === "number" && typeof b === "number" && Number.isSafeInteger(a) &&
    Number.isSafeInteger(b)
  ) {
    const r = op === "+" ? a + b : op === "-" ? a - b : a * b;
    if (Number.isSafeInteger(r)) return r;
  }
  if (isInf(a) || isInf(b)) {
    return op === "+"
      ? cty.addNumbers(a, b)
      : op === "-"
      ? cty.subtractNumbers(a, b)
      : cty.multiplyNumbers(a, b);
  }
  const [an, ad] = binaryRational(a);
  const [bn, bd] = binaryRational(b);
  if (op === "*") return roundRational(an * bn, ad * bd);
  const num = op === "+" ? an * bd + bn * ad : an * bd - bn * ad;
  return roundRational(num, ad * bd);
}

function fromDecimal(m: bigint, e: number): Num {
  const s = m.toString();
  return cty.parseNumber(`${s}e${e}`) ?? 0;
}

/** Thrown for 0/0 and ∞/∞ (go-cty panics with big.ErrNaN; HCL reports the message). */
export class NumberOpError extends Error {}

function isInf(n: Num): boolean {
  return n === Infinity || n === -Infinity;
}

function sign(n: Num): number {
  if (typeof n === "number") return Math.sign(n);
  return n.m < 0n ? -1 : 1;
}

/** go-cty's Divide. */
export function divideNumbers(a: Num, b: Num): Num {
  if (isInf(a) && isInf(b)) {
    throw new NumberOpError("can't divide zero by zero or infinity by infinity");
  }
  if (sign(b) === 0) {
    if (sign(a) === 0) throw new NumberOpError("can't divide zero by zero or infinity by infinity");
    return sign(a) > 0 ? Infinity : -Infinity;
  }
  if (isInf(a)) return sign(a) * sign(b) > 0 ? Infinity : -Infinity;
  if (isInf(b)) return 0;
  if (typeof a === "number" && typeof b === "number" && Number.isInteger(a / b)) {
    const q = a / b;
    if (Number.isSafeInteger(q) && q * b === a) return q;
  }
  const [an, ad] = binaryRational(a);
  const [bn, bd] = binaryRational(b);
  let num = an * bd;
  let den = ad * bn;
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  return roundRational(num, den);
}

/** go-cty's Modulo: truncated division's remainder; `x % 0` is `x`. */
export function moduloNumbers(a: Num, b: Num): Num {
  if (isInf(a) || isInf(b)) {
    if ((isInf(a) && sign(b) === 0) || (isInf(b) && sign(a) === 0)) {
      throw new NumberOpError("can't use modulo with zero and infinity");
    }
    return cty.multiplyNumbers(a, b);
  }
  if (sign(b) === 0) return a;
  if (
    typeof a === "number" && typeof b === "number" && Number.isSafeInteger(a) &&
    Number.isSafeInteger(b)
  ) {
    return a % b === 0 ? 0 : a % b;
  }
  const rat = divideNumbers(a, b);
  const [rn, rd] = toRational(rat);
  const whole = cty.parseNumber((rn / rd).toString()) ?? 0; // truncated toward zero
  return arithmetic("-", a, arithmetic("*", b, whole));
}
