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

/**
 * Appends `more` to `to` one by one: `to.push(...more)` passes every element
 * as an argument, which overflows the stack for a file with a few hundred
 * thousand errors.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { appendDiagnostics, hclError } from "./diagnostic.ts";
 * const all = [hclError("A", "first", undefined)];
 * const more = Array.from({ length: 300_000 }, () => hclError("B", "again", undefined));
 * appendDiagnostics(all, more);
 * assert.equal(all.length, 300_001);
 * ```
 */
export function appendDiagnostics(to: HclDiagnostic[], more: readonly HclDiagnostic[]): void {
  for (let i = 0; i < more.length; i++) to.push(more[i]);
}

/** Formats a range as hcl.Range.String() does: `file:1,2-5` or `file:1,2-3,4`. */
export function formatRange(r: SourceRange): string {
  const s = r.start;
  const e = r.end;
  if (s.line === e.line) return `${r.filename}:${s.line},${s.column}-${e.column}`;
  return `${r.filename}:${s.line},${s.column}-${e.line},${e.column}`;
}
