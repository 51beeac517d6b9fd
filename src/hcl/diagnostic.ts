/**
 * HCL diagnostics: the errors layer's `Diagnostic` whose `range` is HCL's
 * subject, plus the wider `context` range HCL reports alongside it.
 *
 * @module
 */

import type { Diagnostic, SourceRange } from "../errors/mod.ts";

/** A diagnostic with HCL's optional context range (the construct around the subject). */
export interface HclDiagnostic extends Diagnostic {
  /** The larger construct the problem is in, when HCL gives one. */
  readonly context?: SourceRange;
}

/** Makes an error diagnostic with subject `range` and optional `context`. */
export function hclError(
  summary: string,
  detail: string,
  range: SourceRange | undefined,
  context?: SourceRange,
): HclDiagnostic {
  const d: { -readonly [K in keyof HclDiagnostic]: HclDiagnostic[K] } = {
    severity: "error",
    summary,
    detail,
  };
  if (range !== undefined) d.range = range;
  if (context !== undefined) d.context = context;
  return d;
}

/** Formats a range as hcl.Range.String() does: `file:1,2-5` or `file:1,2-3,4`. */
export function formatRange(r: SourceRange): string {
  const s = r.start;
  const e = r.end;
  if (s.line === e.line) return `${r.filename}:${s.line},${s.column}-${e.column}`;
  return `${r.filename}:${s.line},${s.column}-${e.line},${e.column}`;
}
