/**
 * Regenerates tests/cty/testdata/wire.json: go-cty's own answers (Debian's go-cty 1.12.1, whose
 * json and msgpack packages decide these cases as 1.16.0 does: same `Marshal` conformance step,
 * same string-to-bool conversion) for the encoder and decoder edges of issue 22:
 *
 * - `marshal`: a value (go-cty's dynamic JSON form) written for another type with
 *   `msgpack.Marshal` and `json.Marshal`, which convert a non-conforming value first;
 * - `unmarshalJSON` / `unmarshalMsgpack`: text or bytes read at a type; the result as dynamic
 *   JSON (its type shows how null and unknown elements were retyped), or the error.
 *
 *   deno run -A scripts/cty-testdata/wire_cases.ts
 *
 * Needs `go` and Debian's golang-github-zclconf-go-cty-dev (as build-ctyref.sh installs);
 * builds `wire/main.go` in GOPATH mode. About 5 s.
 *
 * @example
 * ```ts
 * // deno run -A scripts/cty-testdata/wire_cases.ts
 * ```
 * @module
 */
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import type { TypeJson } from "./cty_types.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, "..", "..", "tests", "cty", "testdata", "wire.json");

type Case =
  | { name: string; op: "marshal"; value: { value: unknown; type: TypeJson }; type: TypeJson }
  | { name: string; op: "unmarshalJSON"; text: string; type: TypeJson }
  | { name: string; op: "unmarshalMsgpack"; hex: string; type: TypeJson };

const S = "string", N = "number", B = "bool", D = "dynamic";
const obj = (a: Record<string, TypeJson>, opt?: string[]): TypeJson =>
  (opt ? ["object", a, opt] : ["object", a]) as TypeJson;
const m = (name: string, value: unknown, from: TypeJson, to: TypeJson): Case => ({
  name: `marshal/${name}`,
  op: "marshal",
  value: { value, type: from },
  type: to,
});
const j = (name: string, text: string, type: TypeJson): Case => ({
  name: `json/${name}`,
  op: "unmarshalJSON",
  text,
  type,
});
const p = (name: string, hex: string, type: TypeJson): Case => ({
  name: `msgpack/${name}`,
  op: "unmarshalMsgpack",
  hex,
  type,
});
// msgpack pieces: bin8 type JSON for dynamic wrappers
const bin = (s: string) => {
  const b = new TextEncoder().encode(s);
  return "c4" + b.length.toString(16).padStart(2, "0") +
    Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
};

