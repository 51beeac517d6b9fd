/**
 * A hook for functions that take expressions rather than values, as HCL's `customdecode`
 * expression-closure parameters do (Terraform's `can` and `try`): HCL evaluation hands such a
 * function one {@link ExpressionClosure} per argument, unevaluated, through its
 * {@link CALL_WITH_EXPRESSIONS} method, so the function decides whether and when each
 * argument is evaluated and what becomes of its errors.
 *
 * @module
 */

import type { Value } from "../cty/evaluation.ts";
import type { Expression } from "./ast.ts";
import type { HclDiagnostic } from "./diagnostic.ts";
import type { EvalContext } from "./eval_context.ts";

/** The key of the optional expression-taking call on a function object. */
export const CALL_WITH_EXPRESSIONS: unique symbol = Symbol("foundry.hcl.callWithExpressions");

/** One argument as written, with the context and evaluator it would be evaluated in. */
export interface ExpressionClosure {
  /** The argument expression; absent when the argument came as a value (an expanded `...`). */
  readonly expression?: Expression;
  /** The context the call itself is evaluated in. */
  readonly context: EvalContext | undefined;
  /** Evaluates the argument (each call evaluates again); diagnostics are returned, not thrown. */
  value(): { readonly value: Value; readonly diagnostics: readonly HclDiagnostic[] };
}

/** A function object whose arguments are expressions. */
export interface CallsWithExpressions {
  /** Calls the function; a failure is thrown as a `FunctionCallError`. */
  [CALL_WITH_EXPRESSIONS](args: readonly ExpressionClosure[]): Value;
}

/** A closure over a value already evaluated. */
export function valueClosure(value: Value): ExpressionClosure {
  return { context: undefined, value: () => ({ value, diagnostics: [] }) };
}

/** The expression-taking call of `f`, when it has one. */
export function expressionCall(
  f: object,
): CallsWithExpressions[typeof CALL_WITH_EXPRESSIONS] | undefined {
  const c = (f as Partial<CallsWithExpressions>)[CALL_WITH_EXPRESSIONS];
  return typeof c === "function" ? c.bind(f) : undefined;
}
