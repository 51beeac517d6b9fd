/**
 * The acceptance runner: drives the real `terraform` against a provider
 * through a sequence of steps, the way terraform-plugin-testing does for Go
 * providers. Each step writes a configuration, applies it (or only plans),
 * checks the resulting state, and by default asserts that a second plan is
 * empty — the check that catches "Provider produced inconsistent result" and
 * perpetual diffs. After the last step everything is destroyed and the
 * working directory removed.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import type { State } from "./state.ts";
import { verifyImportedState } from "./import_verify.ts";
import { type ImportStateOptions, runImportStep } from "./import_step.ts";
import type { PlanCheck } from "./plan_checks.ts";
import { type Plan, planSummary } from "./plan.ts";
import { Session, type SessionResult } from "./session.ts";
import type { StateCheck } from "./state_checks.ts";
import { findTerraform, type TerraformResult } from "./terraform.ts";
import {
  terraformVersion,
  type TerraformVersionRange,
  versionMismatch,
} from "./terraform_version.ts";
import { configText, type StepConfig } from "./typed_config.ts";
import { checkStepOptions } from "./step_options.ts";
import {
  createWorkspace,
  providerType,
  type ProviderUnderTest,
  type Workspace,
} from "./workspace.ts";

/** What a step's checks receive. */
export interface StepContext {
  /** State after the step (from `terraform show -json`). */
  readonly state: State;
  /** Output of the step's main command (apply, plan or import). */
  readonly result: TerraformResult;
  /** The working directory (for checks that read files the provider wrote). */
  readonly dir: string;
  /** 0-based index of the step. */
  readonly step: number;
  /** The configuration Terraform generated (`importState.generateConfig`). */
  readonly generatedConfig?: string;
}

/**
 * Plan checks of a step, by the moment they run at. Each moment's plan is
 * saved (`plan -out`) and read with `terraform show -json`.
 */
export interface StepPlanChecks {
  /** The plan the step applies (or, in a plan-only or import-block step, its only plan). */
  preApply?: PlanCheck[];
  /** After apply, a plan without refreshing (`-refresh=false`): what the apply left in state. */
  postApplyPreRefresh?: PlanCheck[];
  /** After apply, the usual plan with refresh (the one that must be empty). */
  postApplyPostRefresh?: PlanCheck[];
  /** In a `refreshState` step: the plan after the refresh. */
  postRefresh?: PlanCheck[];
}

/** One step of an acceptance test. */
export interface AcceptanceStep {
  /** The configuration (`main.tf`): HCL text, or typed blocks (see `typed_config.ts`). */
  config: StepConfig;
  /** Extra files written beside `main.tf`. */
  files?: Record<string, string>;
  /** Runs before the step's command: change the world to simulate drift. */
  before?: (dir: string) => void | Promise<void>;
  /** Plan only, no apply. With `expectNonEmptyPlan`, asserts the plan has changes. */
  planOnly?: boolean;
  /**
   * Refresh only (`terraform apply -refresh-only`): state takes in changes
   * made outside Terraform, the configuration is not applied. Then a plan
   * must be empty unless `expectNonEmptyPlan` (see `planChecks.postRefresh`).
   */
  refreshState?: boolean;
  /** The step must fail with output matching this pattern (checks are not run). */
  expectError?: RegExp;
  /** Allow the plan after apply to show changes (default: it must be empty). */
  expectNonEmptyPlan?: boolean;
  /**
   * Import instead of apply. By default `terraform import ADDRESS ID` runs
   * against a fresh state (the applied object stays in the working state),
   * then the imported attributes are compared with those the previous step
   * left in state. The id may be computed from that state, `mode: "block"`
   * imports through an `import` block instead, and `generateConfig` has
   * Terraform write the resource's configuration (see
   * {@link ImportStateOptions}).
   */
  importState?: ImportStateOptions;
  /** Plan checks, by moment. */
  planChecks?: StepPlanChecks;
  /** Checks on the state after the step (before `check`). */
  stateChecks?: StateCheck[];
  /** Run the step only on these Terraform versions; otherwise it is skipped with a line saying why. */
  terraformVersion?: TerraformVersionRange;
  /** Assertions on the state after the step. */
  check?: (ctx: StepContext) => void | Promise<void>;
}

/** A step with its configuration as HCL text. */
type TextStep = AcceptanceStep & { config: string };

/** Options for {@link runAcceptance}. */
export interface AcceptanceOptions {
  /** How to start the provider. */
  provider: ProviderUnderTest;
  /** The steps, run in order in one working directory. */
  steps: AcceptanceStep[];
  /** Terraform binary (default: {@link findTerraform}). */
  terraform?: string;
  /** Extra environment for every terraform command (e.g. `TF_LOG`). */
  env?: Record<string, string>;
  /** Checks after the final destroy (state is empty by then). */
  checkDestroy?: (ctx: { dir: string }) => void | Promise<void>;
  /** Keep the working directory for inspection (also `FOUNDRY_ACC_KEEP=1`). */
  keep?: boolean;
  /** Where skip lines go (steps skipped by Terraform version). Default: stderr. */
  log?: (line: string) => void;
}

