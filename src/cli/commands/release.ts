/**
 * `foundry build` and `foundry install`, the release layer's verbs: parse
 * flags, merge with `deno.json`, call the layer's functions, print, return an
 * exit code (0 ok, 1 failed, 2 usage error).
 *
 * @module
 */

import type { ParseArgsConfig } from "node:util";
import { resolve } from "node:path";
import { FoundryError, isFoundryError } from "../../errors/mod.ts";
import {
  buildRelease,
  configDirOf,
  currentTarget,
  defaultPluginDir,
  installProvider,
  type MirrorLayout,
  mirrorSnippet,
  readProviderConfig,
  type ReleaseDeps,
  resolveBuildOptions,
  type SigningKey,
} from "../../release/mod.ts";
import { createProgress, removeOwnStagingSync, summaryTable } from "../../release/_pipeline.ts";
import { type CliIO, type Command, parseFlags, UsageError } from "../command.ts";

/**
 * Test seams for the commands; everything defaults to the real system.
 */
export interface CommandDeps extends ReleaseDeps {
  /** Reads environment variables (default `Deno.env.get`). */
  env?: (name: string) => string | undefined;
  /** Whether stderr is a terminal (live progress lines). */
  tty?: boolean;
}

/**
 * Help text of `foundry build`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BUILD_HELP } from "./release.ts";
 * assert.ok(BUILD_HELP.startsWith("Usage: foundry build"));
 * ```
 */
export const BUILD_HELP = `Usage: foundry build [options]

Compiles the provider for every target and writes a registry-ready release:
terraform-provider-NAME_VERSION_OS_ARCH.zip per target, _SHA256SUMS,
_manifest.json and, with a key, _SHA256SUMS.sig. Values default to
"foundry.provider" in deno.json.

Options:
  --config FILE       deno.json to read (default ./deno.json)
  --entry FILE        provider entry module
  --name NAME         provider type name (terraform-provider-NAME)
  --version X.Y.Z     release version
  --namespace NS      registry namespace (default foundry)
  --hostname HOST     registry host (default registry.terraform.io)
  --target T          triple or os_arch; repeat for several (default: all five)
  --current           only the current platform
  --out DIR           output directory (default dist)
  --runtime-dir DIR   denort-<triple>[.zip] runtimes for offline builds
  --no-check          skip the type check
  --concurrency N     compiles at once (default 2)
  --bundle            experimental deno compile --bundle --minify
  --include PATH      extra module/file to embed; repeatable
  --sign-key FILE     armored OpenPGP private key (or env FOUNDRY_GPG_KEY);
                      passphrase from env FOUNDRY_GPG_PASSPHRASE
Environment: DENORT_BIN (runtime for the current target), SOURCE_DATE_EPOCH.
`;

/**
 * Help text of `foundry install`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { INSTALL_HELP } from "./release.ts";
 * assert.ok(INSTALL_HELP.includes("--layout"));
 * ```
 */
export const INSTALL_HELP = `Usage: foundry install [options]

Installs the current platform's build from the output directory into a
Terraform filesystem mirror and prints the CLI configuration to use it.

Options:
  --config FILE       deno.json to read (default ./deno.json)
  --name, --version, --namespace, --hostname   as for foundry build
  --dist DIR          where foundry build wrote (default dist)
  --dir DIR           mirror root (default ~/.terraform.d/plugins)
  --layout L          unpacked (HOST/NS/TYPE/VERSION/OS_ARCH/) or packed (zip)
`;

const COMMON = {
  help: { type: "boolean", short: "h" },
  config: { type: "string" },
  name: { type: "string" },
  version: { type: "string" },
  namespace: { type: "string" },
  hostname: { type: "string" },
} as const satisfies ParseArgsConfig["options"];

function parse<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O) {
  try {
    return parseFlags(args, options).values;
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
}

async function readKeyFile(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    throw new FoundryError(
      "build.sign.key_unreadable",
      `cannot read --sign-key ${path}: ${e instanceof Error ? e.message : String(e)}`,
      {
        context: { path },
        cause: e,
      },
    );
  }
}

