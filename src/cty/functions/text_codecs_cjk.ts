/**
 * The multi-byte encodings of `textencodebase64`/`textdecodebase64` as Go's `x/text` (which
 * Terraform uses) reads and writes them: Shift_JIS, EUC-JP, ISO-2022-JP, GBK, GB18030,
 * HZ-GB-2312, Big5 and EUC-KR.
 *
 * The code tables are not shipped: each is read out of the engine's `TextDecoder` (the WHATWG
 * indexes, which Go's tables were generated from) the first time the encoding is used, and kept
 * (about 20,000 entries per encoding at most). Where Go's tables differ from today's WHATWG
 * indexes, Go wins:
 *
 * - code points in the Private Use Area (U+E000 to U+F8FF) are not in Go's two-byte tables,
 *   so those byte pairs are undefined and those characters are not representable (except in
 *   GB18030, through its four-byte ranges);
 * - Go's GBK/GB18030 tables predate the 2005 and 2022 changes: the pairs 0xA8BC, 0xA6D9-0xA6DF,
 *   0xA6EC-0xA6ED, 0xA6F3, 0xFE59, 0xFE61, 0xFE66, 0xFE67, 0xFE6D, 0xFE7E, 0xFE90 and 0xFEA0 are
 *   undefined, and the four-byte code 0x8135F437 is U+1E3F; Go's ranges extend linearly from
 *   the last range start, as its encoder does (so U+E000 encodes as 0x83389837);
 * - an encoder writes the first byte sequence of a character (Big5: the last one, HKSCS
 *   pairs included), never a lookalike (Shift_JIS has no `¥`);
 * - EUC-JP writes JIS X 0212 characters (0x8F prefix); ISO-2022-JP switches to JIS X 0201
 *   katakana (`ESC ( I`) for half-width katakana and reads `ESC $ ( D` (JIS X 0212) and
 *   `ESC ( J` (as ASCII); HZ-GB-2312 writes `~~` for `~` without leaving GB mode and does not
 *   return to ASCII at the end, as Go's encoder does;
 * - a byte sequence that is not defined is an error (Go decodes it to U+FFFD, which Terraform
 *   refuses).
 *
 * @module
 */

/** An encoding: text to bytes and back; undefined when a character or byte is not defined. */
export interface Codec {
  /** The IANA name Terraform reports. */
  readonly name: string;
  /** The bytes of `s`, or undefined when a character cannot be represented. */
  encode(s: string): Uint8Array | undefined;
  /** The text of `b`, or undefined when a byte sequence is not defined. */
  decode(b: Uint8Array): string | undefined;
}

/** Lead and trail byte ranges, inclusive. */
type ByteRanges = readonly (readonly [number, number])[];

/** Two-byte code table: key `lead << 8 | trail` (with `prefix` before), text in pointer order. */
interface PairTable {
  readonly decode: Map<number, string>;
  readonly encode: Map<string, number>;
}

const PUA = /[\ue000-\uf8ff]/;

function* bytesIn(ranges: ByteRanges): Generator<number> {
  for (const [lo, hi] of ranges) for (let b = lo; b <= hi; b++) yield b;
}

/**
 * Reads a two-byte table out of `TextDecoder(label)`: every pair (after `prefix`) decoded in
 * one call, each followed by NUL. A WHATWG decoder never swallows an ASCII byte into an error,
 * so the NULs keep the pairs apart.
 */
function readPairs(
  label: string,
  leads: ByteRanges,
  trails: ByteRanges,
  prefix: readonly number[] = [],
  skip: ReadonlySet<number> = new Set(),
  lastWins = false,
): PairTable {
  const keys: number[] = [];
  const buf: number[] = [];
  for (const lead of bytesIn(leads)) {
    for (const trail of bytesIn(trails)) {
      keys.push(lead << 8 | trail);
      buf.push(...prefix, lead, trail, 0);
    }
  }
  const parts = new TextDecoder(label).decode(Uint8Array.from(buf)).split("\0");
  const decode = new Map<number, string>();
  const encode = new Map<string, number>();
  for (let i = 0; i < keys.length; i++) {
    const text = parts[i];
    if (text === "" || text.includes("\ufffd") || PUA.test(text) || skip.has(keys[i])) continue;
    decode.set(keys[i], text);
    if (lastWins || !encode.has(text)) encode.set(text, keys[i]);
  }
  return { decode, encode };
}

