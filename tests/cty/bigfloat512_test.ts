// Numbers given as text hold what go-cty's 512-bit big.Float holds: tests/cty/testdata/
// bigfloat512.json comes from Go's math/big (scripts/cty-testdata/bigfloat512_cases.ts).
import assert from "node:assert/strict";
import { cty } from "../../src/cty/mod.ts";
import { hex } from "./tagged.ts";

const rows: { text: string; go: string }[] = JSON.parse(
  Deno.readTextFileSync(new URL("./testdata/bigfloat512.json", import.meta.url)),
);

Deno.test("512-bit numbers: every text reads as Go's big.ParseFloat at 512 bits", () => {
  assert.ok(rows.length >= 400);
  const failures = rows.filter((r) => cty.formatNumber(cty.parseNumber(r.text)!) !== r.go);
  assert.deepEqual(failures.map((r) => r.text.slice(0, 40)), []);
});

Deno.test("512-bit numbers: the same value through JSON and msgpack", () => {
  for (const r of rows.slice(0, 60)) {
    const v = cty.json.decode(r.text, cty.Number);
    assert.equal(cty.json.encode(v, cty.Number), r.go);
    assert.equal(
      cty.formatNumber(
        cty.msgpack.decode(cty.msgpack.encode(v, cty.Number), cty.Number).asNumber(),
      ),
      r.go,
    );
  }
});

Deno.test("512-bit numbers: issue 22's example encodes to msgpack 01", () => {
  // 1.000...0001 with 159 zeros is 1 to go-cty (Terraform's plan holds 01 for it).
  const v = cty.numberFromString("1." + "0".repeat(159) + "1");
  assert.equal(hex(cty.msgpack.encode(v, cty.Number)), "01");
  // Up to 153 digits every digit stays.
  const kept = "1." + "0".repeat(151) + "1";
  assert.equal(cty.formatNumber(cty.parseNumber(kept)!), kept);
});
