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
            /ssh_key {2}= "k"\n\nAttribute "ssh_key" cannot be set together with "password"/,
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

const netConfig = (policy: string, gateway: string, owner: string, since: string) => `
resource "depth_net" "n" {
  policy  = ${JSON.stringify(policy)}
  gateway = "${gateway}"
  owner   = "${owner}"
  since   = "${since}"
}`;

Deno.test({
  name: "terraform: custom types keep the configured form when the API normalises it",
  ignore: terraform === undefined,
  fn: async () => {
    const values = (state: { resource(a: string): { values: Record<string, unknown> } }) =>
      state.resource("depth_net.n").values;
    await runAcceptance({
      provider,
      steps: [
        {
          // The runner re-plans after apply: a perpetual diff or an
          // inconsistent result fails the step.
          config: netConfig(
            '{ "b": [1, 2], "a": true }',
            "2001:DB8::1",
            "alice",
            "2024-01-01T01:00:00+01:00",
          ),
          check: ({ state }) => {
            assert.deepEqual(values(state), {
              id: "net-1",
              policy: '{ "b": [1, 2], "a": true }',
              gateway: "2001:DB8::1",
              owner: "alice",
              since: "2024-01-01T01:00:00+01:00",
            });
          },
        },
        {
          // Only the form changes: an update whose result is the new form.
          config: netConfig(
            '{"a":true,"b":[1,2]}',
            "2001:db8:0::1",
            "Alice",
            "2024-01-01T00:00:00Z",
          ),
          check: ({ state }) => {
            assert.equal(values(state).policy, '{"a":true,"b":[1,2]}');
            assert.equal(values(state).gateway, "2001:db8:0::1");
          },
        },
        {
          // A real change: applied, and stored in the configured form.
          config: netConfig('{"a":false}', "10.0.0.1", "bob", "2025-06-01T12:00:00Z"),
          check: ({ state }) => {
            assert.equal(values(state).policy, '{"a":false}');
            assert.equal(values(state).owner, "bob");
          },
        },
      ],
    });
  },
});

Deno.test({
  name: "terraform: a timeouts block limits create, with the error users expect",
  ignore: terraform === undefined,
  fn: async () => {
    await runAcceptance({
      provider,
      steps: [
        {
          config:
            `resource "depth_job" "j" {\n  seconds = 30\n  timeouts {\n    create = "1s"\n  }\n}`,
          expectError: /Error: depth_job: create timed out after 1s[\s\S]*timeouts\.create = "1s"/,
        },
        {
          config:
            `resource "depth_job" "j" {\n  seconds = 30\n  timeouts {\n    create = "1 hour"\n  }\n}`,
          expectError: /Expected a duration such as "30s"/,
        },
        {
          config:
            `resource "depth_job" "j" {\n  seconds = 0\n  timeouts {\n    create = "30s"\n  }\n}`,
          check: ({ state }) => {
            const v = state.resource("depth_job.j").values;
            assert.deepEqual(v.timeouts, { create: "30s" });
          },
        },
      ],
    });
  },
});

/** A state file as Terraform 1.11 writes it, holding one depth_volume at `schemaVersion`. */
function stateFile(schemaVersion: number, attributes: Record<string, unknown>): string {
  return JSON.stringify({
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: "0b6f1a59-2d7f-4b8e-9a49-3f1c1d0e5a11",
    outputs: {},
    resources: [{
      mode: "managed",
      type: "depth_volume",
      name: "v",
      provider: 'provider["example.com/acme/depth"]',
      instances: [{ schema_version: schemaVersion, attributes, sensitive_attributes: [] }],
    }],
    check_results: null,
  });
}

Deno.test({
  name: "terraform: state stored at schema version 0 upgrades to version 2 with typed upgraders",
  ignore: terraform === undefined,
  fn: async () => {
    await runAcceptance({
      provider,
      steps: [
        {
          // State written by the provider's version-0 schema, then planned
          // against a configuration that matches it once upgraded: no changes.
          before: (dir) =>
            Deno.writeTextFile(
              `${dir}/terraform.tfstate`,
              stateFile(0, { id: "vol-legacy", size: "20G" }),
            ),
          config: `resource "depth_volume" "v" {\n  size_gb = 20\n}`,
          check: ({ state, dir }) => {
            assert.deepEqual(state.resource("depth_volume.v").values, {
              id: "vol-legacy",
              size_gb: 20,
              encrypted: false,
            });
            const file = JSON.parse(Deno.readTextFileSync(`${dir}/terraform.tfstate`));
            assert.equal(file.resources[0].instances[0].schema_version, 2);
          },
        },
      ],
    });
  },
});