const CASES: Case[] = [
  // 5. encoders conform, then convert
  m("optional-missing", { a: "x" }, obj({ a: S }), obj({ a: S, b: S }, ["b"])),
  m("optional-missing-nested", [{ a: "x" }], ["list", obj({ a: S })], [
    "list",
    obj({ a: S, b: N }, ["b"]),
  ]),
  m("optional-present", { a: "x", b: "y" }, obj({ a: S, b: S }), obj({ a: S, b: S }, ["b"])),
  m("required-missing", { a: "x" }, obj({ a: S }), obj({ a: S, b: S })),
  m("extra-attribute", { a: "x", c: 1 }, obj({ a: S, c: N }), obj({ a: S })),
  m("number-as-string", 1.5, N, S),
  m("big-number-as-string", "123456789012345678901234567890", N, S),
  m("bool-as-string", true, B, S),
  m("string-as-number", "12", S, N),
  m("string-as-number-bad", "x", S, N),
  m("string-as-bool", "1", S, B),
  m("null-string-as-number", null, S, N),
  m("null-list-as-string", null, ["list", S], S),
  m("null-object-as-list", null, obj({ a: S }), ["list", S]),
  m("tuple-as-list", ["a", "b"], ["tuple", [S, S]], ["list", S]),
  m("tuple-mixed-as-list-of-string", ["a", 1], ["tuple", [S, N]], ["list", S]),
  m("object-as-map", { a: "x", b: "y" }, obj({ a: S, b: S }), ["map", S]),
  m("list-as-set", ["b", "a", "b"], ["list", S], ["set", S]),
  m("string-as-list", "a", S, ["list", S]),
  m("list-of-numbers-as-strings", [1, 2], ["list", N], ["list", S]),
  m("map-as-object", { a: "x" }, ["map", S], obj({ a: S })),
  m("conforming-dynamic", { a: "x" }, obj({ a: S }), D),
  m("list-into-list-of-dynamic", ["a"], ["list", S], ["list", D]),
  // 6. a JSON bool may be a string, converted as go-cty converts strings
  ...["true", "false", "1", "0", "True", "yes", "", " 1"].map((s) =>
    j(`bool-from-string-${JSON.stringify(s)}`, JSON.stringify(s), B)
  ),
  j("bools-in-list", '["1","0",true]', ["list", B]),
  p("bool-from-msgpack-string", "a131", B),
  // 4. text is NFC; a lone surrogate escape reads as U+FFFD
  j("lone-surrogate-escape", '"a\\ud800b"', S),
  j("surrogate-pair-escape", '"\\ud83d\\ude00"', S),
  j("nfd-text", '"e\\u0301"', S),
  j("nfd-map-keys", '{"e\\u0301":1,"k":2}', ["map", N]),
  // 8. null and unknown elements read at dynamic take the collection's element type
  j("list-dynamic-null-first", '[null,{"value":"a","type":"string"}]', ["list", D]),
  j("list-dynamic-null-last", '[{"value":1,"type":"number"},null]', ["list", D]),
  j("list-dynamic-all-null", "[null,null]", ["list", D]),
  j("set-dynamic-null", '[{"value":"a","type":"string"},null]', ["set", D]),
  j("map-dynamic-null", '{"a":null,"b":{"value":true,"type":"bool"}}', ["map", D]),
  p("list-dynamic-null", "92c0" + "92" + bin('"string"') + "a161", ["list", D]),
  p("list-dynamic-unknown", "92d40000" + "92" + bin('"string"') + "a161", ["list", D]),
  p("set-dynamic-null", "92" + "92" + bin('"number"') + "01" + "c0", ["set", D]),
  p("map-dynamic-null", "82a161c0a16292" + bin('"number"') + "01", ["map", D]),
  p("map-dynamic-unknown", "82a161d40000a16292" + bin('"number"') + "01", ["map", D]),
  // 10. what go-cty accepts and we refuse on purpose is listed in the module docs; these are
  // the cases where go-cty keeps the last of repeated keys (Terraform's jsondecode relies on it)
  j("duplicate-object-key", '{"a":1,"a":2}', obj({ a: N })),
  j("duplicate-map-key", '{"a":1,"a":2}', ["map", N]),
  j("duplicate-dynamic-value", '{"value":1,"value":2,"type":"number"}', D),
  j("trailing-data", "1 2", N),
  p("trailing-bytes", "0101", N),
];

function hasGoCty(): boolean {
  try {
    return Deno.statSync("/usr/share/gocode/src/github.com/zclconf/go-cty").isDirectory;
  } catch {
    return false;
  }
}

async function main() {
  if (!hasGoCty()) throw new Error("needs Debian's go-cty: run build-ctyref.sh first");
  const work = await Deno.makeTempDir({ prefix: "cty-wire-" });
  try {
    await Deno.mkdir(join(work, "src", "wire"), { recursive: true });
    await Deno.copyFile(join(HERE, "wire", "main.go"), join(work, "src", "wire", "main.go"));
    const build = await new Deno.Command("go", {
      args: ["build", "-o", join(work, "wire"), "./src/wire"],
      cwd: work,
      env: {
        GOPATH: `${work}:/usr/share/gocode`,
        GO111MODULE: "off",
        GOFLAGS: "",
        GOCACHE: join(work, "cache"),
      },
    }).output();
    if (!build.success) throw new Error(new TextDecoder().decode(build.stderr));
    const child = new Deno.Command(join(work, "wire"), { stdin: "piped", stdout: "piped" })
      .spawn();
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(JSON.stringify(CASES)));
    await w.close();
    const outs = JSON.parse(new TextDecoder().decode((await child.output()).stdout));
    const rows = CASES.map((c, i) => JSON.stringify({ ...c, ...outs[i] }));
    await Deno.writeTextFile(OUT, "[\n" + rows.join(",\n") + "\n]\n");
    console.log(`wrote ${rows.length} cases to ${OUT}`);
  } finally {
    await Deno.remove(work, { recursive: true });
  }
}

if (import.meta.main) await main();
