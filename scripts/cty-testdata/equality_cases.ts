/**
 * Regenerates tests/cty/testdata/equality.json: what Terraform 1.11.4 (go-cty 1.16.0) answers
 * for `A == B`, for the cases named below and for seeded random pairs (see random_values.ts),
 * with unknowns and sensitive marks anywhere inside either operand. Each row records whether
 * the answer is known and its value, whether it is sensitive, and whether an unknown answer is
 * refined as not null (`E == null` is then false rather than unknown).
 *
 *   deno run -A scripts/cty-testdata/equality_cases.ts [--seed 22] [--random 1200]
 *
 * Needs `terraform` on PATH (about 1 s per 150 cases); output is deterministic for a seed.
 *
 * @example
 * ```ts
 * // deno run -A scripts/cty-testdata/equality_cases.ts
 * ```
 * @module
 */
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import type { TypeJson } from "./cty_types.ts";
import { evaluateBatch, Leaves } from "./console_batch.ts";
import { hclExpr } from "./hcl_expr.ts";
import { RandomValues } from "./random_values.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, "..", "..", "tests", "cty", "testdata", "equality.json");

interface Typed {
  type: TypeJson;
  value: unknown;
}
interface EqualityCase {
  name: string;
  a: Typed;
  b: Typed;
}

const S = "string", N = "number", B = "bool", D = "dynamic";
const U = { $unknown: {} };
const UNN = { $unknown: { notNull: true } };
const sens = (v: unknown) => ({ $sensitive: v });
const v = (type: TypeJson, value: unknown): Typed => ({ type, value });
const c = (name: string, a: Typed, b: Typed): EqualityCase => ({ name, a, b });

/** The cases and their neighbours. */
const NAMED: EqualityCase[] = [
  // 1. marks nested in either operand mark the answer
  c(
    "nested-mark-left",
    v(["object", { a: B }], { a: sens(false) }),
    v(["object", { a: B }], { a: false }),
  ),
  c("nested-mark-right", v(["list", S], ["x"]), v(["list", S], [sens("x")])),
  c("nested-mark-unequal", v(["tuple", [S, N]], ["x", sens(1)]), v(["tuple", [S, N]], ["y", 1])),
  c("top-mark", v(S, sens("x")), v(S, "x")),
  c("mark-and-null", v(["object", { a: S }], { a: sens("x") }), v(["object", { a: S }], null)),
  c("mark-in-map", v(["map", N], { k: sens(1) }), v(["map", N], { k: 1 })),
  c("mark-type-mismatch", v(["list", S], [sens("x")]), v(S, "x")),
  c("mark-unknown", v(S, sens(UNN)), v(S, "x")),
  // 2. unknowns
  c(
    "set-of-objects-with-unknown",
    v(["set", ["object", { a: S }]], [{ a: U }]),
    v(["set", ["object", { a: S }]], [{ a: U }]),
  ),
  c("set-with-unknown-element", v(["set", S], [U]), v(["set", S], ["x", "y"])),
  c(
    "set-nested-unknown-vs-known",
    v(["set", ["list", S]], [[U]]),
    v(["set", ["list", S]], [["x"]]),
  ),
  c("prefix-vs-other", v(S, { $unknown: { notNull: true, stringPrefix: "ami-" } }), v(S, "x")),
  c(
    "prefix-vs-matching",
    v(S, { $unknown: { notNull: true, stringPrefix: "ami-" } }),
    v(S, "ami-1"),
  ),
  c(
    "dynamic-attr-vs-false",
    v(["object", { c: D, d: B }], { c: U, d: true }),
    v(["object", { c: S, d: B }], { c: "x", d: false }),
  ),
  c(
    "dynamic-attr-nonconforming",
    v(["object", { c: D, d: B }], { c: U, d: true }),
    v(["object", { e: S }], { e: "x" }),
  ),
  c("dynamic-vs-string", v(D, U), v(S, "x")),
  c("dynamic-vs-null", v(D, U), v(S, null)),
  c("unknown-vs-null", v(S, U), v(S, null)),
  c("not-null-unknown-vs-null", v(S, UNN), v(S, null)),
  c("unknown-vs-other-type", v(S, U), v(N, 1)),
  c("unknown-vs-unknown", v(N, U), v(N, U)),
  c("unknown-list-vs-list", v(["list", S], U), v(["list", S], ["a"])),
  c("list-with-unknown-vs-shorter", v(["list", S], [U, "a"]), v(["list", S], ["a"])),
  c("list-unknown-first", v(["list", S], [U, "a"]), v(["list", S], ["b", "b"])),
  c("list-false-first", v(["list", S], ["a", U]), v(["list", S], ["b", "b"])),
  c("tuple-unknown-then-false", v(["tuple", [S, S]], [U, "a"]), v(["tuple", [S, S]], ["x", "b"])),
  c("null-vs-null-other-type", v(S, null), v(["list", N], null)),
  c("null-dynamic-vs-null", v(D, null), v(N, null)),
  // 7. -0 and 0
  c("zero-and-negative-zero", v(N, "-0"), v(N, 0)),
  c("set-zero-and-negative-zero", v(["set", N], ["-0"]), v(["set", N], [0])),
  c("set-zero-both", v(["set", N], ["-0", 0]), v(["set", N], [0, "-0"])),
  c("list-zero-and-negative-zero", v(["list", N], ["-0"]), v(["list", N], [0])),
  // numbers compare by value
  c("decimal-and-decimal", v(N, "0.1"), v(N, "0.10")),
  c("big-and-big", v(N, "123456789012345678901234567890"), v(N, "123456789012345678901234567890")),
];

