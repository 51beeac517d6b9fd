/**
 * Semantic equality: where a state `read` or `apply` returned differs from
 * the prior (or planned) value only in form, for an attribute with
 * `semanticEquals`, the prior value is kept. The API's normalised
 * `{"a":1}` then never shows as drift from the configured `{ "a": 1 }`,
 * and never trips Terraform's "inconsistent result" check.
 *
 * @module
 */

import type { ObjectType, Value } from "../../cty/mod.ts";
import { attrsOf, objectOf, rebuild } from "./cty_build.ts";
import { toPlain } from "./plain_values.ts";
import type { AttributeDef, Field, Fields, Mode } from "../schema_types.ts";

const HAS_SEMANTIC = new WeakMap<Fields, boolean>();

/** True when some attribute under `fields` has `semanticEquals` (cached per schema). */
function hasSemantic(fields: Fields): boolean {
  let found = HAS_SEMANTIC.get(fields);
  if (found === undefined) {
    found = Object.values(fields).some((f: Field) =>
      f.kind === "attribute" ? f.semanticEquals !== undefined : hasSemantic(f.fields)
    );
    HAS_SEMANTIC.set(fields, found);
  }
  return found;
}

function usable(v: Value | undefined): v is Value {
  return v !== undefined && v.isKnown && !v.isNull;
}

function sameAttribute(def: AttributeDef<unknown, Mode>, value: Value, prior: Value): Value {
  if (!usable(value) || !usable(prior) || !value.isWhollyKnown() || !prior.isWhollyKnown()) {
    return value;
  }
  const eq = value.equals(prior);
  if (eq.isKnown && eq.raw === true) return value;
  return def.semanticEquals!(toPlain(value, def), toPlain(prior, def)) ? prior : value;
}

function keepNested(f: Field, value: Value, prior: Value): Value {
  if (f.kind === "attribute") {
    return f.semanticEquals === undefined ? value : sameAttribute(f, value, prior);
  }
  if (!hasSemantic(f.fields) || !usable(value) || !usable(prior)) return value;
  switch (f.nesting) {
    case "single":
    case "group":
      return keepSemanticForms(f.fields, value, prior);
    case "list": {
      const els = value.elements();
      const pri = prior.elements();
      const out = els.map((el, i) => i < pri.length ? keepSemanticForms(f.fields, el, pri[i]) : el);
      return out.some((el, i) => el !== els[i]) ? rebuild(value.type, out) : value;
    }
    case "map": {
      const src = value.raw as ReadonlyMap<string, Value>;
      const pri = prior.raw as ReadonlyMap<string, Value>;
      const out = new Map<string, Value>();
      let changed = false;
      for (const [k, el] of src) {
        const p = pri.get(k);
        const nv = p === undefined ? el : keepSemanticForms(f.fields, el, p);
        if (nv !== el) changed = true;
        out.set(k, nv);
      }
      return changed ? rebuild(value.type, out) : value;
    }
    case "set": {
      // A set element matches the prior element it becomes once the prior
      // forms are kept.
      const pri = prior.elements();
      const els = value.elements();
      const out = els.map((el) => {
        for (const p of pri) {
          const kept = keepSemanticForms(f.fields, el, p);
          const eq = kept.equals(p);
          if (kept !== el && eq.isKnown && eq.raw === true) return p;
        }
        return el;
      });
      return out.some((el, i) => el !== els[i]) ? rebuild(value.type, out) : value;
    }
  }
}

/**
 * Returns `value` with each attribute that is semantically equal to its
 * counterpart in `prior` replaced by the prior form (unchanged objects are
 * returned as they are).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromPlain, keepSemanticForms } from "./mod.ts";
 * import { s } from "../mod.ts";
 * const schema = s.resource({ policy: s.jsonString({ required: true }) });
 * const prior = fromPlain({ policy: '{ "a": 1 }' }, schema.type);
 * const read = fromPlain({ policy: '{"a":1}' }, schema.type);
 * assert.equal(keepSemanticForms(schema.fields, read, prior), prior);
 * ```
 */
export function keepSemanticForms(fields: Fields, value: Value, prior: Value): Value {
  if (!hasSemantic(fields) || !usable(value) || !usable(prior)) return value;
  if (value.type.kind !== "object" || prior.type.kind !== "object") return value;
  const type = value.type as ObjectType;
  const attrs = attrsOf(value);
  let changed = false;
  for (const name of type.names) {
    const f = fields[name];
    if (f === undefined) continue;
    const nv = keepNested(f, attrs[name], prior.getAttr(name));
    if (nv !== attrs[name]) {
      attrs[name] = nv;
      changed = true;
    }
  }
  if (!changed) return value;
  const out = objectOf(type, attrs);
  // Whole-object identity when every attribute came back to the prior form.
  const eq = out.equals(prior);
  return eq.isKnown && eq.raw === true ? prior : out;
}