function report(io: CliIO, e: unknown): number {
  if (isFoundryError(e)) {
    io.err(`error: ${e.message}\n`);
    return e.code.startsWith("build.options.") || e.code === "build.unknown_target" ? 2 : 1;
  }
  io.err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  return 1;
}

/**
 * Runs `foundry build ARGS`. Resolves to the exit code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildCommandMain } from "./release.ts";
 * let err = "";
 * const code = await buildCommandMain(["--bogus"], { out: () => {}, err: (t) => (err += t) });
 * assert.ok(code === 2 && err.includes("--bogus"));
 * ```
 */
export async function buildCommandMain(
  args: string[],
  io: CliIO,
  deps: CommandDeps = {},
): Promise<number> {
  const v = parse(args, {
    ...COMMON,
    entry: { type: "string" },
    target: { type: "string", multiple: true },
    current: { type: "boolean" },
    out: { type: "string" },
    "runtime-dir": { type: "string" },
    "no-check": { type: "boolean" },
    concurrency: { type: "string" },
    bundle: { type: "boolean" },
    include: { type: "string", multiple: true },
    "sign-key": { type: "string" },
  });
  if (v instanceof Error) {
    io.err(`foundry build: ${v.message} (see 'foundry build --help')\n`);
    return 2;
  }
  if (v.help) {
    io.out(BUILD_HELP);
    return 0;
  }
  if (v.current && v.target) {
    io.err("error: --current and --target cannot be combined\n");
    return 2;
  }
  let concurrency: number | undefined;
  if (v.concurrency !== undefined) {
    concurrency = /^\d+$/.test(v.concurrency) ? Number(v.concurrency) : NaN;
  }
  const env = deps.env ?? ((n: string) => Deno.env.get(n));
  try {
    const configPath = resolve(v.config ?? "deno.json");
    const config = await readProviderConfig(configPath, { required: v.config !== undefined });
    const options = resolveBuildOptions({
      config,
      configDir: configDirOf(configPath),
      entry: v.entry === undefined ? undefined : resolve(v.entry),
      name: v.name,
      version: v.version,
      namespace: v.namespace,
      hostname: v.hostname,
      targets: v.current ? [currentTarget().triple] : v.target,
      outDir: v.out === undefined ? undefined : resolve(v.out),
      runtimeDir: v["runtime-dir"] === undefined ? undefined : resolve(v["runtime-dir"]),
      typeCheck: !v["no-check"],
      sourceDateEpoch: env("SOURCE_DATE_EPOCH"),
      concurrency,
    });
    let signingKey: SigningKey | undefined = deps.signingKey;
    const keyText = v["sign-key"] !== undefined
      ? await readKeyFile(v["sign-key"])
      : env("FOUNDRY_GPG_KEY");
    if (keyText) signingKey = { armoredKey: keyText, passphrase: env("FOUNDRY_GPG_PASSPHRASE") };
    const progress = deps.progress ?? createProgress({
      write: io.err,
      tty: deps.tty ?? Deno.stderr.isTerminal(),
      targets: options.targets.map((t) => `${t.os}_${t.arch}`),
    });
    // Ctrl-C mid-build: remove this build's staging before exiting (130, as shells do).
    const onInterrupt = () => {
      removeOwnStagingSync(options.outDir);
      Deno.exit(130);
    };
    const listening = trySignal("SIGINT", onInterrupt);
    let result;
    try {
      result = await buildRelease(options, {
        ...deps,
        progress,
        signingKey,
        compile: {
          bundle: v.bundle,
          include: v.include === undefined ? undefined : v.include.map((p) => resolve(p)),
          ...deps.compile,
        },
      });
    } finally {
      if (listening) Deno.removeSignalListener("SIGINT", onInterrupt);
    }
    io.out(summaryTable(result.archives));
    io.out(`wrote ${result.files.length} files to ${options.outDir}\n`);
    return 0;
  } catch (e) {
    return report(io, e);
  }
}

