/**
 * The native-syntax lexer: one pass of `charCodeAt` over the text, tokens
 * written into typed arrays (kind, start, end as UTF-16 offsets). It follows
 * hclsyntax's scanner: a stack of modes (expression, quoted template,
 * heredoc) driven by `"`, `<<EOT`, `${`, `%{` and the braces that close them.
 *
 * @module
 */

import type { SourceFile } from "./source.ts";
import {
  T_AND,
  T_APOSTROPHE,
  T_BACKTICK,
  T_BANG,
  T_BITWISE_AND,
  T_BITWISE_NOT,
  T_BITWISE_OR,
  T_BITWISE_XOR,
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
  T_EOF,
  T_EQUAL,
  T_EQUALOP,
  T_FATARROW,
  T_GT,
  T_GTE,
  T_IDENT,
  T_INVALID,
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
  T_QUOTED_NEWLINE,
  T_SEMICOLON,
  T_SLASH,
  T_STAR,
  T_STRING_LIT,
  T_TEMPLATE_CONTROL,
  T_TEMPLATE_INTERP,
  T_TEMPLATE_SEQ_END,
  type TokenKind,
} from "./token.ts";

/** A lexed token list: parallel arrays indexed by token number. */
export interface TokenList {
  /** The source the offsets point into. */
  readonly file: SourceFile;
  /** Token kinds (`T_*`). */
  readonly kinds: Uint8Array;
  /** UTF-16 start offsets. */
  readonly starts: Int32Array;
  /** UTF-16 end offsets. */
  readonly ends: Int32Array;
  /** Number of tokens (the last is always `T_EOF`). */
  readonly length: number;
}

const MODE_EXPR = 0;
const MODE_QUOTED = 1;
const MODE_HEREDOC = 2;
/** Deepest stack of nested templates and interpolations the lexer follows. */
const MAX_MODE_DEPTH = 100_000;

// Built on the first non-ASCII identifier character, not at load: V8 assembles a Unicode property
// class from ICU when the expression is created (~0.5 ms each, on every start of the console).
let idStart: RegExp | undefined;
let idContinue: RegExp | undefined;

// Character classes for ASCII: 1 identifier start, 2 identifier continue only, 4 digit.
const CLASS = new Uint8Array(128);
CLASS.fill(1 | 2, 0x41, 0x5b); // A-Z
CLASS.fill(1 | 2, 0x61, 0x7b); // a-z
CLASS[0x5f] = 1 | 2; // _
CLASS.fill(2 | 4, 0x30, 0x3a); // 0-9
CLASS[0x2d] = 2; // -

// Single-character tokens by character code.
const SELF = new Uint8Array(128);
SELF[0x5b] = T_OBRACK;
SELF[0x5d] = T_CBRACK;
SELF[0x28] = T_OPAREN;
SELF[0x29] = T_CPAREN;
SELF[0x2e] = T_DOT;
SELF[0x2c] = T_COMMA;
SELF[0x2a] = T_STAR;
SELF[0x2f] = T_SLASH;
SELF[0x25] = T_PERCENT;
SELF[0x2b] = T_PLUS;
SELF[0x2d] = T_MINUS;
SELF[0x3d] = T_EQUAL;
SELF[0x3c] = T_LT;
SELF[0x3e] = T_GT;
SELF[0x21] = T_BANG;
SELF[0x3f] = T_QUESTION;
SELF[0x3a] = T_COLON;
SELF[0x26] = T_BITWISE_AND;
SELF[0x7c] = T_BITWISE_OR;
SELF[0x7e] = T_BITWISE_NOT;
SELF[0x5e] = T_BITWISE_XOR;
SELF[0x3b] = T_SEMICOLON;
SELF[0x60] = T_BACKTICK;
SELF[0x27] = T_APOSTROPHE;

function codePointAt(s: string, i: number): number {
  return s.codePointAt(i) ?? 0;
}

function isIdentStartAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return (CLASS[c] & 1) !== 0;
  return (idStart ??= /[\p{ID_Start}_]/u).test(String.fromCodePoint(codePointAt(s, i)));
}

/** Offset just past the identifier that starts at `i` (which must be an identifier start). */
function scanIdent(s: string, i: number, n: number): number {
  i += s.charCodeAt(i) >= 0xd800 && s.charCodeAt(i) <= 0xdbff ? 2 : 1;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if ((CLASS[c] & 2) === 0) return i;
      i++;
    } else {
      const cp = codePointAt(s, i);
      if (!(idContinue ??= /[\p{ID_Continue}-]/u).test(String.fromCodePoint(cp))) return i;
      i += cp > 0xffff ? 2 : 1;
    }
  }
  return i;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Offset past the number literal at `i`: digit (digit | "." | e[+-]digit)*, not ending in ".". */
