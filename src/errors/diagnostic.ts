/**
 * Diagnostics: the values every layer uses to report a problem a person can
 * act on. A diagnostic says what went wrong (`summary`), why and how to fix it
 * (`detail`), and where: an attribute path into a configuration, a range in a
 * source file, or both.
 *
 * @module
 */

import type { AttributePath } from "./path.ts";

/** How serious a diagnostic is. Errors stop an operation; warnings do not. */
export type Severity = "error" | "warning";

/** A position in a source file. Lines and columns count from 1, bytes from 0. */
export interface SourcePos {
  /** 1-based line number. */
  readonly line: number;
  /** 1-based column, counted in Unicode characters (as HCL does). */
  readonly column: number;
  /** 0-based byte offset into the UTF-8 source. */
  readonly byte: number;
}

/** A half-open range `[start, end)` in a named source file. */
export interface SourceRange {
  /** The file name as the user would recognise it (`main.tf`). */
  readonly filename: string;
  /** First character of the range. */
  readonly start: SourcePos;
  /** Just past the last character of the range. */
  readonly end: SourcePos;
}

/** One reported problem. */
export interface Diagnostic {
  /** `error` stops the operation, `warning` does not. */
  readonly severity: Severity;
  /** A short sentence: what is wrong. */
  readonly summary: string;
  /** Longer text: why, and what to do about it. */
  readonly detail?: string;
  /** The attribute the problem is about, when there is one. */
  readonly path?: AttributePath;
  /** Where in a source file the problem is, when known. */
  readonly range?: SourceRange;
}

/** Optional parts of a diagnostic, for {@link errorDiagnostic} and {@link warningDiagnostic}. */
export interface DiagnosticOptions {
  /** Longer explanation. */
  detail?: string;
  /** Attribute path the problem is about. */
  path?: AttributePath;
  /** Source range the problem is about. */
  range?: SourceRange;
}

function make(severity: Severity, summary: string, opts: DiagnosticOptions): Diagnostic {
  const d: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = { severity, summary };
  if (opts.detail !== undefined) d.detail = opts.detail;
  if (opts.path !== undefined) d.path = opts.path;
  if (opts.range !== undefined) d.range = opts.range;
  return d;
}

/**
 * Makes an error diagnostic.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { errorDiagnostic } from "@foundry/foundry/errors";
 * const d = errorDiagnostic("Invalid port", {
 *   detail: "Ports run from 1 to 65535.",
 *   path: [{ kind: "attr", name: "port" }],
 * });
 * assert.equal(d.severity, "error");
 * ```
 */
export function errorDiagnostic(summary: string, opts: DiagnosticOptions = {}): Diagnostic {
  return make("error", summary, opts);
}

/**
 * Makes a warning diagnostic.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { warningDiagnostic } from "@foundry/foundry/errors";
 * const d = warningDiagnostic("Deprecated attribute", { detail: "Use `size` instead." });
 * assert.equal(d.severity, "warning");
 * ```
 */
export function warningDiagnostic(summary: string, opts: DiagnosticOptions = {}): Diagnostic {
  return make("warning", summary, opts);
}

/**
 * True when any diagnostic in the list is an error.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { errorDiagnostic, hasErrors, warningDiagnostic } from "@foundry/foundry/errors";
 * assert.ok(!hasErrors([warningDiagnostic("careful")]));
 * assert.ok(hasErrors([warningDiagnostic("careful"), errorDiagnostic("broken")]));
 * ```
 */
export function hasErrors(diagnostics: Iterable<Diagnostic>): boolean {
  for (const d of diagnostics) if (d.severity === "error") return true;
  return false;
}

/**
 * A growable list of diagnostics, the usual way to collect problems while
 * walking a configuration and report them all at once.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * const diags = new Diagnostics();
 * diags.warning("Deprecated attribute");
 * diags.error("Missing name", { path: [{ kind: "attr", name: "name" }] });
 * assert.ok(diags.hasErrors());
 * assert.equal(diags.length, 2);
 * ```
 */
export class Diagnostics implements Iterable<Diagnostic> {
  readonly #items: Diagnostic[] = [];

  /** Creates a list holding `initial`. */
  constructor(initial: Iterable<Diagnostic> = []) {
    for (const d of initial) this.#items.push(d);
  }

  /** Number of diagnostics collected. */
  get length(): number {
    return this.#items.length;
  }

  /** Adds diagnostics. Returns `this` for chaining. */
  push(...diagnostics: Diagnostic[]): this {
    for (const d of diagnostics) this.#items.push(d);
    return this;
  }

  /** Adds every diagnostic of another list. */
  append(diagnostics: Iterable<Diagnostic>): this {
    for (const d of diagnostics) this.#items.push(d);
    return this;
  }

  /** Adds an error diagnostic. */
  error(summary: string, opts: DiagnosticOptions = {}): this {
    return this.push(errorDiagnostic(summary, opts));
  }

  /** Adds a warning diagnostic. */
  warning(summary: string, opts: DiagnosticOptions = {}): this {
    return this.push(warningDiagnostic(summary, opts));
  }

  /** True when any collected diagnostic is an error. */
  hasErrors(): boolean {
    return hasErrors(this.#items);
  }

  /** The errors only. */
  errors(): Diagnostic[] {
    return this.#items.filter((d) => d.severity === "error");
  }

  /** The warnings only. */
  warnings(): Diagnostic[] {
    return this.#items.filter((d) => d.severity === "warning");
  }

  /** A copy of the collected diagnostics as a plain array. */
  toArray(): Diagnostic[] {
    return this.#items.slice();
  }

  [Symbol.iterator](): Iterator<Diagnostic> {
    return this.#items[Symbol.iterator]();
  }
}
