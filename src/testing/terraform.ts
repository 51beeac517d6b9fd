/**
 * Running the real `terraform` binary from tests: locating it, and running one
 * command in a working directory with a controlled environment.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";

/** What one `terraform` command did. */
export interface TerraformResult {
  /** The arguments it was run with. */
  readonly args: readonly string[];
  /** Exit code (0 success; `plan -detailed-exitcode` uses 2 for "changes present"). */
  readonly code: number;
  /** Standard output, as text. */
  readonly stdout: string;
  /** Standard error, as text. */
  readonly stderr: string;
}

/**
 * Finds the Terraform binary: `$FOUNDRY_TERRAFORM`, `$TF_ACC_TERRAFORM_PATH`,
 * then `terraform` on `PATH`. Returns `undefined` when there is none, so a
 * test can say why it was skipped.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { findTerraform } from "@foundry/foundry/testing";
 * const tf = await findTerraform(); // undefined when no terraform is on PATH
 * if (tf !== undefined) assert.equal((await Deno.stat(tf)).isFile, true);
 * ```
 */
export function findTerraform(): Promise<string | undefined> {
  return Promise.resolve(findTerraformSync());
}

/**
 * {@link findTerraform} without awaiting, for deciding at test registration
 * whether a test runs.
 *
 * @example Usage
 * ```ts
 * import { findTerraformSync } from "@foundry/foundry/testing";
 * Deno.test({ name: "needs terraform", ignore: findTerraformSync() === undefined }, () => {});
 * ```
 */
export function findTerraformSync(): string | undefined {
  const explicit = Deno.env.get("FOUNDRY_TERRAFORM") ?? Deno.env.get("TF_ACC_TERRAFORM_PATH");
  const candidates = explicit !== undefined ? [explicit] : [];
  const exe = Deno.build.os === "windows" ? "terraform.exe" : "terraform";
  for (const dir of (Deno.env.get("PATH") ?? "").split(Deno.build.os === "windows" ? ";" : ":")) {
    if (dir !== "") candidates.push(`${dir}/${exe}`);
  }
  for (const c of candidates) {
    try {
      if (Deno.statSync(c).isFile) return c;
    } catch {
      // not there; try the next one
    }
  }
  return undefined;
}

/** Options for {@link runTerraform}. */
export interface RunTerraformOptions {
  /** Path of the terraform binary. */
  terraform: string;
  /** Working directory. */
  cwd: string;
  /** Environment added to a minimal base (PATH, HOME, TMPDIR are passed through). */
  env?: Record<string, string>;
  /** Abort the command (it is killed). */
  signal?: AbortSignal;
}

const decoder = new TextDecoder();

/**
 * Runs `terraform ARGS...` and collects its output. Checkpoint calls are
 * disabled and input is never read.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { findTerraform, runTerraform } from "@foundry/foundry/testing";
 * const terraform = await findTerraform();
 * if (terraform) {
 *   const r = await runTerraform(["version"], { terraform, cwd: Deno.cwd() });
 *   assert.match(r.stdout, /^Terraform v\d+\.\d+/);
 * }
 * ```
 */
export async function runTerraform(
  args: string[],
  opts: RunTerraformOptions,
): Promise<TerraformResult> {
  const base: Record<string, string> = { CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  for (const k of ["PATH", "HOME", "TMPDIR", "USER", "DENO_DIR", "LANG", "SYSTEMROOT"]) {
    const v = Deno.env.get(k);
    if (v !== undefined) base[k] = v;
  }
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(opts.terraform, {
      args,
      cwd: opts.cwd,
      env: { ...base, ...opts.env },
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: opts.signal,
    }).spawn();
  } catch (e) {
    throw new FoundryError("testing.terraform_start", `could not start ${opts.terraform}`, {
      context: { args },
      cause: e,
    });
  }
  const out = await child.output();
  return {
    args,
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
  };
}
