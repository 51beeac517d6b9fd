/**
 * Steps that need a Terraform release: the version of the binary under
 * test, and ranges a step declares (`{ atLeast: "1.12.0" }`), so a suite
 * runs on older and newer Terraform alike and says which steps it skipped.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import { runTerraform } from "./terraform.ts";

/** The Terraform releases a step runs on: `atLeast` inclusive, `below` exclusive. */
export interface TerraformVersionRange {
  /** Lowest version the step runs on (`"1.12.0"`). */
  readonly atLeast?: string;
  /** First version the step no longer runs on. */
  readonly below?: string;
}

function parts(v: string, what: string): number[] {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$/.exec(v.trim());
  if (m === null) {
    throw new FoundryError(
      "testing.version",
      `${what}: ${JSON.stringify(v)} is not a version (write it as "1.12.0")`,
    );
  }
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

/**
 * Orders two versions: negative, zero or positive.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareVersions } from "@foundry/foundry/testing";
 * assert.ok(compareVersions("1.11.4", "1.12.0") < 0);
 * assert.equal(compareVersions("v1.2", "1.2.0"), 0);
 * ```
 */
export function compareVersions(a: string, b: string): number {
  const x = parts(a, "version");
  const y = parts(b, "version");
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/**
 * Why `version` is outside `range`, or `undefined` when it is inside.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { versionMismatch } from "@foundry/foundry/testing";
 * assert.equal(versionMismatch("1.11.4", { atLeast: "1.12.0" }), "needs Terraform >= 1.12.0, running 1.11.4");
 * assert.equal(versionMismatch("1.11.4", { below: "2.0.0" }), undefined);
 * ```
 */
export function versionMismatch(
  version: string,
  range: TerraformVersionRange,
): string | undefined {
  if (range.atLeast !== undefined && compareVersions(version, range.atLeast) < 0) {
    return `needs Terraform >= ${range.atLeast}, running ${version}`;
  }
  if (range.below !== undefined && compareVersions(version, range.below) >= 0) {
    return `needs Terraform < ${range.below}, running ${version}`;
  }
  return undefined;
}

/**
 * The version of a Terraform binary (`terraform version -json`).
 *
 * @example
 * ```ts
 * import { findTerraform, terraformVersion } from "@foundry/foundry/testing";
 * const tf = await findTerraform();
 * if (tf) console.log(await terraformVersion(tf));
 * ```
 */
export async function terraformVersion(terraform: string): Promise<string> {
  const r = await runTerraform(["version", "-json"], {
    terraform,
    cwd: Deno.cwd(),
    env: { TF_CLI_CONFIG_FILE: "/dev/null" },
  });
  try {
    const v = JSON.parse(r.stdout).terraform_version;
    if (typeof v === "string") return v;
  } catch {
    // reported below
  }
  throw new FoundryError(
    "testing.version",
    `could not read the version of ${terraform} (exit ${r.code}): ${r.stderr.trim()}`,
  );
}
