/**
 * The import check both runners make (`importStateVerify`): the imported
 * object's attributes equal the applied state's, except those the step
 * says to ignore.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import type { State } from "./state.ts";

/**
 * Throws `testing.import_mismatch` listing every attribute of `address`
 * whose value in `after` (imported) differs from `before` (applied).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { verifyImportedState } from "./import_verify.ts";
 * import { parseState } from "./state.ts";
 * const state = (name: string) =>
 *   parseState(JSON.stringify({
 *     values: { root_module: { resources: [{ address: "x_y.a", mode: "managed", type: "x_y", name: "a", values: { name } }] } },
 *   }));
 * verifyImportedState(0, "x_y.a", [], state("a"), state("a"));
 * assert.throws(() => verifyImportedState(0, "x_y.a", [], state("a"), state("b")), /name: state "a", imported "b"/);
 * verifyImportedState(0, "x_y.a", ["name"], state("a"), state("b"));
 * ```
 */
export function verifyImportedState(
  step: number,
  address: string,
  ignore: readonly string[],
  before: State,
  after: State,
): void {
  const want = before.resource(address).values;
  const got = after.resource(address).values;
  const diffs: string[] = [];
  for (const key of new Set([...Object.keys(want), ...Object.keys(got)])) {
    if (ignore.includes(key)) continue;
    if (JSON.stringify(want[key]) !== JSON.stringify(got[key])) {
      diffs.push(
        `  ${key}: state ${JSON.stringify(want[key])}, imported ${JSON.stringify(got[key])}`,
      );
    }
  }
  if (diffs.length > 0) {
    throw new FoundryError(
      "testing.import_mismatch",
      `step ${step + 1}: imported ${address} differs from the applied state:\n${diffs.join("\n")}`,
      { context: { step, address } },
    );
  }
}
