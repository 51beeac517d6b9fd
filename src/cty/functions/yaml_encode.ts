/**
 * `yamlencode`'s output, byte for byte as go-cty-yaml 1.1 writes it through libyaml's emitter:
 * block mappings (keys sorted, always double-quoted) and block sequences (not indented under a
 * mapping key), `[]`/`{}` for empty collections, numbers in full decimal (`1e300` as 301
 * digits), strings double-quoted with YAML's escapes (characters outside the Basic
 * Multilingual Plane as `\U0001F600`, tabs as `\t`) and folded after column 80 at a space, or
 * as literal blocks (`|`, `|-`, `|+`, `|2-`) when they hold a line break and nothing that a
 * block cannot show; a plain scalar alone is followed by the document end marker `...`.
 *
 * @module
 */

import { cty, type Value } from "../evaluation.ts";

const BEST_WIDTH = 80;
const MAX_SIMPLE_KEY = 128;

/** libyaml's printable test (with unicode output on): what may appear unescaped. */
function printable(cp: number): boolean {
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

function isBreak(cp: number): boolean {
  return cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
}

const ESCAPES: Readonly<Record<number, string>> = {
  0x00: "0",
  0x07: "a",
  0x08: "b",
  0x09: "t",
  0x0a: "n",
  0x0b: "v",
  0x0c: "f",
  0x0d: "r",
  0x1b: "e",
  0x22: '"',
  0x5c: "\\",
  0x85: "N",
  0xa0: "_",
  0x2028: "L",
  0x2029: "P",
};

function escape(cp: number): string {
  const short = ESCAPES[cp];
  if (short !== undefined) return "\\" + short;
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return "\\x" + hex.padStart(2, "0");
  if (cp <= 0xffff) return "\\u" + hex.padStart(4, "0");
  return "\\U" + hex.padStart(8, "0");
}

/** What libyaml's scalar analysis decides for a string. */
function analyze(s: string): { multiline: boolean; blockAllowed: boolean } {
  const cps = [...s].map((c) => c.codePointAt(0)!);
  let multiline = false;
  let blockAllowed = s !== "";
  let prevSpace = false;
  let prevBreak = false;
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i];
    if (!printable(cp)) blockAllowed = false;
    if (cp === 0x20) {
      if (i === cps.length - 1) blockAllowed = false; // trailing space
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(cp)) {
      multiline = true;
      if (prevSpace) blockAllowed = false; // a space before a line break
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
  }
  void prevBreak;
  return { multiline, blockAllowed };
}

/** go's sort.Strings order: by UTF-8 bytes. */
function byUtf8(a: string, b: string): number {
  const ea = new TextEncoder().encode(a);
  const eb = new TextEncoder().encode(b);
  const n = Math.min(ea.length, eb.length);
  for (let i = 0; i < n; i++) if (ea[i] !== eb[i]) return ea[i] - eb[i];
  return ea.length - eb.length;
}

class Emitter {
  out = "";
  column = 0;

  write(text: string): void {
    this.out += text;
    const nl = text.lastIndexOf("\n");
    this.column = nl < 0 ? this.column + [...text].length : [...text.slice(nl + 1)].length;
  }

  /** Starts a line at `indent` (a new line unless this one holds only blanks). */
  line(indent: number): void {
    if (this.column > 0) this.write("\n");
    this.write(" ".repeat(indent));
  }

  doubleQuoted(s: string, indent: number, allowBreaks: boolean): void {
    this.write('"');
    const cps = [...s];
    let spaces = false;
    for (let i = 0; i < cps.length; i++) {
      const ch = cps[i];
      const cp = ch.codePointAt(0)!;
      if (!printable(cp) || isBreak(cp) || cp === 0xfeff || ch === '"' || ch === "\\") {
        this.write(escape(cp));
        spaces = false;
      } else if (ch === " ") {
        if (
          allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < cps.length - 1
        ) {
          this.write("\n" + " ".repeat(indent));
          if (cps[i + 1] === " ") this.write("\\");
        } else {
          this.write(" ");
        }
        spaces = true;
      } else {
        this.write(ch);
        spaces = false;
      }
    }
    this.write('"');
  }

