/**
 * Terraform's proposed new state, as the in-process client computes it
 * when a test gives none.
 *
 * @module
 */

import { Value } from "../cty/mod.ts";
import type { Fields } from "../provider/mod.ts";

/**
 * Terraform's proposed new state, simplified: the configuration, with each
 * computed attribute the configuration leaves null taken from the prior
 * state (recursing into single and list nested blocks).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { proposeNewState } from "@foundry/foundry/testing";
 * import { fromPlain } from "../provider/_engine/mod.ts";
 * import { s } from "@foundry/foundry/provider";
 * const schema = s.resource({ id: s.string({ computed: true }), name: s.string({ required: true }) });
 * const prior = fromPlain({ id: "1", name: "a" }, schema.type);
 * const config = fromPlain({ id: null, name: "b" }, schema.type);
 * assert.equal(proposeNewState(schema.fields, prior, config).getAttr("id").asString(), "1");
 * ```
 */
export function proposeNewState(fields: Fields, prior: Value, config: Value): Value {
  if (config.isNull || !config.isKnown || prior.isNull || !prior.isKnown) return config;
  const t = config.type;
  if (t.kind !== "object") return config;
  const attrs: Value[] = [];
  for (const name of t.names) {
    const f = fields[name];
    const c = config.getAttr(name);
    const p = prior.getAttr(name);
    if (f === undefined) attrs.push(c);
    else if (f.kind !== "block") attrs.push(f.computed && c.isNull ? p : c);
    else if ((f.nesting === "single" || f.nesting === "group") && !c.isNull) {
      attrs.push(proposeNewState(f.fields, p, c));
    } else if (f.nesting === "list" && c.isKnown && !c.isNull && p.isKnown && !p.isNull) {
      const ps = p.elements();
      attrs.push(
        new Value(
          c.type,
          c.elements().map((e, i) => i < ps.length ? proposeNewState(f.fields, ps[i], e) : e),
        ),
      );
    } else attrs.push(c);
  }
  return new Value(t, attrs);
}
