/**
 * The release pipeline's working parts, for the `foundry build`/`install`
 * commands, the registry's load script and the benchmarks: progress and
 * summary rendering, staging clean-up, the compiler and runtime seams, the
 * checksum, manifest and signature writers, and the CRC variants. Not a
 * public entry: an author scripting a release uses `./mod.ts`.
 *
 * @module
 */

export { osArch } from "./targets.ts";
export { archiveTime, validateProviderName, validateVersion } from "./options.ts";
export { bakedRunFlags, compileArgs, type CompileArgsInput, PLUGIN_ENV } from "./compile_args.ts";
export {
  type Checker,
  compileFailure,
  type Compiler,
  type CompileRequest,
  denoChecker,
  denoCompiler,
} from "./compiler.ts";
export {
  denoCacheDir,
  denortBinFor,
  resolveRuntimes,
  runtimeUnavailable,
  runtimeUrl,
  systemRuntimeEnvironment,
} from "./runtime.ts";
export { crc32, crc32Bytewise, crc32Portable } from "./crc32.ts";
export { dosDateTime } from "./zip.ts";
export { renderSha256Sums } from "./checksums.ts";
export { registryManifest } from "./manifest.ts";
export { signDetached } from "./sign.ts";
export { runBounded } from "./concurrency.ts";
export { createProgress, type ProgressOptions } from "./progress.ts";
export { formatSize, summaryTable } from "./summary.ts";
export { removeOwnStagingSync } from "./staging.ts";
