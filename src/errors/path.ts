/**
 * Attribute paths as diagnostics carry them: the steps from the root of a
 * configuration object to the value a problem is about. The cty layer builds
 * these from values; the protocol layer sends them to Terraform, which
 * underlines the matching argument.
 *
 * @module
 */

/** One step of an {@link AttributePath}. */
export type PathStep =
  /** `.name`: an object attribute or a nested block. */
  | { readonly kind: "attr"; readonly name: string }
  /** `[0]`: an element of a list or tuple. */
  | { readonly kind: "index"; readonly index: number }
  /** `["key"]`: an element of a map (or an object attribute reached by key). */
  | { readonly kind: "key"; readonly key: string }
  /** An element of a set, identified by its value (opaque here). */
  | { readonly kind: "element"; readonly value: unknown };

/** A sequence of steps from a root value. The empty path is the root itself. */
export type AttributePath = readonly PathStep[];

/**
 * Renders a path the way Terraform writes it in messages: `rule[0].port`,
 * `tags["env"]`. Set elements, which have no address, render as `[*]`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatPath } from "@foundry/foundry/errors";
 * const text = formatPath([
 *   { kind: "attr", name: "rule" },
 *   { kind: "index", index: 0 },
 *   { kind: "attr", name: "port" },
 * ]);
 * assert.equal(text, "rule[0].port");
 * ```
 */
export function formatPath(path: AttributePath): string {
  let out = "";
  for (const step of path) {
    switch (step.kind) {
      case "attr":
        out += out === "" ? step.name : `.${step.name}`;
        break;
      case "index":
        out += `[${step.index}]`;
        break;
      case "key":
        out += `[${JSON.stringify(step.key)}]`;
        break;
      case "element":
        out += "[*]";
        break;
    }
  }
  return out;
}
