/**
 * Terraform's `templatefile` and `templatestring`, which render HCL templates and so live in
 * the hcl layer (the function library in cty cannot import HCL), and
 * {@link terraformFunctionTable}: every Terraform function for an {@link EvalContext}, under its
 * plain name and its `core::` name, as Terraform 1.11 offers them.
 *
 * Rendering follows Terraform: `vars` must be a map or object whose keys are identifiers; every
 * variable the template refers to must be in it; the template sees only those variables and the
 * function table, where the template functions themselves (and, in `templatestring`, the
 * filesystem functions) fail when called; a null result is an error. `templatefile` returns
 * whatever type the template gives (a lone `${...}` keeps its type); `templatestring` converts
 * to a string and refuses an inline template as its first argument (it must be a reference).
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

import { cty, type CtyFunction, FunctionCallError, type Value } from "../cty/mod.ts";
import { makeFunction, terraformFunctions } from "../cty/functions/mod.ts";
import type { Expression } from "./ast.ts";
import { formatRange, type HclDiagnostic } from "./diagnostic.ts";
import { evaluate } from "./eval.ts";
import { EvalContext } from "./eval_context.ts";
import { tryConvert } from "./eval_convert.ts";
import {
  type ArgumentExpressionProblem,
  CHECK_ARGUMENT_EXPRESSIONS,
} from "./expression_arguments.ts";
import { parseTemplate } from "./parse.ts";
import { variables } from "./static.ts";
import { tryFunctions } from "./try_functions.ts";

/** Options of {@link terraformFunctionTable}. */
export interface FunctionTableOptions {
  /** The directory relative paths are read from (Terraform's module directory). */
  readonly baseDir: string;
}

const OPTION_KEYS = new Set(["baseDir"]);

/** Functions that read files: refused inside `templatestring` templates. */
const FILESYSTEM = new Set([
  "file",
  "fileexists",
  "fileset",
  "filebase64",
  "filebase64sha256",
  "filebase64sha512",
  "filemd5",
  "filesha1",
  "filesha256",
  "filesha512",
  "templatefile",
]);
const TEMPLATE = new Set(["templatefile", "templatestring"]);

// HCL's identifier rule (hclsyntax.ValidIdentifier): ID_Start, then ID_Continue or '-'.
// Built on first use, not at load: V8 assembles a Unicode property class from ICU when the
// expression is created (~0.5 ms), which every load of this module paid.
let identifier: RegExp | undefined;

/** go's hcl.Diagnostics.Error(): the first diagnostic, with a count of the others. */
function diagnosticsError(diags: readonly HclDiagnostic[]): string {
  const one = (d: HclDiagnostic) =>
    `${d.range === undefined ? "<nil>" : formatRange(d.range)}: ${d.summary}; ${d.detail ?? ""}`;
  if (diags.length === 1) return one(diags[0]);
  return `${one(diags[0])}, and ${diags.length - 1} other diagnostic(s)`;
}

/** A stand-in that keeps the signature of `fn` and fails when called. */
function refusing(fn: CtyFunction, message: string): CtyFunction {
  return makeFunction({
    params: fn.params,
    varParam: fn.varParam,
    type: () => {
      throw new FunctionCallError(message);
    },
    impl: () => cty.unknown(cty.Dynamic),
  });
}

/** The table a template sees: the template functions (and maybe filesystem ones) refused. */
function templateTable(
  all: Readonly<Record<string, CtyFunction>>,
  allowFilesystem: boolean,
): Record<string, CtyFunction> {
  const out: Record<string, CtyFunction> = Object.create(null);
  for (const [name, fn] of Object.entries(all)) {
    const plain = name.startsWith("core::") ? name.slice(6) : name;
    if (TEMPLATE.has(plain)) {
      out[name] = refusing(
        fn,
        `cannot recursively call ${plain} from inside another template function`,
      );
    } else if (!allowFilesystem && FILESYSTEM.has(plain)) {
      out[name] = refusing(
        fn,
        `cannot use filesystem access functions like ${plain} in templatestring templates; consider passing the function result as a template variable instead`,
      );
    } else {
      out[name] = fn;
    }
  }
  return out;
}

/** Renders a parsed template with `vars` (unmarked), as Terraform's template functions do. */
function render(
  expr: Expression,
  vars: Value,
  functions: Record<string, CtyFunction>,
): Value {
  const k = vars.type.kind;
  if (k !== "map" && k !== "object") {
    throw new FunctionCallError("invalid vars value: must be a map", { argument: 1 });
  }
  const scope: Record<string, Value> = Object.create(null);
  for (const [key, v] of vars.entries()) scope[String(key)] = v;
  for (const name of Object.keys(scope)) {
    if (!(identifier ??= /^\p{ID_Start}[\p{ID_Continue}-]*$/u).test(name)) {
      throw new FunctionCallError(
        `invalid template variable name ${
          JSON.stringify(name)
        }: must start with a letter, followed by zero or more letters, digits, and underscores`,
        { argument: 1 },
      );
    }
  }
  for (const traversal of variables(expr)) {
    const root = traversal[0];
    if (root.kind === "root" && !Object.hasOwn(scope, root.name)) {
      throw new FunctionCallError(
        `vars map does not contain key ${JSON.stringify(root.name)}, referenced at ${
          formatRange(root.range)
        }`,
        { argument: 1 },
      );
    }
  }
  const { value, diagnostics } = evaluate(
    expr,
    new EvalContext({ variables: scope, functions }),
  );
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new FunctionCallError(diagnosticsError(errors));
  if (value.isNull) {
    throw new FunctionCallError(diagnosticsError([{
      severity: "error",
      summary: "Template result is null",
      detail:
        "The result of the template is null, which is not a valid result for a templatestring call.",
      range: expr.range,
    }]));
  }
  return value;
}

