/**
 * Plan checks: assertions on a saved plan (`terraform show -json` of
 * `plan -out`), run at the moments an acceptance step names — before apply,
 * after apply before and after refresh, and after a refresh-only step.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expectResourceAction, parsePlan } from "@foundry/foundry/testing";
 * const plan = parsePlan(JSON.stringify({ resource_changes: [{
 *   address: "kit_item.a",
 *   change: { actions: ["delete", "create"], before: {}, after: {}, replace_paths: [["zone"]] },
 * }] }));
 * const scope = { step: 1, phase: "plan before apply" };
 * expectResourceAction("kit_item.a", "replace").check(plan, scope);
 * assert.throws(
 *   () => expectResourceAction("kit_item.a", "update").check(plan, scope),
 *   /step 2 \(plan before apply\): kit_item\.a: expected action update, got replace \(forced by zone\)/,
 * );
 * ```
 *
 * @module
 */

import { type CheckPath, lookupPath, pathText } from "./attribute_path.ts";
import { addressOf, type CheckTarget, checkTargetPath, type PathFor } from "./schema_path.ts";
import { checkFailure, type CheckScope } from "./check_failure.ts";
import type { Plan, PlannedChange, ResourceAction } from "./plan.ts";
import { asMatcher, showValue, type ValueMatcher } from "./value_matchers.ts";

/** An assertion on a plan. */
export interface PlanCheck {
  /** What it asserts, in words. */
  readonly description: string;
  /** Throws a `testing.check_failed` FoundryError when the plan does not satisfy it. */
  check(plan: Plan, scope: CheckScope): void;
}

function changeOf(plan: Plan, address: string, scope: CheckScope, expected: string): PlannedChange {
  const c = plan.change(address);
  if (c !== undefined) return c;
  const have = plan.changes.map((x) => x.address).join(", ") || "none";
  throw checkFailure(scope, {
    subject: address,
    expected,
    actual: `no change for ${address} in the plan (it has: ${have})`,
  });
}

function describeAction(c: PlannedChange): string {
  if (c.action !== "replace") return c.action;
  const why = c.replacePaths.map((p) => pathText(p)).join(", ");
  return why === "" ? "replace" : `replace (forced by ${why})`;
}

/**
 * The plan does `action` to the resource at `address`.
 *
 * @example
 * ```ts
 * import { expectResourceAction } from "@foundry/foundry/testing";
 * const steps = [{
 *   config: `resource "terraform_data" "a" {}`,
 *   planChecks: { preApply: [expectResourceAction("terraform_data.a", "create")] },
 * }];
 * ```
 */
export function expectResourceAction(target: CheckTarget, action: ResourceAction): PlanCheck {
  const address = addressOf(target);
  return {
    description: `${address} is planned for ${action}`,
    check(plan, scope) {
      const c = changeOf(plan, address, scope, `action ${action}`);
      if (c.action !== action) {
        throw checkFailure(scope, {
          subject: address,
          expected: `action ${action}`,
          actual: describeAction(c),
        });
      }
    },
  };
}

function changed(plan: Plan): string {
  const list = plan.changes.filter((c) => c.action !== "no-op").map((c) =>
    `${c.address} (${describeAction(c)})`
  );
  for (const [name, a] of Object.entries(plan.outputChanges)) {
    if (a !== "no-op") list.push(`output.${name} (${a})`);
  }
  return list.join(", ");
}

/**
 * The plan changes nothing.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expectEmptyPlan, parsePlan } from "@foundry/foundry/testing";
 * const plan = parsePlan(JSON.stringify({ resource_changes: [
 *   { address: "a.b", change: { actions: ["update"] } },
 * ] }));
 * assert.throws(() => expectEmptyPlan().check(plan, { step: 0, phase: "plan after apply" }), /a\.b \(update\)/);
 * ```
 */
export function expectEmptyPlan(): PlanCheck {
  return {
    description: "the plan is empty",
    check(plan, scope) {
      if (plan.hasChanges) {
        throw checkFailure(scope, {
          subject: "the plan",
          expected: "no changes",
          actual: `changes to ${changed(plan)}`,
        });
      }
    },
  };
}

