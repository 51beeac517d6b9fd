/**
 * The one shape of a failed check: the step and phase, the resource (or
 * output), the attribute, what was expected and what was there, so a
 * failure reads the same whether a plan check, a state check or a
 * comparison across steps made it.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";

/** Where a check runs: the step (0-based) and the moment within it. */
export interface CheckScope {
  /** 0-based index of the step. */
  readonly step: number;
  /** The moment: `state after apply`, `plan before apply`, `plan after refresh`... */
  readonly phase: string;
}

/** The facts of a failed check. */
export interface CheckFacts {
  /** Resource address, or `output.NAME`, or `the plan` for whole-plan checks. */
  readonly subject: string;
  /** The attribute path as text, when the check is about one. */
  readonly attribute?: string;
  /** What was expected, in words. */
  readonly expected: string;
  /** What was there, in words. */
  readonly actual: string;
}

/**
 * A `testing.check_failed` error: `step 2 (state after apply): kit_item.a:
 * attribute name: expected "b", got "a"`, with the facts in its context.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkFailure } from "./check_failure.ts";
 * const e = checkFailure({ step: 1, phase: "state after apply" }, {
 *   subject: "kit_item.a", attribute: "name", expected: '"b"', actual: '"a"',
 * });
 * assert.equal(e.message, 'step 2 (state after apply): kit_item.a: attribute name: expected "b", got "a"');
 * assert.equal(e.context.step, 1);
 * ```
 */
export function checkFailure(scope: CheckScope, facts: CheckFacts): FoundryError {
  const attr = facts.attribute === undefined ? "" : ` attribute ${facts.attribute}:`;
  return new FoundryError(
    "testing.check_failed",
    `step ${
      scope.step + 1
    } (${scope.phase}): ${facts.subject}:${attr} expected ${facts.expected}, got ${facts.actual}`,
    { context: { ...scope, ...facts } },
  );
}
