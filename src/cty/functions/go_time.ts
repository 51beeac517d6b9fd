/**
 * Go's `time` package where Terraform's date functions depend on it: `time.Parse` with the
 * RFC 3339 layout (its lenient general parser, and the error it reports), go-cty's strict
 * RFC 3339 reading, `time.ParseDuration`, and `Format(time.RFC3339)`. Instants are kept as
 * nanoseconds since 1970 (a `bigint`) with the UTC offset they were written in, as Go keeps
 * a fixed zone.
 *
 * @module
 */

/** A `time.Time` in a fixed zone. */
export interface GoTime {
  /** Nanoseconds since 1970-01-01T00:00:00Z. */
  readonly ns: bigint;
  /** The zone's offset east of UTC, in seconds. */
  readonly offset: number;
}

/** A `*time.ParseError`'s fields, as Terraform's messages read them. */
export interface GoParseError {
  readonly layoutElem: string;
  readonly valueElem: string;
  readonly message: string;
}

const isDigit = (s: string, i: number) => i < s.length && s[i] >= "0" && s[i] <= "9";

function daysIn(month: number, year: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [y + (m <= 2 ? 1 : 0), m, d];
}

function makeTime(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  nsec: number,
  offset: number,
): GoTime {
  const secs = BigInt(daysFromCivil(y, mo, d)) * 86400n + BigInt(h * 3600 + mi * 60 + s - offset);
  return { ns: secs * 1_000_000_000n + BigInt(nsec), offset };
}

/** The calendar fields of a time in its own zone. */
export function fields(t: GoTime): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
} {
  let secs = t.ns / 1_000_000_000n;
  if (t.ns < 0n && t.ns % 1_000_000_000n !== 0n) secs -= 1n;
  const local = secs + BigInt(t.offset);
  let days = local / 86400n;
  let rem = local % 86400n;
  if (rem < 0n) {
    rem += 86400n;
    days -= 1n;
  }
  const [year, month, day] = civilFromDays(Number(days));
  const r = Number(rem);
  const weekday = ((Number(days % 7n) + 4) % 7 + 7) % 7; // 1970-01-01 was a Thursday
  return {
    year,
    month,
    day,
    hour: Math.floor(r / 3600),
    minute: Math.floor((r % 3600) / 60),
    second: r % 60,
    weekday,
  };
}

const pad = (n: number, w: number) => String(Math.abs(n)).padStart(w, "0");

/** Go's `-07:00`-style offset; `Z` when `z` and the offset is zero. */
export function formatOffset(offset: number, style: "Z07:00" | "-0700" | "-07:00"): string {
  if (offset === 0 && style === "Z07:00") return "Z";
  const sign = offset < 0 ? "-" : "+";
  const a = Math.abs(offset);
  const hh = pad(Math.floor(a / 3600), 2);
  const mm = pad(Math.floor((a % 3600) / 60), 2);
  return style === "-0700" ? `${sign}${hh}${mm}` : `${sign}${hh}:${mm}`;
}

/** `t.Format(time.RFC3339)`. */
export function formatRFC3339(t: GoTime): string {
  const f = fields(t);
  const year = f.year < 0 ? "-" + pad(-f.year, 4) : pad(f.year, 4);
  return `${year}-${pad(f.month, 2)}-${pad(f.day, 2)}T${pad(f.hour, 2)}:${pad(f.minute, 2)}:${
    pad(f.second, 2)
  }${formatOffset(t.offset, "Z07:00")}`;
}

function nanos(frac: string): number {
  const digits = frac.slice(0, 9);
  return Number(digits.padEnd(9, "0"));
}

const err = (layoutElem: string, valueElem: string, message = ""): GoParseError => ({
  layoutElem,
  valueElem,
  message,
});

