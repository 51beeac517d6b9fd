/**
 * cty numbers. go-cty keeps every number as a `big.Float` whose precision
 * depends on where it came from (53 bits from a float64, 64 from an integer,
 * 512 when parsed from text), and prints it as the shortest decimal that
 * round-trips at that precision. Foundry mirrors this with two forms:
 *
 * - a JS `number`: float64 semantics (printed shortest, like JS does);
 * - a {@link BigDecimal}: an exact decimal `m × 10^e`, printed exactly.
 *
 * A value takes the JS form whenever both readings agree, so the fast path
 * covers nearly all real numbers.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import { roundAs512, SAFE_DIGITS } from "./bigfloat512.ts";

/**
 * An exact decimal `m × 10^e`, with `m` carrying no trailing zero digits.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseNumber, BigDecimal } from "./number.ts";
 * const n = parseNumber("0.1");
 * assert.ok(n instanceof BigDecimal);
 * assert.equal(n.m, 1n);
 * assert.equal(n.e, -1);
 * ```
 */
export class BigDecimal {
  /** Signed mantissa (never divisible by 10, never zero). */
  readonly m: bigint;
  /** Base-10 exponent. */
  readonly e: number;
  constructor(m: bigint, e: number) {
    this.m = m;
    this.e = e;
  }
}

/** A cty number: a float64 (fast path) or an exact decimal. */
export type Num = number | BigDecimal;

/** Largest decimal exponent accepted from input (1e100000); go-cty's limit is far larger but unbounded output is a hazard. */
export const MAX_DECIMAL_EXPONENT = 100000;
const MAX_DIGITS = 20000;

interface Dec {
  m: bigint;
  e: number;
}

const TEN = 10n;
const TEN16 = 10n ** 16n;

function normalize(m: bigint, e: number): Dec {
  if (m === 0n) return { m, e: 0 };
  while (m % TEN16 === 0n) {
    m /= TEN16;
    e += 16;
  }
  while (m % TEN === 0n) {
    m /= TEN;
    e++;
  }
  return { m, e };
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Exact decimal expansion of a finite float64. */
function floatToDec(f: number): Dec {
  if (f === 0) return { m: 0n, e: 0 };
  if (Number.isSafeInteger(f)) return normalize(BigInt(f), 0);
  F64[0] = f;
  const hi = U32[LITTLE ? 1 : 0];
  const lo = U32[LITTLE ? 0 : 1];
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (expBits === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = expBits - 1075;
  }
  if (f < 0) mant = -mant;
  if (exp >= 0) return normalize(mant << BigInt(exp), 0);
  return normalize(mant * 5n ** BigInt(-exp), exp);
}

function toDec(n: Num): Dec {
  return typeof n === "number" ? floatToDec(n) : { m: n.m, e: n.e };
}

/** Builds the canonical Num for an exact decimal. */
function fromDec(m: bigint, e: number): Num {
  if (m === 0n) return 0;
  const d = normalize(m, e);
  // Only when float64 shortest-printing gives back exactly this decimal.
  const digits = (d.m < 0n ? -d.m : d.m).toString();
  if (digits.length <= 17) {
    const f = Number(`${d.m}e${d.e}`);
    if (Number.isFinite(f) && f !== 0) {
      const s = shortestDigits(f);
      if (s.digits === digits && s.exp === d.e + digits.length) {
        // ...and only when the float64 is exactly this decimal (0.1 is not).
        const x = floatToDec(f);
        if (x.m === d.m && x.e === d.e) return f;
      }
    }
  }
  return new BigDecimal(d.m, d.e);
}

/** Shortest round-trip digits of |f| and the decimal point position (value = 0.digits × 10^exp). */
function isPowerOfTwo(f: number): boolean {
  F64[0] = f;
  return U32[LITTLE ? 0 : 1] === 0 && (U32[LITTLE ? 1 : 0] & 0xfffff) === 0;
}

function shortestDigits(f: number): { digits: string; exp: number } {
  const a = f < 0 ? -f : f;
  F64[0] = a;
  if (
    U32[LITTLE ? 0 : 1] === 0 && (U32[LITTLE ? 1 : 0] & 0xfffff) === 0 &&
    a >= 2.2250738585072014e-308
  ) {
    return goShortestPowerOfTwo(a);
  }
  const s = a.toExponential();
  const ei = s.indexOf("e");
  const mant = s.slice(0, ei);
  const exp = parseInt(s.slice(ei + 1), 10);
  const digits = mant.length > 1 ? mant[0] + mant.slice(2) : mant;
  return { digits, exp: exp + 1 };
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses decimal text as go-cty's `ParseNumberVal` does (sign, digits,
 * fraction, exponent, or `Inf`), keeping full precision. Returns
 * `undefined` when the text is not a number.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseNumber, formatNumber } from "./number.ts";
 * assert.equal(formatNumber(parseNumber("1e3")!), "1000");
 * assert.equal(formatNumber(parseNumber("9007199254740993")!), "9007199254740993");
 * ```
 */
export function parseNumber(text: string): Num | undefined {
  if (text.length === 0 || text.length > MAX_DIGITS) return undefined;
  const match = DECIMAL_RE.exec(text);
  if (match === null) {
    if (text === "Inf" || text === "+Inf" || text === "inf" || text === "+inf") return Infinity;
    if (text === "-Inf" || text === "-inf") return -Infinity;
    return undefined;
  }
  const [, sign, int, frac = "", expText] = match;
  if (int.length === 0 && frac.length === 0) return undefined;
  const exp = expText === undefined ? 0 : parseInt(expText, 10);
  if (!Number.isFinite(exp) || Math.abs(exp) > MAX_DECIMAL_EXPONENT * 2) {
    throw new FoundryError(
      "cty.number.out_of_range",
      `number ${text.slice(0, 40)} is out of range`,
      {
        context: { text: text.slice(0, 80) },
      },
    );
  }
  const all = (int + frac).replace(/^0+/, "");
  if (all.length === 0) return sign === "-" ? -0 : 0;
  let m = BigInt(all);
  if (sign === "-") m = -m;
  // Past 153 digits go-cty's 512-bit binary float no longer holds every digit.
  const d = all.length > SAFE_DIGITS && all.replace(/0+$/, "").length > SAFE_DIGITS
    ? roundAs512(m, exp - frac.length)
    : normalize(m, exp - frac.length);
  const magnitude = d.e + (d.m < 0n ? -d.m : d.m).toString().length;
  if (magnitude > MAX_DECIMAL_EXPONENT || magnitude < -MAX_DECIMAL_EXPONENT) {
    throw new FoundryError(
      "cty.number.out_of_range",
      `number ${text.slice(0, 40)} is out of range`,
      {
        context: { text: text.slice(0, 80) },
      },
    );
  }
  return fromDec(d.m, d.e);
}

/**
 * A number from a 64-bit integer (as decoded from msgpack): exact digits.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { numberFromBigInt, formatNumber } from "./number.ts";
 * assert.equal(formatNumber(numberFromBigInt(2n ** 63n)), "9223372036854775808");
 * ```
 */
