/**
 * Errors and diagnostics shared by every Foundry layer.
 *
 * A {@link FoundryError} is thrown when code must stop; a {@link Diagnostic}
 * is a value describing a problem a person can act on, with an optional
 * attribute path and source range. Collect diagnostics with
 * {@link Diagnostics}, check them with {@link hasErrors} and show them with
 * {@link renderDiagnostics}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics, renderDiagnostics } from "@foundry/foundry/errors";
 * const diags = new Diagnostics();
 * diags.error("Missing name", {
 *   detail: "Every server needs a name.",
 *   path: [{ kind: "attr", name: "name" }],
 * });
 * assert.ok(diags.hasErrors());
 * assert.match(renderDiagnostics(diags), /^Error: Missing name/);
 * ```
 *
 * @module
 */

export { FoundryError, type FoundryErrorOptions, isFoundryError, toError } from "./error.ts";
export { type AttributePath, formatPath, type PathStep } from "./path.ts";
export {
  type Diagnostic,
  type DiagnosticOptions,
  Diagnostics,
  errorDiagnostic,
  hasErrors,
  type Severity,
  type SourcePos,
  type SourceRange,
  warningDiagnostic,
} from "./diagnostic.ts";
export { renderDiagnostic, renderDiagnostics, type RenderOptions } from "./render.ts";
