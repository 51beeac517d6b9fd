/**
 * Go's decimal rendering of `big.Float` numbers (`%e`, `%f`, `%g`, `Text('g', -1)`), on cty
 * numbers as go-cty holds them: a number parsed from text is a 512-bit binary float, one made
 * from a float64 is that float64. Digits come from the exact binary value, rounded half to even
 * as `math/big` does, so `format("%.30f", 0.1)` prints what Terraform prints.
 *
 * @module
 */

import { BigDecimal, cty, type Num } from "../evaluation.ts";

/** A decimal `0.mant × 10^exp` (`mant` without leading or trailing zeros; empty for zero). */
export interface GoDecimal {
  neg: boolean;
  mant: string;
  exp: number;
}

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

function fromScaled(m: bigint, e: number, neg: boolean): GoDecimal {
  if (m === 0n) return { neg, mant: "", exp: 0 };
  let digits = m.toString();
  const exp = e + digits.length;
  digits = digits.replace(/0+$/, "");
  return { neg, mant: digits, exp };
}

/** The exact decimal of a finite float64. */
function exactFloat(f: number): GoDecimal {
  const neg = f < 0 || Object.is(f, -0);
  if (f === 0) return { neg, mant: "", exp: 0 };
  F64[0] = Math.abs(f);
  const bits = U64[0];
  const expBits = Number(bits >> 52n);
  let mant = bits & ((1n << 52n) - 1n);
  let exp2: number;
  if (expBits === 0) exp2 = -1074;
  else {
    mant |= 1n << 52n;
    exp2 = expBits - 1075;
  }
  if (exp2 >= 0) return fromScaled(mant << BigInt(exp2), 0, neg);
  return fromScaled(mant * 5n ** BigInt(-exp2), exp2, neg);
}

