/**
 * Go's `strings.ToUpper`, `strings.ToLower` and `strings.Title`: Unicode *simple* case
 * mappings, one code point at a time. JavaScript's `toUpperCase` applies the full mappings
 * (`ß` -> `SS`, `ﬁ` -> `FI`) and context rules (final sigma); Go leaves `ß` and `ﬁ` alone and
 * lowers `Σ` to `σ` everywhere, and so does Terraform.
 *
 * @module
 */

// deno-lint-ignore no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

// Code points whose full mapping differs from the simple one, with the simple mapping.
const SIMPLE_LOWER: Readonly<Record<number, number>> = { 0x130: 0x69 };

function greekTitle(cp: number): number | undefined {
  // Greek letters with ypogegrammeni: the simple upper (and title) mapping is the
  // prosgegrammeni form, where the full mapping spells out the iota.
  if (cp >= 0x1f80 && cp <= 0x1faf) return (cp & ~0xf) | 0x8 | (cp & 0x7);
  if (cp === 0x1fb3) return 0x1fbc;
  if (cp === 0x1fc3) return 0x1fcc;
  if (cp === 0x1ff3) return 0x1ffc;
  return undefined;
}

function upperOne(ch: string): string {
  const u = ch.toUpperCase();
  if (u.length === ch.length || [...u].length === 1) return u;
  const cp = ch.codePointAt(0)!;
  const g = greekTitle(cp);
  return g === undefined ? ch : String.fromCodePoint(g);
}

function lowerOne(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const s = SIMPLE_LOWER[cp];
  if (s !== undefined) return String.fromCodePoint(s);
  const l = ch.toLowerCase();
  return [...l].length === 1 ? l : ch;
}

/** Go `strings.ToUpper`. */
export function goUpper(s: string): string {
  if (ASCII.test(s)) return s.toUpperCase();
  let out = "";
  for (const ch of s) out += upperOne(ch);
  return out;
}

/** Go `strings.ToLower`. */
export function goLower(s: string): string {
  if (ASCII.test(s)) return s.toLowerCase();
  let out = "";
  for (const ch of s) out += lowerOne(ch);
  return out;
}

const DIGRAPH_TITLE: Readonly<Record<number, number>> = {
  0x1c4: 0x1c5,
  0x1c5: 0x1c5,
  0x1c6: 0x1c5,
  0x1c7: 0x1c8,
  0x1c8: 0x1c8,
  0x1c9: 0x1c8,
  0x1ca: 0x1cb,
  0x1cb: 0x1cb,
  0x1cc: 0x1cb,
  0x1f1: 0x1f2,
  0x1f2: 0x1f2,
  0x1f3: 0x1f2,
};

/** Go `unicode.ToTitle` on one code point. */
function titleOne(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const d = DIGRAPH_TITLE[cp];
  if (d !== undefined) return String.fromCodePoint(d);
  if (cp >= 0x1f88 && cp <= 0x1faf && (cp & 0xf) >= 8) return ch;
  if (cp === 0x1fbc || cp === 0x1fcc || cp === 0x1ffc) return ch;
  return upperOne(ch);
}

// Built on first use, not at load: V8 assembles a Unicode property class from ICU when the
// expression is created (~1 ms), which every load of this module paid.
let letterOrDigit: RegExp | undefined;
const SPACE = /[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

function isSeparator(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c <= 0x7f) {
    return !((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95);
  }
  if ((letterOrDigit ??= /[\p{L}\p{Nd}]/u).test(ch)) return false;
  return SPACE.test(ch);
}

/** Go `strings.Title`: the first letter of each word to title case. */
export function goTitle(s: string): string {
  let prev = " ";
  let out = "";
  for (const ch of s) {
    out += isSeparator(prev) ? titleOne(ch) : ch;
    prev = ch;
  }
  return out;
}

/** Go `unicode.IsSpace` for one code point. */
export function isGoSpace(ch: string): boolean {
  return SPACE.test(ch);
}
