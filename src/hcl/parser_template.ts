/**
 * Templates in native syntax: the parts of a quoted string or heredoc
 * (literals, `${...}` interpolations, `%{if}`/`%{else}`/`%{endif}` and
 * `%{for}`/`%{endfor}` directives), `~` strip markers, `<<-` indentation
 * stripping, and the nesting of directives into conditional and for
 * expressions, as hclsyntax does it.
 *
 * @module
 */

import { cty } from "../cty/evaluation.ts";
import type { Expression, ForExpr, TemplateExpr } from "./ast.ts";
import { formatRange } from "./diagnostic.ts";
import type { Parser } from "./parser.ts";
import { type Range, rangeBetween } from "./source.ts";
import { decodeLiteral } from "./string_literal.ts";
import { endOf, startOf, TemplateNode, TextLiteralNode } from "./syntax_nodes.ts";
import {
  T_COLON,
  T_COMMA,
  T_CQUOTE,
  T_EOF,
  T_IDENT,
  T_OQUOTE,
  T_QUOTED_LIT,
  T_STRING_LIT,
  T_TEMPLATE_CONTROL,
  T_TEMPLATE_INTERP,
  T_TEMPLATE_SEQ_END,
  type TokenKind,
} from "./token.ts";

type Part =
  | { t: "lit"; val: string; start: number; end: number }
  | { t: "interp"; expr: Expression; range: Range }
  | { t: "if"; cond: Expression; range: Range }
  | { t: "for"; keyVar: string; valVar: string; coll: Expression; range: Range }
  | { t: "endctl"; name: "endif" | "else" | "endfor"; range: Range }
  | { t: "end"; range: Range };

/** Go's unicode.IsSpace. */
export function isUnicodeSpace(c: number): boolean {
  if (c <= 0xff) return (c >= 9 && c <= 13) || c === 32 || c === 0x85 || c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000;
}

function trimLeftSpace(s: string): string {
  let i = 0;
  while (i < s.length && isUnicodeSpace(s.charCodeAt(i))) i++;
  return i === 0 ? s : s.slice(i);
}

function trimRightSpace(s: string): string {
  let i = s.length;
  while (i > 0 && isUnicodeSpace(s.charCodeAt(i - 1))) i--;
  return i === s.length ? s : s.slice(0, i);
}

/** Result of {@link parseTemplateInner}. */
export interface TemplateInner {
  /** The template's expressions. */
  readonly exprs: Expression[];
  /** The template is one interpolation, to be returned unconverted. */
  readonly passthru: boolean;
  /** From the first part to the closing marker. */
  readonly range: Range;
}

/** Parses template parts up to the token kind `end`; `flush` strips `<<-` indentation. */
export function parseTemplateInner(p: Parser, end: TokenKind, flush: boolean): TemplateInner {
  const { parts, range } = parseParts(p, end);
  if (flush) flushHeredoc(parts);
  meldLiterals(parts);
  const tp = new TemplateParser(p, parts);
  const exprs = tp.parseRoot();
  const passthru = parts.length === 2 && parts[0].t === "interp";
  return { exprs, passthru, range };
}

