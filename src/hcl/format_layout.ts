/**
 * HCL's canonical layout of a token sequence, as hclwrite's formatter gives
 * it: only the whitespace between tokens changes. The sequence is cut into
 * lines (at newlines and line comments); each line into up to three cells
 * (lead, `= expression`, trailing comment). Then three passes: indentation
 * from bracket nesting, single spaces between tokens by a table of rules,
 * and vertical alignment of `=` and trailing comments in runs of lines.
 *
 * This is a hot path (every file `foundry fmt` reads goes through it): token
 * kinds are small integers, spaces a typed array, and lines are handled in
 * one pass with only the alignment runs remembered.
 *
 * @module
 */

import {
  T_AND,
  T_BANG,
  T_CBRACE,
  T_CBRACK,
  T_CHEREDOC,
  T_COLON,
  T_COMMA,
  T_COMMENT,
  T_CPAREN,
  T_CQUOTE,
  T_DOT,
  T_DOUBLECOLON,
  T_ELLIPSIS,
  T_EQUAL,
  T_EQUALOP,
  T_GT,
  T_GTE,
  T_IDENT,
  T_LT,
  T_LTE,
  T_MINUS,
  T_NEWLINE,
  T_NOTEQUAL,
  T_NUMBER_LIT,
  T_OBRACE,
  T_OBRACK,
  T_OHEREDOC,
  T_OPAREN,
  T_OQUOTE,
  T_OR,
  T_PERCENT,
  T_PLUS,
  T_QUESTION,
  T_QUOTED_LIT,
  T_SLASH,
  T_STAR,
  T_STRING_LIT,
  T_TEMPLATE_CONTROL,
  T_TEMPLATE_INTERP,
  T_TEMPLATE_SEQ_END,
  type TokenKind,
} from "./token.ts";

/** No token: what comes "before" the first token of a cell. */
const NIL = 0;

// Bracket change of each token kind: +1 openers (including `${` and `%{`), -1 closers.
const BRACKET = new Int8Array(64);
BRACKET[T_OBRACE] = BRACKET[T_OBRACK] = BRACKET[T_OPAREN] = 1;
BRACKET[T_TEMPLATE_CONTROL] = BRACKET[T_TEMPLATE_INTERP] = 1;
BRACKET[T_CBRACE] =
  BRACKET[T_CBRACK] =
  BRACKET[T_CPAREN] =
  BRACKET[T_TEMPLATE_SEQ_END] =
    -1;

// Token kinds after which a `-` is a negation rather than a subtraction.
const NEGATION_BEFORE = new Uint8Array(64);
for (
  const k of [
    NIL,
    T_OPAREN,
    T_OBRACE,
    T_OBRACK,
    T_EQUAL,
    T_COLON,
    T_COMMA,
    T_QUESTION,
    T_PLUS,
    T_STAR,
    T_SLASH,
    T_PERCENT,
    T_MINUS,
    T_EQUALOP,
    T_NOTEQUAL,
    T_GT,
    T_GTE,
    T_LT,
    T_LTE,
    T_AND,
    T_OR,
    T_BANG,
  ]
) NEGATION_BEFORE[k] = 1;

/**
 * Whether one space separates `subject` from `after` (`before` precedes
 * `subject`, or is NIL at the start of a cell). hclwrite's rules, in its order.
 */
