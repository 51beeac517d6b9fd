// Typed configurations: blocks typed from the example provider's schema, rendered, formatted,
// and applied by the real Terraform in an acceptance step.
import assert from "node:assert/strict";
import { server } from "../../examples/provider/server.ts";
import { serverLookup } from "../../examples/provider/server_data.ts";
import { provider as exampleProviderDef } from "../../examples/provider/main.ts";
import { formatTerraform, parseConfig } from "../../src/hcl/mod.ts";
import {
  configText,
  dataSource,
  output,
  providerConfig,
  rawExpr,
  ref,
  resource,
  runAcceptance,
  variable,
} from "../../src/testing/mod.ts";
import { exampleProvider, noTerraform, PROVIDER_BLOCK } from "../examples/example_provider.ts";

Deno.test("typed blocks render as formatted HCL: schema blocks as blocks, references bare", () => {
  const size = variable("size", { type: "string", default: "large" });
  const web = resource(server, "web", {
    name: "web",
    size: ref(size),
    tags: { team: "infra", "odd key": "x" },
    disk: [{ size_gb: 8, label: "root" }, { size_gb: 100 }],
  });
  const text = configText([
    providerConfig(exampleProviderDef, { root: rawExpr('"${path.root}/.example"') }),
    size,
    web,
    dataSource(serverLookup, "again", { name: ref(web, "name"), depends_on: [ref(web)] }),
    output("ip", { value: ref(web, "ip_address") }),
  ]);
  assert.deepEqual(parseConfig(text).diagnostics, []);
  assert.equal(formatTerraform(text).changed, false, text);
  assert.ok(text.includes("\n  size = var.size\n"), text);
  assert.ok(text.includes('\n  disk {\n    size_gb = 8\n    label   = "root"\n  }\n\n  disk {\n'));
  assert.match(text, /"odd key" = "x"/);
  assert.ok(
    text.includes(
      "name       = example_server.web.name\n  depends_on = [example_server.web]",
    ),
  );
  assert.match(text, /value = example_server\.web\.ip_address/);
});

Deno.test("mistakes in a typed configuration are type errors or refused", () => {
  // Checked by `deno check` only (never run): each line must be a type error.
  const _typeErrors = () => {
    // @ts-expect-error: misspelled attribute
    resource(server, "a", { name: "a", sise: "small" });
    // @ts-expect-error: wrong type
    resource(server, "b", { name: 1 });
    // @ts-expect-error: computed-only attribute
    resource(server, "c", { name: "c", id: "x" });
    // @ts-expect-error: required attribute missing
    resource(server, "d", { size: "small" });
    // @ts-expect-error: not an attribute of the resource
    ref(resource(server, "e", { name: "e" }), "nope");
  };
  assert.throws(
    () => resource(server, "f", { name: "f", ...{ extra: 1 } } as never),
    /has no attribute or block "extra"/,
  );
  assert.throws(() => variable("v", { typ: "string" } as never), /unknown variable option "typ"/);
});

Deno.test({
  name: "terraform: an acceptance step given as typed blocks applies and reads back",
  ignore: noTerraform,
}, async () => {
  const web = resource(server, "web", { name: "typed", tags: { via: "typed-config" } });
  await runAcceptance({
    provider: exampleProvider,
    steps: [{
      config: [
        rawProvider(), // keeps the provider's state inside the test's directory
        web,
        output("name", { value: ref(web, "name") }),
      ],
      check: ({ state }) => {
        assert.equal(state.output("name"), "typed");
        assert.deepEqual(state.resource("example_server.web").values.tags, { via: "typed-config" });
      },
    }],
  });
});

/** The shared provider block (HCL text) as a typed block of raw attributes. */
function rawProvider() {
  const { body } = parseConfig(PROVIDER_BLOCK);
  const attrs: Record<string, ReturnType<typeof rawExpr>> = {};
  const block = body.blocks[0];
  for (const [name, a] of block.body.attributes) {
    attrs[name] = rawExpr(PROVIDER_BLOCK.slice(a.expr.range.startOffset, a.expr.range.endOffset));
  }
  return providerConfig(exampleProviderDef, attrs);
}
