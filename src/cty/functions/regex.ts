/**
 * RE2 (Go `regexp`) patterns on JavaScript's engine, for `regex`, `regexall` and `replace`.
 * The pattern is parsed with Go's grammar and rewritten where JavaScript reads the same text
 * differently, so matches are Go's:
 *
 * - `.` excludes only `\n` (JavaScript also excludes `\r`, U+2028, U+2029); `^`/`$` (and with
 *   `(?m)`) break lines only at `\n`; `\s` is ASCII (`[\t\n\f\r ]`); `\A`, `\z`, `\Q...\E`,
 *   `\x{...}`, octal escapes, `[[:alpha:]]` classes, `\pL`/`\p{Greek}` (scripts), `[]a]`;
 * - flags `(?imsU)` and `(?flags:...)` (`U` swaps greedy and lazy repetition);
 * - named groups `(?P<name>...)` and `(?<name>...)` with names JavaScript would refuse;
 * - successive matches skip an empty match right after a match, and `$1x` in a replacement
 *   means group `1x` (Go's `Expand`), where JavaScript reads `$1` then `x`.
 *
 * What RE2 refuses is refused with Go's error (`missing closing )`, `invalid escape sequence:
 * \1`, `invalid or unsupported Perl syntax: (?=`, `invalid repeat count`...): lookaround and
 * backreferences are not RE2, so they never reach JavaScript.
 *
 * One difference remains: RE2 matches in linear time, JavaScript's engine backtracks, so a
 * pattern with nested repetition (`(a+)+$`) can take exponential time on hostile text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compileRe2 } from "./regex.ts";
 *
 * const re = compileRe2("(?P<year>\\d{4})-(?P<month>\\d\\d)");
 * assert.deepEqual(re.names, ["year", "month"]);
 * assert.deepEqual(re.findAll("2024-01 x 2025-12").map((m) => m[1]), ["2024", "2025"]);
 * assert.equal(re.replaceAll("2024-01", "${month}/$year"), "01/2024");
 * ```
 *
 * @module
 */

/** A Go `regexp/syntax` error: its code and the part of the pattern at fault. */
export class Re2SyntaxError extends Error {
  constructor(readonly code: string, readonly expr: string) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
    this.name = "Re2SyntaxError";
  }
}

/** A compiled RE2 pattern. */
export interface Re2 {
  /** Capture group names in order (`""` for unnamed groups). */
  readonly names: readonly string[];
  /** The first match: the whole match then each group (undefined when it took no part). */
  find(s: string): (string | undefined)[] | undefined;
  /** Every match, as Go's `FindAllStringSubmatch` reports them. */
  findAll(s: string): (string | undefined)[][];
  /** Go's `ReplaceAllString`: `$n`, `${n}`, `$name`, `${name}`, `$$`. */
  replaceAll(s: string, template: string): string;
}

const POSIX: Readonly<Record<string, string>> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7f",
  blank: "\\t ",
  cntrl: "\\x00-\\x1f\\x7f",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};
const NOT_SPACE_IN_CLASS = "\\x00-\\x08\\x0b\\x0e-\\x1f\\x21-\\u{10ffff}";
const CATEGORIES = new Set(
  "L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So Z Zs Zl Zp C Cc Cf Co Cs"
    .split(" "),
);

