// Warm launches under the real Terraform: same results as cold ones, and
// every failure of the warm path ends in a clean cold start. Each test runs
// with its own TMPDIR, so its daemons (their sockets live under it) are its
// own; removing that directory afterwards makes them exit. Waits are on
// events (a socket appearing, a marker file), with generous limits; nothing
// asserts on wall-clock time.
import assert from "node:assert/strict";
import { join } from "node:path";
import { createWorkspace } from "../../src/testing/mod.ts";
import { EXAMPLE_SOURCE, exampleConfig } from "../../scripts/startup/plan_configs.ts";
import {
  applyProbe,
  daemonPids,
  exampleEntry,
  ignore,
  normalized,
  PROBE_SOURCE,
  probeConfig,
  probeCopy,
  rendezvousFiles,
  sockets,
  tf,
  until,
  untilReading,
  withProbeWorkspace,
  withTmp,
} from "./warm_harness.ts";

if (ignore) console.log("warm launch tests skipped: need terraform on PATH and Linux");

Deno.test({
  name: "warm: plan, apply and destroy of the example print what cold launches print",
  ignore,
  fn: () =>
    withTmp(async (tmp) => {
      const cold = await createWorkspace({ source: EXAMPLE_SOURCE, entry: exampleEntry });
      const warm = await createWorkspace({ source: EXAMPLE_SOURCE, entry: exampleEntry });
      try {
        await cold.write("main.tf", exampleConfig(2));
        await warm.write("main.tf", exampleConfig(2));
        // Leaves a daemon behind for `warm`'s directory.
        const first = await tf(warm, tmp, ["validate"]);
        assert.equal(first.code, 0, first.stderr.slice(-2000));
        assert.match(
          first.launches[0],
          /cold launch: no warm daemon; a warm daemon starts after the handshake/,
        );
        await until("the daemon's socket", () => sockets(tmp).length === 1);
        // The launcher is a shell script: the daemon also publishes pipes
        // beside the launch bundle, and every later launch goes through them
        // without starting Deno (plugin/warm_shell.ts).
        const bundle = /^_fwd='([^']+)'$/m.exec(await Deno.readTextFile(warm.launcher))?.[1];
        assert.ok(bundle !== undefined);
        await until("the daemon's pipes", () => {
          try {
            return [...Deno.readDirSync(`${bundle}/warm`)].some((e) => e.name.endsWith(".live"));
          } catch {
            return false;
          }
        });
        const off = { FOUNDRY_WARM: "0" };
        for (
          const args of [["plan"], ["apply", "-auto-approve"], ["plan"], [
            "destroy",
            "-auto-approve",
          ]]
        ) {
          const c = await tf(cold, tmp, [...args, "-input=false"], off);
          const w = await tf(warm, tmp, [...args, "-input=false"]);
          assert.equal(c.code, 0, c.stderr.slice(-2000));
          assert.equal(w.code, 0, w.stderr.slice(-2000));
          assert.deepEqual(normalized(w.stdout), normalized(c.stdout), `terraform ${args[0]}`);
          assert.ok(c.launches.every((l) => l.startsWith("cold launch: warm launches turned off")));
          assert.ok(w.launches.length >= 1);
          assert.ok(
            w.launches.every((l) => l.startsWith("warm launch: served through the daemon's pipes")),
            w.launches.join("\n"),
          );
        }
      } finally {
        await cold.dispose();
        await warm.dispose();
      }
    }),
});

Deno.test({
  name: "warm: every launch gets fresh module state; the environment of each command reaches it",
  ignore,
  fn: () =>
    withProbeWorkspace(async (tmp, ws) => {
      await ws.write("main.tf", probeConfig());
      const first = await applyProbe(ws, tmp, { WARM_PROBE: "a" });
      assert.equal(first.probe, "a");
      await until("the daemon's socket", () => sockets(tmp).length === 1);
      const seen = new Set([first.instance]);
      for (let i = 0; i < 2; i++) {
        const r = await applyProbe(ws, tmp, { WARM_PROBE: "a" });
        assert.ok(r.launches.every((l) => l.startsWith("warm launch")), r.launches.join("\n"));
        assert.equal(r.configured, 1, "configure ran once in this module instance");
        assert.equal(r.probe, "a");
        assert.ok(!seen.has(r.instance), "a module instance served two launches");
        // A warm instance's console.log reached Terraform over GRPCStdio.
        assert.match(
          r.stderr,
          new RegExp(
            `unexpected data: ${PROBE_SOURCE}:stdout="warmprobe: read in ${r.instance}"`,
          ),
        );
        seen.add(r.instance);
      }
      // A changed variable means another daemon: this launch starts cold and sees it.
      const changed = await applyProbe(ws, tmp, { WARM_PROBE: "b" });
      assert.equal(changed.probe, "b");
      assert.equal(changed.configured, 1);
      assert.match(changed.launches[0], /cold launch: no warm daemon/);
    }),
});

