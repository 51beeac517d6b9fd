import assert from "node:assert/strict";
import {
  Diagnostics,
  errorDiagnostic,
  formatPath,
  hasErrors,
  warningDiagnostic,
} from "../../src/errors/mod.ts";

Deno.test("formatPath renders Terraform-style attribute paths", () => {
  assert.equal(formatPath([]), "");
  assert.equal(
    formatPath([{ kind: "attr", name: "rule" }, { kind: "index", index: 0 }, {
      kind: "attr",
      name: "port",
    }]),
    "rule[0].port",
  );
  assert.equal(
    formatPath([{ kind: "attr", name: "tags" }, { kind: "key", key: "env" }]),
    'tags["env"]',
  );
  assert.equal(formatPath([{ kind: "key", key: 'a"b' }]), '["a\\"b"]');
  assert.equal(
    formatPath([{ kind: "attr", name: "s" }, { kind: "element", value: 1 }, {
      kind: "attr",
      name: "x",
    }]),
    "s[*].x",
  );
});

Deno.test("diagnostic constructors omit absent optional parts", () => {
  const d = errorDiagnostic("Broken");
  assert.deepEqual(d, { severity: "error", summary: "Broken" });
  assert.deepEqual(Object.keys(d), ["severity", "summary"]);
  const w = warningDiagnostic("Old", { detail: "Use new", path: [{ kind: "attr", name: "a" }] });
  assert.deepEqual(w, {
    severity: "warning",
    summary: "Old",
    detail: "Use new",
    path: [{ kind: "attr", name: "a" }],
  });
});

Deno.test("hasErrors is true only when an error is present", () => {
  assert.equal(hasErrors([]), false);
  assert.equal(hasErrors([warningDiagnostic("w")]), false);
  assert.equal(hasErrors([warningDiagnostic("w"), errorDiagnostic("e")]), true);
});

Deno.test("Diagnostics collects, filters and iterates", () => {
  const diags = new Diagnostics([warningDiagnostic("first")]);
  assert.equal(diags.hasErrors(), false);
  diags.error("second", { detail: "d" }).warning("third");
  diags.append([errorDiagnostic("fourth")]);
  assert.equal(diags.length, 4);
  assert.equal(diags.hasErrors(), true);
  assert.deepEqual(diags.errors().map((d) => d.summary), ["second", "fourth"]);
  assert.deepEqual(diags.warnings().map((d) => d.summary), ["first", "third"]);
  assert.deepEqual([...diags].map((d) => d.summary), ["first", "second", "third", "fourth"]);
  const copy = diags.toArray();
  copy.pop();
  assert.equal(diags.length, 4, "toArray returns a copy");
});
