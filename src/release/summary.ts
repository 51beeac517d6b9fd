/**
 * The table printed when a build ends: one row per target with archive
 * size and a short SHA-256, so a person can compare builds at a glance.
 *
 * @module
 */

/**
 * One row of {@link summaryTable}.
 */
export interface SummaryRow {
  /** `os_arch` of the target. */
  target: string;
  /** Archive file name. */
  file: string;
  /** Archive size in bytes. */
  size: number;
  /** Archive SHA-256 (hex). */
  sha256: string;
}

/**
 * Human size: bytes below 1 KiB, else KiB/MiB with one decimal.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatSize } from "./_pipeline.ts";
 * assert.equal(formatSize(1536), "1.5 KiB");
 * ```
 */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * Aligned text table: TARGET, SIZE, SHA256 (first 12 hex digits), FILE.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { summaryTable } from "./_pipeline.ts";
 * const t = summaryTable([{ target: "linux_amd64", file: "a.zip", size: 10, sha256: "ab".repeat(32) }]);
 * assert.ok(t.split("\n")[1].startsWith("linux_amd64"));
 * ```
 */
export function summaryTable(rows: readonly SummaryRow[]): string {
  const cells = [
    ["TARGET", "SIZE", "SHA256", "FILE"],
    ...rows.map((r) => [r.target, formatSize(r.size), r.sha256.slice(0, 12), r.file]),
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...cells.map((row) => row[c].length)));
  return cells.map((row) =>
    row.map((cell, c) =>
      c === 3 ? cell : c === 1 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])
    ).join("  ")
  ).join("\n") + "\n";
}
