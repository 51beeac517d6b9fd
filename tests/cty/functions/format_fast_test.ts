// format's fast path (plain %s/%d on known, unmarked arguments) must give what the generic path
// gives: same text, NFC, marks and unknowns handled, and JSON escaping of the result intact.
import assert from "node:assert/strict";
import { cty, type Value } from "../../../src/cty/mod.ts";
import { functions } from "../../../src/cty/functions/mod.ts";
import { formatString } from "../../../src/cty/functions/format.ts";
import {
  compileRenderer,
  fastPlanFor,
  HOT_CALLS,
  MAX_COMPILED_VERBS,
  renderPlan,
} from "../../../src/cty/functions/format_fast.ts";

const format = (f: string, ...args: Value[]) => functions.format.call([cty.string(f), ...args]);

Deno.test("format fast path: same text as the generic renderer", () => {
  const strings = ["web", "", "é", "e\u0301", "<b>&", 'q"uote', "日本", "😀"];
  const numbers = [0, -0, 7, -12, 2 ** 53 - 1, 1.5, 1e21];
  for (const f of ["%s-%d", "<%s>", "%[2]d/%[1]s", "e\u0301%s", "%s%s"]) {
    for (const s of strings) {
      for (const n of numbers) {
        const args = f === "%s%s" ? [cty.string(s), cty.string(s)] : [cty.string(s), cty.number(n)];
        const argsFor = f === "%[2]d/%[1]s"
          ? args
          : f === "<%s>" || f === "e\u0301%s"
          ? args.slice(0, 1)
          : args;
        let want: string;
        try {
          want = cty.string(formatString(f, argsFor)).asString();
        } catch {
          assert.throws(() => format(f, ...argsFor));
          continue;
        }
        const got = format(f, ...argsFor);
        assert.equal(got.asString(), want, `${f} ${JSON.stringify(s)} ${n}`);
        // A result marked plain would skip JSON escaping: the encoder must still escape.
        assert.equal(
          cty.json.encode(got, cty.String),
          JSON.stringify(want)
            .replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026"),
        );
      }
    }
  }
});

Deno.test("format fast path: marks, unknowns and extra arguments take the generic path", () => {
  const s = format("%s-%d", cty.string("a").mark(cty.SENSITIVE), cty.number(1));
  assert.ok(s.hasMark(cty.SENSITIVE));
  assert.equal(s.unmark().asString(), "a-1");
  const u = format("x%s", cty.unknown(cty.String));
  assert.equal(u.isKnown, false);
  assert.throws(() => format("%s", cty.string("a"), cty.string("b")), /too many arguments/);
  assert.equal(format("%d", cty.string("12")).asString(), "12"); // converted by the generic path
});

Deno.test("format fast path: plan shapes (adjacent, repeated, trailing verbs, no verbs)", () => {
  const s = (x: string) => cty.string(x);
  const n = (x: number) => cty.number(x);
  const cases: [string, Value[]][] = [
    ["abc", []],
    ["", []],
    ["%s", [s("x")]],
    ["%s%d%s", [s("a"), n(-0), s("<")]],
    ["%[1]s %[1]s %[2]d", [s("é"), n(3)]],
    ["%[2]s/%[1]s", [s("a"), s("b")]],
    ["a%sb%sc%sd%se%s", [s("1"), s("2"), s("3"), s("4"), s("5")]],
    ["%d%%%d", [n(9007199254740991), n(-9007199254740991)]],
  ];
  for (const [f, args] of cases) {
    const got = format(f, ...args);
    assert.equal(got.asString(), cty.string(formatString(f, args)).asString(), f);
    assert.equal(
      cty.json.encode(got, cty.String),
      cty.json.encode(cty.string(got.asString()), cty.String),
      `${f}: JSON escaping of the result`,
    );
  }
  // A verb index past the arguments, or arguments past the highest index: the generic path's
  // errors. go-cty counts only past the highest index, so a skipped argument is no error.
  assert.throws(() => format("%[2]s", s("a")), /not enough arguments/);
  assert.throws(() => format("%[1]s", s("a"), s("b")), /too many arguments; only 1 used/);
  assert.equal(format("%[2]s", s("a"), s("b")).asString(), "b");
  assert.throws(() => format("abc", s("a")), /no verbs in format string/);
});

// Each plan is rendered by the shared loop until it is hot, then by a renderer generated for it:
// both must give what the generic renderer gives, and hand back the same calls.
const shapes: [string, Value[]][] = [
  ["", []],
  ["abc", []],
  ["%s", [cty.string("x")]],
  ["%d%d", [cty.number(1), cty.number(2)]], // "12": concatenated, never summed
  ["%d", [cty.number(-0)]],
  ["%s-%d", [cty.string("web"), cty.number(7)]],
  ["é%s", [cty.string("e\u0301")]],
  ["<%s>", [cty.string("日本")]],
  ["%[1]s %[1]s %[2]d", [cty.string('q"'), cty.number(-12)]],
  ["%[2]d/%[1]s", [cty.string("a"), cty.number(2 ** 53 - 1)]],
  ["a%sb%sc%sd%se%s", ["1", "2", "3", "4", "5"].map((x) => cty.string(x))],
];

