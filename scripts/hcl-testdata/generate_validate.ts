/**
 * Expected output of `foundry hcl validate` from Terraform 1.11.4: `terraform validate
 * -no-color` in each folder of `tests/cli/testdata/validate/` (one `main.tf` each), its stdout,
 * stderr and exit code recorded in `expected.json` beside them, with the stdout and stderr of
 * `terraform validate` in colour (its default).
 *
 * Run: `deno run -A scripts/hcl-testdata/generate_validate.ts`
 *
 * @module
 */

import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../tests/cli/testdata/validate/", import.meta.url));
const env = { TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" };
const dec = new TextDecoder();
const rows = [];
const dirs = [...Deno.readDirSync(root)].filter((e) => e.isDirectory).map((e) => e.name).sort();
for (const name of dirs) {
  const r = await new Deno.Command("terraform", {
    args: ["validate", "-no-color"],
    cwd: `${root}${name}`,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  // Terraform's default, coloured form: what `foundry hcl validate --color` prints.
  const c = await new Deno.Command("terraform", {
    args: ["validate"],
    cwd: `${root}${name}`,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  rows.push({
    dir: name,
    code: r.code,
    stdout: dec.decode(r.stdout),
    stderr: dec.decode(r.stderr),
    colorStdout: dec.decode(c.stdout),
    colorStderr: dec.decode(c.stderr),
  });
}
await Deno.writeTextFile(`${root}expected.json`, JSON.stringify(rows, null, 1) + "\n");
console.log(`${rows.length} folders written`);
