/**
 * One acceptance run's Terraform: every command runs in the run's
 * workspace with its environment, records what the provider printed, and
 * explains a provider that would not start. Failures quote Terraform's
 * output and the provider's.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import { parsePlan, type Plan } from "./plan.ts";
import { providerLogEnv, takeProviderOutput } from "./provider_log.ts";
import { parseState, type State } from "./state.ts";
import { isProviderStartFailure, probeProviderStart } from "./startup_probe.ts";
import { runTerraform, type TerraformResult } from "./terraform.ts";
import type { Workspace } from "./workspace.ts";

/** A command's result with the provider's output during it. */
export interface SessionResult extends TerraformResult {
  /** What the provider printed on stderr or logged during the command. */
  readonly providerOutput: string;
}

const PLAN_FILE = "foundry-step.tfplan";

/** Terraform commands of one acceptance run. */
export class Session {
  readonly #logEnv: Record<string, string>;

  /** A session in `ws`, running `terraform` with `env` added. */
  constructor(
    readonly ws: Workspace,
    readonly terraform: string,
    readonly env: Record<string, string>,
    readonly source: string,
  ) {
    this.#logEnv = providerLogEnv(ws, env);
  }

  /** Runs one command. */
  async run(args: string[]): Promise<SessionResult> {
    const r = await runTerraform(args, {
      terraform: this.terraform,
      cwd: this.ws.dir,
      env: { ...this.ws.env, ...this.#logEnv, ...this.env },
    });
    const providerOutput = await takeProviderOutput(this.#logEnv, this.source);
    return { ...(await this.#explainStartFailure(r)), providerOutput };
  }

  async #explainStartFailure(r: TerraformResult): Promise<TerraformResult> {
    if (r.code === 0 || !isProviderStartFailure(`${r.stdout}\n${r.stderr}`)) return r;
    // Terraform hides a plugin's stderr: start the provider once more to show why it died.
    const why = await probeProviderStart(this.ws.launcher, this.env);
    if (why === undefined) return r;
    return {
      ...r,
      stderr:
        `${r.stderr}\n--- the provider, started by the test runner as Terraform starts it ---\n${why}\n`,
    };
  }

  /**
   * `terraform plan -out` with `-detailed-exitcode` and `extra` arguments,
   * and the saved plan read back when planning succeeded.
   */
  async plan(step: number, extra: string[] = []): Promise<{ result: SessionResult; plan?: Plan }> {
    const result = await this.run([
      "plan",
      "-no-color",
      "-input=false",
      "-detailed-exitcode",
      `-out=${PLAN_FILE}`,
      ...extra,
    ]);
    if (result.code === 1) return { result };
    const show = await this.run(["show", "-json", "-no-color", PLAN_FILE]);
    if (show.code !== 0) throw this.failure(step, "reading the saved plan failed", show);
    return { result, plan: parsePlan(show.stdout) };
  }

  /** Applies the plan {@link Session.plan} saved. */
  async applySaved(): Promise<SessionResult> {
    const r = await this.run(["apply", "-no-color", "-input=false", "-auto-approve", PLAN_FILE]);
    await Deno.remove(`${this.ws.dir}/${PLAN_FILE}`).catch(() => {});
    return r;
  }

  /** The working state (`terraform show -json`). */
  async state(step: number): Promise<State> {
    const r = await this.run(["show", "-json", "-no-color"]);
    if (r.code !== 0) throw this.failure(step, "reading state failed", r);
    return parseState(r.stdout);
  }

  /** A `testing.step_failed` error quoting Terraform's and the provider's output. */
  failure(step: number, what: string, r: TerraformResult & { providerOutput?: string }) {
    return stepFailure(step, what, r);
  }
}

/**
 * A `testing.step_failed` error: the step, what went wrong, the command and
 * its output, then what the provider printed during it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stepFailure } from "./session.ts";
 * const e = stepFailure(0, "apply failed", {
 *   args: ["apply"], code: 1, stdout: "", stderr: "Error: boom", providerOutput: "[DEBUG] kit: why",
 * });
 * assert.match(e.message, /^step 1: apply failed \(terraform apply exited 1\)\nError: boom\n--- the provider's output during the command ---\n\[DEBUG\] kit: why$/);
 * ```
 */
export function stepFailure(
  step: number,
  what: string,
  r: TerraformResult & { providerOutput?: string },
): FoundryError {
  const out = `${r.stdout}\n${r.stderr}`.trim();
  const tail = out.length > 6000 ? "…" + out.slice(-6000) : out;
  const provider = r.providerOutput
    ? `\n--- the provider's output during the command ---\n${r.providerOutput}`
    : "";
  return new FoundryError(
    "testing.step_failed",
    `step ${step + 1}: ${what} (terraform ${
      r.args.join(" ")
    } exited ${r.code})\n${tail}${provider}`,
    { context: { step, args: r.args, code: r.code } },
  );
}
