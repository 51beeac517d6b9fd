/**
 * The single-byte encodings of `textencodebase64`/`textdecodebase64`, as Go's `x/text`
 * `charmap` tables (which Terraform uses) define them: one character per byte, some bytes
 * undefined. A table is built the first time its encoding is used:
 *
 * - from the engine's `TextDecoder` where its WHATWG table is Go's: ISO-8859-2 to -8, -10,
 *   -13 to -16, windows-874 and -1250 to -1258, KOI8-R, KOI8-U, IBM866 and macintosh. Go leaves
 *   the bytes 0x80-0x9F undefined in the ISO tables, where WHATWG decodes them as C1 controls;
 * - ISO-8859-1 and ISO-8859-9 decode 0x00-0x9F as the same code points (C1 controls
 *   included), then as windows-1252 and windows-1254 from 0xA0: the WHATWG labels
 *   `iso-8859-1` and `iso-8859-9` mean those windows pages throughout, which Go's tables do not;
 * - the IBM code pages (IBM037, 437, 850, 852, 855, 00858, 860, 862, 863, 865, 1047, 01140),
 *   which no engine decoder has, from `text_codepage_tables.ts`, recorded from Terraform.
 *
 * Decoding an undefined byte, or encoding a character the table lacks, is an error (Go's
 * decoder writes U+FFFD, which Terraform refuses; its encoder fails). No table maps two bytes
 * to one character, so encoding is the table read backwards.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { codePage, engineTable } from "./text_codecs_single_byte.ts";
 *
 * const cp437 = codePage("IBM437");
 * assert.deepEqual([...cp437.encode("Ç░")!], [0x80, 0xb0]);
 * assert.equal(cp437.decode(Uint8Array.from([0xe1])), "ß");
 * const latin2 = engineTable("ISO_8859-2:1987", "iso-8859-2", "undefined");
 * assert.equal(latin2.decode(Uint8Array.from([0x85])), undefined); // not a C1 control in Go
 * assert.equal(latin2.encode("€"), undefined);
 * ```
 *
 * @module
 */

import type { Codec } from "./text_codecs_cjk.ts";
import { CODE_PAGE_TABLES } from "./text_codepage_tables.ts";

/** A table as text: 256 characters, the byte's own; U+FFFD where a byte is undefined. */
type TableText = () => string;

function tableCodec(name: string, text: TableText): Codec {
  let decodeTable: readonly string[] | undefined;
  let encodeTable: Map<string, number> | undefined;
  const load = (): readonly string[] => {
    if (decodeTable !== undefined) return decodeTable;
    const chars = [...text()];
    if (chars.length !== 256) throw new Error(`${name}: a table of ${chars.length} characters`);
    encodeTable = new Map();
    chars.forEach((ch, b) => {
      if (ch !== "\ufffd" && !encodeTable!.has(ch)) encodeTable!.set(ch, b);
    });
    return decodeTable = chars;
  };
  return {
    name,
    encode(s) {
      load();
      const out = new Uint8Array(s.length);
      let n = 0;
      for (const ch of s) {
        const b = encodeTable!.get(ch);
        if (b === undefined) return undefined;
        out[n++] = b;
      }
      return out.subarray(0, n);
    },
    decode(bytes) {
      const table = load();
      let out = "";
      for (const b of bytes) {
        const ch = table[b];
        if (ch === "\ufffd") return undefined;
        out += ch;
      }
      return out;
    },
  };
}

/**
 * A table read out of `TextDecoder(label)`. `low`: what bytes 0x80-0x9F are where the decoder
 * gives C1 controls: `undefined` (Go's ISO-8859-2 onwards), or `latin` (every byte below 0xA0
 * is its own code point, whatever the decoder says: Go's ISO-8859-1 and -9).
 */
export function engineTable(name: string, label: string, low: "undefined" | "latin"): Codec {
  return tableCodec(name, () => {
    const dec = new TextDecoder(label);
    let text = "";
    for (let b = 0; b < 256; b++) {
      if (low === "latin" && b < 0xa0) {
        text += String.fromCharCode(b);
        continue;
      }
      const ch = dec.decode(Uint8Array.of(b));
      const c1 = ch.length === 1 && ch >= "\u0080" && ch <= "\u009f";
      text += c1 ? "\ufffd" : ch;
    }
    return text;
  });
}

/** An IBM code page from the tables recorded from Terraform, by the name Terraform reports. */
export function codePage(name: string): Codec {
  const t = CODE_PAGE_TABLES[name];
  if (t === undefined) throw new Error(`no code page table named ${name}`);
  return tableCodec(name, () => {
    if (!t.asciiLow) return t.text;
    let low = "";
    for (let b = 0; b < 0x80; b++) low += String.fromCharCode(b);
    return low + t.text;
  });
}
