/**
 * State checks: assertions on the state a step leaves, each naming the
 * resource, the attribute, the expected and the actual value and the step
 * when it fails. `compareValue` follows one attribute across steps
 * (unchanged: an update kept the id; changed: a replacement made a new one).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareValue, expectKnownValue, matches, parseState } from "@foundry/foundry/testing";
 * const state = (id: string) => parseState(JSON.stringify({ values: { root_module: { resources: [
 *   { address: "kit_item.a", mode: "managed", type: "kit_item", name: "a", values: { id, name: "a" } },
 * ] } } }));
 * const scope = (step: number) => ({ step, phase: "state after apply" });
 * expectKnownValue("kit_item.a", "id", matches(/^item-/)).check(state("item-1"), scope(0));
 * const sameId = compareValue("unchanged");
 * sameId.check("kit_item.a", "id").check(state("item-1"), scope(0));
 * assert.throws(
 *   () => sameId.check("kit_item.a", "id").check(state("item-2"), scope(1)),
 *   /step 2 \(state after apply\): kit_item\.a: attribute id: expected "item-1" \(unchanged since step 1\), got "item-2"/,
 * );
 * ```
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import { type CheckPath, lookupPath, pathText } from "./attribute_path.ts";
import { addressOf, type CheckTarget, checkTargetPath, type PathFor } from "./schema_path.ts";
import { checkFailure, type CheckScope } from "./check_failure.ts";
import type { State, StateResource } from "./state.ts";
import { asMatcher, showValue, type ValueMatcher } from "./value_matchers.ts";

/** An assertion on a state snapshot. */
export interface StateCheck {
  /** What it asserts, in words. */
  readonly description: string;
  /** Throws a `testing.check_failed` FoundryError when the state does not satisfy it. */
  check(state: State, scope: CheckScope): void;
}

function resourceIn(state: State, address: string, scope: CheckScope, expected: string) {
  const r: StateResource | undefined = state.resources.find((x) => x.address === address);
  if (r !== undefined) return r;
  const have = state.resources.map((x) => x.address).join(", ") || "none";
  throw checkFailure(scope, {
    subject: address,
    expected,
    actual: `no ${address} in state (it has: ${have})`,
  });
}

function valueAt(
  state: State,
  address: string,
  path: CheckPath,
  scope: CheckScope,
  expected: string,
) {
  const r = resourceIn(state, address, scope, expected);
  const v = lookupPath(r.values, path);
  if (!v.found) {
    throw checkFailure(scope, {
      subject: address,
      attribute: pathText(path),
      expected,
      actual: v.why,
    });
  }
  return v.value;
}

/**
 * The attribute at `path` of `address` matches (a plain value means exactly it).
 *
 * @example
 * ```ts
 * import { contains, expectKnownValue, isNull } from "@foundry/foundry/testing";
 * const checks = [
 *   expectKnownValue("kit_item.a", "name", "a"),
 *   expectKnownValue("kit_item.a", "value", isNull()),
 *   expectKnownValue("kit_item.a", "tags", contains("blue")),
 * ];
 * ```
 */
export function expectKnownValue<A extends CheckTarget>(
  target: A,
  path: PathFor<A>,
  expected: ValueMatcher | unknown,
): StateCheck;
export function expectKnownValue(
  target: CheckTarget,
  path: CheckPath,
  expected: ValueMatcher | unknown,
): StateCheck {
  checkTargetPath(target, path, "expectKnownValue");
  const address = addressOf(target);
  const m = asMatcher(expected);
  return {
    description: `${address}.${pathText(path)} is ${m.expected}`,
    check(state, scope) {
      const actual = valueAt(state, address, path, scope, m.expected);
      if (!m.matches(actual)) {
        throw checkFailure(scope, {
          subject: address,
          attribute: pathText(path),
          expected: m.expected,
          actual: showValue(actual),
        });
      }
    },
  };
}

/**
 * Root output `name` matches (a plain value means exactly it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expectKnownOutputValue, parseState } from "@foundry/foundry/testing";
 * const state = parseState('{"values":{"outputs":{"ip":{"value":"10.0.0.1","sensitive":false}},"root_module":{}}}');
 * expectKnownOutputValue("ip", "10.0.0.1").check(state, { step: 0, phase: "state after apply" });
 * assert.throws(() => expectKnownOutputValue("nope", 1).check(state, { step: 0, phase: "state after apply" }),
 *   /output\.nope: expected 1, got no output nope \(outputs: ip\)/);
 * ```
 */
export function expectKnownOutputValue(name: string, expected: ValueMatcher | unknown): StateCheck {
  const m = asMatcher(expected);
  return {
    description: `output ${name} is ${m.expected}`,
    check(state, scope) {
      const subject = `output.${name}`;
      if (!Object.hasOwn(state.outputs, name)) {
        const have = Object.keys(state.outputs).join(", ") || "none";
        throw checkFailure(scope, {
          subject,
          expected: m.expected,
          actual: `no output ${name} (outputs: ${have})`,
        });
      }
      const actual = state.outputs[name].value;
      if (!m.matches(actual)) {
        throw checkFailure(scope, { subject, expected: m.expected, actual: showValue(actual) });
      }
    },
  };
}

