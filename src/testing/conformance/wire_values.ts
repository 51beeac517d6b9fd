/**
 * cty values for a schema known only from the wire: the object type a
 * block implies, a scenario's plain configuration shaped as Terraform sends
 * it, Terraform's proposed new state, and an attribute-by-attribute diff.
 *
 * @module
 */

import { cty, type Type, type Value } from "../../cty/mod.ts";
import type { WireAttribute, WireBlock, WireObject } from "../../plugin/goplugin/mod.ts";

/**
 * The object type values of block `b` have.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../../cty/mod.ts";
 * import { blockType } from "./mod.ts";
 * const t = blockType({ attributes: [{ name: "n", type: new TextEncoder().encode('"number"') }] });
 * assert.equal(cty.typeToJSON(t), '["object",{"n":"number"}]');
 * ```
 */
export function blockType(b: WireBlock): Type {
  const attrs: Record<string, Type> = {};
  for (const a of b.attributes ?? []) attrs[a.name] = attributeType(a);
  for (const nb of b.blockTypes ?? []) {
    const inner = blockType(nb.block ?? {});
    const n = nb.nesting ?? 1;
    attrs[nb.typeName] = n === 2
      ? cty.List(inner)
      : n === 3
      ? cty.Set(inner)
      : n === 4
      ? cty.Map(inner)
      : inner;
  }
  return cty.Object(attrs);
}

function attributeType(a: WireAttribute): Type {
  if (a.nestedType !== undefined) return objectType(a.nestedType);
  return cty.typeFromJSON(a.type ?? new TextEncoder().encode('"dynamic"'));
}

function objectType(o: WireObject): Type {
  const attrs: Record<string, Type> = {};
  for (const a of o.attributes ?? []) attrs[a.name] = attributeType(a);
  const inner = cty.Object(attrs);
  const n = o.nesting ?? 1;
  return n === 2 ? cty.List(inner) : n === 3 ? cty.Set(inner) : n === 4 ? cty.Map(inner) : inner;
}

/**
 * A plain configuration as Terraform would send it: missing attributes
 * null, missing list, set and map blocks empty.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { configValue } from "./mod.ts";
 * const v = configValue({ blockTypes: [{ typeName: "disk", nesting: 2, block: {} }] }, {});
 * assert.equal(v.getAttr("disk").length, 0);
 * ```
 */
export function configValue(b: WireBlock, plain: Record<string, unknown>): Value {
  const filled: Record<string, unknown> = { ...plain };
  for (const nb of b.blockTypes ?? []) {
    const n = nb.nesting ?? 1;
    const given = filled[nb.typeName];
    if (given === undefined || given === null) {
      if (n === 2 || n === 3) filled[nb.typeName] = [];
      else if (n === 4) filled[nb.typeName] = {};
      continue;
    }
    const inner = nb.block ?? {};
    const shape = (x: unknown) => configPlain(inner, x);
    if (n === 2 || n === 3) filled[nb.typeName] = (given as unknown[]).map(shape);
    else if (n === 4) {
      filled[nb.typeName] = Object.fromEntries(
        Object.entries(given as Record<string, unknown>).map(([k, x]) => [k, shape(x)]),
      );
    } else filled[nb.typeName] = shape(given);
  }
  return cty.fromJS(filled, blockType(b));
}

function configPlain(b: WireBlock, x: unknown): unknown {
  return configValue(b, (x ?? {}) as Record<string, unknown>).toJS();
}

/**
 * Terraform's proposed new state, for the top level and single blocks: the
 * configuration, with each computed attribute it leaves null taken from
 * the prior state. With a null prior (a create), the configuration.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../../cty/mod.ts";
 * import { proposedNewState } from "./mod.ts";
 * const b = { attributes: [{ name: "id", type: new TextEncoder().encode('"string"'), computed: true }] };
 * const prior = cty.fromJS({ id: "1" }, cty.Object({ id: cty.String }));
 * const config = cty.fromJS({}, cty.Object({ id: cty.String }));
 * assert.equal(proposedNewState(b, prior, config).getAttr("id").asString(), "1");
 * ```
 */
export function proposedNewState(b: WireBlock, prior: Value, config: Value): Value {
  if (prior.isNull || !prior.isKnown || config.isNull || !config.isKnown) return config;
  const out: Record<string, Value> = {};
  for (const a of b.attributes ?? []) {
    const c = config.getAttr(a.name);
    out[a.name] = a.computed && c.isNull ? prior.getAttr(a.name) : c;
  }
  for (const nb of b.blockTypes ?? []) {
    const c = config.getAttr(nb.typeName);
    const p = prior.getAttr(nb.typeName);
    const n = nb.nesting ?? 1;
    if ((n === 1 || n === 5) && !c.isNull) {
      out[nb.typeName] = proposedNewState(nb.block ?? {}, p, c);
    } else if (
      n === 2 && c.isKnown && !c.isNull && p.isKnown && !p.isNull && c.length === p.length
    ) {
      const items = c.elements().map((ci, i) =>
        proposedNewState(nb.block ?? {}, p.elements()[i], ci)
      );
      out[nb.typeName] = items.length === 0 ? c : cty.list(items);
    } else out[nb.typeName] = c;
  }
  return cty.object(out);
}

/**
 * Top-level attributes (and blocks) whose values differ between `a` and
 * `b`, by exact comparison (unknowns equal only unknowns).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../../cty/mod.ts";
 * import { differingAttributes } from "./mod.ts";
 * const t = cty.Object({ a: cty.String, b: cty.String });
 * const x = cty.fromJS({ a: "1", b: "2" }, t);
 * const y = cty.fromJS({ a: "1", b: "3" }, t);
 * assert.deepEqual(differingAttributes(x, y), ["b"]);
 * ```
 */
export function differingAttributes(a: Value, b: Value): string[] {
  if (a.isNull || b.isNull || !a.isKnown || !b.isKnown) {
    return a.rawEquals(b) ? [] : ["(whole object)"];
  }
  const t = a.type;
  if (t.kind !== "object") return a.rawEquals(b) ? [] : ["(whole value)"];
  return t.names.filter((n) =>
    !a.getAttr(n).unmarkDeep().value.rawEquals(b.getAttr(n).unmarkDeep().value)
  );
}
