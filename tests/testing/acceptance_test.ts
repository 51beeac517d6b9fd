// The runner is exercised here against the real Terraform with only its
// built-in `terraform_data` resource, so these tests prove the runner itself;
// the example provider's acceptance tests prove it with a Foundry provider.
import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import { findTerraform, runAcceptance } from "../../src/testing/mod.ts";

const terraform = await findTerraform();
const ignore = terraform === undefined;
if (ignore) console.error("acceptance runner tests skipped: terraform is not installed");

const provider = { source: "example.com/test/unused", command: "/bin/false" };

Deno.test({ name: "terraform: apply, check state and outputs, then destroy", ignore }, async () => {
  let sawDir = "";
  await runAcceptance({
    provider,
    steps: [
      {
        config:
          `resource "terraform_data" "a" { input = "one" }\noutput "o" { value = terraform_data.a.output }`,
        check: ({ state, dir }) => {
          sawDir = dir;
          assert.equal(state.resource("terraform_data.a").values.input, "one");
          assert.equal(state.output("o"), "one");
          assert.throws(() => state.resource("terraform_data.b"), /have: terraform_data\.a/);
        },
      },
      {
        config: `resource "terraform_data" "a" { input = "two" }`,
        check: ({ state }) => assert.equal(state.resource("terraform_data.a").values.output, "two"),
      },
    ],
    checkDestroy: async ({ dir }) => {
      const state = JSON.parse(await Deno.readTextFile(`${dir}/terraform.tfstate`));
      assert.deepEqual(state.resources, []);
    },
  });
  await assert.rejects(Deno.stat(sawDir), Deno.errors.NotFound, "working directory removed");
});

Deno.test({ name: "terraform: a perpetual diff fails the step", ignore }, async () => {
  const err = await runAcceptance({
    provider,
    steps: [{ config: `resource "terraform_data" "a" { triggers_replace = timestamp() }` }],
  }).catch((e) => e);
  assert.ok(isFoundryError(err, "testing.step_failed"), String(err));
  assert.match(
    err.message,
    /step 1: after applying, a new plan is not empty \(perpetual diff\):\n/,
  );
  // The summary names the resource, the action and the attribute: state value -> planned.
  assert.match(
    err.message,
    /\n {2}terraform_data\.a: replace: .*triggers_replace "\d{4}-[^"]+" -> \(known after apply\)/,
  );
});

Deno.test({ name: "terraform: expectError matches Terraform's diagnostics", ignore }, async () => {
  await runAcceptance({
    provider,
    steps: [{
      config: `resource "terraform_data" "a" { nope = 1 }`,
      expectError: /Unsupported argument/,
    }],
  });
  const err = await runAcceptance({
    provider,
    steps: [{ config: `resource "terraform_data" "a" {}`, expectError: /anything/ }],
  }).catch((e) => e);
  assert.match(String(err), /expected an error matching \/anything\/ but the step succeeded/);
});

Deno.test({ name: "terraform: planOnly steps check for changes both ways", ignore }, async () => {
  await runAcceptance({
    provider,
    steps: [{
      config: `resource "terraform_data" "a" {}`,
      planOnly: true,
      expectNonEmptyPlan: true,
    }],
  });
  const err = await runAcceptance({
    provider,
    steps: [{ config: `resource "terraform_data" "a" {}`, planOnly: true }],
  }).catch((e) => e);
  assert.match(String(err), /expected an empty plan but it has changes/);
});

Deno.test(
  { name: "terraform: a failing check surfaces and the workspace is still destroyed", ignore },
  async () => {
    let dir = "";
    const err = await runAcceptance({
      provider,
      steps: [{
        config: `resource "terraform_data" "a" {}`,
        check: (ctx) => {
          dir = ctx.dir;
          throw new Error("check failed on purpose");
        },
      }],
    }).catch((e) => e);
    assert.equal(err.message, "check failed on purpose");
    await assert.rejects(Deno.stat(dir), Deno.errors.NotFound);
  },
);
