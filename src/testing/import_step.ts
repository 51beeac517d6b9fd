/**
 * Import steps of the acceptance runner, as terraform-plugin-testing runs
 * them: in a fresh state by default (the applied object stays in the
 * working state, so nothing has to be forgotten by hand), with the id given
 * or computed from the previous step's state, and either through
 * `terraform import` or through an `import` block that Terraform must plan
 * as an import with no changes.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import { parsePlan, type Plan } from "./plan.ts";
import type { Session, SessionResult } from "./session.ts";
import { parseState, type State } from "./state.ts";

/** How a step imports (`importState` of an acceptance step). */
export interface ImportStateOptions {
  /** The resource address to import into (`example_server.web`). */
  address: string;
  /**
   * The import id, or a function of the previous step's state that returns
   * it (`(state) => String(state.resource("example_server.web").values.id)`).
   */
  id: string | ((state: State) => string);
  /**
   * `command` (default): `terraform import`. `block`: an `import` block in
   * the configuration; the step plans it and fails unless the plan imports
   * the object with no changes (set `expectNonEmptyPlan` to allow changes).
   */
  mode?: "command" | "block";
  /**
   * Import into the working state instead of a fresh one (command mode
   * only): the address must then be free, and later steps see the import.
   */
  persist?: boolean;
  /** Compare with the previous step's state (default: when there is one). */
  verify?: boolean;
  /** Attributes left out of the comparison (ones `importState` cannot read back). */
  ignore?: string[];
  /**
   * Block mode only: the step's configuration leaves the resource out and
   * Terraform writes it (`plan -generate-config-out`); the step fails unless
   * the plan with that generated configuration imports the object with no
   * changes. Checks see the text as `generatedConfig`.
   */
  generateConfig?: boolean;
}

/** What an import step produced. */
export interface ImportOutcome {
  /** The main command's output (`import`, or `plan` in block mode). */
  readonly result: SessionResult;
  /** The imported state (block mode: the planned values), once the command succeeded. */
  readonly state?: State;
  /** Block mode: the import plan. */
  readonly plan?: Plan;
  /** With `generateConfig`: the configuration Terraform wrote. */
  readonly generatedConfig?: string;
}

const FRESH_STATE = "foundry-import.tfstate";
const IMPORT_FILE = "foundry_import.tf";
const PLAN_FILE = "foundry-import.tfplan";
const GENERATED_FILE = "foundry_generated.tf";

/**
 * Runs one import step in `ws` and returns the output and, on success, the
 * imported state; temporary files are removed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { importId } from "./import_step.ts";
 * assert.equal(importId({ address: "a.b", id: "x" }, undefined, 0), "x");
 * ```
 */
export async function runImportStep(
  session: Session,
  opts: ImportStateOptions,
  previous: State | undefined,
  step: number,
): Promise<ImportOutcome> {
  const id = importId(opts, previous, step);
  const ws = session.ws;
  const tf = (args: string[]) => session.run(args);
  const mode = opts.mode ?? "command";
  if (mode === "block" && opts.persist === true) {
    throw new FoundryError(
      "testing.import_options",
      `step ${step + 1}: persist applies to command-mode imports only (a block import is planned)`,
    );
  }
  if (mode !== "block" && opts.generateConfig === true) {
    throw new FoundryError(
      "testing.import_options",
      `step ${step + 1}: generateConfig needs mode "block" (Terraform generates configuration ` +
        "only for import blocks)",
    );
  }
  try {
    if (mode === "command") {
      const stateArgs = opts.persist === true ? [] : [`-state=${FRESH_STATE}`];
      const result = await tf([
        "import",
        "-no-color",
        "-input=false",
        ...stateArgs,
        opts.address,
        id,
      ]);
      if (result.code !== 0) return { result };
      const show = await tf(["show", "-json", "-no-color", ...(opts.persist ? [] : [FRESH_STATE])]);
      return { result, state: parsedOrFail(show, step) };
    }
    await ws.write(
      IMPORT_FILE,
      `import {\n  to = ${opts.address}\n  id = ${JSON.stringify(id)}\n}\n`,
    );
    const generate = opts.generateConfig === true ? [`-generate-config-out=${GENERATED_FILE}`] : [];
    const result = await tf([
      "plan",
      "-no-color",
      "-input=false",
      `-state=${FRESH_STATE}`,
      `-out=${PLAN_FILE}`,
      ...generate,
    ]);
    const generatedConfig = opts.generateConfig === true
      ? await Deno.readTextFile(`${ws.dir}/${GENERATED_FILE}`).catch(() => undefined)
      : undefined;
    if (result.code !== 0) return { result, generatedConfig };
    if (opts.generateConfig === true && generatedConfig === undefined) {
      throw new FoundryError(
        "testing.import_not_planned",
        `step ${step + 1}: terraform plan -generate-config-out wrote no configuration for ` +
          `${opts.address}; leave the resource out of the step's configuration\n${result.stdout}`,
        { context: { step, address: opts.address } },
      );
    }
    const show = await tf(["show", "-json", "-no-color", PLAN_FILE]);
    if (show.code !== 0) throw session.failure(step, "reading the import plan failed", show);
    const plan = parsePlan(show.stdout);
    if (plan.change(opts.address)?.importing !== true) {
      throw new FoundryError(
        "testing.import_not_planned",
        `step ${step + 1}: the plan does not import ${opts.address}\n${result.stdout}`,
        { context: { step, address: opts.address } },
      );
    }
    const planned = (plan.raw as { planned_values?: unknown }).planned_values;
    return {
      result: { ...result, code: plan.hasChanges ? 2 : 0 },
      state: parseState(JSON.stringify({ values: planned })),
      plan,
      generatedConfig,
    };
  } finally {
    for (
      const f of [FRESH_STATE, `${FRESH_STATE}.backup`, IMPORT_FILE, PLAN_FILE, GENERATED_FILE]
    ) {
      await Deno.remove(`${ws.dir}/${f}`).catch(() => {});
    }
  }
}

/**
 * The id to import: the given string, or the function of the previous state.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { importId } from "./import_step.ts";
 * import { parseState } from "./state.ts";
 * const prev = parseState(JSON.stringify({ values: { root_module: { resources: [
 *   { address: "x_a.b", mode: "managed", type: "x_a", name: "b", values: { id: "i-1" } },
 * ] } } }));
 * assert.equal(importId({ address: "x_a.b", id: (s) => String(s.resource("x_a.b").values.id) }, prev, 1), "i-1");
 * ```
 */
export function importId(
  opts: ImportStateOptions,
  previous: State | undefined,
  step: number,
): string {
  if (typeof opts.id === "string") return opts.id;
  if (previous === undefined) {
    throw new FoundryError(
      "testing.import_id",
      `step ${step + 1}: importState.id is a function of the previous step's state, ` +
        "but no earlier step applied",
      { context: { step } },
    );
  }
  const id: unknown = opts.id(previous);
  if (typeof id !== "string" || id === "") {
    throw new FoundryError(
      "testing.import_id",
      `step ${step + 1}: importState.id returned ${JSON.stringify(id)}; it must return the id text`,
      { context: { step } },
    );
  }
  return id;
}

function parsedOrFail(show: SessionResult, step: number): State {
  if (show.code !== 0) {
    throw new FoundryError(
      "testing.step_failed",
      `step ${step + 1}: reading the imported state failed\n${show.stderr}`,
      { context: { step } },
    );
  }
  return parseState(show.stdout);
}
