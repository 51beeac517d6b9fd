/**
 * `DiagnosticError`: an exception an author throws to fail a call with
 * precise diagnostics (summary, detail, attribute path) instead of a bare
 * message.
 *
 * @module
 */

import { type Diagnostic, type DiagnosticOptions, errorDiagnostic } from "../errors/mod.ts";

/**
 * An error carrying diagnostics. Thrown from any author hook, its
 * diagnostics are reported as they are.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { DiagnosticError } from "@foundry/foundry/provider";
 * const e = DiagnosticError.at("Name taken", [{ kind: "attr", name: "name" }], "Pick another name.");
 * assert.equal(e.diagnostics[0].path?.[0].kind, "attr");
 * ```
 */
export class DiagnosticError extends Error {
  /** The diagnostics to report. */
  readonly diagnostics: readonly Diagnostic[];

  /** Wraps one or more diagnostics; the message is the first summary. */
  constructor(diagnostics: Diagnostic | readonly Diagnostic[]) {
    const list = Array.isArray(diagnostics)
      ? diagnostics as readonly Diagnostic[]
      : [diagnostics as Diagnostic];
    super(list[0]?.summary ?? "error");
    this.name = "DiagnosticError";
    this.diagnostics = list;
  }

  /** An error diagnostic at an attribute path. */
  static at(summary: string, path: DiagnosticOptions["path"], detail?: string): DiagnosticError {
    const opts: DiagnosticOptions = detail === undefined ? { path } : { path, detail };
    return new DiagnosticError(errorDiagnostic(summary, opts));
  }
}
