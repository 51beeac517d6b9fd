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
 *   bench/provider_bench.ts).
 *
 * Flags: `--runs N` (default 10), `--plan-runs N` (default 5),
 * `--no-variants`, `--compile`, `--no-terraform`, `--no-bench`.
 *
 * @example Usage
 * ```sh
 * deno task bench:startup --runs 20 --no-bench
 * ```
 *
 * @module
 */

import { join } from "node:path";
import { parseArgs } from "node:util";
import { PLUGIN_ENV } from "../src/release/_pipeline.ts";
import { generateCertificate } from "../src/plugin/certificate.ts";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../src/plugin/mod.ts";
import { createWorkspace, findTerraform, runTerraform } from "../src/testing/mod.ts";
import { isHandshakeLine, timeFirstLine } from "./startup/first_line.ts";
import {
  builtinConfig,
  EXAMPLE_SOURCE,
  exampleConfig,
  planSummary,
} from "./startup/plan_configs.ts";
import { type Comparison, renderReport } from "./startup/report.ts";
import { measurePaired, type PairedSummary } from "./startup/stats.ts";

const root = new URL("..", import.meta.url).pathname;
const entry = join(root, "examples/provider/main.ts");
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
  },
});
const runs = Number(flags.runs);
const planRuns = Number(flags["plan-runs"]);

/** Passed through so `deno` finds its cache and `terraform` its plugins dir. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of ["PATH", "HOME", "TMPDIR", "DENO_DIR", "LANG"]) {
    const v = Deno.env.get(k);
    if (v !== undefined) env[k] = v;
  }
  return env;
}

const tmp = await Deno.makeTempDir({ prefix: "foundry-startup-" });
const rows: Comparison[] = [];
try {
  const pluginEnv = {
    ...baseEnv(),
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: "6",
    PLUGIN_CLIENT_CERT: generateCertificate().certPem,
    TMPDIR: tmp,
  };
  const floorScript = join(tmp, "floor.ts");
  await Deno.writeTextFile(
    floorScript,
    'Deno.stdout.writeSync(new TextEncoder().encode("ok\\n"));\n',
  );

  const time = (command: string, args: string[], expect: (line: string) => boolean) => async () => {
    const r = await timeFirstLine({ command, args, env: pluginEnv, cwd: root });
    if (!expect(r.line)) throw new Error(`unexpected first line: ${r.line.slice(0, 200)}`);
    return r.ms;
  };
  console.error(`timing exec -> first line, ${runs} runs each, in turn with the floor ...`);
  const floor = time(deno, ["run", "-A", floorScript], (l) => l === "ok");
  const subjects: [string, string, string[]][] = [
    ["exec -> handshake: deno run -A main.ts", deno, ["run", "-A", entry]],
  ];
  if (!flags["no-variants"]) {
    subjects.push(["  same, --cached-only", deno, ["run", "-A", "--cached-only", entry]]);
    subjects.push(["  same, --no-code-cache", deno, ["run", "-A", "--no-code-cache", entry]]);
    const bundle = join(tmp, "provider.js");
    const b = await new Deno.Command(deno, {
      args: ["bundle", "--quiet", "--platform", "deno", "-o", bundle, entry],
      cwd: root,
      stdout: "null",
      stderr: "piped",
    }).output();
    if (b.success) {
      subjects.push(["  deno bundle output, deno run -A", deno, ["run", "-A", bundle]]);
    } else console.error(`deno bundle failed, skipped: ${new TextDecoder().decode(b.stderr)}`);
    // What `foundry build` embeds: its permission flags instead of -A, and
    // the opt-in `--bundle --minify`.
    const buildPerms = [
      "--allow-read",
      "--allow-write",
      "--allow-net",
      `--allow-env=${PLUGIN_ENV.join(",")}`,
      "--no-prompt",
    ];
    subjects.push(["  foundry build's permissions", deno, ["run", ...buildPerms, entry]]);
    const minified = join(tmp, "provider.min.js");
    const m = await new Deno.Command(deno, {
      args: ["bundle", "--quiet", "--minify", "--platform", "deno", "-o", minified, entry],
      cwd: root,
      stdout: "null",
      stderr: "piped",
    }).output();
    if (m.success) {
      subjects.push(["  same, deno bundle --minify output", deno, [
        "run",
        ...buildPerms,
        minified,
      ]]);
    } else {console.error(
        `deno bundle --minify failed, skipped: ${new TextDecoder().decode(m.stderr)}`,
      );}
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

  if (!flags["no-terraform"]) {
    const terraform = await findTerraform();
    if (terraform === undefined) {
      console.error("terraform not found on PATH: plan timings skipped");
    } else {
      console.error(`\ntiming terraform plan, ${planRuns} runs each, in turn with the floor ...`);
      const planRows: Comparison[] = [];
      for (const count of [1, 100]) {
        const p = await timePlans(terraform, count);
        planRows.push({
          name: `terraform plan, ${count} resource${count === 1 ? "" : "s"}`,
          subject: p.subject,
          floor: p.floor,
          pairRatio: p.ratio,
          target: count === 1 ? 10 : undefined,
        });
      }
      console.log(renderReport(planRows));
    }
  }

  if (!flags["no-bench"]) {
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

/**
 * `terraform plan` of `count` example resources and of `count`
 * `terraform_data`, each in a fresh dev_overrides workspace, timed end to end
 * in turn.
 */
async function timePlans(terraform: string, count: number): Promise<PairedSummary> {
  const ours = await createWorkspace({ source: EXAMPLE_SOURCE, entry });
  const builtin = await createWorkspace({ source: EXAMPLE_SOURCE, entry });
  try {
    await ours.write("main.tf", exampleConfig(count));
    await builtin.write("main.tf", builtinConfig(count));
    const plan = (ws: typeof ours) => async () => {
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
    return await measurePaired(planRuns, plan(ours), plan(builtin));
  } finally {
    await ours.dispose();
    await builtin.dispose();
  }
}