function divRoundEven(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r2 = (a % b) * 2n;
  if (r2 > b || (r2 === b && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** The exact decimal of `m × 10^e` rounded to a 512-bit binary float (go-cty's parse precision). */
function exact512(m: bigint, e: number): GoDecimal {
  const neg = m < 0n;
  if (neg) m = -m;
  if (e >= 0) {
    const n = m * 10n ** BigInt(e);
    const extra = bitLength(n) - 512;
    if (extra <= 0) return fromScaled(n, 0, neg);
    const q = divRoundEven(n, 1n << BigInt(extra));
    return fromScaled(q << BigInt(extra), 0, neg);
  }
  const d = 10n ** BigInt(-e);
  let k = 512 - (bitLength(m) - bitLength(d));
  let q = divRoundEven(k >= 0 ? m << BigInt(k) : m, k >= 0 ? d : d << BigInt(-k));
  if (bitLength(q) > 512) {
    k--;
    q = divRoundEven(k >= 0 ? m << BigInt(k) : m, k >= 0 ? d : d << BigInt(-k));
  }
  if (k <= 0) return fromScaled(q << BigInt(-k), 0, neg);
  return fromScaled(q * 5n ** BigInt(k), -k, neg);
}

/** The exact decimal of the binary number go-cty holds for `n` (finite). */
export function exactDecimal(n: Num): GoDecimal {
  if (typeof n === "number") return exactFloat(n);
  return exact512(n.m, n.e);
}

/** The shortest decimal that identifies `n` at its precision (`Text('g', -1)`'s digits). */
export function shortestDecimal(n: Num): GoDecimal {
  if (typeof n === "number") {
    const neg = n < 0 || Object.is(n, -0);
    if (n === 0) return { neg, mant: "", exp: 0 };
    const s = Math.abs(n).toExponential();
    const [m, e] = s.split("e");
    const mant = m.replace(".", "").replace(/0+$/, "");
    return { neg, mant, exp: Number(e) + 1 };
  }
  const neg = n.m < 0n;
  return fromScaled(neg ? -n.m : n.m, n.e, neg);
}

/** Go's `decimal.round(n)`: to `n` significant digits, half to even. */
function round(d: GoDecimal, n: number): GoDecimal {
  if (n < 0 || n >= d.mant.length) return d;
  const digit = d.mant.charCodeAt(n) - 48;
  let up: boolean;
  if (digit === 5 && n + 1 === d.mant.length) {
    up = n > 0 && ((d.mant.charCodeAt(n - 1) - 48) & 1) !== 0;
  } else up = digit >= 5;
  if (!up) return { neg: d.neg, mant: d.mant.slice(0, n).replace(/0+$/, ""), exp: d.exp };
  let i = n - 1;
  while (i >= 0 && d.mant[i] === "9") i--;
  if (i < 0) return { neg: d.neg, mant: "1", exp: d.exp + 1 };
  const mant = d.mant.slice(0, i) + String.fromCharCode(d.mant.charCodeAt(i) + 1);
  return { neg: d.neg, mant, exp: d.exp };
}

function digitAt(d: GoDecimal, i: number): string {
  return i >= 0 && i < d.mant.length ? d.mant[i] : "0";
}

function fmtE(d: GoDecimal, letter: string, prec: number): string {
  let out = d.mant.length > 0 ? d.mant[0] : "0";
  if (prec > 0) {
    out += ".";
    const m = Math.min(d.mant.length, prec + 1);
    out += d.mant.slice(1, m);
    out += "0".repeat(Math.max(0, prec + 1 - Math.max(m, 1)));
  }
  let exp = d.mant.length > 0 ? d.exp - 1 : 0;
  const sign = exp < 0 ? "-" : "+";
  exp = Math.abs(exp);
  return `${out}${letter}${sign}${exp < 10 ? "0" : ""}${exp}`;
}

function fmtF(d: GoDecimal, prec: number): string {
  let out: string;
  if (d.exp > 0) {
    const m = Math.min(d.mant.length, d.exp);
    out = d.mant.slice(0, m) + "0".repeat(d.exp - m);
  } else out = "0";
  if (prec > 0) {
    out += ".";
    for (let i = 0; i < prec; i++) out += digitAt(d, d.exp + i);
  }
  return out;
}

/**
 * `big.Float.Append(buf, fmt, prec)` for `e`, `E`, `f`, `g`, `G`: the unsigned text (the
 * sign is returned apart). `prec` < 0 asks for the shortest text.
 */
export function goFloatText(n: Num, fmt: "e" | "E" | "f" | "g" | "G", prec: number): {
  neg: boolean;
  text: string;
} {
  if (typeof n === "number" && !Number.isFinite(n)) {
    return { neg: n < 0, text: "Inf" };
  }
  const shortest = prec < 0;
  let d = shortest ? shortestDecimal(n) : exactDecimal(n);
  if (shortest) {
    if (fmt === "e" || fmt === "E") prec = Math.max(d.mant.length - 1, 0);
    else if (fmt === "f") prec = Math.max(d.mant.length - d.exp, 0);
    else prec = d.mant.length;
  } else if (fmt === "e" || fmt === "E") d = round(d, 1 + prec);
  else if (fmt === "f") d = round(d, d.exp + prec);
  else {
    if (prec === 0) prec = 1;
    d = round(d, prec);
  }
  let text: string;
  if (fmt === "e" || fmt === "E") text = fmtE(d, fmt, prec);
  else if (fmt === "f") text = fmtF(d, prec);
  else {
    let eprec = prec;
    if (eprec > d.mant.length && d.mant.length >= d.exp) eprec = d.mant.length;
    if (shortest) eprec = 6;
    const exp = d.exp - 1;
    if (exp < -4 || exp >= eprec) {
      if (prec > d.mant.length) prec = d.mant.length;
      text = fmtE(d, fmt === "g" ? "e" : "E", prec - 1);
    } else {
      if (prec > d.exp) prec = d.mant.length;
      text = fmtF(d, Math.max(prec - d.exp, 0));
    }
  }
  return { neg: d.neg, text };
}

function sameDecimal(a: GoDecimal, b: GoDecimal): boolean {
  return a.neg === b.neg && a.mant === b.mant && a.exp === b.exp;
}

/**
 * A number as go-cty holds the result of arithmetic on parsed numbers: rounded to 512 bits,
 * then read back as the shortest decimal that rounds to the same 512-bit value. Numbers
 * short enough to be exact at 512 bits come back unchanged.
 */
export function round512(n: Num): Num {
  if (typeof n === "number") return n;
  const digits = (n.m < 0n ? -n.m : n.m).toString();
  if (digits.length <= 150 && Math.abs(n.e) <= 300) return n;
  const target = exact512(n.m, n.e);
  for (let k = 1; k <= 160; k++) {
    const r = round(target, k);
    const m = BigInt((r.neg ? "-" : "") + (r.mant === "" ? "0" : r.mant));
    const e = r.exp - r.mant.length;
    if (sameDecimal(exact512(m, e), target)) {
      return cty.parseNumber(`${m}e${e}`) ?? new BigDecimal(m, e);
    }
  }
  return n;
}
