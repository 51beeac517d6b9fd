/**
 * Regenerates `tests/cty/functions/testdata/text_encodings.json`,
 * `src/cty/functions/text_encoding_names.ts` and `src/cty/functions/text_codepage_tables.ts`:
 * which character set names Terraform 1.11.4's `textencodebase64`/`textdecodebase64` accept,
 * and every single-byte table, all read from a real `terraform console` kept open on a
 * pseudo-terminal (about 25,000 queries, three minutes).
 *
 *   deno run -A scripts/functions-testdata/generate_text_encodings.ts
 *   deno run -A scripts/functions-testdata/generate_text_encodings.ts --from-recorded
 *
 * (the second rewrites the files from the answers already recorded, without Terraform).
 *
 * What is asked:
 *
 * - every name and alias of IANA's registry (`iana_charsets.ts`), and spelling variants of the
 *   accepted ones (upper and lower case, surrounding blanks Go trims or does not trim, the
 *   dotted capital I and Kelvin sign that Go's lower-casing folds to ASCII): accepted or not,
 *   and the name Terraform reports for an accepted one (from the error it gives for text the
 *   encoding cannot hold);
 * - for each single-byte encoding Terraform accepts: all 256 bytes decoded one at a time (an
 *   undefined byte is an error, whose message is recorded once), and every decoded character
 *   encoded back, to learn which byte the encoder writes where two bytes decode alike;
 * - characters the tables lack, encoded, for the error message.
 *
 * Table text crosses the console as base64 of UTF-16BE (`textencodebase64(x, "UTF-16BE")` and
 * back), so the console's own quoting and the terminal never touch it; the few characters asked
 * about for errors go as `\u` escapes (U+FFFD cannot come through UTF-16BE: Terraform refuses
 * to decode it). Strings are NFC in Terraform, so what is recorded is NFC too.
 *
 * `text_codepage_tables.ts` keeps only the tables the engine's `TextDecoder` cannot give
 * (the IBM code pages), as text; the test checks every table, those included, against the
 * recorded answers.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Buffer } from "node:buffer";
import { IANA_CHARSETS } from "./iana_charsets.ts";
import { unquote } from "./generate.ts";
import { TerraformConsole } from "./terraform_console.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const OUT = join(ROOT, "tests", "cty", "functions", "testdata", "text_encodings.json");
const TABLES_TS = join(ROOT, "src", "cty", "functions", "text_codepage_tables.ts");
const NAMES_TS = join(ROOT, "src", "cty", "functions", "text_encoding_names.ts");

/**
 * The registered names of the single-byte encodings Go's `ianaindex` maps (its `charmap`
 * tables and US-ASCII); the other accepted encodings (UTF-8/16, the CJK ones) are multi-byte.
 */
const SINGLE_BYTE = new Set([
  "US-ASCII",
  "IBM037",
  "IBM437",
  "IBM850",
  "IBM852",
  "IBM855",
  "IBM00858",
  "IBM860",
  "IBM862",
  "IBM863",
  "IBM865",
  "IBM866",
  "IBM1047",
  "IBM01140",
  "ISO_8859-1:1987",
  "ISO_8859-2:1987",
  "ISO_8859-3:1988",
  "ISO_8859-4:1988",
  "ISO_8859-5:1988",
  "ISO_8859-6:1987",
  "ISO_8859-6-E",
  "ISO_8859-6-I",
  "ISO_8859-7:1987",
  "ISO_8859-8:1988",
  "ISO_8859-8-E",
  "ISO_8859-8-I",
  "ISO_8859-9:1989",
  "ISO-8859-10",
  "ISO-8859-13",
  "ISO-8859-14",
  "ISO-8859-15",
  "ISO-8859-16",
  "KOI8-R",
  "KOI8-U",
  "macintosh",
  "windows-874",
  "windows-1250",
  "windows-1251",
  "windows-1252",
  "windows-1253",
  "windows-1254",
  "windows-1255",
  "windows-1256",
  "windows-1257",
  "windows-1258",
]);

/** Tables no engine decoder provides: shipped as data. */
const SHIPPED = [
  "IBM037",
  "IBM437",
  "IBM850",
  "IBM852",
  "IBM855",
  "IBM00858",
  "IBM860",
  "IBM862",
  "IBM863",
  "IBM865",
  "IBM1047",
  "IBM01140",
];

/** An HCL string literal of ASCII text; anything else as `\u` escapes. */
function hcl(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += `\\U${cp.toString(16).padStart(8, "0")}`;
  }
  return out + '"';
}

