/**
 * The one normal form of cty text: go-cty NFC-normalises every string value,
 * map key and object attribute name as it enters, and Go text is UTF-8, so a
 * lone UTF-16 surrogate (which UTF-8 cannot hold) becomes U+FFFD as Go's
 * decoders make it.
 *
 * @module
 */

/**
 * NFC-normalises as go-cty's `NormalizeString` does, with lone surrogates
 * replaced by U+FFFD; text below U+0300 is already normal and returned as is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nfc } from "./nfc.ts";
 * assert.equal(nfc("e\u0301"), "\u00e9");
 * assert.equal(nfc("a\ud800"), "a\ufffd");
 * ```
 */
export function nfc(s: string): string {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x300) return s.toWellFormed().normalize("NFC");
  }
  return s;
}
