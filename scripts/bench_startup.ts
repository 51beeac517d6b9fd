/**
 * `deno task bench:startup`: how fast the example provider starts, as whole
 * process timings (median of N after a warm-up run, with min and max), each
 * beside its floor:
 *
 * - exec -> handshake line of `deno run -A examples/provider/main.ts` (and
 *   variants: `--cached-only`, `--no-code-cache`, a `deno bundle` output,
 *   optionally a `deno compile` binary) vs `deno run` of an empty script;
 * - `terraform plan` of 1 and 100 `example_server` vs `terraform_data`;
 * - the in-process PlanResourceChange round trip (`deno bench` group in
 *   bench/provider_bench.ts);
 * - when the Go anchor is built (`../shared/refs/go-anchor/build.sh`, its
 *   `$ROOT` given by `--go-anchor DIR`, `$FOUNDRY_GO_ANCHOR` or
 *   `/tmp/goanchor`): the example provider paired with it, run the two ways
 *   users ship it (the `deno run` launcher of dev_overrides, which serves a
 *   cached bundle of the entry, warm and cold, beside the same launcher from
 *   source; and `foundry build`'s route: a minified bundle under its
 *   permission flags),
 *   for exec -> handshake and `terraform plan` of 1 and 100 resources, and
 *   the peak RSS of one launch beside Go's. Each run of a warm pair (both
 *   sides) starts once the warm daemons have stopped refilling their pools
 *   (`startup/daemon_settle.ts`); the warm launcher's plans are also timed
 *   "right after another" (each side's plan starts the moment its previous
 *   plan exited, as in a script), where the pool has had no time to refill.
 *   The plans are also timed for the anchor's twin (`startup/anchor_twin.ts`:
 *   the anchor's schema and behaviour written with Foundry, under the
 *   anchor's configuration), cold and warm through the launcher, so that
 *   Terraform's own work per resource is the same on both sides of a pair.
 *
 * Flags: `--runs N` (default 10), `--plan-runs N` (default 5),
 * `--no-variants`, `--compile`, `--no-terraform`, `--no-bench`,
 * `--go-anchor DIR`, `--only-go` (just the Go comparison), `--console` (only
 * `foundry console` paired with `terraform console`, one expression piped to
 * each, in an empty directory: `1 + 2`, which calls no function, and
 * `upper("x")`, which loads one module of the library, launched as the README
 * installs the CLI (`--unstable-lazy-dynamic-imports`) and served from its
 * cached bundle, built first; both again from source
 * (`FOUNDRY_CONSOLE_BUNDLE=0`); and `1 + 2` without that flag; each side's CPU time per
 * launch beside the wall times (getrusage through FFI), both consoles run with `CHECKPOINT_DISABLE=1` and
 * `TF_CLI_CONFIG_FILE=/dev/null` as `startup/cpu_pairs.py` runs them, and no pair counted while
 * a rebuild of the bundle ran), `--baseline DIR` (only this checkout's example
 * paired with the example of another Foundry checkout, e.g. an older commit
 * from `git worktree add DIR COMMIT`: exec -> handshake and `terraform plan`
 * of 1 and of 100 resources, the floor column being the baseline).
 *
 * @example Usage
 * ```sh
 * deno task bench:startup --runs 20 --no-bench
 * ```
 *
 * @module
 */

import { join } from "node:path";
import { pathToFileURL as toFileUrl } from "node:url";
import { parseArgs } from "node:util";
import { bakedRunFlags, compileArgs } from "../src/release/_pipeline.ts";
import { findTarget } from "../src/release/mod.ts";
import { createWorkspace, findTerraform, runTerraform } from "../src/testing/mod.ts";
import { isHandshakeLine, timeFirstLine } from "./startup/first_line.ts";
import { launchEnv } from "./startup/launch_env.ts";
import {
  builtinConfig,
  EXAMPLE_SOURCE,
  exampleConfig,
  planSummary,
} from "./startup/plan_configs.ts";
import { type Comparison, renderReport } from "./startup/report.ts";
import { measurePaired } from "./startup/stats.ts";
import { CpuMeter } from "./startup/child_cpu.ts";
import { buildBundle } from "../src/cli/bundle_build.ts";
import { bundleCacheDir, checkBundle } from "../src/cli/bundle_cache.ts";
import { BUNDLE_SWITCH } from "../src/cli/bundled_command.ts";
import {
  ANCHOR_SOURCE,
  anchorConfig,
  anchorWorkspace,
  findGoAnchor,
  type GoAnchor,
} from "./startup/go_anchor.ts";
import { peakRssAtFirstLine } from "./startup/peak_rss.ts";
import { settleWarmDaemons } from "./startup/daemon_settle.ts";
import { warmDaemons } from "./startup/warm_daemons.ts";
import {
  bundleLauncherScript,
  isLaunchBundleFresh,
  launchBundleDir,
  refreshLaunchBundle,
} from "../src/testing/launch_bundle.ts";
import { shellQuote } from "../src/plugin/warm_shell.ts";