Deno.test("format fast path: shared loop and generated renderer agree with the generic path", () => {
  for (const [f, rest] of shapes) {
    const args = [cty.string(f), ...rest];
    const plan = fastPlanFor(f);
    assert.ok(plan !== null, f);
    const own = compileRenderer(plan);
    assert.ok(own !== null, f);
    const want = formatString(f, rest);
    for (const got of [renderPlan(plan, args), own(args)]) {
      assert.ok(got !== undefined, f);
      assert.equal(got.asString(), cty.string(want).asString(), f);
      assert.equal(
        cty.json.encode(got, cty.String),
        cty.json.encode(cty.string(want), cty.String),
        `${f}: JSON escaping of the result`,
      );
    }
  }
});

Deno.test("format fast path: what the generated renderer hands back to the generic path", () => {
  const plan = fastPlanFor("%s-%d")!;
  const own = compileRenderer(plan)!;
  const f = cty.string("%s-%d");
  const handedBack: Value[][] = [
    [f, cty.string("a").mark(cty.SENSITIVE), cty.number(1)],
    [f, cty.string("a"), cty.number(1).mark(cty.SENSITIVE)],
    [f, cty.unknown(cty.String), cty.number(1)],
    [f, cty.nullValue(cty.String), cty.number(1)],
    [f, cty.number(1), cty.number(1)], // a number for %s: converted by the generic path
    [f, cty.string("a"), cty.string("1")],
    [f, cty.string("a"), cty.number(1.5)],
    [f, cty.string("a"), cty.number(2 ** 53)],
    [f, cty.string("a"), cty.number(10n ** 30n)],
    [f, cty.string("a")],
    [f, cty.string("a"), cty.number(1), cty.number(2)],
  ];
  for (const args of handedBack) {
    assert.equal(own(args), undefined);
    // The shared loop's caller checks the count; the generated renderer checks it itself.
    if (args.length === plan.used + 1) assert.equal(renderPlan(plan, args), undefined);
  }
  // The same calls through `format` itself: the generic path's answers.
  const call = (args: Value[]) => functions.format.call(args);
  assert.ok(call(handedBack[0]).hasMark(cty.SENSITIVE));
  assert.equal(call(handedBack[2]).isKnown, false);
  assert.throws(() => call(handedBack[3]), /null value cannot be formatted/);
  assert.equal(call(handedBack[4]).asString(), "1-1");
  assert.equal(call(handedBack[5]).asString(), "a-1");
  assert.throws(() => call(handedBack[6]), /an integer is required/);
  assert.equal(call(handedBack[7]).asString(), "a-9007199254740992");
  assert.equal(call(handedBack[8]).asString(), "a-1000000000000000000000000000000");
  assert.throws(() => call(handedBack[9]), /not enough arguments/);
  assert.throws(() => call(handedBack[10]), /too many arguments/);
});

Deno.test("format fast path: a plan gets its own renderer once hot, through format itself", () => {
  const f = "hot %s/%d";
  const plan = fastPlanFor(f)!;
  const args = [cty.string(f), cty.string("x"), cty.number(3)];
  for (let i = 0; i <= HOT_CALLS; i++) {
    assert.equal(functions.format.call(args).asString(), "hot x/3");
  }
  assert.equal(typeof plan.renderer, "function");
  assert.equal(functions.format.call(args).asString(), "hot x/3");
  // Marked or unknown arguments still reach the generic path once the renderer exists.
  assert.ok(functions.format.call([args[0], args[1], args[2].mark("m")]).hasMark("m"));
  assert.equal(functions.format.call([args[0], cty.unknown(cty.String), args[2]]).isKnown, false);
});

Deno.test("format fast path: where code cannot be generated, plans stay on the shared loop", () => {
  const plan = fastPlanFor("no codegen %s")!;
  const original = globalThis.Function;
  globalThis.Function = function () {
    throw new EvalError("code generation from strings disallowed");
  } as unknown as FunctionConstructor;
  try {
    assert.equal(compileRenderer(plan), null);
  } finally {
    globalThis.Function = original;
  }
  const args = [cty.string("no codegen %s"), cty.string("x")];
  assert.equal(renderPlan(plan, args)?.asString(), "no codegen x");
});

Deno.test("format fast path: a plan of very many verbs stays on the shared loop", () => {
  const n = MAX_COMPILED_VERBS + 1;
  const f = "%s,".repeat(n);
  const plan = fastPlanFor(f)!;
  assert.equal(compileRenderer(plan), null);
  const args = [cty.string(f), ...Array.from({ length: n }, (_, i) => cty.string(`${i}`))];
  for (let i = 0; i <= HOT_CALLS; i++) functions.format.call(args);
  assert.equal(plan.renderer, null);
  assert.equal(functions.format.call(args).asString(), formatString(f, args.slice(1)));
});