/** Go's `time.Parse(time.RFC3339, value)` (its general, lenient parser). */
export function parseRFC3339(value: string): GoTime | GoParseError {
  let v = value;
  let year = 0, month = 0, day = 0, hour = 0, min = 0, sec = 0, nsec = 0;
  let offset = 0;
  const getnum = (fixed: boolean): number | undefined => {
    if (!isDigit(v, 0)) return undefined;
    if (!isDigit(v, 1)) {
      if (fixed) return undefined;
      const n = Number(v[0]);
      v = v.slice(1);
      return n;
    }
    const n = Number(v.slice(0, 2));
    v = v.slice(2);
    return n;
  };
  const skip = (prefix: string): boolean => {
    for (const ch of prefix) {
      if (v.length === 0 || v[0] !== ch) return false;
      v = v.slice(1);
    }
    return true;
  };
  // 2006
  if (v.length < 4 || !isDigit(v, 0) || !/^\d{4}$/.test(v.slice(0, 4))) return err("2006", v);
  year = Number(v.slice(0, 4));
  v = v.slice(4);
  if (!skip("-")) return err("-", v);
  let hold = v;
  const m = getnum(true);
  if (m === undefined) return err("01", hold);
  month = m;
  if (month <= 0 || month > 12) return err("01", v, ": month out of range");
  if (!skip("-")) return err("-", v);
  hold = v;
  const d = getnum(true);
  if (d === undefined) return err("02", hold);
  day = d;
  if (!skip("T")) return err("T", v);
  hold = v;
  const h = getnum(false);
  if (h === undefined) return err("15", hold);
  hour = h;
  if (hour >= 24) return err("15", v, ": hour out of range");
  if (!skip(":")) return err(":", v);
  hold = v;
  const mi = getnum(true);
  if (mi === undefined) return err("04", hold);
  min = mi;
  if (min >= 60) return err("04", v, ": minute out of range");
  if (!skip(":")) return err(":", v);
  hold = v;
  const s = getnum(true);
  if (s === undefined) return err("05", hold);
  sec = s;
  if (sec >= 60) return err("05", v, ": second out of range");
  if (v.length >= 2 && (v[0] === "." || v[0] === ",") && isDigit(v, 1)) {
    let n = 2;
    while (isDigit(v, n)) n++;
    nsec = nanos(v.slice(1, Math.min(n, 10)));
    v = v.slice(n);
  }
  hold = v;
  if (v.length >= 1 && v[0] === "Z") {
    v = v.slice(1);
  } else {
    if (v.length < 6 || v[3] !== ":") return err("Z07:00", hold);
    const sign = v[0];
    const hh = v.slice(1, 3);
    const mm = v.slice(4, 6);
    v = v.slice(6);
    if (!/^\d\d$/.test(hh) || !/^\d\d$/.test(mm)) return err("Z07:00", hold);
    const hr = Number(hh);
    const mn = Number(mm);
    if (hr > 24) return err("Z07:00", v, ": time zone offset hour out of range");
    if (mn > 60) return err("Z07:00", v, ": time zone offset minute out of range");
    offset = (hr * 60 + mn) * 60;
    if (sign === "-") offset = -offset;
    else if (sign !== "+") return err("Z07:00", hold);
  }
  if (v.length !== 0) return err("", v, `: extra text: ${goTimeQuote(v)}`);
  if (day < 1 || day > daysIn(month, year)) return err("", "", ": day out of range");
  return makeTime(year, month, day, hour, min, sec, nsec, offset);
}

/** go-cty's strict reading: `parseRFC3339` plus the errors Go's lenient parser lets through. */
export function parseStrictRFC3339(s: string): GoTime | GoParseError {
  const fast = fastRFC3339(s);
  if (fast !== undefined) return fast;
  const r = parseRFC3339(s);
  if ("layoutElem" in r) return r;
  if (s[11 + 1] === ":") return err("15", s.slice(11, 12), ": hour must have two digits");
  if (s[19] === ",") return err(".", ",", ": sub-second separator must be a period");
  if (s[s.length - 1] !== "Z") {
    if (Number(s.slice(s.length - 5, s.length - 3)) >= 24) {
      return err("Z07:00", s.slice(s.length - 6), ": timezone hour out of range");
    }
    if (Number(s.slice(s.length - 2)) >= 60) {
      return err("Z07:00", s.slice(s.length - 6), ": timezone minute out of range");
    }
  }
  return err("2006-01-02T15:04:05Z07:00", s);
}

