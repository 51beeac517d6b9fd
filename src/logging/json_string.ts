/**
 * JSON string quoting for the hot path: most log text needs no escaping, so
 * one regular-expression test decides and the common case is a plain
 * concatenation. Escapes match Go's `encoding/json` defaults (hclog writes
 * with them): `<`, `>`, `&`, U+2028 and U+2029 become `\uXXXX`, and a lone
 * surrogate (which UTF-8 cannot carry) becomes U+FFFD.
 *
 * @module
 */

// Control characters are exactly what this pattern must find.
// deno-lint-ignore no-control-regex
const NEEDS_ESCAPE = /[\u0000-\u001f"\\<>&\u2028\u2029\ud800-\udfff]/;
const HEX = "0123456789abcdef";

function slowQuote(s: string): string {
  let out = '"';
  let start = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x3c || c === 0x3e || c === 0x26) {
      switch (c) {
        case 0x22:
          rep = '\\"';
          break;
        case 0x5c:
          rep = "\\\\";
          break;
        case 0x0a:
          rep = "\\n";
          break;
        case 0x0d:
          rep = "\\r";
          break;
        case 0x09:
          rep = "\\t";
          break;
        default:
          rep = "\\u00" + HEX[c >> 4] + HEX[c & 15];
      }
    } else if (c === 0x2028 || c === 0x2029) {
      rep = c === 0x2028 ? "\\u2028" : "\\u2029";
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++; // a well-formed pair: keep both halves as they are
        continue;
      }
      rep = "\ufffd";
    }
    if (rep !== undefined) {
      out += s.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

/**
 * Quotes a string as a JSON string literal.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { quoteJson } from "@foundry/foundry/logging";
 * assert.equal(quoteJson('a "b"\n<c>'), '"a \\"b\\"\\n\\u003cc\\u003e"');
 * ```
 */
export function quoteJson(s: string): string {
  return NEEDS_ESCAPE.test(s) ? slowQuote(s) : '"' + s + '"';
}
