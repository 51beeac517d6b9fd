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
 * Terraform's default, coloured form shows the lines of the context range and underlines the
 * subject within them:
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseConfig, renderTerraformDiagnostic } from "./mod.ts";
 *
 * const src = "locals {\n  a = [\n    1\n    2\n  ]\n}\n";
 * const { body, diagnostics } = parseConfig(src, "main.tf");
 * const out = renderTerraformDiagnostic(diagnostics[0], { text: src, body }, { color: true });
 * // The context runs from "[" on line 2; the subject is the "2" on line 4.
 * assert.ok(out.includes("   2:   a = [\n"));
 * assert.ok(out.includes("   4:     \x1b[4m2\x1b[0m\x1b[0m\n"));
 * assert.ok(out.startsWith("\x1b[31m╷"));
 * ```
 *
 * @module
 */

import type { Diagnostic, SourceRange } from "../errors/mod.ts";
import type { Body } from "./ast.ts";

/** How {@link renderTerraformDiagnostic} draws a diagnostic. */
export interface RenderOptions {
  /**
   * Terraform's coloured form (its default, without `-no-color`): the diagnostic inside a
   * red (warnings: yellow) left rule, a bold summary, the subject underlined within the
   * lines shown, the detail wrapped two columns narrower. Default `false`.
   */
  readonly color?: boolean;
}

const RENDER_OPTION_KEYS = new Set(["color"]);

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
 * (an empty range counts one byte); the subject's line alone when none does. With `color`,
 * the subject is underlined the way Terraform does it: markers inserted at the subject's
 * byte offsets in the joined lines (clamped to them), the text after it reset once more.
 */
function snippet(
  text: string,
  d: Diagnostic & { readonly context?: SourceRange },
  color: boolean,
): string {
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
  const shown: Array<[number, Uint8Array]> = [];
  let codeStart = -1;
  lines.forEach(([a, b], i) => {
    // hcl.Range.Overlaps: neither empty, and one contains the other's start or end offset.
    const lineHas = (o: number) => o >= a && o < b;
    const snipHas = (o: number) => o >= from && o < to;
    if (b <= a || !(lineHas(from) || lineHas(to) || snipHas(a) || snipHas(b))) return;
    if (codeStart < 0) codeStart = a;
    shown.push([i + 1, bytes.subarray(a, b)]);
  });
  if (shown.length === 0) {
    return `${String(line).padStart(4)}: ${color ? UNDERLINE + RESET + RESET : ""}\n`;
  }
  if (!color) {
    return shown.map(([n, l]) => `${String(n).padStart(4)}: ${decoder.decode(l)}\n`).join("");
  }
  // The joined lines as one byte string, as Terraform's JSON view keeps the snippet.
  const parts: Uint8Array[] = [];
  shown.forEach(([, l], i) => {
    if (i > 0) parts.push(NEWLINE);
    parts.push(l);
  });
  const code = concat(parts);
  const clamp = (o: number) => Math.min(Math.max(o, 0), code.length);
  const hs = clamp(r.start.byte - codeStart);
  const he = clamp(hs + (r.end.byte - r.start.byte));
  const marked = decoder.decode(code.subarray(0, hs)) + UNDERLINE +
    decoder.decode(code.subarray(hs, he)) + RESET + decoder.decode(code.subarray(he)) + RESET;
  return marked.split("\n").map((l, i) => `${String(shown[0][0] + i).padStart(4)}: ${l}\n`)
    .join("");
}

const NEWLINE = new Uint8Array([0x0a]);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const ESC = "\x1b[";
const RESET = `${ESC}0m`;
const BOLD = `${ESC}1m`;
const UNDERLINE = `${ESC}4m`;
const RED = `${ESC}31m`;
const YELLOW = `${ESC}33m`;

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
  options: RenderOptions = {},
): string {
  for (const k of Object.keys(options)) {
    if (!RENDER_OPTION_KEYS.has(k)) {
      throw new TypeError(`renderTerraformDiagnostic: unknown option ${JSON.stringify(k)}`);
    }
  }
  const color = options.color === true;
  const error = d.severity === "error";
  let s = color
    ? `${BOLD}${error ? RED : YELLOW}${
      error ? "Error" : "Warning"
    }: ${RESET}${RESET}${BOLD}${d.summary}${RESET}\n`
    : `\n${error ? "Error" : "Warning"}: ${d.summary}\n`;
  const r = d.range;
  if (r !== undefined) {
    const ctx = source.body === undefined ? undefined : blockContext(source.body, r);
    s += `\n${color ? RESET : ""}  on ${r.filename} line ${r.start.line}${
      ctx === undefined ? "" : `, in ${ctx}`
    }:\n`;
    if (source.text === undefined) s += "  (source code not available)\n";
    else s += snippet(source.text, d, color);
  }
  if (d.detail) {
    // Terraform wraps inside its left rule, two columns narrower.
    const width = color ? WIDTH - 2 : WIDTH;
    s += "\n" + d.detail.split("\n").map((l) => wrapLine(l, width)).join("\n") + "\n";
  }
  if (!color) return s;
  const rule = error ? RED : YELLOW;
  const body = s.slice(0, -1).split("\n").map((l) => `${rule}│${RESET} ${RESET}${l}\n`).join("");
  return `${rule}╷${RESET}${RESET}\n${body}${rule}╵${RESET}${RESET}\n`;
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
