/**
 * `csvdecode`: Go's `encoding/csv` reader (RFC 4180 with Go's choices: blank lines skipped,
 * `\r\n` read as `\n`, spaces kept, `""` inside quotes, every record as wide as the header)
 * and go-cty's result: a list of objects keyed by the header row, all strings.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { csvFunctions } from "./csv.ts";
 *
 * const v = csvFunctions.csvdecode.call([cty.string('a,b\n1,"x, y"\n')]);
 * assert.equal(cty.json.encode(v, v.type), '[{"a":"1","b":"x, y"}]');
 * ```
 *
 * @module
 */

import { cty, type CtyFunction, FunctionCallError, type Type, type Value } from "../evaluation.ts";
import { goQuote } from "./go_quote.ts";
import { makeFunction } from "./make_function.ts";

/** A CSV record and the line it starts on. */
interface CsvRecord {
  fields: string[];
  line: number;
}

class CsvError extends Error {}

/** Reads every record, as Go's `csv.Reader` does with default settings. */
function readCsv(text: string, fieldsPerRecord: number): CsvRecord[] {
  const s = text.replace(/\r\n/g, "\n");
  const out: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  const fail = (l: number, msg: string): never => {
    throw new CsvError(`CSV parse error on line ${l}: ${msg}`);
  };
  while (i < s.length) {
    if (s[i] === "\n") {
      // A blank line is skipped.
      i++;
      line++;
      continue;
    }
    const start = line;
    const fields: string[] = [];
    for (;;) {
      if (s[i] === '"') {
        i++;
        let field = "";
        for (;;) {
          const q = s.indexOf('"', i);
          if (q < 0) {
            // Go counts the lines it read; the newline ending the text starts no new one.
            for (const ch of s.slice(i, s.endsWith("\n") ? -1 : undefined)) if (ch === "\n") line++;
            fail(line, 'extraneous or missing " in quoted-field');
          }
          const chunk = s.slice(i, q);
          for (const ch of chunk) if (ch === "\n") line++;
          field += chunk;
          i = q + 1;
          if (s[i] === '"') {
            field += '"';
            i++;
            continue;
          }
          if (i >= s.length || s[i] === "," || s[i] === "\n") break;
          fail(line, 'extraneous or missing " in quoted-field');
        }
        fields.push(field);
      } else {
        let j = i;
        while (j < s.length && s[j] !== "," && s[j] !== "\n") {
          if (s[j] === '"') fail(line, 'bare " in non-quoted-field');
          j++;
        }
        fields.push(s.slice(i, j));
        i = j;
      }
      if (s[i] === ",") {
        i++;
        continue;
      }
      if (s[i] === "\n") {
        i++;
        line++;
      }
      break;
    }
    if (fieldsPerRecord > 0 && fields.length !== fieldsPerRecord) {
      fail(start, "wrong number of fields");
    }
    if (fieldsPerRecord === 0) fieldsPerRecord = fields.length;
    out.push({ fields, line: start });
  }
  return out;
}

function headerType(text: string): Type {
  let records: CsvRecord[];
  try {
    // The header alone: errors further down belong to the call, not to the type.
    const firstEnd = firstRecordEnd(text);
    records = readCsv(text.slice(0, firstEnd), 0);
  } catch (e) {
    if (e instanceof CsvError) throw new FunctionCallError(e.message);
    throw e;
  }
  if (records.length === 0) throw new FunctionCallError("missing header line");
  const attrs: Record<string, Type> = {};
  for (const name of records[0].fields) {
    if (Object.hasOwn(attrs, name)) {
      throw new FunctionCallError(`duplicate column name ${goQuote(name)}`);
    }
    attrs[name] = cty.String;
  }
  return cty.List(cty.Object(attrs));
}

/** Where the first non-blank record ends (quotes may span lines). */
function firstRecordEnd(text: string): number {
  let i = 0;
  while (i < text.length && (text[i] === "\n" || text.startsWith("\r\n", i))) {
    i += text[i] === "\n" ? 1 : 2;
  }
  let quoted = false;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === "\n" && !quoted) return i + 1;
  }
  return text.length;
}

/** `csvdecode` by name. */
export const csvFunctions: Readonly<Record<string, CtyFunction>> = {
  csvdecode: makeFunction({
    params: [{ name: "str", type: cty.String }],
    type: ([s]) => s.isKnown ? headerType(s.asString()) : cty.Dynamic,
    refineNotNull: true,
    impl: ([s], rt) => {
      const et = (rt as ReturnType<typeof cty.List>).element as ReturnType<typeof cty.Object>;
      let records: CsvRecord[];
      try {
        records = readCsv(s.asString(), et.names.length);
      } catch (e) {
        if (e instanceof CsvError) throw new FunctionCallError(e.message);
        throw e;
      }
      const headers = records[0].fields;
      const rows: Value[] = records.slice(1).map((r) =>
        cty.object(Object.fromEntries(r.fields.map((f, i) => [headers[i], cty.string(f)])))
      );
      return rows.length === 0 ? cty.listEmpty(et) : cty.list(rows);
    },
  }),
};