/** A table built on first use. */
function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => value ??= build();
}

function pushPair(out: number[], key: number): void {
  out.push(key >> 8, key & 0xff);
}

// ---- Japanese ----

const JIS_ROWS: ByteRanges = [[0xa1, 0xfe]];
const jis0208 = lazy(() => readPairs("euc-jp", JIS_ROWS, JIS_ROWS));
const jis0212 = lazy(() => readPairs("euc-jp", JIS_ROWS, JIS_ROWS, [0x8f]));
const sjisPairs = lazy(() =>
  readPairs("shift_jis", [[0x81, 0x9f], [0xe0, 0xfc]], [[0x40, 0x7e], [0x80, 0xfc]])
);

const isHalfwidthKatakana = (cp: number) => cp >= 0xff61 && cp <= 0xff9f;

/** Shift_JIS: ASCII, half-width katakana 0xA1-0xDF, JIS X 0208 in pairs; 0x80 reads as U+0080. */
export const shiftJis: Codec = {
  name: "Shift_JIS",
  encode(s) {
    const out: number[] = [];
    for (const ch of s) {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x80) out.push(cp);
      else if (isHalfwidthKatakana(cp)) out.push(cp - 0xff61 + 0xa1);
      else {
        const key = sjisPairs().encode.get(ch);
        if (key === undefined) return undefined;
        pushPair(out, key);
      }
    }
    return Uint8Array.from(out);
  },
  decode(b) {
    let out = "";
    for (let i = 0; i < b.length; i++) {
      const c = b[i];
      if (c <= 0x80) out += String.fromCharCode(c);
      else if (c >= 0xa1 && c <= 0xdf) out += String.fromCharCode(c - 0xa1 + 0xff61);
      else {
        const text = i + 1 < b.length ? sjisPairs().decode.get(c << 8 | b[++i]) : undefined;
        if (text === undefined) return undefined;
        out += text;
      }
    }
    return out;
  },
};

/** EUC-JP: ASCII, 0x8E + half-width katakana, JIS X 0208 pairs, 0x8F + JIS X 0212 pairs. */
export const eucJp: Codec = {
  name: "Extended_UNIX_Code_Packed_Format_for_Japanese",
  encode(s) {
    const out: number[] = [];
    for (const ch of s) {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x80) out.push(cp);
      else if (isHalfwidthKatakana(cp)) out.push(0x8e, cp - 0xff61 + 0xa1);
      else {
        const k0208 = jis0208().encode.get(ch);
        if (k0208 !== undefined) pushPair(out, k0208);
        else {
          const k0212 = jis0212().encode.get(ch);
          if (k0212 === undefined) return undefined;
          out.push(0x8f);
          pushPair(out, k0212);
        }
      }
    }
    return Uint8Array.from(out);
  },
  decode(b) {
    let out = "";
    for (let i = 0; i < b.length; i++) {
      const c = b[i];
      let text: string | undefined;
      if (c < 0x80) text = String.fromCharCode(c);
      else if (c === 0x8e) {
        const k = b[++i];
        if (k >= 0xa1 && k <= 0xdf) text = String.fromCharCode(k - 0xa1 + 0xff61);
      } else if (c === 0x8f) {
        if (i + 2 < b.length) text = jis0212().decode.get(b[i + 1] << 8 | b[i + 2]);
        i += 2;
      } else if (i + 1 < b.length) text = jis0208().decode.get(c << 8 | b[++i]);
      if (text === undefined) return undefined;
      out += text;
    }
    return out;
  },
};

const ESC = 0x1b;
type JisMode = "ascii" | "katakana" | "jis0208" | "jis0212";
const JIS_ESCAPES: Readonly<Record<string, JisMode>> = {
  "(B": "ascii",
  "(J": "ascii",
  "(I": "katakana",
  "$@": "jis0208",
  "$B": "jis0208",
  "$(D": "jis0212",
};
const JIS_SWITCH: Readonly<Record<"ascii" | "katakana" | "jis0208", readonly number[]>> = {
  ascii: [ESC, 0x28, 0x42],
  katakana: [ESC, 0x28, 0x49],
  jis0208: [ESC, 0x24, 0x42],
};

