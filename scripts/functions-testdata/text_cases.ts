/**
 * Multi-byte text encoding cases for `textencodebase64`/`textdecodebase64`: hand-picked edge
 * cases (characters one encoding lacks, duplicates, private use, escape sequences, bytes that
 * are not defined) and samples over each encoding's whole code table, read out of the engine's
 * `TextDecoder` so that every region of a table is tried against Terraform.
 *
 * @module
 */

type Case = readonly [string, ...string[]];

/** An HCL string literal (DEL and C1 controls escaped: a terminal would act on them). */
const q = (s: string) =>
  JSON.stringify(s).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
const b64 = (bytes: readonly number[]) => q(btoa(String.fromCharCode(...bytes)));

/** Every label Terraform is asked about, aliases included. */
const NAMES = [
  "Shift_JIS",
  "MS_Kanji",
  "csShiftJIS",
  "EUC-JP",
  "csEUCPkdFmtJapanese",
  "Extended_UNIX_Code_Packed_Format_for_Japanese",
  "ISO-2022-JP",
  "csISO2022JP",
  "GBK",
  "CP936",
  "MS936",
  "windows-936",
  "csGBK",
  "GB18030",
  "csGB18030",
  "HZ-GB-2312",
  "Big5",
  "csBig5",
  "EUC-KR",
  "csEUCKR",
  "US-ASCII",
  "ANSI_X3.4-1968",
  "us",
  "csASCII",
  "windows-874",
  "GB2312",
  "Big5-HKSCS",
  "windows-31j",
  "UTF-32",
  "ISO-8859-11",
];

/** A table's sample: lead and trail ranges of the pairs the engine's decoder is asked about. */
interface Table {
  readonly name: string;
  readonly label: string;
  readonly leads: readonly [number, number][];
  readonly trails: readonly [number, number][];
  readonly prefix?: readonly number[];
}

const TABLES: readonly Table[] = [
  {
    name: "Shift_JIS",
    label: "shift_jis",
    leads: [[0x81, 0x9f], [0xe0, 0xfc]],
    trails: [[0x40, 0x7e], [0x80, 0xfc]],
  },
  { name: "EUC-JP", label: "euc-jp", leads: [[0xa1, 0xfe]], trails: [[0xa1, 0xfe]] },
  {
    name: "EUC-JP",
    label: "euc-jp",
    leads: [[0xa1, 0xfe]],
    trails: [[0xa1, 0xfe]],
    prefix: [0x8f],
  },
  { name: "GBK", label: "gbk", leads: [[0x81, 0xfe]], trails: [[0x40, 0x7e], [0x80, 0xfe]] },
  {
    name: "GB18030",
    label: "gb18030",
    leads: [[0x81, 0xfe]],
    trails: [[0x40, 0x7e], [0x80, 0xfe]],
  },
  { name: "Big5", label: "big5", leads: [[0x81, 0xfe]], trails: [[0x40, 0x7e], [0xa1, 0xfe]] },
  { name: "EUC-KR", label: "euc-kr", leads: [[0x81, 0xfe]], trails: [[0x41, 0xfe]] },
];

function* range(rs: readonly [number, number][]): Generator<number> {
  for (const [lo, hi] of rs) for (let b = lo; b <= hi; b++) yield b;
}

/** Every pair of a table with what the engine decodes it to (U+FFFD: not defined). */
function tablePairs(t: Table): { bytes: number[]; text: string }[] {
  const out: { bytes: number[]; text: string }[] = [];
  const dec = new TextDecoder(t.label);
  for (const lead of range(t.leads)) {
    for (const trail of range(t.trails)) {
      const bytes = [...(t.prefix ?? []), lead, trail];
      out.push({ bytes, text: dec.decode(Uint8Array.from(bytes)) });
    }
  }
  return out;
}

/** Samples of each whole table: every 7th character, 120 to a string, encoded. */
function tableSamples(): Case[] {
  const out: Case[] = [];
  for (const t of TABLES) {
    const chars = tablePairs(t).map((p) => p.text)
      .filter((s) => !s.includes("\ufffd") && !/[\ue000-\uf8ff]/.test(s) && [...s].length === 1);
    const picked = chars.filter((_, i) => i % 7 === 0);
    for (let i = 0; i < picked.length; i += 120) {
      out.push(["textencodebase64", q(picked.slice(i, i + 120).join("")), q(t.name)]);
    }
  }
  return out;
}

/** Single pairs across each table (defined or not, private use included), decoded. */
function pairSamples(): Case[] {
  const out: Case[] = [];
  for (const t of TABLES) {
    const all = tablePairs(t);
    const step = Math.floor(all.length / 40);
    for (let i = 3; i < all.length; i += step) {
      out.push(["textdecodebase64", b64(all[i].bytes), q(t.name)]);
    }
  }
  return out;
}

