/**
 * The compile step behind an injectable function, so the release flow can
 * be tested with a fake that just writes a file. The default spawns
 * `deno compile` and turns its failures into {@link FoundryError}s.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import { runtimeUnavailable } from "./runtime.ts";
import type { Target } from "./targets.ts";

/**
 * One compile invocation.
 */
export interface CompileRequest {
  /** Target being built. */
  target: Target;
  /** Arguments after `deno` (see `compileArgs`). */
  args: string[];
  /** Path the binary must be written to. */
  output: string;
  /** Runtime for this target, passed as `DENORT_BIN`; undefined lets deno find it. */
  denortBin?: string;
  /** Working directory (the project, so its `deno.json` applies). */
  cwd: string;
}

/**
 * Builds one binary; rejects with a {@link FoundryError} on failure.
 */
export type Compiler = (request: CompileRequest) => Promise<void>;

/**
 * Type-checks the entry once before all compiles; rejects on type errors.
 */
export type Checker = (entry: string, cwd: string) => Promise<void>;

const OFFLINE_RE = /dl\.deno\.land|Setting up base binary|error sending request|dns error/i;

/**
 * Classifies a failed `deno compile`: a runtime download failure becomes
 * `build.runtime_unavailable`, anything else `build.compile_failed` with the
 * tail of stderr.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { findTarget } from "@foundry/foundry/release";
 * import { compileFailure } from "./_pipeline.ts";
 * const e = compileFailure(findTarget("linux_amd64"), "0: Setting up base binary.\n1: dns error", "2.9.6");
 * assert.equal(e.code, "build.runtime_unavailable");
 * ```
 */
export function compileFailure(target: Target, stderr: string, denoVersion: string): FoundryError {
  if (OFFLINE_RE.test(stderr)) {
    return runtimeUnavailable([target], denoVersion, undefined, Deno.build.target);
  }
  const tail = stderr.trim().split("\n").slice(-15).join("\n");
  return new FoundryError(
    "build.compile_failed",
    `deno compile failed for ${target.triple}:\n${tail}`,
    {
      context: { target: target.triple },
    },
  );
}

// deno-lint-ignore no-control-regex
const ANSI_RE = /\x1b\[[0-9;]*m/g;

async function runDeno(args: string[], cwd: string, env: Record<string, string>) {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
  const out = await child.output();
  const dec = new TextDecoder();
  return {
    success: out.success,
    text: (dec.decode(out.stdout) + dec.decode(out.stderr)).replace(ANSI_RE, ""),
  };
}

function childEnv(denortBin: string | undefined): Record<string, string> {
  const env = Deno.env.toObject();
  // A DENORT_BIN inherited from the shell is for the host only; never let it leak into another target.
  delete env.DENORT_BIN;
  if (denortBin !== undefined) env.DENORT_BIN = denortBin;
  env.NO_COLOR = "1";
  return env;
}

/**
 * The default {@link Compiler}: spawns `deno compile` (this Deno's
 * executable) with `DENORT_BIN` set per target.
 */
export const denoCompiler: Compiler = async (req) => {
  const r = await runDeno(req.args, req.cwd, childEnv(req.denortBin));
  if (!r.success) throw compileFailure(req.target, r.text, Deno.version.deno);
};

/**
 * The default {@link Checker}: `deno check ENTRY`.
 */
export const denoChecker: Checker = async (entry, cwd) => {
  const r = await runDeno(["check", "--quiet", entry], cwd, childEnv(undefined));
  if (!r.success) {
    throw new FoundryError(
      "build.type_check_failed",
      `type check of ${entry} failed:\n${r.text.trim()}`,
      {
        context: { entry },
      },
    );
  }
};
