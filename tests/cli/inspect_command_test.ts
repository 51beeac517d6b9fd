// `foundry inspect`: the example provider launched as Terraform launches it,
// its --json output compared byte for byte with what Terraform itself prints
// for the same provider; the Go anchor provider too when it is built (see
// tests/plugin/testdata/go/build.sh).
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "../../src/cli/mod.ts";
import { findTerraform } from "../../src/testing/mod.ts";
import { goFixtures } from "../plugin/go_fixtures.ts";

const EXAMPLE = new URL("../../examples/provider/main.ts", import.meta.url).pathname;
const terraform = await findTerraform();

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join(""), err: err.join("") };
}

/** A dev_overrides directory with a `terraform-provider-NAME` launcher for `command`. */
async function launcherDir(name: string, command: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "foundry-inspect-" });
  const path = join(dir, `terraform-provider-${name}`);
  await Deno.writeTextFile(path, `#!/bin/sh\nexec ${command} "$@"\n`);
  await Deno.chmod(path, 0o755);
  return dir;
}

async function terraformSchemaJson(source: string, binDir: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "foundry-inspect-tf-" });
  try {
    const [, , name] = source.split("/");
    await Deno.writeTextFile(
      join(dir, "tf.rc"),
      `provider_installation {\n  dev_overrides { "${source}" = "${binDir}" }\n  direct {}\n}\n`,
    );
    await Deno.writeTextFile(
      join(dir, "main.tf"),
      `terraform {\n  required_providers {\n    ${name} = { source = "${source}" }\n  }\n}\n`,
    );
    const out = await new Deno.Command(terraform!, {
      args: ["providers", "schema", "-json"],
      cwd: dir,
      env: {
        TF_CLI_CONFIG_FILE: join(dir, "tf.rc"),
        CHECKPOINT_DISABLE: "1",
        TF_IN_AUTOMATION: "1",
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
    return new TextDecoder().decode(out.stdout);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name: "inspect --json on the example provider prints Terraform's bytes exactly",
  ignore: terraform === undefined,
  async fn() {
    const bin = await launcherDir(
      "example",
      `'${Deno.execPath()}' run --quiet --allow-all '${EXAMPLE}'`,
    );
    try {
      const source = "example.com/foundry/example";
      const launcher = join(bin, "terraform-provider-example");
      const ours = await cli(["inspect", launcher, "--json", "--address", source]);
      assert.equal(ours.code, 0, ours.err);
      const theirs = await terraformSchemaJson(source, bin);
      assert.equal(ours.out, theirs);
      // The text form names what a person looks for.
      const text = await cli(["inspect", launcher]);
      assert.equal(text.code, 0, text.err);
      assert.match(text.out, /^registry\.terraform\.io\/hashicorp\/example \(plugin protocol 6\)/);
      assert.match(text.out, /capabilities: plan_destroy, get_provider_schema_optional/);
      assert.match(text.out, /admin_password_wo: "string" \(optional, sensitive, write-only\)/);
      assert.match(text.out, /slugify\(text "string"\) "string": Turns text into a DNS label/);
    } finally {
      await Deno.remove(bin, { recursive: true });
    }
  },
});
if (terraform === undefined) {
  console.log("terraform not installed: inspect-vs-Terraform test skipped");
}

const go = await goFixtures();
Deno.test({
  name: "inspect --json on the Go anchor provider (go-plugin, grpc-go) prints Terraform's bytes",
  ignore: terraform === undefined || go === undefined,
  async fn() {
    const source = "example.com/anchor/anchor";
    const ours = await cli(["inspect", go!.anchor, "--json", "--address", source]);
    assert.equal(ours.code, 0, ours.err);
    const theirs = await terraformSchemaJson(source, go!.binDir);
    assert.equal(ours.out, theirs);
    assert.match(ours.out, /"anchor_server"/);
  },
});

Deno.test("inspect: a missing program and a missing argument are reported", async () => {
  const missing = await cli(["inspect", "/nonexistent/terraform-provider-gone"]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /Cannot run the plugin \/nonexistent\/terraform-provider-gone/);
  const usage = await cli(["inspect"]);
  assert.equal(usage.code, 2);
  assert.match(usage.err, /missing PROVIDER/);
  const flag = await cli(["inspect", "x", "--jsn"]);
  assert.equal(flag.code, 2);
});
