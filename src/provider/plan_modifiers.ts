/**
 * The built-in plan modifiers: keeping prior values (`useStateForUnknown`,
 * `useStateForUnknownIf`), replacement (`requiresReplaceIf`,
 * `requiresReplaceIfConfigured`), and defaults computed from the rest of
 * the configuration (`defaultFrom`).
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineProvider, defineResource, s } from "@foundry/foundry/provider";
 * import { ProviderClient } from "@foundry/foundry/testing";
 *
 * const bucket = defineResource({
 *   typeName: "example_bucket",
 *   schema: s.resource({
 *     name: s.string({ required: true }),
 *     // Defaults to "<name>-logs"; follows name until configured.
 *     log_prefix: s.string({
 *       optional: true,
 *       computed: true,
 *       planModifiers: [s.defaultFrom(({ lookup }) => `${lookup("name").value}-logs`)],
 *     }),
 *     region: s.string({ optional: true, computed: true, planModifiers: [s.requiresReplaceIfConfigured()] }),
 *   }),
 *   create: ({ plan }) => ({
 *     name: plan.name,
 *     log_prefix: String(plan.log_prefix),
 *     region: typeof plan.region === "string" ? plan.region : "eu",
 *   }),
 *   read: ({ state }) => state,
 *   update: ({ plan, state }) => ({ ...state, name: plan.name }),
 *   delete: () => {},
 * });
 * const client = new ProviderClient(defineProvider({ typeName: "example", resources: [bucket] }));
 * const created = await client.create("example_bucket", { name: "web" });
 * assert.equal(created.plain?.log_prefix, "web-logs");
 * const moved = await client.plan("example_bucket", {
 *   prior: created.value,
 *   config: { name: "web", region: "us" },
 * });
 * assert.deepEqual(moved.requiresReplace, [[{ kind: "attr", name: "region" }]]);
 * ```
 *
 * @module
 */

import { isUnknown, type Unknown } from "./unknown.ts";
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

/**
 * Like {@link useStateForUnknown}, but only when `fn` agrees: keep an
 * address while the network it is in stays the same, say.
 *
 * @example Usage
 * ```ts
 * import { s } from "@foundry/foundry/provider";
 * const address = s.string({
 *   computed: true,
 *   planModifiers: [s.useStateForUnknownIf(({ lookup }) => lookup("subnet").value !== null)],
 * });
 * ```
 */
export function useStateForUnknownIf<V>(
  fn: (req: PlanModifierRequest<V>) => boolean | Promise<boolean>,
  description = "keeps the prior state value when the condition holds",
): PlanModifier<V> {
  const keep = useStateForUnknown<V>();
  return {
    description,
    async modify(req) {
      if (req.creating || req.state === null || !isUnknown(req.plan)) return;
      if (await fn(req)) return keep.modify(req);
    },
  };
}

/**
 * Requires replacement when the configured value changes; a value the
 * configuration leaves to the provider (null) never does.
 *
 * @example Usage
 * ```ts
 * import { s } from "@foundry/foundry/provider";
 * const zone = s.string({ optional: true, computed: true, planModifiers: [s.requiresReplaceIfConfigured()] });
 * ```
 */
export function requiresReplaceIfConfigured<V>(): PlanModifier<V> {
  return requiresReplaceIf<V>(
    ({ config }) => config !== null,
    "requires replacement when a configured value changes",
  );
}

/**
 * A default computed from the configuration (a dynamic default): when the
 * attribute is not configured and its value is still to be decided, plan
 * `fn`'s result. The attribute must be `optional` and `computed`. `fn` may
 * return the `unknown` sentinel when what it depends on is not known yet.
 *
 * @example Usage
 * ```ts
 * import { s, unknown } from "@foundry/foundry/provider";
 * const display = s.string({
 *   optional: true,
 *   computed: true,
 *   planModifiers: [s.defaultFrom(({ lookup }) => {
 *     const name = lookup("name").value;
 *     return typeof name === "string" ? name.toUpperCase() : unknown;
 *   })],
 * });
 * ```
 */
export function defaultFrom<V>(
  fn: (req: PlanModifierRequest<V>) => V | Unknown | Promise<V | Unknown>,
  description = "defaults to a value computed from the configuration",
): PlanModifier<V> {
  return {
    description,
    async modify(req) {
      if (req.config !== null || !isUnknown(req.plan)) return;
      return { plan: await fn(req) };
    },
  };
}