function exprOf(cs: EqualityCase, leaves: Leaves): string {
  return `(${hclExpr(cs.a.type, cs.a.value, leaves)}) == (${
    hclExpr(cs.b.type, cs.b.value, leaves)
  })`;
}

function randomCases(seed: number, count: number): EqualityCase[] {
  const g = new RandomValues(seed);
  const out: EqualityCase[] = [];
  for (let i = 0; i < count; i++) {
    const t = g.type(3);
    const a = g.value(t, 3);
    const r = g.int(10);
    let b: Typed;
    if (r < 4) b = v(t, a);
    else if (r < 7) b = v(t, g.mutate(t, a, 3));
    else if (r < 9) b = v(t, g.value(t, 3));
    else {
      const u = g.type(2);
      b = v(u, g.value(u, 2));
    }
    out.push(c(`random/${seed}/${i}`, v(t, a), b));
  }
  return out;
}

function readAnswer(text: string): true | false | "unknown" {
  if (text === "true") return true;
  if (text === "false") return false;
  if (text === "(known after apply)") return "unknown";
  throw new Error(`unexpected answer ${text}`);
}

async function evaluate(cases: EqualityCase[]): Promise<Record<string, unknown>[]> {
  const leaves = new Leaves();
  const exprs: string[] = [];
  for (const cs of cases) {
    const e = exprOf(cs, leaves);
    exprs.push(`issensitive(${e})`, `nonsensitive(${e})`, `nonsensitive(${e}) == null`);
  }
  const got = await evaluateBatch(exprs, leaves);
  return cases.map((cs, i) => {
    const sensitive = readAnswer(got[3 * i]);
    const result = readAnswer(got[3 * i + 1]);
    const isNull = readAnswer(got[3 * i + 2]);
    return {
      name: cs.name,
      a: cs.a,
      b: cs.b,
      result,
      // issensitive of an unknown that is not sensitive is itself unknown
      sensitive: sensitive === true,
      ...(result === "unknown" ? { notNull: isNull === false } : {}),
    };
  });
}

async function main() {
  const args = parseArgs({
    options: {
      seed: { type: "string", default: "22" },
      random: { type: "string", default: "1200" },
    },
  });
  const seed = Number(args.values.seed);
  const all = [
    ...NAMED.map((cs) => ({ ...cs, name: `named/${cs.name}` })),
    ...randomCases(seed, Number(args.values.random)),
  ];
  const rows: Record<string, unknown>[] = [];
  const BATCH = 150;
  for (let i = 0; i < all.length; i += BATCH) {
    rows.push(...await evaluate(all.slice(i, i + BATCH)));
  }
  await Deno.writeTextFile(OUT, "[\n" + rows.map((r) => JSON.stringify(r)).join(",\n") + "\n]\n");
  console.log(`wrote ${rows.length} cases to ${OUT}`);
}

if (import.meta.main) await main();