export function numberFromBigInt(v: bigint): Num {
  if (v >= -9007199254740992n && v <= 9007199254740992n) return Number(v);
  return fromDec(v, 0);
}

function plain(negative: boolean, digits: string, pointPos: number): string {
  // value = 0.digits × 10^pointPos
  let out: string;
  if (pointPos <= 0) out = "0." + "0".repeat(-pointPos) + digits;
  else if (pointPos >= digits.length) out = digits + "0".repeat(pointPos - digits.length);
  else out = digits.slice(0, pointPos) + "." + digits.slice(pointPos);
  return negative ? "-" + out : out;
}

/**
 * Formats as go's `big.Float.Text('f', -1)`: plain decimal, no exponent,
 * which is how Terraform prints numbers and how go-cty writes them in JSON.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatNumber } from "./number.ts";
 * assert.equal(formatNumber(1e21), "1000000000000000000000");
 * assert.equal(formatNumber(-0), "-0");
 * ```
 */
export function formatNumber(n: Num): string {
  if (typeof n === "number") {
    if (Number.isSafeInteger(n)) return Object.is(n, -0) ? "-0" : String(n);
    if (n === Infinity) return "+Inf";
    if (n === -Infinity) return "-Inf";
    if (n === 0) return Object.is(n, -0) ? "-0" : "0";
    // Between 1e-7 and 1e21 JavaScript already writes the shortest digits
    // without an exponent, which is Go's form too, except for powers of two
    // (see goShortestPowerOfTwo).
    if (!isPowerOfTwo(n)) {
      const text = String(n);
      if (text.indexOf("e") === -1) return text;
    }
    const s = shortestDigits(n);
    return plain(n < 0, s.digits, s.exp);
  }
  const neg = n.m < 0n;
  const digits = (neg ? -n.m : n.m).toString();
  return plain(neg, digits, n.e + digits.length);
}

/**
 * True when the number has no fractional part (infinities excluded).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isInteger, parseNumber } from "./number.ts";
 * assert.ok(isInteger(parseNumber("1e30")!));
 * assert.ok(!isInteger(0.5));
 * ```
 */
export function isInteger(n: Num): boolean {
  return typeof n === "number" ? Number.isInteger(n) : n.e >= 0;
}

/**
 * The integer value as a bigint, if `n` is an integer.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { toBigInt } from "./number.ts";
 * assert.equal(toBigInt(42), 42n);
 * ```
 */
