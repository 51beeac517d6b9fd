// `foundry console` served from its cached bundle (src/cli/bundled_command.ts, bundle_cache.ts,
// bundle_build.ts): against a copy of the source tree and a cache directory of the test's own,
// so edits and damage never touch the checkout or the user's cache.

import assert from "node:assert/strict";
import { cp } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildBundle } from "../../src/cli/bundle_build.ts";
import { bundleCacheDir, checkBundle } from "../../src/cli/bundle_cache.ts";
import { loadBundledCommand } from "../../src/cli/bundled_command.ts";
import type { Command } from "../../src/cli/command.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const UTF8 = new TextDecoder();

/** Deno's own cache: the children keep it although they get another XDG_CACHE_HOME. */
const DENO_DIR = await (async () => {
  const out = await new Deno.Command(Deno.execPath(), { args: ["info", "--json"] }).output();
  return (JSON.parse(UTF8.decode(out.stdout)) as { denoDir: string }).denoDir;
})();

/** A copy of the tree the console is made of, every file ten seconds old (settled). */
async function copyTree(): Promise<{ dir: string; entry: string; cache: string }> {
  const dir = await Deno.makeTempDir({ prefix: "foundry-bundle-" });
  await cp(join(ROOT, "src"), join(dir, "src"), { recursive: true });
  for (const f of ["deno.json", "deno.lock"]) await Deno.copyFile(join(ROOT, f), join(dir, f));
  await ageTree(dir);
  const entry = pathToFileURL(join(dir, "src/cli/commands/console.ts")).href;
  return { dir, entry, cache: join(dir, "xdg") };
}

async function ageTree(dir: string): Promise<void> {
  const past = new Date(Date.now() - 10_000);
  for await (const e of Deno.readDir(dir)) {
    const p = join(dir, e.name);
    if (e.isDirectory) await ageTree(p);
    else await Deno.utime(p, past, past);
  }
}

/** Runs the copy's `foundry console` with `input` piped, its cache under `xdg`. */
async function runConsole(
  dir: string,
  xdg: string,
  input: string,
  env: Record<string, string> = {},
  flags: string[] = [],
) {
  const main = join(dir, "src/cli/main.ts");
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-lazy-dynamic-imports", main, "console", ...flags],
    cwd: dir,
    env: { XDG_CACHE_HOME: xdg, DENO_DIR, ...env },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(input));
  await w.close();
  const out = await child.output();
  return { code: out.code, stdout: UTF8.decode(out.stdout), stderr: UTF8.decode(out.stderr) };
}

/** Waits (up to a minute) until the background build made the bundle in `cache` current. */
async function untilFresh(cache: string, notBuild?: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const c = checkBundle(cache);
    const build = c.kind === "fresh" ? c.main.split("/").at(-2)! : undefined;
    if (build !== undefined && build !== notBuild) return build;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `no fresh bundle in ${cache} within a minute: ${JSON.stringify(checkBundle(cache))}`,
  );
}

function cacheOf(entry: string, xdg: string): string {
  return bundleCacheDir(entry, { XDG_CACHE_HOME: xdg })!;
}

/**
 * `upper` made to lower-case in the copy's source, at the same size, with the file's time put
 * back: a change the freshness check cannot see, so the output tells which code ran.
 */
async function lowerUpperUnseen(dir: string): Promise<void> {
  const path = join(dir, "src/cty/functions/go_case.ts");
  const st = await Deno.stat(path);
  const text = await Deno.readTextFile(path);
  const ascii = "if (ASCII.test(s)) return s.toUpperCase();";
  assert.ok(text.includes(ascii));
  await Deno.writeTextFile(path, text.replace(ascii, ascii.replace("Upper", "Lower")));
  await Deno.utime(path, st.atime!, st.mtime!);
}

