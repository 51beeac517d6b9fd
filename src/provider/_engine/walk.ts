/**
 * Walks a planned object alongside its configuration and prior state,
 * attribute by attribute, through nested attributes and blocks, letting a
 * visitor replace attribute values. Objects and collections are rebuilt only
 * when something inside changed. Internal to planning.
 *
 * @module
 */

import type { PathStep } from "../../errors/mod.ts";
import type { ObjectType } from "../../cty/mod.ts";
import { Value } from "../../cty/core.ts";
import { isUnknownValue, nullOf, rebuild, unknownOf } from "./cty_build.ts";
import type { AnyAttribute, AttributeNesting, BlockNesting, Fields } from "../schema_types.ts";

/** Returned by a visitor to descend into a nested attribute instead of replacing it. */
export const RECURSE: unique symbol = Symbol("recurse");

/** What a visitor sees for one attribute. */
export interface Visit {
  /** The attribute's definition. */
  readonly def: AnyAttribute;
  /** Its planned value. */
  readonly plan: Value;
  /** Its configured value (null when the surrounding config is null). */
  readonly config: Value;
  /** Its prior state value, when there is a matching prior object. */
  readonly prior: Value | undefined;
  /** Where it is (do not keep: the array is reused). */
  readonly path: PathStep[];
}

/** Replaces an attribute value, or asks to descend with {@link RECURSE}. */
export type Visitor = (v: Visit) => Value | typeof RECURSE | Promise<Value | typeof RECURSE>;

function child(parent: Value | undefined, name: string, type: Value["type"]): Value {
  if (parent === undefined || parent.isNull) return nullOf(type);
  if (isUnknownValue(parent)) return unknownOf(type);
  return parent.getAttr(name);
}

function known(v: Value | undefined): v is Value {
  return v !== undefined && v.isKnown && !v.isNull;
}

/**
 * The attributes of `fields` a walk visits, as a function of `fields`
 * (cached by whoever makes it): a superset of those whose value its visitor
 * may change, nested attributes and blocks included when anything inside
 * may change. Attributes left out keep their value, as if visited.
 */
export type Reach = (fields: Fields) => readonly string[];

/**
 * Walks the attributes of object `plan` (described by `fields`), returning the
 * possibly rebuilt object: synchronously when every visitor answered
 * synchronously, else a promise. With `reach`, only the attributes it names
 * are visited.
 */
export function walkObject(
  fields: Fields,
  plan: Value,
  config: Value | undefined,
  prior: Value | undefined,
  path: PathStep[],
  visit: Visitor,
  byContent = false,
  reach?: Reach,
): Value | Promise<Value> {
  if (!known(plan) || plan.type.kind !== "object") return plan;
  const t = plan.type as ObjectType;
  const walk: ObjectWalk = {
    fields,
    plan,
    config,
    prior: known(prior) ? prior : undefined,
    path,
    visit,
    byContent,
    reach,
    names: reach === undefined ? t.names : reach(fields),
    raw: plan.raw as readonly Value[],
    out: undefined,
  };
  return walkFrom(walk, 0);
}

/** One object's walk in progress: what {@link walkFrom} resumes after a promise. */
interface ObjectWalk {
  readonly fields: Fields;
  readonly plan: Value;
  readonly config: Value | undefined;
  readonly prior: Value | undefined;
  readonly path: PathStep[];
  readonly visit: Visitor;
  readonly byContent: boolean;
  readonly reach: Reach | undefined;
  /** The attribute names visited, in order. */
  readonly names: readonly string[];
  /** The object's attribute values, by slot. */
  readonly raw: readonly Value[];
  /** A copy of `raw` once an attribute changed. */
  out: Value[] | undefined;
}

// A plain loop that turns into a promise chain only at the first visitor
// (or nested walk) that answers with a promise: the usual walk allocates no
// promise and costs no turn of the microtask queue.
function walkFrom(w: ObjectWalk, from: number): Value | Promise<Value> {
  const t = w.plan.type as ObjectType;
  for (let k = from; k < w.names.length; k++) {
    const name = w.names[k];
    const f = w.fields[name];
    const slot = w.reach === undefined ? k : t.slots.get(name);
    if (f === undefined || slot === undefined) continue;
    const p = w.raw[slot];
    const c = child(w.config, name, p.type);
    const pr = w.prior === undefined ? undefined : w.prior.getAttr(name);
    w.path.push({ kind: "attr", name });
    let nv: Value | Promise<Value>;
    if (f.kind === "block") {
      nv = walkNested(f.fields, f.nesting, p, c, pr, w.path, w.visit, w.byContent, w.reach);
    } else {
      const r = w.visit({ def: f, plan: p, config: c, prior: pr, path: w.path });
      nv = r instanceof Promise
        ? r.then((v) => v === RECURSE ? descend(w, f, p, c, pr) : v)
        : r === RECURSE
        ? descend(w, f, p, c, pr)
        : r;
    }
    if (nv instanceof Promise) {
      return nv.then((v) => {
        settle(w, slot, p, v);
        return walkFrom(w, k + 1);
      });
    }
    settle(w, slot, p, nv);
  }
  return w.out === undefined ? w.plan : new Value(t, w.out);
}

