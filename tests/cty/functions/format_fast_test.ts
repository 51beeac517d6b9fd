// format's fast path (plain %s/%d on known, unmarked arguments) must give what the generic path
// gives: same text, NFC, marks and unknowns handled, and JSON escaping of the result intact.
import assert from "node:assert/strict";
import { cty, type Value } from "../../../src/cty/mod.ts";
import { functions } from "../../../src/cty/functions/mod.ts";
import { formatString } from "../../../src/cty/functions/format.ts";

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
