// The in-process runner: the very steps the real-Terraform tests run
// (kit_checks_test.ts) pass without Terraform, failures read the same, and
// what it cannot check or run is said, not skipped silently.
import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import { defineProvider, defineResource, s } from "../../src/provider/mod.ts";
import {
  compareValue,
  expectKnownValue,
  expectPlannedValue,
  expectResourceAction,
  runInProcess,
  type State,
} from "../../src/testing/mod.ts";
import { provider as kit } from "./fixtures/kit_provider.ts";
import { editItems, kitConfig, lifecycleSteps } from "./kit_fixture.ts";

const quiet = { log: () => {} };
const idOf = (state: State) => String(state.resource("kit_item.a").values.id);

Deno.test("in process: the lifecycle steps of the Terraform test pass, and everything is destroyed", async () => {
  let store = "";
  const report = await runInProcess({
    provider: kit,
    steps: lifecycleSteps(),
    checkDestroy: ({ dir }) => {
      store = Deno.readTextFileSync(`${dir}/.kit/items.json`);
    },
    ...quiet,
  });
  assert.deepEqual(report.notChecked, []);
  assert.equal(store.trim(), "{}");
});

Deno.test("in process: failing checks read exactly as under Terraform", async () => {
  const err = await runInProcess({
    provider: kit,
    steps: [
      { config: kitConfig({ a: `name = "a"` }) },
      {
        config: kitConfig({ a: `name = "a"\nzone = "b"` }),
        planChecks: { preApply: [expectResourceAction("kit_item.a", "update")] },
      },
    ],
    ...quiet,
  }).catch((e) => e);
  // The same text kit_checks_test.ts asserts for the real Terraform.
  assert.equal(
    err.message,
    "step 2 (plan before apply): kit_item.a: expected action update, got replace (forced by zone)",
  );
  const idKept = compareValue("unchanged");
  const replaced = await runInProcess({
    provider: kit,
    steps: [
      { config: kitConfig({ a: `name = "a"` }), stateChecks: [idKept.check("kit_item.a", "id")] },
      {
        config: kitConfig({ a: `name = "a"\nzone = "c"` }),
        stateChecks: [idKept.check("kit_item.a", "id")],
      },
    ],
    ...quiet,
  }).catch((e) => e);
  assert.ok(isFoundryError(replaced, "testing.check_failed"), String(replaced));
  assert.match(
    replaced.message,
    /^step 2 \(state after apply\): kit_item\.a: attribute id: expected "item-[0-9a-f]{8}" \(unchanged since step 1\), got "item-[0-9a-f]{8}"$/,
  );
});

Deno.test("in process: refresh-only steps, drift and the plan after refresh", async () => {
  const config = kitConfig({ a: `name = "a"\nvalue = "mine"` });
  let id = "";
  await runInProcess({
    provider: kit,
    steps: [
      { config, check: ({ state }) => void (id = idOf(state)) },
      {
        config,
        before: (dir) => editItems(dir, (items) => void (items[id].value = "theirs")),
        refreshState: true,
        expectNonEmptyPlan: true,
        stateChecks: [expectKnownValue("kit_item.a", "value", "theirs")],
        planChecks: {
          postRefresh: [
            expectResourceAction("kit_item.a", "update"),
            expectPlannedValue("kit_item.a", "value", "mine"),
          ],
        },
      },
      { config, stateChecks: [expectKnownValue("kit_item.a", "value", "mine")] },
    ],
    ...quiet,
  });
});

Deno.test("in process: imports by command and block; generated configuration is reported as not checked", async () => {
  const lines: string[] = [];
  const report = await runInProcess({
    provider: kit,
    log: (l) => lines.push(l),
    steps: [
      { config: kitConfig({ a: `name = "a"\nvalue = "v"` }) },
      {
        config: kitConfig({ a: `name = "a"\nvalue = "v"` }),
        importState: { address: "kit_item.a", id: idOf },
      },
      {
        config: kitConfig({ a: `name = "a"\nvalue = "v"` }),
        importState: { address: "kit_item.a", id: idOf, mode: "block" },
        planChecks: { preApply: [expectResourceAction("kit_item.a", "no-op")] },
      },
      {
        config: kitConfig({}),
        importState: { address: "kit_item.a", id: idOf, mode: "block", generateConfig: true },
      },
    ],
  });
  assert.equal(report.notChecked.length, 1);
  assert.match(
    report.notChecked[0],
    /^step 4: importState\.generateConfig: .*needs terraform plan -generate-config-out/,
  );
  assert.deepEqual(lines, [`in process: ${report.notChecked[0]}`]);

  const err = await runInProcess({
    provider: kit,
    steps: [
      { config: kitConfig({ a: `name = "a"` }) },
      {
        config: kitConfig({ a: `name = "a"` }),
        importState: { address: "kit_item.a", id: "item-nope" },
      },
    ],
    ...quiet,
  }).catch((e) => e);
  assert.match(err.message, /^step 2: the step failed \(in process\)\nError: kit_item: /);
  assert.match(err.message, /no kit_item with id "item-nope"/);
});

