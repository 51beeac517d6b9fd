/**
 * The value/type cases sent to go-cty 1.12.1 (ctyref). Names are "<category>/<detail>"; the
 * category prefix is what the README's counts group by.
 *
 * @example Usage
 * ```ts
 * const cases = goCtyCases(); // [{ name: "string/empty", type: "string", value: "" }, ...]
 * ```
 * @module
 */
import type { Tagged, TypeJson } from "./cty_types.ts";

/** One input case: a type and a tagged JSON value of that type. */
export interface InputCase {
  /** "<category>/<detail>", unique. */
  name: string;
  /** The cty type the value is encoded as. */
  type: TypeJson;
  /** The value in tagged JSON form (sets in any order; go-cty reorders them). */
  value: Tagged;
}

const U: Tagged = { $unknown: {} };
const dyn = (type: TypeJson, value: Tagged): Tagged => ({ value, type: type as unknown as Tagged });

/** Numbers at msgpack format boundaries and odd decimal forms; strings are exact decimals. */
export const NUMBERS: [string, Tagged][] = [
  ["0", 0],
  ["1", 1],
  ["-1", -1],
  ["127", 127],
  ["128", 128],
  ["255", 255],
  ["256", 256],
  ["65535", 65535],
  ["65536", 65536],
  ["2^31-1", 2147483647],
  ["2^31", 2147483648],
  ["2^32-1", 4294967295],
  ["2^32", 4294967296],
  ["2^53-1", 9007199254740991],
  ["2^53", 9007199254740992],
  ["2^53+1", "9007199254740993"],
  ["2^63-1", "9223372036854775807"],
  ["2^63", "9223372036854775808"],
  ["2^64-1", "18446744073709551615"],
  ["2^64", "18446744073709551616"],
  ["2^100+1", "1267650600228229401496703205377"],
  ["-32", -32],
  ["-33", -33],
  ["-128", -128],
  ["-129", -129],
  ["-32768", -32768],
  ["-32769", -32769],
  ["-2^31", -2147483648],
  ["-2^31-1", -2147483649],
  ["-2^63", "-9223372036854775808"],
  ["-2^63-1", "-9223372036854775809"],
  ["1.5", 1.5],
  ["-1.5", -1.5],
  ["0.5", 0.5],
  ["0.25", 0.25],
  ["0.1", "0.1"],
  ["0.3", "0.3"],
  ["1e-7", "0.0000001"],
  ["3.14159", "3.14159"],
  ["1/3-decimal", "0.3333333333333333333333333333333333"],
  ["1e21", "1e21"],
  ["1e22", "1e22"],
  ["1e400", "1e400"],
  ["-1e400", "-1e400"],
  ["1e-400", "1e-400"],
  ["2^-1074", "4.9406564584124654e-324"],
  ["max-float64", "1.7976931348623157e308"],
  ["123456789.125", 123456789.125],
  ["1.0000000000000002", "1.0000000000000002"],
  ["-0", "-0"],
  ["Infinity", "Infinity"],
  ["-Infinity", "-Infinity"],
];

const STRINGS: [string, string][] = [
  ["empty", ""],
  ["ascii", "hello"],
  ["space", " "],
  ["quotes-backslash", 'a"b\\c'],
  ["control", "tab\tnl\ncr\r\u0001\u001f"],
  ["nul", "a\u0000b"],
  ["html", "<a href='x'>&amp;</a>"],
  ["u2028", "line\u2028sep\u2029"],
  ["latin1", "caf\u00e9"],
  ["cjk", "\u65e5\u672c\u8a9e"],
  ["emoji-non-bmp", "\u{1f600}\u{1f469}\u200d\u{1f4bb}"],
  ["math-non-bmp", "\u{1d400}\u{10ffff}"],
  ["combining-e-acute", "e\u0301"],
  ["combining-multi", "a\u0323\u0307"],
  ["hangul-jamo", "\u1100\u1161\u11a8"],
  ["angstrom-sign", "\u212b"],
  ["already-nfc", "\u00c5"],
  ["rtl", "\u05e9\u05dc\u05d5\u05dd"],
  ["bom", "\ufeffx"],
  ["len31", "a".repeat(31)],
  ["len32", "a".repeat(32)],
  ["len255", "b".repeat(255)],
  ["len256", "b".repeat(256)],
  ["len65535", "c".repeat(65535)],
  ["len65536", "c".repeat(65536)],
  ["len31-bytes-multibyte", "\u00e9".repeat(15) + "x"],
  ["len32-bytes-multibyte", "\u00e9".repeat(16)],
  ["numeric-text", "123"],
  ["true-text", "true"],
];