function spaceAfter(
  subject: TokenKind,
  subjectText: string,
  before: TokenKind,
  after: TokenKind,
): boolean {
  if (after === T_NEWLINE || after === NIL) return false;
  if (subject === T_IDENT && after === T_OPAREN) return false;
  if (
    (subject === T_IDENT && after === T_DOUBLECOLON) ||
    (subject === T_DOUBLECOLON && after === T_IDENT)
  ) return false;
  if (subject === T_DOT || after === T_DOT) return false;
  if (after === T_COMMA || after === T_ELLIPSIS) return false;
  if (subject === T_COMMA) return true;
  if (
    subject === T_QUOTED_LIT || subject === T_STRING_LIT || subject === T_OQUOTE ||
    subject === T_OHEREDOC || after === T_QUOTED_LIT || after === T_STRING_LIT ||
    after === T_CQUOTE || after === T_CHEREDOC
  ) return false;
  // `in` of a for expression followed by a tuple: `[for x in [foo] : x]`.
  if (subject === T_IDENT && before === T_IDENT && subjectText === "in") return true;
  if (
    after === T_OBRACK &&
    (subject === T_IDENT || subject === T_NUMBER_LIT || BRACKET[subject] < 0)
  ) return false;
  if (subject === T_BANG) return false;
  if (subject === T_MINUS) return NEGATION_BEFORE[before] === 0;
  if (subject === T_OBRACE || after === T_CBRACE) {
    return !(subject === T_OBRACE && after === T_CBRACE);
  }
  if ((subject === T_TEMPLATE_INTERP || subject === T_TEMPLATE_CONTROL) && after === T_OBRACE) {
    return true;
  }
  if (subject === T_CBRACE && after === T_TEMPLATE_SEQ_END) return true;
  if (
    subject === T_TEMPLATE_SEQ_END &&
    (after === T_TEMPLATE_INTERP || after === T_TEMPLATE_CONTROL)
  ) return false;
  if (BRACKET[subject] > 0) return false;
  if (BRACKET[after] < 0) return false;
  return true;
}

let segmenter: Intl.Segmenter | undefined;

/** Columns a token's text takes: grapheme clusters, as hclwrite counts them. */
function columns(text: string): number {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80 || c === 13) {
      segmenter ??= new Intl.Segmenter("en", { granularity: "grapheme" });
      let count = 0;
      for (const _ of segmenter.segment(text)) count++;
      return count;
    }
  }
  return n;
}

const SPACES: string[] = [];
function spaces(n: number): string {
  if (n < 64) return SPACES[n] ??= " ".repeat(n);
  return " ".repeat(n);
}

/**
 * Lays out a token sequence in HCL's canonical style and returns the text.
 * `kinds[i]` and `texts[i]` describe token `i` (the end-of-file token
 * excluded); a line comment's text carries its newline, as the lexer gives
 * it. Token texts are written unchanged: heredoc bodies, string contents and
 * comments keep every byte.
 */
