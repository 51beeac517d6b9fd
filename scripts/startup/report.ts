/**
 * The start-up report: each measured subject beside its floor, the ratio of
 * their medians, and whether it meets its target.
 *
 * @module
 */

import type { Summary } from "./stats.ts";

/** One measured subject compared with its floor. */
export interface Comparison {
  /** What was measured (`exec -> handshake, deno run`). */
  readonly name: string;
  /** The subject's timings. */
  readonly subject: Summary;
  /** The floor's timings (empty script, built-in resource). */
  readonly floor: Summary;
  /** Largest acceptable ratio, if there is a target. */
  readonly target?: number;
  /** Ratios of interleaved pairs; when present, their median is the ratio reported. */
  readonly pairRatio?: Summary;
}

/**
 * The ratio reported: the median of pairwise ratios when the runs were
 * interleaved, else the ratio of the two medians.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { ratio } from "./report.ts";
 * const s = { runs: 1, median: 50, min: 50, max: 50 };
 * const f = { runs: 1, median: 10, min: 10, max: 10 };
 * assert.equal(ratio({ name: "x", subject: s, floor: f }), 5);
 * ```
 */
export function ratio(c: Comparison): number {
  if (c.pairRatio !== undefined) return c.pairRatio.median;
  return c.floor.median > 0 ? c.subject.median / c.floor.median : Infinity;
}

function ms(s: Summary): string {
  return `${s.median.toFixed(1)} ms (${s.min.toFixed(1)}-${s.max.toFixed(1)}, n=${s.runs})`;
}

/**
 * Renders comparisons as an aligned plain-text table, one row each.
 *
 * @example Usage
 * ```ts
 * import { renderReport } from "./report.ts";
 * const s = { runs: 3, median: 50, min: 48, max: 60 };
 * const f = { runs: 3, median: 10, min: 9, max: 12 };
 * console.log(renderReport([{ name: "start", subject: s, floor: f, target: 5 }]));
 * ```
 */
export function renderReport(rows: readonly Comparison[]): string {
  const header = ["", "median (min-max)", "floor median (min-max)", "ratio", "target"];
  const cells = rows.map((c) => {
    const r = ratio(c);
    const verdict = c.target === undefined
      ? "-"
      : `<= ${c.target}x ${r <= c.target ? "ok" : "MISSED"}`;
    const spread = c.pairRatio === undefined
      ? ""
      : ` (${c.pairRatio.min.toFixed(1)}-${c.pairRatio.max.toFixed(1)})`;
    return [c.name, ms(c.subject), ms(c.floor), `${r.toFixed(2)}x${spread}`, verdict];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd();
  return [line(header), ...cells.map(line)].join("\n");
}
