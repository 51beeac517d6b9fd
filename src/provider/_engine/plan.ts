/**
 * Planning a resource change the way Terraform expects, so correct author
 * code never meets "Provider produced inconsistent result":
 *
 * 1. destroy (proposed state null) plans null;
 * 2. static defaults fill attributes the configuration leaves null;
 * 3. on create, and on update when anything differs from the prior state,
 *    computed attributes the configuration leaves null become unknown;
 *    when nothing differs the plan is the prior state;
 * 4. attribute plan modifiers run (`useStateForUnknown` restores prior values;
 *    inside lists, sets and maps of nested objects, from the prior element
 *    with the same arguments, so a changed or reordered element is not
 *    given another's value);
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
import { type Reach, RECURSE, type Visit, type Visitor, walkObject } from "./walk.ts";
import { namesWhere } from "./field_names.ts";
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

  // Walks that cannot change anything in this schema are skipped, and each
  // walk visits only the attributes it can change (see `Reach`). A walk
  // answers synchronously unless an author's modifier returned a promise:
  // awaiting only a promise saves a turn of the microtask queue per walk.
  const traits = planTraits(fields);
  const walk = (
    from: Value,
    before: Value | undefined,
    visit: Visitor,
    reach: Reach,
    byContent = false,
  ) => walkObject(fields, from, config, before, [], visit, byContent, reach);
  // Defaults first, so "nothing changed" compares like with like.
  let planned = proposed;
  if (traits.defaults) {
    const w = walk(proposed, priorOrUndef, applyDefault, WITH_DEFAULT);
    planned = w instanceof Promise ? await w : w;
  }

  const unchanged = !creating && isTrue(planned.equals(prior));
  if (unchanged) {
    planned = prior;
  } else {
    const w = walk(planned, priorOrUndef, markComputedUnknown, COMPUTED);
    planned = w instanceof Promise ? await w : w;
    if (traits.modifiers) {
      const m = walk(
        planned,
        priorOrUndef,
        (v) => {
          if (v.def.kind !== "attribute" || v.def.planModifiers.length === 0) return RECURSE;
          const lookup = configLookup(fields, config, v.path.slice(0, -1));
          return runModifiers(v, creating, requiresReplace, lookup);
          // Inside collections of nested objects a modifier's `state` is the prior
          // element with the same arguments: useStateForUnknown never copies a
          // value from an element that changed or moved.
        },
        WITH_MODIFIERS,
        true,
      );
      planned = m instanceof Promise ? await m : m;
    }
  }

  if (!creating && traits.replaces) {
    const r = walk(planned, prior, (v) => {
      // A computed value the configuration does not set is the provider's to
      // change; a default counts as configured.
      const providerOwned = v.def.computed && v.config.isNull && !hasDefault(v.def);
      if (v.def.requiresReplace && v.prior !== undefined && !providerOwned) {
        if (!isTrue(v.plan.equals(v.prior))) requiresReplace.push(addressable(v.path));
        return v.plan;
      }
      return RECURSE;
    }, REPLACING);
    if (r instanceof Promise) await r;
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
    return defaultValue(def, v.path);
  }
  return def.kind === "nested" ? RECURSE : v.plan;
}

// A scalar default converts to the same value every time and values are
// immutable: it is converted once, on the first plan that needs it. A list,
// map or object default is an object the author could still change, so it
// is converted as it is at each plan, as before.
const DEFAULTS = new WeakMap<AnyAttribute, Value>();

function defaultValue(def: Extract<AnyAttribute, { kind: "attribute" }>, path: PathStep[]): Value {
  const plain = def.default;
  if (typeof plain === "object" && plain !== null) return fromPlain(plain, def.type, { path });
  let v = DEFAULTS.get(def);
  if (v === undefined) {
    // A default that does not convert throws here, naming the path, on every plan.
    v = fromPlain(plain, def.type, { path });
    DEFAULTS.set(def, v);
  }
  return v;
}

function markComputedUnknown(v: Visit): Value | typeof RECURSE {
  const def = v.def;
  // The schema's type, not the prior value's: an unknown dynamic attribute
  // may become any type, where the prior value's concrete type would
  // promise Terraform the old one.
  if (def.computed && v.config.isNull && !hasDefault(def)) return unknownOf(def.type);
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

// What planning can skip for a schema, worked out once per schema: a walk
// visits every attribute of the resource object on every RPC, in a provider
// process whose code has not been optimised yet, so a walk that cannot
// change anything is not made.

/** Which of planning's attribute walks can find something in a schema. */
export interface PlanTraits {
  /** Some attribute, at any depth, has a static `default`. */
  readonly defaults: boolean;
  /** Some attribute, at any depth, has plan modifiers. */
  readonly modifiers: boolean;
  /** Some attribute, at any depth, is `requiresReplace`. */
  readonly replaces: boolean;
}

const cache = new WeakMap<Fields, PlanTraits>();

/**
 * A {@link Reach} of the attributes that match `test`, and of the nested
 * attributes and blocks holding one, in the order of the object type's
 * attribute names (the order walks visit, and so the order of modifiers'
 * calls and of `requiresReplace`). Cached per fields.
 */
function reachWhere(test: (f: AnyAttribute) => boolean): Reach {
  const reach: Reach = namesWhere((f) =>
    (f.kind !== "block" && test(f)) || (f.kind !== "attribute" && reach(f.fields).length > 0)
  );
  return reach;
}

/** What each of planning's walks visits. */
const WITH_DEFAULT = reachWhere((f) => f.kind === "attribute" && f.default !== undefined);
const COMPUTED = reachWhere((f) => f.computed);
const WITH_MODIFIERS = reachWhere((f) => f.kind === "attribute" && f.planModifiers.length > 0);
const REPLACING = reachWhere((f) => f.requiresReplace);

/**
 * The {@link PlanTraits} of `fields` (computed on first use, then cached).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { planTraits } from "./plan.ts";
 * import { s } from "../mod.ts";
 * const schema = s.resource({
 *   name: s.string({ required: true }),
 *   disk: s.listBlock({ size: s.number({ optional: true, default: 10 }) }),
 * });
 * assert.deepEqual(planTraits(schema.fields), { defaults: true, modifiers: false, replaces: false });
 * ```
 */
export function planTraits(fields: Fields): PlanTraits {
  let t = cache.get(fields);
  if (t === undefined) {
    const found = { defaults: false, modifiers: false, replaces: false };
    scan(fields, found);
    t = found;
    cache.set(fields, t);
  }
  return t;
}

function scan(fields: Fields, found: { defaults: boolean; modifiers: boolean; replaces: boolean }) {
  for (const name in fields) {
    const f = fields[name];
    if (f.kind === "block") {
      scan(f.fields, found);
      continue;
    }
    if (f.requiresReplace) found.replaces = true;
    if (f.kind === "nested") {
      scan(f.fields, found);
      continue;
    }
    if (f.default !== undefined) found.defaults = true;
    if (f.planModifiers.length > 0) found.modifiers = true;
  }
}
