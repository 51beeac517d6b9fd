/**
 * Planning a resource change the way Terraform expects, so correct author
 * code never meets "Provider produced inconsistent result":
 *
 * 1. destroy (proposed state null) plans null;
 * 2. static defaults fill attributes the configuration leaves null;
 * 3. on create, and on update when anything differs from the prior state,
 *    computed attributes the configuration leaves null become unknown;
 *    when nothing differs the plan is the prior state;
 * 4. attribute plan modifiers run (`useStateForUnknown` restores prior values);
 * 5. `requiresReplace` attributes whose configured value changed are listed;
 * 6. the author's `modifyPlan` runs last.
 *
 * @module
 */

import { type AttributePath, Diagnostics, type PathStep } from "../../errors/mod.ts";
import type { Value } from "../../cty/mod.ts";
import { unknownOf } from "./cty_build.ts";
import { fromPlain, toPlain } from "./plain_values.ts";
import type { PlanModifierResponse } from "../plan_modifier.ts";
import type { AnyAttribute, Fields, Schema } from "../schema_types.ts";
import { RECURSE, type Visit, walkObject } from "./walk.ts";
import { configLookup } from "./config_lookup.ts";
import type { ConfigLookup } from "../validator.ts";

/**
 * The inputs of {@link planResourceChange}: cty values of the schema's type.
 */
export interface PlanInput {
  /** Prior state; a null object when the resource is being created. */
  readonly prior: Value;
  /** Terraform's proposed new state (config merged with prior computed values); null to destroy. */
  readonly proposed: Value;
  /** The configuration. */
  readonly config: Value;
}

/**
 * What planning produced.
 */
export interface PlanResult {
  /** The planned new state. */
  readonly planned: Value;
  /** Paths whose change forces replacement. */
  readonly requiresReplace: AttributePath[];
  /** Problems found (plan modifiers, author hook). */
  readonly diags: Diagnostics;
}

/**
 * The author's `modifyPlan` with plain values, already bound to its context;
 * returns a new plain plan or nothing.
 */
export type ModifyPlanHook = (
  plan: Record<string, unknown>,
  state: Record<string, unknown> | null,
  config: Record<string, unknown>,
  diags: Diagnostics,
) => Promise<Record<string, unknown> | void>;

function isTrue(v: Value): boolean {
  return v.isKnown && v.raw === true;
}

function hasDefault(def: AnyAttribute): boolean {
  return def.kind === "attribute" && def.default !== undefined;
}

/** Set elements have no address on the wire: cut the path before one. */
function addressable(path: readonly PathStep[]): AttributePath {
  const i = path.findIndex((s) => s.kind === "element");
  return i < 0 ? [...path] : path.slice(0, i);
}

/**
 * Plans a resource change (see the module documentation for the rules).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { planResourceChange } from "./mod.ts";
 * import { s } from "../mod.ts";
 * import { cty } from "@foundry/foundry/cty";
 * const schema = s.resource({ id: s.string({ computed: true }), name: s.string({ required: true }) });
 * const config = cty.object({ id: cty.nullValue(cty.String), name: cty.string("web") });
 * const { planned } = await planResourceChange(schema, {
 *   prior: cty.nullValue(config.type), proposed: config, config,
 * });
 * assert.ok(!planned.getAttr("id").isKnown);
 * ```
 */
export async function planResourceChange(
  schema: Schema<Fields>,
  input: PlanInput,
  modifyPlan?: ModifyPlanHook,
): Promise<PlanResult> {
  const diags = new Diagnostics();
  const requiresReplace: AttributePath[] = [];
  const { prior, proposed, config } = input;
  if (proposed.isNull) return { planned: proposed, requiresReplace, diags };
  const creating = prior.isNull;
  const fields = schema.fields;
  const priorOrUndef = creating ? undefined : prior;

  // Defaults first, so "nothing changed" compares like with like.
  let planned = await walkObject(fields, proposed, config, priorOrUndef, [], applyDefault);

  const unchanged = !creating && isTrue(planned.equals(prior));
  if (unchanged) {
    planned = prior;
  } else {
    planned = await walkObject(fields, planned, config, priorOrUndef, [], markComputedUnknown);
    planned = await walkObject(fields, planned, config, priorOrUndef, [], async (v) => {
      if (v.def.kind !== "attribute" || v.def.planModifiers.length === 0) return RECURSE;
      const lookup = configLookup(fields, config, v.path.slice(0, -1));
      return await runModifiers(v, creating, requiresReplace, lookup);
    });
  }

  if (!creating) {
    await walkObject(fields, planned, config, prior, [], (v) => {
      // A computed value the configuration does not set is the provider's to
      // change; a default counts as configured.
      const providerOwned = v.def.computed && v.config.isNull && !hasDefault(v.def);
      if (v.def.requiresReplace && v.prior !== undefined && !providerOwned) {
        if (!isTrue(v.plan.equals(v.prior))) requiresReplace.push(addressable(v.path));
        return v.plan;
      }
      return RECURSE;
    });
  }

  if (modifyPlan !== undefined && !unchanged) {
    const plain = toPlain(planned, fields) as Record<string, unknown>;
    const next = await modifyPlan(
      plain,
      creating ? null : toPlain(prior, fields) as Record<string, unknown>,
      toPlain(config, fields) as Record<string, unknown>,
      diags,
    );
    // Keys the author left out keep the plan Foundry made.
    if (next !== undefined && next !== null) {
      planned = fromPlain(next, planned.type, { fallback: planned });
    }
  }
  return { planned, requiresReplace: dedupe(requiresReplace), diags };
}

function applyDefault(v: Visit): Value | typeof RECURSE {
  const def = v.def;
  if (def.kind === "attribute" && def.default !== undefined && v.config.isNull) {
    return fromPlain(def.default, def.type, { path: v.path });
  }
  return def.kind === "nested" ? RECURSE : v.plan;
}

function markComputedUnknown(v: Visit): Value | typeof RECURSE {
  const def = v.def;
  if (def.computed && v.config.isNull && !hasDefault(def)) return unknownOf(v.plan.type);
  return def.kind === "nested" ? RECURSE : v.plan;
}

async function runModifiers(
  v: Visit,
  creating: boolean,
  requiresReplace: AttributePath[],
  lookup: ConfigLookup,
): Promise<Value> {
  const def = v.def;
  if (def.kind !== "attribute") return v.plan;
  let plan = v.plan;
  for (const m of def.planModifiers) {
    const changed = v.prior === undefined || !isTrue(plan.equals(v.prior));
    const resp: PlanModifierResponse<unknown> | void = await m.modify({
      path: [...v.path],
      config: toPlain(v.config, def),
      state: creating || v.prior === undefined ? null : toPlain(v.prior, def),
      plan: toPlain(plan, def),
      creating,
      changed,
      lookup,
    });
    if (resp === undefined || resp === null) continue;
    if (resp.plan !== undefined) plan = fromPlain(resp.plan, def.type, { path: v.path });
    if (resp.requiresReplace === true) requiresReplace.push(addressable(v.path));
  }
  return plan;
}

function dedupe(paths: AttributePath[]): AttributePath[] {
  const seen = new Set<string>();
  return paths.filter((p) => {
    const k = JSON.stringify(p);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
