/**
 * Testing providers: an acceptance runner that drives the real `terraform`
 * against your provider, and the pieces it is made of (workspace with a
 * `dev_overrides` CLI config, state lookups, running terraform).
 *
 * Steps carry plan checks (`planChecks: { preApply, postApplyPreRefresh,
 * postApplyPostRefresh, postRefresh }` with `expectResourceAction`,
 * `expectEmptyPlan`, `expectNonEmptyPlan`, `expectUnknownValue`,
 * `expectPlannedValue`, read from saved plans) and state checks
 * (`stateChecks` with `expectKnownValue` and matchers such as `matches`,
 * `contains`, `isNull`, and `compareValue` across steps); every failure
 * names the step, resource, attribute, expected and actual value. Steps may
 * refresh only (`refreshState`), import through generated configuration
 * (`importState.generateConfig`), or run only on some Terraform releases
 * (`terraformVersion`). `acceptanceTest` gates a test on `TF_ACC`,
 * `runAcceptanceParallel` runs cases side by side in separate workspaces,
 * and a failing step quotes what the provider printed. `runInProcess` runs
 * the same steps without Terraform and reports what it could not check.
 *
 * Import steps run as in terraform-plugin-testing: in a fresh state, with
 * the id given or computed from the previous step's state
 * (`importState: { address, id: (state) => ... }`), by `terraform import` or
 * through an `import` block (`mode: "block"`). When Terraform cannot start
 * the provider, the runner starts it once itself and adds its output to the
 * failure. The in-process `ProviderClient` sends values shaped as Terraform
 * sends them (absent list blocks are `[]`) and, given a resource object
 * rather than a type name, types its results from the schema. It carries
 * private state and identities as Terraform does (`private` and `identity`
 * in, decoded `private`, `privateBytes` and `identity` out; import by
 * identity; see `carried_state.ts`).
 *
 * @example
 * ```ts
 * import { runAcceptance } from "@foundry/foundry/testing";
 * import assert from "node:assert/strict";
 *
 * Deno.test("files are written and removed", async () => {
 *   await runAcceptance({
 *     provider: {
 *       source: "example.com/acme/example",
 *       // Your provider's main module; here, Foundry's example provider.
 *       entry: new URL("../../examples/provider/main.ts", import.meta.url),
 *     },
 *     steps: [{
 *       config: `resource "example_file" "f" {\n  path    = "hello.txt"\n  content = "hi"\n}`,
 *       check: ({ state }) => assert.equal(state.resource("example_file.f").values.content, "hi"),
 *     }],
 *   });
 * });
 * ```
 *
 * @module
 */

export {
  type AcceptanceOptions,
  type AcceptanceStep,
  runAcceptance,
  type StepContext,
  type StepPlanChecks,
} from "./acceptance.ts";
export { acceptanceSkipReason, acceptanceTest } from "./acceptance_gate.ts";
export { type ParallelOptions, runAcceptanceParallel } from "./parallel.ts";
export { type InProcessOptions, type InProcessReport, runInProcess } from "./in_process.ts";
export type { ImportStateOptions } from "./import_step.ts";
export { parseState, type State, type StateResource } from "./state.ts";
export {
  actionOf,
  parsePlan,
  type Plan,
  type PlannedChange,
  planSummary,
  type ResourceAction,
} from "./plan.ts";
export {
  expectEmptyPlan,
  expectNonEmptyPlan,
  expectPlannedValue,
  expectResourceAction,
  expectUnknownValue,
  type PlanCheck,
} from "./plan_checks.ts";
export {
  compareValue,
  type Comparison,
  expectKnownOutputValue,
  expectKnownValue,
  expectNoResource,
  expectSensitiveValue,
  type StateCheck,
  type ValueComparison,
} from "./state_checks.ts";
export {
  asMatcher,
  contains,
  exact,
  isNull,
  matches,
  notNull,
  partial,
  setExact,
  showValue,
  sizeOf,
  type ValueMatcher,
} from "./value_matchers.ts";
export type { CheckPath } from "./attribute_path.ts";
export {
  type CheckTarget,
  dataSourceAddress,
  type DottedPath,
  type PathFor,
  type PathSteps,
  resourceAddress,
  type SchemaPath,
  type TypedAddress,
  valueAt,
  type ValuePath,
} from "./schema_path.ts";
export type { CheckFacts, CheckScope } from "./check_failure.ts";
export {
  compareVersions,
  terraformVersion,
  type TerraformVersionRange,
  versionMismatch,
} from "./terraform_version.ts";
export {
  findTerraform,
  findTerraformSync,
  runTerraform,
  type RunTerraformOptions,
  type TerraformResult,
} from "./terraform.ts";
export {
  createWorkspace,
  launcherScript,
  providerLauncher,
  providerType,
  type ProviderUnderTest,
  type Workspace,
} from "./workspace.ts";
export {
  type ClientEphemeral,
  type ClientFunctionResult,
  type ClientPlan,
  type ClientResourceState,
  type ClientState,
  type ClientTarget,
  type ClientValue,
  type PlainOf,
  type ValueInput,
} from "./client_results.ts";
export { ProviderClient } from "./client.ts";
export { proposeNewState } from "./propose_new_state.ts";
export {
  type ConfigBlock,
  type ConfigInput,
  configText,
  dataSource,
  type FieldsIn,
  locals,
  type MetaArguments,
  output,
  providerConfig,
  rawExpr,
  ref,
  resource,
  type StepConfig,
  variable,
} from "./typed_config.ts";
export { type Carried, type IdentityInput, type PrivateInput } from "./carried_state.ts";
export { type BinaryClientOptions, BinaryProviderClient } from "./binary_client.ts";
export {
  type ConformanceCheck,
  type ConformanceOptions,
  formatConformance,
  parseScenario,
  runConformance,
  type Scenario,
} from "./conformance/mod.ts";
export { decodeConfig, type DecodeConfigOptions, type DecodedConfig } from "./decode_config.ts";