function runPlanChecks(checks: PlanCheck[] | undefined, plan: Plan, step: number, phase: string) {
  for (const c of checks ?? []) c.check(plan, { step, phase });
}

/**
 * Runs an acceptance test against the real Terraform. Throws a FoundryError
 * describing the first step that did not do what it should: code
 * `testing.step_failed` with Terraform's output and what the provider
 * printed, `testing.check_failed` naming the resource, attribute, expected
 * and actual value and the step, or `testing.no_terraform`.
 *
 * @example Usage
 * ```ts
 * import { runAcceptance } from "@foundry/foundry/testing";
 * import assert from "node:assert/strict";
 *
 * Deno.test("server lifecycle", async () => {
 *   await runAcceptance({
 *     provider: {
 *       source: "example.com/acme/example",
 *       // Your provider's main module; here, Foundry's example provider.
 *       entry: new URL("../../examples/provider/main.ts", import.meta.url),
 *     },
 *     steps: [
 *       {
 *         config: `resource "example_server" "web" { name = "web" }`,
 *         check: ({ state }) => assert.equal(state.resource("example_server.web").values.name, "web"),
 *       },
 *       { config: `resource "example_server" "web" { name = "web2" }` },
 *     ],
 *   });
 * });
 * ```
 */
export async function runAcceptance(opts: AcceptanceOptions): Promise<void> {
  checkStepOptions(opts);
  const terraform = opts.terraform ?? await findTerraform();
  if (terraform === undefined) {
    throw new FoundryError(
      "testing.no_terraform",
      "terraform was not found on PATH (set FOUNDRY_TERRAFORM to its path)",
    );
  }
  const log = opts.log ?? ((line: string) => console.error(line));
  const version = opts.steps.some((s) => s.terraformVersion !== undefined)
    ? await terraformVersion(terraform)
    : undefined;
  const ws = await createWorkspace(opts.provider);
  const session = new Session(ws, terraform, opts.env ?? {}, opts.provider.source);
  let previous: State | undefined;
  // Destroy runs with the last configuration that applied cleanly: a step
  // that expected an error may have left an invalid one in place.
  let lastGood: TextStep | undefined;
  let stepError: unknown;
  try {
    for (const [i, given] of opts.steps.entries()) {
      if (given.terraformVersion !== undefined && version !== undefined) {
        const why = versionMismatch(version, given.terraformVersion);
        if (why !== undefined) {
          log(`acceptance: step ${i + 1} skipped: ${why}`);
          continue;
        }
      }
      const step: TextStep = { ...given, config: configText(given.config) };
      await writeStep(ws, opts.provider.source, step);
      await step.before?.(ws.dir);
      const done = await runStep(session, step, i, previous);
      if (done === undefined) continue; // an expected error
      previous = done;
      lastGood = step;
    }
  } catch (e) {
    stepError = e;
  }
  let destroyError: unknown;
  if (await exists(`${ws.dir}/terraform.tfstate`)) {
    if (lastGood !== undefined) await writeStep(ws, opts.provider.source, lastGood);
    const r = await session.run(["destroy", "-no-color", "-input=false", "-auto-approve"]);
    if (r.code !== 0) destroyError = session.failure(opts.steps.length, "destroy failed", r);
    else {
      try {
        await opts.checkDestroy?.({ dir: ws.dir });
      } catch (e) {
        destroyError = e;
      }
    }
  }
  if (opts.keep === true || Deno.env.get("FOUNDRY_ACC_KEEP") === "1") {
    log(`acceptance: kept working directory ${ws.dir}`);
  } else {
    await ws.dispose();
  }
  // An error from the steps wins; a destroy failure alone is still a failure.
  if (stepError !== undefined) throw stepError;
  if (destroyError !== undefined) throw destroyError;
}

async function writeStep(ws: Workspace, source: string, step: TextStep) {
  await ws.write("main.tf", step.config);
  for (const [name, text] of Object.entries(step.files ?? {})) await ws.write(name, text);
  await writeRequiredProviders(ws, source, step);
}

/** Whether a step that must fail did, as expected; throws when it did not. */
function expectedErrorSeen(session: Session, step: TextStep, i: number, r: SessionResult): boolean {
  if (step.expectError === undefined) return false;
  const succeeded = r.code === 0 || r.code === 2;
  if (succeeded) {
    throw session.failure(
      i,
      `expected an error matching ${step.expectError} but the step succeeded`,
      r,
    );
  }
  if (!step.expectError.test(`${r.stdout}\n${r.stderr}`)) {
    throw session.failure(i, `the error did not match ${step.expectError}`, r);
  }
  return true;
}

/**
 * Runs one step; returns the state it left, or `undefined` when the step
 * failed as it was expected to.
 */
