/**
 * cty values in the JSON shape `terraform show -json` prints: a value with
 * unknowns as null, and the matching `after_unknown` tree that is `true`
 * where the value is unknown. The in-process runner describes its plans and
 * states this way, so the same checks read both.
 *
 * @module
 */

import type { Value } from "../cty/mod.ts";

/**
 * The JSON form of a value: unknowns become null.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../cty/mod.ts";
 * import { valueJson } from "./value_json.ts";
 * const v = cty.object({ id: cty.unknown(cty.String), tags: cty.set([cty.string("a")]) });
 * assert.deepEqual(valueJson(v), { id: null, tags: ["a"] });
 * ```
 */
export function valueJson(v: Value): unknown {
  if (!v.isKnown || v.isNull) return null;
  const t = v.type;
  switch (t.kind) {
    case "object":
    case "map":
      return Object.fromEntries(v.entries().map(([k, e]) => [String(k), valueJson(e)]));
    case "list":
    case "set":
    case "tuple":
      return v.elements().map(valueJson);
    default:
      return v.unmark().toJS();
  }
}

/**
 * The `after_unknown` tree of a value: `true` for an unknown value, objects
 * and arrays mirroring containers that hold unknowns, `false` elsewhere.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../cty/mod.ts";
 * import { unknownMarks } from "./value_json.ts";
 * const v = cty.object({ id: cty.unknown(cty.String), name: cty.string("a") });
 * assert.deepEqual(unknownMarks(v), { id: true, name: false });
 * ```
 */
export function unknownMarks(v: Value): unknown {
  if (!v.isKnown) return true;
  if (v.isNull) return false;
  const t = v.type;
  switch (t.kind) {
    case "object":
    case "map":
      return Object.fromEntries(v.entries().map(([k, e]) => [String(k), unknownMarks(e)]));
    case "list":
    case "set":
    case "tuple":
      return v.elements().map(unknownMarks);
    default:
      return false;
  }
}
