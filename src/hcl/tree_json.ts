/**
 * The syntax tree as plain JSON, for tools and for `foundry hcl parse --tree`:
 * every node's kind and range (`[line, column, byte, line, column, byte]`),
 * constant values as cty JSON with their type. It is the shape the parser's
 * conformance data uses for Go's hclsyntax trees.
 *
 * @module
 */

import type { SourceRange } from "../errors/mod.ts";
import { cty, type Value } from "../cty/mod.ts";
import type { Body, Expression, Traverser } from "./ast.ts";
import type { HclDiagnostic } from "./diagnostic.ts";

/** A JSON value. */
export type TreeJson =
  | null
  | boolean
  | number
  | string
  | TreeJson[]
  | { [key: string]: TreeJson };

/** A range as `[startLine, startColumn, startByte, endLine, endColumn, endByte]`. */
export function rangeJson(r: SourceRange): number[] {
  const s = r.start;
  const e = r.end;
  return [s.line, s.column, s.byte, e.line, e.column, e.byte];
}

/** A value as `{type, value}` in cty's JSON, `{unknown: true}`, or `{error: true}` for infinities. */
export function valueJson(v: Value): TreeJson {
  if (!v.isWhollyKnown()) return { unknown: true };
  try {
    return {
      type: JSON.parse(cty.json.encodeType(v.type)),
      value: JSON.parse(cty.json.encode(v, v.type)),
    };
  } catch {
    return { error: true }; // as Go's encoder, which refuses infinities
  }
}

function traversalJson(t: readonly Traverser[]): TreeJson {
  return t.map((s): TreeJson => {
    if (s.kind === "index") {
      return { kind: "index", key: valueJson(s.key), range: rangeJson(s.range) };
    }
    return { kind: s.kind, name: s.name, range: rangeJson(s.range) };
  });
}

/** An expression's tree. */
export function expressionJson(e: Expression | undefined): TreeJson {
  if (e === undefined) return null;
  const o: { [key: string]: TreeJson } = { range: rangeJson(e.range), kind: e.kind };
  switch (e.kind) {
    case "literal":
      o.value = valueJson(e.value);
      break;
    case "template":
      o.parts = e.parts.map(expressionJson);
      break;
    case "templateWrap":
      o.wrapped = expressionJson(e.wrapped);
      break;
    case "templateJoin":
      o.tuple = expressionJson(e.tuple);
      break;
    case "scopeTraversal":
      o.traversal = traversalJson(e.traversal);
      break;
    case "relativeTraversal":
      o.source = expressionJson(e.source);
      o.traversal = traversalJson(e.traversal);
      break;
    case "functionCall":
      o.name = e.name;
      o.args = e.args.map(expressionJson);
      o.expandFinal = e.expandFinal;
      o.nameRange = rangeJson(e.nameRange);
      break;
    case "conditional":
      o.condition = expressionJson(e.condition);
      o.trueResult = expressionJson(e.trueResult);
      o.falseResult = expressionJson(e.falseResult);
      break;
    case "binaryOp":
      o.op = e.op;
      o.lhs = expressionJson(e.lhs);
      o.rhs = expressionJson(e.rhs);
      break;
    case "unaryOp":
      o.op = e.op;
      o.operand = expressionJson(e.operand);
      break;
    case "tuple":
      o.exprs = e.exprs.map(expressionJson);
      break;
    case "object":
      o.items = e.items.map((it) => ({
        key: expressionJson(it.key),
        value: expressionJson(it.value),
      }));
      break;
    case "objectKey":
      o.wrapped = expressionJson(e.wrapped);
      o.forceNonLiteral = e.forceNonLiteral;
      break;
    case "for":
      o.keyVar = e.keyVar;
      o.valVar = e.valVar;
      o.collection = expressionJson(e.collection);
      o.keyExpr = expressionJson(e.keyExpr);
      o.valExpr = expressionJson(e.valExpr);
      o.condition = expressionJson(e.condition);
      o.group = e.group;
      break;
    case "index":
      o.collection = expressionJson(e.collection);
      o.key = expressionJson(e.key);
      break;
    case "splat":
      o.source = expressionJson(e.source);
      o.each = expressionJson(e.each);
      break;
    case "parentheses":
      o.expression = expressionJson(e.expression);
      break;
    case "anonSymbol":
    case "syntaxError":
      break;
  }
  return o;
}

/**
 * A body's tree: attributes in source order, blocks with labels and ranges.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseConfig } from "./parse.ts";
 * import { bodyJson } from "./tree_json.ts";
 * const tree = bodyJson(parseConfig("a = 1\n").body) as { attributes: { name: string }[] };
 * assert.equal(tree.attributes[0].name, "a");
 * ```
 */
export function bodyJson(b: Body): TreeJson {
  const attrs = [...b.attributes.values()].sort((x, y) =>
    x.range.startOffset - y.range.startOffset
  );
  return {
    range: rangeJson(b.range),
    attributes: attrs.map((a) => ({
      name: a.name,
      range: rangeJson(a.range),
      nameRange: rangeJson(a.nameRange),
      expr: expressionJson(a.expr),
    })),
    blocks: b.blocks.map((blk) => ({
      type: blk.type,
      labels: [...blk.labels],
      labelRanges: blk.labelRanges.map(rangeJson),
      typeRange: rangeJson(blk.typeRange),
      openBraceRange: rangeJson(blk.openBraceRange),
      closeBraceRange: rangeJson(blk.closeBraceRange),
      body: bodyJson(blk.body),
    })),
  };
}

/** Diagnostics as `{summary, detail, subject?, context?}`. */
export function diagnosticsJson(ds: readonly HclDiagnostic[]): TreeJson {
  return ds.map((d) => {
    const o: { [key: string]: TreeJson } = { summary: d.summary, detail: d.detail ?? "" };
    if (d.range !== undefined) o.subject = rangeJson(d.range);
    if (d.context !== undefined) o.context = rangeJson(d.context);
    return o;
  });
}
