/**
 * HCL, Terraform's configuration language: a lexer and parser for the native
 * syntax (`.tf`, `.hcl`) that give a typed syntax tree with a source range on
 * every node, and hclsyntax's diagnostics (summary, detail, subject and
 * context ranges) with recovery: several errors are reported and a partial
 * tree is returned. Positions count lines and columns as HCL does (columns
 * in grapheme clusters) and bytes in UTF-8.
 *
 * Expressions evaluate to cty values with {@link evaluate} in an
 * {@link EvalContext} (variables, functions implementing `CtyFunction`, child
 * contexts), with Terraform's semantics: numbers as go-cty's 512-bit floats,
 * unknowns and sensitive marks carried through, HCL's diagnostics. Bodies are
 * read against a schema ({@link content}, {@link partialContent},
 * {@link justAttributes}) or decoded against an hcldec-style spec
 * ({@link decodeBody}); {@link variables} and the static forms serve
 * dependency analysis; {@link toHcl2Json} gives `@cdktf/hcl2json`'s JSON; the
 * JSON syntax (`.tf.json`) has {@link parseJsonConfig} and its own readers.
 * {@link terraformFunctionTable} is Terraform's whole function table (with `templatefile`,
 * `templatestring` and `core::` names); {@link terraformFunctionsOnDemand} is the same table
 * loading a module of functions when an expression first calls one ({@link FunctionTable}: load
 * {@link functionCalls} with `EvalContext.loadFunctions`, then evaluate);
 * {@link evaluateConsoleLine} is one line of `terraform console`;
 * {@link renderTerraformDiagnostic} prints diagnostics as Terraform does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty, type CtyFunction } from "../cty/mod.ts";
 * import { EvalContext, evaluate, parseConfig, parseExpression } from "./mod.ts";
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
 * const { expr } = parseExpression("[for s in servers : upper(s.name) if s.port > 80]");
 * const servers = cty.tuple([
 *   cty.object({ name: cty.string("web"), port: cty.number(443) }),
 *   cty.object({ name: cty.string("db"), port: cty.number(80) }),
 * ]);
 * const upper: CtyFunction = {
 *   params: [{ name: "str", type: cty.String }],
 *   returnTypeFor: () => cty.String,
 *   call: ([s]) => cty.string(s.asString().toUpperCase()),
 * };
 * const ctx = new EvalContext({ variables: { servers }, functions: { upper } });
 * assert.equal(cty.json.encode(evaluate(expr, ctx).value, cty.Tuple([cty.String])), '["WEB"]');
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
export {
  type AttributeSchema,
  type BlockHeaderSchema,
  type BodyContent,
  type BodySchema,
  content,
  justAttributes,
  partialContent,
  type RemainBody,
} from "./body_content.ts";
export { decodeBody, impliedType, type Spec, specSchema } from "./decode_spec.ts";
export { formatRange, type HclDiagnostic } from "./diagnostic.ts";
export { evaluate, exprAsKeyword, startRange } from "./eval.ts";
export { EvalContext, type EvalContextOptions } from "./eval_context.ts";
export type { Evaluated } from "./eval_traverse.ts";
export { type Hcl2JsonResult, type Hcl2JsonValue, toHcl2Json } from "./hcl2json.ts";
export {
  evaluateJson,
  type JsonAttribute,
  type JsonBlock,
  type JsonBody,
  type JsonBodyContent,
  jsonContent,
  jsonJustAttributes,
  jsonPartialContent,
  type JsonRemainBody,
  jsonVariables,
  parseJsonConfig,
} from "./json_body.ts";
export type { JsonNode, JsonProperty } from "./json_parse.ts";
export { parseConfig, type ParsedExpression, type ParsedFile, parseExpression } from "./parse.ts";
export { Range, rangeBetween, SourceFile } from "./source.ts";
export {
  absTraversal,
  exprList,
  exprMap,
  functionCalls,
  type StaticResult,
  variables,
} from "./static.ts";
export {
  bodyJson,
  diagnosticsJson,
  expressionJson,
  rangeJson,
  type TreeJson,
  valueJson,
} from "./tree_json.ts";
export { MAX_NESTING } from "./parser.ts";
export { formatHcl, type FormatResult, formatTerraform } from "./format.ts";
export { quoteHclString } from "./string_quote.ts";
export {
  generateFile,
  type HclBlockSpec,
  type HclBodySpec,
  hclExpression,
  type HclInput,
  HclRawExpr,
  rawExpr,
  traversal,
} from "./generate.ts";
export { EditAttribute, EditBlock, EditBody, HclDocument, parseForEdit } from "./edit.ts";
export {
  type FunctionTableOptions,
  templateFunctions,
  terraformFunctionTable,
} from "./template_functions.ts";
export { FunctionTable, type FunctionTableLoad } from "./function_table.ts";
export { terraformFunctionsOnDemand } from "./terraform_functions.ts";
export {
  type RenderOptions,
  type RenderSource,
  renderTerraformDiagnostic,
  sortDiagnostics,
} from "./diagnostic_render.ts";
export {
  consoleDisplay,
  consoleLocals,
  type ConsoleResult,
  evaluateConsoleLine,
  inputComplete,
  loadAndEvaluateConsoleLine,
} from "./console.ts";