Deno.test("in process: expectError sees the provider's and HCL's diagnostics", async () => {
  await runInProcess({
    provider: kit,
    steps: [
      {
        config: kitConfig({ a: `name = "a"\nfail = "disk on fire"` }),
        expectError: /create failed: disk on fire/,
      },
      { config: kitConfig({ a: `nope = 1` }), expectError: /Unsupported argument/ },
      { config: kitConfig({ a: `name = "a"` }) },
    ],
    ...quiet,
  });
  const err = await runInProcess({
    provider: kit,
    steps: [{ config: kitConfig({ a: `name = "a"` }), expectError: /anything/ }],
    ...quiet,
  }).catch((e) => e);
  assert.match(
    err.message,
    /^step 1: expected an error matching \/anything\/ but the step succeeded/,
  );
});

Deno.test("in process: what needs Terraform is refused with the construct named", async () => {
  for (
    const [extra, want] of [
      [
        `variable "x" {}\n`,
        /step 1: `variable` blocks need Terraform; run this test with runAcceptance/,
      ],
      [`resource "kit_item" "b" {\n  count = 2\n  name = "b"\n}\n`, /the `count` meta-argument/],
      [`resource "kit_item" "b" {\n  name = var.x\n}\n`, /references to var\.\*/],
      [`resource "terraform_data" "b" {}\n`, /resources of other providers \(terraform_data\)/],
    ] as const
  ) {
    const err = await runInProcess({
      provider: kit,
      steps: [{ config: kitConfig({ a: `name = "a"` }, extra) }],
      ...quiet,
    }).catch((e) => e);
    assert.ok(isFoundryError(err, "testing.in_process_unsupported"), String(err));
    assert.match(err.message, want);
  }
});

Deno.test("in process: a perpetual diff and a changed planned value are caught", async () => {
  let n = 0;
  const drifting = defineProvider({
    typeName: "drift",
    resources: [defineResource({
      typeName: "drift_thing",
      schema: s.resource({ id: s.string({ computed: true }), name: s.string({ required: true }) }),
      create: ({ plan }) => ({ ...plan, id: "d-1" }),
      // Reads back a name that differs from the configuration every time.
      read: ({ state }) => ({ ...state, name: `${state.name}-${++n}` }),
      update: ({ plan, state }) => ({ ...plan, id: state.id }),
      delete: () => {},
    })],
  });
  const err = await runInProcess({
    provider: drifting,
    steps: [{ config: `resource "drift_thing" "a" {\n  name = "x"\n}\n` }],
    ...quiet,
  }).catch((e) => e);
  assert.match(
    err.message,
    /^step 1: after applying, a new plan is not empty \(perpetual diff\) \(in process\)\n {2}drift_thing\.a: update: id "d-1" -> \(known after apply\); name "x-1" -> "x"$/,
  );

  const liar = defineProvider({
    typeName: "liar",
    resources: [defineResource({
      typeName: "liar_thing",
      schema: s.resource({ id: s.string({ computed: true }), name: s.string({ required: true }) }),
      create: ({ plan }) => ({ ...plan, id: "l-1", name: plan.name.toUpperCase() }),
      read: ({ state }) => state,
      update: ({ plan, state }) => ({ ...plan, id: state.id }),
      delete: () => {},
    })],
  });
  const lie = await runInProcess({
    provider: liar,
    steps: [{ config: `resource "liar_thing" "a" {\n  name = "x"\n}\n` }],
    ...quiet,
  }).catch((e) => e);
  assert.ok(isFoundryError(lie, "testing.step_failed"), String(lie));
  // Foundry's engine refuses the changed value itself; the runner fails the step with it.
  assert.match(
    lie.message,
    /^step 1: the step failed \(in process\)\nError: liar_thing: create changed "name" from its planned value/,
  );
  assert.match(lie.message, /Planned "x", but create returned "X"/);
});

Deno.test("in process: references between resources and data flow in dependency order", async () => {
  const report = await runInProcess({
    provider: kit,
    steps: [{
      config: kitConfig({
        b: `name = "copy of \${kit_item.a.id}"\nvalue = upper(kit_item.a.value)`,
        a: `name = "a"\nvalue = "v"`,
      }, `output "b_name" {\n  value = kit_item.b.name\n}\n`),
      planChecks: {
        preApply: [
          expectResourceAction("kit_item.b", "create"),
          expectPlannedValue("kit_item.b", "value", "V"),
        ],
      },
      check: ({ state }) => {
        assert.equal(state.resource("kit_item.b").values.name, `copy of ${idOf(state)}`);
        assert.equal(state.output("b_name"), `copy of ${idOf(state)}`);
      },
    }],
    ...quiet,
  });
  assert.deepEqual(report.notChecked, []);
});