const PRIMS: TypeJson[] = ["string", "number", "bool"];
const SAMPLE: Record<string, Tagged[]> = {
  string: ["b", "a", "", "c"],
  number: [3, -1, 0.5, 100],
  bool: [true, false],
};

function primitives(): InputCase[] {
  const out: InputCase[] = [];
  for (const [n, v] of STRINGS) out.push({ name: `string/${n}`, type: "string", value: v });
  for (const [n, v] of NUMBERS) out.push({ name: `number/${n}`, type: "number", value: v });
  out.push({ name: "bool/true", type: "bool", value: true });
  out.push({ name: "bool/false", type: "bool", value: false });
  return out;
}

const ALL_TYPES: [string, TypeJson][] = [
  ["string", "string"],
  ["number", "number"],
  ["bool", "bool"],
  ["dynamic", "dynamic"],
  ["list-string", ["list", "string"]],
  ["set-number", ["set", "number"]],
  ["map-bool", ["map", "bool"]],
  ["object", ["object", { a: "string", b: "number" }]],
  ["object-empty", ["object", {}]],
  ["tuple", ["tuple", ["string", "bool"]]],
  ["tuple-empty", ["tuple", []]],
  ["list-dynamic", ["list", "dynamic"]],
];

function nullsAndUnknowns(): InputCase[] {
  const out: InputCase[] = [];
  for (const [n, t] of ALL_TYPES) {
    out.push({ name: `null/${n}`, type: t, value: null });
    out.push({ name: `unknown/${n}`, type: t, value: U });
  }
  return out;
}

