// templatefile and templatestring against Terraform 1.11.4's console
// (scripts/hcl-testdata/generate_templates.ts): printed results and errors, case by case.

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { cty, type Type } from "../../src/cty/mod.ts";
import {
  EvalContext,
  evaluate,
  functionCalls,
  type FunctionTable,
  parseConfig,
  parseExpression,
  terraformFunctionsOnDemand,
  terraformFunctionTable,
} from "../../src/hcl/mod.ts";

const dir = fileURLToPath(new URL("./testdata/templates/", import.meta.url));
const rows: Array<{ expr: string; out?: string; errors?: string[] }> = JSON.parse(
  Deno.readTextFileSync(`${dir}expected.json`),
);

/** `local` from the fixture's main.tf, evaluated with the same functions. */
async function context(
  functions: ReturnType<typeof terraformFunctionTable> | FunctionTable,
): Promise<EvalContext> {
  const { body, diagnostics } = parseConfig(Deno.readTextFileSync(`${dir}main.tf`), "main.tf");
  assert.equal(diagnostics.length, 0);
  const locals: Record<string, ReturnType<typeof cty.string>> = {};
  const bare = new EvalContext({ functions });
  for (const [name, attr] of body.blocks[0].body.attributes) {
    await bare.loadFunctions(functionCalls(attr.expr));
    locals[name] = evaluate(attr.expr, bare).value;
  }
  return new EvalContext({ variables: { local: cty.object(locals) }, functions });
}

/** The console's `type()` output for the primitive and tuple types the cases produce. */
function typeExpression(t: Type, indent = ""): string {
  if (t.kind === "tuple") {
    const inner = t.elements.map((e) => `${indent}    ${typeExpression(e, indent + "    ")},\n`);
    return `tuple([\n${inner.join("")}${indent}])`;
  }
  return t.kind;
}

/** What the console prints for a value (sensitive values hidden, `type()` as a type). */
function printed(v: ReturnType<typeof cty.string>): string {
  if (v.hasMark(cty.SENSITIVE)) return "(sensitive value)";
  return cty.display(v);
}

for (
  const [how, table] of [
    ["", () => terraformFunctionTable({ baseDir: dir })],
    [", functions loaded on demand", () => terraformFunctionsOnDemand({ baseDir: dir })],
  ] as const
) {
  Deno.test(`templatefile/templatestring: Terraform's console results and errors${how}`, async () => {
    await checkRows(await context(table()));
  });
}

async function checkRows(ctx: EvalContext) {
  const failures: string[] = [];
  let checked = 0;
  for (const row of rows) {
    const typeOf = /^type\((.*)\)$/.exec(row.expr);
    const { expr, diagnostics: pd } = parseExpression(
      typeOf ? typeOf[1] : row.expr,
      "<console-input>",
    );
    assert.equal(pd.length, 0, row.expr);
    await ctx.loadFunctions(functionCalls(expr));
    const r = evaluate(expr, ctx);
    const errs = r.diagnostics.filter((d) => d.severity === "error").map((d) =>
      `${d.summary}: ${d.detail}`.replace(/\s*\n\s*/g, " ").trim()
    );
    let got: { out?: string; errors?: string[] };
    if (errs.length > 0) got = { errors: errs };
    else if (typeOf) got = { out: typeExpression(r.value.type) };
    else got = { out: printed(r.value) };
    checked++;
    try {
      assert.deepEqual(got, row.errors ? { errors: row.errors } : { out: row.out });
    } catch {
      failures.push(`${row.expr}\n  want ${JSON.stringify(row)}\n  got  ${JSON.stringify(got)}`);
    }
  }
  assert.equal(failures.length, 0, failures.join("\n"));
  assert.ok(checked >= 70);
}
