// On-demand function tables: functionCalls finds every call, FunctionTable loads what it is
// asked for and refuses calls to what it has not loaded, and Terraform's on-demand table
// behaves as the eager one (names, order, suggestions, templates).
import assert from "node:assert/strict";
import { cty, type CtyFunction } from "../../src/cty/mod.ts";
import { isFoundryError } from "../../src/errors/mod.ts";
import {
  EvalContext,
  evaluate,
  functionCalls,
  FunctionTable,
  loadAndEvaluateConsoleLine,
  parseExpression,
  terraformFunctionsOnDemand,
  terraformFunctionTable,
} from "../../src/hcl/mod.ts";

const calls = (src: string) => {
  const { expr, diagnostics } = parseExpression(src);
  assert.deepEqual(diagnostics, [], src);
  return [...functionCalls(expr)].sort();
};

Deno.test("functionCalls: calls anywhere in an expression, as written", () => {
  assert.deepEqual(calls("1 + 2"), []);
  assert.deepEqual(calls("a(b(1), [c()], { k = d() })"), ["a", "b", "c", "d"]);
  assert.deepEqual(calls('"${a()} %{ if b() }x%{ endif }"'), ["a", "b"]);
  assert.deepEqual(calls("<<EOT\n${a()}\nEOT\n"), ["a"]);
  assert.deepEqual(
    calls("{ for k, v in a() : b(k) => c(v)... if d(v) }"),
    ["a", "b", "c", "d"],
  );
  assert.deepEqual(calls("x ? a() : !b() ? -c() : (d())"), ["a", "b", "c", "d"]);
  assert.deepEqual(calls("a()[b()].c[*].d[e()]"), ["a", "b", "e"]);
  assert.deepEqual(calls("{ (a()) = 1, b = 2 }"), ["a"]);
  assert.deepEqual(calls("core::upper(provider::p::f(x))"), ["core::upper", "provider::p::f"]);
  assert.deepEqual(calls("try(a(), can(b()))"), ["a", "b", "can", "try"]);
});

function counting(fns: Record<string, CtyFunction>) {
  const asked: string[][] = [];
  const table = new FunctionTable(Object.keys(fns), (names) => {
    asked.push([...names]);
    const out: Record<string, CtyFunction> = {};
    for (const n of names) out[n] = fns[n];
    return Promise.resolve(out);
  });
  return { table, asked };
}

const one = (n: number): CtyFunction => ({
  params: [],
  returnTypeFor: () => cty.Number,
  call: () => cty.number(n),
});

Deno.test("FunctionTable: loads what it is asked for that it offers, once", async () => {
  const { table, asked } = counting({ one: one(1), two: one(2) });
  const ctx = new EvalContext({ functions: table });
  await ctx.loadFunctions(["one", "three", "length"]);
  await ctx.loadFunctions(["one"]);
  assert.deepEqual(asked, [["one"]]);
  assert.equal(evaluate(parseExpression("one()").expr, ctx).value.asNumber(), 1);
  assert.equal(table.get("two"), undefined);
  assert.deepEqual(ctx.functionNames(), ["one", "two"]);
});

Deno.test("FunctionTable: calling an offered function that was not loaded is a programming error", () => {
  const { table } = counting({ one: one(1), two: one(2) });
  const ctx = new EvalContext({ functions: table });
  assert.throws(
    () => evaluate(parseExpression("two()").expr, ctx),
    (e) => isFoundryError(e, "hcl.function_not_loaded") && /"two"/.test(e.message),
  );
  // A name the table does not offer is the evaluator's usual diagnostic, with a suggestion.
  const r = evaluate(parseExpression("twoo()").expr, ctx);
  assert.equal(r.diagnostics[0].summary, "Call to unknown function");
  assert.equal(r.diagnostics[0].detail, 'There is no function named "twoo". Did you mean "two"?');
});

Deno.test("FunctionTable: a child context's plain functions and its parent's table", async () => {
  const { table } = counting({ one: one(1) });
  const root = new EvalContext({ functions: table });
  const child = root.child({ x: cty.number(5) }, { five: one(5) });
  await child.loadFunctions(functionCalls(parseExpression("one() + five() + x").expr));
  assert.equal(evaluate(parseExpression("one() + five() + x").expr, child).value.asNumber(), 11);
});

Deno.test("terraformFunctionsOnDemand: the eager table's names, in its order", () => {
  const onDemand = terraformFunctionsOnDemand({ baseDir: "." });
  assert.deepEqual(onDemand.names(), Object.keys(terraformFunctionTable({ baseDir: "." })));
  assert.throws(
    () => terraformFunctionsOnDemand({ baseDir: ".", home: "/" } as { baseDir: string }),
    { message: 'terraformFunctionsOnDemand: unknown option "home"' },
  );
});

Deno.test("terraformFunctionsOnDemand: the same results and diagnostics as the eager table", async () => {
  const eager = new EvalContext({ functions: terraformFunctionTable({ baseDir: "." }) });
  const lazy = new EvalContext({ functions: terraformFunctionsOnDemand({ baseDir: "." }) });
  const inputs = [
    'upper("x")',
    'core::join("-", ["a", "b"])',
    "uper(1)",
    "core::uper(1)",
    "provider::p::f(1)",
    "nosuchfunction()",
    'try(tonumber("x"), "fallback")',
    'can(yamldecode("a: ["))',
    'templatestring("${1}", {})',
    'jsonencode({ a = sha256("x"), b = base64gzip("y") != "" })',
    'abs("a")',
  ];
  for (const input of inputs) {
    const want = await loadAndEvaluateConsoleLine(input, eager);
    const got = await loadAndEvaluateConsoleLine(input, lazy);
    assert.deepEqual(
      { output: got.output, diagnostics: got.diagnostics },
      { output: want.output, diagnostics: want.diagnostics },
      input,
    );
  }
});

Deno.test("terraformFunctionsOnDemand: a call loads its module; a template function loads all", async () => {
  const table = terraformFunctionsOnDemand({ baseDir: "." });
  await table.load(["core::upper"]);
  assert.ok(table.get("upper") !== undefined && table.get("core::upper") !== undefined);
  assert.ok(table.get("try") !== undefined, "try and can come with any load");
  assert.equal(table.get("yamldecode"), undefined);
  assert.equal(table.get("templatestring"), undefined);
  await table.load(["templatestring"]);
  for (const name of table.names()) assert.ok(table.get(name) !== undefined, name);
  // The template sees the whole table: a function no outer expression called.
  const ctx = new EvalContext({
    variables: { t: cty.string("${yamlencode({ a = 1 })}") },
    functions: table,
  });
  const r = evaluate(parseExpression("templatestring(t, {})").expr, ctx);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.value.asString(), '"a": 1\n');
});
