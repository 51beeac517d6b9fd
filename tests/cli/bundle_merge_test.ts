import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { mergeStaticChunks } from "../../src/cli/bundle_merge.ts";

async function writeAll(dir: string, texts: ReadonlyMap<string, string>): Promise<void> {
  for (const [name, text] of texts) await Deno.writeTextFile(join(dir, name), text);
}

async function readAll(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const e of Deno.readDir(dir)) {
    out.set(e.name, await Deno.readTextFile(join(dir, e.name)));
  }
  return out;
}

Deno.test("mergeStaticChunks: an import form it does not read leaves the build untouched", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const texts = new Map([
      ["main.js", 'import * as a from "./chunk-A.js";\nexport const x = a.y;\n'],
      ["chunk-A.js", "export const y = 1;\n"],
    ]);
    await writeAll(dir, texts);
    const r = await mergeStaticChunks(dir, "main.js", texts);
    assert.equal(r.kind, "kept");
    assert.match(r.kind === "kept" ? r.reason : "", /main\.js has "import \* as a from/);
    assert.deepEqual(await readAll(dir), texts);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mergeStaticChunks: a second bundle that fails puts every file back", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const texts = new Map([
      ["main.js", 'import { y } from "./chunk-A.js";\nexport const x = () => import("./b.js");\n'],
      ["chunk-A.js", "export const y = (;\n"],
      ["b.js", 'import { y } from "./chunk-A.js";\nexport const b = y;\n'],
    ]);
    await writeAll(dir, texts);
    const r = await mergeStaticChunks(dir, "main.js", texts);
    assert.equal(r.kind, "kept");
    assert.match(r.kind === "kept" ? r.reason : "", /the joining bundle failed/);
    // The dynamic import's temporary scheme is gone again, and no scratch file is left.
    assert.deepEqual(await readAll(dir), texts);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mergeStaticChunks: an entry without chunks is left alone", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const texts = new Map([["main.js", 'export const x = () => import("./b.js");\n']]);
    await writeAll(dir, texts);
    const r = await mergeStaticChunks(dir, "main.js", texts);
    assert.deepEqual(r, { kind: "kept", reason: "main.js imports no chunk" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mergeStaticChunks: joined modules keep their order, names that clash and one instance", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // Two chunks with the same top-level name, evaluation order that matters, a chunk shared
    // only by on-demand chunks (left alone) and an on-demand chunk importing a joined binding.
    const texts = new Map([
      [
        "main.js",
        'import { log } from "./chunk-L.js";\nimport { two } from "./chunk-B.js";\n' +
        'log.push("main");\nexport const order = log;\nexport { two };\n' +
        'export const later = () => import("./later.js");\n',
      ],
      ["chunk-L.js", "export const log = [];\n"],
      [
        "chunk-B.js",
        'import { log } from "./chunk-L.js";\nlog.push("B");\nvar n = 2;\n' +
        "export function two() { return n; }\n",
      ],
      ["chunk-C.js", "var n = 3;\nexport function three() { return n; }\n"],
      [
        "later.js",
        'import { log } from "./chunk-L.js";\nimport { three } from "./chunk-C.js";\n' +
        'import { two as t } from "./chunk-B.js";\nlog.push("later");\n' +
        "export const sum = () => t() + three();\n",
      ],
    ]);
    await writeAll(dir, texts);
    const r = await mergeStaticChunks(dir, "main.js", texts);
    assert.equal(r.kind, "merged");
    if (r.kind !== "merged") return;
    assert.deepEqual([...r.joined].sort(), ["chunk-B.js", "chunk-L.js"]);
    assert.equal(r.texts.get("chunk-C.js"), texts.get("chunk-C.js"));
    await writeAll(dir, r.texts);
    for (const name of r.joined) await Deno.remove(join(dir, name));
    const main = await import(pathToFileURL(join(dir, "main.js")).href);
    assert.deepEqual(main.order, ["B", "main"]);
    const later = await main.later();
    assert.equal(later.sum(), 5);
    // `later.js` pushed onto the joined file's array: one instance of chunk-L's module.
    assert.deepEqual(main.order, ["B", "main", "later"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mergeStaticChunks: small helpers the on-demand chunks share are joined; families, big and node: ones are not", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const onDemand = (name: string, from: string[]) =>
      [
        name,
        from.map((c, i) => `import { v as v${i} } from "./${c}";\n`).join("") +
        `export const ${name.replace(/\W.*/, "")} = () => [${from.map((_, i) => `v${i}`)}];\n`,
      ] as [string, string];
    const texts = new Map<string, string>([
      [
        "main.js",
        'import { base } from "./chunk-S.js";\nexport const go = (n) => ' +
        '[import("./a.js"), import("./b.js"), import("./c.js"), import("./f.js")][n];\n' +
        "export { base };\n",
      ],
      ["chunk-S.js", "export const base = 0;\n"],
      // Three importers, small: joined (and the helper it imports, itself joined).
      ["chunk-H.js", 'import { w } from "./chunk-W.js";\nexport const v = w + 1;\n'],
      ["chunk-W.js", "export const w = 1;\nexport const v = w;\n"],
      // Three importers but Node's: left.
      ["chunk-N.js", 'import { sep } from "node:path";\nexport const v = sep;\n'],
      // Three importers but big: left.
      ["chunk-B.js", `export const v = "${"x".repeat(20_000)}";\n`],
      // Two importers (a family's module: its own import() and a loader of everything): left.
      ["chunk-F.js", "export const v = 3;\n"],
      onDemand("a.js", ["chunk-H.js", "chunk-N.js", "chunk-B.js"]),
      onDemand("b.js", ["chunk-H.js", "chunk-N.js", "chunk-B.js", "chunk-W.js"]),
      onDemand("c.js", ["chunk-H.js", "chunk-N.js", "chunk-B.js", "chunk-F.js"]),
      onDemand("f.js", ["chunk-F.js"]),
    ]);
    await writeAll(dir, texts);
    const r = await mergeStaticChunks(dir, "main.js", texts);
    assert.equal(r.kind, "merged", JSON.stringify(r));
    if (r.kind !== "merged") return;
    assert.deepEqual([...r.joined].sort(), ["chunk-H.js", "chunk-S.js", "chunk-W.js"]);
    await writeAll(dir, r.texts);
    for (const name of r.joined) await Deno.remove(join(dir, name));
    const main = await import(pathToFileURL(join(dir, "main.js")).href);
    const b = await main.go(1);
    assert.deepEqual(b.b(), [2, "/", "x".repeat(20_000), 1]);
    assert.deepEqual((await main.go(2)).c().slice(-1), [3]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mergeStaticChunks: a joined build the caller's check refuses is not kept", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const texts = new Map([
      ["main.js", 'import { y } from "./chunk-A.js";\nexport const x = y;\n'],
      ["chunk-A.js", "export const y = 1;\n"],
    ]);
    await writeAll(dir, texts);
    const seen: string[][] = [];
    const r = await mergeStaticChunks(dir, "main.js", texts, (joined) => {
      seen.push([...joined.keys()]);
      return "refused";
    });
    assert.deepEqual(r, { kind: "kept", reason: "the joined build would not be used: refused" });
    assert.deepEqual(seen, [["main.js"]]);
    assert.deepEqual(await readAll(dir), texts);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