const ENCODE_EDGES: readonly (readonly [string, readonly string[]])[] = [
  ["日本語テキスト", [
    "Shift_JIS",
    "EUC-JP",
    "ISO-2022-JP",
    "GBK",
    "GB18030",
    "Big5",
    "EUC-KR",
    "HZ-GB-2312",
  ]],
  ["中文", ["GBK", "GB18030", "Big5", "HZ-GB-2312", "Shift_JIS"]],
  ["한국어", ["EUC-KR", "GB18030", "Shift_JIS"]],
  ["😀", NAMES],
  ["abc~\\", [
    "Shift_JIS",
    "EUC-JP",
    "ISO-2022-JP",
    "GBK",
    "HZ-GB-2312",
    "Big5",
    "EUC-KR",
    "US-ASCII",
  ]],
  ["é", ["Shift_JIS", "EUC-JP", "GBK", "GB18030", "Big5", "EUC-KR", "US-ASCII", "windows-874"]],
  ["¥‾", ["Shift_JIS", "EUC-JP", "ISO-2022-JP"]],
  ["ｱｲｳ", ["Shift_JIS", "EUC-JP", "ISO-2022-JP", "GB18030"]],
  ["ｱa日ｱ", ["ISO-2022-JP"]],
  ["a日b", ["ISO-2022-JP", "HZ-GB-2312"]],
  ["丂", ["EUC-JP", "ISO-2022-JP", "Shift_JIS"]],
  ["∵≒ⅰ￢", ["Shift_JIS", "EUC-JP", "ISO-2022-JP"]],
  ["−〜～", ["Shift_JIS"]],
  ["～", ["EUC-JP", "Shift_JIS"]],
  ["\u0080", ["Shift_JIS", "EUC-JP", "GBK", "GB18030", "US-ASCII"]],
  ["€", ["GBK", "GB18030", "Big5", "EUC-KR", "HZ-GB-2312", "windows-874", "Shift_JIS"]],
  ["\ue000\ue5e5\ue78d\ue7c7\uf8ff", ["GB18030"]],
  ["\ue000", ["GBK", "Shift_JIS", "Big5", "EUC-KR"]],
  ["\ufe10\ufe19\u9fb4\u9fbb\u1e3f\u3000", ["GB18030"]],
  ["\ufe10", ["GBK"]],
  ["\u1e3f", ["GBK"]],
  ["\ud7ff\uffff\u{10000}\u{10ffff}\u{2a6d6}", ["GB18030"]],
  ["═╞╡╪卄卅兀嗀", ["Big5"]],
  ["䏰", ["Big5"]],
  ["\u00ca\u0304", ["Big5"]],
  ["갂", ["EUC-KR"]],
  ["中~", ["HZ-GB-2312"]],
  ["中a文", ["HZ-GB-2312"]],
  ["\n中", ["HZ-GB-2312"]],
  ["\u007f", ["US-ASCII"]],
  ["กขฃ", ["windows-874"]],
];

