/**
 * The Terraform configurations `terraform plan` is timed with: `count`
 * copies of an example provider resource, and the same count of
 * Terraform's built-in `terraform_data` as the floor (no plugin process).
 *
 * @module
 */

import { FoundryError } from "../../src/errors/mod.ts";

/** Source address the example provider is overridden under. */
export const EXAMPLE_SOURCE = "example.com/foundry/example";

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > 10_000) {
    throw new FoundryError(
      "bench.startup.bad_count",
      `Resource count must be an integer in 1..10000, got ${count}`,
    );
  }
}

/**
 * `count` `example_server` resources of the example provider.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { exampleConfig } from "./plan_configs.ts";
 * assert.ok(exampleConfig(3).includes("count = 3"));
 * ```
 */
export function exampleConfig(count: number): string {
  checkCount(count);
  return `terraform {
  required_providers {
    example = { source = "${EXAMPLE_SOURCE}" }
  }
}

provider "example" {
  root = "\${path.root}/.example"
}

resource "example_server" "s" {
  count = ${count}
  name  = "s\${count.index}"
  tags  = { index = tostring(count.index) }
}
`;
}

/**
 * `count` `terraform_data` resources: the same plan without any plugin.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { builtinConfig } from "./plan_configs.ts";
 * assert.ok(builtinConfig(1).includes('resource "terraform_data"'));
 * ```
 */
export function builtinConfig(count: number): string {
  checkCount(count);
  return `resource "terraform_data" "s" {
  count = ${count}
  input = { name = "s\${count.index}", tags = { index = tostring(count.index) } }
}
`;
}

/**
 * The "Plan: N to add" summary line Terraform prints, to check a timed plan
 * did the work it was asked to.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { planSummary } from "./plan_configs.ts";
 * assert.equal(planSummary(2), "Plan: 2 to add, 0 to change, 0 to destroy.");
 * ```
 */
export function planSummary(count: number): string {
  return `Plan: ${count} to add, 0 to change, 0 to destroy.`;
}