const utf16b64 = (s: string) => {
  const b = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    b[2 * i] = s.charCodeAt(i) >> 8;
    b[2 * i + 1] = s.charCodeAt(i) & 0xff;
  }
  return Buffer.from(b).toString("base64");
};
const fromUtf16b64 = (b64: string) => {
  const b = Buffer.from(b64, "base64");
  let s = "";
  for (let i = 0; i < b.length; i += 2) s += String.fromCharCode(b[i] << 8 | b[i + 1]);
  return s;
};
/** HCL for the text `s`, carried as base64 of UTF-16BE. */
const textExpr = (s: string) => `textdecodebase64("${utf16b64(s)}", "UTF-16BE")`;

/** Reads a printed tuple of strings. */
function tupleOfStrings(out: string): string[] {
  const lines = out.split("\n");
  if (lines[0] !== "[" || lines[lines.length - 1] !== "]") throw new Error(`not a tuple: ${out}`);
  return lines.slice(1, -1).map((l) => unquote(l.trim().replace(/,$/, "")));
}

/** One line whose answer must be a string or an error message. */
async function ask(c: TerraformConsole, line: string): Promise<{ out?: string; error?: string }> {
  const a = await c.eval(line);
  if (a.errors) return { error: a.errors.join("; ") };
  return { out: unquote(a.out!) };
}

/**
 * For each expression, its string value or "" when it failed, a few to a query: the console
 * redraws a line as it is typed, so a line's cost grows with the square of its length.
 */
async function tryEach(c: TerraformConsole, exprs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  let chunk: string[] = [];
  let length = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const a = await c.eval(`[${chunk.join(", ")}]`);
    if (a.errors) throw new Error(`tuple query failed: ${a.errors.join("; ")}`);
    const got = tupleOfStrings(a.out!);
    if (got.length !== chunk.length) throw new Error(`asked ${chunk.length}, got ${got.length}`);
    out.push(...got);
    chunk = [];
    length = 0;
  };
  for (const e of exprs) {
    const item = `try(${e}, "")`;
    if (item.length > 300) throw new Error(`too long for one line: ${item.slice(0, 80)}...`);
    if (length + item.length + 2 > 300) await flush();
    chunk.push(item);
    length += item.length + 2;
  }
  await flush();
  return out;
}

/** Spellings of an accepted name that Go's lookup folds or trims, and some it does not. */
function variants(name: string): string[] {
  const out = [name.toUpperCase(), name.toLowerCase(), ` ${name}\t`, `\u0085${name}\u00a0`];
  out.push(`\ufeff${name}`, `${name}\u200b`); // not blanks to Go
  if (/i/i.test(name)) out.push(name.replace(/i/i, "\u0130")); // dotted capital I folds to i
  if (/k/i.test(name)) out.push(name.replace(/k/i, "\u212a")); // Kelvin sign folds to k
  return out;
}

/** What the file records. */
interface Recorded {
  readonly generatedBy: string;
  readonly terraform: string;
  /** Name -> the name Terraform reports (accepted), or null (refused). */
  readonly names: Record<string, string | null>;
  /** Terraform's message for a refused name, with `NAME` for the name as quoted. */
  readonly refusedMessage: string;
  /** Reported name -> its single-byte table. */
  readonly tables: Record<string, TableRecord>;
}

interface TableRecord {
  /** One of the names Terraform accepts for it. */
  readonly name: string;
  /** Per byte: the text it decodes to, or null when undefined. */
  readonly decode: (string | null)[];
  /** Per byte: the byte Terraform writes for the text that byte decodes to (null: undefined). */
  readonly encode: (number | null)[];
  /** The decoder's message for an undefined byte, if there is one. */
  readonly undefinedByte?: { readonly byte: number; readonly message: string };
  /** Text the table lacks -> the encoder's message. */
  readonly unrepresentable: Record<string, string>;
}

/** Writes the recorded answers and the source files made from them. */
async function writeAll(rec: Recorded): Promise<void> {
  // One line per name, one line per table array: readable diffs, a fifth of the indented size.
  const lines = [
    "{",
    ` "generatedBy": ${JSON.stringify(rec.generatedBy)},`,
    ` "terraform": ${JSON.stringify(rec.terraform)},`,
    ` "refusedMessage": ${JSON.stringify(rec.refusedMessage)},`,
    ' "names": {',
    Object.entries(rec.names).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(",\n"),
    " },",
    ' "tables": {',
    Object.entries(rec.tables).map(([k, t]) =>
      `  ${JSON.stringify(k)}: {\n` +
      Object.entries(t).map(([f, v]) => `   ${JSON.stringify(f)}: ${JSON.stringify(v)}`)
        .join(",\n") +
      "\n  }"
    ).join(",\n"),
    " }",
    "}",
  ];
  await Deno.writeTextFile(OUT, lines.join("\n") + "\n");
  await writeShippedTables(rec.tables);
  const all = IANA_CHARSETS.flat();
  await writeNames(all.filter((n) => rec.names[n] !== null).map((n) => [n, rec.names[n]!]));
  const n = Object.values(rec.names);
  console.log(
    `${n.length} names (${n.filter((x) => x !== null).length} accepted), ` +
      `${Object.keys(rec.tables).length} single-byte tables`,
  );
}

