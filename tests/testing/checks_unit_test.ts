// Plan and state checks on hand-made documents in the shape of
// `terraform show -json`: each failure's words, without running Terraform
// (the kit_*_test.ts files run the same checks on Terraform's own output).
import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import {
  actionOf,
  compareValue,
  contains,
  expectEmptyPlan,
  expectKnownOutputValue,
  expectKnownValue,
  expectNoResource,
  expectPlannedValue,
  expectResourceAction,
  expectSensitiveValue,
  expectUnknownValue,
  notNull,
  parsePlan,
  parseState,
  partial,
  sizeOf,
} from "../../src/testing/mod.ts";

const scope = { step: 2, phase: "plan before apply" };
const stateScope = { step: 0, phase: "state after apply" };

function failure(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    assert.ok(isFoundryError(e, "testing.check_failed"), String(e));
    return e.message;
  }
  assert.fail("the check passed");
}

const plan = parsePlan(JSON.stringify({
  resource_changes: [
    {
      address: "kit_item.a",
      change: {
        actions: ["update"],
        before: { id: "i-1", revision: 1, tags: ["a"] },
        after: { id: "i-1", revision: null, tags: ["a", "b"] },
        after_unknown: { revision: true, tags: [false, false] },
      },
    },
    { address: "kit_item.b", change: { actions: ["no-op"], before: {}, after: {} } },
    { address: "kit_item.c", change: { actions: ["create", "delete"], before: {}, after: {} } },
    { address: "data.kit_x.d", change: { actions: ["read"], before: null, after: {} } },
  ],
  output_changes: { o: { actions: ["create"] } },
}));

Deno.test("plan: actions by their test names; unknown action lists refused", () => {
  assert.deepEqual(plan.changes.map((c) => c.action), ["update", "no-op", "replace", "read"]);
  assert.deepEqual(plan.change("kit_item.c")?.actions, ["create", "delete"]);
  assert.equal(plan.outputChanges.o, "create");
  assert.throws(() => actionOf(["explode"]), /unexpected action list \[explode\]/);
  assert.equal(parsePlan("{}").hasChanges, false);
  assert.throws(() => parsePlan("{"), /invalid JSON/);
});

Deno.test("plan checks: each failure names step, moment, resource, expected and actual", () => {
  assert.equal(
    failure(() => expectResourceAction("kit_item.b", "destroy").check(plan, scope)),
    "step 3 (plan before apply): kit_item.b: expected action destroy, got no-op",
  );
  assert.equal(
    failure(() => expectResourceAction("kit_item.z", "create").check(plan, scope)),
    "step 3 (plan before apply): kit_item.z: expected action create, got no change for kit_item.z " +
      "in the plan (it has: kit_item.a, kit_item.b, kit_item.c, data.kit_x.d)",
  );
  assert.equal(
    failure(() => expectEmptyPlan().check(plan, scope)),
    "step 3 (plan before apply): the plan: expected no changes, got changes to kit_item.a (update), " +
      "kit_item.c (replace), data.kit_x.d (read), output.o (create)",
  );
  assert.equal(
    failure(() => expectUnknownValue("kit_item.a", "id").check(plan, scope)),
    'step 3 (plan before apply): kit_item.a: attribute id: expected an unknown value, got known "i-1"',
  );
  expectUnknownValue("kit_item.a", "revision").check(plan, scope);
  expectPlannedValue("kit_item.a", "tags", contains("b")).check(plan, scope);
  assert.equal(
    failure(() => expectPlannedValue("kit_item.a", "tags.5", "x").check(plan, scope)),
    'step 3 (plan before apply): kit_item.a: attribute tags[5]: expected "x", got tags has 2 elements, no [5]',
  );
});

const state = parseState(JSON.stringify({
  values: {
    outputs: { o: { value: { a: 1 }, sensitive: false } },
    root_module: {
      resources: [{
        address: "kit_item.a",
        mode: "managed",
        type: "kit_item",
        name: "a",
        values: { id: "i-1", tags: { "team.name": "x" }, disk: [{ size: 1 }], pw: "s" },
        sensitive_values: { pw: true },
      }],
    },
  },
}));

Deno.test("state checks: paths, matchers and their failures", () => {
  expectKnownValue("kit_item.a", ["tags", "team.name"], "x").check(state, stateScope);
  expectKnownValue("kit_item.a", "disk.0", partial({ size: 1 })).check(state, stateScope);
  expectKnownValue("kit_item.a", "disk", sizeOf(1)).check(state, stateScope);
  expectKnownOutputValue("o", partial({ a: notNull() })).check(state, stateScope);
  expectSensitiveValue("kit_item.a", "pw").check(state, stateScope);
  expectNoResource("kit_item.b").check(state, stateScope);
  assert.equal(
    failure(() => expectKnownValue("kit_item.a", "tags.team", "x").check(state, stateScope)),
    'step 1 (state after apply): kit_item.a: attribute tags.team: expected "x", got tags has no ' +
      'attribute or key "team" — did you mean "team.name"? (has: team.name)',
  );
  assert.equal(
    failure(() =>
      expectKnownValue("kit_item.a", "disk.0", partial({ size: 2 })).check(state, stateScope)
    ),
    'step 1 (state after apply): kit_item.a: attribute disk[0]: expected an object with size = 2, got {"size":1}',
  );
  assert.equal(
    failure(() => expectSensitiveValue("kit_item.a", "id").check(state, stateScope)),
    "step 1 (state after apply): kit_item.a: attribute id: expected a sensitive value, got a value not marked sensitive",
  );
  assert.equal(
    failure(() => expectNoResource("kit_item.a").check(state, stateScope)),
    'step 1 (state after apply): kit_item.a: expected no such resource in state, got kit_item.a with id "i-1"',
  );
});

Deno.test("compareValue: changed fails on an equal value; bad comparisons refused", () => {
  const changed = compareValue("changed");
  changed.check("kit_item.a", "id").check(state, { step: 0, phase: "state after apply" });
  assert.equal(
    failure(() =>
      changed.check("kit_item.a", "id").check(state, { step: 1, phase: "state after apply" })
    ),
    'step 2 (state after apply): kit_item.a: attribute id: expected a value other than "i-1" (set in step 1), got "i-1"',
  );
  assert.throws(
    () => compareValue("same" as "changed"),
    /unknown comparison "same"; use "unchanged" or "changed"/,
  );
});