/** ISO-2022-JP: escape sequences switch between ASCII, JIS X 0201 katakana and JIS X 0208. */
export const iso2022jp: Codec = {
  name: "ISO-2022-JP",
  encode(s) {
    const out: number[] = [];
    let mode: keyof typeof JIS_SWITCH = "ascii";
    const to = (m: keyof typeof JIS_SWITCH) => {
      if (mode !== m) out.push(...JIS_SWITCH[mode = m]);
    };
    for (const ch of s) {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x80) {
        to("ascii");
        out.push(cp);
      } else if (isHalfwidthKatakana(cp)) {
        to("katakana");
        out.push(cp - 0xff61 + 0x21);
      } else {
        const key = jis0208().encode.get(ch);
        if (key === undefined) return undefined;
        to("jis0208");
        out.push((key >> 8) & 0x7f, key & 0x7f);
      }
    }
    to("ascii");
    return Uint8Array.from(out);
  },
  decode(b) {
    let out = "";
    let mode: JisMode = "ascii";
    for (let i = 0; i < b.length; i++) {
      const c = b[i];
      if (c === ESC) {
        const seq = [2, 3].map((n) => String.fromCharCode(...b.subarray(i + 1, i + 1 + n)))
          .find((k) => JIS_ESCAPES[k] !== undefined);
        if (seq === undefined) return undefined;
        mode = JIS_ESCAPES[seq];
        i += seq.length;
        continue;
      }
      if (c >= 0x80) return undefined;
      if (mode === "ascii") {
        out += String.fromCharCode(c);
        continue;
      }
      if (mode === "katakana") {
        if (c < 0x21 || c > 0x5f) return undefined;
        out += String.fromCharCode(c - 0x21 + 0xff61);
        continue;
      }
      if (c === 0x0a) {
        mode = "ascii";
        out += "\n";
        continue;
      }
      if (i + 1 >= b.length) return undefined;
      // Go indexes its table with byte arithmetic and no range check of the second byte, so
      // a byte below 0x21 wraps around to a later row: the same lookup here.
      const pointer = ((c - 0x21) & 0xff) * 94 + ((b[++i] - 0x21) & 0xff);
      const text = mode === "jis0208" ? jis0208ByPointer(pointer) : jis0212ByPointer(pointer);
      if (text === undefined) return undefined;
      out += text;
    }
    return out;
  },
};

/** A JIS X 0208 character by its index pointer (row * 94 + cell), through the Shift_JIS table. */
function jis0208ByPointer(pointer: number): string | undefined {
  const lead = Math.floor(pointer / 188);
  const trail = pointer % 188;
  const key = (lead + (lead < 0x1f ? 0x81 : 0xc1)) << 8 | (trail + (trail < 0x3f ? 0x40 : 0x41));
  return sjisPairs().decode.get(key);
}

/** A JIS X 0212 character by its index pointer, through the EUC-JP table. */
function jis0212ByPointer(pointer: number): string | undefined {
  if (pointer >= 94 * 94) return undefined;
  return jis0212().decode.get((0xa1 + Math.floor(pointer / 94)) << 8 | (0xa1 + pointer % 94));
}

// ---- Chinese ----

/** Pairs where Go's (older) GB tables have no character but today's WHATWG index does. */
const GB_NEWER_PAIRS = new Set([
  0xa8bc,
  0xa6d9,
  0xa6da,
  0xa6db,
  0xa6dc,
  0xa6dd,
  0xa6de,
  0xa6df,
  0xa6ec,
  0xa6ed,
  0xa6f3,
  0xfe59,
  0xfe61,
  0xfe66,
  0xfe67,
  0xfe6d,
  0xfe7e,
  0xfe90,
  0xfea0,
]);
const gbPairs = lazy(() =>
  readPairs("gbk", [[0x81, 0xfe]], [[0x40, 0x7e], [0x80, 0xfe]], [], GB_NEWER_PAIRS)
);

