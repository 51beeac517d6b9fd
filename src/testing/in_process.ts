/**
 * The fast inner loop: the same acceptance steps run through the in-process
 * client, without Terraform. A step's configuration is read with Foundry's
 * HCL layer and played as Terraform would play it (refresh, plan in
 * dependency order, apply with a final re-plan, the consistency checks,
 * then the plan that must be empty), so plan checks, state checks,
 * `check`, `expectError`, refresh-only and import steps run in
 * milliseconds.
 *
 * It is not Terraform. What it cannot check it says, one line each, in
 * the report it returns: the configuration Terraform would generate
 * (`importState.generateConfig`). The provider's stderr is not captured
 * (it runs in the test's process, so it goes to the test's output).
 * Configurations using variables, locals, modules, `count`/`for_each`,
 * `lifecycle` or other providers are refused with the construct named.
 * Sensitive marks come from top-level attributes only, the proposed new
 * state is a simplification of Terraform's (see `proposeNewState`), and
 * error texts are Foundry's renderings of the same diagnostics. Keep
 * `runAcceptance` as the oracle.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineProvider, defineResource, s } from "@foundry/foundry/provider";
 * import {
 *   type AcceptanceStep,
 *   compareValue,
 *   expectKnownValue,
 *   expectResourceAction,
 *   runInProcess,
 * } from "@foundry/foundry/testing";
 *
 * let next = 1;
 * const things = new Map<string, { name: string }>();
 * const thing = defineResource({
 *   typeName: "demo_thing",
 *   schema: s.resource({
 *     id: s.string({ computed: true, planModifiers: [s.useStateForUnknown()] }),
 *     name: s.string({ required: true }),
 *   }),
 *   create: ({ plan }) => {
 *     const id = `t-${next++}`;
 *     things.set(id, { name: plan.name });
 *     return { ...plan, id };
 *   },
 *   read: ({ state }) => things.has(state.id) ? { ...state, ...things.get(state.id) } : null,
 *   update: ({ plan, state }) => (things.set(state.id, { name: plan.name }), { ...plan, id: state.id }),
 *   delete: ({ state }) => void things.delete(state.id),
 * });
 * const provider = defineProvider({ typeName: "demo", resources: [thing] });
 *
 * // The same steps can be given to runAcceptance with the provider's main module.
 * const idKept = compareValue("unchanged");
 * const steps: AcceptanceStep[] = [
 *   {
 *     config: `resource "demo_thing" "a" {\n  name = "one"\n}`,
 *     planChecks: { preApply: [expectResourceAction("demo_thing.a", "create")] },
 *     stateChecks: [expectKnownValue("demo_thing.a", "id", "t-1"), idKept.check("demo_thing.a", "id")],
 *   },
 *   {
 *     config: `resource "demo_thing" "a" {\n  name = "two"\n}`,
 *     planChecks: { preApply: [expectResourceAction("demo_thing.a", "update")] },
 *     stateChecks: [idKept.check("demo_thing.a", "id")],
 *   },
 * ];
 * const report = await runInProcess({ provider, steps });
 * assert.deepEqual(report.notChecked, []);
 * assert.equal(things.size, 0, "destroyed at the end");
 * ```
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import type { Provider } from "../provider/mod.ts";
import type { AcceptanceStep, StepContext } from "./acceptance.ts";
import { importId } from "./import_step.ts";
import { readStepConfiguration, type StepConfiguration } from "./in_process_config.ts";
import { CommandFailed, InProcessCore, type StateEntry } from "./in_process_core.ts";
import type { PlanCheck } from "./plan_checks.ts";
import { type Plan, planSummary } from "./plan.ts";
import type { State } from "./state.ts";
import { verifyImportedState } from "./import_verify.ts";
import { checkStepOptions } from "./step_options.ts";
import type { TerraformResult } from "./terraform.ts";
import { versionMismatch } from "./terraform_version.ts";
import { configText } from "./typed_config.ts";
import { join } from "node:path";

/** Options for {@link runInProcess}. */
export interface InProcessOptions {
  /** The provider definition (what `defineProvider` returns), not its main module. */
  provider: Provider;
  /** The steps: the same objects `runAcceptance` takes. */
  steps: AcceptanceStep[];
  /** Checks after the final destroy. */
  checkDestroy?: (ctx: { dir: string }) => void | Promise<void>;
  /** Keep the working directory (`path.root`) for inspection. */
  keep?: boolean;
  /** Where "not checked" and skip lines go. Default: stderr. */
  log?: (line: string) => void;
  /** The Terraform version announced to the provider and used for `terraformVersion` ranges. */
  terraformVersion?: string;
}

/** What {@link runInProcess} could not check, one sentence each. */
export interface InProcessReport {
  /** `step N: what was not checked and why`. */
  readonly notChecked: readonly string[];
}

