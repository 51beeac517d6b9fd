// Differential run of unification against Terraform 1.11.4: tests/cty/testdata/unify_random.json,
// written by scripts/cty-testdata/unify_random_cases.ts (seeded random values of sibling types
// planned as `true ? a : b` and `false ? a : b`; HCL unifies the arms with go-cty 1.16's
// `UnifyUnsafe` and converts the chosen one). `unifyUnsafe` plus the conversion must give
// Terraform's bytes for both arms, and find no common type where Terraform found none.
import assert from "node:assert/strict";
import { cty, type Value } from "../../src/cty/mod.ts";
import { typeFromJSONValue } from "../../src/cty/type_json.ts";
import { fromTagged, hex, unhex } from "./tagged.ts";

interface Row {
  name: string;
  a: { type: unknown; value: unknown };
  b: { type: unknown; value: unknown };
  whenTrue?: string;
  whenFalse?: string;
  error?: string;
}

const rows: Row[] = JSON.parse(
  Deno.readTextFileSync(new URL("./testdata/unify_random.json", import.meta.url)),
);

const TUPLE_NULL = hex(new TextEncoder().encode('"tuple",null'));

/** Terraform's bytes, or ours for them where only its `["tuple",null]` spelling differs. */
function same(got: string, want: string): boolean {
  if (got === want) return true;
  if (!want.includes(TUPLE_NULL)) return false;
  return got === hex(cty.msgpack.encode(cty.msgpack.decode(unhex(want), cty.Dynamic), cty.Dynamic));
}

/** Disagreements with Terraform, one line each. */
export function disagreements(): string[] {
  const out: string[] = [];
  for (const row of rows) {
    const a = fromTagged(row.a.value, typeFromJSONValue(row.a.type));
    const b = fromTagged(row.b.value, typeFromJSONValue(row.b.type));
    const u = cty.unifyUnsafe([a.type, b.type]);
    if (u === undefined) {
      if (row.error === undefined) out.push(`${row.name}: no common type, Terraform found one`);
      continue;
    }
    if (row.error !== undefined) {
      out.push(`${row.name}: unified as ${cty.typeToJSON(u.type)}, Terraform: ${row.error}`);
      continue;
    }
    const arm = (v: Value, i: number) => {
      const conv = u.conversions[i];
      try {
        return hex(cty.msgpack.encode(conv === undefined ? v : conv(v), cty.Dynamic));
      } catch (e) {
        return `refused: ${(e as Error).message}`;
      }
    };
    const t = arm(a, 0);
    const f = arm(b, 1);
    if (!same(t, row.whenTrue!)) {
      out.push(`${row.name} (true): got ${t}, Terraform ${row.whenTrue}`);
    }
    if (!same(f, row.whenFalse!)) {
      out.push(`${row.name} (false): got ${f}, Terraform ${row.whenFalse}`);
    }
  }
  return out;
}

Deno.test("unify differential: every random pair agrees with Terraform 1.11.4", () => {
  assert.ok(rows.length >= 300, `only ${rows.length} cases`);
  const bad = disagreements();
  assert.deepEqual(bad.slice(0, 10), [], `${bad.length} disagreements in ${rows.length} cases`);
});

if (import.meta.main) {
  const bad = disagreements();
  console.log(`unify: ${bad.length} disagreements in ${rows.length} cases`);
  for (const b of bad.slice(0, Number(Deno.args[0] ?? 5))) console.log("  " + b.slice(0, 400));
}
