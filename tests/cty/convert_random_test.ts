// Differential run of conversion against Terraform 1.11.4 (go-cty 1.16.0):
// tests/cty/testdata/convert_random.json, written by scripts/cty-testdata/convert_random_cases.ts
// (seeded random typed values, unknowns and nulls included, converted to types derived from
// their own by a typed module variable). Our conversion must give Terraform's planned bytes, or
// refuse where Terraform refused.
import assert from "node:assert/strict";
import { cty } from "../../src/cty/mod.ts";
import { typeFromJSONValue } from "../../src/cty/type_json.ts";
import { fromTagged, hex, unhex } from "./tagged.ts";

interface Row {
  name: string;
  type: unknown;
  value: unknown;
  target: unknown;
  msgpack?: string;
  error?: string;
}

const rows: Row[] = JSON.parse(
  Deno.readTextFileSync(new URL("./testdata/convert_random.json", import.meta.url)),
);

/**
 * Terraform's bytes re-encoded by us from what we read in them: the one difference left is the
 * empty tuple's type, which Terraform writes `["tuple",null]` after some conversions (a Go nil
 * slice) and we `["tuple",[]]`; both read as the same type everywhere.
 */
function sameTupleSpelling(bytes: Uint8Array): Uint8Array {
  return cty.msgpack.encode(cty.msgpack.decode(bytes, cty.Dynamic), cty.Dynamic);
}

/** Disagreements with Terraform, one line each. */
export function disagreements(): string[] {
  const out: string[] = [];
  for (const row of rows) {
    const v = fromTagged(row.value, typeFromJSONValue(row.type));
    const target = typeFromJSONValue(row.target);
    let got: string;
    try {
      got = hex(cty.msgpack.encode(cty.convert(v, target), cty.Dynamic));
    } catch (e) {
      if (row.error === undefined) out.push(`${row.name}: refused (${(e as Error).message})`);
      continue;
    }
    if (row.error !== undefined) {
      out.push(`${row.name}: converted, Terraform refused: ${row.error}`);
    } else if (got !== row.msgpack && got !== hex(sameTupleSpelling(unhex(row.msgpack!)))) {
      out.push(`${row.name}: got ${got}, Terraform ${row.msgpack}`);
    }
  }
  return out;
}

Deno.test("convert differential: every random case agrees with Terraform 1.11.4", () => {
  assert.ok(rows.length >= 500, `only ${rows.length} cases`);
  const bad = disagreements();
  assert.deepEqual(bad.slice(0, 10), [], `${rows.length - bad.length}/${rows.length} agree`);
});

if (import.meta.main) {
  const bad = disagreements();
  console.log(`convert: ${rows.length - bad.length}/${rows.length} agree`);
  for (const b of bad.slice(0, Number(Deno.args[0] ?? 5))) console.log("  " + b.slice(0, 400));
}
