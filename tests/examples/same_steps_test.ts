// One list of steps, two runners: the example provider's server replaced
// and the file that names its address updated, with plan and state checks,
// in process (no Terraform, a fraction of a second) and under the real
// Terraform. Both must pass, so the in-process runner cannot drift from
// what Terraform does for these steps unnoticed.
import assert from "node:assert/strict";
import { provider } from "../../examples/provider/main.ts";
import {
  type AcceptanceStep,
  compareValue,
  expectKnownOutputValue,
  expectKnownValue,
  expectResourceAction,
  expectUnknownValue,
  matches,
  runAcceptance,
  runInProcess,
} from "../../src/testing/mod.ts";
import { exampleProvider, noTerraform, PROVIDER_BLOCK, readServers } from "./example_provider.ts";

function config(size: string): string {
  return `${PROVIDER_BLOCK}
resource "example_server" "web" {
  name = "web"
  size = "${size}"
  tags = { env = "dev" }
}

resource "example_file" "motd" {
  path    = "motd"
  content = "web is at \${example_server.web.ip_address}"
}
`;
}

function steps(): AcceptanceStep[] {
  const id = compareValue("changed");
  const motd = compareValue("unchanged");
  return [
    {
      config: config("small"),
      planChecks: {
        preApply: [
          expectResourceAction("example_server.web", "create"),
          expectUnknownValue("example_file.motd", "content"),
        ],
      },
      stateChecks: [
        expectKnownValue("example_server.web", "ip_address", matches(/^10\.\d+\.\d+\.\d+$/)),
        expectKnownValue("example_server.web", "tags", { env: "dev" }),
        id.check("example_server.web", "id"),
        motd.check("example_file.motd", "id"),
      ],
    },
    {
      config: config("large"),
      planChecks: {
        preApply: [
          expectResourceAction("example_server.web", "replace"),
          // The content names the new server's address, unknown until it exists.
          expectResourceAction("example_file.motd", "update"),
          expectUnknownValue("example_file.motd", "content"),
        ],
      },
      stateChecks: [id.check("example_server.web", "id"), motd.check("example_file.motd", "id")],
      check: ({ state, dir }) => {
        const web = state.resource("example_server.web").values;
        assert.deepEqual(Object.keys(readServers(dir)), [web.id]);
        assert.equal(
          state.resource("example_file.motd").values.content,
          `web is at ${web.ip_address}`,
        );
      },
    },
  ];
}

Deno.test("in process: the example server replaced, its file updated", async () => {
  const report = await runInProcess({ provider, steps: steps(), log: () => {} });
  assert.deepEqual(report.notChecked, []);
});

Deno.test({
  name: "terraform: the same steps under the real Terraform",
  ignore: noTerraform,
}, async () => {
  await runAcceptance({ provider: exampleProvider, steps: steps() });
});

function lookupConfig(env: string): string {
  return `${PROVIDER_BLOCK}
resource "example_server" "web" {
  name = "web"
  tags = { env = "${env}" }
}

data "example_server" "web" {
  name = example_server.web.name
}

output "looked_up" {
  value = data.example_server.web.tags
}
`;
}

function lookupSteps(): AcceptanceStep[] {
  // The data source depends on a server with changes pending: Terraform reads it during apply.
  const deferred = [
    expectResourceAction("example_server.web", "update"),
    expectResourceAction("data.example_server.web", "read"),
  ];
  return [
    {
      config: lookupConfig("dev"),
      planChecks: {
        preApply: [
          expectResourceAction("example_server.web", "create"),
          expectResourceAction("data.example_server.web", "read"),
        ],
      },
      stateChecks: [expectKnownOutputValue("looked_up", { env: "dev" })],
    },
    {
      config: lookupConfig("prod"),
      planChecks: { preApply: deferred },
      stateChecks: [
        expectKnownOutputValue("looked_up", { env: "prod" }),
        expectKnownValue("data.example_server.web", "tags", { env: "prod" }),
      ],
    },
  ];
}

Deno.test("in process: a data source waits for the server it looks up", async () => {
  await runInProcess({ provider, steps: lookupSteps(), log: () => {} });
});

Deno.test({
  name: "terraform: a data source waits for the server it looks up",
  ignore: noTerraform,
}, async () => {
  await runAcceptance({ provider: exampleProvider, steps: lookupSteps() });
});