Deno.test({
  name: "warm: two commands in parallel in two directories are served apart",
  ignore,
  fn: () =>
    withTmp(async (tmp) => {
      const probe = await probeCopy();
      const a = await createWorkspace({ source: PROBE_SOURCE, entry: probe.entry });
      const b = await createWorkspace({ source: PROBE_SOURCE, entry: probe.entry });
      try {
        await a.write("main.tf", probeConfig());
        await b.write("main.tf", probeConfig());
        await Promise.all([
          applyProbe(a, tmp, { WARM_PROBE: "a" }),
          applyProbe(b, tmp, { WARM_PROBE: "b" }),
        ]);
        await until("two daemons", () => sockets(tmp).length === 2);
        const [ra, rb] = await Promise.all([
          applyProbe(a, tmp, { WARM_PROBE: "a" }),
          applyProbe(b, tmp, { WARM_PROBE: "b" }),
        ]);
        assert.equal(ra.probe, "a");
        assert.equal(rb.probe, "b");
        assert.equal(ra.configured, 1);
        assert.equal(rb.configured, 1);
        assert.notEqual(ra.pid, rb.pid, "one daemon per directory");
        for (const r of [ra, rb]) {
          assert.ok(r.launches.every((l) => l.startsWith("warm launch")), r.launches.join("\n"));
        }
      } finally {
        await a.dispose();
        await b.dispose();
        await probe.dispose();
      }
    }),
});

