// Evaluation behaviour that Terraform's console cannot show directly: contexts without
// variables or functions, namespaced function names, FunctionCallError mapped to HCL's
// "Invalid function argument", child contexts. Texts are hclsyntax's.
import assert from "node:assert/strict";
import { cty, type CtyFunction, FunctionCallError } from "../../src/cty/mod.ts";
import { EvalContext, evaluate, parseExpression } from "../../src/hcl/mod.ts";
import { functions } from "./functions_fixture.ts";

function run(src: string, ctx?: EvalContext) {
  const { expr, diagnostics } = parseExpression(src, "t.hcl");
  assert.deepEqual(diagnostics, []);
  return evaluate(expr, ctx);
}

const failing: CtyFunction = {
  params: [{ name: "first", type: cty.String }, { name: "second", type: cty.Number }],
  returnTypeFor: () => cty.String,
  call() {
    throw new FunctionCallError("must be positive", { argument: 1 });
  },
};
const broken: CtyFunction = {
  params: [],
  returnTypeFor: () => cty.String,
  call() {
    throw new FunctionCallError("the service is down");
  },
};
const arnParse: CtyFunction = {
  params: [{ name: "arn", type: cty.String }],
  returnTypeFor: () => cty.String,
  call: ([a]) => cty.string(a.asString().split(":")[2] ?? ""),
};
const ctx = new EvalContext({
  variables: { a: cty.number(1) },
  functions: { ...functions, failing, broken, "provider::aws::arn_parse": arnParse },
});

Deno.test("hcl eval: no context means variables and calls are not allowed", () => {
  assert.deepEqual(run("a + 1").diagnostics.map((d) => [d.summary, d.detail]), [
    ["Variables not allowed", "Variables may not be used here."],
  ]);
  assert.equal(run("upper(1)").diagnostics[0].summary, "Function calls not allowed");
});

Deno.test("hcl eval: unknown variables and functions get suggestions", () => {
  assert.equal(
    run("bbbb", ctx).diagnostics[0].detail,
    'There is no variable named "bbbb".',
  );
  assert.equal(
    run("b", ctx).diagnostics[0].detail,
    'There is no variable named "b". Did you mean "a"?',
  );
  assert.equal(
    run("uper(1)", ctx).diagnostics[0].detail,
    'There is no function named "uper". Did you mean "upper"?',
  );
});

Deno.test("hcl eval: namespaced functions resolve by their full name", () => {
  assert.equal(run('provider::aws::arn_parse("arn:aws:s3")', ctx).value.asString(), "s3");
  assert.equal(
    run('provider::aws::arn_prase("x")', ctx).diagnostics[0].detail,
    'There is no function named "arn_prase" in namespace provider::aws::. Did you mean provider::aws::arn_parse?',
  );
  assert.equal(
    run('provider::gcp::x("x")', ctx).diagnostics[0].detail,
    'There are no functions in namespace "provider::gcp::".',
  );
});

Deno.test("hcl eval: FunctionCallError points at its argument", () => {
  const r = run('failing("x",\n  5)', ctx);
  assert.equal(r.diagnostics[0].summary, "Invalid function argument");
  assert.equal(r.diagnostics[0].detail, 'Invalid value for "second" parameter: must be positive.');
  assert.deepEqual(r.diagnostics[0].range?.start, { line: 2, column: 3, byte: 15 });
  assert.equal(r.value.type.kind, "dynamic");
  const b = run("broken()", ctx);
  assert.equal(b.diagnostics[0].summary, "Error in function call");
  assert.equal(b.diagnostics[0].detail, 'Call to function "broken" failed: the service is down.');
});

Deno.test("hcl eval: argument counts", () => {
  assert.equal(
    run("upper()", ctx).diagnostics[0].detail,
    'Function "upper" expects 1 argument(s). Missing value for "str".',
  );
  assert.equal(
    run('upper("a", "b")', ctx).diagnostics[0].detail,
    'Function "upper" expects only 1 argument(s).',
  );
});

Deno.test("hcl eval: child contexts see their parents' names and shadow them", () => {
  const child = ctx.child({ a: cty.number(10), c: cty.number(2) });
  assert.equal(run("a * c", child).value.asNumber(), 20);
  assert.equal(run("a", ctx).value.asNumber(), 1);
  assert.throws(() => new EvalContext({ variable: {} } as never), /unknown EvalContext option/);
});

Deno.test("hcl eval: marks reach results through operators, templates and collections", () => {
  const s = new EvalContext({ variables: { p: cty.string("pw").mark(cty.SENSITIVE) } });
  assert.ok(run('"x-${p}"', s).value.hasMark(cty.SENSITIVE));
  assert.ok(run('p == "pw"', s).value.hasMark(cty.SENSITIVE));
  assert.ok(run("[p][0]", s).value.hasMark(cty.SENSITIVE));
  assert.ok(!run("[p]", s).value.hasMark(cty.SENSITIVE));
});

Deno.test("hcl eval: a template over an unknown keeps its known prefix", () => {
  const u = new EvalContext({ variables: { id: cty.unknown(cty.String, { notNull: true }) } });
  const v = run('"ami-${id}"', u).value;
  assert.ok(!v.isKnown);
  assert.deepEqual(v.refinements, { notNull: true, stringPrefix: "ami-" });
});

Deno.test("hcl eval: an unknown condition refines the result to cover both sides", () => {
  const u = new EvalContext({
    variables: {
      c: cty.unknown(cty.Bool),
      l: cty.list([cty.string("a")]),
      m: cty.listEmpty(cty.String),
    },
  });
  assert.deepEqual(run("c ? 1 : 5", u).value.refinements, {
    notNull: true,
    numberLower: [1, true],
    numberUpper: [5, true],
  });
  assert.deepEqual(run("c ? l : m", u).value.refinements, {
    notNull: true,
    lengthUpper: 1,
  });
  assert.equal(run("c ? null : null", u).value.isNull, true);
});
