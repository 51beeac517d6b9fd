// `foundry conformance` against the example provider (every check passes),
// the Go anchor (its known gaps are reported, each naming RPC, resource and
// rule) and a provider broken on purpose (each broken contract is caught,
// with its attribute).
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "../../src/cli/mod.ts";
import { isFoundryError } from "../../src/errors/mod.ts";
import { type ConformanceCheck, parseScenario, runConformance } from "../../src/testing/mod.ts";
import { goFixtures } from "../plugin/go_fixtures.ts";

const EXAMPLE = new URL("../../examples/provider/main.ts", import.meta.url).pathname;
const BROKEN = new URL("./fixtures/broken_provider.ts", import.meta.url).pathname;
const deno = (entry: string) => ({
  command: Deno.execPath(),
  args: ["run", "--quiet", "--allow-all", entry],
});
const failures = (checks: ConformanceCheck[]) =>
  checks.filter((c) => c.status === "fail").map((c) =>
    `${c.rpc} ${c.resource} ${c.attribute}: ${c.check}`
  );

Deno.test("conformance: the example provider passes every check (the CLI's table and exit code)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "foundry-conformance-" });
  try {
    const scenario = join(dir, "scenario.json");
    await Deno.writeTextFile(
      scenario,
      JSON.stringify({
        provider: { root: join(dir, ".example") },
        resources: {
          example_server: {
            config: { name: "web", tags: { env: "test" }, disk: [{ size_gb: 10, label: "data" }] },
          },
          // example_file defines no import.
          example_file: { config: { path: "a.txt", content: "hello" }, import: false },
        },
      }),
    );
    const out: string[] = [];
    const code = await runCli(["conformance", EXAMPLE, "--config", scenario], {
      out: (t) => out.push(t),
      err: (t) => out.push(t),
    });
    const text = out.join("");
    assert.equal(code, 0, text);
    assert.match(
      text,
      /PASS {2}apply: state equals planned known values +ApplyResourceChange +example_server/,
    );
    assert.match(
      text,
      /PASS {2}import: then read equals state +ImportResourceState +example_server/,
    );
    assert.match(text, /SKIP {2}import: then read equals state +ImportResourceState +example_file/);
    assert.match(text, /PASS {2}hostile payload answered with a diagnostic: 20 000 nested arrays/);
    assert.match(text, /\n(2[5-9]|3\d) passed, 0 failed, 1 skipped\n$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const go = await goFixtures();
Deno.test({
  name: "conformance: the Go anchor passes the contracts and fails only its known gaps",
  ignore: go === undefined,
  async fn() {
    const checks = await runConformance({
      command: go!.anchor,
      scenario: parseScenario(
        '{"resources": {"anchor_server": {"config": {"name": "web"}}}}',
        "anchor",
      ),
    });
    // The anchor is a start-up benchmark, not a complete provider: it
    // validates nothing and implements no import. Everything else holds.
    assert.deepEqual(failures(checks), [
      "ImportResourceState anchor_server : import: then read equals state",
      "ValidateResourceConfig foundry_conformance_no_such_type : hostile payload answered with a diagnostic: an unknown resource type",
      "ValidateResourceConfig anchor_server : hostile payload answered with a diagnostic: msgpack that is not msgpack",
      "ValidateResourceConfig anchor_server : hostile payload answered with a diagnostic: 20 000 nested arrays",
    ]);
    for (
      const must of [
        "plan: create (configured values kept, computed unknown)",
        "apply: state equals planned known values",
        "read: after apply is stable",
        "plan: no diff on an unchanged configuration",
        "apply: destroy leaves null",
        "shutdown: exits on the controller's Shutdown",
        "concurrent RPCs: 50 at once",
      ]
    ) assert.ok(checks.some((c) => c.check === must && c.status === "pass"), must);
  },
});

Deno.test("conformance: a broken provider's failures name the RPC, resource, attribute and rule", async () => {
  const checks = await runConformance({
    ...deno(BROKEN),
    scenario: parseScenario(
      '{"resources": {"broken_thing": {"config": {"name": "a", "label": "l"}}}}',
      "broken",
    ),
  });
  const find = (check: string, attribute = "") =>
    checks.find((c) => c.check === check && c.attribute === attribute && c.status === "fail");
  const schema = find("schema: well-formed", "label");
  assert.equal(schema?.rule, "an attribute cannot be both required and computed");
  assert.equal(schema?.resource, "broken_thing");
  const apply = find("apply: state equals planned known values", "name");
  assert.equal(apply?.rpc, "ApplyResourceChange");
  assert.equal(apply?.rule, "a value known at plan time is the applied value");
  assert.equal(find("read: after apply is stable", "label")?.rpc, "ReadResource");
  assert.match(find("import: then read equals state")?.rule ?? "", /returns it/);
  // What it does right still passes.
  assert.ok(checks.some((c) => c.check === "plan: destroy plans null" && c.status === "pass"));
});

Deno.test("conformance scenarios: unknown keys and wrong shapes are refused with where", () => {
  const bad: [string, RegExp][] = [
    ["{", /f\.json: not JSON/],
    ['{"resources": {}}', /no resources to exercise/],
    ['{"resources": {"a": {"config": {}}}, "extra": 1}', /unknown key "extra"/],
    ['{"resources": {"a": {"config": {}, "imprt": false}}}', /resources\.a: unknown key "imprt"/],
    ['{"resources": {"a": {"config": []}}}', /resources\.a: config: must be an object/],
    ['{"resources": {"a": {"config": {}, "import_ignore": [1]}}}', /import_ignore must be a list/],
  ];
  for (const [text, pattern] of bad) {
    assert.throws(
      () => parseScenario(text, "f.json"),
      (e) => isFoundryError(e, "testing.conformance.scenario") && pattern.test(e.message),
      text,
    );
  }
});

Deno.test("conformance: a missing --config is a usage error", async () => {
  const err: string[] = [];
  const code = await runCli(["conformance", "x"], { out: () => {}, err: (t) => err.push(t) });
  assert.equal(code, 2);
  assert.match(err.join(""), /missing --config FILE/);
});