export function toBigInt(n: Num): bigint | undefined {
  if (typeof n === "number") return Number.isInteger(n) ? BigInt(n) : undefined;
  return n.e >= 0 ? n.m * TEN ** BigInt(n.e) : undefined;
}

/**
 * The exact float64 equal to `n`, or `undefined` when `n` is not exactly one.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { exactFloat64, parseNumber } from "./number.ts";
 * assert.equal(exactFloat64(parseNumber("0.5")!), 0.5);
 * assert.equal(exactFloat64(parseNumber("0.1")!), undefined);
 * ```
 */
export function exactFloat64(n: Num): number | undefined {
  if (typeof n === "number") return n;
  const f = Number(`${n.m}e${n.e}`);
  if (!Number.isFinite(f) || f === 0) return undefined;
  const d = floatToDec(f);
  return d.m === n.m && d.e === n.e ? f : undefined;
}

function cmpDec(a: Dec, b: Dec): number {
  if (a.m === 0n || b.m === 0n || (a.m < 0n) !== (b.m < 0n)) {
    const sa = a.m === 0n ? 0 : a.m < 0n ? -1 : 1;
    const sb = b.m === 0n ? 0 : b.m < 0n ? -1 : 1;
    return sa - sb;
  }
  const e = Math.min(a.e, b.e);
  const x = a.m * TEN ** BigInt(a.e - e);
  const y = b.m * TEN ** BigInt(b.e - e);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Three-way numeric comparison (`-0` equals `0`; infinities at the ends).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareNumbers, parseNumber } from "./number.ts";
 * assert.ok(compareNumbers(parseNumber("0.1")!, 0.1) < 0);
 * ```
 */
export function compareNumbers(a: Num, b: Num): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (a === Infinity || b === -Infinity) return a === b ? 0 : 1;
  if (a === -Infinity || b === Infinity) return a === b ? 0 : -1;
  return cmpDec(toDec(a), toDec(b));
}

/**
 * Numeric equality.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { numberEquals, parseNumber } from "./number.ts";
 * assert.ok(numberEquals(parseNumber("1.0")!, 1));
 * ```
 */
export function numberEquals(a: Num, b: Num): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b;
  return compareNumbers(a, b) === 0;
}

function infinityGuard(op: string, a: Num, b: Num): number | undefined {
  if (typeof a === "number" && typeof b === "number") {
    const r = op === "+" ? a + b : op === "-" ? a - b : a * b;
    if (Number.isNaN(r)) {
      throw new FoundryError("cty.number.nan", `${a} ${op} ${b} is not a number`, {});
    }
    return r;
  }
  if (a === Infinity || a === -Infinity || b === Infinity || b === -Infinity) {
    const fa = typeof a === "number" ? a : Number(a.m < 0n ? -1 : 1);
    const fb = typeof b === "number" ? b : Number(b.m < 0n ? -1 : 1);
    return infinityGuard(op, fa, fb);
  }
  return undefined;
}

/**
 * Exact addition (float64 fast path when the sum is exact).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { addNumbers, formatNumber, parseNumber } from "./number.ts";
 * assert.equal(formatNumber(addNumbers(parseNumber("0.1")!, parseNumber("0.2")!)), "0.3");
 * ```
 */
export function addNumbers(a: Num, b: Num): Num {
  return arith("+", a, b);
}
/**
 * Exact subtraction.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { subtractNumbers } from "./number.ts";
 * assert.equal(subtractNumbers(3, 1), 2);
 * ```
 */
export function subtractNumbers(a: Num, b: Num): Num {
  return arith("-", a, b);
}
/**
 * Exact multiplication.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { multiplyNumbers } from "./number.ts";
 * assert.equal(multiplyNumbers(3, 4), 12);
 * ```
 */
export function multiplyNumbers(a: Num, b: Num): Num {
  return arith("*", a, b);
}

function arith(op: "+" | "-" | "*", a: Num, b: Num): Num {
  if (
    typeof a === "number" && typeof b === "number" && Number.isSafeInteger(a) &&
    Number.isSafeInteger(b)
  ) {
    const r = op === "+" ? a + b : op === "-" ? a - b : a * b;
    if (Number.isSafeInteger(r)) return r;
  }
  const inf = infinityGuard(op, a, b);
  if (
    inf !== undefined && (typeof a !== "number" || typeof b !== "number" || !Number.isFinite(inf))
  ) {
    return inf;
  }
  const x = toDec(a);
  const y = toDec(b);
  if (op === "*") return fromDec(x.m * y.m, x.e + y.e);
  const e = Math.min(x.e, y.e);
  const xm = x.m * TEN ** BigInt(x.e - e);
  const ym = y.m * TEN ** BigInt(y.e - e);
  return fromDec(op === "+" ? xm + ym : xm - ym, e);
}

