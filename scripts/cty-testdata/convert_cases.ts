/**
 * Regenerates tests/cty/testdata/convert.json: conversion and unification cases evaluated by
 * Terraform 1.11.4 (go-cty 1.16.0). A conversion case passes its input to a module variable
 * typed with the target constraint (Terraform converts it with `convert.Convert`) and reads the
 * result back with `type()` and `jsonencode()`, or records the error text. A unification case
 * evaluates `true ? A : B` (HCL unifies the two result types, unsafe mode).
 *
 *   deno run -A scripts/cty-testdata/convert_cases.ts
 *
 * Needs `terraform` on PATH; ~10 s; no network, no `terraform init` (the module
 * manifest is written by hand). Output is deterministic (cases in declaration order).
 *
 * @example Usage
 * ```ts
 * // deno run -A scripts/cty-testdata/convert_cases.ts
 * ```
 * @module
 */
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { TERRAFORM } from "./terraform.ts";
import { parseTfType } from "./tf_type.ts";

type TypeJson = string | [string, ...unknown[]];
/** A typed input: go-cty type JSON and the tagged value (see tests/cty/testdata/README.md). */
interface Typed {
  type: TypeJson;
  value: unknown;
}
interface ConvertCase {
  name: string;
  input: Typed;
  target: TypeJson;
}
interface UnifyCase {
  name: string;
  a: Typed;
  b: Typed;
}

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, "..", "..", "tests", "cty", "testdata", "convert.json");
const ENV = { TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };

const S = "string", N = "number", B = "bool", D = "dynamic";
const list = (t: TypeJson): TypeJson => ["list", t];
const set = (t: TypeJson): TypeJson => ["set", t];
const map = (t: TypeJson): TypeJson => ["map", t];
const tup = (...ts: TypeJson[]): TypeJson => ["tuple", ts];
const obj = (a: Record<string, TypeJson>, opt?: string[]): TypeJson =>
  opt ? ["object", a, opt] : ["object", a];
const v = (type: TypeJson, value: unknown): Typed => ({ type, value });
const c = (name: string, input: Typed, target: TypeJson): ConvertCase => ({ name, input, target });

