/**
 * The shape of a `foundry` subcommand. Each layer that offers a verb exports
 * a function; the CLI wraps it in a {@link Command} and lists it in
 * `commands.ts`, so the CLI stays thin.
 *
 * @module
 */

import type { parseArgs, ParseArgsConfig } from "node:util";
import { type FlagSpec, readFlags } from "./flag_parser.ts";
import { UsageError } from "./usage_error.ts";

export { UsageError };

/** Where a command writes; tests pass their own to capture output. */
export interface CliIO {
  /** Writes text to standard output (no newline added). */
  out(text: string): void;
  /** Writes text to standard error (no newline added). */
  err(text: string): void;
}

/** A subcommand of `foundry`. */
export interface Command {
  /** The verb, as typed: `build`, `cty`. */
  readonly name: string;
  /** One line for `foundry --help`. */
  readonly summary: string;
  /** Full help text, printed by `foundry VERB --help`. */
  readonly help: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: string[], io: CliIO): number | Promise<number>;
}

/**
 * Flags as `node:util`'s `parseArgs` reads them in strict mode (same option
 * shapes and results; read by `flag_parser.ts`, which does not load Node's
 * compatibility layer), errors as {@link UsageError}s on one line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFlags } from "@foundry/foundry/cli";
 * const { values } = parseFlags(["--type", "string"], { type: { type: "string" } });
 * assert.equal(values.type, "string");
 * ```
 */
export function parseFlags<O extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  options: O,
  allowPositionals = false,
): {
  values: ReturnType<typeof parseArgs<{ options: O; args: string[] }>>["values"];
  positionals: string[];
} {
  const read = readFlags(args, options as Readonly<Record<string, FlagSpec>>, allowPositionals);
  if (!read.ok) throw new UsageError(read.message);
  // The same shape parseArgs gives for these options, which is what the type states.
  return {
    values: read.values as ReturnType<typeof parseArgs<{ options: O; args: string[] }>>["values"],
    positionals: read.positionals,
  };
}
