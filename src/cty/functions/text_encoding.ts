/**
 * `textencodebase64` and `textdecodebase64`: text in another character encoding, named as IANA's
 * registry names it. Terraform looks names up with Go's `x/text` `ianaindex` (any case,
 * surrounding blanks ignored) and supports what `x/text` implements; so does this module, with
 * the list of accepted names and aliases recorded from Terraform 1.11.4 itself
 * (`text_encoding_names.ts`):
 *
 * - UTF-8, UTF-16 (a byte order mark read and written, big-endian by default), UTF-16BE and
 *   UTF-16LE;
 * - US-ASCII and the single-byte tables of `text_codecs_single_byte.ts`: ISO-8859-1 to -10 and
 *   -13 to -16 (with ISO-8859-6-E/-I and -8-E/-I, Go's names for the same tables),
 *   windows-874 and -1250 to -1258, KOI8-R, KOI8-U, macintosh, and the IBM code pages 037, 437,
 *   850, 852, 855, 00858, 860, 862, 863, 865, 866, 1047 and 01140;
 * - the multi-byte Shift_JIS, EUC-JP, ISO-2022-JP, GBK, GB18030, HZ-GB-2312, Big5 and EUC-KR
 *   (see `text_codecs_cjk.ts` for how their tables are made and where they follow Go rather
 *   than WHATWG).
 *
 * Other registered names (ISO-8859-11, UTF-32, windows-31j, most EBCDIC pages, ...) are refused
 * with Terraform's "not a supported IANA encoding name" message, as Terraform refuses them.
 * Errors name the encoding as Terraform does: by its registered name (`IBM437` for `cp437`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { textEncodingFunctions } from "./text_encoding.ts";
 *
 * const b64 = textEncodingFunctions.textencodebase64.call([cty.string("Hi"), cty.string("UTF-16LE")]);
 * assert.equal(b64.asString(), "SABpAA==");
 * const sjis = textEncodingFunctions.textencodebase64.call([cty.string("日本"), cty.string("Shift_JIS")]);
 * assert.equal(sjis.asString(), "k/qWew==");
 * const dos = textEncodingFunctions.textdecodebase64.call([cty.string("gLA="), cty.string(" cp437 ")]);
 * assert.equal(dos.asString(), "Ç░");
 * assert.throws(
 *   () => textEncodingFunctions.textencodebase64.call([cty.string("€"), cty.string("437")]),
 *   /cannot be represented in IBM437/,
 * );
 * ```
 *
 * @module
 */

import { cty, type CtyFunction, FunctionCallError } from "../evaluation.ts";
import { goQuote } from "./go_quote.ts";
import { makeFunction } from "./make_function.ts";
import { ENCODING_ALIASES } from "./text_encoding_names.ts";
import { codePage, engineTable } from "./text_codecs_single_byte.ts";
import {
  big5,
  type Codec,
  eucJp,
  eucKr,
  gb18030,
  gbk,
  hzGb2312,
  iso2022jp,
  shiftJis,
  usAscii,
} from "./text_codecs_cjk.ts";

function utf16(name: string, little: boolean, bom: boolean): Codec {
  return {
    name,
    encode(s) {
      const out = new Uint8Array((bom ? 2 : 0) + s.length * 2);
      const view = new DataView(out.buffer);
      let o = 0;
      if (bom) {
        view.setUint16(0, 0xfeff, false);
        o = 2;
      }
      for (let i = 0; i < s.length; i++) view.setUint16(o + 2 * i, s.charCodeAt(i), little);
      return out;
    },
    decode(b) {
      let le = little;
      let start = 0;
      if (bom && b.length >= 2) {
        if (b[0] === 0xfe && b[1] === 0xff) start = 2;
        else if (b[0] === 0xff && b[1] === 0xfe) {
          start = 2;
          le = true;
        }
      }
      if ((b.length - start) % 2 !== 0) return undefined;
      try {
        return new TextDecoder(le ? "utf-16le" : "utf-16be", { fatal: true, ignoreBOM: true })
          .decode(b.subarray(start));
      } catch {
        return undefined;
      }
    },
  };
}

const utf8: Codec = {
  name: "UTF-8",
  encode: (s) => new TextEncoder().encode(s),
  decode(b) {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(b);
    } catch {
      return undefined;
    }
  },
};

const iso = (name: string, part: number) => engineTable(name, `iso-8859-${part}`, "undefined");
const engine = (name: string) => engineTable(name, name.toLowerCase(), "undefined");

