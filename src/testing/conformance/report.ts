/**
 * The conformance report as a table for a terminal: one row per check,
 * failures with the rule they broke, and a count line.
 *
 * @module
 */

import type { ConformanceCheck } from "./run.ts";

/**
 * Renders checks as an aligned text table.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatConformance } from "./mod.ts";
 * const text = formatConformance([{
 *   check: "apply: state equals planned known values", rpc: "ApplyResourceChange",
 *   resource: "x_thing", attribute: "size", rule: "a value known at plan time is the applied value",
 *   status: "fail",
 * }]);
 * assert.match(text, /FAIL .*ApplyResourceChange .*x_thing .*size/);
 * assert.match(text, /0 passed, 1 failed/);
 * ```
 */
export function formatConformance(checks: readonly ConformanceCheck[]): string {
  const head = ["", "check", "rpc", "resource", "attribute"];
  const rows = checks.map((c) => [c.status.toUpperCase(), c.check, c.rpc, c.resource, c.attribute]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((x, i) => x.padEnd(widths[i])).join("  ").trimEnd();
  const out = [line(head)];
  checks.forEach((c, i) => {
    out.push(line(rows[i]));
    if (c.status === "fail") out.push(`      rule: ${c.rule}`);
    if (c.status === "skip") out.push(`      skipped: ${c.rule}`);
  });
  const passed = checks.filter((c) => c.status === "pass").length;
  const failed = checks.filter((c) => c.status === "fail").length;
  const skipped = checks.filter((c) => c.status === "skip").length;
  out.push("", `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
  return out.join("\n") + "\n";
}
