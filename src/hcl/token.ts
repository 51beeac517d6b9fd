/**
 * Token kinds of HCL's native syntax, as small integers so that a token list
 * is three typed arrays (kind, start, end) rather than an array of objects.
 *
 * @module
 */

/** The kind of a native-syntax token (one of the `T_*` constants). */
export type TokenKind = number;

/** `{` */
export const T_OBRACE: TokenKind = 1;
/** `}` */
export const T_CBRACE: TokenKind = 2;
/** `[` */
export const T_OBRACK: TokenKind = 3;
/** `]` */
export const T_CBRACK: TokenKind = 4;
/** `(` */
export const T_OPAREN: TokenKind = 5;
/** `)` */
export const T_CPAREN: TokenKind = 6;
/** The `"` that opens a quoted template. */
export const T_OQUOTE: TokenKind = 7;
/** The `"` that closes a quoted template. */
export const T_CQUOTE: TokenKind = 8;
/** `<<EOT` or `<<-EOT` with its newline. */
export const T_OHEREDOC: TokenKind = 9;
/** The line holding a heredoc's closing marker (without its newline). */
export const T_CHEREDOC: TokenKind = 10;
/** `*` */
export const T_STAR: TokenKind = 11;
/** `/` */
export const T_SLASH: TokenKind = 12;
/** `+` */
export const T_PLUS: TokenKind = 13;
/** `-` */
export const T_MINUS: TokenKind = 14;
/** `%` */
export const T_PERCENT: TokenKind = 15;
/** `=` */
export const T_EQUAL: TokenKind = 16;
/** `==` */
export const T_EQUALOP: TokenKind = 17;
/** `!=` */
export const T_NOTEQUAL: TokenKind = 18;
/** `<` */
export const T_LT: TokenKind = 19;
/** `<=` */
export const T_LTE: TokenKind = 20;
/** `>` */
export const T_GT: TokenKind = 21;
/** `>=` */
export const T_GTE: TokenKind = 22;
/** `&&` */
export const T_AND: TokenKind = 23;
/** `||` */
export const T_OR: TokenKind = 24;
/** `!` */
export const T_BANG: TokenKind = 25;
/** `.` */
export const T_DOT: TokenKind = 26;
/** `,` */
export const T_COMMA: TokenKind = 27;
/** `::` */
export const T_DOUBLECOLON: TokenKind = 28;
/** `...` */
export const T_ELLIPSIS: TokenKind = 29;
/** `=>` */
export const T_FATARROW: TokenKind = 30;
/** `?` */
export const T_QUESTION: TokenKind = 31;
/** `:` */
export const T_COLON: TokenKind = 32;
/** `${` or `${~` */
export const T_TEMPLATE_INTERP: TokenKind = 33;
/** `%{` or `%{~` */
export const T_TEMPLATE_CONTROL: TokenKind = 34;
/** `}` or `~}` closing a template sequence. */
export const T_TEMPLATE_SEQ_END: TokenKind = 35;
/** Literal text of a quoted template (may hold backslash escapes). */
export const T_QUOTED_LIT: TokenKind = 36;
/** Literal text of a heredoc (no backslash escapes). */
export const T_STRING_LIT: TokenKind = 37;
/** A number literal. */
export const T_NUMBER_LIT: TokenKind = 38;
/** An identifier. */
export const T_IDENT: TokenKind = 39;
/** A comment (`#`, `//` with its newline, or `/* *\/`). */
export const T_COMMENT: TokenKind = 40;
/** A newline (`\n` or `\r\n`). */
export const T_NEWLINE: TokenKind = 41;
/** End of input (zero width). */
export const T_EOF: TokenKind = 42;
/** `&` (not in the language; recognised for a better diagnostic). */
export const T_BITWISE_AND: TokenKind = 43;
/** `|` */
export const T_BITWISE_OR: TokenKind = 44;
/** `~` */
export const T_BITWISE_NOT: TokenKind = 45;
/** `^` */
export const T_BITWISE_XOR: TokenKind = 46;
/** `'` */
export const T_APOSTROPHE: TokenKind = 47;
/** `` ` `` */
export const T_BACKTICK: TokenKind = 48;
/** `;` */
export const T_SEMICOLON: TokenKind = 49;
/** A character the language does not use. */
export const T_INVALID: TokenKind = 50;
/** Bytes that are not UTF-8. */
export const T_BAD_UTF8: TokenKind = 51;
/** A newline inside a quoted string. */
export const T_QUOTED_NEWLINE: TokenKind = 52;

const NAMES: readonly string[] = [
  "Nil",
  "OBrace",
  "CBrace",
  "OBrack",
  "CBrack",
  "OParen",
  "CParen",
  "OQuote",
  "CQuote",
  "OHeredoc",
  "CHeredoc",
  "Star",
  "Slash",
  "Plus",
  "Minus",
  "Percent",
  "Equal",
  "EqualOp",
  "NotEqual",
  "LessThan",
  "LessThanEq",
  "GreaterThan",
  "GreaterThanEq",
  "And",
  "Or",
  "Bang",
  "Dot",
  "Comma",
  "DoubleColon",
  "Ellipsis",
  "FatArrow",
  "Question",
  "Colon",
  "TemplateInterp",
  "TemplateControl",
  "TemplateSeqEnd",
  "QuotedLit",
  "StringLit",
  "NumberLit",
  "Ident",
  "Comment",
  "Newline",
  "EOF",
  "BitwiseAnd",
  "BitwiseOr",
  "BitwiseNot",
  "BitwiseXor",
  "Apostrophe",
  "Backtick",
  "Semicolon",
  "Invalid",
  "BadUTF8",
  "QuotedNewline",
];

/**
 * The name hclsyntax gives a token kind (`OBrace`, `Ident`, ...).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { T_IDENT, tokenKindName } from "./token.ts";
 * assert.equal(tokenKindName(T_IDENT), "Ident");
 * ```
 */
export function tokenKindName(kind: TokenKind): string {
  return NAMES[kind] ?? "Nil";
}
