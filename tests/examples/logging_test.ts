// With TF_LOG=debug, Terraform relays the provider's own log lines: they
// reach it as hclog JSON on stderr and come out under the provider's name,
// with the author's fields.
import assert from "node:assert/strict";
import { runAcceptance } from "../../src/testing/mod.ts";
import { exampleProvider, noTerraform, PROVIDER_BLOCK } from "./example_provider.ts";

Deno.test({
  name: "terraform: TF_LOG=debug shows the provider's log line under its name",
  ignore: noTerraform,
}, async () => {
  await runAcceptance({
    provider: exampleProvider,
    env: { TF_LOG: "debug" },
    steps: [{
      config: `${PROVIDER_BLOCK}
resource "example_server" "logged" {
  name = "logged"
}
`,
      check: ({ state, result }) => {
        const id = String(state.resource("example_server.logged").values.id);
        const line = result.stderr.split("\n").find((l) => l.includes("server created"));
        assert.ok(line, "no 'server created' line in terraform's debug log");
        // e.g. `2026-...Z [INFO]  provider.terraform-provider-example: server created: id=srv-… name=logged …`
        assert.match(
          line,
          /^\S+ \[INFO\]\s+provider\.terraform-provider-example: server created: /,
        );
        assert.ok(line.includes(`id=${id}`), line);
        assert.ok(line.includes("name=logged"), line);
        // The provider's logs are hclog JSON, not raw text Terraform had to pass through.
        assert.ok(!result.stderr.includes(`"@message":"server created"`), "raw JSON leaked");
      },
    }],
  });
});
