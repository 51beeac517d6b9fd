/**
 * Go's `unicode.IsPrint` for one character: letters, marks, numbers, punctuation, symbols and the
 * ASCII space. go-cty's set hashes, Go's `%q` and hclwrite's string escapes all quote what it
 * rejects.
 *
 * The Unicode property class is built on the first non-ASCII character, not when the module
 * loads: V8 assembles its ranges from ICU when the expression is created, about 1 ms, which
 * `foundry console` paid on every start for each module that held such an expression.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isGoPrintable } from "./go_printable.ts";
 * assert.equal(isGoPrintable("a"), true);
 * assert.equal(isGoPrintable("\u007f"), false);
 * assert.equal(isGoPrintable("é"), true);
 * assert.equal(isGoPrintable("\u00a0"), false); // a space other than U+0020
 * assert.equal(isGoPrintable("😀"), true);
 * ```
 *
 * @module
 */

let printable: RegExp | undefined;

/** Whether Go's `unicode.IsPrint` accepts `ch`, one code point. */
export function isGoPrintable(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return ch.length === 1 && c >= 0x20 && c < 0x7f;
  return (printable ??= /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u).test(ch);
}
