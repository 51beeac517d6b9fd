// Step kinds against the real Terraform, with the kit fixture provider:
// refresh-only steps, import blocks with generated configuration, steps
// skipped by Terraform version, and the provider's own output when a step
// fails.
import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import {
  expectKnownValue,
  expectNonEmptyPlan,
  expectPlannedValue,
  expectResourceAction,
  runAcceptance,
  type State,
} from "../../src/testing/mod.ts";
import { editItems, kitConfig, kitProvider, noTerraform } from "./kit_fixture.ts";

if (noTerraform) console.error("kit step tests skipped: terraform is not installed");

const idOf = (state: State) => String(state.resource("kit_item.a").values.id);

Deno.test({
  name: "terraform: a refresh-only step takes drift into state without applying",
  ignore: noTerraform,
}, async () => {
  const config = kitConfig({ a: `name = "a"\nvalue = "mine"` });
  let id = "";
  await runAcceptance({
    provider: kitProvider,
    steps: [
      { config, check: ({ state }) => void (id = idOf(state)) },
      {
        config,
        before: (dir) => editItems(dir, (items) => void (items[id].value = "theirs")),
        refreshState: true,
        // The configuration still says "mine": the plan after refresh would put it back.
        expectNonEmptyPlan: true,
        stateChecks: [expectKnownValue("kit_item.a", "value", "theirs")],
        planChecks: {
          postRefresh: [
            expectResourceAction("kit_item.a", "update"),
            expectPlannedValue("kit_item.a", "value", "mine"),
          ],
        },
      },
      // The object was not touched by the refresh: applying puts the value back.
      { config, stateChecks: [expectKnownValue("kit_item.a", "value", "mine")] },
    ],
  });
  // Without expectNonEmptyPlan, the drift left to apply fails the step.
  const err = await runAcceptance({
    provider: kitProvider,
    steps: [
      { config, check: ({ state }) => void (id = idOf(state)) },
      {
        config,
        before: (dir) => editItems(dir, (items) => void (items[id].value = "theirs")),
        refreshState: true,
      },
    ],
  }).catch((e) => e);
  assert.ok(isFoundryError(err, "testing.step_failed"), String(err));
  assert.match(err.message, /^step 2: after refreshing, the plan is not empty/);
});

