// toHcl2Json against @cdktf/hcl2json (Go's hcl2json compiled to WebAssembly) on the parse
// corpus and on hcl2json-specific cases: the same JSON for the same file.
import assert from "node:assert/strict";
import { toHcl2Json } from "../../src/hcl/hcl2json.ts";

let peer: ((name: string, src: string) => Promise<unknown>) | undefined;
try {
  peer = (await import("@cdktf/hcl2json")).parse;
} catch {
  console.log("hcl2json test: @cdktf/hcl2json is not installed; skipped");
}

const files: Array<[string, URL]> = [];
for (const dir of ["./testdata/parse/corpus/", "./testdata/hcl2json/"]) {
  const base = new URL(dir, import.meta.url);
  for (const e of Deno.readDirSync(base)) files.push([e.name, new URL(e.name, base)]);
}

for (const [name, url] of files) {
  Deno.test({
    name: `hcl2json: ${name} gives @cdktf/hcl2json's JSON`,
    ignore: peer === undefined,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      const src = Deno.readTextFileSync(url);
      const want = await peer!(name, src);
      const got = toHcl2Json(src, name);
      assert.deepEqual(got.diagnostics, []);
      assert.deepEqual(got.json, want);
    },
  });
}

Deno.test("hcl2json: a syntax error gives diagnostics and no JSON", () => {
  const got = toHcl2Json("a = [1 2]\n", "bad.tf");
  assert.equal(got.json, undefined);
  assert.equal(got.diagnostics[0].summary, "Missing item separator");
});

Deno.test("hcl2json: an attribute and a block of one name cannot share a key", () => {
  const got = toHcl2Json('a = 1\na "x" {}\n', "clash.tf");
  assert.equal(got.json, undefined);
  assert.equal(got.diagnostics[0].summary, "Unable to convert to JSON");
});