function hexChar(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** A literal code point, written so JavaScript reads it as itself anywhere. */
function literal(ch: string): string {
  return /[0-9A-Za-z_ ]/.test(ch) || ch.codePointAt(0)! > 0x7f ? ch : hexChar(ch.codePointAt(0)!);
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

interface Translation {
  source: string;
  names: string[];
  insensitive: boolean;
}

/** Parses an RE2 pattern and writes the equivalent JavaScript (flag `u`). */
function translate(p: string): Translation {
  const cps = [...p];
  let i = 0;
  const names: string[] = [];
  let out = "";
  let flags: Flags = { i: false, m: false, s: false, U: false };
  // One entry per open parenthesis: the flags to restore and how many extra `)` to emit.
  const stack: { flags: Flags; close: string }[] = [];
  let close = ""; // closers for flag groups opened inside the current group
  let canRepeat = false; // the last thing written is an atom a repetition may follow
  let lastWasRepeat = "";

  const rest = () => cps.slice(i).join("");

  const escape = (inClass: boolean): string => {
    const start = i;
    i++; // backslash
    const c = cps[i];
    if (c === undefined) throw new Re2SyntaxError("trailing backslash at end of expression", "");
    i++;
    const bad = () => new Re2SyntaxError("invalid escape sequence", cps.slice(start, i).join(""));
    switch (c) {
      case "a":
        return "\\x07";
      case "f":
        return "\\f";
      case "t":
        return "\\t";
      case "n":
        return "\\n";
      case "r":
        return "\\r";
      case "v":
        return "\\v";
      case "d":
      case "D":
      case "w":
      case "W":
        return "\\" + c;
      case "s":
        return inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]";
      case "S":
        return inClass ? NOT_SPACE_IN_CLASS : "[^\\t\\n\\f\\r ]";
      case "b":
      case "B":
        if (inClass) throw bad();
        return "\\" + c;
      case "A":
        if (inClass) throw bad();
        return "(?<![\\s\\S])";
      case "z":
        if (inClass) throw bad();
        return "(?![\\s\\S])";
      case "x": {
        if (cps[i] === "{") {
          const end = cps.indexOf("}", i);
          const hex = end < 0 ? "" : cps.slice(i + 1, end).join("");
          if (!/^[0-9A-Fa-f]+$/.test(hex) || parseInt(hex, 16) > 0x10ffff) {
            i = end < 0 ? cps.length : end + 1;
            throw bad();
          }
          i = end + 1;
          return hexChar(parseInt(hex, 16));
        }
        const hex = cps.slice(i, i + 2).join("");
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
          i = Math.min(cps.length, i + 2);
          throw bad();
        }
        i += 2;
        return hexChar(parseInt(hex, 16));
      }
      case "p":
      case "P": {
        let name: string;
        if (cps[i] === "{") {
          const end = cps.indexOf("}", i);
          if (end < 0) {
            i = cps.length;
            throw new Re2SyntaxError("invalid character class range", cps.slice(start).join(""));
          }
          name = cps.slice(i + 1, end).join("");
          i = end + 1;
        } else {
          if (cps[i] === undefined) throw bad();
          name = cps[i++];
        }
        let neg = c === "P";
        if (name.startsWith("^")) {
          neg = !neg;
          name = name.slice(1);
        }
        let prop: string;
        if (name === "Any") prop = "Any";
        else if (CATEGORIES.has(name)) prop = name;
        else prop = `Script=${name}`;
        const js = `\\${neg ? "P" : "p"}{${prop}}`;
        try {
          new RegExp(js, "u");
        } catch {
          throw new Re2SyntaxError("invalid character class range", cps.slice(start, i).join(""));
        }
        return js;
      }
      case "Q": {
        if (inClass) throw bad();
        let text = "";
        while (i < cps.length && !(cps[i] === "\\" && cps[i + 1] === "E")) {
          text += literal(cps[i++]);
        }
        if (i < cps.length) i += 2;
        return text === "" ? "(?:)" : `(?:${text})`;
      }
      default: {
        if (c >= "0" && c <= "7") {
          // One digit other than 0 is a backreference, which RE2 lacks.
          if (c !== "0" && !(cps[i] >= "0" && cps[i] <= "7")) throw bad();
          let digits = c;
          while (digits.length < 3 && cps[i] >= "0" && cps[i] <= "7") digits += cps[i++];
          return hexChar(parseInt(digits, 8));
        }
        const cp = c.codePointAt(0)!;
        if (cp < 0x80 && !/[0-9A-Za-z]/.test(c)) return hexChar(cp);
        throw bad();
      }
    }
  };

  const classItem = (): { js: string; cp?: number } => {
    if (cps[i] === "\\") {
      const save = i;
      const js = escape(true);
      // A single code point can start or end a range.
      const m = /^\\u\{([0-9a-f]+)\}$/.exec(js);
      if (m) return { js, cp: parseInt(m[1], 16) };
      const simple: Record<string, number> = {
        "\\f": 12,
        "\\t": 9,
        "\\n": 10,
        "\\r": 13,
        "\\v": 11,
      };
      if (js in simple) return { js, cp: simple[js] };
      void save;
      return { js };
    }
    const ch = cps[i++];
    return { js: /[\\\]\[\^\-]/.test(ch) ? "\\" + ch : ch, cp: ch.codePointAt(0)! };
  };

  const charClass = (): string => {
    const start = i;
    i++; // [
    let js = "[";
    if (cps[i] === "^") {
      js += "^";
      i++;
    }
    let first = true;
    while (true) {
      if (i >= cps.length) throw new Re2SyntaxError("missing closing ]", cps.slice(start).join(""));
      if (cps[i] === "]" && !first) {
        i++;
        break;
      }
      first = false;
      if (cps[i] === "[" && cps[i + 1] === ":") {
        const end = p.indexOf(":]", cps.slice(0, i + 2).join("").length);
        const name = end < 0 ? undefined : p.slice(cps.slice(0, i + 2).join("").length, end);
        if (name !== undefined) {
          const neg = name.startsWith("^");
          const set = POSIX[neg ? name.slice(1) : name];
          if (set === undefined) {
            throw new Re2SyntaxError("invalid character class range", `[:${name}:]`);
          }
          i += [...`[:${name}:]`].length;
          if (neg) {
            // Negated POSIX class inside a class: list the complement ranges.
            js += complement(set);
          } else js += set;
          continue;
        }
      }
      const itemStart = i;
      const lo = classItem();
      if (cps[i] === "-" && cps[i + 1] !== "]" && cps[i + 1] !== undefined) {
        i++;
        const hi = classItem();
        if (lo.cp === undefined || hi.cp === undefined || hi.cp < lo.cp) {
          throw new Re2SyntaxError(
            "invalid character class range",
            cps.slice(itemStart, i).join(""),
          );
        }
        js += `${lo.js}-${hi.js}`;
      } else js += lo.js;
    }
    return js + "]";
  };

  const openGroup = (newFlags: Flags, prefix: string) => {
    stack.push({ flags, close });
    close = "";
    flags = newFlags;
    out += prefix;
    canRepeat = false;
    lastWasRepeat = "";
  };

  const parseFlags = (start: number): void => {
    // After "(?": flags up to ")" or ":".
    const next: Flags = { ...flags };
    let neg = false;
    let js = "";
    let jsNeg = "";
    while (true) {
      const c = cps[i];
      if (c === undefined) throw new Re2SyntaxError("missing closing )", p);
      if (c === "i" || c === "m" || c === "s" || c === "U") {
        next[c] = !neg;
        if (c === "i") {
          if (neg) jsNeg = "i";
          else js = "i";
        }
        i++;
      } else if (c === "-" && !neg) {
        neg = true;
        i++;
      } else if (c === ")" || c === ":") {
        i++;
        const mod = js !== "" || jsNeg !== "" ? `(?${js}${jsNeg ? "-" + jsNeg : ""}:` : "";
        if (c === ":") openGroup(next, mod === "" ? "(?:" : mod);
        else {
          // Applies to the rest of the current group.
          flags = next;
          if (mod !== "") {
            out += mod;
            close += ")";
          }
          canRepeat = false;
          lastWasRepeat = "";
        }
        return;
      } else {
        throw new Re2SyntaxError(
          "invalid or unsupported Perl syntax",
          cps.slice(start, i + 1).join(""),
        );
      }
    }
  };

  while (i < cps.length) {
    const c = cps[i];
    switch (c) {
      case "\\": {
        const js = escape(false);
        out += js;
        canRepeat = !/^\(\?<!|^\(\?!|^\\b$|^\\B$/.test(js);
        lastWasRepeat = "";
        continue;
      }
      case "[":
        out += charClass();
        canRepeat = true;
        lastWasRepeat = "";
        continue;
      case "(": {
        const start = i;
        i++;
        if (cps[i] === "?") {
          i++;
          const n = cps[i];
          if (n === "P" || n === "<") {
            if (n === "P" && cps[i + 1] !== "<") {
              throw new Re2SyntaxError(
                "invalid or unsupported Perl syntax",
                cps.slice(start, i + 2).join(""),
              );
            }
            i += n === "P" ? 2 : 1;
            const end = cps.indexOf(">", i);
            const name = end < 0 ? "" : cps.slice(i, end).join("");
            if (end < 0) {
              throw new Re2SyntaxError("invalid named capture", cps.slice(start).join(""));
            }
            if (!/^[\p{L}\p{Nd}_]+$/u.test(name)) {
              throw new Re2SyntaxError("invalid named capture", cps.slice(start, end + 1).join(""));
            }
            i = end + 1;
            names.push(name);
            openGroup(flags, "(");
          } else parseFlags(start);
        } else {
          names.push("");
          openGroup(flags, "(");
        }
        continue;
      }
      case ")": {
        const top = stack.pop();
        if (top === undefined) throw new Re2SyntaxError("unexpected )", p);
        out += close + ")";
        flags = top.flags;
        close = top.close;
        i++;
        canRepeat = true;
        lastWasRepeat = "";
        continue;
      }
      case "|":
        out += close + "|";
        // Flags set inside an alternative last to the end of the group in RE2; reopen them.
        if (close !== "") out += "(?" + (flags.i ? "i" : "-i") + ":";
        canRepeat = false;
        lastWasRepeat = "";
        break;
      case "*":
      case "+":
      case "?":
      case "{": {
        let op: string = c;
        if (c === "{") {
          const m = /^\{(\d+)(,(\d*))?\}/.exec(rest());
          if (!m) {
            out += "\\{";
            canRepeat = true;
            lastWasRepeat = "";
            break;
          }
          op = m[0];
          const lo = Number(m[1]);
          const hi = m[2] === undefined ? lo : m[3] === "" ? -1 : Number(m[3]);
          if (lo > 1000 || hi > 1000 || (hi >= 0 && hi < lo)) {
            throw new Re2SyntaxError("invalid repeat count", op);
          }
        }
        if (lastWasRepeat !== "") {
          throw new Re2SyntaxError("invalid nested repetition operator", lastWasRepeat + op);
        }
        if (!canRepeat) throw new Re2SyntaxError("missing argument to repetition operator", op);
        i += [...op].length;
        let lazy = false;
        if (cps[i] === "?") {
          lazy = true;
          i++;
        }
        if (flags.U) lazy = !lazy;
        out += op + (lazy ? "?" : "");
        lastWasRepeat = op + (lazy !== flags.U ? "?" : "");
        canRepeat = false;
        continue;
      }
      case "^":
        out += flags.m ? "(?<![^\\n])" : "(?<![\\s\\S])";
        canRepeat = false;
        lastWasRepeat = "";
        break;
      case "$":
        out += flags.m ? "(?![^\\n])" : "(?![\\s\\S])";
        canRepeat = false;
        lastWasRepeat = "";
        break;
      case ".":
        out += flags.s ? "[\\s\\S]" : "[^\\n]";
        canRepeat = true;
        lastWasRepeat = "";
        break;
      default:
        out += literal(c);
        canRepeat = true;
        lastWasRepeat = "";
    }
    i++;
  }
  if (stack.length > 0) throw new Re2SyntaxError("missing closing )", p);
  return { source: out + close, names, insensitive: false };
}

function complement(set: string): string {
  // The POSIX sets are ASCII ranges; their complement within all code points.
  const re = new RegExp(`[${set}]`, "u");
  let out = "";
  let start = -1;
  for (let cp = 0; cp <= 0x80; cp++) {
    const inSet = cp < 0x80 && re.test(String.fromCodePoint(cp));
    if (!inSet && start < 0) start = cp;
    if ((inSet || cp === 0x80) && start >= 0) {
      const end = cp === 0x80 ? 0x10ffff : cp - 1;
      out += `${hexChar(start)}-${hexChar(end)}`;
      start = -1;
    }
  }
  return out;
}

function cpWidth(s: string, at: number): number {
  const c = s.charCodeAt(at);
  return c >= 0xd800 && c <= 0xdbff && at + 1 < s.length ? 2 : 1;
}

// Built on first use, not at load: V8 assembles a Unicode property class from ICU when the
// expression is created (~1 ms), which every load of this module paid.
let nameChar: RegExp | undefined;

function isNameChar(ch: string): boolean {
  return (nameChar ??= /[\p{L}\p{Nd}_]/u).test(ch);
}

class CompiledRe2 implements Re2 {
  readonly names: readonly string[];
  readonly #re: RegExp;

  constructor(pattern: string) {
    const t = translate(pattern);
    this.names = t.names;
    try {
      this.#re = new RegExp(t.source, "gu");
    } catch (e) {
      // A translation JavaScript cannot read: say so rather than match differently.
      throw new Re2SyntaxError(
        `unsupported by this RE2 translation (${(e as Error).message})`,
        pattern,
      );
    }
  }

  #exec(s: string, pos: number): RegExpExecArray | null {
    this.#re.lastIndex = pos;
    return this.#re.exec(s);
  }

  find(s: string): (string | undefined)[] | undefined {
    const m = this.#exec(s, 0);
    return m === null ? undefined : [...m];
  }

  findAll(s: string): (string | undefined)[][] {
    const out: (string | undefined)[][] = [];
    let pos = 0;
    let prevEnd = -1;
    // Each round consumes at least one code unit: bounded by the text's length.
    while (pos <= s.length) {
      const m = this.#exec(s, pos);
      if (m === null) break;
      const start = m.index;
      const end = start + m[0].length;
      let accept = true;
      if (end === pos) {
        if (start === prevEnd) accept = false;
        pos += pos < s.length ? cpWidth(s, pos) : 1;
      } else pos = end;
      prevEnd = end;
      if (accept) out.push([...m]);
    }
    return out;
  }

  replaceAll(s: string, template: string): string {
    let out = "";
    let lastEnd = 0;
    let pos = 0;
    while (pos <= s.length) {
      const m = this.#exec(s, pos);
      if (m === null) break;
      const start = m.index;
      const end = start + m[0].length;
      out += s.slice(lastEnd, start);
      if (end > lastEnd || start === 0) out += this.#expand(template, m);
      lastEnd = end;
      const width = pos < s.length ? cpWidth(s, pos) : 0;
      if (pos + width > end) pos += width;
      else if (pos + 1 > end) pos++;
      else pos = end;
    }
    return out + s.slice(lastEnd);
  }

  #expand(template: string, m: RegExpExecArray): string {
    let out = "";
    let i = 0;
    while (i < template.length) {
      const d = template.indexOf("$", i);
      if (d < 0) {
        out += template.slice(i);
        break;
      }
      out += template.slice(i, d);
      i = d + 1;
      if (template[i] === "$") {
        out += "$";
        i++;
        continue;
      }
      let name = "";
      let j = i;
      if (template[j] === "{") {
        j++;
        while (
          j < template.length && isNameChar(String.fromCodePoint(template.codePointAt(j)!))
        ) {
          j += cpWidth(template, j);
        }
        if (template[j] !== "}" || j === i + 1) {
          out += "$";
          continue;
        }
        name = template.slice(i + 1, j);
        j++;
      } else {
        while (
          j < template.length && isNameChar(String.fromCodePoint(template.codePointAt(j)!))
        ) {
          j += cpWidth(template, j);
        }
        if (j === i) {
          out += "$";
          continue;
        }
        name = template.slice(i, j);
      }
      i = j;
      let group: string | undefined;
      if (/^\d+$/.test(name)) {
        const n = name.length > 8 ? -1 : Number(name);
        group = n >= 0 && n < m.length ? m[n] : undefined;
      } else {
        const k = this.names.indexOf(name);
        group = k >= 0 ? m[k + 1] : undefined;
      }
      out += group ?? "";
    }
    return out;
  }
}

const cache = new Map<string, CompiledRe2>();

/**
 * Compiles an RE2 pattern (cached), throwing {@link Re2SyntaxError} with Go's code and
 * expression for patterns Go refuses.
 */
export function compileRe2(pattern: string): Re2 {
  let re = cache.get(pattern);
  if (re === undefined) {
    re = new CompiledRe2(pattern);
    if (cache.size > 256) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}
