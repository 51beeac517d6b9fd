import assert from "node:assert/strict";
import { cty } from "../../src/cty/mod.ts";
import { BigDecimal, exactFloat64, hashText } from "../../src/cty/number.ts";
import { hex } from "./tagged.ts";

const mp = (v: ReturnType<typeof cty.number>) => hex(cty.msgpack.encode(v, cty.Number));

Deno.test("numbers: wire forms are int, float64 or decimal text as go-cty 1.16", () => {
  assert.equal(mp(cty.number(0)), "00");
  assert.equal(mp(cty.number(-0)), "00");
  assert.equal(mp(cty.number(-33)), "d0df");
  assert.equal(mp(cty.number(2 ** 32)), "cf0000000100000000");
  assert.equal(mp(cty.number(1.5)), "cbbff8000000000000".replace("bf", "3f"));
  assert.equal(mp(cty.numberFromString("0.1")), "a3302e31");
  assert.equal(mp(cty.numberFromString("9007199254740993")), "cf0020000000000001");
  assert.equal(mp(cty.number(1e21)), "b6" + hex(new TextEncoder().encode("1" + "0".repeat(21))));
  assert.equal(mp(cty.number(Infinity)), "cb7ff0000000000000");
});

Deno.test("numbers: huge, tiny and exact values survive decode->encode", () => {
  for (
    const text of [
      "1e400",
      "-1e-400",
      "1267650600228229401496703205377",
      "0.3333333333333333333333333333333333",
      "-9223372036854775809",
    ]
  ) {
    const v = cty.numberFromString(text);
    const back = cty.msgpack.decode(cty.msgpack.encode(v, cty.Number), cty.Number);
    assert.ok(back.rawEquals(v), text);
    assert.equal(cty.json.encode(back, cty.Number), cty.formatNumber(cty.parseNumber(text)!));
  }
  assert.equal(cty.formatNumber(cty.parseNumber("1e400")!), "1" + "0".repeat(400));
});

Deno.test("numbers: decimal arithmetic and comparison", () => {
  const sum = cty.addNumbers(cty.parseNumber("0.1")!, cty.parseNumber("0.2")!);
  assert.equal(cty.formatNumber(sum), "0.3");
  assert.equal(cty.compareNumbers(sum, cty.parseNumber("0.3")!), 0);
  assert.equal(cty.formatNumber(cty.multiplyNumbers(2 ** 53, 2 ** 53)), (2n ** 106n).toString());
  assert.equal(cty.subtractNumbers(5, 7), -2);
  assert.ok(cty.compareNumbers(cty.parseNumber("1e400")!, Infinity) < 0);
  assert.ok(cty.compareNumbers(-0, 0) === 0);
  assert.equal(exactFloat64(new BigDecimal(5n, -1)), 0.5);
  assert.equal(exactFloat64(new BigDecimal(1n, -1)), undefined);
});

Deno.test("numbers: printing as Terraform (Text('f', -1)) and go's %g hash text", () => {
  assert.equal(cty.formatNumber(2 ** 63), "9223372036854776000");
  assert.equal(cty.formatNumber(2 ** 64), "18446744073709550000"); // go's power-of-two quirk
  assert.equal(cty.formatNumber(1e-7), "0.0000001");
  assert.equal(hashText(1e21), "1e+21");
  assert.equal(hashText(123456789012), "1.23456789e+11");
  assert.equal(hashText(0.00001), "1e-05");
  assert.equal(hashText(cty.parseNumber("1.00000000001")!), "1");
  assert.equal(cty.parseNumber("abc"), undefined);
  assert.equal(cty.parseNumber("1e"), undefined);
});
