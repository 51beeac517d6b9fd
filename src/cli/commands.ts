/**
 * The table of `foundry` subcommands. A layer that offers a verb adds it here.
 *
 * @module
 */

import type { Command } from "./command.ts";
import { buildCommand, installCommand } from "./commands/release.ts";
import { ctyCommand } from "./commands/cty.ts";
import { versionCommand } from "./commands/version.ts";
import { devCommand } from "./commands/dev.ts";
import { fmtCommand } from "./commands/fmt.ts";
import { docsCommand } from "./commands/docs.ts";
import { newCommand } from "./commands/new.ts";
import { publishCommand, registryCommand } from "./commands/registry.ts";
import { hclCommand } from "./commands/hcl.ts";
import { consoleCommand } from "./commands/console.ts";
import { inspectCommand } from "./commands/inspect.ts";
import { conformanceCommand } from "./commands/conformance.ts";
import { protoCommand } from "./commands/proto.ts";

/** Every subcommand, in the order `foundry --help` lists them. */
export const COMMANDS: readonly Command[] = [
  buildCommand,
  installCommand,
  devCommand,
  fmtCommand,
  docsCommand,
  newCommand,
  registryCommand,
  publishCommand,
  ctyCommand,
  hclCommand,
  consoleCommand,
  inspectCommand,
  conformanceCommand,
  protoCommand,
  versionCommand,
];