export function layoutTokens(
  kinds: ArrayLike<TokenKind>,
  texts: readonly string[],
  count: number,
): string {
  const sp = new Int32Array(count + 1);
  // Alignment runs: per line that has an `=` cell and/or a comment cell.
  const runLeadEnd: number[] = [];
  const runStart: number[] = [];
  const runAssign: number[] = [];
  const runComment: number[] = [];
  const runLineEnd: number[] = [];
  const indents: number[] = [];
  const flushRuns = () => {
    alignRuns(texts, sp, runStart, runLeadEnd, runAssign, runComment, runLineEnd);
    runStart.length = runLeadEnd.length = runAssign.length = 0;
    runComment.length = runLineEnd.length = 0;
  };

  let ls = 0;
  while (ls < count) {
    // Find the end of this line: just past a newline or a line comment.
    let le = ls;
    while (le < count) {
      const k = kinds[le++];
      if (k === T_NEWLINE) break;
      if (k === T_COMMENT) {
        const t = texts[le - 1];
        if (t.charCodeAt(t.length - 1) === 10) break;
      }
    }
    let leadEnd = le;
    let comment = -1;
    if (le - ls > 1 && kinds[le - 1] === T_COMMENT) {
      comment = le - 1;
      leadEnd = comment;
    }
    const cellsEnd = leadEnd;
    let assign = -1;
    for (let i = ls + 1; i < leadEnd; i++) {
      if (kinds[i] === T_EQUAL) {
        let net = 0;
        for (let j = i; j < leadEnd; j++) net += BRACKET[kinds[j]];
        if (net === 0) {
          assign = i;
          leadEnd = i;
        }
        break;
      }
    }

    // Indentation.
    if (kinds[ls] === T_NEWLINE) {
      sp[ls] = 0;
    } else {
      let net = 0;
      for (let i = ls; i < leadEnd; i++) {
        const k = kinds[i];
        net += BRACKET[k];
        if (k === T_OHEREDOC) break;
      }
      if (assign >= 0) { for (let i = assign; i < cellsEnd; i++) net += BRACKET[kinds[i]]; }
      if (net > 0) {
        sp[ls] = 2 * indents.length;
        indents.push(net);
      } else {
        if (net < 0) {
          let closed = -net;
          while (closed > 0 && indents.length > 0) {
            const top = indents[indents.length - 1];
            if (closed > top) {
              closed -= top;
              indents.pop();
            } else if (closed < top) {
              indents[indents.length - 1] = top - closed;
              closed = 0;
            } else {
              indents.pop();
              closed = 0;
            }
          }
        }
        sp[ls] = 2 * indents.length;
      }
    }

    // Spaces between the tokens of the lead and of the `=` cell.
    let before: TokenKind = NIL;
    for (let i = ls; i < leadEnd - 1; i++) {
      const k = kinds[i];
      sp[i + 1] = spaceAfter(k, texts[i], before, kinds[i + 1]) ? 1 : 0;
      before = k;
    }
    if (assign >= 0) {
      sp[assign] = 1;
      before = NIL;
      for (let i = assign; i < cellsEnd - 1; i++) {
        const k = kinds[i];
        sp[i + 1] = spaceAfter(k, texts[i], before, kinds[i + 1]) ? 1 : 0;
        before = k;
      }
    }

    // Alignment runs are broken by any line without an `=` cell and a comment cell.
    if (assign >= 0 || comment >= 0) {
      runStart.push(ls);
      runLeadEnd.push(leadEnd);
      runAssign.push(assign);
      runComment.push(comment);
      runLineEnd.push(cellsEnd);
    } else if (runStart.length > 0) {
      flushRuns();
    }
    ls = le;
  }
  if (runStart.length > 0) flushRuns();

  let out = "";
  for (let i = 0; i < count; i++) {
    const s = sp[i];
    out += s === 0 ? texts[i] : spaces(s) + texts[i];
  }
  return out;
}

/**
 * Aligns `=` cells, then trailing comments, across a block of consecutive
 * lines each having at least one of them; a line lacking one breaks that
 * kind's run.
 */
function alignRuns(
  texts: readonly string[],
  sp: Int32Array,
  start: number[],
  leadEnd: number[],
  assign: number[],
  comment: number[],
  cellsEnd: number[],
): void {
  const n = start.length;
  const leadCols = new Int32Array(n);
  for (let l = 0; l < n; l++) {
    let c = 0;
    for (let i = start[l]; i < leadEnd[l]; i++) c += sp[i] + columns(texts[i]);
    leadCols[l] = c;
  }
  let from = -1;
  let max = 0;
  for (let l = 0; l <= n; l++) {
    if (l < n && assign[l] >= 0) {
      if (from < 0) from = l;
      if (leadCols[l] > max) max = leadCols[l];
    } else if (from >= 0) {
      for (let m = from; m < l; m++) sp[assign[m]] = max - leadCols[m] + 1;
      from = -1;
      max = 0;
    }
  }
  const cols = new Int32Array(n);
  for (let l = 0; l < n; l++) {
    if (comment[l] < 0) continue;
    let c = leadCols[l];
    if (assign[l] >= 0) {
      for (let i = assign[l]; i < cellsEnd[l]; i++) c += sp[i] + columns(texts[i]);
    }
    cols[l] = c;
  }
  from = -1;
  max = 0;
  for (let l = 0; l <= n; l++) {
    if (l < n && comment[l] >= 0) {
      if (from < 0) from = l;
      if (cols[l] > max) max = cols[l];
    } else if (from >= 0) {
      for (let m = from; m < l; m++) sp[comment[m]] = max - cols[m] + 1;
      from = -1;
      max = 0;
    }
  }
}
