/**
 * Terraform's whole function table at once, synchronously: the library's complete map (every
 * family loaded), `templatefile`, `templatestring`, `can` and `try`. Programs that know which
 * functions an expression calls load less with `terraformFunctionsOnDemand`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../cty/mod.ts";
 * import { EvalContext, evaluate, parseExpression, terraformFunctionTable } from "./mod.ts";
 *
 * const functions = terraformFunctionTable({ baseDir: "." });
 * const ctx = new EvalContext({
 *   variables: { local: cty.object({ greeting: cty.string("Hello, ${upper(name)}!") }) },
 *   functions,
 * });
 * const { expr } = parseExpression('core::templatestring(local.greeting, { name = "web" })');
 * assert.equal(evaluate(expr, ctx).value.asString(), "Hello, WEB!");
 * const inline = evaluate(parseExpression('templatestring("x", {})').expr, ctx);
 * assert.equal(inline.diagnostics[0].summary, "Invalid function argument");
 * ```
 *
 * @module
 */

import type { CtyFunction } from "../cty/evaluation.ts";
import { terraformFunctions } from "../cty/functions/mod.ts";
import { type FunctionTableOptions, templateFunctions } from "./template_functions.ts";
import { tryFunctions } from "./try_functions.ts";

const OPTION_KEYS = new Set(["baseDir"]);

/**
 * Every Terraform function for an {@link EvalContext}: the library's functions reading files
 * relative to `baseDir`, `templatefile`, `templatestring`, `can` and `try`, each also as
 * `core::NAME`.
 * Unknown option keys are refused.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EvalContext, evaluate, parseExpression, terraformFunctionTable } from "./mod.ts";
 *
 * const ctx = new EvalContext({ functions: terraformFunctionTable({ baseDir: "." }) });
 * const r = evaluate(parseExpression('core::upper(join("-", ["a", "b"]))').expr, ctx);
 * assert.equal(r.value.asString(), "A-B");
 * ```
 */
export function terraformFunctionTable(
  options: FunctionTableOptions,
): Readonly<Record<string, CtyFunction>> {
  for (const k of Object.keys(options)) {
    if (!OPTION_KEYS.has(k)) throw new TypeError(`terraformFunctionTable: unknown option "${k}"`);
  }
  const out: Record<string, CtyFunction> = Object.create(null);
  const get = () => out;
  const plain = {
    ...terraformFunctions({ baseDir: options.baseDir }),
    ...templateFunctions(options, get),
    ...tryFunctions,
  };
  for (const [name, fn] of Object.entries(plain)) {
    out[name] = fn;
    out[`core::${name}`] = fn;
  }
  return Object.freeze(out);
}