async function runStep(
  session: Session,
  step: TextStep,
  i: number,
  previous: State | undefined,
): Promise<State | undefined> {
  const checks = step.planChecks ?? {};
  let result: SessionResult;
  let state: State;
  let generatedConfig: string | undefined;

  if (step.refreshState === true) {
    result = await session.run([
      "apply",
      "-refresh-only",
      "-no-color",
      "-input=false",
      "-auto-approve",
    ]);
    if (expectedErrorSeen(session, step, i, result)) return undefined;
    if (result.code !== 0) throw session.failure(i, "refresh failed", result);
    state = await session.state(i);
  } else if (step.importState !== undefined) {
    const imported = await runImportStep(session, step.importState, previous, i);
    result = imported.result;
    generatedConfig = imported.generatedConfig;
    if (expectedErrorSeen(session, step, i, result)) return undefined;
    if (step.importState.mode === "block") {
      if (result.code === 1) throw session.failure(i, "planning the import failed", result);
      if (imported.plan !== undefined) {
        runPlanChecks(checks.preApply, imported.plan, i, "import plan");
      }
      if (result.code === 2 && step.expectNonEmptyPlan !== true) {
        throw session.failure(i, "the import plan has changes besides importing", result);
      }
    } else if (result.code !== 0) throw session.failure(i, "import failed", result);
    state = imported.state ?? await session.state(i);
    if (step.importState.verify !== false && previous) {
      verifyImportedState(
        i,
        step.importState.address,
        step.importState.ignore ?? [],
        previous,
        state,
      );
    }
  } else if (step.planOnly === true) {
    const planned = await session.plan(i);
    result = planned.result;
    if (expectedErrorSeen(session, step, i, result)) return undefined;
    if (result.code === 1 || planned.plan === undefined) {
      throw session.failure(i, "plan failed", result);
    }
    runPlanChecks(checks.preApply, planned.plan, i, "plan");
    const changes = result.code === 2;
    if (changes && step.expectNonEmptyPlan !== true) {
      throw session.failure(i, "plan-only step expected an empty plan but it has changes", result);
    }
    if (!changes && step.expectNonEmptyPlan === true) {
      throw session.failure(i, "plan-only step expected changes but the plan is empty", result);
    }
    state = await session.state(i);
  } else {
    if (checks.preApply !== undefined) {
      // Apply exactly the plan the checks saw.
      const planned = await session.plan(i);
      result = planned.result;
      if (result.code === 1 && expectedErrorSeen(session, step, i, result)) return undefined;
      if (result.code === 1 || planned.plan === undefined) {
        throw session.failure(i, "plan failed", result);
      }
      runPlanChecks(checks.preApply, planned.plan, i, "plan before apply");
      result = await session.applySaved();
    } else {
      result = await session.run(["apply", "-no-color", "-input=false", "-auto-approve"]);
    }
    if (expectedErrorSeen(session, step, i, result)) return undefined;
    if (result.code !== 0) throw session.failure(i, "apply failed", result);
    state = await session.state(i);
  }

  const phase = step.refreshState === true
    ? "state after refresh"
    : step.importState !== undefined
    ? "imported state"
    : step.planOnly === true
    ? "state"
    : "state after apply";
  for (const c of step.stateChecks ?? []) c.check(state, { step: i, phase });
  await step.check?.({ state, result, dir: session.ws.dir, step: i, generatedConfig });

  const applied = step.planOnly !== true && step.importState === undefined;
  if (applied && checks.postApplyPreRefresh !== undefined) {
    const { result: r, plan } = await session.plan(i, ["-refresh=false"]);
    if (r.code === 1 || plan === undefined) {
      throw session.failure(i, "the plan after apply failed", r);
    }
    runPlanChecks(checks.postApplyPreRefresh, plan, i, "plan after apply, before refresh");
  }
  if (applied) {
    const { result: r, plan } = await session.plan(i);
    const phaseName = step.refreshState === true ? "plan after refresh" : "plan after apply";
    if (r.code === 1 || plan === undefined) throw session.failure(i, `the ${phaseName} failed`, r);
    runPlanChecks(
      step.refreshState === true ? checks.postRefresh : checks.postApplyPostRefresh,
      plan,
      i,
      phaseName,
    );
    if (r.code === 2 && step.expectNonEmptyPlan !== true) {
      const what = step.refreshState === true
        ? "after refreshing, the plan is not empty"
        : "after applying, a new plan is not empty (perpetual diff)";
      throw session.failure(i, `${what}:\n${planSummary(plan)}\n`, r);
    }
  }
  return state;
}

const REQUIRED_FILE = "foundry_required_providers.tf";

/**
 * Steps need not declare `required_providers`: when a step uses the
 * provider and declares none, the runner maps the provider's local name to
 * its source, as an author would.
 */
async function writeRequiredProviders(ws: Workspace, source: string, step: TextStep) {
  const texts = [step.config, ...Object.values(step.files ?? {})];
  const name = providerType(source);
  const uses = new RegExp(`\\b(resource|data|provider)\\s+"${name}(_|")`);
  if (texts.some((t) => t.includes("required_providers")) || !texts.some((t) => uses.test(t))) {
    await Deno.remove(`${ws.dir}/${REQUIRED_FILE}`).catch(() => {});
    return;
  }
  await ws.write(
    REQUIRED_FILE,
    `terraform {\n  required_providers {\n    ${name} = {\n      source = ${
      JSON.stringify(source)
    }\n    }\n  }\n}\n`,
  );
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