/**
 * The plan changes something.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expectNonEmptyPlan, parsePlan } from "@foundry/foundry/testing";
 * assert.throws(
 *   () => expectNonEmptyPlan().check(parsePlan("{}"), { step: 0, phase: "plan after refresh" }),
 *   /the plan: expected changes, got no changes/,
 * );
 * ```
 */
export function expectNonEmptyPlan(): PlanCheck {
  return {
    description: "the plan has changes",
    check(plan, scope) {
      if (!plan.hasChanges) {
        throw checkFailure(scope, {
          subject: "the plan",
          expected: "changes",
          actual: "no changes",
        });
      }
    },
  };
}

/**
 * The planned value at `path` of `address` is unknown (known only after apply).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expectUnknownValue, parsePlan } from "@foundry/foundry/testing";
 * const plan = parsePlan(JSON.stringify({ resource_changes: [{
 *   address: "kit_item.a", change: { actions: ["update"], after: { revision: null }, after_unknown: { revision: true } },
 * }] }));
 * expectUnknownValue("kit_item.a", "revision").check(plan, { step: 0, phase: "plan before apply" });
 * ```
 */
export function expectUnknownValue<A extends CheckTarget>(target: A, path: PathFor<A>): PlanCheck;
export function expectUnknownValue(target: CheckTarget, path: CheckPath): PlanCheck {
  checkTargetPath(target, path, "expectUnknownValue");
  const address = addressOf(target);
  return {
    description: `${address}.${pathText(path)} is unknown in the plan`,
    check(plan, scope) {
      const c = changeOf(plan, address, scope, "an unknown value");
      const unknown = lookupPath(c.afterUnknown, path);
      if (unknown.found && unknown.value === true) return;
      const known = lookupPath(c.after, path);
      throw checkFailure(scope, {
        subject: address,
        attribute: pathText(path),
        expected: "an unknown value",
        actual: known.found ? `known ${showValue(known.value)}` : known.why,
      });
    },
  };
}

/**
 * The planned value at `path` of `address` is known and matches (a plain
 * value means exactly it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expectPlannedValue, parsePlan } from "@foundry/foundry/testing";
 * const plan = parsePlan(JSON.stringify({ resource_changes: [{
 *   address: "kit_item.a", change: { actions: ["create"], after: { name: "a", id: null }, after_unknown: { id: true } },
 * }] }));
 * const scope = { step: 0, phase: "plan before apply" };
 * expectPlannedValue("kit_item.a", "name", "a").check(plan, scope);
 * assert.throws(() => expectPlannedValue("kit_item.a", "id", "x").check(plan, scope), /expected "x", got unknown/);
 * ```
 */
export function expectPlannedValue<A extends CheckTarget>(
  target: A,
  path: PathFor<A>,
  expected: ValueMatcher | unknown,
): PlanCheck;
export function expectPlannedValue(
  target: CheckTarget,
  path: CheckPath,
  expected: ValueMatcher | unknown,
): PlanCheck {
  checkTargetPath(target, path, "expectPlannedValue");
  const address = addressOf(target);
  const m = asMatcher(expected);
  return {
    description: `${address}.${pathText(path)} is planned as ${m.expected}`,
    check(plan, scope) {
      const c = changeOf(plan, address, scope, m.expected);
      const attribute = pathText(path);
      const unknown = lookupPath(c.afterUnknown, path);
      if (unknown.found && unknown.value === true) {
        throw checkFailure(scope, {
          subject: address,
          attribute,
          expected: m.expected,
          actual: "unknown",
        });
      }
      const v = lookupPath(c.after, path);
      if (!v.found) {
        throw checkFailure(scope, {
          subject: address,
          attribute,
          expected: m.expected,
          actual: v.why,
        });
      }
      if (!m.matches(v.value)) {
        throw checkFailure(scope, {
          subject: address,
          attribute,
          expected: m.expected,
          actual: showValue(v.value),
        });
      }
    },
  };
}
