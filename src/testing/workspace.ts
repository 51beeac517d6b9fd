/**
 * A throwaway Terraform working directory wired to a provider under test:
 * a launcher script that starts the provider, and a CLI configuration whose
 * `dev_overrides` points Terraform at it, so no `terraform init` or registry
 * is needed.
 *
 * @module
 */

import { join } from "node:path";
import {
  bundleLauncherScript,
  isLaunchBundleFresh,
  launchBundleDir,
  refreshLaunchBundle,
} from "./launch_bundle.ts";
// Not plugin/mod.ts: the launcher's quoting, shared with launch_bundle.ts.
import { shellQuote } from "../plugin/warm_shell.ts";

/** How to start the provider under test. */
export interface ProviderUnderTest {
  /**
   * Its source address as written in `required_providers`
   * (`example.com/acme/example`). The last part is the provider type name.
   */
  source: string;
  /** A TypeScript/JavaScript entry run with `deno run` (absolute path or file URL). */
  entry?: string | URL;
  /** An executable to run instead of `entry` (a compiled provider binary). */
  command?: string;
  /** Extra arguments for `deno run` (before the entry). Default: `--allow-all`. */
  denoArgs?: string[];
  /**
   * Start through the warm launch entry (default true): the first launch
   * leaves a warm daemon behind and later launches are served by it (see
   * the plugin layer's `warm_entry.ts`). `FOUNDRY_WARM=0` in the environment
   * turns it off at run time too.
   */
  warm?: boolean;
  /**
   * Serve from a cached bundle of `entry` (default true; see
   * `launch_bundle.ts` for how a source change is noticed): a cold launch
   * loads one module instead of the whole graph, and a warm launch reaches
   * its daemon without preparing the graph. False runs the entry's module
   * graph ({@link launcherScript}).
   */
  bundle?: boolean;
}

/** The warm launch entry, preloaded by launchers before the provider's graph. */
const WARM_ENTRY = new URL("../plugin/warm_entry.ts", import.meta.url);

/** A prepared working directory. Remove it with {@link Workspace.dispose}. */
export interface Workspace {
  /** The directory Terraform runs in. */
  readonly dir: string;
  /** Environment that makes Terraform use the provider under test. */
  readonly env: Record<string, string>;
  /** The launcher script Terraform runs to start the provider. */
  readonly launcher: string;
  /** Writes (or replaces) a file in the working directory. */
  write(name: string, text: string): Promise<void>;
  /** Deletes the directory and everything in it. */
  dispose(): Promise<void>;
}

/**
 * The provider type from a source address.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { providerType } from "@foundry/foundry/testing";
 * assert.equal(providerType("example.com/acme/example"), "example");
 * ```
 */
export function providerType(source: string): string {
  const parts = source.split("/");
  return parts[parts.length - 1];
}

/**
 * The launcher script Terraform runs, without a bundle: `exec` keeps the
 * provider as Terraform's direct child, so signals and exit codes pass
 * straight through. A `deno run` launcher preloads the warm launch entry
 * unless `warm` is false. {@link providerLauncher} writes the bundle
 * launcher instead.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { launcherScript } from "@foundry/foundry/testing";
 * const warm = launcherScript({ source: "example.com/acme/example", entry: "/abs/main.ts" });
 * assert.match(warm, /^#!\/bin\/sh\nexec .* run --quiet --no-prompt '--allow-all' --preload '[^']*warm_entry\.ts' '\/abs\/main\.ts' "\$@"\n$/);
 * const cold = launcherScript({ source: "example.com/acme/example", entry: "/abs/main.ts", warm: false });
 * assert.ok(!cold.includes("--preload"));
 * ```
 */
