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