const CONVERT: ConvertCase[] = [
  // primitives
  c("number-to-string", v(N, 42), S),
  c("float-to-string", v(N, 1.5), S),
  c("decimal-to-string", v(N, "0.1"), S),
  c("big-int-to-string", v(N, "123456789012345678901234567890"), S),
  c("negative-to-string", v(N, -7), S),
  c("tiny-to-string", v(N, "0.000001"), S),
  c("bool-true-to-string", v(B, true), S),
  c("bool-false-to-string", v(B, false), S),
  c("string-to-number-int", v(S, "12"), N),
  c("string-to-number-decimal", v(S, "0.1"), N),
  c("string-to-number-exp", v(S, "1e3"), N),
  c("string-to-number-plus", v(S, "+5"), N),
  c("string-to-number-leading-dot", v(S, ".5"), N),
  c("string-to-number-trailing-dot", v(S, "5."), N),
  c("string-to-number-binary-exp", v(S, "3p2"), N),
  c("string-to-number-space", v(S, " 1"), N),
  c("string-to-number-hex", v(S, "0x10"), N),
  c("string-to-number-underscore", v(S, "1_000"), N),
  c("string-to-number-empty", v(S, ""), N),
  c("string-to-number-word", v(S, "abc"), N),
  c("string-to-bool-true", v(S, "true"), B),
  c("string-to-bool-false", v(S, "false"), B),
  c("string-to-bool-1", v(S, "1"), B),
  c("string-to-bool-0", v(S, "0"), B),
  c("string-to-bool-True", v(S, "True"), B),
  c("string-to-bool-FALSE", v(S, "FALSE"), B),
  c("string-to-bool-yes", v(S, "yes"), B),
  c("number-to-bool", v(N, 1), B),
  c("bool-to-number", v(B, true), N),
  c("null-string-to-number", v(S, null), N),
  c("string-to-any", v(S, "x"), D),
  c("tuple-to-string", v(tup(N), [1]), S),
  c("object-to-number", v(obj({ a: N }), { a: 1 }), N),
  c("string-to-list", v(S, "a"), list(S)),
  // tuples to lists and sets
  c("tuple-to-list-any-mixed", v(tup(N, S), [1, "a"]), list(D)),
  c("tuple-to-list-any-numbers", v(tup(N, N), [1, 2]), list(D)),
  c("tuple-to-list-any-bool-number", v(tup(B, N), [true, 1]), list(D)),
  c("tuple-to-list-any-bool-string", v(tup(B, S), [true, "x"]), list(D)),
  c("tuple-to-list-number", v(tup(S, S), ["1", "2"]), list(N)),
  c("tuple-to-list-number-bad", v(tup(S, S), ["1", "x"]), list(N)),
  c("tuple-to-list-empty", v(tup(), []), list(D)),
  c("tuple-to-list-string-empty", v(tup(), []), list(S)),
  c(
    "tuple-to-list-objects-same",
    v(tup(obj({ a: N }), obj({ a: S })), [{ a: 1 }, { a: "x" }]),
    list(D),
  ),
  c(
    "tuple-to-list-objects-to-maps",
    v(tup(obj({ a: N }), obj({ b: N })), [{ a: 1 }, { b: 2 }]),
    list(D),
  ),
  c("tuple-to-list-object-and-tuple", v(tup(obj({ a: N }), tup(N)), [{ a: 1 }, [1]]), list(D)),
  c("tuple-to-list-nested-tuples", v(tup(tup(N), tup(S, S)), [[1], ["a", "b"]]), list(D)),
  c("tuple-to-list-list-and-tuple", v(tup(list(S), tup(N)), [["a"], [1]]), list(D)),
  c("tuple-to-list-with-null", v(tup(S, D), ["a", null]), list(D)),
  c("tuple-to-set-any-dups", v(tup(S, S, N), ["a", "a", 1]), set(D)),
  c("tuple-to-set-string", v(tup(N, N), [2, 1]), set(S)),
  c("tuple-to-set-mixed-kinds", v(tup(S, tup()), ["a", []]), set(D)),
  c("tuple-to-map", v(tup(S), ["a"]), map(S)),
  // collections to collections
  c("list-to-set", v(list(S), ["b", "a", "b"]), set(S)),
  c("list-to-set-any", v(list(N), [3, 1]), set(D)),
  c("set-to-list", v(set(S), ["a", "b"]), list(S)),
  c("set-to-list-number", v(set(S), ["10", "9"]), list(N)),
  c("list-number-to-list-string", v(list(N), [1, 2.5]), list(S)),
  c("list-string-to-list-number-bad", v(list(S), ["1", "no"]), list(N)),
  c("list-to-map", v(list(S), ["a"]), map(S)),
  c("list-to-tuple", v(list(S), ["a"]), tup(S)),
  c("list-of-lists-to-list-of-objects", v(list(list(S)), [["a"]]), list(obj({ a: S }))),
  c("map-to-map-number", v(map(S), { a: "1", b: "2" }), map(N)),
  c("map-to-map-bad", v(map(S), { a: "1", b: "z" }), map(N)),
  c("map-to-list", v(map(S), { a: "1" }), list(S)),
  // objects and maps
  c("object-to-map-any", v(obj({ a: N, b: S }), { a: 1, b: "x" }), map(D)),
  c("object-to-map-number", v(obj({ a: S, b: S }), { a: "1", b: "2" }), map(N)),
  c("object-to-map-bad-element", v(obj({ a: S, b: tup() }), { a: "1", b: [] }), map(S)),
  c("object-to-map-any-mixed-kinds", v(obj({ a: S, b: tup() }), { a: "1", b: [] }), map(D)),
  c("object-to-map-empty", v(obj({}), {}), map(S)),
  c(
    "object-to-map-nested-objects",
    v(obj({ a: obj({ x: N }), b: obj({ y: N }) }), { a: { x: 1 }, b: { y: 2 } }),
    map(D),
  ),
  c("map-to-object", v(map(S), { a: "1", b: "x" }), obj({ a: N, b: S })),
  c("map-to-object-extra-key", v(map(S), { a: "x", z: "y" }), obj({ a: S })),
  c("map-to-object-missing", v(map(S), { a: "x" }), obj({ a: S, b: S })),
  c("map-to-object-optional", v(map(S), { a: "x" }), obj({ a: S, b: N }, ["b"])),
  c(
    "map-to-object-optional-incompatible",
    v(map(S), { a: "x", b: "y" }),
    obj({ a: S, b: list(S) }, ["b"]),
  ),
  c(
    "map-to-object-optional-incompatible-absent",
    v(map(S), { a: "x" }),
    obj({ a: S, b: list(S) }, ["b"]),
  ),
  c("object-to-object-convert-attr", v(obj({ a: N }), { a: 5 }), obj({ a: S })),
  c(
    "object-to-object-drop-extra",
    v(obj({ a: S, extra: B }), { a: "x", extra: true }),
    obj({ a: S }),
  ),
  c("object-to-object-missing-one", v(obj({ a: S }), { a: "x" }), obj({ a: S, b: S })),
  c("object-to-object-missing-two", v(obj({}), {}), obj({ a: S, b: S })),
  c("object-to-object-missing-three", v(obj({ z: S }), { z: "" }), obj({ c: S, a: S, b: N })),
  c(
    "object-to-object-optional-absent",
    v(obj({ a: S }), { a: "x" }),
    obj({ a: S, b: list(S) }, ["b"]),
  ),
  c(
    "object-to-object-optional-present",
    v(obj({ a: S, b: tup(N) }), { a: "x", b: [1] }),
    obj({ a: S, b: list(S) }, ["b"]),
  ),
  c("object-to-object-attr-type", v(obj({ a: tup() }), { a: [] }), obj({ a: N })),
  c("object-to-object-attr-value", v(obj({ a: S }), { a: "x" }), obj({ a: N })),
  c(
    "object-to-object-nested",
    v(obj({ o: obj({ p: tup(S) }) }), { o: { p: ["x"] } }),
    obj({ o: obj({ p: list(N) }) }),
  ),
  c(
    "object-to-object-nested-missing",
    v(obj({ o: obj({}) }), { o: {} }),
    obj({ o: obj({ p: S }) }),
  ),
  c("object-to-object-null-attr", v(obj({ a: D }), { a: null }), obj({ a: N })),
  c("object-to-object-null", v(obj({ a: S }), null), obj({ a: N })),
  c("object-to-tuple", v(obj({ a: S }), { a: "x" }), tup(S)),
  c("tuple-to-object", v(tup(S), ["x"]), obj({ a: S })),
  c("tuple-element-in-list", v(tup(tup(S)), [["x"]]), list(list(N))),
  c(
    "list-of-objects-optional",
    v(tup(obj({ a: S }), obj({ a: S, b: N })), [{ a: "x" }, { a: "y", b: 1 }]),
    list(obj({ a: S, b: N }, ["b"])),
  ),
  c(
    "set-of-objects-optional",
    v(tup(obj({ a: S }), obj({ a: S })), [{ a: "x" }, { a: "x" }]),
    set(obj({ a: S, b: N }, ["b"])),
  ),
  c(
    "map-of-objects-optional",
    v(obj({ k: obj({ a: S }) }), { k: { a: "x" } }),
    map(obj({ a: S, b: N }, ["b"])),
  ),
  // tuples
  c("tuple-to-tuple", v(tup(N, B), [1, true]), tup(S, S)),
  c("tuple-to-tuple-length", v(tup(N, B), [1, true]), tup(S)),
  c("tuple-to-tuple-bad", v(tup(S, S), ["1", "x"]), tup(N, N)),
  c("tuple-to-tuple-kind", v(tup(tup()), [[]]), tup(N)),
  // dynamic targets inside structures
  c("object-any-attr", v(obj({ a: tup(N) }), { a: [1] }), obj({ a: D })),
  c("list-of-any-from-list", v(list(S), ["a"]), list(D)),
];

