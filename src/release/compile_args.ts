/**
 * The `deno compile` command line for one target. Pure, so every flag can be
 * tested without a runtime download.
 *
 * @module
 */

import { join } from "node:path";
import { binaryName } from "./naming.ts";
import type { Target } from "./targets.ts";

/**
 * Environment variables every provider reads: the go-plugin handshake
 * (cookie, protocol versions, ports, client cert, socket dir), the temp dir
 * the socket lands in, and Terraform's and Foundry's log switches. Nothing
 * else may be read on the start-up path: an unlisted read throws
 * `NotCapable` under `--no-prompt` and kills the binary before the handshake
 * (the release test runs the provider with exactly these permissions).
 */
export const PLUGIN_ENV: readonly string[] = Object.freeze([
  "TF_PLUGIN_MAGIC_COOKIE",
  "PLUGIN_PROTOCOL_VERSIONS",
  "PLUGIN_MIN_PORT",
  "PLUGIN_MAX_PORT",
  "PLUGIN_CLIENT_CERT",
  "PLUGIN_UNIX_SOCKET_DIR",
  "TF_DISABLE_PLUGIN_TLS",
  "TF_REATTACH_PROVIDERS",
  "TF_LOG",
  "TF_LOG_PROVIDER",
  "TF_LOG_PATH",
  "FOUNDRY_LOG_LEVEL",
  "NO_COLOR",
  "TMPDIR",
  "TMP",
  "TEMP",
  // Warm launches (src/plugin/warm_entry.ts): the switch, its tuning, and
  // the variables a daemon is started with.
  "FOUNDRY_WARM",
  "FOUNDRY_WARM_TIMEOUT_MS",
  "FOUNDRY_WARM_IDLE_SECONDS",
  "FOUNDRY_WARM_INSTANCES",
  "FOUNDRY_WARM_QUIET_MS",
  "FOUNDRY_WARM_BACK_TO_BACK_MS",
  "FOUNDRY_WARM_TRANSPORT",
  "FOUNDRY_WARM_ROLE",
  "FOUNDRY_WARM_ROLE_SOCKET",
  "FOUNDRY_WARM_ROLE_KEY",
  // What the runtime itself honours for the provider's network: part of a
  // warm daemon's key, so a changed proxy or CA store means another daemon.
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "DENO_CERT",
  "DENO_TLS_CA_STORE",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
]);

/**
 * The one program a Linux binary may run: itself, as its warm daemon.
 * `/proc/self/exe` names the running executable wherever Terraform installed
 * it; Deno matches the allowed path literally, so nothing else may be run.
 */
export const WARM_RUN_PERMISSION = "--allow-run=/proc/self/exe";

/** The warm launch entry, preloaded before the provider's modules. */
const WARM_ENTRY = new URL("../plugin/warm_entry.ts", import.meta.url);

/**
 * The warm daemon, which the entry imports by a computed specifier (so that
 * `deno run` does not prepare its graph on every launch): embedded by name.
 */
export const WARM_DAEMON = decodeURIComponent(
  new URL("../plugin/warm_daemon.ts", import.meta.url).pathname,
);

/** The V8 flags of a launch (as `LAUNCH_V8_FLAGS` in plugin/launch_flags.ts). */
const LAUNCH_V8_FLAGS = "--v8-flags=--no-lazy,--no-lazy-feedback-allocation";

/**
 * Inputs of {@link compileArgs}.
 */
