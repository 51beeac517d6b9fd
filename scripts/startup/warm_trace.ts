/**
 * Where a warm launch's time goes: runs `terraform plan` of the example
 * provider through a warm launcher with `FOUNDRY_WARM_TRACE` set (see
 * `src/plugin/warm_trace.ts`), so the launch entries, the daemon and its
 * instance workers write their steps on one clock, and prints each step's
 * median time from the start of the plan over the runs. Steps repeat per
 * launch (a plan makes three): the n-th occurrence of a step is listed as
 * `#n`. With `--tf-log`, Terraform's own plugin lines (`TF_LOG=trace`) are
 * merged in (millisecond timestamps; Terraform runs slower that way).
 * `--exec` times exec -> handshake of the warm entry alone instead (no
 * Terraform), from just before the spawn. Then, per launch, the medians of
 * a few spans (the entry's key; the exit path from the instance's
 * `rpc Shutdown` to Terraform's `plugin process exited`).
 *
 * Flags: `--count N` resources (1), `--runs N` (7), `--tf-log`, `--exec`,
 * `--twin` (the Go anchor's twin, `anchor_twin.ts`, instead of the example),
 * `--go` (the Go anchor itself, built under `--go-anchor DIR`, default
 * `$FOUNDRY_GO_ANCHOR` or `/tmp/goanchor`: only Terraform's own plugin lines,
 * so each launch's span from "using plugin" to "plugin process exited" can
 * be set beside the twin's under `--tf-log`).
 *
 * @example Usage
 * ```sh
 * deno run -A scripts/startup/warm_trace.ts --count 1 --runs 7
 * ```
 *
 * @module
 */

import { join } from "node:path";
import { parseArgs } from "node:util";
import { createWorkspace, findTerraform, runTerraform } from "../../src/testing/mod.ts";
import { EXAMPLE_SOURCE, exampleConfig, planSummary } from "./plan_configs.ts";
import { ANCHOR_SOURCE, anchorConfig, anchorWorkspace, findGoAnchor } from "./go_anchor.ts";
import { timeFirstLine } from "./first_line.ts";
import { readTraceSteps } from "../../src/plugin/warm_trace.ts";
import { launchEnv } from "./launch_env.ts";

const { values: flags } = parseArgs({
  args: Deno.args,
  options: {
    count: { type: "string", default: "1" },
    runs: { type: "string", default: "7" },
    "tf-log": { type: "boolean", default: false },
    exec: { type: "boolean", default: false },
    twin: { type: "boolean", default: false },
    go: { type: "boolean", default: false },
    "go-anchor": { type: "string", default: Deno.env.get("FOUNDRY_GO_ANCHOR") ?? "/tmp/goanchor" },
  },
});
const root = new URL("../..", import.meta.url).pathname;
// The example, or with --twin the Go anchor's twin (its schema, so that a
// trace lines up with the anchor's under the same configuration).
const entry = join(
  root,
  flags.twin ? "scripts/startup/anchor_twin.ts" : "examples/provider/main.ts",
);
const warmEntry = join(root, "src/plugin/warm_entry.ts");
const runs = Number(flags.runs);
const count = Number(flags.count);

/** A trace line: when, which side, which step. */
interface Step {
  readonly at: number;
  readonly name: string;
}

function now(): number {
  return performance.timeOrigin + performance.now();
}

/** A log's text, or "" when nothing was written to it. */
function readIfThere(file: string): string {
  try {
    return Deno.readTextFileSync(file);
  } catch {
    return "";
  }
}

/** Trace lines between two marks of ours, as steps. */
function readSteps(file: string, from: number, to: number): Step[] {
  return readTraceSteps(readIfThere(file))
    .filter((s) => s.at >= from && s.at <= to)
    .map((s) => ({ at: s.at, name: `${s.who}: ${s.step}` }));
}

/** Terraform's plugin lines (TF_LOG_PATH) between two marks, as steps. */
function terraformSteps(file: string, from: number, to: number): Step[] {
  const steps: Step[] = [];
  const text = readIfThere(file);
  const wanted = [
    "starting plugin",
    "plugin started",
    "using plugin",
    "plugin address",
    "plugin process exited",
    "plugin exited",
  ];
  for (const line of text.split("\n")) {
    const m = /^(\S+) \[\w+\]\s+(.*)$/.exec(line);
    if (m === null) continue;
    const what = wanted.find((w) => m[2].includes(w));
    const at = Date.parse(m[1]);
    if (what === undefined || Number.isNaN(at) || at < from || at > to) continue;
    steps.push({ at, name: `terraform: ${what}` });
  }
  return steps;
}

/**
 * Per launch, the time from one step to the next occurrence of another
 * (`rpc Shutdown` to Terraform's `plugin process exited`, say; a `to` ending
 * in `*` matches any step that starts with the rest), median and
 * range over every launch of every run: the medians of offsets from the
 * plan's start that {@link report} prints mix the runs' unrelated delays.
 */
function segment(samples: Step[][], from: string, to: string): string {
  const xs: number[] = [];
  for (const steps of samples) {
    let begun: number | undefined;
    for (const s of [...steps].sort((a, b) => a.at - b.at)) {
      if (s.name === from) begun = s.at;
      else if (
        begun !== undefined &&
        (to.endsWith("*") ? s.name.startsWith(to.slice(0, -1)) : s.name === to)
      ) {
        xs.push(s.at - begun);
        begun = undefined;
      }
    }
  }
  if (xs.length === 0) return `${from} -> ${to}: not seen`;
  xs.sort((a, b) => a - b);
  return `${from} -> ${to}: median ${xs[xs.length >> 1].toFixed(2)} ms over ${xs.length} ` +
    `launches (${xs[0].toFixed(2)}-${xs[xs.length - 1].toFixed(2)})`;
}