const U = (name: string, a: Typed, b: Typed): UnifyCase => ({ name, a, b });
const UNIFY: UnifyCase[] = [
  U("number-string", v(N, 1), v(S, "a")),
  U("bool-number", v(B, true), v(N, 1)),
  U("list-set", v(list(S), ["a"]), v(set(S), ["b"])),
  U("list-tuple", v(list(S), ["a"]), v(tup(N), [1])),
  U("map-object", v(map(S), { a: "x" }), v(obj({ b: N }), { b: 1 })),
  U("objects-same-names", v(obj({ a: N }), { a: 1 }), v(obj({ a: S }), { a: "x" })),
  U("objects-different-names", v(obj({ a: N }), { a: 1 }), v(obj({ b: N }), { b: 2 })),
  U("objects-incompatible", v(obj({ a: N }), { a: 1 }), v(obj({ b: tup() }), { b: [] })),
  U("tuples-same-length", v(tup(N, S), [1, "a"]), v(tup(S, S), ["b", "c"])),
  U("tuples-different-length", v(tup(N), [1]), v(tup(S, S), ["b", "c"])),
  U("object-tuple", v(obj({ a: N }), { a: 1 }), v(tup(N), [1])),
  U("list-number-list-string", v(list(N), [1]), v(list(S), ["a"])),
  U("map-number-map-bool", v(map(N), { a: 1 }), v(map(B), { a: true })),
  U("string-list", v(S, "a"), v(list(S), ["a"])),
];

