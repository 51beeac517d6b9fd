// `foundry dev` writes a dev_overrides configuration from the provider's own
// foundry.json; the real Terraform then plans with the provider's source code.
import assert from "node:assert/strict";
import { runCli } from "../../src/cli/mod.ts";
import { findTerraform, runTerraform } from "../../src/testing/mod.ts";

const exampleConfig = new URL("../../examples/provider/foundry.json", import.meta.url).pathname;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { out: (t) => stdout += t, err: (t) => stderr += t });
  return { code, stdout, stderr };
}

Deno.test("foundry dev: one export line on stdout, launcher and overrides on disk", async () => {
  const out = await Deno.makeTempDir();
  try {
    const r = await cli(["dev", "--config", exampleConfig, "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `export TF_CLI_CONFIG_FILE=${out}/terraform.rc\n`);
    assert.match(r.stderr, /for registry\.terraform\.io\/foundry\/example/);
    const rc = await Deno.readTextFile(`${out}/terraform.rc`);
    assert.match(rc, /"registry\.terraform\.io\/foundry\/example" = /);
    const launcher = await Deno.readTextFile(`${out}/terraform-provider-example`);
    assert.match(launcher, /examples\/provider\/main\.ts/);
    assert.ok(((await Deno.stat(`${out}/terraform-provider-example`)).mode! & 0o111) !== 0);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("foundry dev: a missing address or entry says what to set", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/deno.json`, `{"foundry":{"provider":{"name":"acme"}}}`);
    let r = await cli(["dev", "--config", `${dir}/deno.json`]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^foundry dev: no provider address: set foundry\.provider\.namespace/);
    r = await cli(["dev", "--config", `${dir}/deno.json`, "--source", "acme"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /"acme" is not a provider address \(HOST\/NAMESPACE\/NAME/);
    r = await cli(["dev", "--config", `${dir}/deno.json`, "--source", "example.com/acme/acme"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /entry module .*main\.ts does not exist/);
    assert.equal(r.stdout, "");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const terraform = await findTerraform();

Deno.test({
  name: "foundry dev: the real Terraform plans with the provider from source",
  ignore: terraform === undefined,
}, async () => {
  const root = await Deno.makeTempDir();
  try {
    const r = await cli(["dev", "--config", exampleConfig, "--out", `${root}/dev`]);
    assert.equal(r.code, 0, r.stderr);
    const cliConfig = r.stdout.trim().replace(/^export TF_CLI_CONFIG_FILE=/, "");
    await Deno.mkdir(`${root}/work`);
    await Deno.writeTextFile(
      `${root}/work/main.tf`,
      `terraform {\n  required_providers {\n    example = { source = "registry.terraform.io/foundry/example" }\n  }\n}\n` +
        `provider "example" {\n  root = "${root}/data"\n}\n` +
        `resource "example_file" "f" {\n  path    = "a.txt"\n  content = "hi"\n}\n`,
    );
    const plan = await runTerraform(["plan", "-no-color", "-input=false"], {
      terraform: terraform!,
      cwd: `${root}/work`,
      env: { TF_CLI_CONFIG_FILE: cliConfig },
    });
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout + plan.stderr, /Provider development overrides are in effect/);
    assert.match(plan.stdout, /example_file\.f will be created/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
