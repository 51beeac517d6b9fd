/**
 * The evaluation scope `foundry hcl eval` and `foundry console` share: `var.*` from `--var
 * NAME=VALUE` (a string, as Terraform reads an undeclared variable's value) and `--var-file
 * FILE` (`.tfvars` attributes or `.tfvars.json`), `local.*` from a file's `locals` blocks, and
 * every Terraform function reading files relative to the working directory. The functions load
 * a module at a time, when an expression first calls one (`terraformFunctionsOnDemand`): what
 * runs before the first prompt is only what every input needs.
 *
 * @module
 */

import { cty, type Value } from "../../cty/evaluation.ts";
import {
  consoleLocals,
  EvalContext,
  evaluate,
  functionCalls,
  type HclDiagnostic,
  parseConfig,
  renderTerraformDiagnostic,
  terraformFunctionsOnDemand,
} from "../../hcl/evaluation.ts";
import { UsageError } from "../command.ts";

/** What a scope is built from (already read from the command line). */
export interface ScopeFlags {
  /** `NAME=VALUE` pairs, later ones winning. */
  readonly vars?: readonly string[];
  /** Variable files, read in order before the `--var` pairs. */
  readonly varFiles?: readonly string[];
  /** A configuration file whose `locals` blocks give `local.*`. */
  readonly locals?: string;
}

/** The context, or the rendered diagnostics that stopped it from being built. */
export type Scope =
  | { readonly ok: true; readonly ctx: EvalContext }
  | { readonly ok: false; readonly report: string };

function readText(path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

function report(diags: readonly HclDiagnostic[], text: string): string {
  return diags.map((d) => renderTerraformDiagnostic(d, { text })).join("");
}

/** Builds the scope; file problems are usage errors, HCL problems a rendered report. */
export async function buildScope(flags: ScopeFlags): Promise<Scope> {
  const functions = terraformFunctionsOnDemand({ baseDir: "." });
  const vars: Record<string, Value> = {};
  for (const file of flags.varFiles ?? []) {
    const text = readText(file);
    if (file.endsWith(".json")) {
      // cty's JSON codec loads only for a JSON variable file (see cty/evaluation.ts).
      const { json } = await import("../../cty/mod.ts");
      let v: Value;
      try {
        v = json.decode(text, json.impliedType(text));
      } catch (e) {
        throw new UsageError(`${file}: ${(e as Error).message}`);
      }
      if (v.type.kind !== "object") throw new UsageError(`${file}: expected a JSON object`);
      for (const [k, x] of v.entries()) vars[String(k)] = x;
      continue;
    }
    const { body, diagnostics } = parseConfig(text, file);
    const diags: HclDiagnostic[] = [...diagnostics];
    for (const [name, attr] of body.attributes) {
      // Variable files hold values, not expressions over other names (as in Terraform).
      const r = evaluate(attr.expr);
      diags.push(...r.diagnostics);
      vars[name] = r.value;
    }
    if (diags.some((d) => d.severity === "error")) {
      return { ok: false, report: report(diags, text) };
    }
  }
  for (const pair of flags.vars ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--var wants NAME=VALUE, got ${JSON.stringify(pair)}`);
    vars[pair.slice(0, eq)] = cty.string(pair.slice(eq + 1));
  }
  const variables: Record<string, Value> = { var: cty.object(vars) };
  if (flags.locals !== undefined) {
    const text = readText(flags.locals);
    const base = new EvalContext({ variables, functions });
    const calls = new Set<string>();
    for (const b of parseConfig(text, flags.locals).body.blocks) {
      if (b.type !== "locals") continue;
      for (const attr of b.body.attributes.values()) {
        for (const name of functionCalls(attr.expr)) calls.add(name);
      }
    }
    await base.loadFunctions(calls);
    const { value, diagnostics } = consoleLocals(text, flags.locals, base);
    if (diagnostics.some((d) => d.severity === "error")) {
      return { ok: false, report: report(diagnostics, text) };
    }
    variables.local = value;
  }
  return { ok: true, ctx: new EvalContext({ variables, functions }) };
}
