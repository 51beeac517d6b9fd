/**
 * Source text and the ranges that point into it. The lexer and parser work
 * with UTF-16 offsets into the text; a {@link SourceFile} turns an offset
 * into the position HCL reports (1-based line, 1-based column counted in
 * grapheme clusters as hclsyntax counts them, 0-based UTF-8 byte offset) only
 * when somebody asks, so parsing never pays for positions it does not show.
 *
 * @module
 */

import type { SourcePos, SourceRange } from "../errors/mod.ts";

let segmenter: Intl.Segmenter | undefined;

function graphemeCount(s: string): number {
  segmenter ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  let n = 0;
  for (const _ of segmenter.segment(s)) n++;
  return n;
}

function utf8Length(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** A named source text; converts offsets into HCL positions. */
export class SourceFile {
  /** The file name used in ranges and diagnostics. */
  readonly filename: string;
  /** The source text. */
  readonly text: string;
  #lineStarts: number[] | undefined;
  #lineBytes: number[] | undefined;
  #ascii: boolean | undefined;

  /** Wraps `text` under the name `filename`. */
  constructor(filename: string, text: string) {
    this.filename = filename;
    this.text = text;
  }

  #lines(): number[] {
    if (this.#lineStarts !== undefined) return this.#lineStarts;
    const text = this.text;
    // A byte-order mark is skipped by the lexer and does not count as a column.
    const starts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
    let i = text.indexOf("\n");
    while (i >= 0) {
      starts.push(i + 1);
      i = text.indexOf("\n", i + 1);
    }
    this.#lineStarts = starts;
    // deno-lint-ignore no-control-regex
    this.#ascii = !/[^\x00-\x7f]/.test(text);
    if (!this.#ascii) {
      const bytes = new Array<number>(starts.length);
      let acc = 0;
      let prev = 0;
      for (let l = 0; l < starts.length; l++) {
        acc += utf8Length(text, prev, starts[l]);
        prev = starts[l];
        bytes[l] = acc;
      }
      this.#lineBytes = bytes;
    }
    return starts;
  }

  /**
   * The position of UTF-16 offset `offset` in the text.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { SourceFile } from "./source.ts";
   * const f = new SourceFile("a.tf", 'a = "é"\nb = 1\n');
   * assert.deepEqual(f.pos(8), { line: 2, column: 1, byte: 9 });
   * ```
   */
  pos(offset: number): SourcePos {
    const starts = this.#lines();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const ls = starts[lo];
    if (this.#ascii) return { line: lo + 1, column: offset - ls + 1, byte: offset };
    const text = this.text;
    let plain = true;
    for (let i = ls; i < offset; i++) {
      if (text.charCodeAt(i) >= 0x80 || text.charCodeAt(i) === 13) {
        plain = false;
        break;
      }
    }
    const column = plain ? offset - ls + 1 : graphemeCount(text.slice(ls, offset)) + 1;
    return { line: lo + 1, column, byte: this.#lineBytes![lo] + utf8Length(text, ls, offset) };
  }

  /** The range from offset `start` to offset `end`. */
  range(start: number, end: number): Range {
    return new Range(this, start, end);
  }
}

/**
 * A range in a {@link SourceFile}; `start` and `end` are computed when read.
 * Satisfies the errors layer's `SourceRange`.
 */
export class Range implements SourceRange {
  /** The file the range is in. */
  readonly file: SourceFile;
  /** UTF-16 offset of the first character. */
  readonly startOffset: number;
  /** UTF-16 offset just past the last character. */
  readonly endOffset: number;

  /** A range of `file` from `startOffset` to `endOffset`. */
  constructor(file: SourceFile, startOffset: number, endOffset: number) {
    this.file = file;
    this.startOffset = startOffset;
    this.endOffset = endOffset;
  }

  /** The file name. */
  get filename(): string {
    return this.file.filename;
  }

  /** First character. */
  get start(): SourcePos {
    return this.file.pos(this.startOffset);
  }

  /** Just past the last character. */
  get end(): SourcePos {
    return this.file.pos(this.endOffset);
  }

  /** The source text the range covers. */
  get text(): string {
    return this.file.text.slice(this.startOffset, this.endOffset);
  }

  /** A plain-object copy (for JSON and equality checks). */
  toJSON(): SourceRange {
    return { filename: this.filename, start: this.start, end: this.end };
  }
}

/** The range from the start of `a` to the end of `b` (hcl.RangeBetween). */
export function rangeBetween(a: Range, b: Range): Range {
  const s = Math.min(a.startOffset, b.startOffset);
  const e = Math.max(a.endOffset, b.endOffset);
  return new Range(a.file, s, e);
}
