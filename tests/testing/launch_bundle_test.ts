/**
 * Cold launchers serve from a cached bundle: fresh bundles run, a changed or
 * removed source makes the launch run from source and rebuild in the
 * background, graphs whose bundle would behave differently are never
 * bundled, and Terraform plans through such a launcher.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import {
  bundleLauncherScript,
  isLaunchBundleFresh,
  refreshLaunchBundle,
  unbundleableReason,
} from "../../src/testing/launch_bundle.ts";
import { createWorkspace, findTerraform, runTerraform } from "../../src/testing/mod.ts";

/** Runs a launcher as Terraform would (no arguments) and returns its stdout. */
async function launch(launcher: string, env: Record<string, string> = {}): Promise<string> {
  const out = await new Deno.Command(launcher, { env, stdout: "piped", stderr: "piped" })
    .output();
  const text = new TextDecoder().decode(out.stdout);
  assert.ok(out.success, `${text}${new TextDecoder().decode(out.stderr)}`);
  return text.trim();
}

/** Waits until the background refresh has made the bundle fresh again. */
async function untilFresh(dir: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await isLaunchBundleFresh(dir)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail("the background refresh did not finish within 30 s");
}

async function fixture(mainSource: string) {
  const root = await Deno.makeTempDir({ prefix: "foundry-bundle-" });
  await Deno.writeTextFile(join(root, "deno.json"), "{}\n");
  await Deno.writeTextFile(join(root, "helper.ts"), 'export const word = "one";\n');
  const entry = join(root, "main.ts");
  await Deno.writeTextFile(entry, mainSource);
  const cache = join(root, "cache");
  const launcher = join(root, "launcher");
  // Past the one-second slack, so the files count as older than a bundle made now.
  await new Promise((r) => setTimeout(r, 1100));
  await Deno.writeTextFile(launcher, bundleLauncherScript(entry, ["--allow-all"], cache), {
    mode: 0o755,
  });
  return { root, entry, cache, launcher };
}

// Prints which file runs (the bundle or the source: the process's last
// argument) and a value from an import.
const WHICH = 'import { word } from "./helper.ts";\n' +
  "const argv = Deno.readTextFileSync('/proc/self/cmdline').split('\\0').filter((a) => a);\n" +
  "if (import.meta.main) console.log(argv.at(-1).split('/').pop(), word);\n";

Deno.test("bundle launcher: a fresh bundle runs; a change runs the source, then the new bundle", async () => {
  const f = await fixture(WHICH);
  try {
    assert.deepEqual(await refreshLaunchBundle(f.entry, f.cache), { kind: "bundled", sources: 3 });
    assert.equal(await launch(f.launcher), "main.js one");

    // An edit after bundling: this launch runs the source, the next the rebuilt
    // bundle (the pause puts the edit outside the rebuild's one-second slack).
    await Deno.writeTextFile(join(f.root, "helper.ts"), 'export const word = "two";\n');
    assert.equal(await isLaunchBundleFresh(f.cache), false);
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal(await launch(f.launcher), "main.ts two");
    await untilFresh(f.cache);
    assert.equal(await launch(f.launcher), "main.js two");

    // A source that goes away is a change too (here: the config file).
    await Deno.remove(join(f.root, "deno.json"));
    assert.equal(await isLaunchBundleFresh(f.cache), false);
    assert.equal(await launch(f.launcher), "main.ts two");
    await untilFresh(f.cache);
  } finally {
    await Deno.remove(f.root, { recursive: true });
  }
});

Deno.test("bundle launcher: an edit within the bundling second is still seen", async () => {
  const f = await fixture(WHICH);
  try {
    await refreshLaunchBundle(f.entry, f.cache);
    // No pause: same-second edits must not hide behind one-second timestamps.
    await Deno.writeTextFile(join(f.root, "helper.ts"), 'export const word = "three";\n');
    assert.equal(await isLaunchBundleFresh(f.cache), false);
    assert.equal(await launch(f.launcher), "main.ts three");
    // A rebuild begun within a second of the edit still counts it as changed,
    // so launches keep running the source until one rebuild starts later.
    let ran = "";
    for (let i = 0; i < 60 && ran !== "main.js three"; i++) {
      await new Promise((r) => setTimeout(r, 500));
      ran = await launch(f.launcher);
      assert.match(ran, /^main\.(ts|js) three$/);
    }
    assert.equal(ran, "main.js three");
  } finally {
    await Deno.remove(f.root, { recursive: true });
  }
});