function scanNumber(s: string, i: number, n: number): number {
  let end = i + 1;
  let j = i + 1;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (isDigit(c)) {
      j++;
      end = j;
    } else if (c === 46) {
      j++;
    } else if (c === 101 || c === 69) {
      const d = s.charCodeAt(j + 1);
      if (isDigit(d)) {
        j += 2;
        end = j;
      } else if ((d === 43 || d === 45) && isDigit(s.charCodeAt(j + 2))) {
        j += 3;
        end = j;
      } else break;
    } else break;
  }
  return end;
}

/**
 * Lexes a whole configuration file in native syntax.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lexConfig } from "./lexer.ts";
 * import { SourceFile } from "./source.ts";
 * import { T_EQUAL, T_IDENT, T_NUMBER_LIT } from "./token.ts";
 * const toks = lexConfig(new SourceFile("a.tf", "a = 1"));
 * assert.deepEqual([...toks.kinds.subarray(0, 3)], [T_IDENT, T_EQUAL, T_NUMBER_LIT]);
 * ```
 */
export function lexConfig(file: SourceFile): TokenList {
  return new Lexer(file).run();
}

/**
 * Lexes a whole text as a bare template (hclsyntax's template mode: the
 * JSON syntax's strings, template files): literal text with `${` and `%{`.
 */
export function lexTemplate(file: SourceFile): TokenList {
  const lx = new Lexer(file);
  lx.pushMode(MODE_HEREDOC);
  lx.heredocMarkers.push(undefined);
  lx.heredocSOL.push(false);
  return lx.run();
}

/** Growable token arrays. */
class TokenBuffer {
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  count = 0;
  cap: number;
  constructor(cap: number) {
    this.cap = cap;
    this.kinds = new Uint8Array(cap);
    this.starts = new Int32Array(cap);
    this.ends = new Int32Array(cap);
  }

  emit(k: TokenKind, a: number, b: number): void {
    if (this.count === this.cap) this.#grow();
    const c = this.count++;
    this.kinds[c] = k;
    this.starts[c] = a;
    this.ends[c] = b;
  }

  #grow(): void {
    const cap = this.cap * 2;
    const k2 = new Uint8Array(cap);
    k2.set(this.kinds);
    this.kinds = k2;
    const s2 = new Int32Array(cap);
    s2.set(this.starts);
    this.starts = s2;
    const e2 = new Int32Array(cap);
    e2.set(this.ends);
    this.ends = e2;
    this.cap = cap;
  }
}

class Lexer {
  readonly file: SourceFile;
  readonly s: string;
  readonly n: number;
  readonly out: TokenBuffer;
  // Mode stack; heredoc markers and start-of-line flags for each open heredoc.
  readonly modes: number[] = [MODE_EXPR];
  readonly retBraces: number[] = [];
  // undefined for a bare template, which no marker line ends.
  readonly heredocMarkers: (string | undefined)[] = [];
  readonly heredocSOL: boolean[] = [];
  braces = 0;
  mode = MODE_EXPR;

  constructor(file: SourceFile) {
    this.file = file;
    this.s = file.text;
    this.n = this.s.length;
    // Typical configuration has a token per 3.5 characters: one allocation, no growing.
    this.out = new TokenBuffer(((this.n / 3) | 0) + 16);
  }

  pushMode(m: number): boolean {
    if (this.modes.length >= MAX_MODE_DEPTH) return false;
    this.modes.push(m);
    this.mode = m;
    return true;
  }

  popMode(): void {
    if (this.modes.length > 1) this.modes.pop();
    this.mode = this.modes[this.modes.length - 1];
  }

  /** Emits a `${` or `%{` and enters expression mode; returns where lexing continues. */
  openSequence(k: TokenKind, a: number, b: number): number {
    this.out.emit(k, a, b);
    this.braces++;
    this.retBraces.push(this.braces);
    const sol = this.heredocSOL;
    if (sol.length > 0) sol[sol.length - 1] = false;
    if (!this.pushMode(MODE_EXPR)) {
      // Too deep: the rest of the input is one invalid token.
      this.out.emit(T_INVALID, b, this.n);
      return this.n;
    }
    return b;
  }

