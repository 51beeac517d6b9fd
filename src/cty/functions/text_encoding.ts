/**
 * `textencodebase64` and `textdecodebase64`: text in another character encoding, named as IANA
 * names it (Terraform resolves names with Go's `ianaindex`). Supported here: UTF-8, UTF-16
 * (with a byte order mark, big-endian by default), UTF-16BE, UTF-16LE, US-ASCII, ISO-8859-1 to
 * -16, windows-874 and -1250 to -1258, KOI8-R, KOI8-U, IBM866, macintosh, and the multi-byte
 * Shift_JIS, EUC-JP, ISO-2022-JP, GBK, GB18030, HZ-GB-2312, Big5 and EUC-KR (see
 * `text_codecs_cjk.ts` for how their tables are made and where they follow Go rather than
 * WHATWG). Other names are refused with Terraform's message; Go knows a few more that are not
 * here: the IBM code pages (IBM037, IBM437, IBM850, ...) and the ISO-8859-6/-8 `E`/`I`
 * variants, whose tables no engine decoder provides. Single-byte tables come from the
 * engine's `TextDecoder`, except ISO-8859-1, which Go reads as true Latin-1 where the WHATWG
 * label means windows-1252.
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
 * ```
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { cty, type CtyFunction, FunctionCallError } from "../mod.ts";
import { goQuote } from "./go_quote.ts";
import { makeFunction } from "./make_function.ts";
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

/**
 * A single-byte codec; `c1Undefined`: bytes the engine decodes to C1 controls (U+0080 to
 * U+009F) are undefined, as in Go's tables for ISO-8859-2 onwards and the windows pages.
 */
function singleByte(name: string, label: string | null, c1Undefined = true): Codec {
  let table: (string | undefined)[] | undefined;
  let reverse: Map<string, number> | undefined;
  const load = () => {
    if (table !== undefined) return;
    table = [];
    reverse = new Map();
    const dec = label === null ? null : new TextDecoder(label);
    for (let b = 0; b < 256; b++) {
      let ch: string | undefined = dec === null
        ? String.fromCharCode(b)
        : dec.decode(new Uint8Array([b]));
      if (ch === "\ufffd") ch = undefined;
      if (ch !== undefined && c1Undefined && ch >= "\u0080" && ch <= "\u009f") ch = undefined;
      table.push(ch);
      if (ch !== undefined && !reverse.has(ch)) reverse.set(ch, b);
    }
  };
  return {
    name,
    encode(s) {
      load();
      const out: number[] = [];
      for (const ch of s) {
        const b = reverse!.get(ch);
        if (b === undefined) return undefined;
        out.push(b);
      }
      return Uint8Array.from(out);
    },
    decode(b) {
      load();
      let out = "";
      for (const x of b) {
        const ch = table![x];
        if (ch === undefined) return undefined;
        out += ch;
      }
      return out;
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

const CODECS = new Map<string, Codec>();
function register(codec: Codec, ...aliases: string[]): void {
  for (const n of [codec.name, ...aliases]) CODECS.set(n.toLowerCase(), codec);
}
register(utf8, "csUTF8");
register(utf16("UTF-16", false, true), "csUTF16");
register(utf16("UTF-16BE", false, false), "csUTF16BE");
register(utf16("UTF-16LE", true, false), "csUTF16LE");
register(
  singleByte("ISO_8859-1:1987", null, false),
  "ISO-8859-1",
  "ISO_8859-1:1987",
  "iso-ir-100",
  "ISO_8859-1",
  "latin1",
  "l1",
  "IBM819",
  "CP819",
  "csISOLatin1",
);
// IANA's names: the older parts carry their year, the newer ones do not.
const ISO_YEARS: Readonly<Record<number, string>> = {
  2: "1987",
  3: "1988",
  4: "1988",
  5: "1988",
  6: "1987",
  7: "1987",
  8: "1988",
};
for (const n of [2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16]) {
  const year = ISO_YEARS[n];
  const name = year === undefined ? `ISO-8859-${n}` : `ISO_8859-${n}:${year}`;
  register(singleByte(name, `iso-8859-${n}`), `ISO-8859-${n}`, `ISO_8859-${n}`);
}
for (let n = 1250; n <= 1258; n++) register(singleByte(`windows-${n}`, `windows-${n}`));
register(singleByte("KOI8-R", "koi8-r"), "csKOI8R");
register(singleByte("KOI8-U", "koi8-u"));
register(singleByte("IBM866", "ibm866"), "cp866", "866", "csIBM866");
register(singleByte("macintosh", "macintosh"), "mac", "csMacintosh");
register(singleByte("windows-874", "windows-874"), "cswindows874");
register(
  usAscii,
  "iso-ir-6",
  "ANSI_X3.4-1968",
  "ANSI_X3.4-1986",
  "ISO_646.irv:1991",
  "ISO646-US",
  "us",
  "IBM367",
  "cp367",
  "csASCII",
);
register(shiftJis, "MS_Kanji", "csShiftJIS");
register(eucJp, "csEUCPkdFmtJapanese", "EUC-JP");
register(iso2022jp, "csISO2022JP");
register(gbk, "CP936", "MS936", "windows-936", "csGBK");
register(gb18030, "csGB18030");
register(hzGb2312);
register(big5, "csBig5");
register(eucKr, "csEUCKR");

function codec(name: string): Codec {
  const c = CODECS.get(name.toLowerCase());
  if (c === undefined) {
    throw new FunctionCallError(
      `${goQuote(name)} is not a supported IANA encoding name or alias in this Terraform version`,
      { argument: 1 },
    );
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
      const text = c.decode(Buffer.from(s, "base64"));
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
      return cty.string(Buffer.from(bytes).toString("base64"));
    },
  }),
};
