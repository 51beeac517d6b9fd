// Inputs large in one dimension (a long heredoc, a great many errors): each must cost time in
// proportion to its size and end in a tree and diagnostics, never an exception.
import assert from "node:assert/strict";
import process from "node:process";
import { formatTerraform, parseConfig } from "../../src/hcl/mod.ts";

/** A heredoc of `lines` lines with escapes, indentation to strip, and every other line interpolated. */
function heredoc(lines: number): string {
  let s = "x = <<-EOT\n";
  for (let i = 0; i < lines; i++) {
    s += i % 2 ? `    line \${v${i}} %%{ $\${ }\n` : `    line ${i} %%{ $\${ }\n`;
  }
  return s + "  EOT\n";
}

/** Fewest CPU milliseconds of three parses of `src`. */
function cpuMs(src: string): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = process.cpuUsage();
    parseConfig(src, "doc.tf");
    const d = process.cpuUsage(start);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

Deno.test("hcl parse: a heredoc of 80,000 lines costs per line what one of 10,000 does", () => {
  const small = heredoc(10_000);
  const large = heredoc(80_000);
  const { body, diagnostics } = parseConfig(large, "doc.tf");
  assert.deepEqual(diagnostics, []);
  const expr = body.attributes.get("x")!.expr;
  assert.equal(expr.kind, "template");
  // Literal runs between interpolations are one part each: 40,000 interpolations and their text.
  assert.equal(expr.kind === "template" && expr.parts.length, 80_001);
  cpuMs(small); // optimised code for both sizes
  const ratio = cpuMs(large) / cpuMs(small);
  // Joining literal parts by removing each from the list was quadratic: 8x the lines took
  // 23x the time. Linear is ~8x; the bound leaves 2x for a shared machine.
  assert.ok(ratio <= 16, `8x the heredoc took ${ratio.toFixed(1)}x the CPU time`);
});

Deno.test("hcl parse: 200,000 erroneous lines give 200,000 diagnostics, not a stack overflow", () => {
  const src = "a = 1 2\n".repeat(200_000);
  const { diagnostics } = parseConfig(src, "bad.tf");
  assert.equal(diagnostics.length, 200_000);
  assert.equal(diagnostics[0].summary, "Missing newline after argument");
  assert.equal(diagnostics[199_999].range?.start.line, 200_000);
  const formatted = formatTerraform(src, "bad.tf");
  assert.equal(formatted.text, undefined);
  assert.equal(formatted.diagnostics.length, 200_000);
});
