import assert from "node:assert/strict";
import { cty } from "../../src/cty/mod.ts";
import { EvalContext } from "../../src/hcl/mod.ts";
import { s } from "../../src/provider/mod.ts";
import { decodeConfig } from "../../src/testing/mod.ts";

const schema = s.resource({
  id: s.string({ computed: true }),
  name: s.string({ required: true }),
  size: s.string({ optional: true }),
  tags: s.map(s.string(), { optional: true }),
  rule: s.listBlock({ port: s.number({ required: true }) }, { maxItems: 2 }),
  timeouts: s.singleBlock({ create: s.string({ optional: true }) }),
});

Deno.test("decodeConfig: attributes, blocks and variables become the typed config", () => {
  const ctx = new EvalContext({ variables: { var: cty.object({ env: cty.string("dev") }) } });
  const { config, value, diagnostics } = decodeConfig(
    schema,
    'name = "a"\ntags = { env = var.env }\nrule {\n  port = "80"\n}\nrule {\n  port = 443\n}\n',
    { context: ctx },
  );
  assert.deepEqual(diagnostics, []);
  assert.ok(value !== undefined && cty.typeEquals(value.type, schema.type));
  assert.equal(config?.name, "a");
  assert.equal(config?.size, null);
  assert.deepEqual(config?.tags, { env: "dev" });
  assert.deepEqual(config?.rule.map((r) => r.port), [80, 443]);
  assert.equal(config?.timeouts, null);
});

Deno.test("decodeConfig: HCL's and Terraform's errors, no config", () => {
  const cases: Array<[string, string]> = [
    ["size = 1\n", "Missing required argument"],
    ['name = "a"\nnope = 1\n', "Unsupported argument"],
    ['name = "a"\nid = "x"\n', "Value for unconfigurable attribute"],
    ['name = "a"\ntags = "x"\n', "Incorrect attribute value type"],
    [
      'name = "a"\nrule {\n  port = 1\n}\nrule {\n  port = 2\n}\nrule {\n  port = 3\n}\n',
      "Too many rule blocks",
    ],
    ['name = "a" "b"\n', "Missing newline after argument"],
  ];
  for (const [text, summary] of cases) {
    const r = decodeConfig(schema, text);
    assert.equal(r.config, undefined, text);
    assert.equal(r.diagnostics[0]?.summary, summary, text);
  }
  assert.throws(() => decodeConfig(schema, "", { nope: 1 } as never), TypeError);
});
