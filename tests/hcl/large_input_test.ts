// Inputs large in one dimension (a long heredoc, a great many errors): each must cost time in
// proportion to its size and end in a tree and diagnostics, never an exception.
import assert from "node:assert/strict";
import { formatTerraform, parseConfig } from "../../src/hcl/mod.ts";
import { threadCpuMs } from "./thread_cpu.ts";

/** A heredoc of `lines` lines with escapes, indentation to strip, and every other line interpolated. */
function heredoc(lines: number): string {
  let s = "x = <<-EOT\n";
  for (let i = 0; i < lines; i++) {
    s += i % 2 ? `    line \${v${i}} %%{ $\${ }\n` : `    line ${i} %%{ $\${ }\n`;
  }
  return s + "  EOT\n";
}

/** Fewest CPU milliseconds, over three rounds, of `times` parses of `src`, every tree kept. */
function cpuMs(src: string, times: number): number {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const kept = [];
    const start = threadCpuMs();
    for (let i = 0; i < times; i++) kept.push(parseConfig(src, "doc.tf"));
    best = Math.min(best, threadCpuMs() - start);
    assert.equal(kept.length, times);
  }
  return best;
}

Deno.test("hcl parse: a heredoc of 80,000 lines costs what eight of 10,000 do", () => {
  const small = heredoc(10_000);
  const large = heredoc(80_000);
  const { body, diagnostics } = parseConfig(large, "doc.tf");
  assert.deepEqual(diagnostics, []);
  const expr = body.attributes.get("x")!.expr;
  assert.equal(expr.kind, "template");
  // Literal runs between interpolations are one part each: 40,000 interpolations and their text.
  assert.equal(expr.kind === "template" && expr.parts.length, 80_001);
  cpuMs(small, 2); // optimised code for both sizes
  // Eight small parses, their trees kept as the large one's is, against one large parse: linear
  // is ~1. Joining literal parts by removing each from the list was quadratic: one heredoc of
  // 80,000 lines took 48x the time of one of 10,000, 6x this ratio. The bound leaves 2.5x for a
  // shared machine.
  const ratio = cpuMs(large, 1) / cpuMs(small, 8);
  assert.ok(ratio <= 2.5, `8x the heredoc took ${(8 * ratio).toFixed(1)}x the CPU time`);
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
