// Conversions of collections holding unknowns, against Terraform 1.11.4: tests/cty/testdata/
// convert_unknown.json, written by scripts/cty-testdata/convert_unknown_cases.ts.
import assert from "node:assert/strict";
import { cty } from "../../src/cty/mod.ts";
import { typeFromJSONValue } from "../../src/cty/type_json.ts";
import { fromTagged } from "./tagged.ts";

interface Row {
  name: string;
  input: { type: unknown; value: unknown };
  target: unknown;
  resultType: unknown;
  known: boolean;
}

const rows: Row[] = JSON.parse(
  Deno.readTextFileSync(new URL("./testdata/convert_unknown.json", import.meta.url)),
);

Deno.test("convert: collections holding unknowns convert as Terraform converts them", () => {
  assert.ok(rows.length >= 9);
  for (const row of rows) {
    const v = fromTagged(row.input.value, typeFromJSONValue(row.input.type));
    const got = cty.convert(v, typeFromJSONValue(row.target));
    assert.deepEqual(JSON.parse(cty.typeToJSON(got.type)), row.resultType, row.name);
    assert.equal(got.isKnown, row.known, row.name);
  }
});
