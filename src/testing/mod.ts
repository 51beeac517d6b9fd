/**
 * Testing providers: an acceptance runner that drives the real `terraform`
 * against your provider, and the pieces it is made of (workspace with a
 * `dev_overrides` CLI config, state lookups, running terraform).
 *
 * Import steps run as in terraform-plugin-testing: in a fresh state, with
 * the id given or computed from the previous step's state
 * (`importState: { address, id: (state) => ... }`), by `terraform import` or
 * through an `import` block (`mode: "block"`). When Terraform cannot start
 * the provider, the runner starts it once itself and adds its output to the
 * failure. The in-process `ProviderClient` sends values shaped as Terraform
 * sends them (absent list blocks are `[]`) and, given a resource object
 * rather than a type name, types its results from the schema.
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
} from "./acceptance.ts";
export type { ImportStateOptions } from "./import_step.ts";
export { parseState, type State, type StateResource } from "./state.ts";
export {
  findTerraform,
  runTerraform,
  type RunTerraformOptions,
  type TerraformResult,
} from "./terraform.ts";
export {
  createWorkspace,
  launcherScript,
  providerType,
  type ProviderUnderTest,
  type Workspace,
} from "./workspace.ts";
export {
  type ClientEphemeral,
  type ClientFunctionResult,
  type ClientPlan,
  type ClientState,
  type ClientTarget,
  type ClientValue,
  type PlainOf,
  proposeNewState,
  ProviderClient,
  type ValueInput,
} from "./client.ts";
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