function parseParts(p: Parser, end: TokenKind): { parts: Part[]; range: Range } {
  const parts: Part[] = [];
  const startRange = p.nextRange();
  let ltrimNext = false;
  let nextCanTrimPrev = false;
  let endRange: Range;
  const trimPrev = (tok: number, canTrimPrev: boolean) => {
    if (canTrimPrev && p.ends[tok] - p.starts[tok] === 3 && parts.length > 0) {
      const prev = parts[parts.length - 1];
      if (prev.t === "lit") prev.val = trimRightSpace(prev.val);
    }
  };
  for (;;) {
    const next = p.read();
    const k = p.lastKind;
    if (k === end) {
      endRange = p.range(next);
      break;
    }
    const ltrim = ltrimNext;
    ltrimNext = false;
    const canTrimPrev = nextCanTrimPrev;
    nextCanTrimPrev = false;
    if (k === T_STRING_LIT || k === T_QUOTED_LIT) {
      let val = decodeLiteral(p.file, p.starts[next], p.ends[next], k === T_QUOTED_LIT, p.diags);
      if (ltrim) val = trimLeftSpace(val);
      parts.push({ t: "lit", val, start: p.starts[next], end: p.ends[next] });
      nextCanTrimPrev = true;
      continue;
    }
    if (k === T_TEMPLATE_INTERP) {
      trimPrev(next, canTrimPrev);
      p.pushNewlines(false);
      const expr = p.parseExpression();
      const closeK = p.peek();
      const closeI = p.peekIndex();
      const closeR = p.range(closeI);
      if (closeK !== T_TEMPLATE_SEQ_END) {
        if (!p.recovery) {
          if (closeK === T_EOF) {
            p.error(
              "Unclosed template interpolation sequence",
              "There is no closing brace for this interpolation sequence before the end of the file. This might be caused by incorrect nesting inside the given expression.",
              startRange,
            );
          } else if (closeK === T_COLON) {
            p.error(
              "Extra characters after interpolation expression",
              'Template interpolation doesn\'t expect a colon at this location. Did you intend this to be a literal sequence to be processed as part of another language? If so, you can escape it by starting with "$${" instead of just "${".',
              closeR,
              rangeBetween(startRange, closeR),
            );
          } else if ((closeK === T_CQUOTE || closeK === T_OQUOTE) && end === T_CQUOTE) {
            p.error(
              "Unclosed template interpolation sequence",
              "There is no closing brace for this interpolation sequence before the end of the quoted template. This might be caused by incorrect nesting inside the given expression.",
              startRange,
            );
          } else {
            p.error(
              "Extra characters after interpolation expression",
              'Expected a closing brace to end the interpolation expression, but found extra characters.\n\nThis can happen when you include interpolation syntax for another language, such as shell scripting, but forget to escape the interpolation start token. If this is an embedded sequence for another language, escape it by starting with "$${" instead of just "${".',
              closeR,
              rangeBetween(startRange, closeR),
            );
          }
        }
        p.recover(T_TEMPLATE_SEQ_END);
      } else {
        p.read();
        if (p.ends[closeI] - p.starts[closeI] === 2) ltrimNext = true;
      }
      p.popNewlines();
      parts.push({ t: "interp", expr, range: rangeBetween(p.range(next), closeR) });
      continue;
    }
    if (k === T_TEMPLATE_CONTROL) {
      trimPrev(next, canTrimPrev);
      p.pushNewlines(false);
      const nextR = p.range(next);
      const kwK = p.peek();
      const kwI = p.peekIndex();
      const kwR = p.range(kwI);
      if (kwK !== T_IDENT) {
        if (!p.recovery) {
          p.error(
            "Invalid template directive",
            'A template directive keyword ("if", "for", etc) is expected at the beginning of a %{ sequence.',
            kwR,
            rangeBetween(nextR, kwR),
          );
        }
        p.recover(T_TEMPLATE_SEQ_END);
        p.popNewlines();
        continue;
      }
      p.read();
      const kw = p.text(kwI);
      let bad = false;
      switch (kw) {
        case "if": {
          const cond = p.parseExpression();
          parts.push({ t: "if", cond, range: rangeBetween(nextR, p.nextRange()) });
          break;
        }
        case "else":
        case "endif":
        case "endfor":
          parts.push({ t: "endctl", name: kw, range: rangeBetween(nextR, p.nextRange()) });
          break;
        case "for": {
          let keyVar = "";
          let valVar: string;
          const forError = (detail: string) => {
            if (!p.recovery) p.error("Invalid 'for' directive", detail, p.nextRange());
            p.recover(T_TEMPLATE_SEQ_END);
            p.popNewlines();
            bad = true;
          };
          if (p.peek() !== T_IDENT) {
            forError("For directive requires variable name after 'for'.");
            break;
          }
          valVar = p.text(p.read());
          if (p.peek() === T_COMMA) {
            keyVar = valVar;
            p.read();
            if (p.peek() !== T_IDENT) {
              forError("For directive requires value variable name after comma.");
              break;
            }
            valVar = p.text(p.read());
          }
          if (p.peek() !== T_IDENT || p.text(p.peekIndex()) !== "in") {
            forError("For directive requires 'in' keyword after names.");
            break;
          }
          p.read();
          const coll = p.parseExpression();
          parts.push({ t: "for", keyVar, valVar, coll, range: rangeBetween(nextR, p.nextRange()) });
          break;
        }
        default: {
          if (!p.recovery) {
            const suggestion = nameSuggestion(kw, ["if", "for", "else", "endif", "endfor"]);
            p.error(
              "Invalid template control keyword",
              `${JSON.stringify(kw)} is not a valid template control keyword.${
                suggestion === "" ? "" : ` Did you mean ${JSON.stringify(suggestion)}?`
              }`,
              kwR,
              rangeBetween(nextR, kwR),
            );
          }
          p.recover(T_TEMPLATE_SEQ_END);
          p.popNewlines();
          bad = true;
        }
      }
      if (bad) continue;
      const closeK = p.peek();
      const closeI = p.peekIndex();
      if (closeK !== T_TEMPLATE_SEQ_END) {
        if (!p.recovery) {
          const cr = p.range(closeI);
          p.error(
            `Extra characters in ${kw} marker`,
            "Expected a closing brace to end the sequence, but found extra characters.",
            cr,
            rangeBetween(startRange, cr),
          );
        }
        p.recover(T_TEMPLATE_SEQ_END);
      } else {
        p.read();
        if (p.ends[closeI] - p.starts[closeI] === 2) ltrimNext = true;
      }
      p.popNewlines();
      continue;
    }
    // Anything else: the template is not terminated where it should be.
    if (!p.recovery) {
      const nr = p.range(next);
      p.error(
        "Unterminated template string",
        "No closing marker was found for the string.",
        nr,
        rangeBetween(startRange, nr),
      );
    }
    const fin = p.recover(end);
    endRange = p.range(fin);
    break;
  }
  if (parts.length === 0) {
    parts.push({ t: "lit", val: "", start: startRange.endOffset, end: startRange.endOffset });
  }
  parts.push({ t: "end", range: endRange });
  return { parts, range: rangeBetween(startRange, endRange) };
}

