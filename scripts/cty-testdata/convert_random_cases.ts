/**
 * Regenerates tests/cty/testdata/convert_random.json: a differential run of conversion against
 * Terraform 1.11.4 (go-cty 1.16.0). Seeded random typed values (random_values.ts: unknowns,
 * nulls at every level, sets, maps, tuples, objects) are each converted to a random target type
 * derived from their own (primitives to string or `any`, lists and sets to each other, tuples to
 * lists, objects to maps or to objects with an extra optional attribute, parts to `any`) by a
 * typed module variable, and planned as an output: `msgpack` is the result's plan bytes (type
 * `dynamic`), or `error` when Terraform refused the conversion.
 *
 *   deno run -A scripts/cty-testdata/convert_random_cases.ts [--seed 22] [--count 600]
 *
 * Needs `terraform` on PATH (about 30 s).
 *
 * @example
 * ```ts
 * // deno run -A scripts/cty-testdata/convert_random_cases.ts
 * ```
 * @module
 */
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import type { TypeJson } from "./cty_types.ts";
import { Leaves, planBatch } from "./console_batch.ts";
import { hclLiteral } from "./hcl_expr.ts";
import { bytesToHex } from "./msgpack_tagged.ts";
import { RandomValues } from "./random_values.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, "..", "..", "tests", "cty", "testdata", "convert_random.json");

interface Case {
  name: string;
  type: TypeJson;
  value: unknown;
  target: TypeJson;
}

/** A target type `t` is likely (not certain) to convert to. */
function loosen(g: RandomValues, t: TypeJson): TypeJson {
  if (g.int(8) === 0) return "dynamic";
  if (typeof t === "string") {
    return t === "dynamic" ? t : g.int(3) === 0 ? "string" : t;
  }
  const [kind, a, opt] = t as [string, unknown, string[]?];
  switch (kind) {
    case "list":
    case "set":
      return [g.int(2) === 0 ? "list" : "set", loosen(g, a as TypeJson)] as TypeJson;
    case "map":
      return ["map", loosen(g, a as TypeJson)];
    case "tuple": {
      const ts = a as TypeJson[];
      if (g.int(3) === 0) return ["list", ts.length === 0 ? "string" : loosen(g, ts[0])];
      return ["tuple", ts.map((x) => loosen(g, x))];
    }
    default: {
      const at = a as Record<string, TypeJson>;
      const names = Object.keys(at);
      if (g.int(4) === 0) return ["map", names.length === 0 ? "string" : loosen(g, at[names[0]])];
      const out: Record<string, TypeJson> = {};
      for (const n of names) out[n] = loosen(g, at[n]);
      const optional = [...(opt ?? [])];
      if (g.int(3) === 0) {
        out.extra = "string";
        optional.push("extra");
      }
      return (optional.length ? ["object", out, optional] : ["object", out]) as TypeJson;
    }
  }
}

/**
 * Plans `cases`. Terraform names each refused variable (`module.c.var.kN`) in its errors: those
 * cases get their error text and the rest is planned again; anything else splits the batch.
 */
async function plan(cases: Case[]): Promise<Record<string, unknown>[]> {
  const leaves = new Leaves();
  // The source is itself a typed module output (a plain literal converted to its type), so no
  // expression has to build it from unknown module outputs while Terraform validates.
  const exprs = cases.map((cs) =>
    leaves.convert(cs.target, leaves.add(cs.type, hclLiteral(cs.type, cs.value)))
  );
  try {
    const got = await planBatch(exprs, leaves);
    return cases.map((cs, i) => ({ ...cs, msgpack: bytesToHex(got[i]) }));
  } catch (e) {
    const refused = new Map<number, string>();
    for (const block of (e as Error).message.split(/(?=Error: )/)) {
      const m = /module\.c\.var\.k(\d+)/.exec(block);
      if (m === null) continue;
      const text = block.split("\n").map((l) => l.replace(/^[│╷╵]\s?/, "").trim())
        .filter((l) => l !== "").join(" ");
      refused.set(Number(m[1]), text.replace(/ on main\.tf line \d+.*?declared at \S+: /, ": "));
    }
    if (refused.size === 0) {
      if (cases.length === 1) return [{ ...cases[0], error: (e as Error).message.slice(0, 300) }];
      const mid = cases.length >> 1;
      return [...await plan(cases.slice(0, mid)), ...await plan(cases.slice(mid))];
    }
    const rest = cases.filter((_, i) => !refused.has(i));
    const planned = rest.length === 0 ? [] : await plan(rest);
    const byName = new Map(planned.map((r) => [r.name, r]));
    return cases.map((cs, i) =>
      refused.has(i) ? { ...cs, error: refused.get(i) } : byName.get(cs.name)!
    );
  }
}

async function main() {
  const args = parseArgs({
    options: {
      seed: { type: "string", default: "22" },
      count: { type: "string", default: "600" },
    },
  });
  const seed = Number(args.values.seed);
  const g = new RandomValues(seed, { unknowns: true, marks: false, dynamic: false });
  const cases: Case[] = [];
  for (let i = 0; i < Number(args.values.count); i++) {
    const t = g.type(3);
    const value = g.value(t, 3);
    // A null at the top would be planned as a bare null of no type.
    if (value === null) continue;
    cases.push({ name: `random/${seed}/${i}`, type: t, value, target: loosen(g, t) });
  }
  const rows: Record<string, unknown>[] = [];
  const BATCH = 100;
  for (let i = 0; i < cases.length; i += BATCH) rows.push(...await plan(cases.slice(i, i + BATCH)));
  await Deno.writeTextFile(OUT, "[\n" + rows.map((r) => JSON.stringify(r)).join(",\n") + "\n]\n");
  console.log(`wrote ${rows.length} cases (${rows.filter((r) => "error" in r).length} refused)`);
}

if (import.meta.main) await main();
