/**
 * Formatting HCL: {@link formatHcl} is HCL's own formatter (hclwrite's
 * `Format`: indentation, spaces, `=` and comment alignment, nothing else),
 * and {@link formatTerraform} is what `terraform fmt` writes: the file must
 * parse, then Terraform's rewrites apply before HCL's layout
 * (interpolation-only strings `"${x}"` unwrapped to `x`, block labels
 * quoted, legacy variable types such as `"string"` and bare `list` made
 * modern). Both keep every token's text (comments, heredocs, strings) and
 * change only the whitespace between tokens, so formatting is idempotent.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatHcl, formatTerraform } from "./mod.ts";
 *
 * assert.equal(formatHcl("a=1\nlong_name   =  [1,2]\n"), "a         = 1\nlong_name = [1, 2]\n");
 *
 * const r = formatTerraform('variable "v" {\ntype="string"\ndefault="${var.x}"\n}\n');
 * assert.equal(r.text, 'variable "v" {\n  type    = string\n  default = var.x\n}\n');
 * assert.equal(formatTerraform("a = {\n").text, undefined); // does not parse: left alone
 * ```
 *
 * @module
 */

import type { Body } from "./ast.ts";
import { appendDiagnostics, type HclDiagnostic } from "./diagnostic.ts";
import { layoutTokens } from "./format_layout.ts";
import { lexConfig, type TokenList } from "./lexer.ts";
import { Parser } from "./parser.ts";
import { SourceFile } from "./source.ts";
import { escapeQuoted } from "./string_quote.ts";
import {
  T_CPAREN,
  T_CQUOTE,
  T_EOF,
  T_IDENT,
  T_NEWLINE,
  T_OPAREN,
  T_OQUOTE,
  T_QUOTED_LIT,
  T_TEMPLATE_INTERP,
  T_TEMPLATE_SEQ_END,
  type TokenKind,
} from "./token.ts";
import { checkInvalidTokens } from "./token_check.ts";

/** What {@link formatTerraform} gives back. */
export interface FormatResult {
  /** The formatted text, or `undefined` when the source has syntax errors. */
  readonly text: string | undefined;
  /** Whether `text` differs from the source. */
  readonly changed: boolean;
  /** Syntax errors (the reason `text` is missing), as `terraform fmt` reports them. */
  readonly diagnostics: readonly HclDiagnostic[];
}

/** The tokens of a source text, EOF excluded, as kinds and texts. */
function tokenTexts(tokens: TokenList): { kinds: TokenKind[]; texts: string[] } {
  const n = tokens.length - 1;
  const s = tokens.file.text;
  const kinds: TokenKind[] = new Array(n);
  const texts: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    kinds[i] = tokens.kinds[i];
    texts[i] = s.slice(tokens.starts[i], tokens.ends[i]);
  }
  return { kinds, texts };
}

/**
 * Text after the last token: hclwrite writes the end-of-file token's leading
 * whitespace back, so trailing spaces after the last newline survive.
 */
function trailing(tokens: TokenList): string {
  const n = tokens.length;
  const lastEnd = n > 1 ? tokens.ends[n - 2] : 0;
  const eofStart = tokens.starts[n - 1];
  return eofStart > lastEnd ? " ".repeat(eofStart - lastEnd) : "";
}

/**
 * Formats HCL native syntax as hclwrite's `Format` does. It does not parse:
 * any text is laid out token by token, so it should be given valid HCL.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatHcl } from "./format.ts";
 * const src = 'resource "x" "y" {\nname="a" # n\ncount=2 # c\n}\n';
 * assert.equal(formatHcl(src), 'resource "x" "y" {\n  name  = "a" # n\n  count = 2   # c\n}\n');
 * ```
 */
export function formatHcl(src: string): string {
  const tokens = lexConfig(new SourceFile("<format>", src));
  const { kinds, texts } = tokenTexts(tokens);
  return layoutTokens(kinds, texts, kinds.length) + trailing(tokens);
}

