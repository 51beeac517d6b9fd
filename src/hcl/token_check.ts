/**
 * Diagnostics for tokens that never belong in HCL (bitwise operators, `'`,
 * backticks, `;`, curly quotes, stray characters, bad UTF-8, newlines in
 * quoted strings), reported once per kind as hclsyntax does.
 *
 * @module
 */

import { type HclDiagnostic, hclError } from "./diagnostic.ts";
import type { TokenList } from "./lexer.ts";
import {
  T_APOSTROPHE,
  T_BACKTICK,
  T_BAD_UTF8,
  T_BITWISE_AND,
  T_BITWISE_NOT,
  T_BITWISE_OR,
  T_BITWISE_XOR,
  T_INVALID,
  T_QUOTED_NEWLINE,
  T_SEMICOLON,
} from "./token.ts";

/** Appends diagnostics for invalid tokens in `tokens` to `diags`. */
export function checkInvalidTokens(tokens: TokenList, diags: HclDiagnostic[]): void {
  let bitwise = 0;
  let backtick = 0;
  let apostrophe = 0;
  let semicolon = 0;
  let badUtf8 = 0;
  const { kinds, starts, ends, file } = tokens;
  for (let i = 0; i < tokens.length; i++) {
    const k = kinds[i];
    if (k < T_BITWISE_AND) continue;
    const r = file.range(starts[i], ends[i]);
    switch (k) {
      case T_BITWISE_AND:
      case T_BITWISE_OR:
      case T_BITWISE_XOR:
      case T_BITWISE_NOT:
        if (bitwise < 4) {
          const suggestion = k === T_BITWISE_AND
            ? ' Did you mean boolean AND ("&&")?'
            : k === T_BITWISE_OR
            ? ' Did you mean boolean OR ("||")?'
            : k === T_BITWISE_NOT
            ? ' Did you mean boolean NOT ("!")?'
            : "";
          diags.push(
            hclError(
              "Unsupported operator",
              `Bitwise operators are not supported.${suggestion}`,
              r,
            ),
          );
          bitwise++;
        }
        break;
      case T_BACKTICK:
        if (backtick % 2 === 0) {
          diags.push(hclError(
            "Invalid character",
            'The "`" character is not valid. To create a multi-line string, use the "heredoc" syntax, like "<<EOT".',
            r,
          ));
        }
        if (backtick <= 2) backtick++;
        break;
      case T_APOSTROPHE:
        if (apostrophe % 2 === 0) {
          diags.push(hclError(
            "Invalid character",
            'Single quotes are not valid. Use double quotes (") to enclose strings.',
            r,
          ));
        }
        if (apostrophe <= 2) apostrophe++;
        break;
      case T_SEMICOLON:
        if (semicolon < 1) {
          diags.push(hclError(
            "Invalid character",
            'The ";" character is not valid. Use newlines to separate arguments and blocks, and commas to separate items in collection values.',
            r,
          ));
          semicolon++;
        }
        break;
      case T_BAD_UTF8:
        if (badUtf8 < 1) {
          diags.push(hclError(
            "Invalid character encoding",
            "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.",
            r,
          ));
          badUtf8++;
        }
        break;
      case T_QUOTED_NEWLINE:
        diags.push(hclError(
          "Invalid multi-line string",
          'Quoted strings may not be split over multiple lines. To produce a multi-line string, either use the \\n escape to represent a newline character or use the "heredoc" multi-line template syntax.',
          r,
        ));
        break;
      case T_INVALID: {
        const ch = file.text.slice(starts[i], ends[i]);
        diags.push(hclError(
          "Invalid character",
          ch === "\u201c" || ch === "\u201d"
            ? '"Curly quotes" are not valid here. These can sometimes be inadvertently introduced when sharing code via documents or discussion forums. It might help to replace the character with a "straight quote".'
            : "This character is not used within the language.",
          r,
        ));
        break;
      }
    }
  }
}
