// The repository's own Terraform files (examples, demo, fixtures outside testdata) are formatted
// as `terraform fmt` formats them: checked with our formatter, and with Terraform where present.
import assert from "node:assert/strict";
import { join } from "node:path";
import { formatTerraform } from "../../src/hcl/mod.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const EXTENSIONS = [".tf", ".tfvars", ".tftest.hcl", ".tfmock.hcl"];
// Test inputs are unformatted on purpose; tool caches are not ours.
const SKIP = new Set([".git", "node_modules", ".terraform", "testdata", "coverage"]);

function ownTerraformFiles(dir: string, out: string[] = []): string[] {
  for (const e of Deno.readDirSync(dir)) {
    if (SKIP.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory) ownTerraformFiles(p, out);
    else if (e.isFile && EXTENSIONS.some((x) => e.name.endsWith(x))) out.push(p);
  }
  return out;
}

function terraformPath(): string | undefined {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    try {
      if (Deno.statSync(join(dir, "terraform")).isFile) return join(dir, "terraform");
    } catch { /* not here */ }
  }
  return undefined;
}

const files = ownTerraformFiles(ROOT);

Deno.test("the repository's own .tf files are formatted", () => {
  assert.ok(files.length > 0, "no .tf files found (examples/demo/main.tf at least)");
  for (const f of files) {
    const src = Deno.readTextFileSync(f);
    const r = formatTerraform(src, f);
    assert.deepEqual(r.diagnostics.map((d) => d.summary), [], f);
    assert.equal(
      r.changed,
      false,
      `${f.slice(ROOT.length)} needs formatting: deno task foundry fmt`,
    );
  }
});

Deno.test("terraform fmt -check agrees on the repository's own .tf files", async () => {
  const tf = terraformPath();
  if (tf === undefined) {
    console.log("terraform not on PATH; cross-check skipped");
    return;
  }
  const o = await new Deno.Command(tf, {
    args: ["fmt", "-check", "-no-color", ...files],
    env: { TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  assert.equal(o.code, 0, dec.decode(o.stdout) + dec.decode(o.stderr));
});
