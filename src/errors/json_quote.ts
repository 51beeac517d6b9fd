/**
 * JSON string quoting exactly as Go's encoding/json does it (HTML-safe:
 * `<`, `>`, `&`, U+2028 and U+2029 escaped; `\b` and `\f` short forms as
 * Go 1.22+ writes them; a lone surrogate becomes U+FFFD). Two layers must
 * write JSON byte-identical with Go's: logging (hclog lines Terraform reads)
 * and cty (go-cty's type descriptors and values). It lives here, at the
 * bottom, because logging may not import cty; it is an entry of its own so
 * that errors' public surface does not grow.
 *
 * @module
 */

const HEX = "0123456789abcdef";

// 1 = needs escaping; indexes 0..127.
const NEEDS_ESCAPE = new Uint8Array(128);
for (let i = 0; i < 0x20; i++) NEEDS_ESCAPE[i] = 1;
NEEDS_ESCAPE[0x22] = 1;
NEEDS_ESCAPE[0x5c] = 1;
NEEDS_ESCAPE[0x3c] = 1;
NEEDS_ESCAPE[0x3e] = 1;
NEEDS_ESCAPE[0x26] = 1;

// What Go escapes, in three classes of at most 16 characters each (on
// one-byte text the third has five): the engine scans for such a small class
// many characters a step, about six times faster than one class of them all.
// deno-lint-ignore no-control-regex -- control characters are what it looks for
const CONTROL_LOW_RE = /[\x00-\x0f]/;
// deno-lint-ignore no-control-regex -- control characters are what it looks for
const CONTROL_HIGH_RE = /[\x10-\x1f]/;
const SPECIAL_RE = /["\\<>&\u2028\u2029\ud800-\udfff]/;

// 1 = written as is; indexes 0..127.
const SAFE_ASCII = new Uint8Array(128);
for (let i = 0x20; i < 128; i++) SAFE_ASCII[i] = 1;
for (const c of [0x22, 0x5c, 0x3c, 0x3e, 0x26]) SAFE_ASCII[c] = 0;

function escapeUnit(c: number): string {
  switch (c) {
    case 0x22:
      return '\\"';
    case 0x5c:
      return "\\\\";
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x09:
      return "\\t";
    case 0x08:
      return "\\b";
    case 0x0c:
      return "\\f";
    default:
      return "\\u" + HEX[(c >> 12) & 15] + HEX[(c >> 8) & 15] + HEX[(c >> 4) & 15] + HEX[c & 15];
  }
}

/**
 * Quotes `s` as Go's `json.Marshal(string)` would (lone surrogates become U+FFFD).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { goJsonString } from "./json_quote.ts";
 * assert.equal(goJsonString("<a>"), '"\\u003ca\\u003e"');
 * ```
 */
export function goJsonString(s: string): string {
  return '"' + goJsonInner(s) + '"';
}

/**
 * The text between the quotes of {@link goJsonString}: `s` itself when
 * nothing needs escaping (the common case, without a copy).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { goJsonInner } from "./json_quote.ts";
 * assert.equal(goJsonInner("a&b"), "a\\u0026b");
 * assert.equal(goJsonInner("ab"), "ab");
 * ```
 */
export function goJsonInner(s: string): string {
  return isJsonSafe(s) ? s : escapeInner(s);
}

/**
 * True when Go's JSON encoder writes `s` unchanged between quotes. Small on
 * purpose, so the engine inlines it into the encoders' loops.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isJsonSafe } from "./json_quote.ts";
 * assert.ok(isJsonSafe("web-01"));
 * assert.ok(!isJsonSafe("a<b"));
 * ```
 */
export function isJsonSafe(s: string): boolean {
  const n = s.length;
  // Longer strings: the regular expression engine scans (and flattens a
  // concatenated string) faster than a character loop.
  if (n > 24) return !SPECIAL_RE.test(s) && !CONTROL_LOW_RE.test(s) && !CONTROL_HIGH_RE.test(s);
  return isPlainAscii(s); // short non-ASCII text goes to escapeInner, which copies it
}

/**
 * True when `s` is ASCII from space (0x20) up, without the five characters
 * Go escapes: such text is already NFC and is written to JSON unchanged.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isPlainAscii } from "./json_quote.ts";
 * assert.ok(isPlainAscii("web-01"));
 * assert.ok(!isPlainAscii("a&b"));
 * assert.ok(!isPlainAscii("café"));
 * ```
 */
export function isPlainAscii(s: string): boolean {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || SAFE_ASCII[c] === 0) return false;
  }
  return true;
}

function escapeInner(s: string): string {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (
      c < 128 ? NEEDS_ESCAPE[c] === 1 : c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff)
    ) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  let start = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if (NEEDS_ESCAPE[c] === 0) continue;
      out += s.slice(start, i) + escapeUnit(c);
      start = i + 1;
    } else if (c === 0x2028 || c === 0x2029) {
      out += s.slice(start, i) + escapeUnit(c);
      start = i + 1;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      out += s.slice(start, i) + "\ufffd";
      start = i + 1;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      out += s.slice(start, i) + "\ufffd";
      start = i + 1;
    }
  }
  return out + s.slice(start);
}