function collections(): InputCase[] {
  const out: InputCase[] = [];
  for (const p of PRIMS) {
    const s = SAMPLE[p as string];
    for (const k of ["list", "set"] as const) {
      out.push({ name: `${k}/${p}`, type: [k, p], value: s });
      out.push({ name: `${k}/${p}-empty`, type: [k, p], value: [] });
      out.push({ name: `${k}/${p}-one`, type: [k, p], value: [s[0]] });
      out.push({ name: `${k}/${p}-with-null`, type: [k, p], value: [s[0], null] });
      out.push({ name: `${k}/${p}-with-unknown`, type: [k, p], value: [U, s[1]] });
    }
    const m: Record<string, Tagged> = {};
    s.forEach((v, i) => (m[`k${s.length - i}`] = v));
    out.push({ name: `map/${p}`, type: ["map", p], value: m });
    out.push({ name: `map/${p}-empty`, type: ["map", p], value: {} });
    out.push({ name: `map/${p}-null-element`, type: ["map", p], value: { a: null, b: s[0] } });
    out.push({ name: `map/${p}-unknown-element`, type: ["map", p], value: { a: U, b: s[0] } });
  }
  out.push({ name: "list/long-16", type: ["list", "number"], value: range(16) });
  out.push({ name: "list/long-17", type: ["list", "number"], value: range(17) });
  out.push({
    name: "list/long-65536",
    type: ["list", "bool"],
    value: range(65536).map(() => true),
  });
  const big: Record<string, Tagged> = {};
  for (let i = 0; i < 17; i++) big[`key${String(i).padStart(2, "0")}`] = i;
  out.push({ name: "map/17-entries", type: ["map", "number"], value: big });
  out.push({
    name: "map/key-order",
    type: ["map", "string"],
    value: { b: "1", a: "2", B: "3", "\u00e9": "4", "": "5", "a\u0000": "6", aa: "7" },
  });
  out.push({ name: "map/unicode-key-nfc", type: ["map", "number"], value: { "e\u0301": 1 } });
  return out;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function sets(): InputCase[] {
  const out: InputCase[] = [];
  const S = (n: string, t: TypeJson, v: Tagged[]) =>
    out.push({ name: `set-order/${n}`, type: t, value: v });
  S("strings-case", ["set", "string"], ["b", "B", "a", "A", "_", "0", "~"]);
  S("strings-prefix", ["set", "string"], ["abc", "ab", "a", "abd", "b", ""]);
  S("strings-unicode", ["set", "string"], ["\u{1f600}", "\u00e9", "z", "\uffff", "\u0100", "e"]);
  S("strings-nfc-dedupe", ["set", "string"], ["e\u0301", "\u00e9", "f"]);
  S("strings-digits", ["set", "string"], ["10", "9", "100", "-1", "1"]);
  S("strings-spaces", ["set", "string"], [" a", "a", "a ", "\ta", "\na"]);
  S("strings-many", ["set", "string"], "the quick brown fox jumps over lazy dog".split(" "));
  S("strings-null", ["set", "string"], ["b", null, "a"]);
  S("strings-unknown", ["set", "string"], ["b", U, "a"]);
  S("strings-null-unknown", ["set", "string"], [null, U, "z", "a"]);
  S("strings-two-unknowns", ["set", "string"], [U, "m", U]);
  S("numbers-ints", ["set", "number"], [10, 9, 100, -1, 1, 0, -100]);
  S("numbers-mixed", ["set", "number"], [0.5, -0.5, 2, "1e400", "-1e400", "0.1", 1.5]);
  S("numbers-big", ["set", "number"], ["9223372036854775808", "9223372036854775807", 1]);
  S("numbers-close", ["set", "number"], ["1.00000000001", "1.00000000002", 1]);
  S("numbers-inf", ["set", "number"], ["Infinity", 0, "-Infinity"]);
  S("numbers-dedupe", ["set", "number"], [1, "1.0", "1e0", 2]);
  S("numbers-null", ["set", "number"], [null, 3, 1]);
  S("bools", ["set", "bool"], [true, false]);
  S("bools-rev", ["set", "bool"], [false, true]);
  S("bools-null", ["set", "bool"], [null, true, false]);
  S("lists-of-numbers", ["set", ["list", "number"]], [[9], [10], [1, 2], [], [-1]]);
  S("lists-of-strings", ["set", ["list", "string"]], [["b"], ["a", "c"], ["a"], []]);
  S("lists-of-strings-quoting", ["set", ["list", "string"]], [['"'], ["\\"], ["\n"], ["a"]]);
  S("sets-of-strings", ["set", ["set", "string"]], [["z"], ["b", "a"], ["a"]]);
  S("maps-of-number", ["set", ["map", "number"]], [{ b: 1 }, { a: 2 }, { a: 1, b: 2 }, {}]);
  S("objects", ["set", ["object", { name: "string", n: "number" }]], [
    { name: "b", n: 1 },
    { name: "a", n: 2 },
    { name: "a", n: 10 },
    { name: "c", n: -3 },
  ]);
  S("objects-with-null-attr", ["set", ["object", { a: "string", b: "bool" }]], [
    { a: "x", b: null },
    { a: null, b: true },
    { a: "x", b: false },
  ]);
  S("objects-with-unknown-attr", ["set", ["object", { a: "string" }]], [{ a: U }, { a: "k" }]);
  S("objects-nested", ["set", ["object", { tags: ["map", "string"], ids: ["list", "number"] }]], [
    { tags: { z: "1" }, ids: [3] },
    { tags: {}, ids: [] },
    { tags: { a: "1" }, ids: [1, 2] },
  ]);
  S("tuples", ["set", ["tuple", ["string", "number"]]], [["b", 1], ["a", 2], ["a", 1]]);
  S("numbers-hash-text", ["set", ["list", "number"]], [[1e21], [2], ["0.1"], [123456789012]]);
  S("strings-hash-escapes", ["set", ["list", "string"]], [["\u0080"], ["\u00ff"], ["\u{1f600}"]]);
  S("dynamic-strings", ["set", "dynamic"], [dyn("string", "b"), dyn("string", "a")]);
  S("empty", ["set", "string"], []);
  return out;
}

function objectsAndTuples(): InputCase[] {
  const out: InputCase[] = [];
  const O = (n: string, t: TypeJson, v: Tagged) =>
    out.push({ name: `object/${n}`, type: t, value: v });
  O("empty", ["object", {}], {});
  O("simple", ["object", { name: "string", size: "number", on: "bool" }], {
    name: "x",
    size: 2,
    on: true,
  });
  O("attr-order", ["object", { b: "number", a: "number", B: "number", _: "number" }], {
    b: 1,
    a: 2,
    B: 3,
    _: 4,
  });
  O("null-attrs", ["object", { a: "string", b: ["list", "string"] }], { a: null, b: null });
  O("unknown-attrs", ["object", { a: "string", b: ["map", "number"] }], { a: U, b: U });
  O("optional-missing", ["object", { a: "string", b: "number" }, ["b"]], { a: "x" });
  O("optional-present", ["object", { a: "string", b: "number" }, ["b"]], { a: "x", b: 1 });
  O("optional-all", ["object", { a: "string", b: "bool" }, ["a", "b"]], {});
  O("nested", ["object", { inner: ["object", { deep: ["object", { x: "string" }] }] }], {
    inner: { deep: { x: "y" } },
  });
  O("nested-null", ["object", { inner: ["object", { x: "string" }] }], { inner: null });
  O(
    "collections",
    ["object", { l: ["list", "string"], s: ["set", "number"], m: ["map", "bool"] }],
    {
      l: ["a"],
      s: [2, 1],
      m: { k: true },
    },
  );
  O("empty-collections", [
    "object",
    { l: ["list", "string"], s: ["set", "number"], m: ["map", "bool"] },
  ], { l: [], s: [], m: {} });
  O("dynamic-attr-string", ["object", { d: "dynamic" }], { d: dyn("string", "x") });
  O("dynamic-attr-list", ["object", { d: "dynamic", n: "number" }], {
    d: dyn(["list", "number"], [1, 2]),
    n: 1,
  });
  O("dynamic-attr-null", ["object", { d: "dynamic" }], { d: null });
  O("dynamic-attr-unknown", ["object", { d: "dynamic" }], { d: U });
  O("unicode-attr-names", ["object", { "\u00e9": "number", z: "number", "\u{1f600}": "number" }], {
    "\u00e9": 1,
    z: 2,
    "\u{1f600}": 3,
  });
  O("17-attrs", ["object", Object.fromEntries(range(17).map((i) => [`a${i}`, "number"]))], {
    ...Object.fromEntries(range(17).map((i) => [`a${i}`, i])),
  });
  const T = (n: string, t: TypeJson, v: Tagged) =>
    out.push({ name: `tuple/${n}`, type: t, value: v });
  T("empty", ["tuple", []], []);
  T("mixed", ["tuple", ["string", "number", "bool"]], ["a", 1, false]);
  T("nested", ["tuple", [["tuple", ["number"]], ["list", "string"]]], [[1], ["x"]]);
  T("nulls", ["tuple", ["string", "number"]], [null, null]);
  T("unknowns", ["tuple", ["string", "number"]], [U, 2]);
  T("dynamic-elements", ["tuple", ["dynamic", "dynamic"]], [dyn("number", 1), dyn("bool", true)]);
  T("object-element", ["tuple", [["object", { a: "string" }]]], [{ a: "b" }]);
  return out;
}

function dynamics(): InputCase[] {
  const out: InputCase[] = [];
  const D = (n: string, t: TypeJson, v: Tagged) =>
    out.push({ name: `dynamic/${n}`, type: "dynamic", value: dyn(t, v) });
  D("string", "string", "hello");
  D("string-empty", "string", "");
  D("number-int", "number", 42);
  D("number-float", "number", 1.5);
  D("number-big", "number", "1e400");
  D("number-neg", "number", -129);
  D("bool", "bool", true);
  D("list-string", ["list", "string"], ["a", "b"]);
  D("list-empty", ["list", "string"], []);
  D("set-string", ["set", "string"], ["b", "a"]);
  D("set-number", ["set", "number"], [3, 1, 2]);
  D("map-number", ["map", "number"], { a: 1 });
  D("map-empty", ["map", "bool"], {});
  D("object", ["object", { a: "string", b: "number" }], { a: "x", b: 1 });
  D("object-empty", ["object", {}], {});
  D("tuple", ["tuple", ["string", "number"]], ["a", 1]);
  D("tuple-empty", ["tuple", []], []);
  D("nested", ["list", ["map", ["set", "string"]]], [{ k: ["b", "a"] }]);
  D("null-string", "string", null);
  D("null-list", ["list", "number"], null);
  D("unknown-string", "string", U);
  D("unknown-object", ["object", { a: "string" }], U);
  D("object-with-unknown", ["object", { a: "string", b: "bool" }], { a: U, b: true });
  D("list-with-null", ["list", "string"], ["a", null]);
  D("nested-dynamic", ["object", { d: "dynamic" }], { d: dyn("number", 7) });
  D("list-of-dynamic", ["list", "dynamic"], [dyn("string", "x")]);
  D("unicode", "string", "e\u0301\u{1f600}");
  const L = (n: string, t: TypeJson, v: Tagged) =>
    out.push({ name: `dynamic-in/${n}`, type: t, value: v });
  L("list-dynamic-strings", ["list", "dynamic"], [dyn("string", "a"), dyn("string", "b")]);
  L("list-dynamic-objects", ["list", "dynamic"], [dyn(["object", { a: "number" }], { a: 1 })]);
  L("list-dynamic-empty", ["list", "dynamic"], []);
  L("map-dynamic", ["map", "dynamic"], { x: dyn("bool", false), y: dyn("bool", true) });
  L("map-dynamic-null-element", ["map", "dynamic"], { x: null });
  L("set-dynamic-numbers", ["set", "dynamic"], [dyn("number", 2), dyn("number", 1)]);
  L("object-list-dynamic", ["object", { l: ["list", "dynamic"] }], { l: [dyn("number", 5)] });
  L("tuple-dynamic-mixed", ["tuple", ["dynamic", "string"]], [dyn(["set", "bool"], [true]), "s"]);
  L("list-dynamic-unknown", ["list", "dynamic"], [U]);
  return out;
}

function nested(): InputCase[] {
  const out: InputCase[] = [];
  const N = (n: string, t: TypeJson, v: Tagged) =>
    out.push({ name: `nested/${n}`, type: t, value: v });
  N("list-list-string", ["list", ["list", "string"]], [["a", "b"], [], ["c"]]);
  N("list-map-number", ["list", ["map", "number"]], [{ a: 1 }, {}, { b: 2, a: 3 }]);
  N("map-list-string", ["map", ["list", "string"]], { x: ["1"], y: [] });
  N("map-set-number", ["map", ["set", "number"]], { x: [3, 1, 2], y: [] });
  N("set-set-number", ["set", ["set", "number"]], [[2, 1], [3], []]);
  N("map-map-bool", ["map", ["map", "bool"]], { a: { b: true }, c: {} });
  N("list-object", ["list", ["object", { id: "string", tags: ["map", "string"] }]], [
    { id: "1", tags: { env: "prod" } },
    { id: "2", tags: {} },
  ]);
  N("list-null-inner-list", ["list", ["list", "string"]], [null, ["a"]]);
  N("map-null-inner", ["map", ["set", "string"]], { a: null, b: ["x"] });
  N("list-unknown-inner", ["list", ["list", "string"]], [U, ["a"]]);
  N("object-unknown-deep", ["object", { a: ["list", ["object", { b: "string" }]] }], {
    a: [{ b: U }],
  });
  N("deep-5", ["list", ["list", ["list", ["list", ["list", "number"]]]]], [[[[[1]]]]]);
  N("tuple-of-sets", ["tuple", [["set", "string"], ["set", "bool"]]], [["b", "a"], [true, false]]);
  N("resource-like", [
    "object",
    {
      id: "string",
      name: "string",
      size: "number",
      tags: ["map", "string"],
      rules: ["set", ["object", { port: "number", cidr: ["list", "string"] }]],
      timeouts: ["object", { create: "string" }],
    },
  ], {
    id: U,
    name: "web",
    size: 2,
    tags: { Name: "web", env: "dev" },
    rules: [{ port: 443, cidr: ["0.0.0.0/0"] }, { port: 22, cidr: ["10.0.0.0/8", "10.1.0.0/16"] }],
    timeouts: null,
  });
  return out;
}

/**
 * Every go-cty input case, sorted by name.
 *
 * @example Usage
 * ```ts
 * goCtyCases().length > 300; // true
 * ```
 */
export function goCtyCases(): InputCase[] {
  const all = [
    ...primitives(),
    ...nullsAndUnknowns(),
    ...collections(),
    ...sets(),
    ...objectsAndTuples(),
    ...dynamics(),
    ...nested(),
  ];
  const seen = new Set<string>();
  for (const c of all) {
    if (seen.has(c.name)) throw new Error(`duplicate case name ${c.name}`);
    seen.add(c.name);
  }
  return all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
