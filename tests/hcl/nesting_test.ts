import assert from "node:assert/strict";
import { MAX_NESTING, parseConfig, parseExpression } from "../../src/hcl/mod.ts";

const DEEP = 100_000;

const inputs: Record<string, string> = {
  "open brackets": "a = " + "[".repeat(DEEP),
  "balanced brackets": "a = " + "[".repeat(DEEP) + "]".repeat(DEEP),
  "parentheses": "a = " + "(".repeat(DEEP) + "1" + ")".repeat(DEEP),
  "objects": "a = " + "{a=".repeat(DEEP),
  "blocks": "b {\n".repeat(DEEP),
  "templates": "a = " + '"${'.repeat(DEEP),
  "unary operators": "a = " + "-".repeat(DEEP) + "1",
  "splats": "a = x" + "[*]".repeat(DEEP),
  "conditionals": "a = " + "x ? ".repeat(DEEP),
  "for expressions": "a = " + "[for x in ".repeat(DEEP),
  "function calls": "a = " + "f(".repeat(DEEP),
};

for (const [name, src] of Object.entries(inputs)) {
  Deno.test(`hcl parse: ${DEEP.toLocaleString("en")} nested ${name} give a diagnostic`, () => {
    const { diagnostics } = parseConfig(src, "deep.tf");
    assert.ok(diagnostics.length > 0);
    assert.ok(diagnostics.every((d) => d.severity === "error"));
  });
}

Deno.test("hcl parse: nesting just inside the limit parses cleanly", () => {
  const n = MAX_NESTING / 2 - 2;
  const { diagnostics } = parseExpression("[".repeat(n) + "]".repeat(n));
  assert.deepEqual(diagnostics, []);
});

Deno.test("hcl parse: long flat chains are not nesting", () => {
  const { diagnostics } = parseExpression("x" + ".a".repeat(20_000) + " + 1".repeat(20_000));
  assert.deepEqual(diagnostics, []);
});