function hclType(t: TypeJson): string {
  if (typeof t === "string") return t === D ? "any" : t;
  const [kind, a, opt] = t as [string, unknown, string[]?];
  if (kind === "list" || kind === "set" || kind === "map") {
    return `${kind}(${hclType(a as TypeJson)})`;
  }
  if (kind === "tuple") return `tuple([${(a as TypeJson[]).map(hclType).join(", ")}])`;
  const attrs = Object.entries(a as Record<string, TypeJson>).map(([k, at]) =>
    `${k} = ${opt?.includes(k) ? `optional(${hclType(at)})` : hclType(at)}`
  );
  return `object({${attrs.join(", ")}})`;
}

function hclValue(value: unknown, t: TypeJson): string {
  if (t === D) {
    if (value === null) return "null";
    const d = value as { value: unknown; type: TypeJson };
    return hclValue(d.value, d.type);
  }
  if (value === null) {
    if (t === S || t === N || t === B) return `to${t}(null)`;
    // A conditional with a null arm takes the other arm's type.
    return `(false ? ${hclValue(sample(t), t)} : null)`;
  }
  if (t === S) return JSON.stringify(value);
  if (t === N) return String(value);
  if (t === B) return String(value);
  const [kind, a] = t as [string, unknown];
  const items = (xs: unknown[], et: TypeJson) => xs.map((x) => hclValue(x, et)).join(", ");
  const pairs = (o: Record<string, unknown>, tf: (k: string) => TypeJson) =>
    Object.keys(o).sort().map((k) => `${JSON.stringify(k)} = ${hclValue(o[k], tf(k))}`).join(", ");
  switch (kind) {
    case "list":
      return (value as unknown[]).length === 0
        ? "compact([])"
        : `tolist([${items(value as unknown[], a as TypeJson)}])`;
    case "set":
      return `toset([${items(value as unknown[], a as TypeJson)}])`;
    case "map":
      return `tomap({${pairs(value as Record<string, unknown>, () => a as TypeJson)}})`;
    case "tuple":
      return `[${
        (value as unknown[]).map((x, i) => hclValue(x, (a as TypeJson[])[i])).join(", ")
      }]`;
    default: {
      const at = a as Record<string, TypeJson>;
      return `{${pairs(value as Record<string, unknown>, (k) => at[k])}}`;
    }
  }
}

/** Some non-null value of type `t` (tagged form). */
function sample(t: TypeJson): unknown {
  if (t === S) return "x";
  if (t === N) return 0;
  if (t === B) return true;
  const [kind, a] = t as [string, unknown];
  if (kind === "list" || kind === "set") return [sample(a as TypeJson)];
  if (kind === "map") return { k: sample(a as TypeJson) };
  if (kind === "tuple") return (a as TypeJson[]).map(sample);
  return Object.fromEntries(
    Object.entries(a as Record<string, TypeJson>).map(([k, at]) => [k, sample(at)]),
  );
}

