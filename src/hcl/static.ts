/**
 * Static analysis of expressions, as Terraform uses it before evaluating:
 * the variables an expression refers to (for dependency graphs), and the
 * static forms of `depends_on`, `ignore_changes` and the like: a list, a map,
 * a bare keyword, a plain reference.
 *
 * @module
 */

import type { Expression, Traverser } from "./ast.ts";
import { type HclDiagnostic, hclError } from "./diagnostic.ts";
import { exprAsKeyword, startRange } from "./eval.ts";

/** Calls `visit` on `e` and every expression inside it (children after parents). */
function children(e: Expression): Expression[] {
  switch (e.kind) {
    case "template":
      return [...e.parts];
    case "templateWrap":
      return [e.wrapped];
    case "templateJoin":
      return [e.tuple];
    case "relativeTraversal":
      return [e.source];
    case "functionCall":
      return [...e.args];
    case "conditional":
      return [e.condition, e.trueResult, e.falseResult];
    case "binaryOp":
      return [e.lhs, e.rhs];
    case "unaryOp":
      return [e.operand];
    case "tuple":
      return [...e.exprs];
    case "object":
      return e.items.flatMap((it) => [it.key, it.value]);
    case "objectKey":
      // A bare name used as a key is a string, not a reference.
      return !e.forceNonLiteral && exprAsKeyword(e.wrapped) !== undefined ? [] : [e.wrapped];
    case "index":
      return [e.collection, e.key];
    case "splat":
      return [e.source, e.each];
    case "parentheses":
      return [e.expression];
    default:
      return [];
  }
}

/**
 * The references an expression makes to variables (hclsyntax.Variables): each
 * an absolute traversal starting at a root name. Names bound by an enclosing
 * `for` are not references.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseExpression } from "./parse.ts";
 * import { variables } from "./static.ts";
 * const { expr } = parseExpression("[for s in var.servers : s.name if s.port > local.min]");
 * assert.deepEqual(variables(expr).map((t) => t.map((s) => s.kind === "index" ? "[]" : s.name).join(".")), [
 *   "var.servers",
 *   "local.min",
 * ]);
 * ```
 */
export function variables(expr: Expression): Array<readonly Traverser[]> {
  const out: Array<readonly Traverser[]> = [];
  // An explicit stack: expressions nest at most as deep as the parser allows.
  const stack: Array<[Expression, ReadonlySet<string>]> = [[expr, new Set()]];
  while (stack.length > 0) {
    const [e, local] = stack.pop()!;
    if (e.kind === "scopeTraversal") {
      const root = e.traversal[0];
      if (root.kind === "root" && !local.has(root.name)) out.push(e.traversal);
      continue;
    }
    if (e.kind === "for") {
      const inner = new Set(local);
      if (e.keyVar !== "") inner.add(e.keyVar);
      inner.add(e.valVar);
      const scoped: Expression[] = [e.valExpr];
      if (e.keyExpr !== undefined) scoped.unshift(e.keyExpr);
      if (e.condition !== undefined) scoped.push(e.condition);
      for (let i = scoped.length - 1; i >= 0; i--) stack.push([scoped[i], inner]);
      stack.push([e.collection, local]);
      continue;
    }
    const cs = children(e);
    for (let i = cs.length - 1; i >= 0; i--) stack.push([cs[i], local]);
  }
  return out;
}

/**
 * The names of the functions `expr` calls anywhere inside it, as written (`core::upper`,
 * `provider::aws::arn_parse`): what an on-demand function table must load before the
 * expression is evaluated (calls are syntactic in HCL, so none can be missed; a template a
 * function renders at run time is that function's business).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { functionCalls, parseExpression } from "./mod.ts";
 *
 * const { expr } = parseExpression('[for s in split(",", x) : upper(s) if length(s) > 0]');
 * assert.deepEqual([...functionCalls(expr)].sort(), ["length", "split", "upper"]);
 * ```
 */
export function functionCalls(expr: Expression): Set<string> {
  const out = new Set<string>();
  const stack: Expression[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e.kind === "functionCall") out.add(e.name);
    if (e.kind === "for") {
      stack.push(e.collection, e.valExpr);
      if (e.keyExpr !== undefined) stack.push(e.keyExpr);
      if (e.condition !== undefined) stack.push(e.condition);
      continue;
    }
    stack.push(...children(e));
  }
  return out;
}

/** Result of the static forms below: the form, or a diagnostic. */
export type StaticResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly diagnostics: HclDiagnostic[] };

function unwrap(e: Expression): Expression {
  while (e.kind === "parentheses" || e.kind === "templateWrap") {
    e = e.kind === "parentheses" ? e.expression : e.wrapped;
  }
  return e;
}

/**
 * The items of a static list `[a, b]` (hcl.ExprList).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseExpression } from "./parse.ts";
 * import { exprList } from "./static.ts";
 * const r = exprList(parseExpression("[aws_instance.a, module.b]").expr);
 * assert.ok(r.ok && r.value.length === 2);
 * ```
 */
export function exprList(expr: Expression): StaticResult<readonly Expression[]> {
  const e = unwrap(expr);
  if (e.kind === "tuple") return { ok: true, value: e.exprs };
  return {
    ok: false,
    diagnostics: [
      hclError("Invalid expression", "A static list expression is required.", startRange(expr)),
    ],
  };
}

/** The pairs of a static map `{ k = v }` (hcl.ExprMap). */
export function exprMap(
  expr: Expression,
): StaticResult<ReadonlyArray<{ readonly key: Expression; readonly value: Expression }>> {
  const e = unwrap(expr);
  if (e.kind === "object") {
    return { ok: true, value: e.items.map((it) => ({ key: it.key, value: it.value })) };
  }
  return {
    ok: false,
    diagnostics: [
      hclError("Invalid expression", "A static map expression is required.", startRange(expr)),
    ],
  };
}

/**
 * A plain reference with constant steps, as `depends_on` and `ignore_changes` take
 * (hcl.AbsTraversalForExpr).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseExpression } from "./parse.ts";
 * import { absTraversal } from "./static.ts";
 * const r = absTraversal(parseExpression('tags["owner"]').expr);
 * assert.ok(r.ok && r.value.length === 2);
 * assert.ok(!absTraversal(parseExpression("f(x)").expr).ok);
 * ```
 */
export function absTraversal(expr: Expression): StaticResult<readonly Traverser[]> {
  const e = unwrap(expr);
  if (e.kind === "scopeTraversal") return { ok: true, value: e.traversal };
  return {
    ok: false,
    diagnostics: [hclError(
      "Invalid expression",
      "A single static variable reference is required: only attribute access and indexing with constant keys. No calculations, function calls, template expressions, etc are allowed here.",
      expr.range,
    )],
  };
}