let segmenter: Intl.Segmenter | undefined;

/** Graphemes in `s` (spaces are nearly always ASCII: counted directly). */
function graphemes(s: string): string[] {
  // deno-lint-ignore no-control-regex
  if (!/[^\x00-\x7f]/.test(s) && s.indexOf("\r\n") < 0) return s.split("");
  segmenter ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  return Array.from(segmenter.segment(s), (x) => x.segment);
}

/** Graphemes in `s.slice(0, end)`; indentation is nearly always ASCII without "\r": counted directly. */
function graphemeLength(s: string, end: number): number {
  if (asciiWithoutCR(s, end)) return end;
  return graphemes(s.slice(0, end)).length;
}

/** UTF-16 units of the first `count` graphemes of `s` (all of `s` when it has fewer). */
function graphemeUnits(s: string, count: number): number {
  const n = Math.min(count, s.length);
  if (asciiWithoutCR(s, n)) return n;
  const g = graphemes(s);
  let units = 0;
  for (let i = 0; i < count && i < g.length; i++) units += g[i].length;
  return units;
}

/** True when `s.slice(0, end)` is ASCII and has no "\r" (which joins "\n" into one grapheme). */
function asciiWithoutCR(s: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 || c === 13) return false;
  }
  // Nor may the next character combine with the last counted one (an ASCII one cannot).
  return end === 0 || end >= s.length || s.charCodeAt(end) < 0x80;
}

