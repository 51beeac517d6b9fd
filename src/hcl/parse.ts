/**
 * Entry points for native syntax: a whole file ({@link parseConfig}) or one
 * expression ({@link parseExpression}), each returning a tree (partial when
 * there are errors) and HCL's diagnostics.
 *
 * @module
 */

import type { Body, Expression } from "./ast.ts";
import { appendDiagnostics, type HclDiagnostic, hclError } from "./diagnostic.ts";
import { lexConfig, lexTemplate } from "./lexer.ts";
import { parseTemplateInner } from "./parser_template.ts";
import { Parser } from "./parser.ts";
import { SourceFile } from "./source.ts";
import { T_EOF } from "./token.ts";
import { checkInvalidTokens } from "./token_check.ts";

/** A parsed configuration file. */
export interface ParsedFile {
  /** The file's top-level body (partial when there are errors). */
  readonly body: Body;
  /** Problems found, in the order hclsyntax reports them. */
  readonly diagnostics: HclDiagnostic[];
  /** The source, for rendering diagnostics and reading ranges. */
  readonly file: SourceFile;
}

/** A parsed expression. */
export interface ParsedExpression {
  /** The expression (a placeholder where it could not be parsed). */
  readonly expr: Expression;
  /** Problems found. */
  readonly diagnostics: HclDiagnostic[];
  /** The source. */
  readonly file: SourceFile;
}

function sourceOf(src: string | Uint8Array, filename: string): [SourceFile, HclDiagnostic[]] {
  if (typeof src === "string") return [new SourceFile(filename, src), []];
  try {
    return [new SourceFile(filename, new TextDecoder("utf-8", { fatal: true }).decode(src)), []];
  } catch {
    const file = new SourceFile(filename, new TextDecoder().decode(src));
    return [file, [
      hclError(
        "Invalid character encoding",
        "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.",
        file.range(0, 0),
      ),
    ]];
  }
}

/**
 * Parses a configuration file in native syntax (`.tf`, `.hcl`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseConfig } from "./parse.ts";
 * const { body, diagnostics } = parseConfig('resource "a" "b" {\n  n = 1 + 2\n}\n', "main.tf");
 * assert.equal(diagnostics.length, 0);
 * assert.deepEqual(body.blocks[0].labels, ["a", "b"]);
 * assert.equal(body.blocks[0].body.attributes.get("n")?.expr.kind, "binaryOp");
 * ```
 */
export function parseConfig(src: string | Uint8Array, filename = "main.tf"): ParsedFile {
  const [file, diagnostics] = sourceOf(src, filename);
  const tokens = lexConfig(file);
  checkInvalidTokens(tokens, diagnostics);
  const p = new Parser(tokens);
  const body = p.parseBody(T_EOF);
  appendDiagnostics(diagnostics, p.diags);
  return { body, diagnostics, file };
}

/**
 * Parses a single expression (as `terraform console` reads one).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseExpression } from "./parse.ts";
 * const { expr, diagnostics } = parseExpression("[for x in xs : x * 2 if x > 1]");
 * assert.equal(diagnostics.length, 0);
 * assert.equal(expr.kind, "for");
 * ```
 */
export function parseExpression(src: string | Uint8Array, filename = "<expr>"): ParsedExpression {
  const [file, diagnostics] = sourceOf(src, filename);
  const tokens = lexConfig(file);
  checkInvalidTokens(tokens, diagnostics);
  const p = new Parser(tokens);
  p.pushNewlines(false);
  const expr = p.parseExpression();
  if (p.peek() !== T_EOF && !p.recovery) {
    p.error(
      "Extra characters after expression",
      "An expression was successfully parsed, but extra characters were found after it.",
      p.nextRange(),
    );
  }
  p.popNewlines();
  appendDiagnostics(diagnostics, p.diags);
  return { expr, diagnostics, file };
}

/**
 * Parses a bare template: literal text with `${...}` and `%{...}` sequences
 * (how the JSON syntax reads its strings).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTemplate } from "./parse.ts";
 * assert.equal(parseTemplate("hello ${name}!").expr.kind, "template");
 * assert.equal(parseTemplate("${name}").expr.kind, "templateWrap");
 * ```
 */
export function parseTemplate(src: string, filename = "<template>"): ParsedExpression {
  const file = new SourceFile(filename, src);
  const diagnostics: HclDiagnostic[] = [];
  const tokens = lexTemplate(file);
  checkInvalidTokens(tokens, diagnostics);
  const p = new Parser(tokens);
  const { exprs, passthru, range } = parseTemplateInner(p, T_EOF, false);
  appendDiagnostics(diagnostics, p.diags);
  const expr: Expression = passthru
    ? { kind: "templateWrap", wrapped: exprs[0], range }
    : { kind: "template", parts: exprs, range };
  return { expr, diagnostics, file };
}
