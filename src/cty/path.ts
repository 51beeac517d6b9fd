/**
 * Paths into values, using the shared `PathStep` form of src/errors so a
 * path can go straight into a `Diagnostic`.
 *
 * @module
 */

import { type AttributePath, formatPath, FoundryError, type PathStep } from "../errors/mod.ts";
import { UnknownInfo } from "./refinement.ts";
import { rawEquals, Value } from "./value.ts";

/** A path into a value (the errors layer's attribute path). */
export type Path = AttributePath;

/**
 * Follows `path` from `value`. `attr` steps read object attributes, `index`
 * steps list/tuple elements, `key` steps map elements (or object
 * attributes), `element` steps find a set element equal to the step's value.
 * Unknown values along the way give unknown results.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * const v = cty.object({ rule: cty.list([cty.object({ port: cty.number(22) })]) });
 * const port = cty.applyPath(v, [{ kind: "attr", name: "rule" }, { kind: "index", index: 0 }, { kind: "attr", name: "port" }]);
 * assert.equal(port.asNumber(), 22);
 * ```
 */
export function applyPath(value: Value, path: Path): Value {
  let v = value;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    try {
      v = applyStep(v, step);
    } catch (e) {
      throw new FoundryError(
        "cty.path.invalid",
        `cannot follow ${formatPath(path.slice(0, i + 1))}: ${(e as Error).message}`,
        {
          context: { path, step: i },
          cause: e,
        },
      );
    }
  }
  return v;
}

function applyStep(v: Value, step: PathStep): Value {
  switch (step.kind) {
    case "attr":
      return v.getAttr(step.name);
    case "index":
      return v.index(step.index);
    case "key":
      return v.type.kind === "object" ? v.getAttr(step.key) : v.index(step.key);
    case "element": {
      if (v.type.kind !== "set") throw new Error("element step on a non-set");
      if (!v.isKnown) return new Value(v.type.element, UnknownInfo.NONE);
      const target = step.value;
      const found = v.elements().find((e) => target instanceof Value && rawEquals(e, target));
      if (found === undefined) throw new Error("no such set element");
      return v.marks === null ? found : found.withMarks(v.marks);
    }
  }
}

/**
 * Renders a path as Terraform does (`tags["env"]`, `rule[0].port`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatValuePath } from "./path.ts";
 * assert.equal(formatValuePath([{ kind: "attr", name: "tags" }, { kind: "key", key: "env" }]), 'tags["env"]');
 * ```
 */
export function formatValuePath(path: Path): string {
  return formatPath(path);
}
