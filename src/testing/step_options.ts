/**
 * Refuses acceptance options a test did not mean: unknown keys (a
 * misspelt `planCheck` would otherwise silently check nothing) and
 * combinations that cannot run, each named with its step.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import { editDistance } from "./nearest_name.ts";

const OPTION_KEYS = ["provider", "steps", "terraform", "env", "checkDestroy", "keep", "log"];
const STEP_KEYS = [
  "config",
  "files",
  "before",
  "planOnly",
  "refreshState",
  "expectError",
  "expectNonEmptyPlan",
  "importState",
  "planChecks",
  "stateChecks",
  "terraformVersion",
  "check",
];
const PLAN_CHECK_KEYS = ["preApply", "postApplyPreRefresh", "postApplyPostRefresh", "postRefresh"];
const IMPORT_KEYS = ["address", "id", "mode", "persist", "verify", "ignore", "generateConfig"];
const VERSION_KEYS = ["atLeast", "below"];

function refuseUnknown(obj: object | undefined, known: string[], where: string): void {
  if (obj === undefined || obj === null) return;
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const near = known.filter((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 3)
      .sort((a, b) => editDistance(a, key) - editDistance(b, key))[0];
    throw new FoundryError(
      "testing.unknown_option",
      `${where}: unknown option \`${key}\`` +
        (near ? ` — did you mean \`${near}\`?` : ` (known: ${known.join(", ")})`),
      { context: { where, key } },
    );
  }
}

function refuse(where: string, why: string): never {
  throw new FoundryError("testing.step_options", `${where}: ${why}`, { context: { where } });
}

/** The parts of the options checked here (the runner's own types say the rest). */
interface Checked {
  steps: readonly {
    planOnly?: boolean;
    refreshState?: boolean;
    importState?: object;
    planChecks?: {
      postRefresh?: unknown;
      postApplyPreRefresh?: unknown;
      postApplyPostRefresh?: unknown;
      preApply?: unknown;
    };
    terraformVersion?: object;
  }[];
}

/**
 * Checks acceptance options before anything runs; throws a FoundryError
 * (`testing.unknown_option` or `testing.step_options`) naming the step.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkStepOptions } from "./step_options.ts";
 * assert.throws(
 *   () => checkStepOptions({ steps: [{ config: "", planCheck: {} }] }),
 *   /step 1: unknown option `planCheck` — did you mean `planChecks`\?/,
 * );
 * ```
 */
export function checkStepOptions(given: object, optionKeys: string[] = OPTION_KEYS): void {
  // Typed loosely on purpose: the point is to catch what the types would not.
  const opts = given as Checked;
  refuseUnknown(opts, optionKeys, "acceptance options");
  if (opts.steps.length === 0) {
    refuse("acceptance options", "steps is empty; give at least one step");
  }
  for (const [i, step] of opts.steps.entries()) {
    const where = `step ${i + 1}`;
    refuseUnknown(step, STEP_KEYS, where);
    refuseUnknown(step.planChecks, PLAN_CHECK_KEYS, `${where}: planChecks`);
    refuseUnknown(step.importState, IMPORT_KEYS, `${where}: importState`);
    refuseUnknown(step.terraformVersion, VERSION_KEYS, `${where}: terraformVersion`);
    const kinds = [
      step.planOnly === true && "planOnly",
      step.refreshState === true && "refreshState",
      step.importState !== undefined && "importState",
    ].filter(Boolean);
    if (kinds.length > 1) {
      refuse(where, `${kinds.join(" and ")} cannot be combined; use one per step`);
    }
    const pc = step.planChecks ?? {};
    if (pc.postRefresh !== undefined && step.refreshState !== true) {
      refuse(where, "planChecks.postRefresh runs in refreshState steps only");
    }
    const afterApply = pc.postApplyPreRefresh !== undefined ||
      pc.postApplyPostRefresh !== undefined;
    if (
      afterApply &&
      (step.planOnly === true || step.importState !== undefined || step.refreshState === true)
    ) {
      refuse(where, "postApply plan checks run in steps that apply a configuration only");
    }
    if (pc.preApply !== undefined && step.refreshState === true) {
      refuse(where, "a refreshState step applies no plan; use planChecks.postRefresh");
    }
  }
}
