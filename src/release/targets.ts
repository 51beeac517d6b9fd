/**
 * The platforms a provider ships for: Deno's compile triples, the
 * `os_arch` names Terraform and registries use, and the executable suffix.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";

/**
 * One platform a provider binary is built for.
 */
export interface Target {
  /** Deno's `--target` triple, e.g. `x86_64-unknown-linux-gnu`. */
  readonly triple: string;
  /** Terraform's operating system name: `linux`, `darwin`, `windows`. */
  readonly os: string;
  /** Terraform's architecture name: `amd64`, `arm64`. */
  readonly arch: string;
  /** `.exe` on Windows, empty elsewhere. */
  readonly exeSuffix: string;
}

/**
 * Every target `deno compile` supports, in release order.
 */
export const TARGETS: readonly Target[] = Object.freeze([
  { triple: "x86_64-unknown-linux-gnu", os: "linux", arch: "amd64", exeSuffix: "" },
  { triple: "aarch64-unknown-linux-gnu", os: "linux", arch: "arm64", exeSuffix: "" },
  { triple: "x86_64-apple-darwin", os: "darwin", arch: "amd64", exeSuffix: "" },
  { triple: "aarch64-apple-darwin", os: "darwin", arch: "arm64", exeSuffix: "" },
  { triple: "x86_64-pc-windows-msvc", os: "windows", arch: "amd64", exeSuffix: ".exe" },
].map((t) => Object.freeze(t)));

/**
 * Terraform's `OS_ARCH` platform name for a target, e.g. `linux_amd64`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { TARGETS } from "@foundry/foundry/release";
 * import { osArch } from "./_pipeline.ts";
 * assert.equal(osArch(TARGETS[0]), "linux_amd64");
 * ```
 */
export function osArch(target: Target): string {
  return `${target.os}_${target.arch}`;
}

/**
 * Finds a target by Deno triple or by Terraform `os_arch` name.
 * Throws `build.unknown_target` listing the accepted names.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { findTarget } from "@foundry/foundry/release";
 * assert.equal(findTarget("darwin_arm64").triple, "aarch64-apple-darwin");
 * ```
 */
export function findTarget(name: string): Target {
  const found = TARGETS.find((t) => t.triple === name || osArch(t) === name);
  if (found) return found;
  const known = TARGETS.map((t) => `${t.triple} (${osArch(t)})`).join(", ");
  throw new FoundryError(
    "build.unknown_target",
    `unknown target "${name}"; known targets: ${known}`,
    {
      context: { target: name },
    },
  );
}

/**
 * The target of the machine running this code, from `Deno.build`.
 * Throws `build.unknown_target` on a platform `deno compile` cannot produce.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { currentTarget } from "@foundry/foundry/release";
 * assert.equal(currentTarget().triple, Deno.build.target);
 * ```
 */
export function currentTarget(): Target {
  return findTarget(Deno.build.target);
}

/**
 * Resolves target names (triples or `os_arch`), keeping release order and
 * dropping duplicates; an empty list means every target.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveTargets } from "@foundry/foundry/release";
 * const ts = resolveTargets(["windows_amd64", "linux_amd64", "linux_amd64"]);
 * assert.equal(ts.map((t) => t.os).join(), "linux,windows");
 * ```
 */
export function resolveTargets(names: readonly string[]): Target[] {
  if (names.length === 0) return [...TARGETS];
  const wanted = new Set(names.map((n) => findTarget(n)));
  return TARGETS.filter((t) => wanted.has(t));
}
