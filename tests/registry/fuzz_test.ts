// Seeded fuzz of request paths: the registry never fails with a 5xx, and only
// the endpoints of the one published release answer 200. Bounded to ~1 s.
import assert from "node:assert/strict";
import { join } from "node:path";
import { createRegistryApp } from "../../src/registry/mod.ts";
import { buildSignedExample, publishToStorage } from "./fixture.ts";

function rng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

const PIECES = [
  "v1",
  "providers",
  "mirror",
  "files",
  "publish",
  "acme",
  "example",
  "0.1.0",
  "download",
  "linux",
  "amd64",
  "..",
  ".",
  "%2e%2e",
  "%2F",
  "%00",
  "index.json",
  "0.1.0.json",
  "keys",
  "tokens",
  ".secret",
  "private",
  "artifacts",
  "registry.db",
  "do-not-serve",
  "registry.example",
  "terraform-provider-example_0.1.0_SHA256SUMS",
  "\u00e9",
  "a".repeat(300),
  "",
  "versions",
  "~",
  "%252e%252e",
]; // deno-fmt-ignore

Deno.test("fuzz: random request paths never cause a 5xx or reach outside the release", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const storage = join(dir, "storage");
    await publishToStorage(storage, "acme", await buildSignedExample(dir));
    await Deno.writeTextFile(join(storage, "artifacts", "do-not-serve"), "do not serve");
    const app = createRegistryApp({ storage });
    const next = rng(17);
    const deadline = performance.now() + 1000;
    let count = 0;
    while (performance.now() < deadline && count < 20_000) {
      const n = 1 + Math.floor(next() * 8);
      const parts = Array.from({ length: n }, () => PIECES[Math.floor(next() * PIECES.length)]);
      const path = "/" + parts.join("/");
      const method = next() < 0.2 ? "POST" : "GET";
      const res = await app.request(`https://registry.example${path}`, { method });
      assert.ok(res.status < 500, `${method} ${path}: ${res.status}`);
      const body = new Uint8Array(await res.arrayBuffer());
      if (res.status === 200) {
        assert.ok(!new TextDecoder().decode(body).includes("do not serve"), path);
        assert.ok(
          parts[0] === "v1" || path.startsWith("/.well-known"),
          `${method} ${path} answered 200`,
        );
      }
      count++;
    }
    assert.ok(count > 50, `only ${count} requests in the time bound`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