function flushHeredoc(parts: Part[]): void {
  let minSpaces = Number.MAX_SAFE_INTEGER;
  let newline = true;
  const adjust: Extract<Part, { t: "lit" }>[] = [];
  for (const tok of parts) {
    if (newline) {
      newline = false;
      let spaces = Number.MAX_SAFE_INTEGER;
      if (tok.t === "lit") {
        const trimmed = trimLeftSpace(tok.val);
        if (trimmed.length === 0 && tok.val.endsWith("\n")) spaces = Number.MAX_SAFE_INTEGER;
        else {
          spaces = graphemeLength(tok.val, tok.val.length - trimmed.length);
          adjust.push(tok);
        }
      } else if (tok.t === "end") break;
      if (spaces < minSpaces) minSpaces = spaces;
    }
    if (tok.t === "lit" && tok.val.endsWith("\n")) newline = true;
  }
  for (const lit of adjust) {
    const units = graphemeUnits(lit.val, minSpaces);
    lit.val = lit.val.slice(units);
    lit.start += units;
  }
}

// Runs of adjacent literals become one, in place and in one pass (removing each melded part
// with `splice` made a heredoc of n lines cost n^2), its text joined once into a flat string
// (appending piece by piece leaves a chain of partial strings in the tree).
function meldLiterals(parts: Part[]): void {
  let out = 0;
  let i = 0;
  while (i < parts.length) {
    const first = parts[i++];
    parts[out++] = first;
    if (first.t !== "lit") continue;
    let next = parts[i];
    if (i >= parts.length || next.t !== "lit") continue;
    const pieces = [first.val];
    do {
      pieces.push(next.val);
      first.end = next.end;
      next = parts[++i];
    } while (i < parts.length && next.t === "lit");
    first.val = pieces.join("");
  }
  parts.length = out;
}

function placeholder(r: Range): Expression {
  return { kind: "literal", value: cty.dynamicValue, range: r };
}

class TemplateParser {
  #p: Parser;
  #parts: Part[];
  #pos = 0;
  constructor(p: Parser, parts: Part[]) {
    this.#p = p;
    this.#parts = parts;
  }