/**
 * go's `big.Float.String()` (`Text('g', 10)`): the text go-cty hashes numbers
 * by inside set elements, which decides set order for nested values.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { hashText } from "./number.ts";
 * assert.equal(hashText(123456789012), "1.23456789e+11");
 * assert.equal(hashText(0.1), "0.1");
 * ```
 */
export function hashText(n: Num): string {
  if (n === Infinity) return "+Inf";
  if (n === -Infinity) return "-Inf";
  const d = toDec(n);
  if (d.m === 0n) return typeof n === "number" && Object.is(n, -0) ? "-0" : "0";
  const neg = d.m < 0n;
  let digits = (neg ? -d.m : d.m).toString();
  let exp = d.e + digits.length; // value = 0.digits × 10^exp
  const prec = 10;
  if (digits.length > prec) {
    const next = digits.charCodeAt(prec) - 48;
    // go's decimal rounding: half-even only on an exact tie (digits carry no trailing zeros).
    const up = next > 5 ||
      (next === 5 && (digits.length > prec + 1 || ((digits.charCodeAt(prec - 1) - 48) & 1) === 1));
    let head = BigInt(digits.slice(0, prec));
    if (up) head += 1n;
    digits = head.toString();
    if (digits.length > prec) exp++;
    digits = digits.replace(/0+$/, "");
  }
  let eprec = prec;
  if (eprec > digits.length && digits.length >= exp) eprec = digits.length;
  const x = exp - 1;
  let out: string;
  if (x < -4 || x >= eprec) {
    const p = Math.min(prec, digits.length) - 1;
    out = digits[0];
    if (p > 0) out += "." + digits.slice(1).padEnd(p, "0");
    const ax = Math.abs(x);
    out += (x < 0 ? "e-" : "e+") + (ax < 10 ? "0" + ax : String(ax));
  } else {
    const p = prec > exp ? digits.length : prec;
    const fracDigits = Math.max(p - exp, 0);
    let intPart = exp > 0 ? digits.slice(0, exp).padEnd(exp, "0") : "0";
    if (intPart === "") intPart = "0";
    out = intPart;
    if (fracDigits > 0) {
      let frac = "";
      for (let i = 1; i <= fracDigits; i++) {
        const idx = exp + i - 1;
        frac += idx >= 0 && idx < digits.length ? digits[idx] : "0";
      }
      out += "." + frac;
    }
  }
  return neg ? "-" + out : out;
}

/** Exact decimal digits of m × 2^k (m > 0) and the point position (value = 0.digits × 10^exp). */
function binaryDigits(m: bigint, k: number): { d: string; exp: number } {
  let digits: string;
  let e: number;
  if (k >= 0) {
    digits = (m << BigInt(k)).toString();
    e = 0;
  } else {
    digits = (m * 5n ** BigInt(-k)).toString();
    e = k;
  }
  const exp = digits.length + e;
  return { d: digits.replace(/0+$/, ""), exp };
}

/**
 * go's big.Float shortest formatting treats the gap below a power of two
 * like the gap above (twice the real one), so it may print fewer digits
 * than JS does there (2^64 prints as 18446744073709550000). Reproduced
 * here for those values only; elsewhere both agree.
 */
function goShortestPowerOfTwo(x: number): { digits: string; exp: number } {
  const e2 = Math.round(Math.log2(x)); // exact for powers of two
  const k = e2 - 53; // x = 2^53 × 2^k; lsb of a 54-bit mantissa is half an ulp
  const mant = 1n << 53n;
  const d = binaryDigits(mant, k);
  const lower = binaryDigits(mant - 1n, k);
  const upper = binaryDigits(mant + 1n, k);
  const at = (s: string, i: number) => (i < s.length ? s.charCodeAt(i) : 48);
  for (let i = 0; i < d.d.length; i++) {
    const m = d.d.charCodeAt(i);
    const l = at(lower.d, i);
    const u = at(upper.d, i);
    const okdown = l !== m || i + 1 === lower.d.length; // mantissa even: bounds inclusive
    const okup = m !== u;
    if (okdown || okup) {
      const n = i + 1;
      let up: boolean;
      if (okdown && okup) {
        const next = at(d.d, n);
        up = next > 53 || (next === 53 && (n + 1 < d.d.length || (at(d.d, n - 1) - 48) % 2 === 1));
      } else up = okup;
      let head = d.d.slice(0, n);
      let exp = d.exp;
      if (up) {
        const inc = (BigInt(head) + 1n).toString();
        if (inc.length > head.length) exp++;
        head = inc;
      }
      return { digits: head.replace(/0+$/, "") || "0", exp };
    }
  }
  return { digits: d.d, exp: d.exp };
}
