/**
 * The `foundry` entry point as a function, so tests can run it in-process.
 *
 * @module
 */

import type { CliIO, Command } from "./command.ts";
import { UsageError } from "./usage_error.ts";
import { type CommandEntry, COMMANDS } from "./commands.ts";

/** Writes to the process's stdout and stderr. */
export const processIO: CliIO = {
  out: (text) => void Deno.stdout.writeSync(new TextEncoder().encode(text)),
  err: (text) => void Deno.stderr.writeSync(new TextEncoder().encode(text)),
};

/** `foundry --help`; the version module loads here, not on every command's path. */
async function overview(commands: readonly (Command | CommandEntry)[]): Promise<string> {
  const { FOUNDRY_VERSION } = await import("./commands/version.ts");
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    `foundry ${FOUNDRY_VERSION}: build, test, document and ship Terraform providers in TypeScript`,
    "",
    "Usage: foundry <command> [flags]",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `foundry <command> --help` for a command's flags.",
    "",
  ].join("\n");
}

/**
 * Runs the CLI with `args` (without the program name) and resolves to the
 * exit code: 0 on success, 1 when the command failed, 2 for a usage mistake.
 * `commands` may mix loaded {@link Command}s and {@link CommandEntry}s (loaded
 * only when their verb runs); the default is the whole {@link COMMANDS} table.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { runCli } from "@foundry/foundry/cli";
 * const out: string[] = [];
 * const code = await runCli(["--help"], { out: (t) => out.push(t), err: () => {} });
 * assert.equal(code, 0);
 * assert.ok(out.join("").includes("Usage: foundry"));
 * ```
 */
export async function runCli(
  args: string[],
  io: CliIO = processIO,
  commands: readonly (Command | CommandEntry)[] = COMMANDS,
): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    if (first === "help" && rest[0] !== undefined) return runCli([rest[0], "--help"], io, commands);
    io.out(await overview(commands));
    return 0;
  }
  if (first === "--version" || first === "-V") return runCli(["version"], io, commands);
  if (first.startsWith("-")) {
    io.err(`foundry: unknown flag '${first}' (see 'foundry --help')\n`);
    return 2;
  }
  const listed = commands.find((c) => c.name === first);
  if (listed === undefined) {
    io.err(`foundry: unknown command '${first}' (see 'foundry --help')\n`);
    return 2;
  }
  // Only the verb that runs is loaded (see commands.ts).
  const cmd = "load" in listed ? await listed.load() : listed;
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(cmd.help.endsWith("\n") ? cmd.help : cmd.help + "\n");
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`foundry ${cmd.name}: ${e.message} (see 'foundry ${cmd.name} --help')\n`);
      return 2;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.err(`foundry ${cmd.name}: ${msg}\n`);
    return 1;
  }
}
