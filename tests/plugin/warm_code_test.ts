// What a warm daemon counts as a change of the code it serves: for a launch
// bundle, its source list (wherever the files live), the list and the bundle
// themselves, and the bundle rule at start; for source, the entry's
// directory, Foundry's and the listed files.
import assert from "node:assert/strict";
import { join } from "node:path";
import { servedCode } from "../../src/plugin/warm_code.ts";

const past = new Date(Date.now() - 60_000);

/** A provider in `src/`, a file outside it, and a current launch bundle of both in `cache/`. */
async function layout() {
  const root = await Deno.makeTempDir({ prefix: "foundry-warm-code-" });
  const src = join(root, "src");
  const lib = join(root, "lib");
  const cache = join(root, "cache");
  for (const d of [src, lib, cache]) await Deno.mkdir(d);
  const files = {
    entry: join(src, "main.ts"),
    sibling: join(src, "unlisted.ts"),
    outside: join(lib, "shared.ts"),
    bundle: join(cache, "main.js"),
    list: join(cache, "sources"),
  };
  await Deno.writeTextFile(files.entry, 'import "../lib/shared.ts";\n');
  await Deno.writeTextFile(files.sibling, "export {};\n");
  await Deno.writeTextFile(files.outside, "export const a = 1;\n");
  await Deno.writeTextFile(files.bundle, "console.log(1);\n");
  await Deno.writeTextFile(files.list, `${files.entry}\n${files.outside}\n`);
  for (const p of [files.entry, files.sibling, files.outside]) await Deno.utime(p, past, past);
  const bundleInput = {
    mainModule: `file://${files.bundle}`,
    bundleDir: cache,
    executable: Deno.execPath(),
  };
  return { root, cache, files, bundleInput };
}

/** Rewrites a file with other content (its size changes, so the stamp does too). */
function edit(path: string) {
  Deno.writeTextFileSync(path, Deno.readTextFileSync(path) + "// edited\n");
}

Deno.test("warm code: a bundle daemon watches its listed sources, the list and the bundle", async () => {
  const t = await layout();
  try {
    for (const changed of [t.files.outside, t.files.entry, t.files.bundle, t.files.list]) {
      const code = servedCode(t.bundleInput);
      assert.equal(code.form, "bundle");
      assert.equal(code.module, t.bundleInput.mainModule);
      assert.ok(code.unchanged(), "nothing changed yet");
      const before = Deno.readTextFileSync(changed);
      edit(changed);
      assert.ok(!code.unchanged(), `${changed} changed`);
      Deno.writeTextFileSync(changed, before);
      if (changed !== t.files.list) Deno.utimeSync(changed, past, past);
    }
    // A file of the entry's directory that is not in the graph is no change.
    const code = servedCode(t.bundleInput);
    edit(t.files.sibling);
    assert.ok(code.unchanged());
    // A listed file gone is a change.
    Deno.removeSync(t.files.outside);
    assert.ok(!code.unchanged());
  } finally {
    await Deno.remove(t.root, { recursive: true });
  }
});

Deno.test("warm code: a bundle that was stale when the daemon started is never served", async () => {
  const t = await layout();
  try {
    // Edited after the list was written: the launcher would not run this bundle.
    const later = new Date(Date.now() + 5_000);
    Deno.utimeSync(t.files.outside, later, later);
    const code = servedCode(t.bundleInput);
    assert.equal(code.form, "bundle");
    assert.ok(!code.unchanged());
  } finally {
    await Deno.remove(t.root, { recursive: true });
  }
});

Deno.test("warm code: a source daemon walks the entry's and Foundry's directories and adds the list", async () => {
  const t = await layout();
  const foundry = join(t.root, "foundry");
  await Deno.mkdir(join(foundry, "plugin"), { recursive: true });
  await Deno.writeTextFile(join(foundry, "plugin", "serve.ts"), "export {};\n");
  try {
    const input = {
      mainModule: `file://${t.files.entry}`,
      bundleDir: t.cache,
      foundryDir: foundry,
      executable: Deno.execPath(),
    };
    for (
      const changed of [t.files.sibling, t.files.outside, join(foundry, "plugin", "serve.ts")]
    ) {
      const code = servedCode(input);
      assert.equal(code.form, "source");
      assert.equal(code.module, input.mainModule);
      assert.ok(code.unchanged());
      edit(changed);
      assert.ok(!code.unchanged(), `${changed} changed`);
    }
    // The bundle being rebuilt is no change of the source it serves.
    const code = servedCode(input);
    edit(t.files.bundle);
    edit(t.files.list);
    assert.ok(code.unchanged());
    // Without a bundle directory, files outside the walked ones are not seen.
    const bare = servedCode({ ...input, bundleDir: undefined });
    edit(t.files.outside);
    assert.ok(bare.unchanged());
  } finally {
    await Deno.remove(t.root, { recursive: true });
  }
});
