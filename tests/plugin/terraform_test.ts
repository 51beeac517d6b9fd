// End to end with the real Terraform 1.11.4: it launches the provider
// through a dev_overrides launcher script, handshakes over mTLS, and drives
// apply, a clean re-plan and destroy, over protocol 6 and protocol 5.
import assert from "node:assert/strict";
import { join } from "node:path";
import { findTerraform, runTerraform } from "../../src/testing/mod.ts";
import { timeFirstLine } from "../../scripts/startup/first_line.ts";
import { launchEnv } from "../../scripts/startup/launch_env.ts";

const ENTRY = new URL("./fixtures/tiny_e2e_provider.ts", import.meta.url).pathname;
const TERRAFORM = await findTerraform();
const hasTerraform = TERRAFORM !== undefined;
if (!hasTerraform) console.log("protocol e2e skipped: terraform not found on PATH");

async function terraform(dir: string, args: string[], extra: Record<string, string> = {}) {
  const out = await runTerraform([...args, "-no-color"], {
    terraform: TERRAFORM!,
    cwd: dir,
    env: { TF_CLI_CONFIG_FILE: join(dir, "cli.tfrc"), ...extra },
  });
  return { code: out.code, text: out.stdout, err: out.stderr };
}

/** A fresh directory with the launcher, the CLI config and one tiny_thing. */
async function project(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "foundry-proto-e2e-" });
  const bin = join(dir, "bin");
  await Deno.mkdir(bin);
  const launcher = join(bin, "terraform-provider-tiny");
  await Deno.writeTextFile(
    launcher,
    `#!/bin/sh\nexec "${Deno.execPath()}" run --quiet -A "${ENTRY}"\n`,
  );
  await Deno.chmod(launcher, 0o755);
  await Deno.writeTextFile(
    join(dir, "cli.tfrc"),
    `provider_installation {\n  dev_overrides {\n    "example.com/test/tiny" = "${bin}"\n  }\n` +
      `  direct {}\n}\n`,
  );
  await Deno.writeTextFile(
    join(dir, "main.tf"),
    `terraform {\n  required_providers {\n    tiny = { source = "example.com/test/tiny" }\n  }\n}\n` +
      `resource "tiny_thing" "a" {\n  name = "hello"\n}\n` +
      `output "id" {\n  value = tiny_thing.a.id\n}\n`,
  );
  return dir;
}

async function applyPlanDestroy(dir: string, env: Record<string, string>) {
  const apply = await terraform(dir, ["apply", "-auto-approve"], env);
  assert.equal(apply.code, 0, apply.text + apply.err.slice(-4000));
  assert.match(apply.text, /Apply complete! Resources: 1 added, 0 changed, 0 destroyed/);
  assert.match(apply.text, /id = "tiny-hello"/);

  const plan = await terraform(dir, ["plan", "-detailed-exitcode"], env);
  assert.equal(plan.code, 0, "no changes after apply: " + plan.text + plan.err);

  const destroy = await terraform(dir, ["destroy", "-auto-approve"], env);
  assert.equal(destroy.code, 0, destroy.text + destroy.err);
  assert.match(destroy.text, /Destroy complete! Resources: 1 destroyed/);
  const state = JSON.parse(await Deno.readTextFile(join(dir, "terraform.tfstate")));
  assert.deepEqual(state.resources, []);
  return apply;
}

