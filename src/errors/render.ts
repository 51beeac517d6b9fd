/**
 * Renders diagnostics for people: a heading, the source line with a caret
 * underline when the range and the file's text are known, the attribute path,
 * then the detail.
 *
 * @module
 */

import type { Diagnostic } from "./diagnostic.ts";
import { formatPath } from "./path.ts";

/** Options for {@link renderDiagnostic}. */
export interface RenderOptions {
  /** Source texts by file name, used to show the offending line. */
  sources?: Readonly<Record<string, string>> | ((filename: string) => string | undefined);
  /** Use ANSI colours (red errors, yellow warnings). Default false. */
  color?: boolean;
}

const RED = "\x1b[1;31m";
const YELLOW = "\x1b[1;33m";
const BOLD = "\x1b[1m";
const RESET = "\x1b[0m";

function sourceOf(opts: RenderOptions, filename: string): string | undefined {
  const s = opts.sources;
  if (s === undefined) return undefined;
  return typeof s === "function" ? s(filename) : s[filename];
}

/** The text of 1-based line `n` of `src`, without its line ending. */
function lineOf(src: string, n: number): string | undefined {
  let start = 0;
  for (let i = 1; i < n; i++) {
    const nl = src.indexOf("\n", start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  if (start > src.length) return undefined;
  const nl = src.indexOf("\n", start);
  const line = src.slice(start, nl < 0 ? src.length : nl);
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}

/**
 * Renders one diagnostic as multi-line text.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { errorDiagnostic, renderDiagnostic } from "@foundry/foundry/errors";
 * const src = 'resource "x" "y" {\n  port = 70000\n}\n';
 * const d = errorDiagnostic("Invalid port", {
 *   detail: "Ports run from 1 to 65535.",
 *   range: {
 *     filename: "main.tf",
 *     start: { line: 2, column: 10, byte: 28 },
 *     end: { line: 2, column: 15, byte: 33 },
 *   },
 * });
 * const text = renderDiagnostic(d, { sources: { "main.tf": src } });
 * assert.match(text, /^Error: Invalid port\n/);
 * assert.match(text, /on main\.tf line 2:\n\s+2:   port = 70000\n/);
 * assert.match(text, /Ports run from 1 to 65535\./);
 * ```
 */
export function renderDiagnostic(d: Diagnostic, opts: RenderOptions = {}): string {
  const color = opts.color === true;
  const label = d.severity === "error" ? "Error" : "Warning";
  const heading = color
    ? `${d.severity === "error" ? RED : YELLOW}${label}:${RESET} ${BOLD}${d.summary}${RESET}`
    : `${label}: ${d.summary}`;
  const out: string[] = [heading];

  if (d.range !== undefined) {
    const { filename, start, end } = d.range;
    out.push("", `  on ${filename} line ${start.line}:`);
    const src = sourceOf(opts, filename);
    const line = src === undefined ? undefined : lineOf(src, start.line);
    if (line !== undefined) {
      const gutter = `${String(start.line).padStart(6)}: `;
      out.push(gutter + line);
      const chars = Array.from(line);
      const from = Math.max(0, Math.min(start.column - 1, chars.length));
      const to = end.line === start.line ? Math.max(from + 1, end.column - 1) : chars.length;
      // Keep tabs so the caret lines up under the same characters.
      const pad = chars.slice(0, from).map((c) => (c === "\t" ? "\t" : " ")).join("");
      const width = Math.max(1, Math.min(to, Math.max(chars.length, from + 1)) - from);
      const carets = "^".repeat(width);
      out.push(" ".repeat(gutter.length) + pad + (color ? `${BOLD}${carets}${RESET}` : carets));
    }
  }
  if (d.path !== undefined && d.path.length > 0) {
    out.push("", `  with ${formatPath(d.path)}`);
  }
  if (d.detail !== undefined && d.detail !== "") {
    out.push("", d.detail);
  }
  return out.join("\n");
}

/**
 * Renders a list of diagnostics, separated by blank lines, errors first.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { errorDiagnostic, renderDiagnostics, warningDiagnostic } from "@foundry/foundry/errors";
 * const text = renderDiagnostics([warningDiagnostic("Old"), errorDiagnostic("Broken")]);
 * assert.ok(text.startsWith("Error: Broken"));
 * ```
 */
export function renderDiagnostics(ds: Iterable<Diagnostic>, opts: RenderOptions = {}): string {
  const list = Array.from(ds);
  const ordered = [
    ...list.filter((d) => d.severity === "error"),
    ...list.filter((d) => d.severity !== "error"),
  ];
  return ordered.map((d) => renderDiagnostic(d, opts)).join("\n\n");
}
