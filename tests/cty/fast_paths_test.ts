// The codecs' fast paths must agree exactly with the careful ones they
// shortcut: on every conformance case, on edge cases chosen to sit at each
// fast-path boundary, and on seeded random values and mutated texts. Fast
// JSON decoding may decline (undefined) but never answer differently, and
// never answer where the careful parser reports an error.
import assert from "node:assert/strict";
import { cty, type Type, type Value } from "../../src/cty/mod.ts";
import { decodeJsonCareful } from "../../src/cty/json_decode.ts";
import { decodeJsonFast } from "../../src/cty/json_decode_fast.ts";
import { encodeJsonCareful } from "../../src/cty/json_encode.ts";
import { typeFromJSONValue } from "../../src/cty/type_json.ts";
import { fromTagged, hex } from "./tagged.ts";

const dir = new URL("./testdata/", import.meta.url);
const load = (name: string): Record<string, unknown>[] =>
  JSON.parse(Deno.readTextFileSync(new URL(name, dir)));

/** Same value, same type, same number representation: equal msgpack bytes and display. */
function same(a: Value, b: Value, t: Type): boolean {
  return hex(cty.msgpack.encode(a, t)) === hex(cty.msgpack.encode(b, t)) &&
    cty.display(a) === cty.display(b) && cty.typeEquals(a.type, b.type) &&
    JSON.stringify(reprs(a)) === JSON.stringify(reprs(b));
}

/** Which JavaScript form each number takes (float or exact decimal). */
function reprs(v: Value): string[] {
  if (!v.isKnown || v.isNull) return [];
  if (v.type.kind === "number") return [typeof v.raw === "number" ? "f" : "d"];
  if (["list", "set", "tuple", "map", "object"].includes(v.type.kind)) {
    return v.elements().flatMap(reprs);
  }
  return [];
}

/** Runs both decoders; fails the test if the fast one says something the careful one does not. */
function checkDecode(text: string, t: Type, label: string): "fast" | "careful" | "error" {
  let careful: Value | undefined;
  let error: unknown;
  try {
    careful = decodeJsonCareful(text, t);
  } catch (e) {
    error = e;
  }
  const fast = decodeJsonFast(text, t);
  if (fast === undefined) return error === undefined ? "careful" : "error";
  assert.equal(error, undefined, `${label}: fast path accepted what the careful parser refuses`);
  assert.ok(
    same(fast, careful!, t),
    `${label}: fast ${cty.display(fast)} careful ${cty.display(careful!)}`,
  );
  return "fast";
}

function checkEncode(v: Value, t: Type, label: string): void {
  let careful: string | undefined;
  let error: unknown;
  try {
    careful = encodeJsonCareful(v, t);
  } catch (e) {
    error = e;
  }
  if (error !== undefined) {
    assert.throws(() => cty.json.encode(v, t), label);
    return;
  }
  assert.equal(cty.json.encode(v, t), careful, label);
}

Deno.test("fast paths agree with the careful codecs on every conformance case", () => {
  let fast = 0;
  let cases = 0;
  for (const file of ["json.json", "msgpack.json"]) {
    for (const c of load(file)) {
      if ("error" in c || !("value" in c)) continue;
      const t = typeFromJSONValue(c.type);
      let v: Value;
      try {
        v = fromTagged(c.value, t);
      } catch {
        continue;
      }
      cases++;
      checkEncode(v, t, `${file} ${c.name}`);
      if (!v.isWhollyKnown()) continue;
      let text: string;
      try {
        text = encodeJsonCareful(v, t);
      } catch {
        continue;
      }
      if (checkDecode(text, t, `${file} ${c.name}`) === "fast") fast++;
    }
  }
  // Most ordinary values take the fast path; the rest fall back.
  assert.ok(cases > 500, `only ${cases} cases`);
  assert.ok(fast > cases / 3, `fast path taken ${fast} of ${cases} times`);
});