  #peek(): Part {
    return this.#parts[this.#pos];
  }

  #read(): Part {
    const r = this.#parts[this.#pos];
    if (r.t !== "end") this.#pos++;
    return r;
  }

  parseRoot(): Expression[] {
    const lists = this.#p.lists;
    const exprs = lists.mark();
    while (this.#peek().t !== "end") lists.push(this.#parseExpr());
    return lists.take<Expression>(exprs);
  }

  #parseExpr(): Expression {
    const tok = this.#peek();
    const file = this.#p.file;
    switch (tok.t) {
      case "lit":
        this.#read();
        return new TextLiteralNode(file, tok.start, tok.end, tok.val);
      case "interp":
        this.#read();
        return tok.expr;
      case "if":
        return this.#parseIf();
      case "for":
        return this.#parseFor();
      case "end":
        this.#read();
        this.#p.error(
          "Unexpected end of template",
          "The control directives within this template are unbalanced.",
          tok.range,
        );
        return placeholder(tok.range);
      case "endctl":
        this.#read();
        this.#p.error(
          `Unexpected ${tok.name} directive`,
          "The control directives within this template are unbalanced.",
          tok.range,
        );
        return placeholder(tok.range);
    }
  }

  #parseIf(): Expression {
    const open = this.#read() as Extract<Part, { t: "if" }>;
    const p = this.#p;
    const ifExprs: Expression[] = [];
    const elseExprs: Expression[] = [];
    let current = ifExprs;
    let endifRange: Range;
    for (;;) {
      const next = this.#peek();
      if (next.t === "end") {
        p.error(
          "Unexpected end of template",
          `The if directive at ${
            formatRange(open.range)
          } is missing its corresponding endif directive.`,
          next.range,
        );
        return placeholder(next.range);
      }
      if (next.t === "endctl") {
        this.#read();
        if (next.name === "else") {
          if (current === ifExprs) {
            current = elseExprs;
            continue;
          }
          p.error(
            "Unexpected else directive",
            `Already in the else clause for the if started at ${formatRange(open.range)}.`,
            next.range,
          );
        } else if (next.name === "endif") {
          endifRange = next.range;
          break;
        } else {
          p.error(
            `Unexpected ${next.name} directive`,
            `Expecting an endif directive for the if started at ${formatRange(open.range)}.`,
            next.range,
          );
        }
        return placeholder(next.range);
      }
      current.push(this.#parseExpr());
    }
    const file = p.file;
    if (ifExprs.length === 0) {
      const o = open.range.endOffset;
      ifExprs.push({ kind: "literal", value: cty.string(""), range: file.range(o, o) });
    }
    if (elseExprs.length === 0) {
      const o = endifRange.startOffset;
      elseExprs.push({ kind: "literal", value: cty.string(""), range: file.range(o, o) });
    }
    const t = templateOf(p, ifExprs);
    const f = templateOf(p, elseExprs);
    return {
      kind: "conditional",
      condition: open.cond,
      trueResult: t,
      falseResult: f,
      range: rangeBetween(open.range, endifRange),
    };
  }

  #parseFor(): Expression {
    const open = this.#read() as Extract<Part, { t: "for" }>;
    const p = this.#p;
    const content: Expression[] = [];
    let endforRange: Range;
    for (;;) {
      const next = this.#peek();
      if (next.t === "end") {
        p.error(
          "Unexpected end of template",
          `The for directive at ${
            formatRange(open.range)
          } is missing its corresponding endfor directive.`,
          next.range,
        );
        return placeholder(next.range);
      }
      if (next.t === "endctl") {
        this.#read();
        if (next.name === "else") {
          p.error(
            "Unexpected else directive",
            "An else clause is not expected for a for directive.",
            next.range,
          );
        } else if (next.name === "endfor") {
          endforRange = next.range;
          break;
        } else {
          p.error(
            `Unexpected ${next.name} directive`,
            `Expecting an endfor directive corresponding to the for directive at ${
              formatRange(open.range)
            }.`,
            next.range,
          );
        }
        return placeholder(next.range);
      }
      content.push(this.#parseExpr());
    }
    if (content.length === 0) {
      const o = open.range.endOffset;
      content.push({ kind: "literal", value: cty.string(""), range: p.file.range(o, o) });
    }
    const forExpr: ForExpr = {
      kind: "for",
      keyVar: open.keyVar,
      valVar: open.valVar,
      collection: open.coll,
      keyExpr: undefined,
      valExpr: templateOf(p, content),
      condition: undefined,
      group: false,
      range: rangeBetween(open.range, endforRange),
      openRange: open.range,
      closeRange: endforRange,
    };
    return { kind: "templateJoin", tuple: forExpr, range: forExpr.range };
  }
}

function templateOf(p: Parser, exprs: Expression[]): TemplateExpr {
  const first = exprs[0];
  const last = exprs[exprs.length - 1];
  const start = Math.min(startOf(first), startOf(last));
  const end = Math.max(endOf(first), endOf(last));
  return new TemplateNode(p.file, start, end, exprs);
}

/** The candidate closest to `given` by edit distance (at most 2), or "" (hcl's nameSuggestion). */
export function nameSuggestion(given: string, candidates: readonly string[]): string {
  for (const c of candidates) {
    if (levenshtein(given, c) < 3) return c;
  }
  return "";
}

function levenshtein(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(
        prev[j] + 1,
        cur[j - 1] + 1,
        prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[n];
}
