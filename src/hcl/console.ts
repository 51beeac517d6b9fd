/**
 * What `terraform console` does with one line of input, as a function: parse the expression,
 * evaluate it in a context, and give the text Terraform prints (`cty.display`'s form,
 * `(sensitive value)` for sensitive results) or its diagnostics. {@link inputComplete} tells a
 * REPL whether to read another line first (brackets, braces and parentheses still open, or a
 * heredoc not ended), and {@link consoleLocals} evaluates a file's `locals` blocks into the
 * `local` object a console offers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EvalContext, evaluateConsoleLine, terraformFunctionTable } from "./mod.ts";
 *
 * const ctx = new EvalContext({ functions: terraformFunctionTable({ baseDir: "." }) });
 * assert.equal(evaluateConsoleLine('upper("x")', ctx).output, '"X"');
 * assert.equal(evaluateConsoleLine("sensitive(1)", ctx).output, "(sensitive value)");
 * assert.equal(evaluateConsoleLine('abs("x")', ctx).diagnostics[0].summary, "Invalid function argument");
 * ```
 *
 * @module
 */

import { cty, type Value } from "../cty/evaluation.ts";
import type { Expression } from "./ast.ts";
import { type HclDiagnostic, hclError } from "./diagnostic.ts";
import { nameSuggestion } from "./parser_template.ts";
import { rangeBetween, SourceFile } from "./source.ts";
import { evaluate } from "./eval.ts";
import type { EvalContext } from "./eval_context.ts";
import { lexConfig } from "./lexer.ts";
import {
  T_CBRACE,
  T_CBRACK,
  T_CHEREDOC,
  T_CPAREN,
  T_CQUOTE,
  T_OBRACE,
  T_OBRACK,
  T_OHEREDOC,
  T_OPAREN,
  T_OQUOTE,
  T_TEMPLATE_CONTROL,
  T_TEMPLATE_INTERP,
  T_TEMPLATE_SEQ_END,
} from "./token.ts";
import { parseConfig, type ParsedExpression, parseExpression } from "./parse.ts";
import { functionCalls, variables } from "./static.ts";

/** What one console line gave. */
export interface ConsoleResult {
  /** The printed result, when the line evaluated without errors. */
  readonly output?: string;
  /** The value itself, when there is one. */
  readonly value?: Value;
  /** Parse and evaluation diagnostics (errors mean no output). */
  readonly diagnostics: readonly HclDiagnostic[];
}

/** The console's text for a value. */
export function consoleDisplay(v: Value): string {
  if (v.hasMark(cty.SENSITIVE)) return "(sensitive value)";
  return cty.display(v);
}

/**
 * Parses and evaluates one console input (which may span lines) as Terraform's console does.
 * With an on-demand function table, the functions the input calls must be loaded first: see
 * {@link loadAndEvaluateConsoleLine}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EvalContext, evaluateConsoleLine } from "./mod.ts";
 *
 * assert.equal(evaluateConsoleLine("[1,\n2]", new EvalContext()).output, "[\n  1,\n  2,\n]");
 * ```
 */
export function evaluateConsoleLine(input: string, ctx: EvalContext): ConsoleResult {
  const parsed = parseConsoleInput(input);
  return "expr" in parsed ? evaluateParsed(parsed, ctx) : parsed;
}

/**
 * {@link evaluateConsoleLine} after loading the functions the input calls into the context's
 * on-demand tables (`EvalContext.loadFunctions`): what `foundry console` runs for each input.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EvalContext, loadAndEvaluateConsoleLine, terraformFunctionsOnDemand } from "./mod.ts";
 *
 * const ctx = new EvalContext({ functions: terraformFunctionsOnDemand({ baseDir: "." }) });
 * assert.equal((await loadAndEvaluateConsoleLine('upper("x")', ctx)).output, '"X"');
 * const r = await loadAndEvaluateConsoleLine('uper("x")', ctx);
 * assert.equal(r.diagnostics[0].detail, 'There is no function named "uper". Did you mean "upper"?');
 * ```
 */
export async function loadAndEvaluateConsoleLine(
  input: string,
  ctx: EvalContext,
): Promise<ConsoleResult> {
  const parsed = parseConsoleInput(input);
  if (!("expr" in parsed)) return parsed;
  await ctx.loadFunctions(functionCalls(parsed.expr));
  return evaluateParsed(parsed, ctx);
}

/** The input's expression, or the diagnostics that stopped it from parsing. */
function parseConsoleInput(input: string): ParsedExpression | ConsoleResult {
  // A heredoc's closing marker needs the newline a terminal's Enter gave.
  const heredocEnd = input.includes("<<") &&
    /\n[ \t]*[\p{ID_Start}_][\p{ID_Continue}-]*$/u.test(input);
  const parsed = parseExpression(heredocEnd ? input + "\n" : input, "<console-input>");
  if (parsed.diagnostics.some((d) => d.severity === "error")) {
    return { diagnostics: parsed.diagnostics };
  }
  return parsed;
}

function evaluateParsed(parsed: ParsedExpression, ctx: EvalContext): ConsoleResult {
  const undeclared = undeclaredReferences(parsed.expr, ctx);
  if (undeclared.length > 0) return { diagnostics: undeclared };
  const r = evaluate(parsed.expr, ctx);
  const diagnostics = [...parsed.diagnostics, ...r.diagnostics];
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  return { output: consoleDisplay(r.value), value: r.value, diagnostics };
}

