// End to end with the real Terraform 1.11.4: create, a clean re-plan (the
// runner fails on any diff, which catches "inconsistent result" and perpetual
// diffs), update in place keeping the id, replacement on a requiresReplace
// change, a data source, an author error shown as a diagnostic, and destroy.
import assert from "node:assert/strict";
import { findTerraform, runAcceptance } from "../../src/testing/mod.ts";

const terraform = await findTerraform().catch(() => undefined);
if (terraform === undefined) console.log("e2e skipped: terraform not found on PATH");
const cloud = Deno.makeTempDirSync({ prefix: "foundry-e2e-cloud-" });

function config(body: string): string {
  return `terraform {
  required_providers {
    example = { source = "example.com/acme/example" }
  }
}
provider "example" {
  dir = ${JSON.stringify(cloud)}
}
${body}`;
}

const server = (attrs: string) => `resource "example_server" "web" {\n${attrs}\n}`;

Deno.test({
  name: "terraform: e2e: the framework's plans and applies satisfy the real Terraform",
  ignore: terraform === undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    let firstId = "";
    try {
      await runAcceptance({
        provider: {
          source: "example.com/acme/example",
          entry: new URL("./fixtures/example_provider.ts", import.meta.url),
        },
        steps: [
          {
            config: config(
              server(`  name = "web"
  tags = { env = "dev" }
  rule { port = 80 }
  rule { port = 443 }`) + `
data "example_echo" "e" { input = example_server.web.id }
output "echo" { value = data.example_echo.e.output }`,
            ),
            check: ({ state }) => {
              const v = state.resource("example_server.web").values;
              firstId = String(v.id);
              assert.match(firstId, /^srv-\d+$/);
              assert.equal(v.size, "small");
              assert.equal((v.rule as { uid: string }[])[1].uid, `${firstId}-r1`);
              assert.equal(
                state.resource("data.example_echo.e").values.output,
                firstId.toUpperCase(),
              );
            },
          },
          {
            config: config(server(`  name = "web"
  tags = { env = "prod" }
  rule { port = 80 }
  rule { port = 443 }`)),
            check: ({ state }) => {
              const v = state.resource("example_server.web").values;
              assert.equal(v.id, firstId, "update in place keeps the id");
              assert.deepEqual(v.tags, { env: "prod" });
            },
          },
          {
            config: config(server(`  name = "web"
  size = "large"
  rule { port = 80 }`)),
            check: ({ state }) => {
              const v = state.resource("example_server.web").values;
              assert.notEqual(v.id, firstId, "a size change replaces the server");
              assert.equal(v.size, "large");
            },
          },
          {
            config: config(server(`  name = "forbidden"`)),
            expectError: /Name not allowed/,
          },
        ],
      });
    } finally {
      Deno.removeSync(cloud, { recursive: true });
    }
  },
});
