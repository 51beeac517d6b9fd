/**
 * `TF_ACC` gating, as Terraform provider authors know it: acceptance tests
 * create real infrastructure, so they run only when `TF_ACC` is set, and a
 * run without it prints one line per test saying so instead of passing
 * silently. A missing Terraform is reported the same way.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { acceptanceSkipReason, acceptanceTest, expectKnownValue } from "@foundry/foundry/testing";
 *
 * // Registers a Deno test; `deno test` without TF_ACC=1 lists it as ignored
 * // and prints why.
 * acceptanceTest("terraform_data keeps its input", {
 *   provider: { source: "example.com/acme/example", command: "/bin/false" },
 *   steps: [{
 *     config: `resource "terraform_data" "a" {\n  input = "x"\n}`,
 *     stateChecks: [expectKnownValue("terraform_data.a", "output", "x")],
 *   }],
 * });
 *
 * Deno.test("the reason printed without TF_ACC", () => {
 *   if (!Deno.env.get("TF_ACC")) assert.match(acceptanceSkipReason() ?? "", /^TF_ACC is not set/);
 * });
 * ```
 *
 * @module
 */

import { type AcceptanceOptions, runAcceptance } from "./acceptance.ts";
import { findTerraformSync } from "./terraform.ts";

/**
 * Why acceptance tests cannot run here (`TF_ACC` unset, no Terraform), or
 * `undefined` when they can.
 *
 * @example
 * ```ts
 * import { acceptanceSkipReason } from "@foundry/foundry/testing";
 * const why = acceptanceSkipReason();
 * if (why) console.log(`skipping: ${why}`);
 * ```
 */
export function acceptanceSkipReason(): string | undefined {
  const acc = Deno.env.get("TF_ACC");
  if (acc === undefined || acc === "" || acc === "0") {
    return "TF_ACC is not set (set TF_ACC=1 to run acceptance tests against real Terraform)";
  }
  if (findTerraformSync() === undefined) {
    return "terraform was not found on PATH (set FOUNDRY_TERRAFORM or TF_ACC_TERRAFORM_PATH)";
  }
  return undefined;
}

/**
 * Registers a Deno test running {@link runAcceptance} with `options`,
 * ignored with a printed reason when {@link acceptanceSkipReason} says so.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { acceptanceSkipReason, acceptanceTest } from "@foundry/foundry/testing";
 * // At the top level of a test module, like Deno.test itself.
 * acceptanceTest("an empty configuration applies", {
 *   provider: { source: "example.com/acme/example", command: "/bin/false" },
 *   steps: [{ config: "" }],
 * });
 * Deno.test("the gate reads TF_ACC", () => {
 *   const why = acceptanceSkipReason();
 *   if (!Deno.env.get("TF_ACC")) assert.match(why ?? "", /^TF_ACC is not set/);
 *   else assert.doesNotMatch(why ?? "", /TF_ACC/);
 * });
 * ```
 */
export function acceptanceTest(name: string, options: AcceptanceOptions): void {
  const why = acceptanceSkipReason();
  if (why !== undefined) console.error(`acceptance test "${name}" skipped: ${why}`);
  Deno.test({ name, ignore: why !== undefined, fn: () => runAcceptance(options) });
}