const root = new URL("..", import.meta.url).pathname;
const entry = join(root, "examples/provider/main.ts");
/** The Go anchor's twin written with Foundry (startup/anchor_twin.ts). */
const TWIN_ENTRY = join(root, "scripts/startup/anchor_twin.ts");
const deno = Deno.execPath();

const { values: flags } = parseArgs({
  args: Deno.args,
  options: {
    runs: { type: "string", default: "10" },
    "plan-runs": { type: "string", default: "5" },
    "no-variants": { type: "boolean", default: false },
    compile: { type: "boolean", default: false },
    "no-terraform": { type: "boolean", default: false },
    "no-bench": { type: "boolean", default: false },
    "go-anchor": { type: "string", default: Deno.env.get("FOUNDRY_GO_ANCHOR") ?? "/tmp/goanchor" },
    "only-go": { type: "boolean", default: false },
    console: { type: "boolean", default: false },
    baseline: { type: "string" },
  },
});
const runs = Number(flags.runs);
const planRuns = Number(flags["plan-runs"]);

/**
 * What a `foundry build` binary runs under instead of `-A`: its permissions,
 * `--no-prompt` and its V8 flags (a cold binary: built without the warm entry).
 */
const BUILD_PERMS = bakedRunFlags(compileArgs({
  entry: "/unused.ts",
  name: "example",
  version: "0.0.0",
  target: findTarget("linux_amd64"),
  outDir: "/unused",
  warm: false,
}));

