/**
 * Regenerates tests/cty/testdata/unify_random.json: a differential run of unification against
 * Terraform 1.11.4 (HCL's conditional unifies its arms' types with go-cty 1.16's
 * `convert.UnifyUnsafe` and converts the chosen arm). Seeded random pairs of typed values whose
 * types are siblings (primitives swapped, lists and sets and tuples exchanged, objects with an
 * attribute more or less, maps and objects exchanged) are planned as `true ? a : b` and
 * `false ? a : b`; `whenTrue` and `whenFalse` are the planned bytes (type `dynamic`), or `error`
 * holds Terraform's message when the arms do not unify.
 *
 *   deno run -A scripts/cty-testdata/unify_random_cases.ts [--seed 22] [--count 400]
 *
 * Needs `terraform` on PATH (about 30 s).
 *
 * @example
 * ```ts
 * // deno run -A scripts/cty-testdata/unify_random_cases.ts
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
const OUT = join(HERE, "..", "..", "tests", "cty", "testdata", "unify_random.json");

interface Typed {
  type: TypeJson;
  value: unknown;
}
interface Case {
  name: string;
  a: Typed;
  b: Typed;
}

/** A type close to `t`: the same shape with one change somewhere. */
function sibling(g: RandomValues, t: TypeJson): TypeJson {
  if (typeof t === "string") return g.pick(["string", "number", "bool", t, t]);
  const [kind, a] = t as [string, unknown];
  const r = g.int(4);
  switch (kind) {
    case "list":
    case "set":
      if (r === 0) return [kind === "list" ? "set" : "list", a as TypeJson] as TypeJson;
      if (r === 1) return ["tuple", [a as TypeJson, a as TypeJson]];
      return [kind as "list", sibling(g, a as TypeJson)];
    case "map":
      if (r === 0) return ["object", { a: a as TypeJson, b: a as TypeJson }];
      return ["map", sibling(g, a as TypeJson)];
    case "tuple": {
      const ts = a as TypeJson[];
      if (r === 0 && ts.length > 0) return ["list", ts[0]];
      if (ts.length === 0) return ["tuple", [g.type(1)]];
      const i = g.int(ts.length);
      return ["tuple", ts.map((x, j) => (j === i ? sibling(g, x) : x))];
    }
    default: {
      const at = { ...(a as Record<string, TypeJson>) };
      const names = Object.keys(at);
      if (r === 0 && names.length > 0) return ["map", at[names[0]]];
      if (r === 1) at.extra = g.type(1);
      else if (r === 2 && names.length > 1) delete at[names[0]];
      else if (names.length > 0) at[names[0]] = sibling(g, at[names[0]]);
      return ["object", at];
    }
  }
}

async function plan(cases: Case[]): Promise<Record<string, unknown>[]> {
  const leaves = new Leaves();
  const exprs: string[] = [];
  for (const cs of cases) {
    const a = leaves.add(cs.a.type, hclLiteral(cs.a.type, cs.a.value));
    const b = leaves.add(cs.b.type, hclLiteral(cs.b.type, cs.b.value));
    exprs.push(`true ? ${a} : ${b}`, `false ? ${a} : ${b}`);
  }
  try {
    const got = await planBatch(exprs, leaves);
    return cases.map((cs, i) => ({
      ...cs,
      whenTrue: bytesToHex(got[2 * i]),
      whenFalse: bytesToHex(got[2 * i + 1]),
    }));
  } catch (e) {
    // Terraform names each failing local (`xN = ...`): record those, plan the rest again.
    const refused = new Map<number, string>();
    for (const block of (e as Error).message.split(/(?=Error: )/)) {
      const m = /in locals:\s*\n.*?\d+:\s+x(\d+) =/.exec(block);
      if (m === null) continue;
      const lines = block.split("\n").map((l) => l.replace(/^[│╷╵├─\s]*/, "").trim());
      const title = lines[0].replace(/^Error: /, "");
      const detail = lines.filter((l) => l !== "").at(-1) ?? "";
      refused.set(Math.floor(Number(m[1]) / 2), `${title}: ${detail}`);
    }
    if (refused.size === 0) throw e;
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
      count: { type: "string", default: "400" },
    },
  });
  const seed = Number(args.values.seed);
  const g = new RandomValues(seed, { unknowns: true, marks: false, dynamic: false });
  const cases: Case[] = [];
  for (let i = 0; i < Number(args.values.count); i++) {
    const ta = g.type(2);
    const tb = sibling(g, ta);
    const a = g.value(ta, 2);
    const b = g.value(tb, 2);
    // A null output is planned without its type: keep both arms non-null at the top.
    if (a === null || b === null) continue;
    cases.push({
      name: `random/${seed}/${i}`,
      a: { type: ta, value: a },
      b: { type: tb, value: b },
    });
  }
  const rows: Record<string, unknown>[] = [];
  const BATCH = 100;
  for (let i = 0; i < cases.length; i += BATCH) rows.push(...await plan(cases.slice(i, i + BATCH)));
  await Deno.writeTextFile(OUT, "[\n" + rows.map((r) => JSON.stringify(r)).join(",\n") + "\n]\n");
  console.log(`wrote ${rows.length} cases (${rows.filter((r) => "error" in r).length} refused)`);
}

if (import.meta.main) await main();
