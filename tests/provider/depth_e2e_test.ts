// The framework's depth under the real Terraform (fixtures/depth_provider.ts):
// each test is one acceptance run; the runner re-plans after every apply and
// fails on perpetual diffs and "inconsistent result" errors.
import assert from "node:assert/strict";
import { findTerraform, runAcceptance } from "../../src/testing/mod.ts";

const terraform = await findTerraform().catch(() => undefined);
if (terraform === undefined) console.log("depth e2e skipped: terraform not found on PATH");

const provider = {
  source: "example.com/acme/depth",
  entry: new URL("./fixtures/depth_provider.ts", import.meta.url),
};

Deno.test({
  name: "terraform: cross-attribute validators point at the argument; private state survives",
  ignore: terraform === undefined,
  fn: async () => {
    await runAcceptance({
      provider,
      steps: [
        {
          config: `
resource "depth_vm" "a" {
  image    = "debian"
  password = "p"
  ssh_key  = "k"
}`,
          // Terraform quotes the argument the diagnostic's path names.
          expectError:
            /ssh_key  = "k"\n\nAttribute "ssh_key" cannot be set together with "password"/,
        },
        {
          config: `
resource "depth_vm" "a" {
  snapshot = "s1"
  listener {
    port        = 443
    certificate = "c"
  }
}`,
          expectError:
            /certificate = "c"\n\nAttribute "listener\[0\]\.certificate" needs "domain" to be set too/,
        },
        {
          config: `resource "depth_vm" "a" {\n  password = "p"\n}`,
          expectError: /Exactly one of "image", "snapshot" must be set/,
        },
        {
          config: `
resource "depth_vm" "a" {
  image  = "debian"
  domain = "example.com"
  listener {
    port        = 443
    certificate = "c"
  }
}`,
          check: ({ state, dir }) => {
            assert.equal(state.resource("depth_vm.a").values.id, "vm-debian");
            // Terraform keeps the private state create wrote (base64 in the state file).
            const file = JSON.parse(Deno.readTextFileSync(`${dir}/terraform.tfstate`));
            const priv = file.resources[0].instances[0].private as string;
            assert.equal(atob(priv), '{"etag":"v1"}');
          },
        },
      ],
    });
  },
});
