// The parser's short-decimal reader must give exactly what cty's general parser gives.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { cty, type Num } from "../../src/cty/mod.ts";
import { shortDecimal } from "../../src/hcl/number_literal.ts";

function same(text: string): void {
  const fast = shortDecimal(text, 0, text.length);
  if (fast === undefined) return;
  const general = cty.parseNumber(text) as Num;
  assertEquals(
    typeof fast === "number" ? { f: fast } : { m: fast.m, e: fast.e },
    typeof general === "number" ? { f: general } : { m: general.m, e: general.e },
    text,
  );
}

Deno.test("shortDecimal: boundary literals agree with cty.parseNumber", () => {
  const cases = [
    "0",
    "0.0",
    "00.500",
    "1.5",
    "0.2750",
    "0.1",
    "0.125",
    "123456789012345",
    "12345678901234.5",
    "0.000000000000001",
    "999999999999999",
    "9007199254740991",
    "4.0",
    "100",
    "0.5000000000000",
  ];
  for (const c of cases) same(c);
  // Sixteen digits, exponents and a trailing point go to the general parser.
  assertEquals(shortDecimal("1234567890123456", 0, 16), undefined);
  assertEquals(shortDecimal("1e5", 0, 3), undefined);
  assertEquals(shortDecimal("1.", 0, 2), undefined);
});

Deno.test("shortDecimal: 20,000 seeded random decimals agree with cty.parseNumber", () => {
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  let checked = 0;
  for (let i = 0; i < 20_000; i++) {
    const intDigits = 1 + rand(8);
    const fracDigits = rand(9);
    let t = "";
    for (let d = 0; d < intDigits; d++) t += String(rand(10));
    if (fracDigits > 0) {
      t += ".";
      for (let d = 0; d < fracDigits; d++) t += String(rand(4) === 0 ? 0 : rand(10));
    }
    same(t);
    checked++;
  }
  assertEquals(checked, 20_000);
});
