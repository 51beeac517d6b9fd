/**
 * HCL, Terraform's configuration language: a lexer and parser for the native
 * syntax (`.tf`, `.hcl`) that give a typed syntax tree with a source range on
 * every node, and hclsyntax's diagnostics (summary, detail, subject and
 * context ranges) with recovery: several errors are reported and a partial
 * tree is returned. Positions count lines and columns as HCL does (columns
 * in grapheme clusters) and bytes in UTF-8.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseConfig } from "./mod.ts";
 *
 * const src = 'resource "example_server" "web" {\n  name = "web-${count.index}"\n}\n';
 * const { body, diagnostics } = parseConfig(src, "main.tf");
 * assert.equal(diagnostics.length, 0);
 * const block = body.blocks[0];
 * assert.deepEqual([block.type, ...block.labels], ["resource", "example_server", "web"]);
 * const name = block.body.attributes.get("name")!;
 * assert.equal(name.expr.kind, "template");
 * assert.deepEqual(name.range.start, { line: 2, column: 3, byte: 36 });
 *
 * const bad = parseConfig("a = [1 2]\n", "bad.tf");
 * assert.equal(bad.diagnostics[0].summary, "Missing item separator");
 * assert.deepEqual(bad.diagnostics[0].range?.start, { line: 1, column: 8, byte: 7 });
 * ```
 *
 * @module
 */

export type {
  AnonSymbolExpr,
  Attribute,
  BinaryOperator,
  BinaryOpExpr,
  Block,
  Body,
  ConditionalExpr,
  Expression,
  ForExpr,
  FunctionCallExpr,
  IndexExpr,
  LiteralExpr,
  ObjectConsExpr,
  ObjectConsItem,
  ObjectConsKeyExpr,
  ParenthesesExpr,
  RelativeTraversalExpr,
  ScopeTraversalExpr,
  SplatExpr,
  SyntaxErrorExpr,
  TemplateExpr,
  TemplateJoinExpr,
  TemplateWrapExpr,
  Traverser,
  TupleConsExpr,
  UnaryOpExpr,
} from "./ast.ts";
export { formatRange, type HclDiagnostic } from "./diagnostic.ts";
export { parseConfig, type ParsedExpression, type ParsedFile, parseExpression } from "./parse.ts";
export { Range, rangeBetween, SourceFile } from "./source.ts";
export { MAX_NESTING } from "./parser.ts";
