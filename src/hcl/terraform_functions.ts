/**
 * {@link terraformFunctionsOnDemand}: Terraform's function table (the same functions, names and
 * order as {@link terraformFunctionTable}, `core::` names included) as a {@link FunctionTable}
 * that loads the library a module at a time. `foundry console` evaluates this way: `1 + 2`
 * loads no function module, `upper("x")` the string functions only. `templatefile` and
 * `templatestring` load everything, since the template they render is only known when they run
 * and may call any function.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EvalContext, evaluate, functionCalls, parseExpression, terraformFunctionsOnDemand } from "./mod.ts";
 *
 * const functions = terraformFunctionsOnDemand({ baseDir: "." });
 * const ctx = new EvalContext({ functions });
 * const { expr } = parseExpression('core::upper(join("-", ["a", "b"]))');
 * await ctx.loadFunctions(functionCalls(expr));
 * assert.equal(evaluate(expr, ctx).value.asString(), "A-B");
 * assert.equal(functions.get("yamldecode"), undefined); // not called, so not loaded
 * ```
 *
 * @module
 */

import type { CtyFunction } from "../cty/evaluation.ts";
import { FunctionLoader } from "../cty/functions/on_demand.ts";
import { FunctionTable } from "./function_table.ts";
import { tryFunctions } from "./try_functions.ts";
import type { FunctionTableOptions } from "./template_functions.ts";

const OPTION_KEYS = new Set(["baseDir"]);
const TEMPLATE_FUNCTIONS = ["templatefile", "templatestring"] as const;
const CORE = "core::";

/**
 * Terraform's whole function table, each module of the library loaded when an expression first
 * calls one of its functions (see {@link FunctionTable}); filesystem functions read relative to
 * `baseDir`. Unknown option keys are refused.
 */
export function terraformFunctionsOnDemand(options: FunctionTableOptions): FunctionTable {
  for (const k of Object.keys(options)) {
    if (!OPTION_KEYS.has(k)) {
      throw new TypeError(`terraformFunctionsOnDemand: unknown option "${k}"`);
    }
  }
  const library = new FunctionLoader({ baseDir: options.baseDir });
  const plain = [...library.names, ...TEMPLATE_FUNCTIONS, ...Object.keys(tryFunctions)];
  // Each name then its `core::` twin: terraformFunctionTable's order, which suggestions follow.
  const names = plain.flatMap((n) => [n, CORE + n]);
  let templates: Promise<Readonly<Record<string, CtyFunction>>> | undefined;

  const loadTemplates = () =>
    templates ??= (async () => {
      const [{ templateFunctions }] = await Promise.all([
        import("./template_functions.ts"),
        library.loadAll(),
      ]);
      const all = withCore(byName(library, library.names));
      const fns = templateFunctions(options, () => table);
      const table: Record<string, CtyFunction> = {
        ...all,
        ...withCore(fns),
        ...withCore(tryFunctions),
      };
      return table;
    })();

  return new FunctionTable(names, async (wanted) => {
    const bare = new Set([...wanted].map((n) => n.startsWith(CORE) ? n.slice(CORE.length) : n));
    if (TEMPLATE_FUNCTIONS.some((t) => bare.has(t))) return await loadTemplates();
    await library.load(bare);
    return withCore({ ...byName(library, bare), ...tryFunctions });
  });
}

/** The loaded functions among `names`. */
function byName(library: FunctionLoader, names: Iterable<string>): Record<string, CtyFunction> {
  const out: Record<string, CtyFunction> = {};
  for (const n of names) {
    const f = library.get(n);
    if (f !== undefined) out[n] = f;
  }
  return out;
}

/** `fns` under their own names and their `core::` names. */
function withCore(fns: Readonly<Record<string, CtyFunction>>): Record<string, CtyFunction> {
  const out: Record<string, CtyFunction> = {};
  for (const [n, f] of Object.entries(fns)) {
    out[n] = f;
    out[CORE + n] = f;
  }
  return out;
}
