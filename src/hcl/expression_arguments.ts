/**
 * A hook for functions that look at how an argument was written, not only at its value:
 * Terraform's `templatestring` refuses an inline template as its first argument. HCL evaluation
 * calls a function's {@link CHECK_ARGUMENT_EXPRESSIONS} method, when it has one, before
 * evaluating the arguments.
 *
 * @module
 */

import type { Expression } from "./ast.ts";

/** The key of the optional argument-expression check on a function object. */
export const CHECK_ARGUMENT_EXPRESSIONS: unique symbol = Symbol(
  "foundry.hcl.checkArgumentExpressions",
);

/** What a check reports: the argument at fault and go-cty's message for it. */
export interface ArgumentExpressionProblem {
  /** The index of the argument. */
  readonly argument: number;
  /** The message, as a function argument error's. */
  readonly message: string;
}

/** A function object that checks its argument expressions. */
export interface ChecksArgumentExpressions {
  /** Returns the first problem with the written arguments, if any. */
  [CHECK_ARGUMENT_EXPRESSIONS](args: readonly Expression[]): ArgumentExpressionProblem | undefined;
}

/** The check of `f`, when it has one. */
export function argumentExpressionCheck(
  f: object,
): ChecksArgumentExpressions[typeof CHECK_ARGUMENT_EXPRESSIONS] | undefined {
  const c = (f as Partial<ChecksArgumentExpressions>)[CHECK_ARGUMENT_EXPRESSIONS];
  return typeof c === "function" ? c.bind(f) : undefined;
}
