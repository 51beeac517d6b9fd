/**
 * The evaluation context: variables and functions visible to an expression.
 * Child contexts see their parents' names (the `for` expression's key and
 * value live in a child), as hcl.EvalContext's do.
 *
 * @module
 */

import type { CtyFunction, Value } from "../cty/evaluation.ts";
import { FunctionTable } from "./function_table.ts";

/** What an {@link EvalContext} is built from. */
export interface EvalContextOptions {
  /** Variables by name (`var`, `local`, ... are objects in Terraform's scope). */
  readonly variables?: Readonly<Record<string, Value>>;
  /**
   * Functions by name, namespaced ones with `::` (`provider::aws::arn_parse`); or a
   * {@link FunctionTable} whose functions load on demand (see {@link EvalContext.loadFunctions}).
   */
  readonly functions?: Readonly<Record<string, CtyFunction>> | FunctionTable;
}

/** A context's own functions: a plain table, or one that loads on demand. */
type Functions = ReadonlyMap<string, CtyFunction> | FunctionTable;

const OPTION_KEYS = new Set(["variables", "functions"]);

/**
 * Variables and functions for evaluation.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../cty/mod.ts";
 * import { EvalContext } from "./eval_context.ts";
 * const root = new EvalContext({ variables: { a: cty.number(1) } });
 * const child = root.child({ b: cty.number(2) });
 * assert.equal(child.variable("a")?.asNumber(), 1);
 * assert.equal(root.variable("b"), undefined);
 * ```
 */
export class EvalContext {
  /** The enclosing context, whose names this one can see. */
  readonly parent: EvalContext | undefined;
  // Variable and function tables of this context then its ancestors, innermost first.
  readonly #variables: ReadonlyMap<string, Value>[];
  readonly #functions: Functions[];
  readonly #ownFunctions: Functions | undefined;

  /** A root context; unknown option keys are refused. */
  constructor(options: EvalContextOptions = {}, parent?: EvalContext) {
    for (const k of Object.keys(options)) {
      if (!OPTION_KEYS.has(k)) throw new TypeError(`unknown EvalContext option "${k}"`);
    }
    this.parent = parent;
    const vars = options.variables === undefined
      ? undefined
      : new Map(Object.entries(options.variables));
    const given = options.functions;
    const fns = given === undefined || given instanceof FunctionTable
      ? given
      : new Map(Object.entries(given));
    this.#ownFunctions = fns;
    const pv = parent === undefined ? [] : parent.#variables;
    const pf = parent === undefined ? [] : parent.#functions;
    this.#variables = vars === undefined ? pv : [vars, ...pv];
    this.#functions = fns === undefined ? pf : [fns, ...pf];
  }

  /** A child context with more variables (and optionally functions). */
  child(
    variables: Readonly<Record<string, Value>>,
    functions?: Record<string, CtyFunction>,
  ): EvalContext {
    return new EvalContext(
      functions === undefined ? { variables } : { variables, functions },
      this,
    );
  }

  /** True when some context in the chain defines variables at all. */
  get hasVariables(): boolean {
    return this.#variables.length > 0;
  }

  /** True when some context in the chain defines functions at all. */
  get hasFunctions(): boolean {
    return this.#functions.length > 0;
  }

  /** The variable `name`, searching outward. */
  variable(name: string): Value | undefined {
    for (const m of this.#variables) {
      const v = m.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /**
   * The function `name`, searching outward. Throws (`hcl.function_not_loaded`) when an
   * on-demand table offers `name` but it was not loaded (see {@link loadFunctions}).
   */
  fn(name: string): CtyFunction | undefined {
    for (const m of this.#functions) {
      const f = m instanceof FunctionTable ? m.forCall(name) : m.get(name);
      if (f !== undefined) return f;
    }
    return undefined;
  }

  /**
   * Loads `names` (those that some on-demand {@link FunctionTable} in the chain offers) so
   * that evaluation can call them; plain tables need nothing. Pass the calls an expression
   * makes: `await ctx.loadFunctions(functionCalls(expr))`.
   */
  async loadFunctions(names: Iterable<string>): Promise<void> {
    const tables = this.#functions.filter((m) => m instanceof FunctionTable);
    if (tables.length === 0) return;
    const list = [...names];
    await Promise.all(tables.map((t) => t.load(list)));
  }

  /** Every variable name visible (for "Did you mean" suggestions). */
  variableNames(): string[] {
    return this.#variables.flatMap((m) => [...m.keys()]);
  }

  /** Every function name in this context itself (as hclsyntax suggests from). */
  functionNames(): string[] {
    const own = this.#ownFunctions ?? this.#functions[0];
    if (own === undefined) return [];
    return own instanceof FunctionTable ? [...own.names()] : [...own.keys()];
  }
}
