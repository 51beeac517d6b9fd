/**
 * The parser's view of the token list: comments skipped, newlines skipped or
 * kept depending on context (a stack, as hclsyntax's peeker has), a comment
 * that ends a line standing in for the newline it swallowed.
 *
 * @module
 */

import type { TokenList } from "./lexer.ts";
import type { Range, SourceFile } from "./source.ts";
import { T_COMMENT, T_EOF, T_NEWLINE, type TokenKind } from "./token.ts";

/** Token cursor over a {@link TokenList}. */
export class Peeker {
  /** The source being parsed. */
  readonly file: SourceFile;
  readonly #kinds: Uint8Array;
  /** Token start offsets. */
  readonly starts: Int32Array;
  /** Token end offsets. */
  readonly ends: Int32Array;
  readonly #count: number;
  /** Index of the next unread raw token. */
  pos = 0;
  readonly #newlines: boolean[] = [true];
  #includeNewlines = true;
  // Result of the last lookahead: raw index found, its kind as seen, index after it.
  #pi = 0;
  #pk: TokenKind = T_EOF;
  #pn = 0;
  // The lookahead above is valid while pos and the newline mode are unchanged.
  #cachedPos = -1;
  #cachedNewlines = false;

  /** A cursor at the first token. */
  constructor(tokens: TokenList) {
    this.file = tokens.file;
    this.#kinds = tokens.kinds;
    this.starts = tokens.starts;
    this.ends = tokens.ends;
    this.#count = tokens.length;
  }

  #look(): void {
    if (this.pos === this.#cachedPos && this.#includeNewlines === this.#cachedNewlines) return;
    this.#cachedPos = this.pos;
    this.#cachedNewlines = this.#includeNewlines;
    const kinds = this.#kinds;
    const n = this.#count;
    for (let i = this.pos; i < n; i++) {
      const k = kinds[i];
      if (k === T_COMMENT) {
        if (this.#includeNewlines) {
          const e = this.ends[i];
          if (e > this.starts[i] && this.file.text.charCodeAt(e - 1) === 10) {
            this.#pi = i;
            this.#pk = T_NEWLINE;
            this.#pn = i + 1;
            return;
          }
        }
        continue;
      }
      if (k === T_NEWLINE && !this.#includeNewlines) continue;
      this.#pi = i;
      this.#pk = k;
      this.#pn = i + 1;
      return;
    }
    this.#pi = n - 1;
    this.#pk = T_EOF;
    this.#pn = n;
  }

  /** Kind of the next token. */
  peek(): TokenKind {
    this.#look();
    return this.#pk;
  }

  /** Raw index of the next token (call after {@link peek}). */
  peekIndex(): number {
    this.#look();
    return this.#pi;
  }

  /** Consumes the next token; returns its raw index. Its kind is {@link lastKind}. */
  read(): number {
    this.#look();
    this.pos = this.#pn;
    this.lastKind = this.#pk;
    return this.#pi;
  }

  /** Kind of the token last returned by {@link read}. */
  lastKind: TokenKind = T_EOF;

  /** Range of raw token `i`. */
  range(i: number): Range {
    return this.file.range(this.starts[i], this.ends[i]);
  }

  /** Range of the next token. */
  nextRange(): Range {
    return this.range(this.peekIndex());
  }

  /** Range of the token last read (hclsyntax's PrevRange). */
  prevRange(): Range {
    return this.range(this.prevIndex());
  }

  /** Raw index of the token {@link prevRange} covers. */
  prevIndex(): number {
    return this.pos === 0 ? this.peekIndex() : this.pos - 1;
  }

  /** From the start of raw token `a` to the end of raw token `b` (hcl.RangeBetween of the two). */
  rangeOver(a: number, b: number): Range {
    const s = this.starts;
    const e = this.ends;
    return this.file.range(Math.min(s[a], s[b]), Math.max(e[a], e[b]));
  }

  /** Source text of raw token `i`. */
  text(i: number): string {
    return this.file.text.slice(this.starts[i], this.ends[i]);
  }

  /** Kind of raw token `i` as lexed. */
  rawKind(i: number): TokenKind {
    return this.#kinds[i];
  }

  /** Starts a region where newlines are (`true`) or are not significant. */
  pushNewlines(include: boolean): void {
    this.#newlines.push(include);
    this.#includeNewlines = include;
  }

  /** Ends the region started by the matching {@link pushNewlines}. */
  popNewlines(): void {
    if (this.#newlines.length > 1) this.#newlines.pop();
    this.#includeNewlines = this.#newlines[this.#newlines.length - 1];
  }
}