  run(): TokenList {
    const s = this.s;
    const n = this.n;
    const out = this.out;
    let i = s.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (i < n) {
      if (this.mode !== MODE_EXPR) {
        i = this.mode === MODE_QUOTED ? this.quotedStep(i) : this.heredocStep(i);
        continue;
      }
      const c = s.charCodeAt(i);
      if (c === 32 || c === 9) {
        i++;
        continue;
      }
      if (c < 128) {
        const cls = CLASS[c];
        if ((cls & 1) !== 0) {
          const e = scanIdent(s, i, n);
          out.emit(T_IDENT, i, e);
          i = e;
          continue;
        }
        if ((cls & 4) !== 0) {
          const e = scanNumber(s, i, n);
          out.emit(T_NUMBER_LIT, i, e);
          i = e;
          continue;
        }
      }
      const d = s.charCodeAt(i + 1);
      switch (c) {
        case 10:
          out.emit(T_NEWLINE, i, i + 1);
          i++;
          continue;
        case 13:
          if (d === 10) {
            out.emit(T_NEWLINE, i, i + 2);
            i += 2;
          } else {
            out.emit(T_INVALID, i, i + 1);
            i++;
          }
          continue;
        case 35: // #
          i = this.lineComment(i);
          continue;
        case 47: // /
          if (d === 47) {
            i = this.lineComment(i);
            continue;
          }
          if (d === 42) {
            const e = s.indexOf("*/", i + 2);
            if (e < 0) {
              // Unclosed: hclsyntax's scanner falls back to "/" and "*" as operators.
              out.emit(T_SLASH, i, i + 1);
              i++;
            } else {
              out.emit(T_COMMENT, i, e + 2);
              i = e + 2;
            }
            continue;
          }
          break;
        case 123: // {
          out.emit(T_OBRACE, i, i + 1);
          this.braces++;
          i++;
          continue;
        case 125: { // }
          const rb = this.retBraces;
          if (rb.length > 0 && rb[rb.length - 1] === this.braces) {
            out.emit(T_TEMPLATE_SEQ_END, i, i + 1);
            rb.pop();
            this.braces--;
            this.popMode();
          } else {
            out.emit(T_CBRACE, i, i + 1);
            this.braces--;
          }
          i++;
          continue;
        }
        case 126: // ~
          if (d === 125) {
            out.emit(T_TEMPLATE_SEQ_END, i, i + 2);
            i += 2;
            const rb = this.retBraces;
            if (rb.length > 0 && rb[rb.length - 1] === this.braces) {
              rb.pop();
              this.braces--;
              this.popMode();
            } else this.braces--;
            continue;
          }
          break;
        case 34: // "
          out.emit(T_OQUOTE, i, i + 1);
          i++;
          if (!this.pushMode(MODE_QUOTED)) {
            out.emit(T_INVALID, i, n);
            i = n;
          }
          continue;
        case 61: // =
          if (d === 61) {
            out.emit(T_EQUALOP, i, i + 2);
            i += 2;
            continue;
          }
          if (d === 62) {
            out.emit(T_FATARROW, i, i + 2);
            i += 2;
            continue;
          }
          break;
        case 33: // !
          if (d === 61) {
            out.emit(T_NOTEQUAL, i, i + 2);
            i += 2;
            continue;
          }
          break;
        case 62: // >
          if (d === 61) {
            out.emit(T_GTE, i, i + 2);
            i += 2;
            continue;
          }
          break;
        case 60: // <
          if (d === 61) {
            out.emit(T_LTE, i, i + 2);
            i += 2;
            continue;
          }
          if (d === 60) {
            const h = this.heredocIntro(i);
            if (h > 0) {
              i = h;
              continue;
            }
          }
          break;
        case 38: // &
          if (d === 38) {
            out.emit(T_AND, i, i + 2);
            i += 2;
            continue;
          }
          break;
        case 124: // |
          if (d === 124) {
            out.emit(T_OR, i, i + 2);
            i += 2;
            continue;
          }
          break;
        case 58: // :
          if (d === 58) {
            out.emit(T_DOUBLECOLON, i, i + 2);
            i += 2;
            continue;
          }
          break;
        case 46: // .
          if (d === 46 && s.charCodeAt(i + 2) === 46) {
            out.emit(T_ELLIPSIS, i, i + 3);
            i += 3;
            continue;
          }
          break;
      }
      if (c < 128) {
        const k = SELF[c];
        out.emit(k === 0 ? T_INVALID : k, i, i + 1);
        i++;
        continue;
      }
      // Non-ASCII: an identifier or one invalid character.
      if (isIdentStartAt(s, i)) {
        const e = scanIdent(s, i, n);
        out.emit(T_IDENT, i, e);
        i = e;
        continue;
      }
      const w = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
      out.emit(T_INVALID, i, i + w);
      i += w;
    }
    out.emit(T_EOF, n, n);
    return {
      file: this.file,
      kinds: out.kinds,
      starts: out.starts,
      ends: out.ends,
      length: out.count,
    };
  }

  lineComment(at: number): number {
    let e = this.s.indexOf("\n", at);
    e = e < 0 ? this.n : e + 1;
    this.out.emit(T_COMMENT, at, e);
    return e;
  }

