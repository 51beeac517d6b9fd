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
import { parseState, type State } from "./state.ts";
import { isProviderStartFailure, probeProviderStart } from "./startup_probe.ts";
import { type ImportStateOptions, runImportStep } from "./import_step.ts";
import { findTerraform, runTerraform, type TerraformResult } from "./terraform.ts";
import { configText, type StepConfig } from "./typed_config.ts";
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
  /** The step must fail with output matching this pattern (checks are not run). */
  expectError?: RegExp;
  /** Allow the plan after apply to show changes (default: it must be empty). */
  expectNonEmptyPlan?: boolean;
  /**
   * Import instead of apply. By default `terraform import ADDRESS ID` runs
   * against a fresh state (the applied object stays in the working state),
   * then the imported attributes are compared with those the previous step
   * left in state. The id may be computed from that state, and `mode:
   * "block"` imports through an `import` block instead (see
   * {@link ImportStateOptions}).
   */
  importState?: ImportStateOptions;
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
}

function failure(step: number, what: string, r: TerraformResult): FoundryError {
  const out = `${r.stdout}\n${r.stderr}`.trim();
  const tail = out.length > 6000 ? "…" + out.slice(-6000) : out;
  return new FoundryError(
    "testing.step_failed",
    `step ${step + 1}: ${what} (terraform ${r.args.join(" ")} exited ${r.code})\n${tail}`,
    { context: { step, args: r.args, code: r.code } },
  );
}

async function tf(ws: Workspace, terraform: string, env: Record<string, string>, args: string[]) {
  const r = await runTerraform(args, { terraform, cwd: ws.dir, env: { ...ws.env, ...env } });
  return await explainStartFailure(ws, env, r);
}

async function explainStartFailure(
  ws: Workspace,
  env: Record<string, string>,
  r: TerraformResult,
): Promise<TerraformResult> {
  if (r.code === 0 || !isProviderStartFailure(`${r.stdout}\n${r.stderr}`)) return r;
  // Terraform hides a plugin's stderr: start the provider once more to show why it died.
  const why = await probeProviderStart(ws.launcher, env);
  if (why === undefined) return r;
  return {
    ...r,
    stderr:
      `${r.stderr}\n--- the provider, started by the test runner as Terraform starts it ---\n${why}\n`,
  };
}

async function showState(
  ws: Workspace,
  terraform: string,
  env: Record<string, string>,
  step: number,
): Promise<State> {
  const r = await tf(ws, terraform, env, ["show", "-json", "-no-color"]);
  if (r.code !== 0) throw failure(step, "reading state failed", r);
  return parseState(r.stdout);
}

