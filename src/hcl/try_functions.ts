/**
 * Terraform's `can` and `try` (HCL's `tryfunc`): functions of expressions, not values. Each
 * argument is evaluated by the function itself, so an evaluation error (a missing attribute, an
 * index out of range, a failed conversion) is caught rather than failing the whole expression.
 *
 * - `try(a, b, ...)` gives the first argument that evaluates without errors, marks and all. When
 *   none does, the call fails with every argument's diagnostics listed ("no expression
 *   succeeded"). When the first that succeeds has unknowns anywhere inside, the result is an
 *   unknown of unknown type: once known it might still fail, or have another type.
 * - `can(a)` is `true` when its argument evaluates without errors, `false` when it fails, and
 *   an unknown bool when it succeeds with unknowns inside (HCL 2.23's rule, as Terraform 1.11).
 *
 * Errors Terraform raises before evaluation (wrong number of arguments; in `foundry console`,
 * references to undeclared names) are not caught. Called with values instead of expressions
 * (`fn.call([...])`, outside HCL), each value stands for an expression that evaluated to it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../cty/mod.ts";
 * import { EvalContext, evaluate, parseExpression, terraformFunctionTable } from "./mod.ts";
 *
 * const ctx = new EvalContext({
 *   variables: { cfg: cty.object({ port: cty.number(8080) }) },
 *   functions: terraformFunctionTable({ baseDir: "." }),
 * });
 * const run = (src: string) => evaluate(parseExpression(src).expr, ctx).value;
 * assert.equal(run('try(cfg.host, "localhost")').asString(), "localhost");
 * assert.equal(run("try(cfg.port, 80)").asNumber(), 8080);
 * assert.equal(run('can(tonumber("eighty"))').asBool(), false);
 * ```
 *
 * @module
 */

import { cty, type CtyFunction, FunctionCallError, type Value } from "../cty/evaluation.ts";
import { formatRange, type HclDiagnostic } from "./diagnostic.ts";
import {
  CALL_WITH_EXPRESSIONS,
  type ExpressionClosure,
  valueClosure,
} from "./expression_closure.ts";

// An expression parameter: its value is never converted or checked (the function evaluates the
// expression itself), and Terraform's metadata shows it as a plain `dynamic` parameter.
const EXPRESSION = { type: cty.Dynamic } as const;

function hasErrors(ds: readonly HclDiagnostic[]): boolean {
  return ds.some((d) => d.severity === "error");
}

/** tryfunc's report when every argument failed. */
function noneSucceeded(diags: readonly HclDiagnostic[]): string {
  let out = "no expression succeeded:\n";
  for (const d of diags) {
    const at = d.range === undefined ? "" : ` (at ${formatRange(d.range)})`;
    out += `- ${d.summary}${at}\n  ${d.detail ?? ""}\n`;
  }
  return out + "\nAt least one expression must produce a successful result";
}

function tryClosures(args: readonly ExpressionClosure[]): Value {
  if (args.length === 0) throw new FunctionCallError("at least one argument is required");
  const diags: HclDiagnostic[] = [];
  for (const arg of args) {
    const r = arg.value();
    diags.push(...r.diagnostics);
    if (hasErrors(r.diagnostics)) continue;
    // A value with unknowns inside might still fail (an index into a collection not yet known)
    // or change type once known, so which argument wins is not decided yet.
    return r.value.isWhollyKnown() ? r.value : cty.unknown(cty.Dynamic);
  }
  throw new FunctionCallError(noneSucceeded(diags));
}

function canClosure(arg: ExpressionClosure): Value {
  const r = arg.value();
  if (hasErrors(r.diagnostics)) return cty.False;
  return r.value.isWhollyKnown() ? cty.True : cty.unknown(cty.Bool);
}

/** An expression-taking function: HCL calls the closure form, everything else the value form. */
function expressionFunction(
  fn: Pick<CtyFunction, "description" | "params" | "varParam"> & {
    returnType(args: readonly ExpressionClosure[]): Value["type"];
    run(args: readonly ExpressionClosure[]): Value;
  },
): CtyFunction {
  const arity = (n: number) => {
    if (fn.varParam === undefined && n !== fn.params.length) {
      throw new FunctionCallError(
        `wrong number of arguments (${fn.params.length} required; ${n} given)`,
      );
    }
  };
  const out: CtyFunction & { [CALL_WITH_EXPRESSIONS]: typeof fn.run } = {
    description: fn.description,
    params: fn.params,
    varParam: fn.varParam,
    returnTypeFor(args) {
      arity(args.length);
      return fn.returnType(args.map(valueClosure));
    },
    call(args) {
      arity(args.length);
      return fn.run(args.map(valueClosure));
    },
    [CALL_WITH_EXPRESSIONS]: (args) => fn.run(args),
  };
  if (fn.varParam === undefined) delete (out as { varParam?: unknown }).varParam;
  return out;
}

/** `can` and `try` by name. */
export const tryFunctions: { readonly can: CtyFunction; readonly try: CtyFunction } = {
  can: expressionFunction({
    description:
      "`can` evaluates the given expression and returns a boolean value indicating whether the expression produced a result without any errors.",
    params: [{ name: "expression", ...EXPRESSION }],
    returnType: () => cty.Bool,
    run: (args) => canClosure(args[0]),
  }),
  try: expressionFunction({
    description:
      "`try` evaluates all of its argument expressions in turn and returns the result of the first one that does not produce any errors.",
    params: [],
    varParam: { name: "expressions", ...EXPRESSION },
    returnType: (args) => tryClosures(args).type,
    run: tryClosures,
  }),
};
