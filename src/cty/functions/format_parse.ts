/**
 * The grammar of go-cty's format strings: literal text, `%%`, and verbs made of flags
 * (`0 # - + space`), width, `.precision`, an `[n]` argument index and a verb letter, in that
 * order. Parsed once per format string and cached; `format.ts` renders the parts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFormat } from "./format_parse.ts";
 *
 * const p = parseFormat("%-8.3[2]f%%");
 * assert.equal(p.highest, 2);
 * assert.equal(p.parts.length, 2);
 * assert.equal(p.parts[1], "%");
 * ```
 *
 * @module
 */

import { goQuote } from "./go_quote.ts";

/** One verb of a format string: `%`, flags, width, precision, `[n]` and the verb letter. */
export interface Verb {
  /** The verb as written (`%-8.3[2]f`). */
  raw: string;
  /** Byte offset of its `%` in the format string (UTF-8). */
  offset: number;
  /** The 1-based argument it formats. */
  argNum: number;
  /** The verb letter. */
  mode: string;
  /** Flag `0`: pad with zeros. */
  zero: boolean;
  /** Flag `#`: the alternate form (`0x` prefixes, `%#v` as JSON). */
  sharp: boolean;
  /** Flag `+`: always a sign. */
  plus: boolean;
  /** Flag `-`: pad on the right. */
  minus: boolean;
  /** Flag space: a space where a plus sign would go. */
  space: boolean;
  /** The width, or -1 when none is given. */
  width: number;
  /** The precision, or -1 when none is given. */
  prec: number;
}

/** Length of `s` in UTF-8 bytes (go-cty reports offsets in bytes). */
function byteLen(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n++;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** A character as Go's `%q` writes a rune (`'x'`, `'\\''`). */
export function goRuneQuote(ch: string): string {
  const q = goQuote(ch);
  const inner = q.slice(1, -1).replace(/\\"/g, '"');
  return `'${inner === "'" ? "\\'" : inner}'`;
}

const isLetter = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
const isDigit = (c: string) => c >= "0" && c <= "9";

/** A format string read once: literal text and verbs in order, then a syntax error if any. */
export interface ParsedFormat {
  /** Literal text (with `%%` already read as `%`) and verbs, in order. */
  readonly parts: readonly (string | Verb)[];
  /** The highest argument number a verb uses (0: none). */
  readonly highest: number;
  /** go-cty's syntax error, reported after the parts before it are rendered. */
  readonly error?: string;
}

/** Reads a format string with go-cty's grammar (flags, width, precision, `[n]`, verb letter). */
export function parseFormat(format: string): ParsedFormat {
  const parts: (string | Verb)[] = [];
  let lit = "";
  let nextArg = 1;
  let highest = 0;
  let i = 0;
  let bytes = 0; // byte offset of format[i]
  const n = format.length;
  const step = () => {
    const c = format.charCodeAt(i);
    const w = c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    bytes += c < 0x80 ? 1 : byteLen(format.slice(i, i + w));
    i += w;
  };
  const done = (error?: string): ParsedFormat => {
    if (lit !== "") parts.push(lit);
    return error === undefined ? { parts, highest } : { parts, highest, error };
  };
  const incomplete = () => done(`invalid format string starting at offset ${byteLen(format)}`);
  const badChar = () => {
    const ch = String.fromCodePoint(format.codePointAt(i)!);
    return done(`unrecognized format character ${goRuneQuote(ch)} at offset ${bytes}`);
  };
  while (i < n) {
    const pct = format.indexOf("%", i);
    if (pct < 0) {
      lit += format.slice(i);
      break;
    }
    if (pct > i) {
      const text = format.slice(i, pct);
      lit += text;
      bytes += byteLen(text);
      i = pct;
    }
    const start = i;
    const startByte = bytes;
    step();
    if (i >= n) return incomplete();
    if (format[i] === "%") {
      lit += "%";
      step();
      continue;
    }
    const v: Verb = {
      raw: "",
      offset: startByte,
      argNum: nextArg,
      mode: "",
      zero: false,
      sharp: false,
      plus: false,
      minus: false,
      space: false,
      width: -1,
      prec: -1,
    };
    for (; i < n; step()) {
      const c = format[i];
      if (c === "0") v.zero = true;
      else if (c === "#") v.sharp = true;
      else if (c === "-") v.minus = true;
      else if (c === "+") v.plus = true;
      else if (c === " ") v.space = true;
      else break;
    }
    if (i < n && format[i] >= "1" && format[i] <= "9") {
      v.width = 0;
      for (; i < n && isDigit(format[i]); step()) v.width = v.width * 10 + Number(format[i]);
    }
    if (i < n && format[i] === ".") {
      v.prec = 0;
      step();
      for (; i < n && isDigit(format[i]); step()) v.prec = v.prec * 10 + Number(format[i]);
    }
    if (i < n && format[i] === "[") {
      step();
      if (i >= n) return incomplete();
      if (!(format[i] >= "1" && format[i] <= "9")) return badChar();
      v.argNum = 0;
      for (; i < n && isDigit(format[i]); step()) v.argNum = v.argNum * 10 + Number(format[i]);
      if (i >= n) return incomplete();
      if (format[i] !== "]") return badChar();
      step();
    }
    if (i >= n) return incomplete();
    if (!isLetter(format[i])) return badChar();
    v.mode = format[i];
    step();
    v.raw = format.slice(start, i);
    if (v.argNum > highest) highest = v.argNum;
    if (lit !== "") {
      parts.push(lit);
      lit = "";
    }
    parts.push(v);
    nextArg = v.argNum + 1;
  }
  return done();
}

const parsedFormats = new Map<string, ParsedFormat>();

/** `parseFormat`, cached: format strings are few and reused. */
export function parsed(format: string): ParsedFormat {
  let p = parsedFormats.get(format);
  if (p === undefined) {
    p = parseFormat(format);
    // Format strings are few and reused; the cache is bounded all the same.
    if (parsedFormats.size >= 512) parsedFormats.clear();
    parsedFormats.set(format, p);
  }
  return p;
}

/** A verb with no flags, width or precision. */
export const plainVerb = (v: Verb): boolean =>
  v.width < 0 && v.prec < 0 && !v.zero && !v.sharp && !v.plus && !v.minus && !v.space;
