/**
 * `foundry build` and `foundry install`: the release pipeline of `src/build`.
 *
 * @module
 */

import { BUILD_HELP, buildCommandMain, INSTALL_HELP, installCommandMain } from "../build/mod.ts";
import type { Command } from "./command.ts";

/**
 * The `build` command: compile, archive, checksum and sign a provider.
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
 */
export const installCommand: Command = {
  name: "install",
  summary: "Install the provider into a local filesystem mirror for Terraform",
  help: INSTALL_HELP,
  run: (args, io) => installCommandMain(args, io),
};
