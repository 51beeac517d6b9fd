// Terraform renews an ephemeral resource that is still in use when its
// renewAt passes: the lease below asks for renewal every 700 ms while a
// resource holding it takes three seconds to create.
import assert from "node:assert/strict";
import { findTerraform, runAcceptance } from "../../src/testing/mod.ts";

const terraform = await findTerraform().catch(() => undefined);
if (terraform === undefined) console.log("renew e2e skipped: terraform not found on PATH");

Deno.test({
  name: "terraform: ephemeral: Terraform renews a lease that outlives renewAt, then closes it",
  ignore: terraform === undefined,
  fn: async () => {
    const log = await Deno.makeTempFile({ prefix: "foundry-lease-", suffix: ".log" });
    try {
      await runAcceptance({
        provider: {
          source: "example.com/acme/lease",
          entry: new URL("./fixtures/lease_provider.ts", import.meta.url),
        },
        env: { LEASE_LOG: log },
        steps: [{
          config: `
ephemeral "lease_token" "t" {
  renew_after_ms = 700
}

resource "lease_wait" "w" {
  seconds  = 3
  token_wo = ephemeral.lease_token.t.value
}
`,
          check: () => {
            const events = Deno.readTextFileSync(log).trim().split("\n");
            assert.ok(events.includes("create with token-1"), events.join(", "));
            const renewals = events.filter((e) => e.startsWith("renew ")).length;
            assert.ok(renewals >= 1, `no renewal during a 3 s create: ${events.join(", ")}`);
            // Each renew got the private value the previous renew returned.
            assert.ok(events.includes("renew 2"), events.join(", "));
            // Every open is closed. Terraform 1.11 hands close the private
            // value from open, not the last renew's (documented in ephemeral.ts).
            const opens = events.filter((e) => e === "open").length;
            const closes = events.filter((e) => e.startsWith("close after ")).length;
            assert.equal(opens, closes, events.join(", "));
            assert.ok(events.every((e) => !e.startsWith("close after ") || e === "close after 0"));
          },
        }],
      });
    } finally {
      await Deno.remove(log).catch(() => {});
    }
  },
});