export function launcherScript(provider: ProviderUnderTest): string {
  if (provider.command !== undefined) {
    return `#!/bin/sh\nexec ${shellQuote(provider.command)} "$@"\n`;
  }
  if (provider.entry === undefined) {
    throw new TypeError("ProviderUnderTest needs an entry or a command");
  }
  const entry = provider.entry instanceof URL ? provider.entry.pathname : provider.entry;
  const args = (provider.denoArgs ?? ["--allow-all"]).map(shellQuote).join(" ");
  const preload = provider.warm === false
    ? ""
    : `--preload ${
      shellQuote(WARM_ENTRY.protocol === "file:" ? WARM_ENTRY.pathname : WARM_ENTRY.href)
    } `;
  return `#!/bin/sh\nexec ${
    shellQuote(Deno.execPath())
  } run --quiet --no-prompt ${args} ${preload}${shellQuote(entry)} "$@"\n`;
}

/**
 * The launcher script {@link createWorkspace} and `foundry dev` write: for a
 * `deno run` provider, the bundle launcher (`launch_bundle.ts`), its bundle
 * made now when missing or stale so the first launch uses it, preloading the
 * warm launch entry unless `warm` is false; {@link launcherScript} for a
 * `command` or `bundle: false`.
 *
 * @example A warm launcher serving the entry's bundle
 * ```ts
 * import assert from "node:assert/strict";
 * import { providerLauncher } from "@foundry/foundry/testing";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/main.ts`, 'if (import.meta.main) console.log("hi");\n');
 * const sh = await providerLauncher({ source: "example.com/acme/acme", entry: `${dir}/main.ts` });
 * assert.match(sh, /--preload '[^']*warm_entry\.ts\?bundle=[^']+' "\$_fwd\/main\.js" "\$@"/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function providerLauncher(provider: ProviderUnderTest): Promise<string> {
  if (provider.command !== undefined || provider.entry === undefined || provider.bundle === false) {
    return launcherScript(provider);
  }
  const entry = provider.entry instanceof URL ? provider.entry.pathname : provider.entry;
  const denoArgs = provider.denoArgs ?? ["--allow-all"];
  const dir = await launchBundleDir(entry, denoArgs);
  if (!await isLaunchBundleFresh(dir)) await refreshLaunchBundle(entry, dir);
  if (provider.warm === false) return bundleLauncherScript(entry, denoArgs, dir);
  // The entry finds the bundle's source list through its specifier.
  const preload = new URL(WARM_ENTRY.href);
  preload.searchParams.set("bundle", dir);
  return bundleLauncherScript(entry, denoArgs, dir, preload.href);
}

/**
 * Creates a temp directory holding `work/` (where Terraform runs), `plugins/`
 * (the launcher, {@link providerLauncher}) and a CLI config with
 * `dev_overrides`. A `deno run` launcher serves from a cached bundle of the
 * entry, made here when missing or stale.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createWorkspace } from "@foundry/foundry/testing";
 * const ws = await createWorkspace({
 *   source: "example.com/acme/example",
 *   entry: new URL("./main.ts", import.meta.url),
 * });
 * await ws.write("main.tf", 'output "x" { value = 1 }');
 * assert.equal(await Deno.readTextFile(`${ws.dir}/main.tf`), 'output "x" { value = 1 }');
 * await ws.dispose();
 * ```
 */
export async function createWorkspace(provider: ProviderUnderTest): Promise<Workspace> {
  const root = await Deno.makeTempDir({ prefix: "foundry-acc-" });
  const dir = join(root, "work");
  const plugins = join(root, "plugins");
  await Deno.mkdir(dir);
  await Deno.mkdir(plugins);
  const launcher = join(plugins, `terraform-provider-${providerType(provider.source)}`);
  await Deno.writeTextFile(launcher, await providerLauncher(provider), { mode: 0o755 });
  const cliConfig = join(root, "terraform.rc");
  await Deno.writeTextFile(
    cliConfig,
    `provider_installation {\n  dev_overrides {\n    ${JSON.stringify(provider.source)} = ${
      JSON.stringify(plugins)
    }\n  }\n  direct {}\n}\n`,
  );
  return {
    dir,
    launcher,
    env: {
      TF_CLI_CONFIG_FILE: cliConfig,
      CHECKPOINT_DISABLE: "1",
    },
    write: (name, text) => Deno.writeTextFile(join(dir, name), text),
    dispose: () => Deno.remove(root, { recursive: true }).catch(() => {}),
  };
}