Deno.test({
  name: "warm: a code change between commands is served by the new code",
  ignore,
  fn: () =>
    withProbeWorkspace(async (tmp, ws, probe) => {
      await ws.write("main.tf", probeConfig());
      assert.equal((await applyProbe(ws, tmp)).version, "v1");
      await until("the daemon's socket", () => sockets(tmp).length === 1);
      assert.equal((await applyProbe(ws, tmp)).version, "v1");
      await Deno.writeTextFile(
        join(probe.dir, "version.ts"),
        'export const VERSION = "v2, changed";\n',
      );
      const r = await applyProbe(ws, tmp);
      assert.equal(r.version, "v2, changed");
      assert.match(r.launches[0], /cold launch: daemon refused: the provider's code changed/);
    }),
});

Deno.test({
  name: "warm: a code change found by one launch does not cut off a command in flight",
  ignore,
  fn: () =>
    withProbeWorkspace(async (tmp, ws, probe) => {
      const hold = join(tmp, "hold");
      await Deno.mkdir(hold);
      await ws.write("main.tf", probeConfig());
      await applyProbe(ws, tmp);
      await until("the daemon's socket", () => sockets(tmp).length === 1);
      const [daemon] = daemonPids(tmp);
      await ws.write("main.tf", probeConfig(hold));
      // Served warm by the daemon, held inside its data source read.
      const running = tf(ws, tmp, ["apply", "-auto-approve", "-input=false"]);
      await untilReading(hold);
      await Deno.writeTextFile(
        join(probe.dir, "version.ts"),
        'export const VERSION = "v2, changed";\n',
      );
      // Another command's launch finds the code changed: refused, it runs cold.
      const other = await tf(ws, tmp, ["validate"]);
      assert.equal(other.code, 0, other.stderr.slice(-2000));
      assert.match(other.launches[0], /cold launch: daemon refused: the provider's code changed/);
      await Deno.writeTextFile(join(hold, "release"), "");
      const held = await running;
      assert.equal(held.code, 0, `the command in flight failed:\n${held.stderr.slice(-3000)}`);
      // The retired daemon left once its launch was over.
      await until("the retired daemon to exit", () => !daemonPids(tmp).includes(daemon));
    }),
});

Deno.test({
  name: "warm: SIGKILL of the daemon mid-command fails that command cleanly; the next starts cold",
  ignore,
  fn: () =>
    withProbeWorkspace(async (tmp, ws) => {
      const hold = join(tmp, "hold");
      await Deno.mkdir(hold);
      await ws.write("main.tf", probeConfig());
      await applyProbe(ws, tmp);
      await until("the daemon's socket", () => sockets(tmp).length === 1);
      await ws.write("main.tf", probeConfig(hold));
      const running = tf(ws, tmp, ["apply", "-auto-approve", "-input=false"]);
      await untilReading(hold);
      const pids = daemonPids(tmp);
      assert.equal(pids.length, 1);
      Deno.kill(pids[0], "SIGKILL");
      const killed = await running;
      assert.notEqual(killed.code, 0, "the command cannot succeed without its provider");
      assert.match(killed.stderr, /plugin|provider/i);
      await Deno.writeTextFile(join(hold, "release"), "");
      await ws.write("main.tf", probeConfig());
      const t0 = performance.now();
      const next = await applyProbe(ws, tmp);
      // Not through the warm deadline (10 s): the dead daemon's pipes are
      // seen as dead, a zombie left unreaped included.
      assert.ok(performance.now() - t0 < 8000, `${performance.now() - t0} ms`);
      assert.equal(next.configured, 1);
      assert.match(next.launches[0], /cold launch: (no warm daemon|daemon unreachable)/);
    }),
});

/**
 * Makes `ws`'s launcher always run the Deno entry before `main`: the test
 * kit's would hand later launches to the daemon's pipes (warm_shell.ts).
 */
async function denoEntryLauncher(ws: { launcher: string }, main: string): Promise<void> {
  const entry = new URL("../../src/plugin/warm_entry.ts", import.meta.url).pathname;
  await Deno.writeTextFile(
    ws.launcher,
    `#!/bin/sh\nexec '${Deno.execPath()}' run -A --preload '${entry}' '${main}'\n`,
  );
}

Deno.test({
  name:
    "warm: over loopback TCP (FOUNDRY_WARM_TRANSPORT=tcp) launches are served as over the socket",
  ignore,
  fn: () =>
    withProbeWorkspace(async (tmp, ws, probe) => {
      await denoEntryLauncher(ws, probe.entry);
      const tcp = { FOUNDRY_WARM_TRANSPORT: "tcp", WARM_PROBE: "t" };
      await ws.write("main.tf", probeConfig());
      const first = await applyProbe(ws, tmp, tcp);
      assert.match(first.launches[0], /cold launch: no warm daemon/);
      await until("the daemon's rendezvous file", () => rendezvousFiles(tmp).length === 1);
      assert.deepEqual(sockets(tmp), []);
      const seen = new Set([first.instance]);
      for (let i = 0; i < 2; i++) {
        const r = await applyProbe(ws, tmp, tcp);
        assert.ok(r.launches.length >= 1);
        assert.ok(
          r.launches.every((l) => /^warm launch: served by the daemon at \S+\.tcp\b/.test(l)),
          r.launches.join("\n"),
        );
        assert.equal(r.configured, 1);
        assert.equal(r.probe, "t");
        assert.ok(!seen.has(r.instance), "a module instance served two launches");
        seen.add(r.instance);
      }
      assert.equal(daemonPids(tmp).length, 1);
    }),
});

Deno.test({
  name: "warm: a provider that writes as it loads is served warm, that output reaching Terraform",
  ignore,
  fn: () =>
    withProbeWorkspace(async (tmp, ws, probe) => {
      // The Deno entry (which took such output for a wrong answer and went
      // cold); 1 MiB on stderr as the provider loads, in lines of 64 KiB.
      await denoEntryLauncher(ws, probe.entry);
      const spew = { WARM_PROBE_SPEW: "1" };
      await ws.write("main.tf", probeConfig());
      const lines = (stderr: string) =>
        stderr.split("\n").filter((l) => l.includes("x".repeat(1000)));
      const first = await applyProbe(ws, tmp, spew);
      assert.match(first.launches[0], /cold launch: no warm daemon/);
      await until("the daemon's socket", () => sockets(tmp).length === 1);
      const warm = await applyProbe(ws, tmp, spew);
      assert.ok(warm.launches.length >= 1);
      assert.ok(
        warm.launches.every((l) => l.startsWith("warm launch: served by the daemon at")),
        warm.launches.join("\n"),
      );
      // Each launch's instance wrote it once as it loaded; each launch
      // passed it to Terraform once, as a cold launch does.
      assert.equal(lines(warm.stderr).length, 16 * warm.launches.length);
      assert.equal(lines(first.stderr).length, 16 * first.launches.length);
    }),
});
