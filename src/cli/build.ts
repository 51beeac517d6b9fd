/**
 * `foundry build` and `foundry install`: the release pipeline of `src/release`.
 *
 * @module
 */

import { BUILD_HELP, buildCommandMain, INSTALL_HELP, installCommandMain } from "../release/mod.ts";
import type { Command } from "./command.ts";

/**
 * The `build` command: compile, archive, checksum and sign a provider.
 *
 * @example
 * ```ts
 * import { buildCommand } from "@foundry/foundry/cli";
 * console.assert(buildCommand.help.startsWith("Usage: foundry build"));
 * ```
 */
export const buildCommand: Command = {
  name: "build",
  summary: "Compile the provider for every target and package it for a registry",
  help: BUILD_HELP,
  // Progress lines go to stderr, so the build layer formats its own errors.
  run: (args, io) => buildCommandMain(args, io),
};

/**
 * The `install` command: put the current platform's build where Terraform finds it.
 *
 * @example
 * ```ts
 * import { installCommand } from "@foundry/foundry/cli";
 * console.assert(installCommand.help.startsWith("Usage: foundry install"));
 * ```
 */
export const installCommand: Command = {
  name: "install",
  summary: "Install the provider into a local filesystem mirror for Terraform",
  help: INSTALL_HELP,
  run: (args, io) => installCommandMain(args, io),
};