const DECODE_EDGES: readonly (readonly [readonly number[], readonly string[]])[] = [
  [[0x80], ["Shift_JIS", "EUC-JP", "GBK", "GB18030", "Big5", "EUC-KR", "US-ASCII", "HZ-GB-2312"]],
  [[0xff], ["Shift_JIS", "GB18030", "EUC-KR"]],
  [[0x81], ["Shift_JIS", "GBK", "Big5"]],
  [[0xa1], ["Shift_JIS", "EUC-JP"]],
  [[0xdf], ["Shift_JIS"]],
  [[0x83, 0xff], ["Shift_JIS"]],
  [[0xf0, 0x40], ["Shift_JIS", "EUC-JP"]],
  [[0xfa, 0x40], ["Shift_JIS"]],
  [[0xed, 0xef], ["Shift_JIS"]],
  [[0x8e, 0xb1], ["EUC-JP"]],
  [[0x8e], ["EUC-JP"]],
  [[0x8f, 0xb0, 0xa1], ["EUC-JP"]],
  [[0x8f, 0xb0], ["EUC-JP"]],
  [[0xf5, 0xa1], ["EUC-JP"]],
  [[0x1b, 0x24, 0x42], ["ISO-2022-JP"]],
  [[0x1b, 0x24, 0x42, 0x24, 0x22], ["ISO-2022-JP"]],
  [[0x1b, 0x24, 0x42, 0x24, 0x22, 0x1b, 0x28, 0x42], ["ISO-2022-JP"]],
  [[0x1b, 0x24, 0x40, 0x24, 0x22], ["ISO-2022-JP"]],
  [[0x1b, 0x28, 0x49, 0x31], ["ISO-2022-JP"]],
  [[0x1b, 0x28, 0x49, 0x61], ["ISO-2022-JP"]],
  [[0x1b, 0x28, 0x4a, 0x5c, 0x7e], ["ISO-2022-JP"]],
  [[0x1b, 0x24, 0x28, 0x44, 0x30, 0x21], ["ISO-2022-JP"]],
  [[0x1b, 0x24, 0x28, 0x44, 0x30, 0xa1], ["ISO-2022-JP"]],
  [[0x1b, 0x24, 0x42, 0x30, 0x10], ["ISO-2022-JP"]],
  [[0x1b, 0x24, 0x42, 0x24, 0x22, 0x0a, 0x41], ["ISO-2022-JP"]],
  [[0x1b, 0x24, 0x42, 0x24], ["ISO-2022-JP"]],
  [[0x1b, 0x24], ["ISO-2022-JP"]],
  [[0x1b, 0x28, 0x5a, 0x41], ["ISO-2022-JP"]],
  [[0x81, 0x30, 0x81, 0x30], ["GB18030", "GBK"]],
  [[0x81, 0x35, 0xf4, 0x37], ["GB18030"]],
  [[0x84, 0x31, 0xa4, 0x39], ["GB18030"]],
  [[0x84, 0x31, 0xa5, 0x30], ["GB18030"]],
  [[0x84, 0x31, 0x82, 0x36], ["GB18030"]],
  [[0x90, 0x30, 0x81, 0x30], ["GB18030"]],
  [[0xe3, 0x32, 0x9a, 0x35], ["GB18030"]],
  [[0xe3, 0x32, 0x9a, 0x36], ["GB18030"]],
  [[0xfe, 0x39, 0x52, 0x30], ["GB18030"]],
  [[0x83, 0x36, 0xc7, 0x39], ["GB18030"]],
  [[0x81, 0x30], ["GB18030"]],
  [[0xa3, 0xa0], ["GBK", "GB18030"]],
  [[0xa8, 0xbc], ["GBK", "GB18030"]],
  [[0xa6, 0xd9], ["GBK", "GB18030"]],
  [[0xfe, 0x59], ["GBK", "GB18030"]],
  [[0xfe, 0xa0], ["GBK", "GB18030"]],
  [[0xaa, 0xa1], ["GBK", "GB18030"]],
  [[0xa1, 0x40], ["GBK", "GB18030"]],
  [[0x88, 0x62], ["Big5"]],
  [[0x88, 0x64], ["Big5"]],
  [[0x87, 0x40], ["Big5"]],
  [[0x81, 0x40], ["Big5"]],
  [[0xa1, 0x45], ["Big5"]],
  [[0xf9, 0xf9], ["Big5"]],
  [[0xa2, 0xa4], ["Big5"]],
  [[0xc8, 0x7e], ["Big5"]],
  [[0x81, 0x41], ["EUC-KR"]],
  [[0xa1, 0xa1], ["EUC-KR"]],
  [[0xc9, 0xa1], ["EUC-KR"]],
  [[0xfe, 0xfe], ["EUC-KR"]],
  [[0x7e, 0x7b, 0x56, 0x50, 0x4e, 0x44], ["HZ-GB-2312"]],
  [[0x7e, 0x7b, 0x56, 0x50, 0x7e, 0x7d, 0x61], ["HZ-GB-2312"]],
  [[0x7e, 0x7e], ["HZ-GB-2312"]],
  [[0x7e, 0x0a, 0x61], ["HZ-GB-2312"]],
  [[0x7e, 0x61], ["HZ-GB-2312"]],
  [[0x7e, 0x7b], ["HZ-GB-2312"]],
  [[0x7e, 0x7b, 0x21], ["HZ-GB-2312"]],
  [[0x7e, 0x7b, 0x3d, 0x61, 0x7e, 0x7d], ["HZ-GB-2312"]],
  [[0x7e, 0x7b, 0x22, 0x63], ["HZ-GB-2312"]],
  [[0x7e, 0x7b, 0x7a, 0x21], ["HZ-GB-2312"]],
  [[0x7e], ["HZ-GB-2312"]],
  [[0x7f, 0x00, 0x41], ["US-ASCII"]],
  [[0x81], ["windows-874"]],
  [[0xdb], ["windows-874"]],
  [[0xa1, 0xe0], ["windows-874"]],
];

/** Every multi-byte encoding case. */
export const TEXT_MB_CASES: readonly Case[] = [
  ...NAMES.map((n): Case => ["textencodebase64", q("abc"), q(n)]),
  ...NAMES.map((n): Case => ["textdecodebase64", q("YWJj"), q(n)]),
  ...ENCODE_EDGES.flatMap(([s, names]) => names.map((n): Case => ["textencodebase64", q(s), q(n)])),
  ...DECODE_EDGES.flatMap(([bytes, names]) =>
    names.map((n): Case => ["textdecodebase64", b64(bytes), q(n)])
  ),
  ...tableSamples(),
  ...pairSamples(),
];
