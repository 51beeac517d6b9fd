// The start-up benchmark's twin of the Go anchor (scripts/startup/anchor_twin.ts)
// must be the same provider to Terraform, or pairing the two would time
// different work: the same schema and, under the anchor's configuration,
// the same plan text and the same applied state as the real Go anchor.
import assert from "node:assert/strict";
import { join } from "node:path";
import { createWorkspace, findTerraform, runTerraform } from "../../src/testing/mod.ts";
import { ANCHOR_SOURCE, anchorConfig } from "../../scripts/startup/go_anchor.ts";
import { goFixtures } from "../plugin/go_fixtures.ts";

const terraform = await findTerraform();
const go = terraform === undefined ? undefined : await goFixtures();
if (terraform === undefined) console.log("anchor twin test skipped: terraform not on PATH");

interface Side {
  dir: string;
  env: Record<string, string>;
  dispose(): Promise<void>;
}

async function anchorSide(binDir: string): Promise<Side> {
  const root = await Deno.makeTempDir({ prefix: "foundry-anchor-" });
  const rc = join(root, "terraform.rc");
  await Deno.writeTextFile(
    rc,
    `provider_installation {\n  dev_overrides {\n    "${ANCHOR_SOURCE}" = "${binDir}"\n  }\n  direct {}\n}\n`,
  );
  return {
    dir: root,
    env: { TF_CLI_CONFIG_FILE: rc },
    dispose: () => Deno.remove(root, { recursive: true }),
  };
}

async function twinSide(): Promise<Side> {
  const ws = await createWorkspace({
    source: ANCHOR_SOURCE,
    entry: new URL("../../scripts/startup/anchor_twin.ts", import.meta.url),
    warm: false,
    bundle: false,
  });
  return { dir: ws.dir, env: ws.env, dispose: ws.dispose };
}

/** Plan text (without Terraform's dev_overrides warning), schema and state after apply. */
async function observe(side: Side) {
  await Deno.writeTextFile(join(side.dir, "main.tf"), anchorConfig(3));
  const run = async (...args: string[]) => {
    const r = await runTerraform(args, { terraform: terraform!, cwd: side.dir, env: side.env });
    assert.equal(r.code, 0, `terraform ${args.join(" ")}:\n${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  const plan = (await run("plan", "-no-color")).replace(/^[\s\S]*?(Terraform used)/, "$1");
  const schemas = JSON.parse(await run("providers", "schema", "-json"));
  await run("apply", "-auto-approve", "-no-color");
  const state = JSON.parse(await run("show", "-json")).values.root_module.resources;
  return {
    plan,
    schema: Object.values(schemas.provider_schemas as Record<string, unknown>),
    state,
  };
}

Deno.test({
  name: "anchor twin: same schema, plan text and applied state as the Go anchor under Terraform",
  ignore: terraform === undefined || go === undefined,
  sanitizeResources: false,
  fn: async () => {
    const sides = [await anchorSide(go!.binDir), await twinSide()];
    try {
      const [anchor, twin] = [await observe(sides[0]), await observe(sides[1])];
      assert.deepEqual(twin.schema, anchor.schema);
      assert.equal(twin.plan, anchor.plan);
      assert.match(anchor.plan, /Plan: 3 to add/);
      assert.deepEqual(twin.state, anchor.state);
      assert.match(anchor.state[0].values.id, /^srv-[0-9a-f]{8}$/);
    } finally {
      for (const s of sides) await s.dispose();
    }
  },
});
