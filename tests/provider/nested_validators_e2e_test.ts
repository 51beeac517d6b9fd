// Validators of nested attributes and blocks under the real Terraform
// (fixtures/nested_validators_provider.ts): Terraform quotes the argument
// each diagnostic's path names, inside the right block, and a valid
// configuration applies cleanly.
import assert from "node:assert/strict";
import { findTerraform, runAcceptance } from "../../src/testing/mod.ts";

const terraform = await findTerraform().catch(() => undefined);
if (terraform === undefined) {
  console.log("nested validators e2e skipped: terraform not found on PATH");
}

const provider = {
  source: "example.com/acme/nv",
  entry: new URL("./fixtures/nested_validators_provider.ts", import.meta.url),
};

Deno.test({
  name: "terraform: nested validators point Terraform at the block's argument",
  ignore: terraform === undefined,
  fn: async () => {
    await runAcceptance({
      provider,
      steps: [
        {
          config: `
resource "nv_firewall" "a" {
  name = "web"
  rule {
    port = 80
  }
  rule {
    port = 443
    from = 1
  }
}`,
          // The second block's argument: Terraform quotes the line it names.
          expectError:
            /line 9, in resource "nv_firewall" "a":\n +9: +from = 1\n\nThese attributes cannot be set together: "rule\[1\]\.port", "rule\[1\]\.from"\./,
        },
        {
          config: `
resource "nv_firewall" "a" {
  name = "web"
  rule {
    from = 9
    to   = 2
  }
  users = {
    ann = { role = "admin" }
    Bob = { role = "viewer" }
  }
  ingress {
    to = 5
  }
}`,
          // The typed check names "to" inside the block, the key validator the
          // map element; a set's blocks have no address, so Terraform shows the
          // resource and the detail names the set.
          expectError: new RegExp(
            [
              /At least one of "ingress\[\*\]\.port", "ingress\[\*\]\.from" must be set\./,
              /line 6, in resource "nv_firewall" "a":\n +6: +to += 2\n\nfrom \(9\) is greater than to \(2\)\./,
              /line 10, in resource "nv_firewall" "a":\n +10: +Bob = \{ role = "viewer" \}\n\nExpected a lower-case user name, got "Bob"\./,
            ].map((r) => r.source).join("[^]*"),
          ),
        },
        {
          config: `
resource "nv_firewall" "a" {
  name = "web"
  rule {
    port = 80
  }
  rule {
    port = 81
  }
  rule {
    port = 82
  }
}`,
          // A path naming blocks as a whole: Terraform shows the resource (as it
          // does for terraform-plugin-framework's block validators).
          expectError:
            /line 2, in resource "nv_firewall" "a":\n +2: resource "nv_firewall" "a" \{\n\nExpected at most 2 elements, got 3\./,
        },
        {
          config: `
resource "nv_firewall" "a" {
  name = "web"
  rule {
    from = 1
    to   = 2
  }
  users = {
    ann = { role = "admin" }
  }
  ingress {
    port = 22
  }
}`,
          check: ({ state }) => assert.equal(state.resource("nv_firewall.a").values.id, "fw-web"),
        },
      ],
    });
  },
});