/** A replacement of tokens `[from, to)` by new ones, in the source's order. */
interface Edit {
  readonly from: number;
  readonly to: number;
  readonly kinds: readonly TokenKind[];
  readonly texts: readonly string[];
}

/** First token index whose start is at or after UTF-16 offset `offset`. */
function tokenAt(tokens: TokenList, offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  const starts = tokens.starts;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Formats a Terraform configuration as `terraform fmt` 1.11 does. A file
 * with syntax errors is not formatted: `text` is undefined and the errors
 * are returned, as Terraform refuses to format what it cannot parse.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatTerraform } from "./format.ts";
 * const r = formatTerraform('resource aws_vpc main {\ncidr_block="${var.cidr}"\n}\n');
 * assert.equal(r.text, 'resource "aws_vpc" "main" {\n  cidr_block = var.cidr\n}\n');
 * assert.equal(r.changed, true);
 * ```
 */
export function formatTerraform(src: string, filename = "main.tf"): FormatResult {
  const file = new SourceFile(filename, src);
  const tokens = lexConfig(file);
  const diagnostics: HclDiagnostic[] = [];
  checkInvalidTokens(tokens, diagnostics);
  const parser = new Parser(tokens);
  const body = parser.parseBody(T_EOF);
  appendDiagnostics(diagnostics, parser.diags);
  if (diagnostics.some((d) => d.severity === "error")) {
    return { text: undefined, changed: false, diagnostics };
  }
  const edits: Edit[] = [];
  collectEdits(tokens, body, 0, false, edits);
  edits.sort((a, b) => a.from - b.from);
  let kinds: TokenKind[];
  let texts: string[];
  if (edits.length === 0) {
    ({ kinds, texts } = tokenTexts(tokens));
  } else {
    kinds = [];
    texts = [];
    const s = src;
    let i = 0;
    const n = tokens.length - 1;
    for (const e of edits) {
      for (; i < e.from; i++) {
        kinds.push(tokens.kinds[i]);
        texts.push(s.slice(tokens.starts[i], tokens.ends[i]));
      }
      kinds.push(...e.kinds);
      texts.push(...e.texts);
      i = e.to;
    }
    for (; i < n; i++) {
      kinds.push(tokens.kinds[i]);
      texts.push(s.slice(tokens.starts[i], tokens.ends[i]));
    }
  }
  const text = layoutTokens(kinds, texts, kinds.length) + trailing(tokens);
  return { text, changed: text !== src, diagnostics };
}

/** Terraform's rewrites of one body (`depth` 1 and `inVariable`: a top-level variable block). */
function collectEdits(
  tokens: TokenList,
  body: Body,
  depth: number,
  inVariable: boolean,
  edits: Edit[],
): void {
  for (const attr of body.attributes.values()) {
    const from = tokenAt(tokens, attr.expr.range.startOffset);
    const to = tokenAt(tokens, attr.expr.range.endOffset);
    const edit = inVariable && attr.name === "type"
      ? typeExprEdit(tokens, from, to)
      : valueExprEdit(tokens, from, to);
    if (edit !== undefined) edits.push(edit);
  }
  for (const block of body.blocks) {
    const labelEdit = labelsEdit(
      tokens,
      block.typeRange.endOffset,
      block.labelRanges,
      block.labels,
    );
    if (labelEdit !== undefined) edits.push(labelEdit);
    collectEdits(tokens, block.body, depth + 1, depth === 0 && block.type === "variable", edits);
  }
}

/**
 * Labels rewritten in the quoted form with canonical escapes; anything
 * between the type name and the last label (comments) is dropped, as
 * Terraform's formatter drops it.
 */
function labelsEdit(
  tokens: TokenList,
  typeEnd: number,
  ranges: readonly { readonly endOffset: number }[],
  labels: readonly string[],
): Edit | undefined {
  if (ranges.length === 0) return undefined;
  const from = tokenAt(tokens, typeEnd);
  const to = tokenAt(tokens, ranges[ranges.length - 1].endOffset);
  const kinds: TokenKind[] = [];
  const texts: string[] = [];
  for (const label of labels) {
    kinds.push(T_OQUOTE, T_QUOTED_LIT, T_CQUOTE);
    texts.push('"', escapeQuoted(label), '"');
  }
  // Unchanged already? Then leave the tokens as they are.
  if (to - from === kinds.length) {
    const s = tokens.file.text;
    let same = true;
    for (let i = 0; i < kinds.length && same; i++) {
      const k = tokens.kinds[from + i];
      same = k === kinds[i] && s.slice(tokens.starts[from + i], tokens.ends[from + i]) === texts[i];
    }
    if (same) return undefined;
  }
  return { from, to, kinds, texts };
}

/** `"${expr}"` becomes `expr` (in parentheses when it spans lines). */
function valueExprEdit(tokens: TokenList, from: number, to: number): Edit | undefined {
  const k = tokens.kinds;
  if (to - from < 5) return undefined;
  if (
    k[from] !== T_OQUOTE || k[from + 1] !== T_TEMPLATE_INTERP ||
    k[to - 2] !== T_TEMPLATE_SEQ_END || k[to - 1] !== T_CQUOTE
  ) return undefined;
  let quotes = 0;
  for (let i = from + 2; i < to - 2; i++) {
    const t = k[i];
    if (t === T_OQUOTE) {
      quotes++;
      continue;
    }
    if (t === T_CQUOTE) {
      quotes--;
      continue;
    }
    if (quotes > 0) continue;
    if (t === T_TEMPLATE_INTERP || t === T_TEMPLATE_SEQ_END || t === T_QUOTED_LIT) return undefined;
  }
  let a = from + 2;
  let b = to - 2;
  while (a < b && k[a] === T_NEWLINE) a++;
  while (b > a && k[b - 1] === T_NEWLINE) b--;
  let multiLine = false;
  let leadingParen = false;
  let trailingParen = false;
  for (let i = a; i < b; i++) {
    if (i === a && k[i] === T_OPAREN) leadingParen = true;
    else if (k[i] === T_NEWLINE) multiLine = true;
    else if (i === b - 1 && k[i] === T_CPAREN) trailingParen = true;
  }
  const kinds: TokenKind[] = [];
  const texts: string[] = [];
  const wrap = multiLine && !(leadingParen && trailingParen);
  if (wrap) {
    kinds.push(T_OPAREN);
    texts.push("(");
  }
  const s = tokens.file.text;
  for (let i = a; i < b; i++) {
    kinds.push(k[i]);
    texts.push(s.slice(tokens.starts[i], tokens.ends[i]));
  }
  if (wrap) {
    kinds.push(T_CPAREN);
    texts.push(")");
  }
  return { from, to, kinds, texts };
}

/** Legacy type constraints of a variable: `"string"`, `"list"`, `"map"`, bare `list`/`map`/`set`. */
function typeExprEdit(tokens: TokenList, from: number, to: number): Edit | undefined {
  const k = tokens.kinds;
  const s = tokens.file.text;
  const text = (i: number) => s.slice(tokens.starts[i], tokens.ends[i]);
  if (to - from === 1 && k[from] === T_IDENT) {
    const name = text(from);
    if (name !== "list" && name !== "map" && name !== "set") return undefined;
    return typeCall(from, to, name, "any");
  }
  if (
    to - from === 3 && k[from] === T_OQUOTE && k[from + 1] === T_QUOTED_LIT &&
    k[from + 2] === T_CQUOTE
  ) {
    const name = text(from + 1);
    if (name === "string") return { from, to, kinds: [T_IDENT], texts: ["string"] };
    if (name === "list" || name === "map") return typeCall(from, to, name, "string");
  }
  return undefined;
}

function typeCall(from: number, to: number, name: string, elem: string): Edit {
  return {
    from,
    to,
    kinds: [T_IDENT, T_OPAREN, T_IDENT, T_CPAREN],
    texts: [name, "(", elem, ")"],
  };
}
