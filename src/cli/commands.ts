/**
 * The table of `foundry` subcommands: names and one-line summaries, each
 * with the import that loads it. A verb's module (and the layer it drives:
 * the registry's server, the docs renderer, the release signer and their
 * npm packages) loads only when that verb runs, so `foundry console` or
 * `foundry version` does not pay for `foundry build`. A layer that offers a
 * verb adds it here.
 *
 * @module
 */

import type { Command } from "./command.ts";

/**
 * A subcommand as listed before it is loaded: what `foundry --help` prints,
 * and how to load the {@link Command} itself.
 */
export interface CommandEntry {
  /** The verb, as typed: `build`, `cty`. */
  readonly name: string;
  /** One line for `foundry --help` (the same as the loaded command's). */
  readonly summary: string;
  /** Imports the command's module; resolves to the command. */
  load(): Promise<Command>;
}

/** Every subcommand, in the order `foundry --help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "build",
    summary: "Compile the provider for every target and package it for a registry",
    load: async () => (await import("./commands/release.ts")).buildCommand,
  },
  {
    name: "install",
    summary: "Install the provider into a local filesystem mirror for Terraform",
    load: async () => (await import("./commands/release.ts")).installCommand,
  },
  {
    name: "dev",
    summary: "Run the provider from source under Terraform (dev_overrides); prints the export line",
    load: async () => (await import("./commands/dev.ts")).devCommand,
  },
  {
    name: "fmt",
    summary: "Rewrite Terraform files in the canonical style (as terraform fmt)",
    load: async () => (await import("./commands/fmt.ts")).fmtCommand,
  },
  {
    name: "docs",
    summary: "Generate, validate and preview provider docs in the Terraform Registry's layout",
    load: async () => (await import("./commands/docs.ts")).docsCommand,
  },
  {
    name: "new",
    summary: "Create a provider project that passes its own tests",
    load: async () => (await import("./commands/new.ts")).newCommand,
  },
  {
    name: "registry",
    summary: "Serve and manage a private provider registry and network mirror",
    load: async () => (await import("./commands/registry.ts")).registryCommand,
  },
  {
    name: "publish",
    summary: "Upload a build to a foundry registry",
    load: async () => (await import("./commands/registry.ts")).publishCommand,
  },
  {
    name: "cty",
    summary: "Decode or encode cty values (msgpack hex, JSON)",
    load: async () => (await import("./commands/cty.ts")).ctyCommand,
  },
  {
    name: "hcl",
    summary: "Parse, evaluate and validate HCL (hcl2json JSON, syntax tree, diagnostics)",
    load: async () => (await import("./commands/hcl.ts")).hclCommand,
  },
  {
    name: "console",
    summary: "Evaluate expressions as `terraform console` does, offline",
    // Served from a cached bundle of its graph when current (bundled_command.ts): the
    // console starts once per piped expression, and loading its modules is most of that.
    load: async () =>
      (await (await import("./bundled_command.ts")).loadBundledCommand({
        entry: new URL("./commands/console.ts", import.meta.url).href,
        fromSource: async () => (await import("./commands/console.ts")).consoleCommand,
      })).command,
  },
  {
    name: "inspect",
    summary: "Print a provider binary's schema, functions and capabilities",
    load: async () => (await import("./commands/inspect.ts")).inspectCommand,
  },
  {
    name: "conformance",
    summary: "Check a provider binary against the plugin protocol's contracts",
    load: async () => (await import("./commands/conformance.ts")).conformanceCommand,
  },
  {
    name: "proto",
    summary: "Write a .proto file's messages and services as protobuf tables",
    load: async () => (await import("./commands/proto.ts")).protoCommand,
  },
  {
    name: "version",
    summary: "Print Foundry's version",
    load: async () => (await import("./commands/version.ts")).versionCommand,
  },
];