/**
 * Runs `foundry install ARGS`. Resolves to the exit code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { installCommandMain } from "./release.ts";
 * const code = await installCommandMain(["--layout", "flat"], { out: () => {}, err: () => {} });
 * assert.equal(code, 2);
 * ```
 */
export async function installCommandMain(
  args: string[],
  io: CliIO,
  deps: Pick<CommandDeps, "env"> = {},
): Promise<number> {
  const v = parse(args, {
    ...COMMON,
    dist: { type: "string" },
    dir: { type: "string" },
    layout: { type: "string" },
  });
  if (v instanceof Error) {
    io.err(`foundry install: ${v.message} (see 'foundry install --help')\n`);
    return 2;
  }
  if (v.help) {
    io.out(INSTALL_HELP);
    return 0;
  }
  if (v.layout !== undefined && v.layout !== "packed" && v.layout !== "unpacked") {
    io.err(`error: --layout must be "packed" or "unpacked", got "${v.layout}"\n`);
    return 2;
  }
  const env = deps.env ?? ((n: string) => Deno.env.get(n));
  try {
    const configPath = resolve(v.config ?? "deno.json");
    const config = await readProviderConfig(configPath, { required: v.config !== undefined });
    const target = currentTarget();
    const options = resolveBuildOptions({
      // install never compiles; the entry is irrelevant but required by the shared validation.
      config: { ...config, entry: config.entry ?? "unused" },
      configDir: configDirOf(configPath),
      name: v.name,
      version: v.version,
      namespace: v.namespace,
      hostname: v.hostname,
      targets: [target.triple],
      outDir: v.dist === undefined ? undefined : resolve(v.dist),
    });
    const pluginDir = v.dir === undefined ? defaultPluginDir(env) : resolve(v.dir);
    const result = await installProvider({
      distDir: options.outDir,
      name: options.name,
      version: options.version,
      namespace: options.namespace,
      hostname: options.hostname,
      target,
      pluginDir,
      layout: v.layout as MirrorLayout | undefined,
    });
    io.out(`installed ${result.source} ${options.version} at ${result.path}\n\n`);
    io.out(
      "Add this to your Terraform CLI configuration (~/.terraformrc or TF_CLI_CONFIG_FILE):\n\n",
    );
    io.out(mirrorSnippet(pluginDir, [result.source]));
    return 0;
  } catch (e) {
    return report(io, e);
  }
}

/**
 * `foundry build`: compile, archive, checksum and sign a provider for every
 * target.
 *
 * @example Its help is the flag reference
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildCommand } from "@foundry/foundry/cli";
 *
 * assert.match(buildCommand.help, /^Usage: foundry build/);
 * assert.match(buildCommand.help, /--target/);
 * ```
 */
export const buildCommand: Command = {
  name: "build",
  summary: "Compile the provider for every target and package it for a registry",
  help: BUILD_HELP,
  // Progress lines go to stderr, so the command formats its own errors.
  run: (args, io) => buildCommandMain(args, io),
};

/**
 * `foundry install`: install a built provider into a local filesystem mirror
 * for Terraform.
 *
 * @example A usage error exits 2
 * ```ts
 * import assert from "node:assert/strict";
 * import { installCommand } from "@foundry/foundry/cli";
 *
 * let err = "";
 * const code = await installCommand.run(["--layout", "flat"], { out: () => {}, err: (t) => (err += t) });
 * assert.equal(code, 2);
 * assert.match(err, /--layout must be "packed" or "unpacked"/);
 * ```
 */
export const installCommand: Command = {
  name: "install",
  summary: "Install the provider into a local filesystem mirror for Terraform",
  help: INSTALL_HELP,
  run: (args, io) => installCommandMain(args, io),
};

function trySignal(signal: Deno.Signal, fn: () => void): boolean {
  try {
    Deno.addSignalListener(signal, fn);
    return true;
  } catch {
    return false; // a platform without this signal
  }
}
