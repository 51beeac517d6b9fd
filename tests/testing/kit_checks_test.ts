// Plan and state checks against the real Terraform, with the kit fixture
// provider: each moment's plan (before apply, after apply before and after
// refresh) and typed state matchers, then what a failing check says.
import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import {
  compareValue,
  contains,
  expectKnownValue,
  expectResourceAction,
  runAcceptance,
} from "../../src/testing/mod.ts";
import { kitConfig, kitProvider, lifecycleSteps, noTerraform } from "./kit_fixture.ts";

if (noTerraform) console.error("kit check tests skipped: terraform is not installed");

Deno.test({
  name: "terraform: plan checks per moment and state checks across create, update, replace",
  ignore: noTerraform,
}, async () => {
  await runAcceptance({ provider: kitProvider, steps: lifecycleSteps() });
});

Deno.test({
  name: "terraform: a failing plan check names step, resource, expected and actual action",
  ignore: noTerraform,
}, async () => {
  const err = await runAcceptance({
    provider: kitProvider,
    steps: [
      { config: kitConfig({ a: `name = "a"` }) },
      {
        config: kitConfig({ a: `name = "a"\nzone = "b"` }),
        planChecks: { preApply: [expectResourceAction("kit_item.a", "update")] },
      },
    ],
  }).catch((e) => e);
  assert.ok(isFoundryError(err, "testing.check_failed"), String(err));
  assert.equal(
    err.message,
    "step 2 (plan before apply): kit_item.a: expected action update, got replace (forced by zone)",
  );
  assert.deepEqual(
    { step: err.context.step, subject: err.context.subject },
    { step: 1, subject: "kit_item.a" },
  );
});

Deno.test({
  name: "terraform: failing state checks name the attribute, both values and the step",
  ignore: noTerraform,
}, async () => {
  const idKept = compareValue("unchanged");
  const replaced = await runAcceptance({
    provider: kitProvider,
    steps: [
      { config: kitConfig({ a: `name = "a"` }), stateChecks: [idKept.check("kit_item.a", "id")] },
      {
        config: kitConfig({ a: `name = "a"\nzone = "c"` }),
        stateChecks: [idKept.check("kit_item.a", "id")],
      },
    ],
  }).catch((e) => e);
  assert.ok(isFoundryError(replaced, "testing.check_failed"), String(replaced));
  assert.match(
    replaced.message,
    /^step 2 \(state after apply\): kit_item\.a: attribute id: expected "item-[0-9a-f]{8}" \(unchanged since step 1\), got "item-[0-9a-f]{8}"$/,
  );

  const wrong = await runAcceptance({
    provider: kitProvider,
    steps: [{
      config: kitConfig({ a: `name = "a"\ntags = ["x"]` }),
      stateChecks: [expectKnownValue("kit_item.a", "tags", contains("y"))],
    }],
  }).catch((e) => e);
  assert.equal(
    wrong.message,
    'step 1 (state after apply): kit_item.a: attribute tags: expected a set or list containing "y", got ["x"]',
  );

  const missing = await runAcceptance({
    provider: kitProvider,
    steps: [{
      config: kitConfig({ a: `name = "a"` }),
      stateChecks: [expectKnownValue("kit_item.b", "name", "b")],
    }],
  }).catch((e) => e);
  assert.equal(
    missing.message,
    'step 1 (state after apply): kit_item.b: expected "b", got no kit_item.b in state (it has: kit_item.a)',
  );
});
