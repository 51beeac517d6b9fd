/**
 * Go's `strconv.Quote` (`%q`), which Terraform's messages use to quote strings: `\a`, `\v`,
 * `\x00`-style escapes and printable Unicode kept as is, where JSON would write `\u0007`.
 *
 * @module
 */

import { isGoPrintable } from "../go_printable.ts";

const SIMPLE: Readonly<Record<string, string>> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
  "\\": "\\\\",
  '"': '\\"',
};

/** `strconv.Quote(s)`. */
export function goQuote(s: string): string {
  // Fast path: plain printable ASCII.
  if (/^[\x20-\x7e]*$/.test(s) && !/["\\]/.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    const simple = SIMPLE[ch];
    if (simple !== undefined) out += simple;
    else if (ch.length === 1 && ch >= "\uD800" && ch <= "\uDFFF") out += "\\ufffd";
    else if (isGoPrintable(ch)) out += ch;
    else {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x80) out += "\\x" + cp.toString(16).padStart(2, "0");
      else if (cp < 0x10000) out += "\\u" + cp.toString(16).padStart(4, "0");
      else out += "\\U" + cp.toString(16).padStart(8, "0");
    }
  }
  return out + '"';
}