  literal(s: string, indent: number): void {
    const cps = [...s].map((c) => c.codePointAt(0)!);
    let hints = "";
    if (cps[0] === 0x20 || isBreak(cps[0])) hints += "2";
    const last = cps.length - 1;
    if (!isBreak(cps[last])) hints += "-";
    else if (last === 0 || isBreak(cps[last - 1])) hints += "+";
    this.write("|" + hints + "\n");
    let breaks = true;
    for (const cp of cps) {
      if (isBreak(cp)) {
        this.out += String.fromCodePoint(cp);
        this.column = 0;
        breaks = true;
      } else {
        if (breaks) this.write(" ".repeat(Math.max(0, indent - this.column)));
        this.write(String.fromCodePoint(cp));
        breaks = false;
      }
    }
  }

  /** A string scalar in a value position, its continuation lines at `indent`. */
  string(s: string, indent: number): void {
    // go-cty-yaml asks for a literal block only for text with "\n" (not other line breaks).
    const { multiline, blockAllowed } = analyze(s);
    if (multiline && blockAllowed && s.includes("\n")) this.literal(s, indent);
    else this.doubleQuoted(s, indent, true);
  }

  /** A primitive or empty collection written inline; false when `v` needs a block. */
  inline(v: Value, indent: number): boolean {
    if (v.isNull) this.write("null");
    else if (v.type === cty.String) this.string(v.asString(), indent);
    else if (v.type === cty.Number) this.write(cty.display(v));
    else if (v.type === cty.Bool) this.write(v.asBool() ? "true" : "false");
    else if (isMapping(v) && v.length === 0) this.write("{}");
    else if (!isMapping(v) && v.length === 0) this.write("[]");
    else return false;
    return true;
  }

  mapping(v: Value, indent: number, first: boolean): void {
    const entries = [...v.entries()].map(([k, x]) => [String(k), x] as const)
      .sort((a, b) => byUtf8(a[0], b[0]));
    for (const [i, [key, x]] of entries.entries()) {
      if (!(first && i === 0)) this.line(indent);
      const simple = !key.includes("\n") && !/[\r\u0085\u2028\u2029]/.test(key) &&
        new TextEncoder().encode(key).length <= MAX_SIMPLE_KEY;
      if (simple) {
        this.doubleQuoted(key, indent + 2, false);
        this.write(":");
        this.value(x, indent, true);
      } else {
        // A complex key (`? key` then `: value`); a collection value starts on the `:` line.
        this.write("? ");
        this.string(key, indent + 2);
        this.line(indent);
        this.write(":");
        this.value(x, indent, false);
      }
    }
  }

  sequence(v: Value, indent: number, first: boolean): void {
    for (const [i, x] of v.elements().entries()) {
      if (!(first && i === 0)) this.line(indent);
      this.write("-");
      this.value(x, indent, false);
    }
  }

  /** The value after `key:` (in a mapping at `indent`) or after `-` (a sequence at `indent`). */
  value(x: Value, indent: number, inMapping: boolean): void {
    if (x.isNull || isPrimitive(x) || x.length === 0) {
      this.write(" ");
      this.inline(x, indent + 2);
    } else if (isMapping(x)) {
      if (inMapping) {
        this.line(indent + 2);
        this.mapping(x, indent + 2, true);
      } else {
        this.write(" ");
        this.mapping(x, indent + 2, true);
      }
    } else if (inMapping) {
      // A sequence under a mapping key is not indented.
      this.line(indent);
      this.sequence(x, indent, true);
    } else {
      this.write(" ");
      this.sequence(x, indent + 2, true);
    }
  }
}

function isPrimitive(v: Value): boolean {
  const k = v.type.kind;
  return k === "string" || k === "number" || k === "bool";
}

function isMapping(v: Value): boolean {
  return v.type.kind === "object" || v.type.kind === "map";
}

/** Encodes a wholly known, unmarked value as `yamlencode` does. */
export function encodeYaml(v: Value): string {
  const e = new Emitter();
  if (v.isNull || isPrimitive(v)) {
    e.inline(v, 2);
    // A plain scalar alone leaves the document open: libyaml closes it with `...`.
    if (v.type !== cty.String || v.isNull) return e.out + "\n...\n";
    return e.out.endsWith("\n") ? e.out : e.out + "\n";
  }
  if (v.length === 0) {
    e.inline(v, 2);
  } else if (isMapping(v)) e.mapping(v, 0, true);
  else e.sequence(v, 0, true);
  return e.out.endsWith("\n") ? e.out : e.out + "\n";
}
