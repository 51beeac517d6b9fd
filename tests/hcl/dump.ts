// Turns Foundry's HCL syntax tree into the JSON shape scripts/hcl-testdata/hclsyntax_dump.go
// prints for Go's, so the two can be compared with deepEqual.
import { cty, type Value } from "../../src/cty/mod.ts";
import type { Body, Expression, Traverser } from "../../src/hcl/ast.ts";
import type { HclDiagnostic } from "../../src/hcl/diagnostic.ts";
import type { SourceRange } from "../../src/errors/mod.ts";

type J = unknown;

export function rng(r: SourceRange): number[] {
  const s = r.start;
  const e = r.end;
  return [s.line, s.column, s.byte, e.line, e.column, e.byte];
}

export function value(v: Value): J {
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

function traversal(t: readonly Traverser[]): J {
  return t.map((s) =>
    s.kind === "index"
      ? { kind: "index", key: value(s.key), range: rng(s.range) }
      : { kind: s.kind, name: s.name, range: rng(s.range) }
  );
}

export function expr(e: Expression | undefined): J {
  if (e === undefined) return null;
  const o: Record<string, J> = { range: rng(e.range), kind: e.kind };
  switch (e.kind) {
    case "literal":
      o.value = value(e.value);
      break;
    case "template":
      o.parts = e.parts.map(expr);
      break;
    case "templateWrap":
      o.wrapped = expr(e.wrapped);
      break;
    case "templateJoin":
      o.tuple = expr(e.tuple);
      break;
    case "scopeTraversal":
      o.traversal = traversal(e.traversal);
      break;
    case "relativeTraversal":
      o.source = expr(e.source);
      o.traversal = traversal(e.traversal);
      break;
    case "functionCall":
      o.name = e.name;
      o.args = e.args.map(expr);
      o.expandFinal = e.expandFinal;
      o.nameRange = rng(e.nameRange);
      break;
    case "conditional":
      o.condition = expr(e.condition);
      o.trueResult = expr(e.trueResult);
      o.falseResult = expr(e.falseResult);
      break;
    case "binaryOp":
      o.op = e.op;
      o.lhs = expr(e.lhs);
      o.rhs = expr(e.rhs);
      break;
    case "unaryOp":
      o.op = e.op;
      o.operand = expr(e.operand);
      break;
    case "tuple":
      o.exprs = e.exprs.map(expr);
      break;
    case "object":
      o.items = e.items.map((it) => ({ key: expr(it.key), value: expr(it.value) }));
      break;
    case "objectKey":
      o.wrapped = expr(e.wrapped);
      o.forceNonLiteral = e.forceNonLiteral;
      break;
    case "for":
      o.keyVar = e.keyVar;
      o.valVar = e.valVar;
      o.collection = expr(e.collection);
      o.keyExpr = expr(e.keyExpr);
      o.valExpr = expr(e.valExpr);
      o.condition = expr(e.condition);
      o.group = e.group;
      break;
    case "index":
      o.collection = expr(e.collection);
      o.key = expr(e.key);
      break;
    case "splat":
      o.source = expr(e.source);
      o.each = expr(e.each);
      break;
    case "parentheses":
      o.expression = expr(e.expression);
      break;
    case "anonSymbol":
    case "syntaxError":
      break;
  }
  return o;
}

export function body(b: Body): J {
  const attrs = [...b.attributes.values()].sort((x, y) =>
    x.range.startOffset - y.range.startOffset
  );
  return {
    range: rng(b.range),
    attributes: attrs.map((a) => ({
      name: a.name,
      range: rng(a.range),
      nameRange: rng(a.nameRange),
      expr: expr(a.expr),
    })),
    blocks: b.blocks.map((blk) => ({
      type: blk.type,
      labels: blk.labels,
      labelRanges: blk.labelRanges.map(rng),
      typeRange: rng(blk.typeRange),
      openBraceRange: rng(blk.openBraceRange),
      closeBraceRange: rng(blk.closeBraceRange),
      body: body(blk.body),
    })),
  };
}

export function diags(ds: readonly HclDiagnostic[]): J {
  return ds.map((d) => {
    const o: Record<string, J> = { summary: d.summary, detail: d.detail ?? "" };
    if (d.range !== undefined) o.subject = rng(d.range);
    if (d.context !== undefined) o.context = rng(d.context);
    return o;
  });
}
