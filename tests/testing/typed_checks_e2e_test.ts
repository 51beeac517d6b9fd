// Checks with paths typed from the schema, under the real Terraform: the
// typed configuration block of a resource is the address its plan and
// state checks are typed from (fixture: tests/provider/fixtures/
// nested_validators_provider.ts).
import {
  compareValue,
  expectKnownValue,
  expectPlannedValue,
  expectResourceAction,
  expectUnknownValue,
  findTerraform,
  resource,
  runAcceptance,
} from "../../src/testing/mod.ts";
import { firewall } from "../provider/fixtures/nested_validators_provider.ts";

const terraform = await findTerraform().catch(() => undefined);
if (terraform === undefined) console.log("typed checks e2e skipped: terraform not found on PATH");

const provider = {
  source: "example.com/acme/nv",
  entry: new URL("../provider/fixtures/nested_validators_provider.ts", import.meta.url),
};

Deno.test({
  name: "terraform: plan and state checks typed from the resource's schema",
  ignore: terraform === undefined,
  fn: async () => {
    const config = (from: number) =>
      resource(firewall, "a", {
        name: "web",
        rule: [{ from, to: 100 }],
        users: { ann: { role: "admin" } },
        ingress: [{ port: 22 }],
      });
    const first = config(1);
    const idKept = compareValue("unchanged");
    await runAcceptance({
      provider,
      steps: [
        {
          config: [first],
          planChecks: {
            preApply: [
              expectResourceAction(first, "create"),
              expectUnknownValue(first, "id"),
              expectPlannedValue(first, "rule.0.from", 1),
              expectPlannedValue(first, ["users", "ann", "role"], "admin"),
            ],
          },
          stateChecks: [
            expectKnownValue(first, "id", "fw-web"),
            expectKnownValue(first, "ingress.0.port", 22),
            idKept.check(first, "id"),
          ],
        },
        {
          config: [config(5)],
          planChecks: { preApply: [expectResourceAction(first, "update")] },
          stateChecks: [expectKnownValue(first, "rule.0.from", 5), idKept.check(first, "id")],
        },
      ],
    });
  },
});
