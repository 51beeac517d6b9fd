/**
 * The release flow behind `foundry build`: preflight the runtimes, type-check
 * once, compile every target (bounded concurrency) into a staging directory,
 * archive, checksum, write the manifest, sign, and only when every step
 * succeeded move the results into the output directory.
 *
 * @module
 */

import { dirname, join } from "node:path";
import { FoundryError } from "../errors/mod.ts";
import { renderSha256Sums, sha256Hex } from "./checksums.ts";
import { compileArgs } from "./compile_args.ts";
import { type Checker, type Compiler, denoChecker, denoCompiler } from "./compiler.ts";
import { runBounded } from "./concurrency.ts";
import { registryManifest } from "./manifest.ts";
import { archiveName, binaryName, releaseFileNames } from "./naming.ts";
import type { BuildOptions } from "./options.ts";
import type { ProgressReporter } from "./progress.ts";
import {
  denortBinFor,
  resolveRuntimes,
  type RuntimeEnvironment,
  systemRuntimeEnvironment,
} from "./runtime.ts";
import { signDetached, type SigningKey } from "./sign.ts";
import { createStaging, publishStaged, removeStaleStaging } from "./staging.ts";
import type { SummaryRow } from "./summary.ts";
import { osArch } from "./targets.ts";
import { writeZip } from "./zip.ts";

/**
 * Replaceable collaborators of {@link buildRelease}.
 */
export interface ReleaseDeps {
  /** Compiles one target (default: spawns `deno compile`). */
  compiler?: Compiler;
  /** Type-checks the entry once (default: `deno check`). */
  checker?: Checker;
  /** Runtime lookup facts and network probe (default: the real system). */
  runtimes?: RuntimeEnvironment;
  /** Progress events (default: none). */
  progress?: ProgressReporter;
  /** Key for the `SHA256SUMS.sig` detached signature; no signature without one. */
  signingKey?: SigningKey;
  /** Extra `deno compile` tuning. */
  compile?: { bundle?: boolean; include?: string[]; excludeUnusedNpm?: boolean };
}

/**
 * What {@link buildRelease} produced.
 */
export interface ReleaseResult {
  /** One row per target archive, in target order. */
  archives: SummaryRow[];
  /** Every file written to the output directory, sorted. */
  files: string[];
}

/**
 * Builds a complete, registry-ready release into `options.outDir`.
 * Nothing lands in `outDir` unless every target succeeded; a missing
 * runtime stops the build before any compile (`build.runtime_unavailable`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildRelease, resolveBuildOptions } from "@foundry/foundry/release";
 * const dir = await Deno.makeTempDir();
 * const options = resolveBuildOptions({
 *   entry: `${dir}/main.ts`, name: "demo", version: "0.1.0", outDir: `${dir}/dist`,
 *   targets: ["linux_amd64"], typeCheck: false,
 * });
 * const result = await buildRelease(options, {
 *   // A stand-in compiler: the real one spawns `deno compile`.
 *   compiler: (req) => Deno.writeTextFile(req.output, "#!/bin/sh\n"),
 *   runtimes: {
 *     env: () => undefined, denoVersion: "2.9.6", hostTriple: Deno.build.target,
 *     canDownload: () => Promise.resolve(true), exists: () => Promise.resolve(false),
 *   },
 * });
 * assert.ok(result.files.includes("terraform-provider-demo_0.1.0_linux_amd64.zip"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function buildRelease(
  options: BuildOptions,
  deps: ReleaseDeps = {},
): Promise<ReleaseResult> {
  const compiler = deps.compiler ?? denoCompiler;
  const progress = deps.progress;
  const cwd = dirname(options.entry);
  // Preflight first: a missing runtime must stop us before any work or output.
  const runtimes = await resolveRuntimes(
    options.targets,
    options.runtimeDir,
    deps.runtimes ?? systemRuntimeEnvironment(),
  );
  // A wrong key or passphrase must also stop us before minutes of compiling.
  if (deps.signingKey) await signDetached(new Uint8Array(0), deps.signingKey);
  await Deno.mkdir(dirname(options.outDir), { recursive: true });
  // A sibling of outDir, so the final moves are same-filesystem renames;
  // siblings left by interrupted builds go first.
  await removeStaleStaging(options.outDir);
  const staging = await createStaging(options.outDir);
  try {
    if (options.typeCheck) await (deps.checker ?? denoChecker)(options.entry, cwd);
    const archives = await runBounded(options.targets, options.concurrency, async (target) => {
      const label = osArch(target);
      try {
        const binDir = join(staging, "bin", target.triple);
        await Deno.mkdir(binDir, { recursive: true });
        const args = compileArgs({
          entry: options.entry,
          name: options.name,
          version: options.version,
          target,
          outDir: binDir,
          checked: options.typeCheck,
          env: options.env,
          ...deps.compile,
        });
        const binName = binaryName(options.name, options.version, target);
        const output = join(binDir, binName);
        const source = runtimes.get(target.triple);
        const denortBin = source ? await denortBinFor(source, binDir, target.triple) : undefined;
        progress?.step(label, "compiling");
        await compiler({ target, args, output, denortBin, cwd });
        let binary: Uint8Array;
        try {
          binary = await Deno.readFile(output);
        } catch (e) {
          throw new FoundryError(
            "build.compile_no_output",
            `compiling ${target.triple} reported success but wrote no ${output}`,
            { context: { target: target.triple, output }, cause: e },
          );
        }
        progress?.step(label, "archiving");
        const zip = writeZip([{ name: binName, data: binary, mode: 0o755 }], {
          mtime: options.mtime,
        });
        const file = archiveName(options.name, options.version, target);
        await Deno.writeFile(join(staging, file), zip);
        const row: SummaryRow = { target: label, file, size: zip.length, sha256: sha256Hex(zip) };
        progress?.done(label, `${row.size} bytes ${row.sha256.slice(0, 12)}`);
        return row;
      } catch (e) {
        progress?.fail(label, e instanceof Error ? e.message : String(e));
        throw e;
      }
    });
    const names = releaseFileNames(options.name, options.version);
    const manifest = new TextEncoder().encode(registryManifest());
    await Deno.writeFile(join(staging, names.manifest), manifest);
    const sums = new TextEncoder().encode(renderSha256Sums([
      ...archives.map((a) => ({ file: a.file, sha256: a.sha256 })),
      { file: names.manifest, sha256: sha256Hex(manifest) },
    ]));
    await Deno.writeFile(join(staging, names.sums), sums);
    const files = [...archives.map((a) => a.file), names.manifest, names.sums];
    if (deps.signingKey) {
      await Deno.writeFile(
        join(staging, names.signature),
        await signDetached(sums, deps.signingKey),
      );
      files.push(names.signature);
    }
    files.sort();
    // An earlier build's sums and signature are removed first (they would not
    // match the new archives), the new ones are moved in last.
    await publishStaged(staging, options.outDir, files, names);
    return { archives, files };
  } finally {
    progress?.close();
    await Deno.remove(staging, { recursive: true }).catch(() => {});
  }
}