/** `deno bundle` of the example's entry into `out`; false (and why, on stderr) when it fails. */
async function bundleEntry(out: string, minify: boolean): Promise<boolean> {
  const b = await new Deno.Command(deno, {
    args: [
      "bundle",
      "--quiet",
      ...(minify ? ["--minify"] : []),
      "--platform",
      "deno",
      "-o",
      out,
      entry,
    ],
    cwd: root,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!b.success) {
    console.error(`deno bundle failed, skipped: ${new TextDecoder().decode(b.stderr)}`);
  }
  return b.success;
}

if (flags.console) {
  await consoleBesideTerraform();
  Deno.exit(0);
}
if (flags.baseline !== undefined) {
  await besideBaseline(flags.baseline);
  Deno.exit(0);
}

const tmp = await Deno.makeTempDir({ prefix: "foundry-startup-" });
try {
  const pluginEnv = launchEnv(tmp);
  const time = (command: string, args: string[], expect: (line: string) => boolean) => async () => {
    const r = await timeFirstLine({ command, args, env: pluginEnv, cwd: root });
    if (!expect(r.line)) throw new Error(`unexpected first line: ${r.line.slice(0, 200)}`);
    return r.ms;
  };
  const minified = join(tmp, "provider.min.js");
  const haveMinified = await bundleEntry(minified, true);
  const terraform = flags["no-terraform"] ? undefined : await findTerraform();
  if (!flags["no-terraform"] && terraform === undefined) {
    console.error("terraform not found on PATH: plan timings skipped");
  }

  if (!flags["only-go"]) {
    await execBesideFloor(tmp, time, haveMinified ? minified : undefined);
    if (terraform !== undefined) await plansBesideBuiltin(terraform);
  }
  const anchor = await findGoAnchor(flags["go-anchor"]);
  if (anchor === undefined) {
    console.error(
      `\nGo anchor not built under ${
        flags["go-anchor"]
      } (see ../shared/refs/go-anchor/README.md): ` +
        "Go comparison skipped",
    );
  } else {
    await besideGo(anchor, time, pluginEnv, haveMinified ? minified : undefined, terraform);
  }

  if (!flags["no-bench"] && !flags["only-go"]) {
    console.log("\nin-process PlanResourceChange round trip (deno bench):");
    const out = await new Deno.Command(deno, {
      args: ["bench", "--allow-all", "--filter", "round trip", "bench/provider_bench.ts"],
      cwd: root,
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (!out.success) Deno.exitCode = 1;
  }
} finally {
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
}

type Timer = (
  command: string,
  args: string[],
  expect: (line: string) => boolean,
) => () => Promise<number>;

/** exec -> handshake of each way to run the example, paired with `deno run` of a one-line script. */
async function execBesideFloor(tmp: string, time: Timer, minified: string | undefined) {
  const rows: Comparison[] = [];
  const floorScript = join(tmp, "floor.ts");
  await Deno.writeTextFile(
    floorScript,
    'Deno.stdout.writeSync(new TextEncoder().encode("ok\\n"));\n',
  );
  console.error(`timing exec -> first line, ${runs} runs each, in turn with the floor ...`);
  const floor = time(deno, ["run", "-A", floorScript], (l) => l === "ok");
  const subjects: [string, string, string[]][] = [
    ["exec -> handshake: deno run -A main.ts", deno, ["run", "-A", entry]],
  ];
  if (!flags["no-variants"]) {
    subjects.push(["  same, --cached-only", deno, ["run", "-A", "--cached-only", entry]]);
    subjects.push(["  same, --no-code-cache", deno, ["run", "-A", "--no-code-cache", entry]]);
    const bundle = join(tmp, "provider.js");
    if (await bundleEntry(bundle, false)) {
      subjects.push(["  deno bundle output, deno run -A", deno, ["run", "-A", bundle]]);
    }
    subjects.push(["  foundry build's permissions", deno, ["run", ...BUILD_PERMS, entry]]);
    if (minified !== undefined) {
      subjects.push([
        "  same, deno bundle --minify output",
        deno,
        ["run", ...BUILD_PERMS, minified],
      ]);
    }
  }
  if (flags.compile) {
    const exe = join(tmp, "provider");
    const c = await new Deno.Command(deno, {
      args: ["compile", "--quiet", "-A", "-o", exe, entry],
      cwd: root,
      stdout: "null",
      stderr: "piped",
    }).output();
    if (c.success) subjects.push(["  deno compile binary", exe, []]);
    else console.error(`deno compile failed, skipped: ${new TextDecoder().decode(c.stderr)}`);
  }
  for (const [name, command, args] of subjects) {
    const p = await measurePaired(runs, time(command, args, isHandshakeLine), floor);
    rows.push({
      name,
      subject: p.subject,
      floor: p.floor,
      pairRatio: p.ratio,
      target: rows.length === 0 ? 5 : undefined,
    });
  }
  console.log(renderReport(rows));
}

/** `terraform plan` of the example beside the same count of `terraform_data`. */
async function plansBesideBuiltin(terraform: string) {
  console.error(`\ntiming terraform plan, ${planRuns} runs each, in turn with the floor ...`);
  const planRows: Comparison[] = [];
  for (const count of [1, 100]) {
    const ours = await createWorkspace({ source: EXAMPLE_SOURCE, entry });
    const builtin = await createWorkspace({ source: EXAMPLE_SOURCE, entry });
    try {
      await ours.write("main.tf", exampleConfig(count));
      await builtin.write("main.tf", builtinConfig(count));
      const p = await measurePaired(
        planRuns,
        timePlan(terraform, ours, count),
        timePlan(terraform, builtin, count),
      );
      planRows.push({
        name: `terraform plan, ${count} resource${count === 1 ? "" : "s"}`,
        subject: p.subject,
        floor: p.floor,
        pairRatio: p.ratio,
        target: count === 1 ? 10 : undefined,
      });
    } finally {
      await ours.dispose();
      await builtin.dispose();
    }
  }
  console.log(renderReport(planRows));
}

/**
 * The example paired with the Go anchor, the two ways users ship it: the
 * `deno run` launcher dev_overrides runs, and `foundry build`'s route (a
 * minified bundle under its permission flags; `deno compile` embeds the
 * same when `denort` is available).
 */
async function besideGo(
  anchor: GoAnchor,
  time: Timer,
  pluginEnv: Record<string, string>,
  minified: string | undefined,
  terraform: string | undefined,
) {
  const warmEntry = new URL("../src/plugin/warm_entry.ts", import.meta.url);
  // What the launchers run: the cached bundle of the entry (made now if stale),
  // the warm ones with the entry preloaded and told the bundle's directory.
  const bundleDir = await launchBundleDir(entry, ["--allow-all"]);
  if (!await isLaunchBundleFresh(bundleDir)) await refreshLaunchBundle(entry, bundleDir);
  // The twin's launchers serve its bundle too: made now, not by a timed run.
  const twinBundleDir = await launchBundleDir(TWIN_ENTRY, ["--allow-all"]);
  if (!await isLaunchBundleFresh(twinBundleDir)) {
    await refreshLaunchBundle(TWIN_ENTRY, twinBundleDir);
  }
  const warmBundleEntry = new URL(warmEntry.href);
  warmBundleEntry.searchParams.set("bundle", bundleDir);
  const coldBundle: Route = {
    name: "deno run launcher, cold (bundle)",
    args: ["run", "-A", join(bundleDir, "main.js")],
    entry,
    denoArgs: ["--allow-all"],
    warm: false,
    bundle: true,
  };
  const warmBundle: Route = {
    name: "deno run launcher, warm (bundle)",
    args: ["run", "-A", "--preload", warmBundleEntry.href, join(bundleDir, "main.js")],
    entry,
    denoArgs: ["--allow-all"],
    warm: true,
    bundle: true,
  };
  // The launcher script dev_overrides runs, timed as Terraform starts it: a
  // warm launch through the daemon's pipes starts no Deno process.
  const launcherFile = join(await Deno.makeTempDir(), "terraform-provider-example");
  await Deno.writeTextFile(
    launcherFile,
    bundleLauncherScript(entry, ["--allow-all"], bundleDir, warmBundleEntry.href),
  );
  const warmShell: Route = {
    name: "shell launcher, warm (bundle, through the daemon's pipes)",
    command: "/bin/sh",
    args: [launcherFile],
    entry,
    denoArgs: ["--allow-all"],
    warm: true,
    bundle: true,
  };
  const routes: Route[] = [
    coldBundle,
    {
      name: "deno run launcher, cold, from source",
      args: ["run", "-A", entry],
      entry,
      denoArgs: ["--allow-all"],
      warm: false,
      bundle: false,
    },
    warmBundle,
    warmShell,
    {
      // The warm launcher before it served the bundle (bundle: false).
      name: "deno run launcher, warm, from source",
      args: ["run", "-A", "--preload", warmEntry.pathname, entry],
      entry,
      denoArgs: ["--allow-all"],
      warm: true,
      bundle: false,
    },
  ];
  if (minified !== undefined) {
    routes.push({
      name: "foundry build route (cold)",
      args: ["run", ...BUILD_PERMS, minified],
      entry: minified,
      denoArgs: BUILD_PERMS,
      warm: false,
      bundle: false, // already one
    });
    // What a Linux binary does: the same flags plus run-itself and the warm
    // entry; this deno run stand-in also passes its runtime arguments (run=).
    const build = compileArgs({
      entry: minified,
      name: "example",
      version: "0.0.0",
      target: findTarget("linux_amd64"),
      outDir: "/unused",
    });
    const perms = bakedRunFlags(build);
    const spec = new URL(build[build.indexOf("--preload") + 1]);
    spec.searchParams.set("run", JSON.stringify(["run", ...perms]));
    routes.push({
      name: "foundry build route, warm",
      args: ["run", ...perms, "--preload", spec.href, minified],
      entry: minified,
      denoArgs: perms,
      warm: true,
      bundle: false, // already one
      preload: spec.href,
    });
  }
  console.error(`\ntiming the example beside the Go anchor (${anchor.binary}) ...`);
  const rows: Comparison[] = [];
  const go = time(anchor.binary, [], isHandshakeLine);
  const tmpDir = pluginEnv.TMPDIR;
  // Each run of a warm pair starts once the daemon has refilled its pool
  // (see startup/daemon_settle.ts), so neither side times a refill.
  const settled =
    (warm: boolean, which: { tmp?: string; cwd?: string }) =>
    (run: () => Promise<number>) =>
    async () => {
      if (warm) await settleWarmDaemons(which);
      return await run();
    };
  for (const r of routes) {
    const subject = time(r.command ?? deno, r.args, isHandshakeLine);
    // The first warm launch starts cold and leaves the daemon: wait for it.
    if (r.warm) await subject().then(() => waitForDaemon(tmpDir));
    const quiet = settled(r.warm, { tmp: tmpDir });
    const p = await measurePaired(runs, quiet(subject), quiet(go));
    rows.push({
      name: `exec -> handshake, ${r.name}`,
      subject: p.subject,
      floor: p.floor,
      pairRatio: p.ratio,
      target: r.warm ? 1 : 2,
    });
  }
  // The first launch in a directory: the warm entry finds no daemon, starts
  // one and serves cold. A fresh variable per run makes every run a first.
  let n = 0;
  const first = async () => {
    const env = { ...pluginEnv, FOUNDRY_BENCH_RUN: String(n++), FOUNDRY_WARM_IDLE_SECONDS: "2" };
    const r = await timeFirstLine({ command: deno, args: warmBundle.args, env, cwd: root });
    if (!isHandshakeLine(r.line)) throw new Error(`unexpected first line: ${r.line}`);
    return r.ms;
  };
  // Each run starts once the daemons of the runs before have finished
  // starting (each run's daemon is a new one): their start-up is not the
  // next launch's to pay, on either side.
  const afterDaemons = settled(true, { tmp: tmpDir });
  const firstPair = await measurePaired(
    runs,
    afterDaemons(first),
    afterDaemons(time(deno, coldBundle.args, isHandshakeLine)),
  );
  const firstRow: Comparison = {
    name: "first launch via the warm launcher (starts the daemon) / cold launcher, both bundle",
    subject: firstPair.subject,
    floor: firstPair.floor,
    pairRatio: firstPair.ratio,
    target: 1.1,
  };
  if (terraform !== undefined) {
    for (const count of [1, 100]) {
      const goWs = await anchorWorkspace(anchor, count);
      try {
        for (const r of routes) {
          if (r.command !== undefined) continue;
          const ours = await createWorkspace({
            source: EXAMPLE_SOURCE,
            entry: r.entry,
            denoArgs: r.denoArgs,
            warm: r.warm && r.preload === undefined,
            bundle: r.bundle,
          });
          if (r.preload !== undefined) {
            await Deno.writeTextFile(
              ours.launcher,
              `#!/bin/sh\nexec ${[deno, ...r.args].map(shellQuote).join(" ")} "$@"\n`,
            );
          }
          // The daemon must outlive the pauses between paired runs.
          const ws = { dir: ours.dir, env: { ...ours.env, FOUNDRY_WARM_IDLE_SECONDS: "300" } };
          try {
            await ours.write("main.tf", exampleConfig(count));
            if (r.warm) await timePlan(terraform, ws, count)();
            const quiet = settled(r.warm, { cwd: ours.dir });
            const p = await measurePaired(
              planRuns,
              quiet(timePlan(terraform, ws, count)),
              quiet(timePlan(terraform, goWs, count)),
            );
            rows.push({
              name: `terraform plan, ${count} resource${count === 1 ? "" : "s"}, ${r.name}`,
              subject: p.subject,
              floor: p.floor,
              pairRatio: p.ratio,
              target: r.warm ? 0.8 : count === 1 ? 1.25 : 1.0,
            });
            if (r === warmBundle) {
              // Commands run back to back (a script, CI): each side times a
              // plan started the moment its previous plan exited, so the
              // daemon has had no quiet time to refill its pool.
              const second = (ws: { dir: string; env: Record<string, string> }) => async () => {
                await timePlan(terraform, ws, count)();
                return await timePlan(terraform, ws, count)();
              };
              const b = await measurePaired(planRuns, quiet(second(ws)), quiet(second(goWs)));
              rows.push({
                name: `terraform plan, ${count} resource${
                  count === 1 ? "" : "s"
                }, right after another, ${r.name}`,
                subject: b.subject,
                floor: b.floor,
                pairRatio: b.ratio,
                target: 0.8,
              });
            }
          } finally {
            await ours.dispose();
          }
        }
        // The twin: the anchor's own schema and behaviour written with
        // Foundry, under the anchor's configuration, so both sides of a
        // pair give Terraform the same work per resource (the example's
        // schema is larger; see startup/anchor_twin.ts).
        for (const warm of [false, true]) {
          const twin = await createWorkspace({
            source: ANCHOR_SOURCE,
            entry: TWIN_ENTRY,
            denoArgs: ["--allow-all"],
            warm,
            bundle: true,
          });
          const ws = { dir: twin.dir, env: { ...twin.env, FOUNDRY_WARM_IDLE_SECONDS: "300" } };
          try {
            await twin.write("main.tf", anchorConfig(count));
            if (warm) await timePlan(terraform, ws, count)();
            const quiet = settled(warm, { cwd: twin.dir });
            const p = await measurePaired(
              planRuns,
              quiet(timePlan(terraform, ws, count)),
              quiet(timePlan(terraform, goWs, count)),
            );
            rows.push({
              name: `terraform plan, ${count} resource${
                count === 1 ? "" : "s"
              }, the anchor's twin (same schema), deno run launcher, ${
                warm ? "warm" : "cold"
              } (bundle)`,
              subject: p.subject,
              floor: p.floor,
              pairRatio: p.ratio,
              target: warm ? 0.8 : count === 1 ? 1.25 : 1.0,
            });
          } finally {
            await twin.dispose();
          }
        }
      } finally {
        await goWs.dispose();
      }
    }
  }
  console.log("\nFoundry beside the Go anchor (the floor column is Go):");
  console.log(renderReport(rows));
  console.log(
    "\nthe warm entry's cost on a first launch (the floor column is the cold launcher's):",
  );
  console.log(renderReport([firstRow]));
  const rss: string[] = [];
  for (const r of routes) {
    if (r.warm) {
      // Measure a warm launch: the daemon of the timings above may have idled out.
      await peakRssAtFirstLine(r.command ?? deno, r.args, pluginEnv);
      await waitForDaemon(tmpDir);
      await new Promise((res) => setTimeout(res, 2000)); // its instance ready
    }
    const kib = await peakRssAtFirstLine(r.command ?? deno, r.args, pluginEnv);
    if (kib !== undefined) rss.push(`${r.name}: ${(kib / 1024).toFixed(1)} MiB`);
  }
  const goKib = await peakRssAtFirstLine(anchor.binary, [], pluginEnv);
  if (goKib !== undefined) rss.push(`Go anchor: ${(goKib / 1024).toFixed(1)} MiB`);
  if (rss.length > 0) console.log(`peak RSS of one launch at its handshake: ${rss.join(", ")}`);
  for (const pid of warmDaemons({ tmp: tmpDir })) {
    await new Promise((r) => setTimeout(r, 2000)); // let the last instance end
    const status = await Deno.readTextFile(`/proc/${pid}/status`).catch(() => "");
    const rssKib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    if (rssKib !== undefined) {
      console.log(
        `memory held by the idle warm daemon (its ready instances: the most launches of one command, at least 3): ${
          (Number(rssKib) / 1024).toFixed(1)
        } MiB RSS`,
      );
    }
    Deno.kill(pid, "SIGTERM");
  }
}

/** One way of running the example provider. */
interface Route {
  readonly name: string;
  /** `deno` arguments for exec -> handshake. */
  readonly args: string[];
  /** Entry module for the dev_overrides launcher. */
  readonly entry: string;
  /** Its `deno run` flags. */
  readonly denoArgs: string[];
  /** Through the warm launch entry. */
  readonly warm: boolean;
  /** A cold launcher serving from the cached bundle (see src/testing/launch_bundle.ts). */
  readonly bundle: boolean;
  /** A warm entry specifier of its own (in `args`): the launcher runs `args` as they are. */
  readonly preload?: string;
  /**
   * Timed as this program with `args` instead of `deno` (the launcher script
   * itself); such a route adds an exec -> handshake row only, its plans being
   * those of the route that writes the same launcher.
   */
  readonly command?: string;
}

/** Waits (up to a minute) for a warm daemon's socket under `tmp`. */
async function waitForDaemon(tmp: string): Promise<void> {
  const limit = Date.now() + 60_000;
  while (Date.now() < limit) {
    for (const d of Deno.readDirSync(tmp)) {
      if (!d.name.startsWith("foundry-warm-")) continue;
      if ([...Deno.readDirSync(join(tmp, d.name))].some((e) => e.name.endsWith(".sock"))) return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  console.error("no warm daemon appeared within a minute: warm rows measure cold launches");
}

/** Times one `terraform plan` in `ws`, checking it planned `count` creations. */
function timePlan(
  terraform: string,
  ws: { dir: string; env: Record<string, string> },
  count: number,
): () => Promise<number> {
  return async () => {
    const started = performance.now();
    const r = await runTerraform(["plan", "-input=false", "-no-color", "-lock=false"], {
      terraform,
      cwd: ws.dir,
      env: ws.env,
    });
    const ms = performance.now() - started;
    if (r.code !== 0 || !r.stdout.includes(planSummary(count))) {
      throw new Error(`terraform plan failed (exit ${r.code}): ${r.stderr.slice(-2000)}`);
    }
    return ms;
  };
}

/**
 * Runs `command` with `input` on stdin in `cwd`; resolves to milliseconds until it exits. Throws
 * unless it succeeded and printed `expected` (so a broken console is never timed).
 */
async function timePiped(
  command: string,
  args: string[],
  input: string,
  expected: string,
  cwd: string,
  env: Record<string, string> = {},
) {
  const started = performance.now();
  const child = new Deno.Command(command, {
    args,
    cwd,
    // What oracles.md asks of every Terraform run, and the same for both consoles: no update
    // check, and no CLI configuration of the machine's user (cpu_pairs.py runs them the same way).
    env: { CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null", ...env },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(input));
  await w.close();
  const out = await child.output();
  const ms = performance.now() - started;
  const text = new TextDecoder().decode(out.stdout).trim();
  if (!out.success || text !== expected) {
    throw new Error(`${command} console printed ${JSON.stringify(text)} (exit ${out.code})`);
  }
  return ms;
}

/** `foundry console` (the CLI entry, `deno run`) paired with `terraform console`. */
async function consoleBesideTerraform() {
  const terraform = await findTerraform();
  if (terraform === undefined) {
    console.error("terraform not found on PATH: console comparison skipped");
    return;
  }
  const dir = await Deno.makeTempDir({ prefix: "foundry-console-" });
  try {
    const cli = join(root, "src/cli/main.ts");
    // As the README installs it (a command's modules load when it runs), with no function call
    // (nothing of the library loads), then one function's module on demand; last, plain
    // `deno run`, which reads every command's modules first.
    const lazy = ["run", "-A", "--unstable-lazy-dynamic-imports", cli, "console"];
    // The console serves itself from a cached bundle once one is built (src/cli/
    // bundled_command.ts); build it now so no pair times a first run or a build beside it.
    const entry = toFileUrl(join(root, "src/cli/commands/console.ts")).href;
    const cache = bundleCacheDir(entry, {
      XDG_CACHE_HOME: Deno.env.get("XDG_CACHE_HOME"),
      HOME: Deno.env.get("HOME"),
    });
    const built = cache === undefined ? "no cache directory" : await freshBundle(entry, cache);
    console.error(`console bundle: ${built}`);
    const fromSource = { [BUNDLE_SWITCH]: "0" };
    const cases = [
      ["1 + 2", "3", lazy, "", {}],
      ['upper("x")', '"X"', lazy, "", {}],
      ["1 + 2", "3", lazy, `, from source (${BUNDLE_SWITCH}=0)`, fromSource],
      ['upper("x")', '"X"', lazy, `, from source (${BUNDLE_SWITCH}=0)`, fromSource],
      ["1 + 2", "3", ["run", "-A", cli, "console"], ", no --unstable-lazy-dynamic-imports", {}],
    ] as const;
    const rows: Comparison[] = [];
    const cpu: string[] = [];
    for (const [expr, printed, args, note, env] of cases) {
      console.error(`timing ${expr}${note} piped to each console, ${runs} pairs ...`);
      const before = cache === undefined ? undefined : currentBuild(cache);
      const ours = new CpuMeter();
      const theirs = new CpuMeter();
      const p = await measurePaired(
        runs,
        ours.wrap(() => timePiped(deno, [...args], expr + "\n", printed, dir, env)),
        theirs.wrap(() => timePiped(terraform, ["console"], expr + "\n", printed, dir)),
      );
      // A launch that found the bundle stale ran from source and started a rebuild, which then
      // ran beside the next launches (Terraform's among them): such pairs time neither console.
      const rebuilt = cache !== undefined && currentBuild(cache) !== before;
      if (ours.source === "getrusage") {
        // Per-launch figures: medians, and the median of the pairs' ratios.
        const ratios = ours.samples.map((x, i) => x / theirs.samples[i]).sort((a, b) => a - b);
        const mid = ratios[ratios.length >> 1];
        cpu.push(
          `  \`${expr}\`${note}: ${ours.medianMs().toFixed(1)} / ${
            theirs.medianMs().toFixed(1)
          } ms, pair ratio ${mid.toFixed(2)}x`,
        );
      } else if (ours.source === "proc") {
        const ratio = (ours.meanMs() / theirs.meanMs()).toFixed(2);
        cpu.push(
          `  \`${expr}\`${note}: ${ours.meanMs().toFixed(1)} / ${
            theirs.meanMs().toFixed(1)
          } ms = ${ratio}x (means: /proc counts 10 ms ticks)`,
        );
      }
      rows.push({
        name: `foundry console / terraform console, \`${expr}\` piped${note}${
          rebuilt ? " (BUNDLE REBUILT DURING THE PAIRS: not valid)" : ""
        }`,
        subject: p.subject,
        floor: p.floor,
        pairRatio: p.ratio,
        target: 1,
      });
    }
    console.log(renderReport(rows));
    if (cpu.length > 0) {
      console.log(`CPU time per launch, foundry / terraform (${runs} pairs):`);
      console.log(cpu.join("\n"));
    }
    console.log(`load average: ${Deno.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/**
 * Builds the console's bundle until the cache holds a fresh one. A build records a source
 * changed in the two seconds before it as unknown, which the next check reads as stale: right
 * after a checkout or merge, one build is not enough, and every timed launch would run from
 * source and start a rebuild beside the pairs.
 */
async function freshBundle(entry: string, cache: string): Promise<string> {
  for (let attempt = 0;; attempt++) {
    const built = await buildBundle(entry, cache);
    const check = checkBundle(cache);
    if (check.kind === "fresh") return `${built.kind}, fresh`;
    if (attempt === 3) {
      throw new Error(`the console's bundle is not fresh after 4 builds: ${JSON.stringify(check)}`);
    }
    await new Promise((done) => setTimeout(done, 2_100));
  }
}

/** The build directory the cache's manifest names now, if any. */
function currentBuild(cache: string): string | undefined {
  try {
    return JSON.parse(Deno.readTextFileSync(join(cache, "manifest.json"))).build;
  } catch {
    return undefined;
  }
}

/**
 * This checkout's example paired with another checkout's (`--baseline DIR`):
 * the no-regression check for a change that should not touch start-up.
 */
async function besideBaseline(dir: string) {
  const baseEntry = join(dir, "examples/provider/main.ts");
  try {
    await Deno.stat(baseEntry);
  } catch {
    console.error(`--baseline ${dir}: no examples/provider/main.ts there`);
    Deno.exit(2);
  }
  const tmp = await Deno.makeTempDir({ prefix: "foundry-baseline-" });
  try {
    const env = launchEnv(tmp, { FOUNDRY_WARM: "0" });
    const launch = (file: string, cwd: string) => async () => {
      const r = await timeFirstLine({ command: deno, args: ["run", "-A", file], env, cwd });
      if (!isHandshakeLine(r.line)) throw new Error(`unexpected first line: ${r.line}`);
      return r.ms;
    };
    console.error(`timing exec -> handshake, ${runs} runs each, this checkout and ${dir} in turn`);
    const rows: Comparison[] = [];
    const exec = await measurePaired(runs, launch(entry, root), launch(baseEntry, dir));
    rows.push({
      name: "exec -> handshake, deno run -A main.ts",
      subject: exec.subject,
      floor: exec.floor,
      pairRatio: exec.ratio,
      target: 1.02,
    });
    const terraform = flags["no-terraform"] ? undefined : await findTerraform();
    if (terraform !== undefined) {
      // Cold launches on both sides: the baseline may predate warm launches.
      // From source on both sides: this compares module graphs, not launchers.
      const ours = await createWorkspace({
        source: EXAMPLE_SOURCE,
        entry,
        warm: false,
        bundle: false,
      });
      const base = await createWorkspace({
        source: EXAMPLE_SOURCE,
        entry: baseEntry,
        warm: false,
        bundle: false,
      });
      try {
        for (const count of [1, 100]) {
          await ours.write("main.tf", exampleConfig(count));
          await base.write("main.tf", exampleConfig(count));
          const plan = await measurePaired(
            planRuns,
            timePlan(terraform, ours, count),
            timePlan(terraform, base, count),
          );
          rows.push({
            name: `terraform plan, ${count} resource${count === 1 ? "" : "s"}`,
            subject: plan.subject,
            floor: plan.floor,
            pairRatio: plan.ratio,
            target: 1.02,
          });
        }
      } finally {
        await ours.dispose();
        await base.dispose();
      }
    }
    console.log("\nthis checkout beside the baseline (the floor column is the baseline):");
    console.log(renderReport(rows));
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}