  /** `<<` or `<<-`, an identifier, a newline: opens a heredoc. Returns where lexing continues, or 0. */
  heredocIntro(at: number): number {
    const s = this.s;
    const n = this.n;
    let j = at + 2;
    if (s.charCodeAt(j) === 45) j++;
    if (j >= n || !isIdentStartAt(s, j)) return 0;
    const identEnd = scanIdent(s, j, n);
    let e = identEnd;
    if (s.charCodeAt(e) === 13 && s.charCodeAt(e + 1) === 10) e += 2;
    else if (s.charCodeAt(e) === 10) e += 1;
    else return 0;
    this.out.emit(T_OHEREDOC, at, e);
    if (!this.pushMode(MODE_HEREDOC)) {
      this.out.emit(T_INVALID, e, n);
      return n;
    }
    this.heredocMarkers.push(s.slice(j, identEnd));
    this.heredocSOL.push(true);
    return e;
  }

  quotedStep(at: number): number {
    const s = this.s;
    const n = this.n;
    const c = s.charCodeAt(at);
    const d = s.charCodeAt(at + 1);
    if (c === 34) {
      this.out.emit(T_CQUOTE, at, at + 1);
      this.popMode();
      return at + 1;
    }
    if ((c === 36 || c === 37) && d === 123) {
      const e = s.charCodeAt(at + 2) === 126 ? at + 3 : at + 2;
      return this.openSequence(c === 36 ? T_TEMPLATE_INTERP : T_TEMPLATE_CONTROL, at, e);
    }
    if (c === 10 || c === 13) {
      let j = at + 1;
      while (j < n && (s.charCodeAt(j) === 10 || s.charCodeAt(j) === 13)) j++;
      this.out.emit(T_QUOTED_NEWLINE, at, j);
      return j;
    }
    if (c === 92 && (at + 1 >= n || d === 10 || d === 13)) {
      // A backslash with nothing to escape.
      this.out.emit(T_INVALID, at, at + 1);
      return at + 1;
    }
    // A run of literal text with its escapes.
    let j = at;
    while (j < n) {
      const ch = s.charCodeAt(j);
      if (ch === 34 || ch === 10 || ch === 13) break;
      if (ch === 92) {
        const nx = s.charCodeAt(j + 1);
        if (j + 1 >= n || nx === 10 || nx === 13) break;
        j += nx >= 0xd800 && nx <= 0xdbff ? 3 : 2;
        continue;
      }
      if (ch === 36 || ch === 37) {
        const nx = s.charCodeAt(j + 1);
        if (nx === 123) break;
        if (nx === ch && s.charCodeAt(j + 2) === 123) {
          j += 3;
          continue;
        }
      }
      j++;
    }
    this.out.emit(T_QUOTED_LIT, at, j);
    return j;
  }

  heredocStep(at: number): number {
    const s = this.s;
    const n = this.n;
    const sol = this.heredocSOL;
    const top = sol.length - 1;
    const c = s.charCodeAt(at);
    if ((c === 36 || c === 37) && s.charCodeAt(at + 1) === 123) {
      const e = s.charCodeAt(at + 2) === 126 ? at + 3 : at + 2;
      return this.openSequence(c === 36 ? T_TEMPLATE_INTERP : T_TEMPLATE_CONTROL, at, e);
    }
    if (c === 13 && s.charCodeAt(at + 1) !== 10) {
      // hclsyntax's scanner has no heredoc token for a carriage return without its line
      // feed: it stops there and returns the rest of the input as one invalid token.
      this.out.emit(T_INVALID, at, n);
      return n;
    }
    // Literal text up to the end of the line (inclusive), the next sequence or a lone "\r".
    let j = at;
    while (j < n) {
      const ch = s.charCodeAt(j);
      if (ch === 10) {
        j++;
        break;
      }
      if (ch === 13 && s.charCodeAt(j + 1) !== 10) break;
      if (ch === 36 || ch === 37) {
        const nx = s.charCodeAt(j + 1);
        if (nx === 123) break;
        if (nx === ch && s.charCodeAt(j + 2) === 123) {
          j += 3;
          continue;
        }
      }
      j++;
    }
    const eol = s.charCodeAt(j - 1) === 10;
    if (eol && sol[top] && this.heredocMarkers[top] !== undefined) {
      let le = j - 1;
      if (le - 1 >= at && s.charCodeAt(le - 1) === 13) le--;
      if (s.slice(at, le).trim() === this.heredocMarkers[top]) {
        this.out.emit(T_CHEREDOC, at, le);
        this.out.emit(T_NEWLINE, le, j);
        this.heredocMarkers.pop();
        sol.pop();
        this.popMode();
        return j;
      }
    }
    sol[top] = eol;
    this.out.emit(T_STRING_LIT, at, j);
    return j;
  }
}
