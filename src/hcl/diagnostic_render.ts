/**
 * Diagnostics as Terraform prints them without colour (`terraform validate -no-color`,
 * `terraform console`): an `Error:` or `Warning:` line, the `on FILE line N, in BLOCK:` line
 * with the source lines of the subject, then the detail wrapped at 77 columns (lines starting
 * with a space kept as they are), each diagnostic after a blank line
 * (`terraform console` adds one more after it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseConfig, renderTerraformDiagnostic } from "./mod.ts";
 *
 * const src = "locals {\n  a = [1 2]\n}\n";
 * const { body, diagnostics } = parseConfig(src, "main.tf");
 * assert.equal(
 *   renderTerraformDiagnostic(diagnostics[0], { text: src, body }),
 *   "\nError: Missing item separator\n\n  on main.tf line 2, in locals:\n   2:   a = [1 2]\n\n" +
 *     "Expected a comma to mark the beginning of the next item.\n",
 * );
 * ```
 *
 * @module
 */

import type { Diagnostic, SourceRange } from "../errors/mod.ts";
import type { Body } from "./ast.ts";

/** The source a diagnostic refers to, when it can be shown. */
export interface RenderSource {
  /** The file's text; without it Terraform says "(source code not available)". */
  readonly text?: string;
  /** The parsed body, for the `in resource "a" "b"` part. */
  readonly body?: Body;
}

// Terraform wraps at its width less one: 78 columns when it has no terminal.
const WIDTH = 77;

/** go-wordwrap's rule: break at spaces before `width`; a longer word stays whole. */
function wrapLine(line: string, width: number): string {
  if (line.length <= width || line.startsWith(" ")) return line;
  const out: string[] = [];
  let cur = "";
  for (const word of line.split(" ")) {
    if (cur === "") cur = word;
    else if (cur.length + 1 + word.length <= width) cur += " " + word;
    else {
      out.push(cur);
      cur = word;
    }
  }
  out.push(cur);
  return out.join("\n");
}

/** The innermost block header around `r` (`resource "a" "b"`), as hcl's ContextString. */
function blockContext(body: Body, r: SourceRange): string | undefined {
  let found: string | undefined;
  // A block left open runs to the end of the file, where its "missing" diagnostics point.
  const eof = body.range.end.byte;
  const within = (blk: Body["blocks"][number]) =>
    blk.range.start.byte <= r.start.byte &&
    (r.start.byte < blk.range.end.byte || r.start.byte === eof);
  let b: Body | undefined = body;
  while (b !== undefined) {
    const inner: Body | undefined = b.blocks.find(within)?.body;
    if (inner === undefined) break;
    const blk = b.blocks.find((x) => x.body === inner)!;
    found = [blk.type, ...blk.labels.map((l) => JSON.stringify(l))].join(" ");
    b = inner;
  }
  return found;
}

/** Byte ranges of the lines `bufio.ScanLines` gives (no line after a final newline). */
function lineRanges(text: string): Array<[number, number]> {
  const bytes = new TextEncoder().encode(text);
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length ? i > start : bytes[i] === 0x0a) {
      const end = i > start && bytes[i - 1] === 0x0d ? i - 1 : i;
      out.push([start, end]);
      start = i + 1;
    }
  }
  return out;
}

/**
 * The source lines Terraform shows: those overlapping the subject joined with the context
 * (an empty range counts one byte); the subject's line alone when none does.
 */
function snippet(text: string, d: Diagnostic & { readonly context?: SourceRange }): string {
  const r = d.range!;
  let from = r.start.byte;
  let to = Math.max(r.end.byte, from);
  let line = r.start.line;
  if (d.context !== undefined && d.context.filename === r.filename) {
    if (d.context.start.byte < from) line = d.context.start.line;
    from = Math.min(from, d.context.start.byte);
    to = Math.max(to, d.context.end.byte);
  }
  if (to === from) to++;
  const lines = lineRanges(text);
  const decoder = new TextDecoder();
  const bytes = new TextEncoder().encode(text);
  let out = "";
  lines.forEach(([a, b], i) => {
    // hcl.Range.Overlaps: neither empty, and one contains the other's start or end offset.
    const lineHas = (o: number) => o >= a && o < b;
    const snipHas = (o: number) => o >= from && o < to;
    if (b <= a || !(lineHas(from) || lineHas(to) || snipHas(a) || snipHas(b))) return;
    out += `${String(i + 1).padStart(4)}: ${decoder.decode(bytes.subarray(a, b))}\n`;
  });
  return out === "" ? `${String(line).padStart(4)}: \n` : out;
}

/**
 * One diagnostic in Terraform's plain form (`DiagnosticPlain`: starts with a blank line).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderTerraformDiagnostic } from "./diagnostic_render.ts";
 *
 * const pos = { line: 1, column: 1, byte: 0 };
 * const d = {
 *   severity: "error" as const,
 *   summary: "Invalid function argument",
 *   detail: 'Invalid value for "num" parameter: a number is required.',
 *   range: { filename: "<console-input>", start: pos, end: pos },
 * };
 * assert.match(renderTerraformDiagnostic(d), /on <console-input> line 1:\n  \(source code not available\)/);
 * ```
 */
export function renderTerraformDiagnostic(
  d: Diagnostic & { readonly context?: SourceRange },
  source: RenderSource = {},
): string {
  let s = `\n${d.severity === "error" ? "Error" : "Warning"}: ${d.summary}\n`;
  const r = d.range;
  if (r !== undefined) {
    const ctx = source.body === undefined ? undefined : blockContext(source.body, r);
    s += `\n  on ${r.filename} line ${r.start.line}${ctx === undefined ? "" : `, in ${ctx}`}:\n`;
    if (source.text === undefined) s += "  (source code not available)\n";
    else s += snippet(source.text, d);
  }
  if (d.detail) {
    s += "\n" + d.detail.split("\n").map((l) => wrapLine(l, WIDTH)).join("\n") + "\n";
  }
  return s;
}

/**
 * Terraform's order for diagnostics (`tfdiags` sort, stable): warnings first, those without a
 * source range first, then by file (fewer path segments first), start byte and end byte.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sortDiagnostics } from "./diagnostic_render.ts";
 *
 * const at = (byte: number) => ({ line: 1, column: byte + 1, byte });
 * const d = (summary: string, byte: number) => ({
 *   severity: "error" as const,
 *   summary,
 *   range: { filename: "main.tf", start: at(byte), end: at(byte + 1) },
 * });
 * assert.deepEqual(sortDiagnostics([d("b", 5), d("a", 2)]).map((x) => x.summary), ["a", "b"]);
 * ```
 */
export function sortDiagnostics<D extends Diagnostic>(diags: readonly D[]): D[] {
  const segments = (f: string) => f.split("/").length;
  return [...diags].sort((x, y) => {
    if (x.severity !== y.severity) return x.severity === "warning" ? -1 : 1;
    const a = x.range;
    const b = y.range;
    if ((a === undefined) !== (b === undefined)) return a === undefined ? -1 : 1;
    if (a === undefined || b === undefined) return 0;
    if (a.filename !== b.filename) {
      const d = segments(a.filename) - segments(b.filename);
      if (d !== 0) return d;
      return a.filename < b.filename ? -1 : 1;
    }
    if (a.start.byte !== b.start.byte) return a.start.byte - b.start.byte;
    return a.end.byte - b.end.byte;
  });
}