Deno.test("bundle launcher: code that would see the bundle instead of its file runs from source", async () => {
  const f = await fixture(
    "if (import.meta.main) console.log(new URL('.', import.meta.url).pathname.length > 0);\n",
  );
  try {
    const r = await refreshLaunchBundle(f.entry, f.cache);
    assert.equal(r.kind, "not-bundled");
    assert.match(r.kind === "not-bundled" ? r.reason : "", /import\.meta\.url/);
    assert.equal(await isLaunchBundleFresh(f.cache), false);
    // Runs from source, and does not try to bundle again on every launch.
    const listed = (await Deno.stat(join(f.cache, "sources"))).mtime?.getTime();
    assert.equal(await launch(f.launcher), "true");
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await Deno.stat(join(f.cache, "sources"))).mtime?.getTime(), listed);
  } finally {
    await Deno.remove(f.root, { recursive: true });
  }
});

Deno.test("bundle launcher: the provider sees its entry as main module, and .ts lines in stack traces", async () => {
  const f = await fixture(
    'import { where } from "./where.ts";\n' +
      "if (import.meta.main) console.log(JSON.stringify({ main: Deno.mainModule, where: where() }));\n",
  );
  try {
    await Deno.writeTextFile(
      join(f.root, "where.ts"),
      "// Two lines before the frame, so a map that is off by one shows.\n\n" +
        "export function where(): string {\n  return new Error().stack!.split('\\n')[1];\n}\n",
    );
    await new Promise((r) => setTimeout(r, 1100));
    const fromSource = JSON.parse(await launch(f.launcher));
    // That launch ran the stale source and started a rebuild beside it; this
    // refresh is then "busy" (the rebuild holds the lock) or builds itself.
    await refreshLaunchBundle(f.entry, f.cache);
    await untilFresh(f.cache);
    const fromBundle = JSON.parse(await launch(f.launcher));
    assert.match((await Deno.readTextFile(join(f.cache, "main.js"))).split("\n")[0], /mainModule/);
    assert.equal(fromSource.main, `file://${f.entry}`);
    assert.equal(fromBundle.main, fromSource.main);
    assert.match(fromSource.where, new RegExp(`where\\.ts:4:\\d+\\)?$`));
    assert.equal(
      fromBundle.where.replace(/^\s*at \S+ /, ""),
      fromSource.where.replace(/^\s*at \S+ /, ""),
    );
  } finally {
    await Deno.remove(f.root, { recursive: true });
  }
});

Deno.test("bundle launcher: a graph that fails to bundle runs from source until a file changes", async () => {
  const f = await fixture(WHICH);
  try {
    await Deno.writeTextFile(join(f.root, "helper.ts"), "export const word = ;\n");
    await new Promise((r) => setTimeout(r, 1100));
    const r = await refreshLaunchBundle(f.entry, f.cache);
    assert.equal(r.kind, "failed");
    assert.match(r.kind === "failed" ? r.reason : "", /Expression expected/);
    const listed = (await Deno.stat(join(f.cache, "sources"))).mtime?.getTime();
    // The source runs and shows the error; no rebuild starts beside it.
    const broken = await new Deno.Command(f.launcher, { stdout: "piped", stderr: "piped" })
      .output();
    assert.equal(broken.success, false);
    assert.match(new TextDecoder().decode(broken.stderr), /Expression expected/);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await Deno.stat(join(f.cache, "sources"))).mtime?.getTime(), listed);
    // Fixed: that launch runs the source and rebuilds; the next runs the bundle.
    await Deno.writeTextFile(join(f.root, "helper.ts"), 'export const word = "fixed";\n');
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal(await launch(f.launcher), "main.ts fixed");
    await untilFresh(f.cache);
    assert.equal(await launch(f.launcher), "main.js fixed");
  } finally {
    await Deno.remove(f.root, { recursive: true });
  }
});