function fastRFC3339(s: string): GoTime | undefined {
  if (s.length < 19) return undefined;
  const num = (a: number, b: number, lo: number, hi: number) => {
    const t = s.slice(a, b);
    if (!/^\d+$/.test(t)) return undefined;
    const n = Number(t);
    return n < lo || n > hi ? undefined : n;
  };
  const year = num(0, 4, 0, 9999);
  const month = num(5, 7, 1, 12);
  if (year === undefined || month === undefined) return undefined;
  const day = num(8, 10, 1, daysIn(month, year));
  const hour = num(11, 13, 0, 23);
  const min = num(14, 16, 0, 59);
  const sec = num(17, 19, 0, 59);
  if (day === undefined || hour === undefined || min === undefined || sec === undefined) return;
  if (s[4] !== "-" || s[7] !== "-" || s[10] !== "T" || s[13] !== ":" || s[16] !== ":") return;
  let rest = s.slice(19);
  let nsec = 0;
  if (rest.length >= 2 && rest[0] === "." && isDigit(rest, 1)) {
    let n = 2;
    while (isDigit(rest, n)) n++;
    nsec = nanos(rest.slice(1, Math.min(n, 10)));
    rest = rest.slice(n);
  }
  let offset = 0;
  if (rest !== "Z") {
    if (rest.length !== 6) return undefined;
    const hr = /^\d\d$/.test(rest.slice(1, 3)) ? Number(rest.slice(1, 3)) : -1;
    const mm = /^\d\d$/.test(rest.slice(4, 6)) ? Number(rest.slice(4, 6)) : -1;
    if (hr < 0 || hr > 23 || mm < 0 || mm > 59) return undefined;
    if (!((rest[0] === "-" || rest[0] === "+") && rest[3] === ":")) return undefined;
    offset = (hr * 60 + mm) * 60 * (rest[0] === "-" ? -1 : 1);
  }
  return makeTime(year, month, day, hour, min, sec, nsec, offset);
}

/** Go's `time.quote`: double quotes, with `\xNN` for bytes outside printable ASCII. */
export function goTimeQuote(s: string): string {
  let out = '"';
  for (const b of new TextEncoder().encode(s)) {
    if (b === 0x22 || b === 0x5c) out += "\\" + String.fromCharCode(b);
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += "\\x" + b.toString(16).padStart(2, "0");
  }
  return out + '"';
}

const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1000n,
  "\u00b5s": 1000n,
  "\u03bcs": 1000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX_DURATION = (1n << 63n) - 1n;

/** Go's `time.ParseDuration`: nanoseconds, or the error text. */
export function parseDuration(s: string): bigint | string {
  const orig = s;
  const invalid = `time: invalid duration ${goTimeQuote(orig)}`;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") return invalid;
  let total = 0n;
  while (s !== "") {
    if (!(s[0] === "." || isDigit(s, 0))) return invalid;
    const intPart = /^\d*/.exec(s)![0];
    s = s.slice(intPart.length);
    let frac = "";
    const pre = intPart !== "";
    if (s[0] === ".") {
      frac = /^\.(\d*)/.exec(s)![1];
      s = s.slice(1 + frac.length);
    }
    if (!pre && frac === "") return invalid;
    const unitMatch = /^[^.0-9]*/.exec(s)![0];
    s = s.slice(unitMatch.length);
    if (unitMatch === "") return `time: missing unit in duration ${goTimeQuote(orig)}`;
    const unit = UNITS[unitMatch];
    if (unit === undefined) {
      return `time: unknown unit ${goTimeQuote(unitMatch)} in duration ${goTimeQuote(orig)}`;
    }
    const whole = BigInt(intPart === "" ? "0" : intPart);
    if (whole > MAX_DURATION / unit) return invalid;
    let v = whole * unit;
    if (frac !== "") {
      // Go scales the fraction by the unit in floating point, then truncates.
      v += BigInt(Math.trunc(Number(`0.${frac}`) * Number(unit)));
    }
    total += v;
    if (total > MAX_DURATION) return invalid;
  }
  return neg ? -total : total;
}