/** Each encoding by the name Terraform reports, made on first use. */
const MAKERS: Readonly<Record<string, (name: string) => Codec>> = {
  "UTF-8": () => utf8,
  "UTF-16": (n) => utf16(n, false, true),
  "UTF-16BE": (n) => utf16(n, false, false),
  "UTF-16LE": (n) => utf16(n, true, false),
  "US-ASCII": () => usAscii,
  "ISO_8859-1:1987": (n) => engineTable(n, "windows-1252", "latin"),
  "ISO_8859-2:1987": (n) => iso(n, 2),
  "ISO_8859-3:1988": (n) => iso(n, 3),
  "ISO_8859-4:1988": (n) => iso(n, 4),
  "ISO_8859-5:1988": (n) => iso(n, 5),
  "ISO_8859-6:1987": (n) => iso(n, 6),
  "ISO_8859-6-E": (n) => iso(n, 6),
  "ISO_8859-6-I": (n) => iso(n, 6),
  "ISO_8859-7:1987": (n) => iso(n, 7),
  "ISO_8859-8:1988": (n) => iso(n, 8),
  "ISO_8859-8-E": (n) => iso(n, 8),
  "ISO_8859-8-I": (n) => iso(n, 8),
  "ISO_8859-9:1989": (n) => engineTable(n, "windows-1254", "latin"),
  "ISO-8859-10": (n) => iso(n, 10),
  "ISO-8859-13": (n) => iso(n, 13),
  "ISO-8859-14": (n) => iso(n, 14),
  "ISO-8859-15": (n) => iso(n, 15),
  "ISO-8859-16": (n) => iso(n, 16),
  "KOI8-R": engine,
  "KOI8-U": engine,
  "macintosh": engine,
  "IBM866": engine,
  "windows-874": engine,
  "windows-1250": engine,
  "windows-1251": engine,
  "windows-1252": engine,
  "windows-1253": engine,
  "windows-1254": engine,
  "windows-1255": engine,
  "windows-1256": engine,
  "windows-1257": engine,
  "windows-1258": engine,
  "IBM037": codePage,
  "IBM437": codePage,
  "IBM850": codePage,
  "IBM852": codePage,
  "IBM855": codePage,
  "IBM00858": codePage,
  "IBM860": codePage,
  "IBM862": codePage,
  "IBM863": codePage,
  "IBM865": codePage,
  "IBM1047": codePage,
  "IBM01140": codePage,
  "Shift_JIS": () => shiftJis,
  "Extended_UNIX_Code_Packed_Format_for_Japanese": () => eucJp,
  "ISO-2022-JP": () => iso2022jp,
  "GBK": () => gbk,
  "GB18030": () => gb18030,
  "HZ-GB-2312": () => hzGb2312,
  "Big5": () => big5,
  "EUC-KR": () => eucKr,
};

/** Blanks Go's `strings.TrimSpace` removes (JavaScript's `trim` also removes U+FEFF, and not U+0085). */
const GO_TRIM =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/**
 * Go's `strings.ToLower` on what can match a name: it maps each character on its own, so the
 * dotted capital I becomes `i`, where JavaScript writes `i` and a combining dot.
 */
const goLower = (s: string) => s.replace(/\u0130/g, "i").toLowerCase();

/** Lower-cased name or alias -> the name Terraform reports; built on first use. */
let byName: Map<string, string> | undefined;
const codecs = new Map<string, Codec>();

/** The encoding a name selects, as Go's `ianaindex` looks it up (trimmed, any case). */
function codec(name: string): Codec {
  if (byName === undefined) {
    byName = new Map();
    for (const [reported, aliases] of Object.entries(ENCODING_ALIASES)) {
      for (const n of [reported, ...aliases]) byName.set(goLower(n), reported);
    }
  }
  const reported = byName.get(goLower(name.replace(GO_TRIM, "")));
  if (reported === undefined) {
    throw new FunctionCallError(
      `${goQuote(name)} is not a supported IANA encoding name or alias in this Terraform version`,
      { argument: 1 },
    );
  }
  let c = codecs.get(reported);
  if (c === undefined) {
    c = MAKERS[reported](reported);
    codecs.set(reported, c);
  }
  return c;
}

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Go's `base64.CorruptInputError` offset for text that is not strict base64. */
function corruptOffset(s: string): number {
  for (let i = 0; i < s.length; i += 4) {
    const quad = s.slice(i, i + 4);
    const bad = quad.search(/[^A-Za-z0-9+/=]/);
    if (bad >= 0) return i + bad;
    const eq = quad.indexOf("=");
    if (eq >= 0 && eq < 2) return i + eq;
    if (quad.length < 4) return i; // an unfinished quantum, where padding is required
    if (eq >= 0 && i + 4 < s.length) return i + 4;
    if (eq === 2 && quad[3] !== "=") return i + 3;
  }
  return s.length;
}

/** The text encoding functions by name. */
export const textEncodingFunctions: Readonly<Record<string, CtyFunction>> = {
  textdecodebase64: makeFunction({
    params: [{ name: "source", type: cty.String }, { name: "encoding", type: cty.String }],
    returnType: cty.String,
    refineNotNull: true,
    impl: ([src, enc]) => {
      const c = codec(enc.asString());
      const s = src.asString().replace(/[\r\n]/g, "");
      if (!B64.test(s)) {
        throw new FunctionCallError(
          `the given value is has an invalid base64 symbol at offset ${corruptOffset(s)}`,
          { argument: 0 },
        );
      }
      const text = c.decode(Uint8Array.fromBase64(s));
      if (text === undefined || text.includes("\ufffd")) {
        throw new FunctionCallError(
          `the given string contains symbols that are not defined for ${c.name}`,
          { argument: 0 },
        );
      }
      return cty.string(text);
    },
  }),
  textencodebase64: makeFunction({
    params: [{ name: "string", type: cty.String }, { name: "encoding", type: cty.String }],
    returnType: cty.String,
    refineNotNull: true,
    impl: ([str, enc]) => {
      const c = codec(enc.asString());
      const bytes = c.encode(str.asString());
      if (bytes === undefined) {
        throw new FunctionCallError(
          `the given string contains characters that cannot be represented in ${c.name}`,
          { argument: 0 },
        );
      }
      return cty.string(bytes.toBase64());
    },
  }),
};