async function main() {
  if (Deno.args.includes("--from-recorded")) {
    // Rewrites the files from the recorded answers, without asking Terraform again.
    await writeAll(JSON.parse(await Deno.readTextFile(OUT)));
    return;
  }
  const dir = await Deno.makeTempDir({ prefix: "text-encodings-" });
  const c = await TerraformConsole.open(dir);
  const t0 = performance.now();
  try {
    const version = new Deno.Command("terraform", {
      args: ["version", "-json"],
      env: { CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" },
      stdout: "piped",
    }).outputSync();
    const terraform = JSON.parse(new TextDecoder().decode(version.stdout)).terraform_version;

    // Which names are accepted, then the accepted ones' variants.
    const all = IANA_CHARSETS.flat();
    const ok = await tryEach(c, all.map((n) => `textencodebase64("a", ${hcl(n)})`));
    const accepted = all.filter((_, i) => ok[i] !== "");
    const more = [...new Set(accepted.flatMap(variants))].filter((n) => !all.includes(n));
    const okMore = await tryEach(c, more.map((n) => `textencodebase64("a", ${hcl(n)})`));
    const names: Record<string, string | null> = {};
    all.forEach((n, i) => names[n] = ok[i] === "" ? null : "");
    more.forEach((n, i) => names[n] = okMore[i] === "" ? null : "");

    // The name Terraform reports: from an error that quotes it (text it cannot hold, or
    // bytes it cannot read).
    console.error(`${accepted.length} of ${all.length} names accepted`);
    const reportedOf = new Map<string, string>();
    for (const n of Object.keys(names)) {
      if (names[n] === null) continue;
      let r = await ask(c, `textencodebase64("\\U0010ffff", ${hcl(n)})`);
      if (r.error === undefined) r = await ask(c, `textdecodebase64("/w==", ${hcl(n)})`);
      if (r.error === undefined) r = await ask(c, `textdecodebase64("AA==", ${hcl(n)})`);
      const m = r.error?.match(/(?:represented in|not defined for) (.*)\.$/);
      if (!m) throw new Error(`no reported name for ${n}: ${JSON.stringify(r)}`);
      names[n] = m[1];
      if (!reportedOf.has(m[1])) reportedOf.set(m[1], n);
    }
    const refused = await ask(c, `textencodebase64("a", "no-such-charset")`);
    const refusedMessage = refused.error!.replace('"no-such-charset"', "NAME");

    const tables: Record<string, TableRecord> = {};
    for (const [reported, name] of reportedOf) {
      if (!SINGLE_BYTE.has(reported)) continue;
      console.error(`table ${reported} (as ${name})`);
      const bytes = Array.from({ length: 256 }, (_, b) => Buffer.from([b]).toString("base64"));
      const got = await tryEach(
        c,
        bytes.map((b) => `textencodebase64(textdecodebase64("${b}", ${hcl(name)}), "UTF-16BE")`),
      );
      const decode = got.map((g) => g === "" ? null : fromUtf16b64(g));
      const bad = decode.indexOf(null);
      const undefinedByte = bad < 0 ? undefined : {
        byte: bad,
        message: (await ask(c, `textdecodebase64("${bytes[bad]}", ${hcl(name)})`)).error!,
      };
      const back = await tryEach(
        c,
        decode.map((t) => t === null ? `""` : `textencodebase64(${textExpr(t)}, ${hcl(name)})`),
      );
      const encode = back.map((b64, b) => {
        if (decode[b] === null) return null;
        const out = Buffer.from(b64, "base64");
        if (out.length !== 1) throw new Error(`${name}: byte ${b} encodes back as ${b64}`);
        return out[0];
      });
      const unrepresentable: Record<string, string> = {};
      for (
        const t of ["\u20ac", "\u0100", "\u05d0", "\u0627", "\u3042", "\ufffd", "😀", "a\u0301"]
      ) {
        if (decode.includes(t)) continue;
        // A literal: U+FFFD cannot come through UTF-16BE (Terraform refuses to decode it).
        const r = await ask(c, `textencodebase64(${hcl(t)}, ${hcl(name)})`);
        unrepresentable[t] = r.error ?? `encoded: ${r.out}`;
      }
      tables[reported] = {
        name,
        decode,
        encode,
        ...(undefinedByte ? { undefinedByte } : {}),
        unrepresentable,
      };
    }

    const rec: Recorded = {
      generatedBy: "scripts/functions-testdata/generate_text_encodings.ts",
      terraform,
      names,
      refusedMessage,
      tables,
    };
    await writeAll(rec);
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await c.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** A table as one string of 256 characters, U+FFFD where a byte is undefined. */
function tableText(t: TableRecord): string {
  let s = "";
  for (const ch of t.decode) {
    if (ch !== null && ch.length !== 1) throw new Error(`${t.name}: ${ch} is not one UTF-16 unit`);
    s += ch ?? "\ufffd";
  }
  return s;
}

/**
 * JS string literal text: printable characters as they are; controls, blanks other than the
 * space, the soft hyphen, combining marks and U+FFFD (undefined) as escapes.
 */
function jsString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (cp === 0x20 || (cp !== 0xfffd && /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch))) out += ch;
    else out += `\\u${cp.toString(16).padStart(4, "0")}`;
  }
  return out + '"';
}