Deno.test("bundle launcher: a refresh removes the cached bundles of entries that are gone", async () => {
  const root = await Deno.makeTempDir({ prefix: "foundry-bundle-prune-" });
  const cache = join(root, "foundry", "launch");
  try {
    const entries = [join(root, "kept", "main.ts"), join(root, "deleted", "main.ts")];
    const dirs = [join(cache, "0000000000000001"), join(cache, "0000000000000002")];
    for (const e of entries) {
      await Deno.mkdir(join(e, ".."), { recursive: true });
      await Deno.writeTextFile(e, "if (import.meta.main) console.log(1);\n");
    }
    // Not a bundle directory (its name is not a bundle's): never touched.
    await Deno.mkdir(join(cache, "notes"), { recursive: true });
    await Deno.writeTextFile(join(cache, "notes", "entry"), join(root, "nowhere.ts"));
    for (let i = 0; i < 2; i++) {
      assert.equal((await refreshLaunchBundle(entries[i], dirs[i])).kind, "bundled");
      assert.equal(await Deno.readTextFile(join(dirs[i], "entry")), `${entries[i]}\n`);
    }
    await Deno.remove(join(root, "deleted"), { recursive: true });
    await refreshLaunchBundle(entries[0], dirs[0]);
    assert.ok((await Deno.stat(join(dirs[0], "main.js"))).isFile);
    await assert.rejects(() => Deno.stat(dirs[1]), Deno.errors.NotFound);
    assert.ok((await Deno.stat(join(cache, "notes"))).isDirectory);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("bundle launcher: what makes a bundle unsafe", () => {
  assert.equal(unbundleableReason("if (import.meta.main) main();"), undefined);
  assert.match(unbundleableReason("fetch(import.meta.url)") ?? "", /import\.meta\.url/);
  assert.match(unbundleableReason("x(import.meta.dirname)") ?? "", /import\.meta\.dirname/);
  assert.match(
    unbundleableReason("if (import.meta.main) a(); if (import.meta.main) b();") ?? "",
    /besides the entry/,
  );
  assert.match(unbundleableReason("await import(name)") ?? "", /dynamic import/);
  assert.match(unbundleableReason('await import("./peer.js")') ?? "", /dynamic import/);
  // Node built-ins resolve the same from a bundle (the gRPC server loads them lazily).
  assert.equal(
    unbundleableReason('Promise.all([import("node:net"), import( "node:tls" )])'),
    undefined,
  );
  assert.match(unbundleableReason('import("node:net" + x)') ?? "", /dynamic import/);
  assert.match(unbundleableReason("const m = require('x')") ?? "", /require/);
  assert.match(unbundleableReason('var m = __require("fs");') ?? "", /require/);
  assert.equal(
    unbundleableReason('var __require = (f) => typeof require < "u" ? require.apply(0, f) : 0;'),
    undefined,
  );
});

const terraform = await findTerraform();
const ignore = terraform === undefined;
if (ignore) console.error("bundle launcher Terraform test skipped: terraform is not installed");

Deno.test({
  name: "terraform: plans through a cold launcher serving the example from its bundle",
  ignore,
}, async () => {
  const entry = new URL("../../examples/provider/main.ts", import.meta.url).pathname;
  const ws = await createWorkspace({ source: "example.com/acme/example", entry, warm: false });
  try {
    const script = await Deno.readTextFile(ws.launcher);
    assert.match(script, /"\$_fwd\/main\.js"/);
    const cache = /^_fwd='([^']+)'$/m.exec(script)?.[1];
    assert.ok(cache !== undefined && await isLaunchBundleFresh(cache), script);
    await ws.write(
      "main.tf",
      `terraform {\n  required_providers {\n    example = { source = "example.com/acme/example" }\n  }\n}\n` +
        `provider "example" {\n  root = "\${path.root}/.example"\n}\n` +
        `resource "example_server" "a" {\n  name = "a"\n}\n`,
    );
    const plan = await runTerraform(["plan", "-no-color", "-input=false"], {
      terraform: terraform!,
      cwd: ws.dir,
      env: ws.env,
    });
    assert.equal(plan.code, 0, plan.stderr + plan.stdout);
    assert.match(plan.stdout, /1 to add, 0 to change, 0 to destroy/);
  } finally {
    await ws.dispose();
  }
});

Deno.test("bundle launcher: the example provider's bundle imports no node: module statically", async () => {
  // A bundle hoists every static import of the modules it inlines, even of a
  // module reached only through `import()`, to its first lines: one such
  // `node:` import loads Deno's Node layer (~20-35 ms) before every cold
  // launch's handshake line. The source graph
  // (tests/architecture/served_graph_test.ts) cannot show that.
  const dir = await Deno.makeTempDir({ prefix: "foundry-served-bundle-" });
  try {
    const made = await refreshLaunchBundle(
      new URL("../../examples/provider/main.ts", import.meta.url).pathname,
      dir,
    );
    assert.equal(made.kind, "bundled", JSON.stringify(made));
    const code = await Deno.readTextFile(`${dir}/main.js`);
    const hoisted = code.split("\n").filter((l) => /^import\b.*["']node:/.test(l));
    assert.deepEqual(hoisted, [], "static node: imports in the launch bundle");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
