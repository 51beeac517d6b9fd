/**
 * Generates expected evaluation results from Terraform (1.11.4 links hcl 2.23
 * and go-cty 1.16): every line of tests/hcl/testdata/eval/exprs.txt becomes an
 * output of a configuration holding locals.tf beside it and an unknown
 * (`terraform_data.u.id`); `terraform plan` gives each output's type and value
 * (or that it is unknown) and whether it is sensitive (`issensitive`), and its
 * JSON diagnostics give the errors, with ranges made relative to the expression.
 *
 * Usage: deno run -A scripts/hcl-testdata/generate_eval.ts
 *
 * @module
 */

import { join } from "node:path";

const here = new URL(".", import.meta.url).pathname;
const data = join(here, "../../tests/hcl/testdata/eval");
const exprs = Deno.readTextFileSync(join(data, "exprs.txt")).trimEnd().split("\n");
const locals = Deno.readTextFileSync(join(data, "locals.tf"));
const PREFIX = "  value = ";

const dir = await Deno.makeTempDir();
const cli = join(dir, "cli.tfrc");
Deno.writeTextFileSync(cli, "");
const env = { TF_CLI_CONFIG_FILE: cli, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };

function tf(...args: string[]): { ok: boolean; out: string } {
  const r = new Deno.Command("terraform", { args, cwd: dir, env, stderr: "piped" }).outputSync();
  return { ok: r.success, out: new TextDecoder().decode(r.stdout) };
}

interface Diag {
  summary: string;
  detail: string;
  subject?: number[];
}
const failed = new Map<number, Diag[]>();
const infinite = new Set<number>();
let live = exprs.map((_, i) => i);

function writeConfig(): Map<number, number> {
  const lineOf = new Map<number, number>(); // config line of output eN's value -> N
  const lines = ['resource "terraform_data" "u" {', '  input = "x"', "}", ...locals.split("\n")];
  for (const i of live) {
    lines.push(`output "e${i}" {`, "  sensitive = true");
    lineOf.set(lines.length + 1, i);
    lines.push(PREFIX + exprs[i], "}");
    lines.push(`output "s${i}" {`, `  value = issensitive(${exprs[i]})`, "}");
  }
  Deno.writeTextFileSync(join(dir, "main.tf"), lines.join("\n") + "\n");
  return lineOf;
}

writeConfig();
if (!tf("init", "-input=false").ok) throw new Error("terraform init failed");
for (let round = 0; round < 10; round++) {
  const lineOf = writeConfig();
  const plan = tf("plan", "-input=false", "-json", "-out=p");
  if (plan.ok) break;
  const bad = new Set<number>();
  for (const line of plan.out.split("\n")) {
    if (line === "") continue;
    const m = JSON.parse(line);
    if (m.type !== "diagnostic" || m.diagnostic.severity !== "error") continue;
    const d = m.diagnostic;
    // Infinite results are fine until the plan is saved: note them, drop their outputs.
    const inf = [...(d.detail ?? "").matchAll(/output value "e(\d+)": cannot serialize infinity/g)];
    if (inf.length > 0) {
      for (const x of inf) {
        infinite.add(Number(x[1]));
        bad.add(Number(x[1]));
      }
      continue;
    }
    const start = d.range?.start;
    const i = start === undefined ? undefined : lineOf.get(start.line);
    if (i === undefined) {
      // An error on an issensitive() line: its expression fails on its own line too.
      const s = start === undefined ? undefined : lineOf.get(start.line - 3);
      if (s !== undefined) bad.add(s);
      else throw new Error(`unplaced diagnostic: ${line}`);
      continue;
    }
    bad.add(i);
    // Byte offset of the value line: the diagnostic's byte minus its column, plus one.
    const lineByte = start.byte - (start.column - 1);
    const rel = (p: { line: number; column: number; byte: number }) => [
      1 + p.line - start.line,
      p.column - PREFIX.length,
      p.byte - lineByte - PREFIX.length,
    ];
    const list = failed.get(i) ?? [];
    list.push({
      summary: d.summary,
      detail: d.detail ?? "",
      subject: [...rel(d.range.start), ...rel(d.range.end)],
    });
    failed.set(i, list);
  }
  if (bad.size === 0) throw new Error(`plan failed without diagnostics:\n${plan.out}`);
  live = live.filter((i) => !bad.has(i));
}
// Numbers keep their exact text (JSON.parse would round them to float64).
const NUM = "\u0000num:";
const shown = JSON.parse(
  tf("show", "-json", "p").out,
  (_k, v, ctx?: { source?: string }) =>
    typeof v === "number" && ctx?.source !== undefined ? NUM + ctx.source : v,
);
const out = exprs.map((src, i) => {
  if (failed.has(i)) return { src, diagnostics: failed.get(i) };
  if (infinite.has(i)) return { src, infinite: true };
  const pv = shown.planned_values.outputs[`e${i}`];
  const change = shown.output_changes[`e${i}`];
  const sens = shown.planned_values.outputs[`s${i}`];
  const o: Record<string, unknown> = { src };
  if (pv !== undefined && "value" in pv) o.value = { type: pv.type, value: pv.value };
  else o.unknown = change.after_unknown;
  o.sensitive = sens !== undefined && "value" in sens ? sens.value : "unknown";
  return o;
});
const exact = (o: unknown) =>
  JSON.stringify(o).replace(/"\\u0000num:([^"]*)"/g, (_m, n: string) => n);
Deno.writeTextFileSync(join(data, "expected.jsonl"), out.map(exact).join("\n") + "\n");
await Deno.remove(dir, { recursive: true });
console.log(`wrote ${out.length} expressions (${failed.size} with errors)`);
