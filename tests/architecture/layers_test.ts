import assert from "node:assert/strict";
import { join, relative } from "node:path";
import {
  checkImports,
  EXTRA_ENTRIES,
  type ImportEdge,
  importsOf,
  LAYER_ARROWS,
} from "./layer_rules.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(join(ROOT, dir))) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) {
      if (entry.name === "testdata" || entry.name.startsWith(".")) continue;
      yield* sourceFiles(path);
    } else if (entry.name.endsWith(".ts")) {
      yield path;
    }
  }
}

async function realEdges(): Promise<ImportEdge[]> {
  const edges: ImportEdge[] = [];
  for (const dir of ["src", "tests", "examples"]) {
    for await (const path of sourceFiles(dir)) {
      edges.push(...importsOf(path, await Deno.readTextFile(join(ROOT, path))));
    }
  }
  edges.push(...importsOf("mod.ts", await Deno.readTextFile(join(ROOT, "mod.ts"))));
  return edges;
}

async function exportMap(): Promise<Record<string, string>> {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  return config.exports as Record<string, string>;
}

Deno.test("layers: no import goes up or sideways, and other layers' internals stay private", async () => {
  const entries = new Set(Object.values(await exportMap()).map((p) => relative(".", p)));
  const violations = checkImports(await realEdges(), entries);
  assert.deepEqual(violations.map((v) => v.message), []);
});

Deno.test("layers: every folder under src/ is a known layer with a mod.ts", async () => {
  for await (const entry of Deno.readDir(join(ROOT, "src"))) {
    if (!entry.isDirectory) continue;
    assert.ok(entry.name in LAYER_ARROWS, `src/${entry.name} is not in LAYER_ARROWS`);
    const mod = await Deno.stat(join(ROOT, "src", entry.name, "mod.ts")).catch(() => null);
    assert.ok(mod?.isFile, `src/${entry.name} has no mod.ts`);
  }
  for (const path of Object.keys(EXTRA_ENTRIES)) {
    assert.ok((await Deno.stat(join(ROOT, path))).isFile, `extra entry ${path} is gone`);
  }
});

Deno.test("layers: every public export has JSDoc", async () => {
  const missing: string[] = [];
  for (const [name, path] of Object.entries(await exportMap())) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["doc", "--json", path],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(out.success, `deno doc ${path}: ${new TextDecoder().decode(out.stderr)}`);
    const doc = JSON.parse(new TextDecoder().decode(out.stdout));
    for (const node of Object.values(doc.nodes) as { symbols?: DocSymbol[] }[]) {
      for (const symbol of node.symbols ?? []) {
        if (!symbol.declarations.some((d) => (d.jsDoc?.doc ?? "").trim() !== "")) {
          missing.push(`${name}: ${symbol.name}`);
        }
      }
    }
  }
  assert.deepEqual(missing, []);
});

interface DocSymbol {
  name: string;
  declarations: { jsDoc?: { doc?: string } }[];
}

// The rules themselves, on made-up trees: each must be able to fail.

const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, typeOnly });
const none = new Set<string>();

Deno.test("layer rules: an import up the layers fails, down through mod.ts passes", () => {
  const up = checkImports([edge("src/cty/value.ts", "src/provider/mod.ts")], none, {});
  assert.deepEqual(up.map((v) => v.rule), ["upward"]);
  const sideways = checkImports([edge("src/grpc/server.ts", "src/protobuf/mod.ts")], none, {});
  assert.deepEqual(sideways.map((v) => v.rule), ["upward"]);
  assert.deepEqual(
    checkImports([edge("src/provider/serve.ts", "src/plugin/mod.ts")], none, {}),
    [],
  );
  // Transitively allowed: testing -> provider -> cty.
  assert.deepEqual(checkImports([edge("src/testing/client.ts", "src/cty/mod.ts")], none, {}), []);
});

Deno.test("layer rules: another layer's internals fail, except the layer's own tests", () => {
  const inner = checkImports([edge("src/provider/plan.ts", "src/cty/convert.ts")], none, {});
  assert.deepEqual(inner.map((v) => v.rule), ["internals"]);
  const test = checkImports([edge("tests/examples/a_test.ts", "src/provider/schema.ts")], none, {});
  assert.deepEqual(test.map((v) => v.rule), ["internals"]);
  assert.deepEqual(checkImports([edge("tests/cty/a_test.ts", "src/cty/convert.ts")], none, {}), []);
  // The engine's mod.ts is an entry for testing only.
  assert.deepEqual(
    checkImports([edge("src/testing/client.ts", "src/provider/_engine/mod.ts")], none, {}),
    [],
  );
  const cli = checkImports([edge("src/cli/x.ts", "src/provider/_engine/mod.ts")], none, {});
  assert.deepEqual(cli.map((v) => v.rule), ["internals"]);
});

Deno.test("layer rules: examples use exported entries; exceptions excuse run-time imports only and go stale", () => {
  const ex = checkImports([edge("examples/p/main.ts", "src/provider/serve.ts")], none, {});
  assert.deepEqual(ex.map((v) => v.rule), ["internals"]);
  const pub = new Set(["src/provider/mod.ts"]);
  assert.deepEqual(checkImports([edge("examples/p/main.ts", "src/provider/mod.ts")], pub, {}), []);
  const exceptions = { "src/provider -> src/cty/value.ts": "why" };
  assert.deepEqual(
    checkImports([edge("src/provider/a.ts", "src/cty/value.ts")], none, exceptions),
    [],
  );
  const typeOnly = checkImports(
    [edge("src/provider/a.ts", "src/cty/value.ts", true)],
    none,
    exceptions,
  );
  assert.deepEqual(typeOnly.map((v) => v.rule), ["internals", "stale-exception"]);
});

Deno.test("layer rules: imports are read from code, not from comments", () => {
  const source = [
    "/**",
    ' * import { x } from "../provider/mod.ts";',
    " */",
    '// import { y } from "../cli/mod.ts";',
    'import type { Value } from "../cty/mod.ts";',
    'export { a } from "./a.ts";',
    'import "../plugin/mod.ts";',
    'const lazy = () => import("../grpc/mod.ts");',
  ].join("\n");
  assert.deepEqual(importsOf("src/provider/m.ts", source), [
    edge("src/provider/m.ts", "src/cty/mod.ts", true),
    edge("src/provider/m.ts", "src/provider/a.ts"),
    edge("src/provider/m.ts", "src/plugin/mod.ts"),
    edge("src/provider/m.ts", "src/grpc/mod.ts"),
  ]);
});
