/**
 * The fast path of `cty.json.decode`: one pass over the text straight into
 * values, for the JSON Terraform and go-cty write every day (no escapes in
 * strings, values of the declared types). It answers only when the result is
 * exactly what the careful parser in `json_decode.ts` gives; anything else
 * (escapes, dynamic values, conversions, duplicate or unknown keys, malformed
 * text) makes it return `undefined`, and the careful parser runs and reports
 * precisely, with the path.
 *
 * @module
 */

import { BigDecimal, type Num, parseNumber } from "./number.ts";
import { orderSetElements } from "./set_order.ts";
import { isPlainAscii } from "../errors/json_quote.ts";
import { boolType, numberType, type ObjectType, stringType, type Type } from "./type.ts";
import { markPlainText, Value } from "./value.ts";

const MAX_DEPTH = 1000;

/** Thrown inside the parse to give up; never escapes this module. */
const SLOW = Symbol("slow");

function cmp(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

/** The careful parser's exact reading of a number's text. */
function exact(text: string): Num {
  let n: Num | undefined;
  try {
    n = parseNumber(text);
  } catch {
    throw SLOW;
  }
  if (n === undefined) throw SLOW;
  return n;
}

// Anything from U+0300 (where NFC starts to matter, surrogates included).
// On one-byte text the engine knows this cannot match and answers at once.
const COMPOSING = /[\u0300-\uffff]/;

// Go escapes these in JSON strings; JSON text may hold them unescaped.
const HTML_SPECIAL = /[<>&]/;

// Control characters (raw ones are only legal between tokens), in two
// halves: a class of at most 16 characters lets the engine skip through the
// text many characters a step (measured: 0.09 ns a character against 0.55
// for the single class of 32).
// deno-lint-ignore no-control-regex -- control characters are what it looks for
const CONTROL_LOW = /[\x00-\x0f]/;
// deno-lint-ignore no-control-regex -- control characters are what it looks for
const CONTROL_HIGH = /[\x10-\x1f]/;

/**
 * Per object type, each attribute's key as it appears in JSON with its
 * colon (`"name":`), or undefined for a name that could be escaped there.
 */
const KEYS = new WeakMap<ObjectType, (string | undefined)[]>();

function keysOf(t: ObjectType): (string | undefined)[] {
  let keys = KEYS.get(t);
  if (keys === undefined) {
    keys = t.names.map((n) => (isPlainAscii(n) ? '"' + n + '":' : undefined));
    KEYS.set(t, keys);
  }
  return keys;
}

class FastParser {
  readonly s: string;
  pos = 0;
  /** No escapes, control characters or composing characters anywhere: strings need no scan. */
  readonly simple: boolean;
  /** ...and no `<`, `>` or `&` either: every string is written back to JSON as is. */
  readonly plainText: boolean;

  constructor(s: string) {
    // indexOf also flattens a concatenated string once, which makes every
    // later character access cheap.
    this.simple = s.indexOf("\\") === -1 && !COMPOSING.test(s) && !CONTROL_LOW.test(s) &&
      !CONTROL_HIGH.test(s);
    this.plainText = this.simple && !HTML_SPECIAL.test(s);
    this.s = s;
  }

  /** Skips whitespace; the next character code (NaN at the end). */
  ws(): number {
    const s = this.s;
    let p = this.pos;
    let c = s.charCodeAt(p);
    // Terraform's JSON has no whitespace: one comparison settles the usual case.
    if (c > 0x20) return c;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = s.charCodeAt(++p);
    this.pos = p;
    return c;
  }

  /** A string without escapes, the parser at its opening quote. */
  string(): string {
    const s = this.s;
    const start = this.pos + 1;
    if (this.simple) {
      const end = s.indexOf('"', start);
      if (end === -1) throw SLOW;
      this.pos = end + 1;
      return s.slice(start, end);
    }
    let p = start;
    let high = 0;
    for (;;) {
      const c = s.charCodeAt(p);
      if (c === 0x22) break;
      // Escapes, control characters and the end of input: the careful parser decides.
      if (c === 0x5c || c < 0x20 || c !== c) throw SLOW;
      high |= c;
      p++;
    }
    this.pos = p + 1;
    const out = s.slice(start, p);
    // Composing characters start at U+0300: only then can NFC change the text (or a lone
    // surrogate need U+FFFD, as Go decodes one).
    return high >= 0x300 ? out.toWellFormed().normalize("NFC") : out;
  }

  number(): Value {
    const s = this.s;
    const start = this.pos;
    let p = start;
    const negative = s.charCodeAt(p) === 0x2d;
    if (negative) p++;
    const intStart = p;
    // The digits' value, gathered while scanning: exact while there are at
    // most 15 of them, which is the only case that uses it.
    let m = 0;
    let c = s.charCodeAt(p);
    while (c >= 0x30 && c <= 0x39) {
      m = m * 10 + (c - 0x30);
      c = s.charCodeAt(++p);
    }
    const intEnd = p;
    let fracEnd = p;
    if (c === 0x2e) {
      c = s.charCodeAt(++p);
      while (c >= 0x30 && c <= 0x39) {
        m = m * 10 + (c - 0x30);
        c = s.charCodeAt(++p);
      }
      fracEnd = p;
    }
    const intLen = intEnd - intStart;
    // Exponents, "1.", ".5", leading zeros and lone signs: the careful parser's call.
    if (
      c === 0x65 || c === 0x45 || intLen === 0 || fracEnd === intEnd + 1 ||
      (intLen > 1 && s.charCodeAt(intStart) === 0x30)
    ) throw SLOW;
    this.pos = p;
    if (fracEnd === intEnd) {
      // An integer: the careful parser's own split (texts under 16
      // characters as doubles; "-0" stays negative zero).
      if (p - start < 16) return new Value(numberType, negative ? -m : m);
      return new Value(numberType, exact(s.slice(start, p)));
    }
    const fracLen = fracEnd - intEnd - 1;
    if (intLen + fracLen > 15) return new Value(numberType, exact(s.slice(start, p)));
    // At most 15 digits: the mantissa is exact as a double.
    let e = -fracLen;
    if (m === 0) return new Value(numberType, negative ? -0 : 0);
    while (m % 10 === 0) {
      m /= 10;
      e++;
    }
    if (negative) m = -m;
    if (e >= 0) return new Value(numberType, m * 10 ** e);
    // A decimal fraction is a double exactly when it is m / 2^k with m / 5^k whole.
    const five = 5 ** -e;
    if (m % five === 0) return new Value(numberType, m / five / 2 ** -e);
    return new Value(numberType, new BigDecimal(BigInt(m), e));
  }

  literal(word: string): void {
    if (!this.s.startsWith(word, this.pos)) throw SLOW;
    this.pos += word.length;
  }

  /** A value of `t`: primitives here, small enough for the engine to inline into the container loops. */
  value(t: Type, depth: number): Value {
    const c = this.ws();
    if (c === 0x6e) {
      this.literal("null");
      return new Value(t, null);
    }
    switch (t.kind) {
      case "string":
        if (c === 0x22) {
          const v = new Value(stringType, this.string());
          return this.plainText ? markPlainText(v) : v;
        }
        throw SLOW;
      case "number":
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
        throw SLOW;
      case "bool":
        if (c === 0x74) {
          this.literal("true");
          return new Value(boolType, true);
        }
        if (c === 0x66) {
          this.literal("false");
          return new Value(boolType, false);
        }
        throw SLOW;
      default:
        return this.container(t, c, depth);
    }
  }

  /** A list, set, map or object value; the parser at its first character `c`. */
  container(t: Type, c: number, depth: number): Value {
    switch (t.kind) {
      case "list":
      case "set": {
        const et = t.element;
        // Elements of a dynamic type may differ; the careful parser unifies them.
        if (c !== 0x5b || et.kind === "dynamic" || depth >= MAX_DEPTH) throw SLOW;
        this.pos++;
        const vals: Value[] = [];
        if (this.ws() === 0x5d) this.pos++;
        else {
          for (;;) {
            vals.push(this.value(et, depth + 1));
            const d = this.ws();
            this.pos++;
            if (d === 0x5d) break;
            if (d !== 0x2c) throw SLOW;
          }
        }
        return new Value(t, t.kind === "list" ? vals : orderSetElements(et, vals));
      }
      case "map": {
        const et = t.element;
        if (c !== 0x7b || et.kind === "dynamic" || depth >= MAX_DEPTH) throw SLOW;
        this.pos++;
        const m = new Map<string, Value>();
        let sorted = true;
        let last = "";
        if (this.ws() === 0x7d) this.pos++;
        else {
          for (;;) {
            if (this.ws() !== 0x22) throw SLOW;
            const k = this.string();
            if (this.ws() !== 0x3a) throw SLOW;
            this.pos++;
            // Simple text has no surrogates, so UTF-16 order is code point order.
            if (sorted && m.size > 0 && (this.simple ? last > k : cmp(last, k) > 0)) sorted = false;
            last = k;
            const size = m.size;
            m.set(k, this.value(et, depth + 1));
            if (m.size === size) throw SLOW; // a duplicate key
            const d = this.ws();
            this.pos++;
            if (d === 0x7d) break;
            if (d !== 0x2c) throw SLOW;
          }
        }
        return new Value(t, sorted ? m : new Map([...m].sort((a, b) => cmp(a[0], b[0]))));
      }
      case "object": {
        // Optional attributes change the value's type: the careful parser's job.
        if (c !== 0x7b || t.optional.length > 0 || depth >= MAX_DEPTH) throw SLOW;
        this.pos++;
        const types = t.types;
        const keys = keysOf(t);
        const vals = new Array<Value | undefined>(types.length);
        let next = 0;
        if (this.ws() === 0x7d) this.pos++;
        else {
          for (;;) {
            if (this.ws() !== 0x22) throw SLOW;
            // go-cty writes attributes in name order: expect the next one,
            // key and colon compared in place in one step.
            let slot: number | undefined;
            const key = next < keys.length ? keys[next] : undefined;
            if (key !== undefined && this.s.startsWith(key, this.pos)) {
              slot = next;
              this.pos += key.length;
            } else {
              slot = t.slots.get(this.string());
              if (slot === undefined || this.ws() !== 0x3a) throw SLOW;
              this.pos++;
            }
            if (vals[slot] !== undefined) throw SLOW;
            next = slot + 1;
            const at = types[slot];
            if (at.kind === "dynamic") throw SLOW;
            vals[slot] = this.value(at, depth + 1);
            const d = this.ws();
            this.pos++;
            if (d === 0x7d) break;
            if (d !== 0x2c) throw SLOW;
          }
        }
        for (let i = 0; i < vals.length; i++) {
          if (vals[i] === undefined) {
            if (types[i].kind === "dynamic") throw SLOW;
            vals[i] = new Value(types[i], null);
          }
        }
        return new Value(t, vals as Value[]);
      }
      default:
        throw SLOW;
    }
  }
}

/**
 * Decodes `text` for `type` in one pass, or returns `undefined` when only
 * the careful parser can decide.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeJsonFast } from "./json_decode_fast.ts";
 * import { objectType, stringType } from "./type.ts";
 * const v = decodeJsonFast('{"a":"x"}', objectType({ a: stringType }));
 * assert.equal(v?.getAttr("a").asString(), "x");
 * assert.equal(decodeJsonFast('{"a":"x","a":"y"}', objectType({ a: stringType })), undefined);
 * ```
 */
export function decodeJsonFast(text: string, type: Type): Value | undefined {
  const p = new FastParser(text);
  try {
    const v = p.value(type, 0);
    return p.ws() !== p.ws() ? v : undefined; // NaN: nothing but whitespace left
  } catch (e) {
    if (e === SLOW) return undefined;
    throw e;
  }
}
