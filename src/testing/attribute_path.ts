/**
 * Attribute paths in checks: `"disk.0.size_gb"` or `["tags", "env.name"]`
 * (the array form for map keys holding dots), looked up in the JSON values
 * Terraform prints, with a failure that says which step of the path is
 * missing and what is there instead.
 *
 * @module
 */

import { nearestName } from "./nearest_name.ts";

/** A path into a resource's attributes: dotted text, or its steps. */
export type CheckPath = string | readonly (string | number)[];

/**
 * The steps of a path; in dotted text, a step of digits indexes a list.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pathSteps } from "./attribute_path.ts";
 * assert.deepEqual(pathSteps("disk.0.size_gb"), ["disk", 0, "size_gb"]);
 * assert.deepEqual(pathSteps(["tags", "a.b"]), ["tags", "a.b"]);
 * ```
 */
export function pathSteps(path: CheckPath): (string | number)[] {
  if (typeof path !== "string") return [...path];
  return path.split(".").map((s) => /^\d+$/.test(s) ? Number(s) : s);
}

/**
 * The path as a failure message prints it: `disk[0].size_gb`, `tags["a.b"]`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pathText } from "./attribute_path.ts";
 * assert.equal(pathText("disk.0.size_gb"), "disk[0].size_gb");
 * assert.equal(pathText(["tags", "a.b"]), 'tags["a.b"]');
 * ```
 */
export function pathText(path: CheckPath): string {
  let out = "";
  for (const s of pathSteps(path)) {
    if (typeof s === "number") out += `[${s}]`;
    else if (out === "") out = s;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** The value at a path, or why there is none. */
export type Lookup = { found: true; value: unknown } | { found: false; why: string };

/**
 * Follows `path` into `root` (a resource's `values`, or a plan's `after`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lookupPath } from "./attribute_path.ts";
 * assert.deepEqual(lookupPath({ disk: [{ size_gb: 20 }] }, "disk.0.size_gb"), { found: true, value: 20 });
 * const missing = lookupPath({ disk: [] }, "disk.0.size_gb");
 * assert.ok(!missing.found && missing.why === "disk has 0 elements, no [0]");
 * ```
 */
export function lookupPath(root: unknown, path: CheckPath): Lookup {
  let here: unknown = root;
  const done: (string | number)[] = [];
  for (const step of pathSteps(path)) {
    const where = done.length === 0 ? "the object" : pathText(done);
    if (Array.isArray(here)) {
      if (typeof step !== "number") {
        return { found: false, why: `${where} is a list or set; index it with a number` };
      }
      if (step >= here.length) {
        return { found: false, why: `${where} has ${here.length} elements, no [${step}]` };
      }
      here = here[step];
    } else if (typeof here === "object" && here !== null) {
      const key = String(step);
      if (!Object.hasOwn(here, key)) {
        const have = Object.keys(here);
        const near = nearestName(key, have);
        return {
          found: false,
          why: `${where} has no attribute or key "${key}"` +
            (near === undefined ? "" : ` — did you mean "${near}"?`) +
            ` (has: ${have.join(", ") || "none"})`,
        };
      }
      here = (here as Record<string, unknown>)[key];
    } else {
      return { found: false, why: `${where} is ${JSON.stringify(here)}, not an object or list` };
    }
    done.push(step);
  }
  return { found: true, value: here };
}