const OPTION_KEYS = ["provider", "steps", "checkDestroy", "keep", "log", "terraformVersion"];

type Kind = "apply" | "plan" | "refresh" | "import";

function outcome(kind: Kind, code: number, text = ""): TerraformResult {
  return { args: ["in-process", kind], code, stdout: "", stderr: text };
}

function failed(step: number, what: string, text: string): FoundryError {
  return new FoundryError(
    "testing.step_failed",
    `step ${step + 1}: ${what} (in process)\n${text}`,
    { context: { step } },
  );
}

function planChecks(checks: PlanCheck[] | undefined, plan: Plan, step: number, phase: string) {
  for (const c of checks ?? []) c.check(plan, { step, phase });
}

/**
 * Runs acceptance steps against `provider` in process and destroys what
 * they created. Throws the same errors as `runAcceptance`
 * (`testing.step_failed`, `testing.check_failed`...), plus
 * `testing.in_process_unsupported` for configurations that need Terraform.
 */
export async function runInProcess(opts: InProcessOptions): Promise<InProcessReport> {
  checkStepOptions(opts, OPTION_KEYS);
  const log = opts.log ?? ((line: string) => console.error(line));
  const version = opts.terraformVersion ?? "1.11.4";
  const dir = await Deno.makeTempDir({ prefix: "foundry-inproc-" });
  const core = new InProcessCore(opts.provider, dir, version);
  const notChecked: string[] = [];
  const note = (line: string) => {
    notChecked.push(line);
    log(`in process: ${line}`);
  };
  let lastGood: StepConfiguration | undefined;
  let previous: State | undefined;
  let stepError: unknown;
  try {
    for (const [i, step] of opts.steps.entries()) {
      if (step.terraformVersion !== undefined) {
        const why = versionMismatch(version, step.terraformVersion);
        if (why !== undefined) {
          log(`in process: step ${i + 1} skipped: ${why}`);
          continue;
        }
      }
      const files: Record<string, string> = { "main.tf": configText(step.config), ...step.files };
      for (const [name, text] of Object.entries(files)) {
        await Deno.writeTextFile(join(dir, name), text);
      }
      await step.before?.(dir);
      const state = await runStep(core, step, i, files, previous, note);
      if (state === undefined) continue;
      previous = state;
      lastGood = readStepConfiguration(files, opts.provider.typeName, i);
    }
  } catch (e) {
    stepError = e;
  }
  let destroyError: unknown;
  try {
    if (core.state.size > 0) {
      const client = await core.start(lastGood ?? emptyConfiguration());
      await core.destroyAll(client);
    }
    await opts.checkDestroy?.({ dir });
  } catch (e) {
    destroyError = e instanceof CommandFailed
      ? failed(opts.steps.length, "destroy failed", e.text)
      : e;
  }
  if (opts.keep === true) log(`in process: kept working directory ${dir}`);
  else await Deno.remove(dir, { recursive: true }).catch(() => {});
  if (stepError !== undefined) throw stepError;
  if (destroyError !== undefined) throw destroyError;
  return { notChecked };
}

function emptyConfiguration(): StepConfiguration {
  return { provider: undefined, resources: [], outputs: [], diagnostics: [] };
}

/** Runs a command; a CommandFailed becomes the step's expected error or its failure. */
async function attempt(
  step: AcceptanceStep,
  i: number,
  what: string,
  fn: () => Promise<void>,
): Promise<"ok" | "expected-error"> {
  try {
    await fn();
    return "ok";
  } catch (e) {
    if (!(e instanceof CommandFailed)) throw e;
    if (step.expectError === undefined) throw failed(i, what, e.text);
    if (!step.expectError.test(e.text)) {
      throw failed(i, `the error did not match ${step.expectError}`, e.text);
    }
    return "expected-error";
  }
}

