/**
 * Resolves the path expressions of cross-attribute validators against a
 * configuration value: from the object holding the validated attribute (or
 * the top), climbing with `../`, descending by attribute names, and
 * answering the plain value found (null, the `unknown` sentinel, or a
 * value) with its path.
 *
 * @module
 */

import type { PathStep } from "../../errors/mod.ts";
import type { Value } from "../../cty/mod.ts";
import { isUnknownValue, nullOf, unknownOf } from "./cty_build.ts";
import { toPlain } from "./plain_values.ts";
import type { Field, Fields } from "../schema_types.ts";
import type { ConfigLookup, LookedUp } from "../validator.ts";
import { parsePathExpression } from "../validators/path_expression.ts";

/** The value one step further along `step`, null or unknown when `v` is. */
function stepInto(v: Value, step: PathStep, type: Value["type"] | undefined): Value {
  if (step.kind === "element") return step.value as Value;
  if (v.isNull) return nullOf(type ?? v.type);
  if (isUnknownValue(v)) return unknownOf(type ?? v.type);
  if (step.kind === "attr") return v.getAttr(step.name);
  if (step.kind === "index") return v.elements()[step.index];
  return (v.raw as ReadonlyMap<string, Value>).get(step.key) ?? nullOf(type ?? v.type);
}

/**
 * A {@link ConfigLookup} over configuration `root` (described by `fields`)
 * whose relative expressions start at the object at `objectPath`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { configLookup, fromPlain } from "./mod.ts";
 * import { s } from "../mod.ts";
 * const schema = s.resource({
 *   domain: s.string({ optional: true }),
 *   listener: s.listBlock({ port: s.number({ required: true }) }),
 * });
 * const config = fromPlain({ domain: "a.example", listener: [{ port: 443 }] }, schema.type);
 * const lookup = configLookup(schema.fields, config, [
 *   { kind: "attr", name: "listener" },
 *   { kind: "index", index: 0 },
 * ]);
 * assert.equal(lookup("port").value, 443);
 * assert.equal(lookup("../domain").value, "a.example");
 * assert.throws(() => lookup("nope"), /no attribute "nope"/);
 * ```
 */
export function configLookup(
  fields: Fields,
  root: Value,
  objectPath: readonly PathStep[],
): ConfigLookup {
  return (expression: string): LookedUp => {
    const expr = parsePathExpression(expression);
    const path: PathStep[] = expr.fromRoot ? [] : [...objectPath];
    for (let i = 0; i < expr.up; i++) {
      while (path.length > 0 && path[path.length - 1].kind !== "attr") path.pop();
      if (path.length === 0) {
        throw new TypeError(
          `path expression ${JSON.stringify(expression)} climbs above the top of the configuration`,
        );
      }
      path.pop();
    }
    const descendFrom = path.length;
    for (const name of expr.names) path.push({ kind: "attr", name });
    let v = root;
    let scope: Fields | undefined = fields;
    let def: Field | undefined;
    let prevName = "";
    for (let i = 0; i < path.length; i++) {
      const step = path[i];
      if (step.kind === "attr") {
        if (scope === undefined) {
          throw new TypeError(
            `path expression ${JSON.stringify(expression)}: "${prevName}" has no attributes inside`,
          );
        }
        prevName = step.name;
        const found: Field | undefined = scope[step.name];
        if (found === undefined) {
          throw new TypeError(
            `path expression ${JSON.stringify(expression)}: no attribute "${step.name}" there ` +
              `(there are: ${Object.keys(scope).sort().join(", ")})`,
          );
        }
        def = found;
        const nextIsElement = i + 1 < path.length && path[i + 1].kind !== "attr";
        const collection: boolean = found.kind !== "attribute" && found.nesting !== "single" &&
          found.nesting !== "group";
        if (i >= descendFrom && collection && i + 1 < path.length) {
          throw new TypeError(
            `path expression ${JSON.stringify(expression)}: "${step.name}" holds several ` +
              "objects; name an attribute beside it, or put the validator inside it",
          );
        }
        scope = found.kind === "attribute" || (collection && !nextIsElement)
          ? undefined
          : found.fields;
        v = stepInto(v, step, found.type);
      } else {
        v = stepInto(v, step, undefined);
        if (def !== undefined && def.kind !== "attribute") scope = def.fields;
      }
    }
    const shape = def === undefined ? fields : def.kind === "attribute" ? def : def.fields;
    return { path, value: isUnknownValue(v) ? toPlain(v) : toPlain(v, shape) };
  };
}
