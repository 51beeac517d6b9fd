/**
 * HCL evaluation on its own: parsing, {@link evaluate}, the console's line evaluation and
 * diagnostics as Terraform prints them, with Terraform's functions loaded on demand
 * ({@link terraformFunctionsOnDemand}). The same functions `mod.ts` exports, without what
 * evaluation does not need: the formatter, the editor, the generator, the JSON syntax and the
 * eager {@link terraformFunctionTable} (which imports the whole function library). It is the
 * start-up path of `foundry console` and `foundry hcl eval`, where every module imported before
 * the first result is time the user waits.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EvalContext, loadAndEvaluateConsoleLine, terraformFunctionsOnDemand } from "./evaluation.ts";
 *
 * const ctx = new EvalContext({ functions: terraformFunctionsOnDemand({ baseDir: "." }) });
 * assert.equal((await loadAndEvaluateConsoleLine('max(1, 2) + 3', ctx)).output, "5");
 * ```
 *
 * @module
 */

export type { HclDiagnostic } from "./diagnostic.ts";
export { evaluate } from "./eval.ts";
export { EvalContext, type EvalContextOptions } from "./eval_context.ts";
export { parseConfig, type ParsedExpression, type ParsedFile, parseExpression } from "./parse.ts";
export { functionCalls, variables } from "./static.ts";
export { FunctionTable, type FunctionTableLoad } from "./function_table.ts";
export { terraformFunctionsOnDemand } from "./terraform_functions.ts";
export type { FunctionTableOptions } from "./template_functions.ts";
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