/** Number of four-byte codes in the BMP (0x81308130 to 0x8431A439). */
const GB_BMP_POINTERS = 39420;

/** GB18030's four-byte ranges, as [pointer, code point] starts, read from `TextDecoder`. */
const gbRanges = lazy(() => {
  const buf = new Uint8Array(GB_BMP_POINTERS * 4);
  for (let p = 0; p < GB_BMP_POINTERS; p++) buf.set(gbFourBytes(p), p * 4);
  const cps = [...new TextDecoder("gb18030").decode(buf)].map((c) => c.codePointAt(0)!);
  // Go keeps GB18030-2000's 0x8135F437 = U+1E3F, where WHATWG has U+E7C7 since 2005.
  cps[7457] = 0x1e3f;
  const starts: [number, number][] = [];
  for (let p = 0; p < cps.length; p++) {
    if (p === 0 || cps[p] !== cps[p - 1] + 1) starts.push([p, cps[p]]);
  }
  return starts;
});

function gbFourBytes(pointer: number): number[] {
  const b4 = pointer % 10;
  const b3 = Math.floor(pointer / 10) % 126;
  const b2 = Math.floor(pointer / 1260) % 10;
  const b1 = Math.floor(pointer / 12600);
  return [b1 + 0x81, b2 + 0x30, b3 + 0x81, b4 + 0x30];
}

/** Go's four-byte encoding of `cp`: linear from the last range starting at or below it. */
function gbPointerOf(cp: number): number {
  if (cp >= 0x10000) return 189000 + cp - 0x10000;
  const ranges = gbRanges();
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ranges[mid][1] <= cp) lo = mid;
    else hi = mid - 1;
  }
  return ranges[lo][0] + cp - ranges[lo][1];
}

function gbCodePointOf(pointer: number): number | undefined {
  if (pointer >= 189000 && pointer <= 189000 + 0xfffff) return pointer - 189000 + 0x10000;
  if (pointer >= GB_BMP_POINTERS) return undefined;
  const ranges = gbRanges();
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ranges[mid][0] <= pointer) lo = mid;
    else hi = mid - 1;
  }
  return ranges[lo][1] + pointer - ranges[lo][0];
}

function gb(name: string, fourByte: boolean): Codec {
  return {
    name,
    encode(s) {
      const out: number[] = [];
      for (const ch of s) {
        const cp = ch.codePointAt(0)!;
        if (cp < 0x80) out.push(cp);
        else if (cp === 0x20ac && !fourByte) out.push(0x80);
        else {
          const key = gbPairs().encode.get(ch);
          if (key !== undefined) pushPair(out, key);
          else if (fourByte) out.push(...gbFourBytes(gbPointerOf(cp)));
          else return undefined;
        }
      }
      return Uint8Array.from(out);
    },
    decode(b) {
      let out = "";
      for (let i = 0; i < b.length; i++) {
        const c = b[i];
        if (c < 0x80) {
          out += String.fromCharCode(c);
          continue;
        }
        if (c === 0x80) {
          out += "€";
          continue;
        }
        if (c === 0xff || i + 1 >= b.length) return undefined;
        const c2 = b[i + 1];
        if (c2 >= 0x30 && c2 <= 0x39) {
          if (!fourByte || i + 3 >= b.length) return undefined;
          const c3 = b[i + 2];
          const c4 = b[i + 3];
          if (c3 < 0x81 || c3 > 0xfe || c4 < 0x30 || c4 > 0x39) return undefined;
          const cp = gbCodePointOf(
            (c - 0x81) * 12600 + (c2 - 0x30) * 1260 + (c3 - 0x81) * 10 + (c4 - 0x30),
          );
          if (cp === undefined) return undefined;
          out += String.fromCodePoint(cp);
          i += 3;
          continue;
        }
        const text = gbPairs().decode.get(c << 8 | c2);
        if (text === undefined) return undefined;
        out += text;
        i++;
      }
      return out;
    },
  };
}

