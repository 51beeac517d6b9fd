// Warm launchers serve a cached bundle of the provider (the test kit's and
// `foundry dev`'s default), under the real Terraform: the daemon's instances
// run the bundle, the provider sees what it sees run from source (its entry
// as `Deno.mainModule`, `.ts` files and lines in stack traces), and a launch
// that ran the source because the bundle was stale shares its daemon with
// launches of the rebuilt bundle. Each test has its own TMPDIR, so its
// daemons are its own and leave with it.
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { pathToFileURL } from "node:url";
import { createWorkspace } from "../../src/testing/mod.ts";
import {
  applyProbe,
  daemonPids,
  ignore,
  PROBE_SOURCE,
  probeConfig,
  probeCopy,
  sockets,
  until,
  withProbeWorkspace,
  withTmp,
} from "./warm_harness.ts";

if (ignore) console.log("warm bundle launcher tests skipped: need terraform on PATH and Linux");

function commandLine(pid: number): string {
  return Deno.readTextFileSync(`/proc/${pid}/cmdline`).split("\0").join(" ").trim();
}

/**
 * Whether the launcher would run the bundle in `dir`: it exists and no listed
 * source is newer than the list or gone (the launcher's own test, here for
 * the test to wait on).
 */
async function isLaunchBundleFresh(dir: string): Promise<boolean> {
  try {
    await Deno.stat(join(dir, "main.js"));
    const listed = (await Deno.stat(join(dir, "sources"))).mtime!.getTime();
    for (const p of (await Deno.readTextFile(join(dir, "sources"))).split("\n")) {
      if (p !== "" && (await Deno.stat(p)).mtime!.getTime() > listed) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** The launch bundle directory a bundle launcher script names. */
function bundleDirOf(script: string): string {
  const dir = /^_fwd='([^']+)'$/m.exec(script)?.[1];
  assert.ok(dir !== undefined, script);
  return dir;
}

Deno.test({
  name:
    "warm launcher: instances run the bundle; the provider sees its entry and .ts lines, as cold",
  ignore,
  fn: () =>
    withProbeWorkspace(async (tmp, ws, probe) => {
      const script = await Deno.readTextFile(ws.launcher);
      assert.match(script, /--preload '[^']*warm_entry\.ts\?bundle=[^']+' "\$_fwd\/main\.js"/);
      assert.ok(await isLaunchBundleFresh(bundleDirOf(script)), "made by createWorkspace");
      await ws.write("main.tf", probeConfig());

      // Cold from the bundle (the launcher's main module is main.js) ...
      const cold = await applyProbe(ws, tmp, { FOUNDRY_WARM: "0" });
      assert.match(cold.command_line, /\/main\.js$/);
      assert.equal(cold.main_module, pathToFileURL(probe.entry).href);
      assert.match(cold.frame, new RegExp(`^file://${probe.dir}/main\\.ts:\\d+$`));

      // ... leaves no daemon; a warm-enabled command does, then serves.
      assert.equal(sockets(tmp).length, 0);
      await applyProbe(ws, tmp);
      await until("the daemon's socket", () => sockets(tmp).length === 1);
      const [daemon] = daemonPids(tmp);
      // V8 without Maglev, on specifiers of its own (warm_daemon_line.ts):
      // Foundry's modules through the link in the bundle's warm/ directory.
      const dir = bundleDirOf(script);
      const line = commandLine(daemon);
      assert.match(line, /--v8-flags=\S*,--no-maglev /);
      assert.ok(
        line.includes(`--preload file://${dir}/warm/src/plugin/warm_entry.ts?bundle=`),
        line,
      );
      assert.ok(line.endsWith(`file://${dir}/main.js?foundry-warm-daemon`), line);
      assert.equal(
        Deno.realPathSync(join(dir, "warm", "src")),
        Deno.realPathSync(new URL("../../src", import.meta.url)),
      );
      const warm = await applyProbe(ws, tmp);
      assert.ok(
        warm.launches.every((l) => l.startsWith("warm launch")),
        warm.launches.join("\n"),
      );
      assert.equal(warm.pid, daemon, "served by the daemon's instance");
      assert.equal(warm.main_module, cold.main_module);
      assert.equal(warm.frame, cold.frame);
    }, { bundled: true }),
});

Deno.test({
  name: "warm launcher: after a code change, source launches and the rebuilt bundle share a daemon",
  ignore,
  fn: () =>
    withProbeWorkspace(async (tmp, ws, probe) => {
      const dir = bundleDirOf(await Deno.readTextFile(ws.launcher));
      await ws.write("main.tf", probeConfig());
      assert.equal((await applyProbe(ws, tmp)).version, "v1");
      await until("the daemon's socket", () => sockets(tmp).length === 1);

      await Deno.writeTextFile(
        join(probe.dir, "version.ts"),
        'export const VERSION = "v2, changed";\n',
      );
      assert.equal(await isLaunchBundleFresh(dir), false);
      // Past the one-second slack, so the rebuild this command starts
      // counts the edit as bundled.
      await new Promise((r) => setTimeout(r, 1100));
      // The stale bundle never runs: this command's first launch runs the
      // source, the bundle's daemon refuses it, and a daemon of the source
      // starts; the launcher rebuilds the bundle meanwhile.
      const changed = await applyProbe(ws, tmp);
      assert.equal(changed.version, "v2, changed");
      assert.match(
        changed.launches[0],
        /cold launch: daemon refused: the provider's code changed/,
      );
      for (let i = 0; !await isLaunchBundleFresh(dir); i++) {
        assert.ok(i < 600, "the launcher's background rebuild did not finish within a minute");
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.match(await Deno.readTextFile(join(dir, "main.js")), /v2, changed/);
      await until("the source daemon's socket", () => sockets(tmp).length === 1);
      const [daemon] = daemonPids(tmp);
      assert.match(commandLine(daemon), /\.warm-probe-\S+\/main\.ts$/);

      // Launches of the rebuilt bundle are served by the source's daemon: same code.
      const again = await applyProbe(ws, tmp);
      assert.ok(
        again.launches.every((l) => l.startsWith("warm launch")),
        again.launches.join("\n"),
      );
      assert.equal(again.version, "v2, changed");
      assert.equal(again.pid, daemon);
      assert.equal(sockets(tmp).length, 1, "one daemon for both forms");
    }),
});

Deno.test({
  name: "warm launcher: a provider that cannot be bundled is served warm from source",
  ignore,
  fn: () =>
    withTmp(async (tmp) => {
      const probe = await probeCopy();
      // import.meta.url would name the bundle: this graph is never bundled.
      await Deno.writeTextFile(
        probe.entry,
        (await Deno.readTextFile(probe.entry)) + "export const here = import.meta.url;\n",
      );
      await new Promise((r) => setTimeout(r, 1100));
      const ws = await createWorkspace({ source: PROBE_SOURCE, entry: probe.entry });
      try {
        const dir = bundleDirOf(await Deno.readTextFile(ws.launcher));
        await Deno.stat(join(dir, "sources"));
        await assert.rejects(() => Deno.stat(join(dir, "main.js")), Deno.errors.NotFound);
        await ws.write("main.tf", probeConfig());
        await applyProbe(ws, tmp);
        await until("the daemon's socket", () => sockets(tmp).length === 1);
        const [daemon] = daemonPids(tmp);
        assert.match(commandLine(daemon), /\.warm-probe-\S+\/main\.ts$/);
        const warm = await applyProbe(ws, tmp);
        assert.ok(
          warm.launches.every((l) => l.startsWith("warm launch")),
          warm.launches.join("\n"),
        );
        assert.equal(warm.pid, daemon);
        assert.equal(warm.main_module, pathToFileURL(probe.entry).href);
      } finally {
        await ws.dispose();
        await probe.dispose();
      }
    }),
});

/**
 * Deno's code cache for the modules whose specifier passes `keep`: the
 * specifier and its cached data (hex; its header names the V8 flags it was
 * made under), from `denoDir`'s database.
 */
function codeCache(denoDir: string, keep: (specifier: string) => boolean): Map<string, string> {
  const db = new DatabaseSync(join(denoDir, "v8_code_cache_v2"), { readOnly: true });
  try {
    const rows = db.prepare("SELECT specifier, hex(data) AS data FROM codecache").all() as {
      specifier: string;
      data: string;
    }[];
    return new Map(rows.filter((r) => keep(r.specifier)).map((r) => [r.specifier, r.data]));
  } finally {
    db.close();
  }
}

Deno.test({
  name:
    "warm launcher: the daemon's own V8 flags never rewrite what cold launches cached; its instances keep a cache of their own",
  ignore,
  fn: () =>
    withProbeWorkspace(async (tmp, ws) => {
      // A DENO_DIR of the test's own, so nothing else writes to its cache.
      const denoDir = join(tmp, "deno-dir");
      const dir = bundleDirOf(await Deno.readTextFile(ws.launcher));
      await ws.write("main.tf", probeConfig());
      const main = `file://${dir}/main.js`;
      const src = new URL("../../src/", import.meta.url).href;
      const cold = (s: string) => s === main || s.startsWith(src);
      // A cold command fills the cache for cold launches' specifiers...
      await applyProbe(ws, tmp, { DENO_DIR: denoDir, FOUNDRY_WARM: "0" });
      let before = new Map<string, string>();
      await until("the cold launch's code cache", () => {
        before = codeCache(denoDir, cold);
        const entry = `${src}plugin/warm_entry.ts?`;
        return before.has(main) && [...before.keys()].some((s) => s.startsWith(entry));
      });
      // ...then a command that leaves a daemon, and one it serves.
      await applyProbe(ws, tmp, { DENO_DIR: denoDir });
      await until("the daemon's socket", () => sockets(tmp).length === 1);
      const warm = await applyProbe(ws, tmp, { DENO_DIR: denoDir });
      assert.ok(
        warm.launches.every((l) => l.startsWith("warm launch")),
        warm.launches.join("\n"),
      );
      await until(
        "the instances' code cache",
        () => codeCache(denoDir, (s) => s === `${main}?foundry-warm-instance`).size === 1,
      );
      const daemonOwn = codeCache(denoDir, (s) => s.startsWith(`file://${dir}/warm/src/`));
      assert.ok(
        daemonOwn.has(`file://${dir}/warm/src/plugin/warm_daemon.ts`),
        [
          ...daemonOwn.keys(),
        ].join("\n"),
      );
      // Every entry a cold launch made is byte for byte what it was.
      const after = codeCache(denoDir, cold);
      for (const [specifier, data] of before) {
        assert.ok(after.get(specifier) === data, `${specifier} was rewritten`);
      }
    }, { bundled: true }),
});
