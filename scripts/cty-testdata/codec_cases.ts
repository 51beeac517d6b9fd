/**
 * Regenerates tests/cty/testdata/codec_random.json: seeded random types and values (see
 * random_values.ts; unknowns, nulls at every level, non-NFC names and strings, numbers beyond
 * 512 bits) planned as outputs of Terraform 1.11.4 (go-cty 1.16.0). Each value is a plain
 * literal converted to its type by a typed module variable, as Terraform converts any input. Each row holds the msgpack
 * Terraform stored in the plan file for the value (type `dynamic`: `[type JSON, value]`), and for
 * wholly known values the text of `jsonencode(value)`, which is go-cty's JSON encoding of the
 * value at its own type. A case Terraform refuses is recorded with its error.
 *
 *   deno run -A scripts/cty-testdata/codec_cases.ts [--seed 22] [--count 1500]
 *
 * Needs `terraform` on PATH (about 20 s); output is deterministic for a seed.
 *
 * @example
 * ```ts
 * // deno run -A scripts/cty-testdata/codec_cases.ts
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
const OUT = join(HERE, "..", "..", "tests", "cty", "testdata", "codec_random.json");

interface Case {
  name: string;
  type: TypeJson;
  value: unknown;
}

/** Issue 22's cases by name: set order of -0, NFC keys and names, numbers past 512 bits. */
const NAMED: Case[] = [
  { name: "named/set-zero-order", type: ["set", "number"], value: [0, "-0", 1] },
  { name: "named/set-zero-order-reversed", type: ["set", "number"], value: ["-0", 0] },
  { name: "named/set-nested-zero", type: ["set", ["list", "number"]], value: [[0], ["-0"]] },
  {
    name: "named/set-nested-zero-reversed",
    type: ["set", ["list", "number"]],
    value: [["-0"], [0]],
  },
  { name: "named/map-nfd-key", type: ["map", "number"], value: { "e\u0301": 1, k: 2 } },
  {
    name: "named/object-nfd-name",
    type: ["object", { "e\u0301": "string" }],
    value: { "e\u0301": "x" },
  },
  {
    name: "named/angstrom-name",
    type: ["object", { "\u212B": "number", "B": "number" }],
    value: { "\u212B": 1, "B": 2 },
  },
  { name: "named/number-159-zeros", type: "number", value: "1." + "0".repeat(159) + "1" },
  { name: "named/number-200-digits", type: "number", value: "1234567890".repeat(20) },
  { name: "named/number-154-digits", type: "number", value: "1." + "0".repeat(152) + "1" },
];

function whollyKnown(v: unknown): boolean {
  if (v === null || typeof v !== "object") return true;
  if ("$unknown" in v) return false;
  return Object.values(v as Record<string, unknown>).every(whollyKnown);
}

/** Plans `cases`; on failure splits the batch until the failing cases are alone. */
async function plan(cases: Case[]): Promise<Record<string, unknown>[]> {
  const leaves = new Leaves();
  const exprs: string[] = [];
  const jsonAt: number[] = [];
  for (const cs of cases) {
    const e = leaves.add(cs.type, hclLiteral(cs.type, cs.value));
    exprs.push(e);
    if (whollyKnown(cs.value)) {
      jsonAt.push(exprs.length);
      exprs.push(`jsonencode(${e})`);
    } else jsonAt.push(-1);
  }
  try {
    const got = await planBatch(exprs, leaves);
    let k = 0;
    return cases.map((cs, i) => {
      const row: Record<string, unknown> = {
        name: cs.name,
        type: cs.type,
        value: cs.value,
        msgpack: bytesToHex(got[k++]),
      };
      if (jsonAt[i] >= 0) {
        // The output holds the jsonencode string as msgpack `[\"string\", str]`.
        const bytes = got[k++];
        row.json = decodeDynamicString(bytes);
      }
      return row;
    });
  } catch (e) {
    if (cases.length === 1) {
      const msg = (e as Error).message.split("\n").find((l) => l.startsWith("Error: ")) ?? "error";
      return [{ name: cases[0].name, type: cases[0].type, value: cases[0].value, error: msg }];
    }
    const mid = cases.length >> 1;
    return [...await plan(cases.slice(0, mid)), ...await plan(cases.slice(mid))];
  }
}

/** The string inside msgpack `[bin "\"string\"", str]`. */
function decodeDynamicString(b: Uint8Array): string {
  let i = 0;
  if (b[i++] !== 0x92 || b[i++] !== 0xc4) throw new Error("not a dynamic wrapper");
  i += 1 + b[i];
  const tag = b[i++];
  let len: number;
  if ((tag & 0xe0) === 0xa0) len = tag & 0x1f;
  else if (tag === 0xd9) len = b[i++];
  else if (tag === 0xda) {
    len = (b[i] << 8) | b[i + 1];
    i += 2;
  } else if (tag === 0xdb) {
    len = ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];
    i += 4;
  } else throw new Error(`not a string: ${tag.toString(16)}`);
  return new TextDecoder().decode(b.subarray(i, i + len));
}

async function main() {
  const args = parseArgs({
    options: {
      seed: { type: "string", default: "22" },
      count: { type: "string", default: "1500" },
    },
  });
  const seed = Number(args.values.seed);
  const g = new RandomValues(seed, { unknowns: true, marks: false, dynamic: true, wide: true });
  const cases: Case[] = [...NAMED];
  for (let i = 0; i < Number(args.values.count); i++) {
    const t = g.type(4);
    cases.push({ name: `random/${seed}/${i}`, type: t, value: g.value(t, 4) });
  }
  const rows: Record<string, unknown>[] = [];
  const BATCH = 250;
  for (let i = 0; i < cases.length; i += BATCH) rows.push(...await plan(cases.slice(i, i + BATCH)));
  await Deno.writeTextFile(OUT, "[\n" + rows.map((r) => JSON.stringify(r)).join(",\n") + "\n]\n");
  console.log(`wrote ${rows.length} cases (${rows.filter((r) => "error" in r).length} refused)`);
}

if (import.meta.main) await main();