Deno.test("console bundle: served once built; a changed source gives the new result at once", async () => {
  const { dir, entry, cache: xdg } = await copyTree();
  try {
    const cache = cacheOf(entry, xdg);
    const built = await buildBundle(entry, cache);
    assert.equal(built.kind, "bundled", JSON.stringify(built));
    assert.ok(built.kind === "bundled" && built.sources > 100, "the function modules are listed");
    await lowerUpperUnseen(dir);
    // The bundle (made before the edit) answers: the edit was made invisible on purpose.
    let r = await runConsole(dir, xdg, 'upper("x")\n');
    assert.deepEqual([r.stdout, r.stderr, r.code], ['"X"\n', "", 0]);
    // A visible edit (a new time) makes the bundle stale: the sources answer, at once.
    const path = join(dir, "src/cty/functions/go_case.ts");
    const old = new Date(Date.now() - 5_000);
    await Deno.utime(path, old, old);
    r = await runConsole(dir, xdg, 'upper("x")\n1 + 2\n');
    assert.deepEqual([r.stdout, r.stderr, r.code], ['"x"\n3\n', "", 0]);
    // That run started a rebuild in the background; the new bundle has the edit.
    const first = built.kind === "bundled" ? built.build : "";
    await untilFresh(cache, first);
    r = await runConsole(dir, xdg, 'upper("x")\n');
    assert.deepEqual([r.stdout, r.stderr, r.code], ['"x"\n', "", 0]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("console bundle: concurrent first runs all answer, and leave one current bundle", async () => {
  const { dir, entry, cache: xdg } = await copyTree();
  try {
    const runs = await Promise.all(
      [0, 1, 2, 3].map((i) => runConsole(dir, xdg, `${i} + 2\nupper("a")\n`)),
    );
    runs.forEach((r, i) =>
      assert.deepEqual([r.stdout, r.stderr, r.code], [`${i + 2}\n"A"\n`, "", 0])
    );
    const cache = cacheOf(entry, xdg);
    await untilFresh(cache);
    // Let any build that lost the race finish, then nothing half-made is left.
    for (let i = 0; i < 100; i++) {
      if (!(await exists(join(cache, "lock")))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const names = (await Array.fromAsync(Deno.readDir(cache))).map((e) => e.name).sort();
    assert.ok(!names.some((n) => n.startsWith("tmp-") || n === "lock"), names.join(" "));
    assert.ok(names.filter((n) => n.startsWith("b-")).length <= 2, names.join(" "));
    const r = await runConsole(dir, xdg, "1 + 2\n");
    assert.deepEqual([r.stdout, r.stderr, r.code], ["3\n", "", 0]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("console bundle: a build holding the lock makes another return busy", async () => {
  const cache = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(cache, "lock"));
    assert.deepEqual(await buildBundle("file:///nonexistent/console.ts", cache), { kind: "busy" });
    // A lock left by a build that died two minutes ago is taken over.
    const old = new Date(Date.now() - 180_000);
    await Deno.utime(join(cache, "lock"), old, old);
    const r = await buildBundle("file:///nonexistent/console.ts", cache);
    assert.notEqual(r.kind, "busy");
    assert.ok(!(await exists(join(cache, "lock"))), "the lock is released");
  } finally {
    await Deno.remove(cache, { recursive: true });
  }
});

Deno.test("console bundle: a cache directory that cannot be written is no error", async () => {
  // A path under a regular file cannot be created, even by root.
  const file = await Deno.makeTempFile();
  try {
    const r = await runConsole(ROOT, join(file, "xdg"), '1 + 2\nupper("b")\n');
    assert.deepEqual([r.stdout, r.stderr, r.code], ['3\n"B"\n', "", 0]);
    const built = await buildBundle("file:///x/console.ts", join(file, "xdg", "b"));
    assert.equal(built.kind, "failed");
    assert.match(built.kind === "failed" ? built.reason : "", /cannot write/);
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("console bundle: without permission to write, no cache is made", async () => {
  const xdg = await Deno.makeTempDir();
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-prompt",
        "--allow-read",
        "--allow-env",
        // Enough to start the build, which would run with every permission: it must not.
        "--allow-run",
        "--unstable-lazy-dynamic-imports",
        join(ROOT, "src/cli/main.ts"),
        "console",
      ],
      env: { XDG_CACHE_HOME: xdg, DENO_DIR },
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode('upper("p")\n'));
    await w.close();
    const out = await child.output();
    assert.deepEqual([UTF8.decode(out.stdout), UTF8.decode(out.stderr), out.code], [
      '"P"\n',
      "",
      0,
    ]);
    // A build started in the background would have made its directory by now.
    await new Promise((r) => setTimeout(r, 3000));
    assert.ok(!(await exists(join(xdg, "foundry"))), "nothing cached");
  } finally {
    await Deno.remove(xdg, { recursive: true });
  }
});

Deno.test("console bundle: a damaged bundle is not loaded, the sources answer, and it is rebuilt", async () => {
  const { dir, entry, cache: xdg } = await copyTree();
  try {
    const cache = cacheOf(entry, xdg);
    const built = await buildBundle(entry, cache);
    assert.equal(built.kind, "bundled");
    const build = built.kind === "bundled" ? built.build : "";
    const main = join(cache, build, "console.js");
    // Same size, not JavaScript: only loading it can tell.
    const size = (await Deno.stat(main)).size;
    await Deno.writeTextFile(main, "}".repeat(size));
    assert.equal(checkBundle(cache).kind, "fresh");
    let r = await runConsole(dir, xdg, 'upper("x")\n');
    assert.deepEqual([r.stdout, r.stderr, r.code], ['"X"\n', "", 0]);
    const second = await untilFresh(cache, build);
    // Another size: the check itself refuses it.
    await Deno.writeTextFile(join(cache, second, "console.js"), "broken");
    assert.deepEqual(checkBundle(cache), {
      kind: "stale",
      reason: "console.js of the bundle is damaged",
    });
    r = await runConsole(dir, xdg, "1 + 2\n");
    assert.deepEqual([r.stdout, r.stderr, r.code], ["3\n", "", 0]);
    await untilFresh(cache, second);
    // A manifest that is not JSON is no manifest.
    await Deno.writeTextFile(join(cache, "manifest.json"), "{");
    assert.deepEqual(checkBundle(cache), { kind: "missing" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("console bundle: its start-up code is one file that loads no node: module, and stack traces name .ts files", async () => {
  const { dir, entry, cache: xdg } = await copyTree();
  try {
    const cache = cacheOf(entry, xdg);
    assert.equal((await buildBundle(entry, cache)).kind, "bundled");
    const check = checkBundle(cache);
    assert.equal(check.kind, "fresh");
    const main = check.kind === "fresh" ? check.main : "";
    const build = main.slice(0, main.lastIndexOf("/"));
    // The chunks the entry imports statically, followed transitively.
    const seen = new Set<string>();
    const todo = ["console.js"];
    while (todo.length > 0) {
      const name = todo.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      const text = await Deno.readTextFile(join(build, name));
      for (const m of text.matchAll(/^(?:import|\} from)[^"\n]*"([^"]+)"/gm)) {
        assert.ok(!m[1].startsWith("node:"), `${name} imports ${m[1]} at start-up`);
        if (m[1].startsWith("./")) todo.push(m[1].slice(2));
      }
    }
    // What the entry loads before it runs is one file (bundle_merge.ts joined the chunks).
    assert.deepEqual([...seen], ["console.js"]);
    // Every chunk loads (the ones a terminal session or a rare function needs included).
    const chunks = (await Array.fromAsync(Deno.readDir(build))).map((e) => e.name)
      .filter((n) => n.endsWith(".js"));
    assert.ok(chunks.some((n) => n.startsWith("line_editor-")), chunks.join(" "));
    for (const name of chunks) await import(pathToFileURL(join(build, name)).href);
    // A usage error thrown inside the bundle: its trace names the source file.
    const { consoleCommand } = await import(pathToFileURL(main).href) as {
      consoleCommand: Command;
    };
    let err: unknown;
    try {
      await consoleCommand.run(["--nope"], { out: () => {}, err: () => {} });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof Error);
    assert.match(err.stack ?? "", /src\/cli\/(?:flag_parser|command|commands\/console)\.ts:\d+/);
    // yamldecode's package requires node: modules through the bundler's helper, made lazily.
    // The bundle's UsageError is another copy of the class: still a usage mistake (exit 2).
    const usage = await runConsole(dir, xdg, "", {}, ["--nope"]);
    assert.deepEqual([usage.stdout, usage.stderr, usage.code], [
      "",
      "foundry console: Unknown option '--nope' (see 'foundry console --help')\n",
      2,
    ]);
    // gzip and crypto import node: modules in their own chunks; every result as from source.
    const input = [
      'yamldecode("a: [1, 2]")',
      'base64gzip("x")',
      'sha256("x")',
      'bcrypt("x", 4) != ""',
      'templatestring(var.t, { x = "a" })',
      'cidrsubnet("10.0.0.0/16", 8, 2)',
      "",
    ].join("\n");
    const flags = ["--var", "t=${upper(x)}-${abs(-2)}"];
    const r = await runConsole(dir, xdg, input, {}, flags);
    const source = await runConsole(dir, xdg, input, { FOUNDRY_CONSOLE_BUNDLE: "0" }, flags);
    assert.deepEqual([r.stdout, r.stderr, r.code], [source.stdout, "", 0]);
    assert.ok(r.stdout.startsWith('{\n  "a" = [\n    1,\n    2,\n  ]\n}\n"H4sI'), r.stdout);
    assert.ok(r.stdout.endsWith('true\n"A-2"\n"10.0.2.0/24"\n'), r.stdout);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("console bundle: switched off, unknown switch values, and no home", async () => {
  const home = await Deno.makeTempDir();
  try {
    const entry = new URL("../../src/cli/commands/console.ts", import.meta.url).href;
    const builds: string[] = [];
    const warnings: string[] = [];
    const base = {
      entry,
      fromSource: async () => (await import("../../src/cli/commands/console.ts")).consoleCommand,
      startBuild: (e: string) => void builds.push(e),
      warn: (t: string) => void warnings.push(t),
    };
    for (const off of ["0", "off", "FALSE"]) {
      const r = await loadBundledCommand({
        ...base,
        env: { XDG_CACHE_HOME: home, FOUNDRY_CONSOLE_BUNDLE: off },
      });
      assert.deepEqual([r.from, r.why], ["source", "FOUNDRY_CONSOLE_BUNDLE=0"]);
    }
    assert.deepEqual(builds, []);
    const r = await loadBundledCommand({
      ...base,
      env: { XDG_CACHE_HOME: home, FOUNDRY_CONSOLE_BUNDLE: "yes" },
    });
    assert.deepEqual([r.from, r.why], ["source", "no bundle yet"]);
    assert.deepEqual(warnings, [
      "foundry: FOUNDRY_CONSOLE_BUNDLE=yes is not 0 or 1; using the bundle (0 turns it off)",
    ]);
    assert.deepEqual(builds, [entry]);
    const none = await loadBundledCommand({ ...base, env: {} });
    assert.equal(none.why, "no cache directory (neither XDG_CACHE_HOME nor HOME)");
    await assert.rejects(
      () => loadBundledCommand({ ...base, env: {}, cache: "x" } as never),
      /unknown option "cache"/,
    );
    // Another Deno's bundle is stale for this one.
    assert.equal(
      bundleCacheDir(entry, { HOME: home }, "1.0.0") === bundleCacheDir(entry, { HOME: home }),
      false,
    );
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
