/**
 * Date and time functions: `formatdate` and `timeadd` (go-cty's, with its strict RFC 3339
 * reading), `timecmp` (Terraform's, with Go's lenient `time.Parse`), `timestamp` (now, UTC) and
 * `plantimestamp` (an unknown string here: Terraform fills it in with the plan's time). Times
 * keep the UTC offset they were written with, as Go's do.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { datetimeFunctions } from "./datetime.ts";
 *
 * const t = cty.string("2024-02-29T23:30:00+01:00");
 * assert.equal(datetimeFunctions.timeadd.call([t, cty.string("1h")]).asString(), "2024-03-01T00:30:00+01:00");
 * assert.equal(datetimeFunctions.formatdate.call([cty.string("EEE, DD MMM YYYY"), t]).asString(), "Thu, 29 Feb 2024");
 * ```
 *
 * @module
 */

import { cty, type CtyFunction, FunctionCallError, type Value } from "../evaluation.ts";
import {
  fields,
  formatOffset,
  formatRFC3339,
  type GoParseError,
  type GoTime,
  parseDuration,
  parseRFC3339,
  parseStrictRFC3339,
} from "./go_time.ts";
import { makeFunction } from "./make_function.ts";
import { goQuote } from "./go_quote.ts";

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const WHAT: Readonly<Record<string, string>> = {
  "2006": "year",
  "01": "month",
  "02": "day of month",
  "15": "hour",
  "04": "minute",
  "05": "second",
  "Z07:00": "UTC offset",
};

/** Terraform's (and, with `strict`, go-cty's) words for a timestamp Go could not parse. */
function timestampMessage(e: GoParseError, strict: boolean): string {
  const head = "not a valid RFC3339 timestamp";
  if (e.layoutElem === "" && e.valueElem === "" && e.message !== "") return head + e.message;
  if (e.layoutElem === "T") return `${head}: missing required time introducer 'T'`;
  if (e.layoutElem === ":" || e.layoutElem === "-") {
    return e.valueElem === ""
      ? `${head}: end of string where ${goQuote(e.layoutElem)} is expected`
      : `${head}: found ${goQuote(e.valueElem)} where ${goQuote(e.layoutElem)} is expected`;
  }
  const what = WHAT[e.layoutElem] ?? "timestamp segment";
  if (e.valueElem === "") return `${head}: end of string before ${what}`;
  if (strict) {
    if (what === "hour" && e.valueElem.includes(":")) {
      return `${head}: hour must be between 0 and 23 inclusive`;
    }
    if (what === "hour" && e.valueElem.length !== 2) {
      return `${head}: hour must have exactly two digits`;
    }
    if (what === "minute" && e.valueElem.length !== 2) {
      return `${head}: minute must have exactly two digits`;
    }
  }
  return `${head}: cannot use ${goQuote(e.valueElem)} as ${what}`;
}

function parseTime(v: Value, strict: boolean, argument?: number): GoTime {
  const r = strict ? parseStrictRFC3339(v.asString()) : parseRFC3339(v.asString());
  if ("layoutElem" in r) throw new FunctionCallError(timestampMessage(r, strict), { argument });
  return r;
}

const pad = (n: number, w: number) => String(n).padStart(w, "0");

function verbError(tok: string, why: string): FunctionCallError {
  return new FunctionCallError(`invalid date format verb ${goQuote(tok)}${why}`, { argument: 0 });
}

