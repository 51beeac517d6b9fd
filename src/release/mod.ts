/**
 * The release pipeline: from provider source to files a registry serves.
 *
 * The flow of `foundry build`:
 * 1. **Options**: `foundry.provider` in `deno.json` (`entry`, `name`, `version`,
 *    `namespace`, `hostname`, `env`) merged with flags; bad values stop here.
 * 2. **Preflight**: every target's `denort` runtime is located (`--runtime-dir`,
 *    `DENORT_BIN` for the current target, Deno's download cache, or a
 *    reachable dl.deno.land). A missing one stops the build before any work,
 *    naming the target and how to provide it.
 * 3. **Check once, compile many**: `deno check` runs once, then `deno compile
 *    --no-check` per target (two at a time) into a staging directory, with
 *    a minimal permission set baked in.
 * 4. **Package**: per target a reproducible
 *    `terraform-provider-NAME_VERSION_OS_ARCH.zip` (fixed time, fixed modes,
 *    sorted entries), the `_manifest.json` (protocol 6.0), `_SHA256SUMS`
 *    over both, and a detached `_SHA256SUMS.sig` when a key is given.
 * 5. **Commit**: only when everything succeeded are the files moved into
 *    `dist/`: an earlier build's sums and signature are removed first, the
 *    new ones moved in last, so sums never sit beside archives they do not
 *    describe. Staging left by a build killed with Ctrl-C is removed by the
 *    next build. `foundry install` drops setuid/setgid/sticky and group or
 *    world write bits from what it unpacks.
 *
 * Publishing: upload the `dist/` files as a GitHub release (the public
 * registry picks up tags of `terraform-provider-NAME` repositories whose
 * release carries exactly these files and a signature made with a key
 * registered with the namespace), or serve them from a private registry or
 * network mirror. To try a build locally, `foundry install` puts the current
 * platform's archive in a filesystem mirror and prints the
 * `provider_installation` block that points Terraform at it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildRelease, readZip, resolveBuildOptions } from "@foundry/foundry/release";
 *
 * const dir = await Deno.makeTempDir();
 * const options = resolveBuildOptions({
 *   entry: `${dir}/main.ts`, name: "demo", version: "1.0.0",
 *   outDir: `${dir}/dist`, targets: ["linux_amd64", "darwin_arm64"], typeCheck: false,
 * });
 * const result = await buildRelease(options, {
 *   // Real builds omit this and spawn `deno compile`; a stand-in keeps the example offline.
 *   compiler: (req) => Deno.writeTextFile(req.output, `binary for ${req.target.triple}`),
 *   runtimes: {
 *     env: () => undefined, denoVersion: Deno.version.deno, hostTriple: Deno.build.target,
 *     canDownload: () => Promise.resolve(true), exists: () => Promise.resolve(false),
 *   },
 * });
 * console.log(result.files);
 * const zip = await Deno.readFile(`${dir}/dist/${result.archives[0].file}`);
 * assert.equal(readZip(zip)[0].name, "terraform-provider-demo_v1.0.0");
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @module
 */

export { currentTarget, findTarget, resolveTargets, type Target, TARGETS } from "./targets.ts";
export {
  type BuildInput,
  type BuildOptions,
  configDirOf,
  type ProviderConfig,
  readProviderConfig,
  resolveBuildOptions,
} from "./options.ts";
export { archiveName, binaryName, releaseFileNames } from "./naming.ts";
export { readZip, type ReadZipOptions, type ZipEntry } from "./zip_reader.ts";
export { writeZip, type ZipEntryInput, type ZipOptions } from "./zip.ts";
export { sha256Hex } from "./checksums.ts";
export { type SigningKey } from "./sign.ts";
export { type Checker, type Compiler, type CompileRequest } from "./compiler.ts";
export { type RuntimeEnvironment, type RuntimeSource } from "./runtime.ts";
export { type SummaryRow } from "./summary.ts";
export { type ProgressReporter } from "./progress.ts";
export { buildRelease, type ReleaseDeps, type ReleaseResult } from "./release.ts";
export {
  defaultPluginDir,
  type InstallOptions,
  installProvider,
  type InstallResult,
  type MirrorLayout,
  mirrorSnippet,
} from "./install.ts";