Deno.test("fast JSON decoding: boundaries fall back or agree", () => {
  const N = cty.Number;
  const numbers = [
    "0",
    "-0",
    "1",
    "-1",
    "1.0",
    "-0.0",
    "0.5",
    "0.1",
    "0.0416",
    "-2.75",
    "100.000",
    "123456789012345",
    "1234567890123456",
    "9007199254740993",
    "0.1000000000000000055511",
    "123456789.1234567",
    "1e2",
    "1E-7",
    "1e400",
    "1e-400",
    "01",
    "1.",
    ".5",
    "-",
    "--1",
    "+1",
    "0.30000000000000004",
    "4.35",
    "1.7976931348623157e308",
    "5e-324",
    "12.5e0",
  ];
  for (const n of numbers) checkDecode(n, N, `number ${n}`);
  for (const n of numbers) checkDecode(`[${n},${n}]`, cty.List(N), `list ${n}`);
  assert.equal(checkDecode("0.0416", N, "common float"), "fast");
  assert.equal(checkDecode("9007199254740993", N, "big integer"), "fast");
  assert.equal(cty.display(decodeJsonFast("9007199254740993", N)!), "9007199254740993");

  const S = cty.String;
  const strings = [
    '""',
    '"plain"',
    '"tab\\there"',
    '"\\u003c"',
    '"quote\\"d"',
    '"caf\\u00e9"',
    '"café"',
    '"cafe\u0301"',
    '"\ud800"',
    '"\\ud800"',
    '"a\u2028b"',
    '"ctrl\u0001"',
    '"unterminated',
    "1",
    "true",
    "null",
  ];
  for (const s of strings) checkDecode(s, S, `string ${s}`);
  assert.equal(checkDecode('"cafe\u0301"', S, "NFD text"), "fast");

  const O = cty.Object({ a: cty.String, b: cty.Number, c: cty.List(cty.Bool) });
  const objects = [
    '{"a":"x","b":1,"c":[true]}',
    '{"c":[],"b":2,"a":"y"}',
    '{"a":"x"}',
    "{}",
    '{"a":"x","a":"y"}',
    '{"a":"x","d":1}',
    '{"a":"x","b":1,"c":[true],}',
    ' { "a" : "x" } ',
    '{"a":"x"} trailing',
    '{"a":"x"',
    '{"__proto__":"x"}',
    '{"a":null,"b":null,"c":null}',
    '{"a\\u0000":"x"}',
    '{"b":1,"b":1}',
  ];
  for (const o of objects) checkDecode(o, O, `object ${o}`);
  assert.equal(checkDecode('{"a":"x","a":"y"}', O, "duplicate"), "error");

  const M = cty.Map(cty.String);
  const maps = [
    '{"b":"1","a":"2"}',
    '{"a":"1","a":"2"}',
    '{"__proto__":"x","constructor":"y"}',
    "{}",
    '{"10":"a","9":"b","":"c"}',
    '{"e\u0301":"1","\u00e9":"2"}',
  ];
  for (const m of maps) checkDecode(m, M, `map ${m}`);
  assert.equal(checkDecode('{"a":"1","a":"2"}', M, "duplicate map key"), "error");
  for (const set of ['["b","a","b"]', "[]", '["x"]']) checkDecode(set, cty.Set(S), `set ${set}`);
  checkDecode('{"x":"y"}', cty.Object({ x: cty.String }, ["x"]), "optional attribute");
  checkDecode('{"value":"x","type":"string"}', cty.Dynamic, "dynamic");
  checkDecode('["a",1]', cty.Tuple([S, N]), "tuple");
});

Deno.test("fast JSON encoding: strings Go escapes, numbers, nulls and marks agree", () => {
  const S = cty.String;
  for (
    const s of [
      "",
      "plain",
      "<tag>",
      "a&b",
      'say "hi"',
      "back\\slash",
      "\u2028",
      "\u0001",
      "\ud800",
      "😀",
      "e\u0301",
      "\u007f",
    ]
  ) {
    checkEncode(cty.string(s), S, `string ${JSON.stringify(s)}`);
    checkEncode(cty.list([cty.string(s), cty.nullValue(S), cty.string(s)]), cty.List(S), "list");
    checkEncode(cty.list([cty.nullValue(S), cty.string(s)]), cty.List(S), "list null first");
    checkEncode(cty.map({ [s || "k"]: cty.string(s) }), cty.Map(S), "map");
  }
  for (
    const n of ["0", "-0", "0.5", "0.1", "1e21", "1e-7", "2.5e-8", "9007199254740993", "0.0416"]
  ) {
    checkEncode(cty.numberFromString(n), cty.Number, `number ${n}`);
  }
  const T = cty.Object({ a: S, b: cty.Number, c: S });
  checkEncode(
    cty.object({ a: cty.nullValue(S), b: cty.number(1), c: cty.string("z") }),
    T,
    "nulls",
  );
  checkEncode(
    cty.object({ a: cty.string("x"), b: cty.nullValue(cty.Number), c: cty.nullValue(S) }),
    T,
    "nulls 2",
  );
  assert.throws(() => cty.json.encode(cty.string("x").mark("sensitive"), S), /marks/);
  assert.throws(() => cty.json.encode(cty.unknown(S), S), /not known/);
  const inObject = cty.object({ a: cty.unknown(S), b: cty.number(1), c: cty.string("") });
  assert.throws(() => cty.json.encode(inObject, T), /^Error: a: |a: value is not known/);
  checkEncode(cty.string("x"), cty.Dynamic, "dynamic wrapper");
  checkEncode(cty.listEmpty(S), cty.List(S), "empty list");
  checkEncode(cty.object({}), cty.EmptyObject, "empty object");
});