/** go-cty's `formatdate` tokens: quoted literals, runs of one letter, other text. */
function formatDate(format: string, t: GoTime): string {
  const f = fields(t);
  let out = "";
  let i = 0;
  const isLetter = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
  while (i < format.length) {
    const c = format[i];
    if (c === "'") {
      if (format[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      let j = i + 1;
      let text = "";
      let closed = false;
      while (j < format.length) {
        if (format[j] === "'") {
          if (format[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          closed = true;
          break;
        }
        text += format[j++];
      }
      if (!closed) throw new FunctionCallError("unterminated literal '", { argument: 0 });
      out += text;
      i = j + 1;
      continue;
    }
    if (!isLetter(c)) {
      let j = i + 1;
      while (j < format.length && format[j] !== "'" && !isLetter(format[j])) j++;
      out += format.slice(i, j);
      i = j;
      continue;
    }
    let j = i + 1;
    while (j < format.length && format[j] === c) j++;
    const tok = format.slice(i, j);
    i = j;
    const n = tok.length;
    switch (c) {
      case "Y":
        if (n === 2) out += pad(((f.year % 100) + 100) % 100, 2);
        else if (n === 4) out += pad(f.year, 4);
        else throw verbError(tok, ': year must either be "YY" or "YYYY"');
        break;
      case "M":
        if (n === 1) out += f.month;
        else if (n === 2) out += pad(f.month, 2);
        else if (n === 3) out += MONTHS[f.month - 1].slice(0, 3);
        else if (n === 4) out += MONTHS[f.month - 1];
        else throw verbError(tok, ': month must be "M", "MM", "MMM", or "MMMM"');
        break;
      case "D":
        if (n === 1) out += f.day;
        else if (n === 2) out += pad(f.day, 2);
        else throw verbError(tok, ': day of month must either be "D" or "DD"');
        break;
      case "E":
        if (n === 3) out += DAYS[f.weekday].slice(0, 3);
        else if (n === 4) out += DAYS[f.weekday];
        else throw verbError(tok, ': day of week must either be "EEE" or "EEEE"');
        break;
      case "h":
        if (n === 1) out += f.hour;
        else if (n === 2) out += pad(f.hour, 2);
        else throw verbError(tok, ': 24-hour must either be "h" or "hh"');
        break;
      case "H": {
        const h = f.hour % 12 === 0 ? 12 : f.hour % 12;
        if (n === 1) out += h;
        else if (n === 2) out += pad(h, 2);
        else throw verbError(tok, ': 12-hour must either be "H" or "HH"');
        break;
      }
      case "A":
      case "a":
        if (n !== 2) throw verbError(tok, `: must be "${c}${c}"`);
        out += f.hour < 12 ? (c === "A" ? "AM" : "am") : (c === "A" ? "PM" : "pm");
        break;
      case "m":
        if (n === 1) out += f.minute;
        else if (n === 2) out += pad(f.minute, 2);
        else throw verbError(tok, ': minute must either be "m" or "mm"');
        break;
      case "s":
        if (n === 1) out += f.second;
        else if (n === 2) out += pad(f.second, 2);
        else throw verbError(tok, ': second must either be "s" or "ss"');
        break;
      case "Z":
        if (n === 1) out += formatOffset(t.offset, "Z07:00");
        else if (n === 3) out += t.offset === 0 ? "UTC" : formatOffset(t.offset, "-0700");
        else if (n === 4) out += formatOffset(t.offset, "-0700");
        else if (n === 5) out += formatOffset(t.offset, "-07:00");
        else throw verbError(tok, ": timezone must be Z, ZZZZ, or ZZZZZ");
        break;
      default:
        throw verbError(tok, "");
    }
  }
  return out;
}

const ts = (name: string) => ({ name, type: cty.String });

/** The date and time functions by name. */
export const datetimeFunctions: Readonly<Record<string, CtyFunction>> = {
  formatdate: makeFunction({
    params: [ts("format"), ts("time")],
    returnType: cty.String,
    refineNotNull: true,
    impl: ([f, t]) => cty.string(formatDate(f.asString(), parseTime(t, true, 1))),
  }),
  plantimestamp: makeFunction({
    params: [],
    returnType: cty.String,
    impl: () => cty.unknown(cty.String),
  }),
  timeadd: makeFunction({
    params: [ts("timestamp"), ts("duration")],
    returnType: cty.String,
    impl: ([t, d]) => {
      const time = parseTime(t, true);
      const dur = parseDuration(d.asString());
      if (typeof dur === "string") throw new FunctionCallError(dur);
      return cty.string(formatRFC3339({ ns: time.ns + dur, offset: time.offset }));
    },
  }),
  timecmp: makeFunction({
    params: [ts("timestamp_a"), ts("timestamp_b")],
    returnType: cty.Number,
    refineNotNull: true,
    impl: ([a, b]) => {
      const x = parseTime(a, false, 0).ns;
      const y = parseTime(b, false, 1).ns;
      return cty.number(x === y ? 0 : x < y ? -1 : 1);
    },
  }),
  timestamp: makeFunction({
    params: [],
    returnType: cty.String,
    refineNotNull: true,
    impl: () => {
      const now = BigInt(Date.now()) * 1_000_000n;
      return cty.string(formatRFC3339({ ns: now, offset: 0 }));
    },
  }),
};
