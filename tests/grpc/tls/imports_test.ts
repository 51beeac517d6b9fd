// The record crypto is on every provider launch's path and exists to keep
// node: modules off it, so its files may import each other and nothing
// else: no node:, npm: or other layer's module can creep in.
import assert from "node:assert/strict";

const PRIMITIVES = [
  "chacha20.ts",
  "chacha20_poly1305.ts",
  "constant_time.ts",
  "hkdf.ts",
  "hmac_sha256.ts",
  "poly1305.ts",
  "sha256.ts",
];

Deno.test("the TLS primitives import only each other", async () => {
  const dir = new URL("../../../src/grpc/tls/", import.meta.url);
  for (const file of PRIMITIVES) {
    const source = await Deno.readTextFile(new URL(file, dir));
    // Doc examples (in comments) may import node:assert; the code may not.
    const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
    const specifiers = [
      ...code.matchAll(/\bfrom\s*["']([^"']+)["']|\bimport\s*\(?\s*["']([^"']+)["']/g),
    ]
      .map((m) => m[1] ?? m[2]);
    for (const spec of specifiers) {
      assert.ok(
        spec.startsWith("./") && PRIMITIVES.includes(spec.slice(2)),
        `src/grpc/tls/${file} imports ${spec}; the primitives may import only each other`,
      );
    }
  }
});