Deno.test({
  name: "terraform: apply, plan and destroy over protocol 6 (unix socket, mTLS), hclog lines",
  ignore: !hasTerraform,
  fn: async () => {
    const dir = await project();
    try {
      const apply = await applyPlanDestroy(dir, { TF_LOG: "debug" });
      assert.match(apply.err, /using plugin: version=6/);
      // go-plugin parsed the provider's hclog JSON (level INFO, message, fields).
      assert.match(
        apply.err,
        /\[INFO\] {2}provider\.terraform-provider-tiny: tiny_thing created: id=tiny-hello/,
      );
      // The protocol layer's own lines are hclog JSON too.
      assert.match(apply.err, /shutdown requested by Terraform: @module=foundry\.protocol/);
      // The controller's Shutdown made every launch exit by itself (no 2 s kill).
      assert.doesNotMatch(apply.err, /plugin failed to exit gracefully/);
      // The provider's console.log after the handshake came over GRPCStdio;
      // Terraform logs that stream as "unexpected data" warnings. Its
      // console.error stayed on stderr, logged under the provider's name.
      assert.match(
        apply.err,
        /\[WARN\] {2}unexpected data: example\.com\/test\/tiny:stdout="tiny: console\.log while creating tiny-hello"/,
      );
      assert.match(
        apply.err,
        /\[DEBUG\] provider\.terraform-provider-tiny: tiny: console\.error while creating/,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "terraform: a TMPDIR too deep for a unix socket: the provider serves on loopback TCP",
  ignore: !hasTerraform,
  fn: async () => {
    const dir = await project();
    try {
      // The provider's socket would be ~130 bytes (at most 103 bind everywhere).
      const tmp = join(dir, "t".repeat(90));
      await Deno.mkdir(tmp);
      const apply = await applyPlanDestroy(dir, { TF_LOG: "debug", TMPDIR: tmp });
      assert.match(
        apply.err,
        /the socket path is too long for a unix socket; serving on loopback TCP/,
      );
      // Its handshake line, as Terraform reads it (Terraform logs no address).
      const launch = await timeFirstLine({
        command: Deno.execPath(),
        args: ["run", "--quiet", "-A", ENTRY],
        env: launchEnv(tmp),
        cwd: dir,
        timeoutMs: 60_000,
      });
      assert.match(launch.line, /^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "terraform: megabytes each way: a 2 MB schema and a 300 KB value cross HTTP/2 flow control",
  ignore: !hasTerraform,
  fn: async () => {
    const dir = await project();
    try {
      const big = "0123456789".repeat(30_000);
      await Deno.writeTextFile(
        join(dir, "main.tf"),
        `terraform {\n  required_providers {\n    tiny = { source = "example.com/test/tiny" }\n  }\n}\n` +
          `resource "tiny_thing" "a" {\n  name = "${big}"\n}\n`,
      );
      const env = { TINY_BIG_SCHEMA: "2000" };
      const apply = await terraform(dir, ["apply", "-auto-approve"], env);
      assert.equal(apply.code, 0, apply.text + apply.err.slice(-4000));
      assert.match(apply.text, /Resources: 1 added/);
      const state = JSON.parse(await Deno.readTextFile(join(dir, "terraform.tfstate")));
      assert.equal(state.resources[0].instances[0].attributes.name, big);
      const schema = await terraform(dir, ["providers", "schema", "-json"], env);
      assert.equal(schema.code, 0, schema.err.slice(-2000));
      assert.ok(schema.text.length > 2_000_000, `schema JSON is ${schema.text.length} bytes`);
      assert.match(schema.text, /"tiny_extra_1999"/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "terraform: apply, plan and destroy over protocol 5 (same ProviderServer)",
  ignore: !hasTerraform,
  fn: async () => {
    const dir = await project();
    try {
      const apply = await applyPlanDestroy(dir, { TINY_PROTOCOL: "5", TF_LOG: "debug" });
      assert.match(apply.err, /using plugin: version=5/);
      assert.doesNotMatch(apply.err, /using plugin: version=6/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "terraform: debug mode: Terraform attaches through the printed TF_REATTACH_PROVIDERS",
  ignore: !hasTerraform,
  fn: async () => {
    const dir = await project();
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "-A", ENTRY, "--debug"],
      stdout: "piped",
      stderr: "null",
      stdin: "null",
    }).spawn();
    try {
      const reader = child.stdout.getReader();
      let out = "";
      while (!out.includes("Ctrl-C")) {
        const { value, done } = await reader.read();
        if (done) break;
        out += new TextDecoder().decode(value);
      }
      reader.releaseLock();
      const reattach = out.match(/TF_REATTACH_PROVIDERS='(.+)'/)![1];
      const apply = await applyPlanDestroy(dir, {
        TF_REATTACH_PROVIDERS: reattach,
        TF_LOG: "debug",
      });
      // Terraform used the running process: no launch of its own.
      assert.match(apply.err, /example\.com\/test\/tiny is overridden as an "unmanaged provider"/);
      assert.doesNotMatch(apply.err, /provider: starting plugin/);
      child.kill("SIGINT"); // Ctrl-C ends debug mode
      assert.equal((await child.status).code, 0);
    } finally {
      try {
        child.kill("SIGKILL");
      } catch { /* exited */ }
      await child.stdout.cancel().catch(() => {});
      await Deno.remove(dir, { recursive: true });
    }
  },
});