async function runStep(
  core: InProcessCore,
  step: AcceptanceStep,
  i: number,
  files: Record<string, string>,
  previous: State | undefined,
  note: (line: string) => void,
): Promise<State | undefined> {
  const checks = step.planChecks ?? {};
  const typeName = core.provider.typeName;
  let config: StepConfiguration | undefined;
  // Assigned inside the attempt below; declared wide so the checks after it are not narrowed.
  let kind = "apply" as Kind;
  let state: State | undefined;

  const outcomeOf = await attempt(step, i, "the step failed", async () => {
    config = readStepConfiguration(files, typeName, i);
    if (config.diagnostics.some((d) => d.severity === "error")) {
      throw new CommandFailed(
        config.diagnostics.map((d) => `Error: ${d.summary}\n\n${d.detail ?? ""}`).join("\n\n"),
      );
    }
    const cfg = config;
    if (step.refreshState === true) {
      kind = "refresh";
      await core.refresh(await core.start(cfg));
      state = core.view();
    } else if (step.importState !== undefined) {
      kind = "import";
      state = await importStep(core, step, i, cfg, previous, note);
    } else if (step.planOnly === true) {
      kind = "plan";
      const client = await core.start(cfg);
      const scratch = new Map(core.state);
      await core.refresh(client, scratch);
      const plan = await core.plan(client, cfg, scratch);
      planChecks(checks.preApply, plan.view, i, "plan");
      if (plan.view.hasChanges && step.expectNonEmptyPlan !== true) {
        throw failed(
          i,
          "plan-only step expected an empty plan but it has changes",
          planSummary(plan.view),
        );
      }
      if (!plan.view.hasChanges && step.expectNonEmptyPlan === true) {
        throw failed(i, "plan-only step expected changes but the plan is empty", "");
      }
      state = core.view();
    } else {
      const client = await core.start(cfg);
      await core.refresh(client);
      const plan = await core.plan(client, cfg);
      planChecks(checks.preApply, plan.view, i, "plan before apply");
      await core.apply(client, cfg, plan);
      state = core.view();
    }
  });
  if (outcomeOf === "expected-error") return undefined;
  if (step.expectError !== undefined) {
    throw failed(i, `expected an error matching ${step.expectError} but the step succeeded`, "");
  }
  const done = state!;
  const phase = {
    refresh: "state after refresh",
    import: "imported state",
    plan: "state",
    apply: "state after apply",
  }[kind];
  for (const c of step.stateChecks ?? []) c.check(done, { step: i, phase });
  await step.check?.(
    { state: done, result: outcome(kind, 0), dir: core.dir, step: i } satisfies StepContext,
  );

  if (kind === "apply" || kind === "refresh") {
    const cfg = config!;
    if (kind === "apply" && checks.postApplyPreRefresh !== undefined) {
      const plan = await command(
        i,
        "the plan after apply failed",
        async () => await core.plan(await core.start(cfg), cfg),
      );
      planChecks(checks.postApplyPreRefresh, plan.view, i, "plan after apply, before refresh");
    }
    const plan = await command(i, `the plan after ${kind} failed`, async () => {
      const client = await core.start(cfg);
      const scratch = new Map(core.state);
      await core.refresh(client, scratch);
      return await core.plan(client, cfg, scratch);
    });
    const phaseName = kind === "refresh" ? "plan after refresh" : "plan after apply";
    planChecks(
      kind === "refresh" ? checks.postRefresh : checks.postApplyPostRefresh,
      plan.view,
      i,
      phaseName,
    );
    if (plan.view.hasChanges && step.expectNonEmptyPlan !== true) {
      throw failed(
        i,
        kind === "refresh"
          ? "after refreshing, the plan is not empty"
          : "after applying, a new plan is not empty (perpetual diff)",
        planSummary(plan.view),
      );
    }
  }
  return done;
}

async function command<T>(i: number, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw e instanceof CommandFailed ? failed(i, what, e.text) : e;
  }
}

async function importStep(
  core: InProcessCore,
  step: AcceptanceStep,
  i: number,
  cfg: StepConfiguration,
  previous: State | undefined,
  note: (line: string) => void,
): Promise<State> {
  const imp = step.importState!;
  const mode = imp.mode ?? "command";
  if (mode === "block" && imp.persist === true) {
    throw new FoundryError(
      "testing.import_options",
      `step ${i + 1}: persist applies to command-mode imports only (a block import is planned)`,
    );
  }
  const id = importId(imp, previous, i);
  const client = await core.start(cfg);
  const entry: StateEntry = await core.importObject(client, imp.address, id);
  const fresh = new Map([[imp.address, entry]]);
  if (imp.persist === true) {
    if (core.state.has(imp.address)) {
      throw new CommandFailed(
        `Error: Resource already managed by Terraform\n\n${imp.address} is already in the state.`,
      );
    }
    core.state.set(imp.address, entry);
  }
  if (mode === "block") {
    if (imp.generateConfig === true) {
      note(
        `step ${i + 1}: importState.generateConfig: the configuration Terraform would generate ` +
          "was not produced or planned (that needs terraform plan -generate-config-out); " +
          "the import itself was checked",
      );
    } else {
      const plan = await core.plan(client, cfg, fresh);
      const view = withImporting(plan.view, imp.address);
      planChecks(step.planChecks?.preApply, view, i, "import plan");
      if (view.hasChanges && step.expectNonEmptyPlan !== true) {
        throw failed(i, "the import plan has changes besides importing", planSummary(view));
      }
    }
  }
  const imported = core.view(fresh, {});
  if (imp.verify !== false && previous !== undefined) {
    verifyImportedState(i, imp.address, imp.ignore ?? [], previous, imported);
  }
  return imported;
}

function withImporting(plan: Plan, address: string): Plan {
  const changes = plan.changes.map((c) => c.address === address ? { ...c, importing: true } : c);
  return { ...plan, changes, change: (a) => changes.find((c) => c.address === a) };
}
