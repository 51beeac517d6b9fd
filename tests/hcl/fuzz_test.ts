// Hostile input: random token soup and mutated corpus files must give diagnostics, never an
// exception or a hang, through parsing, evaluation and hcl2json conversion. Seeded, so a
// failure names an input that reproduces; each run is bounded to about a second and a half.
import assert from "node:assert/strict";
import { cty } from "../../src/cty/mod.ts";
import type { Body } from "../../src/hcl/mod.ts";
import {
  EvalContext,
  evaluate,
  evaluateJson,
  jsonContent,
  jsonJustAttributes,
  parseConfig,
  parseExpression,
  parseJsonConfig,
  toHcl2Json,
} from "../../src/hcl/mod.ts";
import { functions } from "./functions_fixture.ts";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  "a",
  "b",
  "x",
  "var",
  ".",
  "[",
  "]",
  "{",
  "}",
  "(",
  ")",
  "=",
  "==",
  ":",
  "?",
  ",",
  "...",
  "=>",
  "*",
  "[*]",
  ".*",
  "+",
  "-",
  "/",
  "%",
  "!",
  "&&",
  "||",
  "<",
  ">=",
  '"',
  "${",
  "%{",
  "~}",
  "}",
  "if",
  "for",
  "in",
  "endif",
  "endfor",
  "else",
  "<<EOT\n",
  "<<-EOT\n",
  "EOT\n",
  "\n",
  "\r\n",
  " ",
  "\t",
  "#",
  "//",
  "/*",
  "*/",
  "1",
  "0.5",
  "1e400",
  "1..2",
  "null",
  "true",
  "\\",
  "\\u12",
  "é",
  "😀",
  "\u0301",
  "\ufeff",
  "'",
  "`",
  ";",
  "::",
  "f(",
  "max(",
  "upper(",
  "sensitive(",
];

const corpusDir = new URL("./testdata/parse/corpus/", import.meta.url);
const corpus = [...Deno.readDirSync(corpusDir)].map((e) =>
  Deno.readTextFileSync(new URL(e.name, corpusDir))
);
const ctx = new EvalContext({
  variables: {
    var: cty.object({ a: cty.tuple([cty.number(1)]), b: cty.string("x") }),
    a: cty.unknown(cty.String, { notNull: true }),
    b: cty.string("s").mark(cty.SENSITIVE),
    x: cty.nullValue(cty.Dynamic),
  },
  functions,
});

function check(src: string): void {
  const { body, diagnostics, file } = parseConfig(src, "fuzz.tf");
  for (const d of diagnostics) {
    assert.ok(d.severity === "error" || d.severity === "warning");
    if (d.range !== undefined) {
      assert.ok(d.range.start.byte <= d.range.end.byte);
      assert.ok(d.range.end.byte <= new TextEncoder().encode(file.text).length);
    }
  }
  const walk = (b: Body) => {
    for (const a of b.attributes.values()) evaluate(a.expr, ctx);
    for (const blk of b.blocks) walk(blk.body);
  };
  walk(body);
  toHcl2Json(src, "fuzz.tf");
  evaluate(parseExpression(src).expr, ctx);
}

function run(
  seed: number,
  budgetMs: number,
  make: (r: () => number) => string,
  test: (src: string) => void = check,
): number {
  const r = rng(seed);
  const until = performance.now() + budgetMs;
  let n = 0;
  while (performance.now() < until) {
    const src = make(r);
    try {
      test(src);
    } catch (e) {
      throw new Error(`seed ${seed}, case ${n}: ${JSON.stringify(src)}: ${e}`);
    }
    n++;
  }
  return n;
}

Deno.test("hcl fuzz: random token soup gives diagnostics only", () => {
  const n = run(12, 600, (r) => {
    const len = Math.floor(r() * 60);
    let s = "";
    for (let i = 0; i < len; i++) s += PIECES[Math.floor(r() * PIECES.length)];
    return s;
  });
  assert.ok(n > 0);
});

Deno.test("hcl fuzz: mutated corpus files give diagnostics only", () => {
  const n = run(34, 700, (r) => {
    let s = corpus[Math.floor(r() * corpus.length)];
    const edits = 1 + Math.floor(r() * 4);
    for (let i = 0; i < edits; i++) {
      const at = Math.floor(r() * (s.length + 1));
      const kind = r();
      if (kind < 0.4) s = s.slice(0, at) + PIECES[Math.floor(r() * PIECES.length)] + s.slice(at);
      else if (kind < 0.7) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 8));
      else s = s.slice(0, at) + s.slice(Math.floor(r() * s.length)).slice(0, 20) + s.slice(at);
    }
    return s;
  });
  assert.ok(n > 0);
});

Deno.test("hcl fuzz: mutated JSON syntax gives diagnostics only", () => {
  const base = JSON.stringify({
    resource: { a: { b: { n: "x-${var.a[0]}", m: [1, { k: null }], "//": "c" } } },
    locals: [{ z: true }],
  });
  const jsonPieces = ["{", "}", "[", "]", ",", ":", '"', "\\", "${", "}", "1e999", "nul", " "];
  const n = run(56, 300, (r) => {
    let s = base;
    for (let i = 0; i < 1 + Math.floor(r() * 4); i++) {
      const at = Math.floor(r() * (s.length + 1));
      s = r() < 0.5
        ? s.slice(0, at) + jsonPieces[Math.floor(r() * jsonPieces.length)] + s.slice(at)
        : s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 4));
    }
    return s;
  }, checkJson);
  assert.ok(n > 0);
});

function checkJson(src: string): void {
  const { body } = parseJsonConfig(src, "fuzz.tf.json");
  if (body === undefined) return;
  const { attributes } = jsonJustAttributes(body);
  for (const a of attributes.values()) evaluateJson(a.value, ctx);
  const r = jsonContent(body, { blocks: [{ type: "resource", labelNames: ["t", "n"] }] });
  for (const b of r.content.blocks) {
    for (const a of jsonJustAttributes(b.body).attributes.values()) evaluateJson(a.value, ctx);
  }
}