/** GBK: ASCII, 0x80 for the euro sign, GBK pairs. */
export const gbk: Codec = gb("GBK", false);
/** GB18030: GBK pairs (0x80 read as the euro sign) and four-byte codes for the rest. */
export const gb18030: Codec = gb("GB18030", true);

/** HZ-GB-2312: 7-bit ASCII with `~{ ... ~}` around GB2312 pairs (each byte less 0x80). */
export const hzGb2312: Codec = {
  name: "HZ-GB-2312",
  encode(s) {
    const out: number[] = [];
    let gbMode = false;
    for (const ch of s) {
      const cp = ch.codePointAt(0)!;
      if (cp === 0x7e) out.push(0x7e, 0x7e);
      else if (cp < 0x80) {
        if (gbMode) out.push(0x7e, 0x7d);
        gbMode = false;
        out.push(cp);
      } else {
        const key = gbPairs().encode.get(ch);
        if (key === undefined || (key >> 8) < 0xa1 || (key & 0xff) < 0xa1) return undefined;
        if (!gbMode) out.push(0x7e, 0x7b);
        gbMode = true;
        out.push((key >> 8) - 0x80, (key & 0xff) - 0x80);
      }
    }
    return Uint8Array.from(out);
  },
  decode(b) {
    let out = "";
    let gbMode = false;
    for (let i = 0; i < b.length; i++) {
      const c = b[i];
      if (c >= 0x80) return undefined;
      if (c === 0x7e) {
        const n = b[++i];
        if (n === 0x7e) out += "~";
        else if (n === 0x7b) gbMode = true;
        else if (n === 0x7d) gbMode = false;
        else if (n !== 0x0a) return undefined;
        continue;
      }
      if (!gbMode) {
        out += String.fromCharCode(c);
        continue;
      }
      const c2 = b[++i];
      if (c < 0x21 || c > 0x7e || c2 === undefined || c2 < 0x21 || c2 > 0x7e) return undefined;
      const text = gbPairs().decode.get((c + 0x80) << 8 | (c2 + 0x80));
      if (text === undefined) return undefined;
      out += text;
    }
    return out;
  },
};

// Big5: the WHATWG index (with HKSCS); Go's encoder keeps the last pair of a character.
const big5Pairs = lazy(() =>
  readPairs("big5", [[0x81, 0xfe]], [[0x40, 0x7e], [0xa1, 0xfe]], [], new Set(), true)
);

/** Big5 with the HKSCS extension, as WHATWG's index has it. */
export const big5: Codec = pairCodec("Big5", big5Pairs);

// ---- Korean ----

const eucKrPairs = lazy(() => readPairs("euc-kr", [[0x81, 0xfe]], [[0x41, 0xfe]]));

/** EUC-KR, as Go and WHATWG read it (Microsoft's code page 949, a superset). */
export const eucKr: Codec = pairCodec("EUC-KR", eucKrPairs);

/** ASCII bytes alone, or a lead byte and a trail byte from `table`. */
function pairCodec(name: string, table: () => PairTable): Codec {
  return {
    name,
    encode(s) {
      const out: number[] = [];
      for (const ch of s) {
        const cp = ch.codePointAt(0)!;
        if (cp < 0x80) out.push(cp);
        else {
          const key = table().encode.get(ch);
          if (key === undefined) return undefined;
          pushPair(out, key);
        }
      }
      return Uint8Array.from(out);
    },
    decode(b) {
      let out = "";
      for (let i = 0; i < b.length; i++) {
        const c = b[i];
        if (c < 0x80) out += String.fromCharCode(c);
        else {
          const text = i + 1 < b.length ? table().decode.get(c << 8 | b[++i]) : undefined;
          if (text === undefined) return undefined;
          out += text;
        }
      }
      return out;
    },
  };
}

/** US-ASCII: seven-bit bytes only. */
export const usAscii: Codec = {
  name: "US-ASCII",
  encode(s) {
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return undefined;
      out[i] = c;
    }
    return out;
  },
  decode(b) {
    let out = "";
    for (const c of b) {
      if (c >= 0x80) return undefined;
      out += String.fromCharCode(c);
    }
    return out;
  },
};
