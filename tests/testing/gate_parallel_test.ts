// TF_ACC gating (a child `deno test` of an author's test module, with and
// without TF_ACC) and acceptance cases run in parallel, each in its own
// workspace, against the real Terraform.
import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import { expectKnownValue, runAcceptanceParallel } from "../../src/testing/mod.ts";
import { kitConfig, kitProvider, noTerraform } from "./kit_fixture.ts";

if (noTerraform) console.error("gating and parallel tests skipped: terraform is not installed");

async function denoTest(env: Record<string, string | undefined>) {
  const base = Deno.env.toObject();
  delete base.TF_ACC;
  for (const [k, v] of Object.entries(env)) if (v !== undefined) base[k] = v;
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "test",
      "-A",
      "--no-check",
      new URL("./fixtures/gated_suite.ts", import.meta.url).pathname,
    ],
    env: { ...base, NO_COLOR: "1" },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, text: dec.decode(out.stdout) + dec.decode(out.stderr) };
}

Deno.test({
  name: "TF_ACC: without it the test is ignored with a reason; with it, it runs",
  ignore: noTerraform,
}, async () => {
  const off = await denoTest({});
  assert.equal(off.code, 0, off.text);
  assert.match(
    off.text,
    /acceptance test "kit item is created" skipped: TF_ACC is not set \(set TF_ACC=1 to run acceptance tests against real Terraform\)/,
  );
  assert.match(off.text, /0 passed \| 0 failed \| 1 ignored/);

  const on = await denoTest({ TF_ACC: "1" });
  assert.equal(on.code, 0, on.text);
  assert.doesNotMatch(on.text, /skipped/);
  assert.match(on.text, /1 passed \| 0 failed/);

  const noTf = await denoTest({
    TF_ACC: "1",
    FOUNDRY_TERRAFORM: "/nonexistent",
    PATH: "/nonexistent",
  });
  assert.match(noTf.text, /skipped: terraform was not found on PATH/);
  assert.match(noTf.text, /1 ignored/);
});

Deno.test({
  name: "parallel: cases overlap in time, in separate workspaces; failures are named",
  ignore: noTerraform,
}, async () => {
  const spans: Record<string, { start: number; end: number; dir: string }> = {};
  const kase = (name: string) => ({
    provider: kitProvider,
    steps: [
      {
        config: kitConfig({ a: `name = "${name}"` }),
        before: () => void (spans[name] = { start: performance.now(), end: 0, dir: "" }),
        stateChecks: [expectKnownValue("kit_item.a", "name", name)],
      },
      {
        config: kitConfig({ a: `name = "${name}"\nvalue = "2"` }),
        check: ({ dir }: { dir: string }) => {
          spans[name].end = performance.now();
          spans[name].dir = dir;
          // Each workspace holds only its own item.
          const items = JSON.parse(Deno.readTextFileSync(`${dir}/.kit/items.json`));
          assert.deepEqual(Object.values(items).map((i) => (i as { name: string }).name), [name]);
        },
      },
    ],
  });
  await runAcceptanceParallel({ one: kase("one"), two: kase("two") }, { concurrency: 2 });
  const { one, two } = spans;
  assert.notEqual(one.dir, two.dir);
  assert.ok(one.start < two.end && two.start < one.end, `no overlap: ${JSON.stringify(spans)}`);

  const err = await runAcceptanceParallel({
    fine: kase("fine"),
    broken: {
      provider: kitProvider,
      steps: [{
        config: kitConfig({ a: `name = "b"` }),
        stateChecks: [expectKnownValue("kit_item.a", "name", "c")],
      }],
    },
  }).catch((e) => e);
  assert.ok(isFoundryError(err, "testing.parallel_failed"), String(err));
  assert.equal(
    err.message,
    '1 of 2 acceptance cases failed:\n--- broken ---\nstep 1 (state after apply): kit_item.a: attribute name: expected "c", got "b"',
  );
});
