/**
 * Path expressions naming other attributes of a configuration, as
 * cross-attribute validators take them: `"port"` (a sibling),
 * `"network.cidr"` (inside a sibling nested object), `"../name"` (in the
 * object enclosing this one: out of a nested block), `"/name"` (from the top).
 *
 * @module
 */

/** A parsed path expression. */
export interface PathExpression {
  /** The text as written. */
  readonly text: string;
  /** True for `/...`: resolved from the top of the configuration. */
  readonly fromRoot: boolean;
  /** How many enclosing objects to climb first (`../` each). */
  readonly up: number;
  /** Attribute names to descend through, in order. */
  readonly names: readonly string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Parses a path expression; throws a TypeError saying what is wrong.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePathExpression } from "./path_expression.ts";
 * assert.deepEqual(parsePathExpression("../network.cidr"), {
 *   text: "../network.cidr", fromRoot: false, up: 1, names: ["network", "cidr"],
 * });
 * assert.throws(() => parsePathExpression("rule[0].port"), /attribute names separated by dots/);
 * ```
 */
export function parsePathExpression(text: string): PathExpression {
  if (typeof text !== "string") throw new TypeError("a path expression must be a string");
  let rest = text;
  let up = 0;
  const fromRoot = rest.startsWith("/");
  if (fromRoot) rest = rest.slice(1);
  else {
    while (rest.startsWith("../")) {
      up++;
      rest = rest.slice(3);
    }
  }
  const names = rest.split(".");
  if (rest === "" || !names.every((n) => NAME.test(n))) {
    throw new TypeError(
      `invalid path expression ${JSON.stringify(text)}: expected attribute names separated by ` +
        'dots, after any number of "../" (climb out of a nested object) or one "/" (from the top)',
    );
  }
  return { text, fromRoot, up, names };
}
