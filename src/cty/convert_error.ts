/**
 * The one error conversions throw: a `FoundryError` with code `cty.convert`,
 * the path (shared `PathStep` form) of the value that did not convert and the
 * bare problem, so callers can turn it into a `Diagnostic` at that path.
 *
 * @module
 */

import { type AttributePath, formatPath, FoundryError, type PathStep } from "../errors/mod.ts";
import type { Value } from "./value.ts";

/** The code of every conversion failure. */
export const CONVERT_ERROR_CODE = "cty.convert";

/** A planned conversion step: converts `value` found at `path` (used in errors). */
export type PathConversion = (value: Value, path: readonly PathStep[]) => Value;

/**
 * Builds the conversion error for `problem` at `path`; the message leads
 * with the rendered path when there is one (`tags["env"]: expected ...`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { convertError } from "./convert_error.ts";
 * const e = convertError([{ kind: "attr", name: "port" }], "not a valid number");
 * assert.equal(e.message, "port: not a valid number");
 * assert.equal(e.code, "cty.convert");
 * ```
 */
export function convertError(path: AttributePath, problem: string): FoundryError {
  const where = formatPath(path);
  return new FoundryError(CONVERT_ERROR_CODE, where === "" ? problem : `${where}: ${problem}`, {
    context: { path: [...path], problem },
  });
}

/**
 * `path` with one more step, leaving `path` untouched.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { childPath } from "./convert_error.ts";
 * assert.equal(childPath([], { kind: "index", index: 0 }).length, 1);
 * ```
 */
export function childPath(path: readonly PathStep[], step: PathStep): PathStep[] {
  const out = path.slice();
  out.push(step);
  return out;
}
