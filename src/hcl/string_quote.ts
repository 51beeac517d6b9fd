/**
 * Writing a string as the text of an HCL quoted literal, the inverse of the
 * lexer's escapes: `\n`, `\r`, `\t`, `\"`, `\\`, `$${` and `%%{` for
 * template introducers, and `\uNNNN` / `\UNNNNNNNN` for characters Go does
 * not count as printable (hclwrite's choice, so labels and generated
 * strings match what Terraform writes).
 *
 * @module
 */

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. Built
// on the first non-ASCII character: V8 assembles a Unicode property class from ICU when the
// expression is created (~1 ms), which a module-level constant cost every program loading this.
let printable: RegExp | undefined;

/** Whether `s` holds anything other than printable ASCII without `"`, `\\`, `$` and `%`. */
function needsWork(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 34 || c === 92 || c === 36 || c === 37) return true;
  }
  return false;
}

/**
 * The body of a quoted HCL string holding `s` (without the quotes).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { escapeQuoted } from "./string_quote.ts";
 * assert.equal(escapeQuoted('say "${hi}"\n'), 'say \\"$${hi}\\"\\n');
 * ```
 */
export function escapeQuoted(s: string): string {
  if (!needsWork(s)) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c === 9) out += "\\t";
    else if (c === 34) out += '\\"';
    else if (c === 92) out += "\\\\";
    else if (c === 36 || c === 37) {
      out += s[i];
      if (s.charCodeAt(i + 1) === 123) out += s[i];
    } else if (c >= 0x20 && c < 0x7f) out += s[i];
    else {
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      if (cp > 0xffff) i++;
      if ((printable ??= /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u).test(ch)) out += ch;
      else if (cp < 0x10000) out += "\\u" + cp.toString(16).padStart(4, "0");
      else out += "\\U" + cp.toString(16).padStart(8, "0");
    }
  }
  return out;
}

/**
 * `s` as a quoted HCL string literal, quotes included.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { quoteHclString } from "./string_quote.ts";
 * assert.equal(quoteHclString("a\tb"), '"a\\tb"');
 * ```
 */
export function quoteHclString(s: string): string {
  return '"' + escapeQuoted(s) + '"';
}
