// Unknown results and what go-cty 1.16 knows about them (not null, string prefixes, number
// and length bounds), against Terraform 1.11.4's plan (testdata/refinements.json, written by
// scripts/functions-testdata/refinements.ts): arguments and results as Terraform encoded them.
import assert from "node:assert/strict";
import { cty } from "../../../src/cty/mod.ts";
import { functions } from "../../../src/cty/functions/mod.ts";

interface Row {
  expr: string;
  fn: string;
  args: string[];
  result: string;
}

const rows: Row[] = JSON.parse(
  await Deno.readTextFile(new URL("./testdata/refinements.json", import.meta.url)),
);

const show = (x: unknown) =>
  JSON.stringify(
    x,
    (_k, v) =>
      typeof v === "bigint"
        ? String(v)
        : v instanceof Object && "m" in v && "e" in v
        ? `${v.m}e${v.e}`
        : v,
  );

function decode(hex: string) {
  const bytes = Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
  return cty.msgpack.decode(bytes, cty.Dynamic);
}

Deno.test(`refinements: ${rows.length} unknown results agree with Terraform's plan`, () => {
  const failures: string[] = [];
  for (const r of rows) {
    const got = functions[r.fn].call(r.args.map(decode));
    // Terraform's plan writes each output as a dynamic value: compare in that form.
    const want = decode(r.result);
    const gotBytes = cty.msgpack.encode(got, cty.Dynamic);
    const back = cty.msgpack.decode(gotBytes, cty.Dynamic);
    if (!back.rawEquals(want)) {
      failures.push(
        `${r.expr}: got ${show(back.refinements ?? cty.display(back))} ` +
          `(${cty.json.encodeType(back.type)}), want ${
            show(want.refinements ?? cty.display(want))
          } (${cty.json.encodeType(want.type)})`,
      );
    }
  }
  assert.deepEqual(failures, []);
});