/** A visitor's RECURSE: into a nested attribute's objects; a plain attribute keeps its value. */
function descend(
  w: ObjectWalk,
  f: AnyAttribute,
  p: Value,
  c: Value,
  pr: Value | undefined,
): Value | Promise<Value> {
  return f.kind === "nested"
    ? walkNested(f.fields, f.nesting, p, c, pr, w.path, w.visit, w.byContent, w.reach)
    : p;
}

/** Records attribute `slot`'s new value `nv` (was `p`) and leaves its path step. */
function settle(w: ObjectWalk, slot: number, p: Value, nv: Value): void {
  w.path.pop();
  if (nv !== p) (w.out ??= w.raw.slice())[slot] = nv;
}

/**
 * Walks each object of a nested attribute or block value. With `byContent`,
 * a list or map element's prior counterpart is the prior element whose
 * configured attributes it shares (same index or key first), not merely the
 * one at its position: a changed or moved element has no stale prior.
 */
export function walkNested(
  fields: Fields,
  nesting: AttributeNesting | BlockNesting,
  plan: Value,
  config: Value | undefined,
  prior: Value | undefined,
  path: PathStep[],
  visit: Visitor,
  byContent = false,
  reach?: Reach,
): Value | Promise<Value> {
  if (!known(plan)) return plan;
  if (nesting === "single" || nesting === "group") {
    return walkObject(fields, plan, config, prior, path, visit, byContent, reach);
  }
  // Nothing inside to visit (an empty block list is the common case).
  if (nesting === "map" ? (plan.raw as ReadonlyMap<string, Value>).size === 0 : plan.length === 0) {
    return plan;
  }
  return walkElements(fields, nesting, plan, config, prior, path, visit, byContent, reach);
}

/** The objects of a non-empty list, set or map of `fields`, one after another. */
async function walkElements(
  fields: Fields,
  nesting: "list" | "set" | "map",
  plan: Value,
  config: Value | undefined,
  prior: Value | undefined,
  path: PathStep[],
  visit: Visitor,
  byContent: boolean,
  reach: Reach | undefined,
): Promise<Value> {
  if (nesting === "map") {
    const src = plan.raw as ReadonlyMap<string, Value>;
    const cfg = known(config) ? config.raw as ReadonlyMap<string, Value> : undefined;
    const pri = known(prior) ? prior.raw as ReadonlyMap<string, Value> : undefined;
    const out = new Map<string, Value>();
    let changed = false;
    for (const [k, el] of src) {
      path.push({ kind: "key", key: k });
      let pr = pri?.get(k);
      if (byContent && pr !== undefined && !agrees(fields, el, pr)) pr = undefined;
      const nv = await walkObject(fields, el, cfg?.get(k), pr, path, visit, byContent, reach);
      path.pop();
      out.set(k, nv);
      if (nv !== el) changed = true;
    }
    return changed ? rebuild(plan.type, out) : plan;
  }
  const els = plan.elements();
  const cfgEls = known(config) ? config.elements() : [];
  const priEls = known(prior) ? prior.elements() : [];
  const out: Value[] = new Array(els.length);
  let changed = false;
  for (let i = 0; i < els.length; i++) {
    const el = els[i];
    let c: Value | undefined;
    let pr: Value | undefined;
    if (nesting === "list") {
      path.push({ kind: "index", index: i });
      c = cfgEls[i];
      pr = priEls[i];
      if (byContent && (pr === undefined || !agrees(fields, el, pr))) {
        pr = priEls.find((pe) => agrees(fields, el, pe));
      }
    } else {
      path.push({ kind: "element", value: el });
      c = cfgEls.find((ce) => agrees(fields, el, ce));
      pr = priEls.find((pe) => agrees(fields, el, pe));
    }
    out[i] = await walkObject(fields, el, c, pr, path, visit, byContent, reach);
    path.pop();
    if (out[i] !== el) changed = true;
  }
  return changed ? rebuild(plan.type, out) : plan;
}

/**
 * True when `other` could be the counterpart of set element `el`: every
 * attribute `other` sets (non-null) holds the same value in `el`, unless
 * `el` has it unknown.
 */
function agrees(fields: Fields, el: Value, other: Value): boolean {
  if (!known(el) || !known(other) || el.type.kind !== "object" || other.type.kind !== "object") {
    return false;
  }
  for (const name of (el.type as ObjectType).names) {
    const o = other.getAttr(name);
    if (o.isNull || !o.isKnown) continue;
    const f = fields[name];
    const e = el.getAttr(name);
    if (!e.isKnown) continue; // planned "known after apply": may become anything

    if (
      f !== undefined && f.kind !== "attribute" && (f.nesting === "single" || f.nesting === "group")
    ) {
      if (!agrees(f.fields, e, o)) return false;
      continue;
    }
    const eq = e.equals(o);
    if (!eq.isKnown || eq.raw !== true) return false;
  }
  return true;
}
