/**
 * A function table whose functions load when first needed: an {@link EvalContext} given a
 * {@link FunctionTable} knows every name it offers (for "Did you mean" suggestions) but calls
 * only the ones loaded. Evaluation itself stays synchronous; before it, load what the
 * expression calls: `await ctx.loadFunctions(functionCalls(expr))` (calls are syntactic in
 * HCL, so the names are known before anything runs). Calling a function the table has but has
 * not loaded is a programming error, thrown as a `FoundryError` with code
 * `hcl.function_not_loaded`, never reported as an unknown function.
 *
 * {@link terraformFunctionsOnDemand} is Terraform's table built this way; any other set of
 * functions (a provider's, say) can be offered through the constructor.
 *
 * @example A table of one function, loaded before evaluation
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty, type CtyFunction } from "../cty/mod.ts";
 * import { EvalContext, evaluate, FunctionTable, functionCalls, parseExpression } from "./mod.ts";
 *
 * const twice: CtyFunction = {
 *   params: [{ name: "n", type: cty.Number }],
 *   returnTypeFor: () => cty.Number,
 *   call: ([n]) => cty.number(n.asNumber() as number * 2),
 * };
 * const loaded: string[] = [];
 * const functions = new FunctionTable(["twice"], (names) => {
 *   loaded.push(...names);
 *   return Promise.resolve({ twice });
 * });
 * const ctx = new EvalContext({ functions });
 * const { expr } = parseExpression("twice(21) + length([])");
 * await ctx.loadFunctions(functionCalls(expr));
 * assert.deepEqual(loaded, ["twice"]); // `length` is not in this table
 * assert.equal(evaluate(parseExpression("twice(21)").expr, ctx).value.asNumber(), 42);
 * const r = evaluate(parseExpression("twise(1)").expr, ctx);
 * assert.match(r.diagnostics[0].detail ?? "", /Did you mean "twice"\?/);
 * ```
 *
 * @module
 */

import type { CtyFunction } from "../cty/evaluation.ts";
import { FoundryError } from "../errors/mod.ts";

/**
 * Loads the functions for some names of a {@link FunctionTable} (only names the table has);
 * resolves to the functions loaded, by name. It may give more than was asked for (a whole
 * module's worth).
 */
export type FunctionTableLoad = (
  names: ReadonlySet<string>,
) => Promise<Readonly<Record<string, CtyFunction>>>;

/** Functions by name, each loaded by `load` the first time it is needed. */
export class FunctionTable {
  readonly #names: readonly string[];
  readonly #load: FunctionTableLoad;
  readonly #loaded = new Map<string, CtyFunction>();
  #known: ReadonlySet<string> | undefined;

  /** A table offering `names`, none loaded yet; `load` brings them in. */
  constructor(names: readonly string[], load: FunctionTableLoad) {
    this.#names = [...names];
    this.#load = load;
  }

  /** Every name the table offers, loaded or not (suggestions are made from these, in order). */
  names(): readonly string[] {
    return this.#names;
  }

  /** Whether the table offers `name`. */
  has(name: string): boolean {
    this.#known ??= new Set(this.#names);
    return this.#known.has(name);
  }

  /** The function `name` if it is loaded. */
  get(name: string): CtyFunction | undefined {
    return this.#loaded.get(name);
  }

  /**
   * The function `name` for a call: undefined when the table does not offer it, the function
   * when loaded, and a thrown `hcl.function_not_loaded` error when it is offered but was not
   * loaded before evaluation.
   */
  forCall(name: string): CtyFunction | undefined {
    const f = this.#loaded.get(name);
    if (f !== undefined || !this.has(name)) return f;
    throw new FoundryError(
      "hcl.function_not_loaded",
      `Function ${JSON.stringify(name)} was called before it was loaded: await ` +
        "ctx.loadFunctions(functionCalls(expr)) before evaluating an expression with an " +
        "on-demand function table",
      { context: { name } },
    );
  }

  /** Loads the functions among `names` that the table offers and has not loaded yet. */
  async load(names: Iterable<string>): Promise<void> {
    const wanted = new Set<string>();
    for (const n of names) if (this.has(n) && !this.#loaded.has(n)) wanted.add(n);
    if (wanted.size === 0) return;
    const got = await this.#load(wanted);
    for (const [name, fn] of Object.entries(got)) {
      if (this.has(name)) this.#loaded.set(name, fn);
    }
  }

  /** Loads every function the table offers. */
  loadAll(): Promise<void> {
    return this.load(this.#names);
  }
}
