/**
 * Expected output of `foundry console` from Terraform 1.11.4: each line below piped into its
 * own `terraform console -no-color -var name=web` in `tests/cli/testdata/console/` (whose
 * `main.tf` declares `var.name` and the locals), stdout, stderr and exit code recorded in
 * `tests/cli/testdata/console/expected.json`.
 *
 * Run: `deno run -A scripts/hcl-testdata/generate_console.ts`
 *
 * @module
 */

import { fileURLToPath } from "node:url";

/** Console inputs, one expression each. */
const LINES: readonly string[] = [
  'upper("x")',
  "1 + 2",
  "10 / 4",
  "1 / 0",
  '"a\\nb"',
  '"multi\\nline\\n"',
  "[1, 2, 3]",
  "[]",
  "{}",
  '{ a = 1, b = "x" }',
  'tolist(["a", "b"])',
  'toset(["b", "a"])',
  "tomap({ a = 1 })",
  "null",
  "true",
  'sensitive("x")',
  "local.secret",
  "local.greeting",
  "local.shout",
  "local.ports",
  "local.settings",
  "local.settings.tags.env",
  "var.name",
  "local.nope",
  "var.nope",
  'abs("x")',
  "nofunction(1)",
  "[1, 2",
  "1 +",
  '"${',
  'jsonencode({ a = [1, "two", null] })',
  'format("%05.1f|%-4s|", 3.14159, "ab")',
  "max(local.ports...)",
  "[for p in local.ports : p * 2]",
  "{ for k, v in local.settings.tags : upper(k) => v }",
  'cidrsubnet("10.0.0.0/16", 8, 2)',
  "element(local.ports, 5)",
  "local.ports[5]",
  'lookup({ a = 1 }, "b")',
  "<<EOT",
  '"${local.greeting} again"',
  "templatestring(local.greeting, {})",
  "core::length(local.ports)",
  "1e400",
  "0.1 + 0.2",
  "-0",
  'try(local.settings.color, "blue")',
  "try(local.settings.tags.env, local.nope)",
  "try(local.ports[5], local.settings.nope)",
  "can(local.ports[1])",
  "can(tonumber(var.name))",
  "[for p in local.ports : try(p.x, p)]",
  'yamlencode({ name = var.name, ports = local.ports, note = "a\\nb" })',
  'yamldecode("a: &x [1, yes]\\nb: *x")',
  'textencodebase64("日本", "Shift_JIS")',
];

const dir = fileURLToPath(new URL("../../tests/cli/testdata/console/", import.meta.url));
const env = { TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" };
const dec = new TextDecoder();
const rows = [];
for (const line of LINES) {
  const child = new Deno.Command("terraform", {
    args: ["console", "-no-color", "-var", "name=web"],
    cwd: dir,
    env,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(line + "\n"));
  await w.close();
  const r = await child.output();
  rows.push({ line, code: r.code, stdout: dec.decode(r.stdout), stderr: dec.decode(r.stderr) });
}
await Deno.writeTextFile(`${dir}expected.json`, JSON.stringify(rows, null, 1) + "\n");
console.log(`${rows.length} lines written`);