async function writeShippedTables(tables: Record<string, TableRecord>): Promise<void> {
  const entries: string[] = [];
  for (const name of SHIPPED) {
    const t = tables[name];
    if (t === undefined) throw new Error(`Terraform has no table for ${name}`);
    const text = tableText(t);
    // The DOS code pages keep ASCII below 0x80: only their upper half is written down.
    const asciiLow = [...text.slice(0, 128)].every((ch, i) => ch.charCodeAt(0) === i);
    const chunks: string[] = [];
    const body = asciiLow ? text.slice(128) : text;
    for (let i = 0; i < body.length; i += 16) chunks.push(jsString(body.slice(i, i + 16)));
    entries.push(
      `  ${JSON.stringify(name)}: {\n    asciiLow: ${asciiLow},\n    text: ${
        chunks.join(" +\n      ")
      },\n  },`,
    );
  }
  const text =
    `// Generated by scripts/functions-testdata/generate_text_encodings.ts from Terraform ${""}
// 1.11.4's answers (textdecodebase64 of every byte); do not edit.
/**
 * The single-byte tables Terraform knows and no engine decoder provides: the IBM code pages.
 * Each is the text of its bytes in order (U+FFFD where a byte is undefined); \`asciiLow\`: the
 * bytes below 0x80 are ASCII and only the upper half is written.
 *
 * @module
 */

/** A code page's bytes as text. */
export interface CodePageText {
  /** Bytes 0x00-0x7F are ASCII; \`text\` holds 0x80-0xFF only. */
  readonly asciiLow: boolean;
  /** The characters of the bytes in order, U+FFFD for an undefined byte. */
  readonly text: string;
}

/** The IBM code pages by the name Terraform reports. */
export const CODE_PAGE_TABLES: Readonly<Record<string, CodePageText>> = {
${entries.join("\n")}
};
`;
  await Deno.writeTextFile(TABLES_TS, text);
  new Deno.Command("deno", { args: ["fmt", "-q", TABLES_TS] }).outputSync();
}

/** The accepted registry names, grouped by the name Terraform reports. */
async function writeNames(accepted: readonly (readonly [string, string])[]): Promise<void> {
  const groups = new Map<string, string[]>();
  for (const [name, reported] of accepted) {
    const g = groups.get(reported) ?? [];
    if (!groups.has(reported)) groups.set(reported, g);
    if (name !== reported) g.push(name);
  }
  const entries = [...groups].map(([reported, aliases]) =>
    `  ${JSON.stringify(reported)}: [${aliases.map((a) => JSON.stringify(a)).join(", ")}],`
  );
  const text =
    `// Generated by scripts/functions-testdata/generate_text_encodings.ts from Terraform 1.11.4's
// answers; do not edit.
/**
 * The character set names Terraform's \`textencodebase64\`/\`textdecodebase64\` accept
 * (IANA's registry, as far as Go's \`x/text\` implements it), grouped by the name Terraform
 * reports in its messages. Matching is case-insensitive and ignores surrounding blanks.
 *
 * @module
 */

/** Reported name -> the other registered names (aliases) that select the same encoding. */
export const ENCODING_ALIASES: Readonly<Record<string, readonly string[]>> = {
${entries.join("\n")}
};
`;
  await Deno.writeTextFile(NAMES_TS, text);
  new Deno.Command("deno", { args: ["fmt", "-q", NAMES_TS] }).outputSync();
}

if (import.meta.main) await main();