/**
 * Runs an acceptance test against the real Terraform. Throws a FoundryError
 * (code `testing.step_failed` or `testing.no_terraform`) describing the first
 * step that did not do what it should, with Terraform's output.
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
  const terraform = opts.terraform ?? await findTerraform();
  if (terraform === undefined) {
    throw new FoundryError(
      "testing.no_terraform",
      "terraform was not found on PATH (set FOUNDRY_TERRAFORM to its path)",
    );
  }
  const env = opts.env ?? {};
  const ws = await createWorkspace(opts.provider);
  let previous: State | undefined;
  // Destroy runs with the last configuration that applied cleanly: a step
  // that expected an error may have left an invalid one in place.
  let lastGood: TextStep | undefined;
  let stepError: unknown;
  try {
    for (const [i, given] of opts.steps.entries()) {
      const step: TextStep = { ...given, config: configText(given.config) };
      await ws.write("main.tf", step.config);
      for (const [name, text] of Object.entries(step.files ?? {})) await ws.write(name, text);
      await writeRequiredProviders(ws, opts.provider.source, step);
      await step.before?.(ws.dir);

      let result: TerraformResult;
      let imported: State | undefined;
      if (step.importState !== undefined) {
        ({ result, state: imported } = await runImportStep(
          ws,
          terraform,
          env,
          step.importState,
          previous,
          i,
        ));
        result = await explainStartFailure(ws, env, result);
      } else if (step.planOnly === true) {
        result = await tf(ws, terraform, env, [
          "plan",
          "-no-color",
          "-input=false",
          "-detailed-exitcode",
        ]);
      } else {
        result = await tf(ws, terraform, env, [
          "apply",
          "-no-color",
          "-input=false",
          "-auto-approve",
        ]);
      }

      if (step.expectError !== undefined) {
        const text = `${result.stdout}\n${result.stderr}`;
        if (result.code === 0 || (step.planOnly === true && result.code === 2)) {
          throw failure(
            i,
            `expected an error matching ${step.expectError} but the step succeeded`,
            result,
          );
        }
        if (!step.expectError.test(text)) {
          throw failure(i, `the error did not match ${step.expectError}`, result);
        }
        continue;
      }
      if (step.planOnly === true) {
        if (result.code === 1) throw failure(i, "plan failed", result);
        const changes = result.code === 2;
        if (changes && step.expectNonEmptyPlan !== true) {
          throw failure(i, "plan-only step expected an empty plan but it has changes", result);
        }
        if (!changes && step.expectNonEmptyPlan === true) {
          throw failure(i, "plan-only step expected changes but the plan is empty", result);
        }
      } else if (step.importState?.mode === "block") {
        if (result.code === 1) throw failure(i, "planning the import failed", result);
        if (result.code === 2 && step.expectNonEmptyPlan !== true) {
          throw failure(i, "the import plan has changes besides importing", result);
        }
      } else if (result.code !== 0) {
        throw failure(i, step.importState ? "import failed" : "apply failed", result);
      }

      const state = imported ?? await showState(ws, terraform, env, i);
      if (step.importState !== undefined && step.importState.verify !== false && previous) {
        verifyImport(i, step.importState, previous, state);
      }
      await step.check?.({ state, result, dir: ws.dir, step: i });

      if (step.planOnly !== true && step.importState === undefined) {
        const plan = await tf(ws, terraform, env, [
          "plan",
          "-no-color",
          "-input=false",
          "-detailed-exitcode",
        ]);
        if (plan.code === 1) throw failure(i, "the plan after apply failed", plan);
        if (plan.code === 2 && step.expectNonEmptyPlan !== true) {
          throw failure(i, "after applying, a new plan is not empty (perpetual diff)", plan);
        }
      }
      previous = state;
      lastGood = step;
    }
  } catch (e) {
    stepError = e;
  }
  {
    let destroyError: unknown;
    if (await exists(`${ws.dir}/terraform.tfstate`)) {
      if (lastGood !== undefined) {
        await ws.write("main.tf", lastGood.config);
        for (const [name, text] of Object.entries(lastGood.files ?? {})) await ws.write(name, text);
        await writeRequiredProviders(ws, opts.provider.source, lastGood);
      }
      const r = await tf(ws, terraform, env, [
        "destroy",
        "-no-color",
        "-input=false",
        "-auto-approve",
      ]);
      if (r.code !== 0) destroyError = failure(opts.steps.length, "destroy failed", r);
      else {
        try {
          await opts.checkDestroy?.({ dir: ws.dir });
        } catch (e) {
          destroyError = e;
        }
      }
    }
    if (opts.keep === true || Deno.env.get("FOUNDRY_ACC_KEEP") === "1") {
      console.error(`acceptance: kept working directory ${ws.dir}`);
    } else {
      await ws.dispose();
    }
    // An error from the steps wins; a destroy failure alone is still a failure.
    if (stepError !== undefined) throw stepError;
    if (destroyError !== undefined) throw destroyError;
  }
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

function verifyImport(
  step: number,
  imp: ImportStateOptions,
  before: State,
  after: State,
): void {
  const want = before.resource(imp.address).values;
  const got = after.resource(imp.address).values;
  const ignore = new Set(imp.ignore ?? []);
  const diffs: string[] = [];
  for (const key of new Set([...Object.keys(want), ...Object.keys(got)])) {
    if (ignore.has(key)) continue;
    if (JSON.stringify(want[key]) !== JSON.stringify(got[key])) {
      diffs.push(
        `  ${key}: state ${JSON.stringify(want[key])}, imported ${JSON.stringify(got[key])}`,
      );
    }
  }
  if (diffs.length > 0) {
    throw new FoundryError(
      "testing.import_mismatch",
      `step ${step + 1}: imported ${imp.address} differs from the applied state:\n${
        diffs.join("\n")
      }`,
      { context: { step, address: imp.address } },
    );
  }
}
