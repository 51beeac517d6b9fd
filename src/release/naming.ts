/**
 * File names of a provider release, as Terraform and provider registries
 * expect them (`terraform-provider-NAME_VERSION_OS_ARCH.zip` and friends).
 *
 * @module
 */

import { osArch, type Target } from "./targets.ts";

/**
 * Executable name inside the archive: `terraform-provider-NAME_vVERSION[.exe]`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { binaryName, findTarget } from "@foundry/foundry/release";
 * assert.equal(binaryName("demo", "1.0.0", findTarget("windows_amd64")), "terraform-provider-demo_v1.0.0.exe");
 * ```
 */
export function binaryName(name: string, version: string, target: Target): string {
  return `terraform-provider-${name}_v${version}${target.exeSuffix}`;
}

/**
 * Archive name: `terraform-provider-NAME_VERSION_OS_ARCH.zip`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { archiveName, findTarget } from "@foundry/foundry/release";
 * assert.equal(archiveName("demo", "1.0.0", findTarget("linux_arm64")), "terraform-provider-demo_1.0.0_linux_arm64.zip");
 * ```
 */
export function archiveName(name: string, version: string, target: Target): string {
  return `terraform-provider-${name}_${version}_${osArch(target)}.zip`;
}

/**
 * Names of the release-wide files: checksums, their signature, the registry manifest.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { releaseFileNames } from "@foundry/foundry/release";
 * assert.equal(releaseFileNames("demo", "1.0.0").sums, "terraform-provider-demo_1.0.0_SHA256SUMS");
 * ```
 */
export function releaseFileNames(
  name: string,
  version: string,
): { sums: string; signature: string; manifest: string } {
  const stem = `terraform-provider-${name}_${version}`;
  return {
    sums: `${stem}_SHA256SUMS`,
    signature: `${stem}_SHA256SUMS.sig`,
    manifest: `${stem}_manifest.json`,
  };
}
