/**
 * `foundry install`: put a built provider where Terraform's
 * `filesystem_mirror` finds it, and print the CLI configuration that points
 * Terraform there. Both mirror layouts are supported:
 * packed `HOST/NAMESPACE/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip`
 * and unpacked `HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/<binary>`.
 *
 * @module
 */

import { join } from "node:path";
import { FoundryError } from "../errors/mod.ts";
import { archiveName } from "./naming.ts";
import { osArch, type Target } from "./targets.ts";
import { readZip } from "./zip_reader.ts";

/**
 * Packed keeps the zip (lock file gets its `zh:` hash); unpacked extracts it.
 */
export type MirrorLayout = "packed" | "unpacked";

/**
 * Inputs of {@link installProvider}.
 */
export interface InstallOptions {
  /** Directory holding the release archives (`foundry build` output). */
  distDir: string;
  /** Provider type name. */
  name: string;
  /** Release version. */
  version: string;
  /** Registry namespace. */
  namespace: string;
  /** Registry host. */
  hostname: string;
  /** Platform to install. */
  target: Target;
  /** Root of the filesystem mirror. */
  pluginDir: string;
  /** Mirror layout (default `unpacked`). */
  layout?: MirrorLayout;
}

/**
 * What {@link installProvider} did.
 */
export interface InstallResult {
  /** The zip (packed) or the version/platform directory (unpacked) written. */
  path: string;
  /** `HOST/NAMESPACE/TYPE`, the provider source address. */
  source: string;
}

/**
 * Terraform's default implied local mirror: `%APPDATA%/terraform.d/plugins`
 * on Windows, `~/.terraform.d/plugins` elsewhere.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPluginDir } from "@foundry/foundry/release";
 * assert.equal(defaultPluginDir((n) => (n === "HOME" ? "/home/me" : undefined), "linux"), "/home/me/.terraform.d/plugins");
 * ```
 */
export function defaultPluginDir(
  env: (name: string) => string | undefined = (n) => Deno.env.get(n),
  os: string = Deno.build.os,
): string {
  if (os === "windows") {
    const appData = env("APPDATA");
    if (appData) return join(appData, "terraform.d", "plugins");
  } else {
    const home = env("HOME");
    if (home) return join(home, ".terraform.d", "plugins");
  }
  throw new FoundryError(
    "build.install.no_plugin_dir",
    `cannot find the default plugin directory (${
      os === "windows" ? "APPDATA" : "HOME"
    } is unset); pass --dir`,
  );
}

/**
 * Copies (packed) or unpacks (unpacked) one platform's archive from
 * `distDir` into the mirror. Throws `build.install.missing_archive` when
 * the build for that platform is not there.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { currentTarget, installProvider, writeZip } from "@foundry/foundry/release";
 * const dir = await Deno.makeTempDir();
 * const t = currentTarget();
 * const zip = writeZip([{ name: "terraform-provider-demo_v0.1.0", data: new Uint8Array([1]), mode: 0o755 }]);
 * await Deno.writeFile(`${dir}/terraform-provider-demo_0.1.0_${t.os}_${t.arch}.zip`, zip);
 * const r = await installProvider({
 *   distDir: dir, name: "demo", version: "0.1.0", namespace: "acme",
 *   hostname: "registry.terraform.io", target: t, pluginDir: `${dir}/plugins`,
 * });
 * assert.equal(r.source, "registry.terraform.io/acme/demo");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function installProvider(options: InstallOptions): Promise<InstallResult> {
  const { name, version, namespace, hostname, target } = options;
  const file = archiveName(name, version, target);
  const from = join(options.distDir, file);
  let zip: Uint8Array;
  try {
    zip = await Deno.readFile(from);
  } catch (e) {
    throw new FoundryError(
      "build.install.missing_archive",
      `no build for ${osArch(target)} at ${from}; run \`foundry build --current\` first`,
      { context: { path: from }, cause: e },
    );
  }
  const providerDir = join(options.pluginDir, hostname, namespace, name);
  const source = `${hostname}/${namespace}/${name}`;
  if ((options.layout ?? "unpacked") === "packed") {
    readZip(zip); // refuse to install an archive Terraform could not open
    await Deno.mkdir(providerDir, { recursive: true });
    const to = join(providerDir, file);
    await Deno.writeFile(to, zip);
    return { path: to, source };
  }
  const platformDir = join(providerDir, version, osArch(target));
  await Deno.mkdir(platformDir, { recursive: true });
  for (const entry of readZip(zip)) {
    // Names were checked when written, but an archive is input: refuse anything path-like.
    if (entry.name.includes("/") || entry.name.includes("\\") || entry.name.startsWith(".")) {
      throw new FoundryError("build.install.unsafe_entry", `refusing archive entry ${entry.name}`, {
        context: { path: from, entry: entry.name },
      });
    }
    // An archive's mode bits are input too: no setuid/setgid/sticky bits and
    // no group or world write, whatever the zip says.
    const mode = (entry.mode ?? 0o755) & 0o755;
    const to = join(platformDir, entry.name);
    await Deno.writeFile(to, entry.data, { mode });
    if (Deno.build.os !== "windows") await Deno.chmod(to, mode); // also over an earlier install
  }
  return { path: platformDir, source };
}

function hclString(s: string): string {
  return `"${
    s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\$\{/g, () => "$${").replace(
      /%\{/g,
      "%%{",
    )
      .replace(/\n/g, "\\n")
  }"`;
}

/**
 * The CLI configuration block that makes Terraform take `sources` from the
 * mirror at `pluginDir` and everything else from registries.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { mirrorSnippet } from "@foundry/foundry/release";
 * const hcl = mirrorSnippet("/home/me/.terraform.d/plugins", ["registry.terraform.io/acme/demo"]);
 * assert.ok(hcl.includes('include = ["registry.terraform.io/acme/demo"]'));
 * ```
 */
export function mirrorSnippet(pluginDir: string, sources: readonly string[]): string {
  const list = `[${sources.map(hclString).join(", ")}]`;
  return [
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${hclString(pluginDir)}`,
    `    include = ${list}`,
    "  }",
    "  direct {",
    `    exclude = ${list}`,
    "  }",
    "}",
    "",
  ].join("\n");
}