Deno.test({
  name: "terraform: an import block with generated configuration plans the import cleanly",
  ignore: noTerraform,
}, async () => {
  let generated = "";
  await runAcceptance({
    provider: kitProvider,
    steps: [
      { config: kitConfig({ a: `name = "a"\nvalue = "v"\ntags = ["t"]` }) },
      {
        // The resource is left out: Terraform writes it.
        config: kitConfig({}),
        importState: {
          address: "kit_item.a",
          id: idOf,
          mode: "block",
          generateConfig: true,
        },
        planChecks: { preApply: [expectResourceAction("kit_item.a", "no-op")] },
        stateChecks: [expectKnownValue("kit_item.a", "value", "v")],
        check: ({ generatedConfig }) => void (generated = generatedConfig ?? ""),
      },
    ],
  });
  assert.match(generated, /resource "kit_item" "a" \{/);
  assert.match(generated, /name\s+= "a"/);
  assert.match(generated, /value\s+= "v"/);
  assert.match(generated, /zone\s+= "a"/);
  assert.doesNotMatch(generated, /revision/, "computed-only attributes are not generated");

  // With the resource still in the configuration, Terraform refuses to generate.
  const err = await runAcceptance({
    provider: kitProvider,
    steps: [
      { config: kitConfig({ a: `name = "a"` }) },
      {
        config: kitConfig({ a: `name = "a"` }),
        importState: { address: "kit_item.a", id: idOf, mode: "block", generateConfig: true },
      },
    ],
  }).catch((e) => e);
  assert.ok(isFoundryError(err, "testing.import_not_planned"), String(err));
  assert.match(
    err.message,
    /^step 2: terraform plan -generate-config-out wrote no configuration for kit_item\.a; leave the resource out/,
  );
});

Deno.test({
  name: "terraform: steps outside the Terraform version range are skipped with a line",
  ignore: noTerraform,
}, async () => {
  const lines: string[] = [];
  await runAcceptance({
    provider: kitProvider,
    log: (l) => lines.push(l),
    steps: [
      { config: kitConfig({ a: `name = "a"` }) },
      // Both would fail if they ran.
      { config: "not hcl {", terraformVersion: { atLeast: "99.0.0" } },
      { config: "not hcl {", terraformVersion: { below: "1.0.0" } },
      {
        config: kitConfig({ a: `name = "b"` }),
        terraformVersion: { atLeast: "1.5.0", below: "99.0.0" },
        stateChecks: [expectKnownValue("kit_item.a", "name", "b")],
      },
    ],
  });
  assert.equal(lines.length, 2, lines.join("\n"));
  assert.match(
    lines[0],
    /^acceptance: step 2 skipped: needs Terraform >= 99\.0\.0, running 1\.\d+\.\d+$/,
  );
  assert.match(
    lines[1],
    /^acceptance: step 3 skipped: needs Terraform < 1\.0\.0, running 1\.\d+\.\d+$/,
  );
});

Deno.test({
  name: "terraform: a failing step shows what the provider printed on stderr",
  ignore: noTerraform,
}, async () => {
  const err = await runAcceptance({
    provider: kitProvider,
    steps: [{ config: kitConfig({ a: `name = "a"\nfail = "disk on fire"` }) }],
  }).catch((e) => e);
  assert.ok(isFoundryError(err, "testing.step_failed"), String(err));
  assert.match(err.message, /^step 1: apply failed/);
  assert.match(err.message, /create failed: disk on fire/, "Terraform's diagnostic");
  const [, provider] = err.message.split("--- the provider's output during the command ---\n");
  assert.ok(provider !== undefined, err.message);
  assert.match(provider, /kit: refusing to create a: disk on fire/);
  // Its console.log came over GRPCStdio: Terraform's core log, quoted too.
  assert.match(provider, /\[STDOUT\] kit: stdout says disk on fire/);

  // Also on an update, after a step that succeeded.
  const later = await runAcceptance({
    provider: kitProvider,
    steps: [
      { config: kitConfig({ a: `name = "a"` }) },
      {
        config: kitConfig({ a: `name = "a"\nfail = "quota"` }),
        planChecks: { preApply: [expectNonEmptyPlan()] },
      },
    ],
  }).catch((e) => e);
  assert.match(later.message, /^step 2: apply failed/);
  assert.match(later.message, /kit: refusing to update item-[0-9a-f]{8}: quota/);
});

Deno.test("step options: misspelt and impossible options are refused before anything runs", async () => {
  const provider = { source: "example.com/test/kit", command: "/nonexistent" };
  const cases: [unknown, RegExp][] = [
    [
      { config: "", planCheck: {} },
      /^step 1: unknown option `planCheck` — did you mean `planChecks`\?$/,
    ],
    [
      { config: "", planChecks: { preaply: [] } },
      /^step 1: planChecks: unknown option `preaply` — did you mean `preApply`\?$/,
    ],
    [
      { config: "", refreshState: true, planOnly: true },
      /planOnly and refreshState cannot be combined/,
    ],
    [
      { config: "", planChecks: { postRefresh: [] } },
      /postRefresh runs in refreshState steps only/,
    ],
    [
      { config: "", importState: { address: "a.b", id: "x", generateconfig: true } },
      /importState: unknown option `generateconfig` — did you mean `generateConfig`\?/,
    ],
  ];
  for (const [step, want] of cases) {
    const err = await runAcceptance({
      provider,
      steps: [step as Parameters<typeof runAcceptance>[0]["steps"][number]],
      terraform: "/nonexistent/terraform",
    }).catch((e) => e);
    assert.ok(isFoundryError(err), String(err));
    assert.match(err.message, want);
  }
});
