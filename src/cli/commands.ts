/**
 * The table of `foundry` subcommands. A layer that offers a verb adds it here.
 *
 * @module
 */

import type { Command } from "./command.ts";
import { buildCommand, installCommand } from "./build.ts";
import { ctyCommand } from "./cty.ts";
import { devCommand } from "./dev.ts";
import { versionCommand } from "./version.ts";

/** Every subcommand, in the order `foundry --help` lists them. */
export const COMMANDS: readonly Command[] = [
  buildCommand,
  installCommand,
  devCommand,
  ctyCommand,
  versionCommand,
];
