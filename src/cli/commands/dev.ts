/**
 * `foundry dev`: run the provider you are writing under the real Terraform,
 * from its source, with no registry, no build and no `terraform init`. It
 * writes a launcher and a CLI configuration whose `dev_overrides` points the
 * provider's address at it, and prints the one line to paste:
 *
 * ```sh
 * $ deno task foundry dev
 * export TF_CLI_CONFIG_FILE=/home/me/acme/.foundry/dev/terraform.rc
 * ```
 *
 * The address comes from `foundry.provider` in `foundry.json` or `deno.json`
 * (`hostname`, `namespace`, `name`, as `foundry build` reads them) or from
 * `--source`; the configuration's `required_providers` must use the same.
 *
 * @module
 */

import { dirname, resolve } from "node:path";
import { readProviderConfig } from "../../release/mod.ts";
import { providerLauncher } from "../../testing/mod.ts";
import type { Command } from "../command.ts";
import { parseFlags, UsageError } from "../command.ts";

const HELP = `Usage: foundry dev [--config FILE] [--source ADDRESS] [--entry FILE] [--out DIR]

Writes a launcher for the provider's entry module and a Terraform CLI configuration
whose dev_overrides make Terraform run it, then prints the line to paste:

  export TF_CLI_CONFIG_FILE=<DIR>/terraform.rc

(stdout holds only that line: eval "$(foundry dev)" works). Terraform then uses
your source code for that provider address in every directory; no terraform init.
The launcher starts warm: the first launch in a directory leaves a daemon that serves
later launches from pre-started instances, handed over by the launcher script itself
without starting Deno (Linux; FOUNDRY_WARM=0 turns it off; TF_LOG=debug shows which
launches were warm). It runs a cached bundle of the entry (made here, under
~/.cache/foundry/launch); a launch after a code change runs the source and rebuilds the
bundle in the background, so changes are picked up on the next launch.

Flags:
  --config FILE   foundry.json or deno.json with a foundry.provider section
                  (default: ./foundry.json if it exists, else ./deno.json)
  --source ADDR   provider address (default: HOSTNAME/NAMESPACE/NAME from the config;
                  HOSTNAME defaults to registry.terraform.io)
  --entry FILE    entry module calling serve(provider) (default: the config's entry,
                  else main.ts beside the config)
  --out DIR       where to write (default: .foundry/dev beside the config)`;

/** What {@link devSetup} wrote. */
export interface DevSetup {
  /** The provider address Terraform will override. */
  readonly source: string;
  /** The entry module the launcher runs. */
  readonly entry: string;
  /** The launcher script. */
  readonly launcher: string;
  /** The CLI configuration to export as `TF_CLI_CONFIG_FILE`. */
  readonly cliConfig: string;
}

/** Options of {@link devSetup}; paths are resolved against `cwd`. */
export interface DevOptions {
  /** `foundry.json` or `deno.json`; default `foundry.json` if present, else `deno.json`. */
  readonly config?: string;
  /** Provider address; default from the config. */
  readonly source?: string;
  /** Entry module; default the config's `entry`, else `main.ts`. */
  readonly entry?: string;
  /** Output directory; default `.foundry/dev` beside the config. */
  readonly out?: string;
  /** Directory relative paths start from; default the process's. */
  readonly cwd?: string;
}

const ADDRESS = /^[a-z0-9.-]+(:\d+)?\/[a-zA-Z0-9][a-zA-Z0-9_-]*\/[a-z0-9_-]+$/;

/**
 * Writes the launcher and CLI configuration for running the provider from
 * source under Terraform.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { devSetup } from "./dev.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(
 *   `${dir}/foundry.json`,
 *   '{"foundry":{"provider":{"entry":"main.ts","name":"acme","namespace":"acme-corp"}}}',
 * );
 * await Deno.writeTextFile(`${dir}/main.ts`, "");
 * const setup = await devSetup({ cwd: dir });
 * assert.equal(setup.source, "registry.terraform.io/acme-corp/acme");
 * assert.match(await Deno.readTextFile(setup.cliConfig), /dev_overrides/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function devSetup(opts: DevOptions = {}): Promise<DevSetup> {
  const cwd = opts.cwd ?? Deno.cwd();
  const configPath = opts.config !== undefined
    ? resolve(cwd, opts.config)
    : await exists(resolve(cwd, "foundry.json"))
    ? resolve(cwd, "foundry.json")
    : resolve(cwd, "deno.json");
  const config = await readProviderConfig(configPath);
  const base = dirname(configPath);
  let source = opts.source;
  if (source === undefined) {
    if (config.namespace === undefined || config.name === undefined) {
      throw new UsageError(
        `no provider address: set foundry.provider.namespace and .name in ${configPath} ` +
          `(as foundry build needs), or pass --source HOST/NAMESPACE/NAME`,
      );
    }
    source = `${config.hostname ?? "registry.terraform.io"}/${config.namespace}/${config.name}`;
  }
  if (!ADDRESS.test(source)) {
    throw new UsageError(
      `${JSON.stringify(source)} is not a provider address (HOST/NAMESPACE/NAME, ` +
        `e.g. registry.terraform.io/acme/acme)`,
    );
  }
  const entry = opts.entry !== undefined
    ? resolve(cwd, opts.entry)
    : resolve(base, config.entry ?? "main.ts");
  if (!await exists(entry)) {
    throw new UsageError(
      `entry module ${entry} does not exist (set --entry or foundry.provider.entry)`,
    );
  }
  const out = opts.out !== undefined ? resolve(cwd, opts.out) : resolve(base, ".foundry", "dev");
  await Deno.mkdir(out, { recursive: true });
  const name = source.slice(source.lastIndexOf("/") + 1);
  const launcher = resolve(out, `terraform-provider-${name}`);
  await Deno.writeTextFile(launcher, await providerLauncher({ source, entry }), { mode: 0o755 });
  await Deno.chmod(launcher, 0o755).catch(() => {}); // mode is ignored for an existing file
  const cliConfig = resolve(out, "terraform.rc");
  await Deno.writeTextFile(
    cliConfig,
    `# Written by foundry dev: Terraform runs ${entry} for ${source}.\n` +
      `provider_installation {\n  dev_overrides {\n    ${JSON.stringify(source)} = ${
        JSON.stringify(out)
      }\n  }\n  direct {}\n}\n`,
  );
  return { source, entry, launcher, cliConfig };
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The `dev` command.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { devCommand } from "@foundry/foundry/cli";
 * assert.ok(devCommand.help.startsWith("Usage: foundry dev"));
 * ```
 */
export const devCommand: Command = {
  name: "dev",
  summary: "Run the provider from source under Terraform (dev_overrides); prints the export line",
  help: HELP,
  async run(args, io) {
    const { values } = parseFlags(args, {
      config: { type: "string" },
      source: { type: "string" },
      entry: { type: "string" },
      out: { type: "string" },
    });
    const setup = await devSetup(values);
    io.err(
      `Terraform will run ${setup.entry} for ${setup.source}: no terraform init needed.\n` +
        `Name that source in required_providers, then paste:\n\n`,
    );
    io.out(`export TF_CLI_CONFIG_FILE=${shellWord(setup.cliConfig)}\n`);
    io.err(
      `\nDebugging instead: deno run -A ${setup.entry} --debug prints TF_REATTACH_PROVIDERS.\n`,
    );
    return 0;
  },
};

function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'"'"'`)}'`;
}
