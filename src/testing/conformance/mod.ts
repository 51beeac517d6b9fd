/**
 * Protocol conformance for any provider binary (Go or Foundry): a scenario
 * file ({@link parseScenario}) names the provider configuration and a
 * configuration per resource type; {@link runConformance} launches the
 * provider as Terraform does and checks the schema rules Terraform
 * enforces, the validate/plan/apply/read/import/destroy contracts, stop and
 * shutdown, hostile payloads and concurrent calls; {@link formatConformance}
 * prints the table `foundry conformance` shows.
 *
 * @example Checking a scenario file's shape
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseScenario } from "./mod.ts";
 * const s = parseScenario(
 *   '{"provider": {}, "resources": {"anchor_server": {"config": {"name": "a"}}}}',
 *   "anchor.json",
 * );
 * assert.deepEqual(Object.keys(s.resources), ["anchor_server"]);
 * ```
 *
 * @module
 */

export { formatConformance } from "./report.ts";
export { type ConformanceCheck, type ConformanceOptions, runConformance } from "./run.ts";
export { parseScenario, type ResourceScenario, type Scenario } from "./scenario.ts";
export { type SchemaFinding, schemaFindings } from "./schema_rules.ts";
export { blockType, configValue, differingAttributes, proposedNewState } from "./wire_values.ts";
