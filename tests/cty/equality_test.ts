// `==` against Terraform 1.11.4 (go-cty 1.16.0): tests/cty/testdata/equality.json, written by
// scripts/cty-testdata/equality_cases.ts (named cases from issue 22 and seeded random pairs).
import assert from "node:assert/strict";
import type { Value } from "../../src/cty/mod.ts";
import { typeFromJSONValue } from "../../src/cty/type_json.ts";
import { fromTagged } from "./tagged.ts";

interface Row {
  name: string;
  a: { type: unknown; value: unknown };
  b: { type: unknown; value: unknown };
  result: boolean | "unknown";
  sensitive: boolean;
  notNull?: boolean;
}

const rows: Row[] = JSON.parse(
  await Deno.readTextFile(new URL("./testdata/equality.json", import.meta.url)),
);

function answer(v: Value): boolean | "unknown" {
  return v.isKnown ? v.raw as boolean : "unknown";
}

/**
 * go-cty walks object attributes and map keys in Go's random map order and stops at the first
 * false or unknown, so where both occur among siblings Terraform may give either answer.
 */
function orderDependent(a: Value, b: Value): boolean {
  const ua = a.unmarkDeep().value;
  const ub = b.unmarkDeep().value;
  if (!ua.isKnown || !ub.isKnown || ua.isNull || ub.isNull) return false;
  const k = ua.type.kind;
  if (k !== ub.type.kind || !["object", "map", "list", "tuple"].includes(k)) return false;
  if (ua.length !== ub.length) return false;
  const xs = ua.elements();
  const ys = ub.elements();
  const results = xs.map((x, i) => answer(x.equals(ys[i])));
  if ((k === "object" || k === "map") && results.includes(false) && results.includes("unknown")) {
    return true;
  }
  return xs.some((x, i) => orderDependent(x, ys[i]));
}

Deno.test("equality: every case agrees with Terraform 1.11.4", () => {
  assert.ok(rows.length > 1000, `only ${rows.length} cases`);
  const failures: string[] = [];
  let ambiguous = 0;
  for (const row of rows) {
    const a = fromTagged(row.a.value, typeFromJSONValue(row.a.type));
    const b = fromTagged(row.b.value, typeFromJSONValue(row.b.type));
    const got = a.equals(b);
    const ours = answer(got);
    const sensitive = got.hasMark("sensitive");
    const notNull = got.isKnown ? undefined : got.refinements?.notNull === true;
    if (ours !== row.result && orderDependent(a, b) && ours !== true && row.result !== true) {
      ambiguous++;
      continue;
    }
    if (ours !== row.result || sensitive !== row.sensitive || notNull !== row.notNull) {
      failures.push(
        `${row.name}: ours ${ours} sensitive=${sensitive} notNull=${notNull}, Terraform ${row.result}` +
          ` sensitive=${row.sensitive} notNull=${row.notNull}`,
      );
    }
  }
  assert.ok(ambiguous < rows.length / 20, `${ambiguous} order-dependent cases`);
  assert.deepEqual(failures, []);
});

Deno.test("equality: the issue's named cases", () => {
  const byName = new Map(rows.map((r) => [r.name, r]));
  // Spot checks that the data says what issue 22 reports, so a regenerated file cannot drift.
  assert.equal(byName.get("named/nested-mark-left")?.sensitive, true);
  assert.equal(byName.get("named/set-of-objects-with-unknown")?.result, false);
  assert.equal(byName.get("named/prefix-vs-other")?.result, false);
  assert.equal(byName.get("named/dynamic-attr-vs-false")?.result, "unknown");
});