/**
 * The attribute at `path` of `address` is marked sensitive in state.
 *
 * @example
 * ```ts
 * import { expectSensitiveValue } from "@foundry/foundry/testing";
 * const check = expectSensitiveValue("example_server.web", "admin_password");
 * ```
 */
export function expectSensitiveValue<A extends CheckTarget>(
  target: A,
  path: PathFor<A>,
): StateCheck;
export function expectSensitiveValue(target: CheckTarget, path: CheckPath): StateCheck {
  checkTargetPath(target, path, "expectSensitiveValue");
  const address = addressOf(target);
  return {
    description: `${address}.${pathText(path)} is sensitive`,
    check(state, scope) {
      const r = resourceIn(state, address, scope, "a sensitive value");
      const mark = lookupPath(r.sensitiveValues, path);
      if (!mark.found || mark.value !== true) {
        throw checkFailure(scope, {
          subject: address,
          attribute: pathText(path),
          expected: "a sensitive value",
          actual: "a value not marked sensitive",
        });
      }
    },
  };
}

/**
 * No resource at `address` in state (it was destroyed or never created).
 *
 * @example
 * ```ts
 * import { expectNoResource, parseState } from "@foundry/foundry/testing";
 * expectNoResource("kit_item.gone").check(parseState("{}"), { step: 0, phase: "state after apply" });
 * ```
 */
export function expectNoResource(target: CheckTarget): StateCheck {
  const address = addressOf(target);
  return {
    description: `${address} is not in state`,
    check(state, scope) {
      const r = state.resources.find((x) => x.address === address);
      if (r !== undefined) {
        throw checkFailure(scope, {
          subject: address,
          expected: "no such resource in state",
          actual: `${address} with id ${showValue(r.values.id)}`,
        });
      }
    },
  };
}

/** How {@link compareValue} relates a value to the one recorded before. */
export type Comparison = "unchanged" | "changed";

/** One attribute followed across steps; see {@link compareValue}. */
export interface ValueComparison {
  /** How values relate. */
  readonly comparison: Comparison;
  /**
   * A state check recording the attribute in this step and comparing it
   * with the last one; the path is typed from the schema when `target` is
   * a typed address.
   */
  check<A extends CheckTarget>(target: A, path: PathFor<A>): StateCheck;
}

/**
 * Follows an attribute across steps: put `cmp.check(address, path)` in the
 * `stateChecks` of each step concerned; from the second on, the value must
 * be equal to (`unchanged`) or differ from (`changed`) the one recorded by
 * the step before. Use one comparison per acceptance run.
 *
 * @example
 * ```ts
 * import { compareValue } from "@foundry/foundry/testing";
 * const idKept = compareValue("unchanged");
 * const steps = [
 *   { config: `resource "kit_item" "a" {\n  name = "a"\n}`, stateChecks: [idKept.check("kit_item.a", "id")] },
 *   { config: `resource "kit_item" "a" {\n  name = "b"\n}`, stateChecks: [idKept.check("kit_item.a", "id")] },
 * ];
 * ```
 */
export function compareValue(comparison: Comparison): ValueComparison {
  if (comparison !== "unchanged" && comparison !== "changed") {
    throw new FoundryError(
      "testing.check_options",
      `compareValue: unknown comparison ${
        JSON.stringify(comparison)
      }; use "unchanged" or "changed"`,
    );
  }
  let last: { value: unknown; step: number; subject: string } | undefined;
  return {
    comparison,
    check(target: CheckTarget, path: CheckPath) {
      checkTargetPath(target, path, "compareValue");
      const address = addressOf(target);
      const attribute = pathText(path);
      return {
        description: `${address}.${attribute} is ${comparison} from the previous step`,
        check(state, scope) {
          const expected = last === undefined
            ? "a value"
            : comparison === "unchanged"
            ? `${showValue(last.value)} (unchanged since step ${last.step + 1})`
            : `a value other than ${showValue(last.value)} (set in step ${last.step + 1})`;
          const value = valueAt(state, address, path, scope, expected);
          if (last !== undefined) {
            const same = JSON.stringify(value) === JSON.stringify(last.value);
            if (same !== (comparison === "unchanged")) {
              const on = last.subject === `${address}.${attribute}`
                ? ""
                : ` (recorded from ${last.subject})`;
              throw checkFailure(scope, {
                subject: address,
                attribute,
                expected: expected + on,
                actual: showValue(value),
              });
            }
          }
          last = { value, step: scope.step, subject: `${address}.${attribute}` };
        },
      };
    },
  };
}