/** A small deterministic generator (so failures reproduce). */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

Deno.test("fast paths agree on seeded random values and mutated texts", () => {
  const rand = rng(20261124);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const pieces = [
    "a",
    "Z",
    "0",
    " ",
    "<",
    "&",
    '"',
    "\\",
    "é",
    "e\u0301",
    "\u2028",
    "\n",
    "😀",
    "-",
    ".",
  ];
  const str = () => Array.from({ length: Math.floor(rand() * 6) }, () => pick(pieces)).join("");
  const nums = [
    "0",
    "1",
    "-7",
    "0.25",
    "0.1",
    "3.14159",
    "1e21",
    "12345678901234567890",
    "-0",
    "4096",
  ];
  const types: Type[] = [
    cty.String,
    cty.Number,
    cty.Bool,
    cty.List(cty.String),
    cty.Set(cty.Number),
    cty.Map(cty.Bool),
    cty.Object({ a: cty.String, b: cty.List(cty.Number), c: cty.Map(cty.String) }),
    cty.List(cty.Object({ port: cty.Number, proto: cty.String })),
  ];
  const gen = (t: Type, depth: number): Value => {
    if (rand() < 0.1) return cty.nullValue(t);
    switch (t.kind) {
      case "string":
        return cty.string(str());
      case "number":
        return cty.numberFromString(pick(nums));
      case "bool":
        return cty.bool(rand() < 0.5);
      case "list": {
        const els = Array.from({ length: Math.floor(rand() * 4) }, () => gen(t.element, depth + 1));
        return els.length === 0 ? cty.listEmpty(t.element) : cty.list(els);
      }
      case "set": {
        const els = Array.from({ length: Math.floor(rand() * 4) }, () => gen(t.element, depth + 1));
        return els.length === 0 ? cty.setEmpty(t.element) : cty.set(els);
      }
      case "map": {
        const entries = new Map<string, Value>();
        const n = Math.floor(rand() * 4);
        for (let i = 0; i < n; i++) entries.set(str() || "k", gen(t.element, depth + 1));
        return entries.size === 0 ? cty.mapEmpty(t.element) : cty.map(entries);
      }
      case "object": {
        const attrs: Record<string, Value> = {};
        for (const n of t.names) attrs[n] = gen(t.attributes[n], depth + 1);
        return cty.object(attrs);
      }
      default:
        throw new Error(t.kind);
    }
  };
  const mutations = [
    (s: string) => s.replace('":', '": '),
    (s: string) => s.replace(/"a":("[^"]*")/, '"a":$1,"a":$1'),
    (s: string) => s.replace(/(\d)/, "0$1"),
    (s: string) => s.replace("}", ",}"),
    (s: string) => s.replace(/"([^"\\]*)"/, '"$1\\u0041"'),
    (s: string) => s.slice(0, Math.max(0, s.length - 1)),
    (s: string) => " " + s + "\n",
    (s: string) => s.replace(/1/, "1.000"),
    (s: string) => s.replace(/0\.25/, "2.5e-1"),
  ];
  let runs = 0;
  for (let i = 0; i < 1500; i++) {
    const t = pick(types);
    const v = gen(t, 0);
    checkEncode(v, t, `random ${i}`);
    const text = encodeJsonCareful(v, t);
    checkDecode(text, t, `random ${i}: ${text}`);
    const mutated = pick(mutations)(text);
    checkDecode(mutated, t, `random ${i} mutated: ${mutated}`);
    runs++;
  }
  assert.equal(runs, 1500);
});