/** Median of each numbered step's offset from its run's start, in time order. */
function report(samples: Step[][], starts: number[]): string {
  const offsets = new Map<string, number[]>();
  samples.forEach((steps, i) => {
    const seen = new Map<string, number>();
    for (const s of [...steps].sort((a, b) => a.at - b.at)) {
      const n = (seen.get(s.name) ?? 0) + 1;
      seen.set(s.name, n);
      const key = `${s.name} #${n}`;
      offsets.set(key, [...(offsets.get(key) ?? []), s.at - starts[i]]);
    }
  });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  return [...offsets]
    .map(([name, xs]) => ({ name, ms: median(xs), n: xs.length }))
    .sort((a, b) => a.ms - b.ms)
    .map((r) => `${r.ms.toFixed(2).padStart(9)} ms  (n=${r.n})  ${r.name}`)
    .join("\n");
}

const tmp = await Deno.makeTempDir({ prefix: "foundry-warm-trace-" });
const traceFile = join(tmp, "trace.log");
const tfLog = join(tmp, "terraform.log");
try {
  const samples: Step[][] = [];
  const starts: number[] = [];
  if (flags.exec) {
    const env = launchEnv(tmp, {
      FOUNDRY_WARM_TRACE: traceFile,
      FOUNDRY_WARM_IDLE_SECONDS: "120",
    });
    const launch = () =>
      timeFirstLine({
        command: Deno.execPath(),
        args: ["run", "-A", "--preload", warmEntry, entry],
        env,
        cwd: root,
      });
    await launch(); // cold: leaves the daemon
    await new Promise((r) => setTimeout(r, 3000)); // its instances ready
    for (let i = 0; i < runs; i++) {
      const from = now();
      const r = await launch();
      samples.push([
        ...readSteps(traceFile, from, from + r.ms),
        { at: from + r.ms, name: "bench: first line read" },
      ]);
      starts.push(from);
      await new Promise((res) => setTimeout(res, 500)); // its instance replaced
    }
  } else {
    const terraform = await findTerraform();
    if (terraform === undefined) {
      console.error("terraform not found on PATH: nothing to trace");
      Deno.exit(1);
    }
    const anchor = flags.go ? await findGoAnchor(flags["go-anchor"]) : undefined;
    if (flags.go && anchor === undefined) {
      console.error(
        `no Go anchor built under ${flags["go-anchor"]} (see ../shared/refs/go-anchor)`,
      );
      Deno.exit(1);
    }
    const foundry = anchor === undefined
      ? await createWorkspace({
        source: flags.twin ? ANCHOR_SOURCE : EXAMPLE_SOURCE,
        entry,
        warm: true,
      })
      : undefined;
    const ws = foundry ?? await anchorWorkspace(anchor!, count);
    try {
      await foundry?.write("main.tf", flags.twin ? anchorConfig(count) : exampleConfig(count));
      const env: Record<string, string> = {
        ...ws.env,
        TMPDIR: tmp,
        FOUNDRY_WARM_TRACE: traceFile,
        FOUNDRY_WARM_IDLE_SECONDS: "120",
      };
      if (flags["tf-log"] || flags.go) Object.assign(env, { TF_LOG: "trace", TF_LOG_PATH: tfLog });
      const plan = async () => {
        const r = await runTerraform(["plan", "-input=false", "-no-color", "-lock=false"], {
          terraform,
          cwd: ws.dir,
          env,
        });
        if (r.code !== 0 || !r.stdout.includes(planSummary(count))) {
          throw new Error(`terraform plan failed (exit ${r.code}): ${r.stderr.slice(-2000)}`);
        }
      };
      await plan(); // the first launch starts the daemon
      await new Promise((r) => setTimeout(r, 3000)); // its instances ready
      for (let i = 0; i < runs; i++) {
        const from = now();
        await plan();
        const to = now();
        samples.push([
          ...readSteps(traceFile, from, to),
          ...terraformSteps(tfLog, from, to),
          { at: to, name: "bench: terraform exited" },
        ]);
        starts.push(from);
        await new Promise((r) => setTimeout(r, 3000)); // instances topped up
      }
    } finally {
      await ws.dispose();
    }
  }
  const load = (await Deno.readTextFile("/proc/loadavg")).split(" ").slice(0, 3).join(" ");
  console.log(
    `${
      flags.exec ? "exec -> handshake" : `terraform plan of ${count}`
    }: median ms from the start over ${runs} runs (load average ${load})`,
  );
  console.log(report(samples, starts));
  const segments: [string, string][] = flags.exec
    ? [["entry: runtime started", "entry: key computed"], [
      "entry: entry evaluated",
      "entry: key computed",
    ]]
    : [
      ["entry: entry evaluated", "entry: key computed"],
      ["instance: handshake line sent", "entry: handshake printed"],
      ["entry: handshake printed", "instance: connection accepted (TLS done)"],
      ["instance: connection accepted (TLS done)", "instance: rpc *"],
      ["instance: rpc Shutdown", "instance: exit"],
      ["instance: exit", "entry: exit"],
      ["instance: rpc Shutdown", "entry: exit"],
      ["entry: exit", "terraform: plugin process exited"],
      ["instance: rpc Shutdown", "terraform: plugin process exited"],
      ["terraform: using plugin", "terraform: plugin process exited"],
    ];
  console.log("per launch:");
  for (const [from, to] of segments) console.log(`  ${segment(samples, from, to)}`);
} finally {
  // The daemons exit once their socket directory is gone.
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
}
