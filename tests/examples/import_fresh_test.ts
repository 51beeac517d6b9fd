// Import steps as terraform-plugin-testing runs them: in a fresh state (the
// applied server stays managed; nothing is forgotten by hand), the id taken
// from the previous step's state, by `terraform import` or by an `import`
// block that must plan as an import with no changes.
import assert from "node:assert/strict";
import { runAcceptance, type State } from "../../src/testing/mod.ts";
import { exampleProvider, noTerraform, PROVIDER_BLOCK } from "./example_provider.ts";

const CONFIG = `${PROVIDER_BLOCK}
resource "example_server" "web" {
  name = "web"
  size = "medium"
  tags = { team = "infra" }

  disk {
    size_gb = 8
  }
}
`;

const serverId = (state: State) => String(state.resource("example_server.web").values.id);

Deno.test({
  name: "import steps: fresh state, id from the previous state, command and block",
  ignore: noTerraform,
}, async () => {
  let appliedId = "";
  await runAcceptance({
    provider: exampleProvider,
    steps: [
      { config: CONFIG, check: ({ state }) => void (appliedId = serverId(state)) },
      {
        config: CONFIG,
        importState: { address: "example_server.web", id: serverId },
        check: ({ state, result }) => {
          assert.match(result.stdout, /Import successful!/);
          assert.equal(serverId(state), appliedId);
        },
      },
      {
        config: CONFIG,
        importState: { address: "example_server.web", id: serverId, mode: "block" },
        check: ({ state, result }) => {
          assert.match(result.stdout, /Plan: 1 to import, 0 to add, 0 to change, 0 to destroy/);
          assert.deepEqual(state.resource("example_server.web").values.tags, { team: "infra" });
        },
      },
      // The working state still holds the applied server: nothing to change.
      { config: CONFIG, planOnly: true },
    ],
  });
});

Deno.test({
  name: "import steps: a changing block import fails, an id function needs a prior state",
  ignore: noTerraform,
}, async () => {
  const changed = await runAcceptance({
    provider: exampleProvider,
    steps: [
      { config: CONFIG },
      {
        config: CONFIG.replace(`team = "infra"`, `team = "web"`),
        importState: { address: "example_server.web", id: serverId, mode: "block" },
      },
    ],
  }).catch((e) => e);
  assert.match(String(changed), /step 2: the import plan has changes besides importing/);

  const noPrior = await runAcceptance({
    provider: exampleProvider,
    steps: [{ config: CONFIG, importState: { address: "example_server.web", id: serverId } }],
  }).catch((e) => e);
  assert.match(String(noPrior), /step 1: importState\.id is a function of the previous step's/);
});
