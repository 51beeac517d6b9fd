/**
 * The built-in plan modifiers: `useStateForUnknown` and `requiresReplaceIf`.
 *
 * @module
 */

import { isUnknown } from "./unknown.ts";
import type { PlanModifier, PlanModifierRequest } from "./plan_modifier.ts";

/**
 * On update, plans the prior state value instead of "(known after apply)"
 * for a computed attribute that does not change once set (ids, creation
 * times). Has no effect on create.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const id = s.string({ computed: true, planModifiers: [s.useStateForUnknown()] });
 * assert.equal(id.planModifiers.length, 1);
 * ```
 */
export function useStateForUnknown<V>(): PlanModifier<V> {
  return {
    description: "keeps the prior state value once it is known",
    modify({ plan, state, creating }) {
      if (creating || state === null || !isUnknown(plan)) return;
      return { plan: state };
    },
  };
}

/**
 * Requires replacement when the attribute changes and `fn` agrees.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "@foundry/foundry/provider";
 * const size = s.number({
 *   required: true,
 *   // Growing a disk is in place; shrinking it needs a new one.
 *   planModifiers: [s.requiresReplaceIf<number>(({ state, plan }) =>
 *     typeof plan === "number" && state !== null && plan < state)],
 * });
 * assert.equal(size.planModifiers.length, 1);
 * ```
 */
export function requiresReplaceIf<V>(
  fn: (req: PlanModifierRequest<V>) => boolean | Promise<boolean>,
  description = "requires replacement when the condition holds",
): PlanModifier<V> {
  return {
    description,
    async modify(req) {
      if (req.creating || !req.changed) return;
      if (await fn(req)) return { requiresReplace: true };
    },
  };
}