/** Terraform's own check of `var.NAME` and `local.NAME` against what is declared. */
function undeclaredReferences(expr: Expression, ctx: EvalContext): HclDiagnostic[] {
  const out: HclDiagnostic[] = [];
  for (const t of variables(expr)) {
    const [root, attr] = t;
    if (root.kind !== "root" || (root.name !== "var" && root.name !== "local")) continue;
    if (attr === undefined || attr.kind !== "attr") continue;
    const obj = ctx.variable(root.name);
    const names = obj !== undefined && obj.type.kind === "object"
      ? Object.keys(obj.type.attributes)
      : [];
    if (names.includes(attr.name)) continue;
    const s = nameSuggestion(attr.name, names);
    const range = rangeBetween(root.range, attr.range);
    if (root.name === "var") {
      out.push(hclError(
        "Reference to undeclared input variable",
        `An input variable with the name ${JSON.stringify(attr.name)} has not been declared.${
          s !== ""
            ? ` Did you mean ${JSON.stringify(s)}?`
            : ` This variable can be declared with a variable ${
              JSON.stringify(attr.name)
            } {} block.`
        }`,
        range,
      ));
    } else {
      out.push(hclError(
        "Reference to undeclared local value",
        `A local value with the name ${JSON.stringify(attr.name)} has not been declared.${
          s !== "" ? ` Did you mean ${JSON.stringify(s)}?` : ""
        }`,
        range,
      ));
    }
  }
  return out;
}

const OPEN = new Set([
  T_OBRACE,
  T_OBRACK,
  T_OPAREN,
  T_TEMPLATE_INTERP,
  T_TEMPLATE_CONTROL,
  T_OHEREDOC,
]);
const CLOSE = new Set([T_CBRACE, T_CBRACK, T_CPAREN, T_TEMPLATE_SEQ_END, T_CHEREDOC]);

/**
 * True when `input` can be evaluated as it is: every bracket opened is closed and no heredoc
 * or quoted string is left open (a REPL reads more lines otherwise).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { inputComplete } from "./mod.ts";
 *
 * assert.equal(inputComplete("merge({a = 1},"), false);
 * assert.equal(inputComplete("merge({a = 1}, {})"), true);
 * assert.equal(inputComplete('"}"'), true);
 * ```
 */
export function inputComplete(input: string): boolean {
  let depth = 0;
  let quotes = 0;
  // The lexer knows strings, heredocs and templates; only the bracket tokens count here.
  const tokens = lexConfig(new SourceFile("<console-input>", input + "\n"));
  for (let i = 0; i < tokens.length; i++) {
    const k = tokens.kinds[i];
    if (OPEN.has(k)) depth++;
    else if (CLOSE.has(k)) depth--;
    else if (k === T_OQUOTE) quotes++;
    else if (k === T_CQUOTE) quotes--;
  }
  // A quoted string cannot continue on the next line: evaluate now and report it.
  if (quotes > 0) return true;
  // A heredoc's opening line lexes as a plain `<<` until the newline after it is typed.
  if (/<<-?[\p{ID_Start}_][\p{ID_Continue}-]*[ \t]*$/u.test(input)) return false;
  return depth <= 0;
}

/**
 * Evaluates the `locals` blocks of a configuration file into the object `local` names, in
 * dependency order (a local may use `var.*`, functions and other locals).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { consoleLocals, EvalContext } from "./mod.ts";
 *
 * const { value } = consoleLocals('locals {\n  b = "${local.a}!"\n  a = "x"\n}\n', "l.tf", new EvalContext());
 * assert.equal(value.getAttr("b").asString(), "x!");
 * ```
 */
export function consoleLocals(
  text: string,
  filename: string,
  ctx: EvalContext,
): { value: Value; diagnostics: HclDiagnostic[] } {
  const { body, diagnostics } = parseConfig(text, filename);
  const exprs = new Map<string, Expression>();
  for (const b of body.blocks) {
    if (b.type !== "locals") continue;
    for (const [name, attr] of b.body.attributes) exprs.set(name, attr.expr);
  }
  const done: Record<string, Value> = {};
  const diags: HclDiagnostic[] = [...diagnostics];
  let pending = [...exprs.keys()];
  // Each pass evaluates the locals whose references are ready; a pass with no progress means
  // a cycle or a missing local, which are evaluated once more to report their errors.
  while (pending.length > 0) {
    const ready = pending.filter((name) =>
      variables(exprs.get(name)!).every((t) => {
        const [root, attr] = t;
        if (root.kind !== "root" || root.name !== "local") return true;
        return attr === undefined || attr.kind !== "attr" || !pending.includes(attr.name) ||
          !exprs.has(attr.name);
      })
    );
    const batch = ready.length > 0 ? ready : pending;
    for (const name of batch) {
      const scope = ctx.child({ local: cty.object({ ...done }) });
      const r = evaluate(exprs.get(name)!, scope);
      diags.push(...r.diagnostics);
      done[name] = r.value;
    }
    pending = pending.filter((n) => !batch.includes(n));
  }
  return { value: cty.object(done), diagnostics: diags };
}
