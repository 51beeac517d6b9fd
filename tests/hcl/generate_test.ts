// Generation from values: generated text parses and evaluates back to the value, over seeded
// random values of every type; files are what the formatter keeps.
import assert from "node:assert/strict";
import { cty, type Type, type Value } from "../../src/cty/mod.ts";
import {
  EvalContext,
  evaluate,
  formatTerraform,
  generateFile,
  hclExpression,
  parseConfig,
  parseExpression,
  rawExpr,
  traversal,
} from "../../src/hcl/mod.ts";

/** Seeded generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  "a",
  "Z",
  " ",
  "${",
  "%{",
  "$${",
  "$",
  "%",
  "{",
  "}",
  '"',
  "\\",
  "\n",
  "\r",
  "\t",
  "\u0000",
  "\u0007",
  "\u007f",
  "\u00a0",
  "\u200b",
  "\u200d",
  "é",
  "e\u0301",
  "日本",
  "👍🏽",
  "\u{10ffff}",
  "~}",
  "<<EOT",
  "#",
  "//",
  "/*",
];

function randomString(next: () => number): string {
  let s = "";
  const n = Math.floor(next() * 6);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(next() * PIECES.length)];
  return s;
}

function randomNumber(next: () => number): Value {
  const r = next();
  if (r < 0.3) return cty.number(Math.floor((next() - 0.5) * 2000));
  if (r < 0.5) return cty.number(Math.floor((next() - 0.5) * 2 ** 53));
  const digits = String(Math.floor(next() * 1e15)) + "123456789".slice(0, Math.floor(next() * 9));
  const neg = next() < 0.3 ? "-" : "";
  if (r < 0.7) return cty.numberFromString(neg + digits);
  const point = Math.floor(next() * digits.length);
  return cty.numberFromString(neg + digits.slice(0, point) + "." + digits.slice(point) + "1");
}

function randomType(next: () => number, depth: number): Type {
  const r = next();
  if (depth > 3 || r < 0.4) {
    return [cty.String, cty.Number, cty.Bool][Math.floor(next() * 3)];
  }
  if (r < 0.5) return cty.List(randomType(next, depth + 1));
  if (r < 0.6) return cty.Set(randomType(next, depth + 1));
  if (r < 0.7) return cty.Map(randomType(next, depth + 1));
  if (r < 0.85) {
    const attrs: Record<string, Type> = {};
    const n = Math.floor(next() * 4);
    for (let i = 0; i < n; i++) {
      const key = next() < 0.6
        ? ["name", "id", "for", "null", "a-b", "_x"][i % 6]
        : randomString(next);
      attrs[key] = randomType(next, depth + 1);
    }
    return cty.Object(attrs);
  }
  const elems: Type[] = [];
  const n = Math.floor(next() * 3);
  for (let i = 0; i < n; i++) elems.push(randomType(next, depth + 1));
  return cty.Tuple(elems);
}

function randomValue(t: Type, next: () => number): Value {
  if (next() < 0.05) return cty.nullValue(t);
  switch (t.kind) {
    case "string":
      return cty.string(randomString(next));
    case "number":
      return randomNumber(next);
    case "bool":
      return cty.bool(next() < 0.5);
    case "list":
    case "set": {
      const n = Math.floor(next() * 4);
      const elems: Value[] = [];
      for (let i = 0; i < n; i++) elems.push(randomValue(t.element, next));
      if (n === 0) return t.kind === "list" ? cty.listEmpty(t.element) : cty.setEmpty(t.element);
      return t.kind === "list" ? cty.list(elems) : cty.set(elems);
    }
    case "map": {
      const n = Math.floor(next() * 4);
      const m: Record<string, Value> = {};
      for (let i = 0; i < n; i++) m[randomString(next)] = randomValue(t.element, next);
      return Object.keys(m).length === 0 ? cty.mapEmpty(t.element) : cty.map(m);
    }
    case "object": {
      const m: Record<string, Value> = {};
      for (const [k, at] of Object.entries(t.attributes)) m[k] = randomValue(at, next);
      return cty.object(m);
    }
    case "tuple":
      return cty.tuple(t.elements.map((et) => randomValue(et, next)));
    default:
      throw new Error(`no generator for ${t.kind}`);
  }
}

function roundTrip(v: Value): Value {
  const text = hclExpression(v);
  const { expr, diagnostics } = parseExpression(text);
  assert.deepEqual(diagnostics.map((d) => d.summary), [], text);
  const r = evaluate(expr, new EvalContext({}));
  assert.deepEqual(r.diagnostics.map((d) => d.summary), [], text);
  return cty.convert(r.value, v.type);
}

Deno.test("property: generate -> parse -> evaluate gives back an equal value", () => {
  const next = rng(1414);
  const deadline = performance.now() + 1500;
  let runs = 0;
  while (runs < 5000 && (runs < 200 || performance.now() < deadline)) {
    const v = randomValue(randomType(next, 0), next);
    const back = roundTrip(v);
    assert.ok(
      back.rawEquals(v),
      `${cty.display(v)}\n!=\n${cty.display(back)}\n${hclExpression(v)}`,
    );
    runs++;
  }
  assert.ok(runs >= 200);
});

Deno.test("generated files are formatted and parse", () => {
  const next = rng(7);
  for (let i = 0; i < 100; i++) {
    const v = randomValue(randomType(next, 0), next);
    const text = generateFile({
      blocks: [{
        type: "resource",
        labels: [randomString(next), "web"],
        body: {
          attributes: { value: v, ref: traversal("var.x", 0), raw: rawExpr("max(1, 2)") },
          blocks: [{ type: "nested", body: { attributes: { n: 1 } } }],
        },
      }],
    });
    assert.deepEqual(parseConfig(text).diagnostics.map((d) => d.summary), [], text);
    assert.equal(formatTerraform(text).text, text, text);
  }
});

Deno.test("plain JavaScript values and raw expressions", () => {
  assert.equal(hclExpression(null), "null");
  assert.equal(hclExpression(12345678901234567890n), "12345678901234567890");
  assert.equal(hclExpression(1e21), "1000000000000000000000");
  assert.equal(hclExpression([]), "[]");
  assert.equal(hclExpression({}), "{}");
  assert.equal(hclExpression({ a: undefined as unknown as null, b: true }), "{\n  b = true\n}");
  assert.equal(hclExpression({ id: traversal("aws_vpc.main.id") }), "{\n  id = aws_vpc.main.id\n}");
  const v = roundTrip(cty.object({ s: cty.string("${x}%{y}") }));
  assert.equal(v.getAttr("s").asString(), "${x}%{y}");
});

Deno.test("what has no HCL text is refused with a reason", () => {
  assert.throws(() => hclExpression(Infinity), /Infinity/);
  assert.throws(() => hclExpression(cty.unknown(cty.String)), /unknown/);
  assert.throws(() => hclExpression(new Date() as unknown as null), /plain objects/);
  assert.throws(() => traversal("var.bad name"), /valid name/);
  assert.throws(() => traversal(0), /start with a name/);
  assert.throws(
    () => generateFile({ blocks: [{ type: "resource", lables: ["a"] } as never] }),
    /unknown block key "lables"/,
  );
  assert.throws(() => generateFile({ attributes: { "a b": 1 } }), /not a valid attribute name/);
});