export interface CompileArgsInput {
  /** Absolute path of the entry module. */
  entry: string;
  /** Provider type name. */
  name: string;
  /** Release version. */
  version: string;
  /** Target to build. */
  target: Target;
  /** Directory the binary is written to. */
  outDir: string;
  /** The entry was already type-checked: add `--no-check`. */
  checked?: boolean;
  /** Extra environment variables the provider may read. */
  env?: readonly string[];
  /** Extra files or modules to embed (`--include`), e.g. dynamically imported ones. */
  include?: readonly string[];
  /** Opt into `--bundle --minify` (experimental in Deno 2.9: smaller, faster start). */
  bundle?: boolean;
  /** Embed only npm packages reachable from the entry (default true). */
  excludeUnusedNpm?: boolean;
  /**
   * Start through the warm launch entry on Linux (default true): a launch
   * finding a warm daemon hands itself over before the provider's modules
   * load; the binary may then run itself ({@link WARM_RUN_PERMISSION}).
   */
  warm?: boolean;
}

/**
 * Arguments after `deno` for compiling one target. Permissions are the
 * minimum a provider needs: read/write (the handshake socket goes to a temp
 * dir only known at run time), net (Deno requires it even for a unix socket;
 * the provider talks to its API), env scoped to the plugin variables plus the
 * author's list. No ffi or sys, and run only for the binary itself (its
 * warm daemon, on Linux); `--no-prompt` so a missing permission fails
 * instead of blocking Terraform on a prompt nobody sees.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { findTarget } from "@foundry/foundry/release";
 * import { compileArgs } from "./_pipeline.ts";
 * const args = compileArgs({
 *   entry: "/p/main.ts", name: "demo", version: "1.0.0",
 *   target: findTarget("linux_amd64"), outDir: "/out", checked: true,
 * });
 * assert.equal(args[0], "compile");
 * assert.equal(args.at(-1), "/p/main.ts");
 * ```
 */
export function compileArgs(input: CompileArgsInput): string[] {
  const out = join(input.outDir, binaryName(input.name, input.version, input.target));
  const env = [...new Set([...PLUGIN_ENV, ...(input.env ?? [])])];
  const args = ["compile", "--target", input.target.triple, "--output", out];
  if (input.checked) args.push("--no-check");
  args.push(
    "--allow-read",
    "--allow-write",
    "--allow-net",
    `--allow-env=${env.join(",")}`,
    "--no-prompt",
    // Every function compiled up front, so the code cache holds them all: a
    // launch lives for a few RPCs (plugin/launch_flags.ts, which holds the
    // same flags for the launchers; a test keeps the two equal).
    LAUNCH_V8_FLAGS,
    // A stable identity keeps origin-bound storage when the versioned file name changes.
    "--app-name",
    `terraform-provider-${input.name}`,
  );
  if ((input.warm ?? true) && input.target.os === "linux") {
    // Under scoped permissions the entry cannot list the environment: its
    // specifier names the readable variables (see plugin/warm_self.ts).
    const preload = new URL(WARM_ENTRY.href);
    preload.searchParams.set("env", env.join(","));
    args.push(WARM_RUN_PERMISSION, "--preload", preload.href, "--include", WARM_DAEMON);
  }
  if (input.excludeUnusedNpm ?? true) args.push("--exclude-unused-npm");
  if (input.bundle) args.push("--bundle", "--minify");
  for (const inc of input.include ?? []) args.push("--include", inc);
  args.push("--quiet", input.entry);
  return args;
}

/**
 * What a binary compiled with `args` (from {@link compileArgs}) runs under:
 * its permission flags, `--no-prompt` and its V8 flags, for a `deno run`
 * stand-in of the binary where no Deno runtime to compile with is at hand.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bakedRunFlags } from "./compile_args.ts";
 * const flags = bakedRunFlags(["compile", "--output", "/o/p", "--allow-net", "--no-prompt",
 *   "--v8-flags=--no-lazy", "--app-name", "p", "--quiet", "/p/main.ts"]);
 * assert.deepEqual(flags, ["--allow-net", "--no-prompt", "--v8-flags=--no-lazy"]);
 * ```
 */
export function bakedRunFlags(args: readonly string[]): string[] {
  return args.filter((a) =>
    a.startsWith("--allow-") || a === "--no-prompt" || a.startsWith("--v8-flags=")
  );
}
