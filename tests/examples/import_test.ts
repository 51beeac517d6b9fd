// `terraform import` against the example provider: a server Terraform has
// forgotten is imported by name, matches what was applied, and plans clean;
// an unknown id is an error naming it.
import assert from "node:assert/strict";
import { runAcceptance } from "../../src/testing/mod.ts";
import { exampleProvider, forgetInState, noTerraform, PROVIDER_BLOCK } from "./example_provider.ts";

const CONFIG = `${PROVIDER_BLOCK}
resource "example_server" "web" {
  name           = "web"
  size           = "large"
  admin_password = "s3cret-for-import"
  tags           = { team = "infra" }

  disk {
    size_gb = 8
    label   = "root"
  }
  disk {
    size_gb = 100
  }
}
`;

Deno.test({
  name: "terraform: example_server import: by name, verified, then a clean plan",
  ignore: noTerraform,
}, async () => {
  let appliedId = "";
  await runAcceptance({
    provider: exampleProvider,
    steps: [
      {
        config: CONFIG,
        check: ({ state }) => {
          appliedId = String(state.resource("example_server.web").values.id);
        },
      },
      {
        // Terraform forgets the server; importing an id that does not exist fails.
        config: CONFIG,
        before: (dir) => forgetInState(dir, "example_server", "web"),
        importState: { address: "example_server.web", id: "srv-missing" },
        expectError: /no server with id or name "srv-missing"/,
      },
      {
        // Import by name; the runner compares every attribute with step 1's state.
        config: CONFIG,
        importState: {
          address: "example_server.web",
          id: "web",
          persist: true, // into the working state, which forgot it: step 4 plans with it
          verify: true,
          ignore: ["admin_password"],
        },
        check: ({ state, result }) => {
          assert.match(result.stdout, /Import successful!/);
          const v = state.resource("example_server.web").values;
          assert.equal(v.id, appliedId);
          assert.deepEqual(v.tags, { team: "infra" });
          assert.equal(v.disk && (v.disk as unknown[]).length, 2);
        },
      },
      // The imported state is complete: nothing to change.
      { config: CONFIG, planOnly: true },
    ],
  });
});
