// When create succeeded remotely but returned a state that fails checking,
// the object must not be forgotten: the valid part (the id at least) is saved
// with the error, Terraform marks it tainted, and the next apply replaces it,
// calling delete with that id. Against the real Terraform.
import assert from "node:assert/strict";
import { findTerraform, runAcceptance } from "../../src/testing/mod.ts";

const terraform = await findTerraform();
if (terraform === undefined) console.error("orphan tests skipped: terraform is not installed");

const errors: Record<string, RegExp> = {
  type: /orphan_thing: create returned an invalid state/,
  unknown: /orphan_thing: create left "label" unknown/,
  drop: /orphan_thing: create left "label" unknown/,
};

for (const [mode, error] of Object.entries(errors)) {
  Deno.test({
    name: `a bad create result (${mode}) is saved tainted and replaced next time`,
    ignore: terraform === undefined,
  }, async () => {
    const dir = await Deno.makeTempDir();
    const config = `provider "orphan" {\n  dir = "${dir}"\n}\n` +
      `resource "orphan_thing" "a" {\n  name = "a"\n}\n`;
    try {
      await runAcceptance({
        provider: {
          source: "example.com/test/orphan",
          entry: new URL("./fixtures/orphan_provider.ts", import.meta.url),
        },
        steps: [
          {
            config,
            before: () => Deno.writeTextFile(`${dir}/mode`, mode),
            expectError: error,
          },
          {
            // The object is in state, tainted, with its id; the plan replaces it.
            config,
            planOnly: true,
            expectNonEmptyPlan: true,
            check: ({ state, result }) => {
              const a = state.resource("orphan_thing.a");
              assert.equal(a.tainted, true);
              assert.equal(a.values.id, "id-a");
              assert.equal(a.values.label, null);
              assert.match(result.stdout, /orphan_thing\.a is tainted, so must be replaced/);
            },
          },
          {
            config,
            before: () => Deno.writeTextFile(`${dir}/mode`, "ok"),
            check: async ({ state }) => {
              assert.equal(state.resource("orphan_thing.a").tainted, false);
              assert.equal(state.resource("orphan_thing.a").values.label, "fine");
              assert.deepEqual((await Deno.readTextFile(`${dir}/log`)).trim().split("\n"), [
                "create a",
                "delete id-a",
                "create a",
              ]);
            },
          },
        ],
      });
      const log = (await Deno.readTextFile(`${dir}/log`)).trim().split("\n");
      assert.equal(log.at(-1), "delete id-a", "destroyed at the end");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