async function run(dir: string, expr: string): Promise<{ ok: boolean; out: string; err: string }> {
  const p = new Deno.Command(TERRAFORM, {
    args: ["console", "-no-color"],
    cwd: dir,
    env: ENV,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = p.stdin.getWriter();
  await w.write(new TextEncoder().encode(expr + "\n"));
  await w.close();
  const o = await p.output();
  const dec = new TextDecoder();
  const err = dec.decode(o.stderr);
  // Console prints diagnostics on stderr and may still exit 0.
  return { ok: o.success && !err.includes("Error:"), out: dec.decode(o.stdout).trim(), err };
}

function errorDetail(err: string): string {
  const text = err.split("\n").map((l) => l.replace(/^[│╷╵]\s?/, "").trim()).filter((l) => l !== "")
    .join(" ");
  const m = /declared at \S+: (.*?)\.? Warning:|declared at \S+: (.*?)\.?$/.exec(text) ??
    /Invalid value for "v" parameter: (.*?)\.?$/.exec(text);
  if (!m) throw new Error(`cannot find the error detail in: ${text}`);
  return (m[1] ?? m[2]).trim();
}

async function evalTyped(dir: string, expr: string): Promise<{ type: TypeJson; json: string }> {
  const t = await run(dir, `type(${expr})`);
  const j = await run(dir, `jsonencode(${expr})`);
  if (!t.ok || !j.ok) throw new Error(`terraform failed on ${expr}: ${t.err}${j.err}`);
  return { type: parseTfType(t.out), json: JSON.parse(j.out) };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function main() {
  const dir = await Deno.makeTempDir({ prefix: "cty-convert-" });
  const rows: unknown[] = [];
  try {
    await Deno.mkdir(join(dir, "m"));
    await Deno.mkdir(join(dir, ".terraform", "modules"), { recursive: true });
    // The manifest `terraform init` would write for one local module.
    await Deno.writeTextFile(
      join(dir, ".terraform", "modules", "modules.json"),
      '{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"m","Source":"./m","Dir":"m"}]}',
    );
    const empty = await Deno.makeTempDir({ dir, prefix: "empty-" });
    for (const cs of CONVERT) {
      const expr = hclValue(cs.input.value, cs.input.type);
      const seen = await evalTyped(empty, expr);
      // Terraform types a null dynamic literal as dynamic; otherwise the input must be what we meant.
      if (!sameJson(seen.type, cs.input.type)) {
        throw new Error(`${cs.name}: ${expr} has type ${JSON.stringify(seen.type)}`);
      }
      await Deno.writeTextFile(
        join(dir, "m", "main.tf"),
        `variable "v" {\n  type = ${hclType(cs.target)}\n}\noutput "o" {\n  value = var.v\n}\n`,
      );
      await Deno.writeTextFile(
        join(dir, "main.tf"),
        `module "m" {\n  source = "./m"\n  v = ${expr}\n}\n`,
      );
      const row: Record<string, unknown> = {
        name: `convert/${cs.name}`,
        expr,
        constraint: hclType(cs.target),
        inputType: cs.input.type,
        input: cs.input.value,
        target: cs.target,
      };
      const t = await run(dir, "type(module.m.o)");
      if (t.ok) {
        const j = await run(dir, "jsonencode(module.m.o)");
        row.resultType = parseTfType(t.out);
        row.json = JSON.parse(j.out);
      } else {
        row.error = errorDetail(t.err);
      }
      rows.push(row);
    }
    for (const u of UNIFY) {
      const expr = `true ? ${hclValue(u.a.value, u.a.type)} : ${hclValue(u.b.value, u.b.type)}`;
      const row: Record<string, unknown> = { name: `unify/${u.name}`, expr, a: u.a, b: u.b };
      const t = await run(empty, `type(${expr})`);
      if (t.ok) {
        const j = await run(empty, `jsonencode(${expr})`);
        row.resultType = parseTfType(t.out);
        row.json = JSON.parse(j.out);
      } else {
        const text = t.err.split("\n").map((l) => l.replace(/^[│╷╵]\s?/, "").trim()).filter((l) =>
          l !== ""
        ).join(" ");
        row.error = text.replace(/^Error: /, "").replace(/ on <console-input>.*?available\)/, "")
          .trim();
      }
      rows.push(row);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  await Deno.writeTextFile(OUT, "[\n" + rows.map((r) => JSON.stringify(r)).join(",\n") + "\n]\n");
  console.log(`wrote ${rows.length} cases to ${OUT}`);
}

if (import.meta.main) await main();
