/**
 * Regenerates tests/cty/testdata/convert_unknown.json: what Terraform 1.11.4 (go-cty 1.16.0)
 * makes of collections holding unknowns when a typed module variable converts them: the result's
 * type (`type(module.u.vN)`) and whether it is known. A set holding an unknown may shrink once
 * the unknown is known, so go-cty gives up on a list of it: the result is an unknown list of the
 * set's own element type, whatever element type was asked for.
 *
 *   deno run -A scripts/cty-testdata/convert_unknown_cases.ts
 *
 * Needs `terraform` on PATH; about 10 s (one console per case: `type()` only works alone).
 *
 * @example
 * ```ts
 * // deno run -A scripts/cty-testdata/convert_unknown_cases.ts
 * ```
 * @module
 */
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import type { TypeJson } from "./cty_types.ts";
import { evaluateBatch, evaluateOne, Leaves } from "./console_batch.ts";
import { hclExpr } from "./hcl_expr.ts";
import { parseTfType } from "./tf_type.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, "..", "..", "tests", "cty", "testdata", "convert_unknown.json");

const S = "string", N = "number";
const UNN = { $unknown: { notNull: true } };
interface Case {
  name: string;
  input: { type: TypeJson; value: unknown };
  target: TypeJson;
}
const c = (name: string, type: TypeJson, value: unknown, target: TypeJson): Case => ({
  name,
  input: { type, value },
  target,
});

const CASES: Case[] = [
  c("set-two-to-list-number", ["set", S], [UNN, "1"], ["list", N]),
  c("set-three-to-list-number", ["set", S], [UNN, "1", "2"], ["list", N]),
  c("set-two-to-list-string", ["set", S], [UNN, "1"], ["list", S]),
  c("set-two-to-list-any", ["set", S], [UNN, "1"], ["list", "dynamic"]),
  c("set-one-to-list-number", ["set", S], [UNN], ["list", N]),
  c("set-two-to-set-number", ["set", S], [UNN, "1"], ["set", N]),
  c("set-known-to-list-number", ["set", S], ["2", "1"], ["list", N]),
  c("list-two-to-list-number", ["list", S], [UNN, "1"], ["list", N]),
  c("set-of-lists-to-list", ["set", ["list", S]], [[UNN], ["1"]], ["list", ["list", N]]),
];

async function main() {
  const rows: unknown[] = [];
  for (const cs of CASES) {
    const leaves = new Leaves();
    const ref = leaves.add(cs.target, hclExpr(cs.input.type, cs.input.value, leaves));
    const type = parseTfType(await evaluateOne(`type(${ref})`, leaves));
    const [shown] = await evaluateBatch([ref], leaves);
    rows.push({ ...cs, resultType: type, known: shown !== "(known after apply)" });
  }
  await Deno.writeTextFile(OUT, "[\n" + rows.map((r) => JSON.stringify(r)).join(",\n") + "\n]\n");
  console.log(`wrote ${rows.length} cases to ${OUT}`);
}

if (import.meta.main) await main();
