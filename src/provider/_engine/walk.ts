/**
 * Walks a planned object alongside its configuration and prior state,
 * attribute by attribute, through nested attributes and blocks, letting a
 * visitor replace attribute values. Objects and collections are rebuilt only
 * when something inside changed. Internal to planning.
 *
 * @module
 */

import type { PathStep } from "../../errors/mod.ts";
import type { ObjectType, Value } from "../../cty/mod.ts";
import { attrsOf, isUnknownValue, nullOf, objectOf, rebuild, unknownOf } from "./cty_build.ts";
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
 * Walks the attributes of object `plan` (described by `fields`), returning the
 * possibly rebuilt object.
 */
export async function walkObject(
  fields: Fields,
  plan: Value,
  config: Value | undefined,
  prior: Value | undefined,
  path: PathStep[],
  visit: Visitor,
  byContent = false,
): Promise<Value> {
  if (!known(plan) || plan.type.kind !== "object") return plan;
  const t = plan.type as ObjectType;
  const attrs = attrsOf(plan);
  let changed = false;
  for (const name of t.names) {
    const f = fields[name];
    if (f === undefined) continue;
    const p = attrs[name];
    const c = child(config, name, p.type);
    const pr = known(prior) ? prior.getAttr(name) : undefined;
    path.push({ kind: "attr", name });
    let nv: Value;
    if (f.kind === "block") {
      nv = await walkNested(f.fields, f.nesting, p, c, pr, path, visit, byContent);
    } else {
      // Most visitors answer synchronously: awaiting only a promise saves a
      // turn of the microtask queue per attribute, per walk, per RPC.
      let r = visit({ def: f, plan: p, config: c, prior: pr, path });
      if (r instanceof Promise) r = await r;
      nv = r !== RECURSE
        ? r
        : f.kind === "nested"
        ? await walkNested(f.fields, f.nesting, p, c, pr, path, visit, byContent)
        : p;
    }
    path.pop();
    if (nv !== p) {
      attrs[name] = nv;
      changed = true;
    }
  }
  return changed ? objectOf(t, attrs) : plan;
}

/**
 * Walks each object of a nested attribute or block value. With `byContent`,
 * a list or map element's prior counterpart is the prior element whose
 * configured attributes it shares (same index or key first), not merely the
 * one at its position: a changed or moved element has no stale prior.
 */
export async function walkNested(
  fields: Fields,
  nesting: AttributeNesting | BlockNesting,
  plan: Value,
  config: Value | undefined,
  prior: Value | undefined,
  path: PathStep[],
  visit: Visitor,
  byContent = false,
): Promise<Value> {
  if (!known(plan)) return plan;
  if (nesting === "single" || nesting === "group") {
    return walkObject(fields, plan, config, prior, path, visit, byContent);
  }
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
      const nv = await walkObject(fields, el, cfg?.get(k), pr, path, visit, byContent);
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
    out[i] = await walkObject(fields, el, c, pr, path, visit, byContent);
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