/** Parses template text; syntax errors become one message (with `prefix` before it). */
function parseOrThrow(text: string, filename: string, prefix: string, argument?: number) {
  const { expr, diagnostics } = parseTemplate(text, filename);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    throw new FunctionCallError(prefix + diagnosticsError(errors), { argument });
  }
  return expr;
}

/** `templatefile(path, vars)` reading relative to `baseDir`, calling into `table()`. */
function templateFile(
  file: CtyFunction,
  table: () => Readonly<Record<string, CtyFunction>>,
): CtyFunction {
  return makeFunction({
    params: [
      { name: "path", type: cty.String, allowMarked: true, allowUnknown: true },
      { name: "vars", type: cty.Dynamic, allowMarked: true, allowUnknown: true },
    ],
    type: () => cty.Dynamic,
    impl: ([path, varsArg]) => {
      const { value: vars, marks: varsMarks } = varsArg.unmarkDeep();
      const pathMarks = path.marks ?? [];
      if (!path.isKnown || !vars.isKnown) {
        return cty.unknown(cty.Dynamic).withMarks([...pathMarks, ...varsMarks]);
      }
      // `file` gives Terraform's path resolution and errors (no file, not UTF-8, a directory).
      const text = file.call([path]);
      const name = path.unmark().asString();
      const expr = parseOrThrow(text.unmark().asString(), name, "");
      const out = render(expr, vars, templateTable(table(), true));
      return out.withMarks([...(text.marks ?? []), ...varsMarks]);
    },
  });
}

/** Terraform's shape rule for `templatestring`'s first argument: a reference, not a template. */
function templateArgumentProblem(e: Expression): ArgumentExpressionProblem | undefined {
  const fail = (message: string) => ({ argument: 0, message });
  if (e.kind === "templateWrap") {
    return fail(
      "invalid template expression: templatestring is only for rendering templates retrieved dynamically from elsewhere; to treat the inner expression as template syntax, write the reference expression directly without any template interpolation syntax",
    );
  }
  if (e.kind === "template") {
    const literal = e.parts.length === 1 && e.parts[0].kind === "literal";
    return fail(
      literal
        ? "invalid template expression: templatestring is only for rendering templates retrieved dynamically from elsewhere, and so does not support providing a literal template; consider using a template string expression instead"
        : "invalid template expression: templatestring is only for rendering templates retrieved dynamically from elsewhere; to render an inline template, consider using a plain template string expression",
    );
  }
  let x: Expression = e;
  for (;;) {
    if (x.kind === "scopeTraversal") return undefined;
    if (x.kind === "relativeTraversal" || x.kind === "splat") x = x.source;
    else if (x.kind === "index") x = x.collection;
    else {
      return fail(
        "invalid template expression: must be a direct reference to a single string from elsewhere, containing valid Terraform template syntax",
      );
    }
  }
}

/** `templatestring(template, vars)`, calling into `table()`. */
function templateString(table: () => Readonly<Record<string, CtyFunction>>): CtyFunction {
  const fn = makeFunction({
    params: [
      {
        name: "template",
        type: cty.Dynamic,
        allowNull: true,
        allowUnknown: true,
        allowMarked: true,
        allowDynamicType: true,
      },
      { name: "vars", type: cty.Dynamic },
    ],
    returnType: cty.String,
    refineNotNull: true,
    impl: ([template, vars]) => {
      if (!template.isKnown) return cty.unknown(cty.String).withMarks(template.marks ?? []);
      const plain = template.unmark();
      if (plain.type.kind !== "string" || plain.isNull) {
        throw new FunctionCallError("invalid template value: a string is required", {
          argument: 0,
        });
      }
      const expr = parseOrThrow(
        plain.asString(),
        "<templatestring argument>",
        "invalid template: ",
        0,
      );
      const out = render(expr, vars, templateTable(table(), false));
      const [s, err] = tryConvert(out, cty.String);
      if (err !== undefined) throw new FunctionCallError(`invalid template result: ${err}`);
      return s.withMarks(template.marks ?? []);
    },
  });
  const check = (args: readonly Expression[]) =>
    args.length > 0 ? templateArgumentProblem(args[0]) : undefined;
  return {
    params: fn.params,
    returnTypeFor: (args) => fn.returnTypeFor(args),
    call: (args) => fn.call(args),
    [CHECK_ARGUMENT_EXPRESSIONS]: check,
  } as CtyFunction;
}

/**
 * `templatefile` and `templatestring` over the function table `table()` gives (called lazily,
 * so the table may contain these two functions).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../cty/mod.ts";
 * import { terraformFunctions } from "../cty/functions/mod.ts";
 * import { templateFunctions } from "./mod.ts";
 *
 * const library = terraformFunctions({ baseDir: "." });
 * const { templatestring } = templateFunctions({ baseDir: "." }, () => library);
 * const out = templatestring.call([cty.string("${a}-${b}"), cty.object({ a: cty.number(1), b: cty.string("x") })]);
 * assert.equal(out.asString(), "1-x");
 * ```
 */
export function templateFunctions(
  options: FunctionTableOptions,
  table: () => Readonly<Record<string, CtyFunction>>,
): { templatefile: CtyFunction; templatestring: CtyFunction } {
  for (const k of Object.keys(options)) {
    if (!OPTION_KEYS.has(k)) throw new TypeError(`templateFunctions: unknown option "${k}"`);
  }
  const file = terraformFunctions({ baseDir: options.baseDir }).file;
  return { templatefile: templateFile(file, table), templatestring: templateString(table) };
}

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
