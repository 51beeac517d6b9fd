/**
 * The shape of a `foundry` subcommand. Each layer that offers a verb exports
 * a function; the CLI wraps it in a {@link Command} and lists it in
 * `commands.ts`, so the CLI stays thin.
 *
 * @module
 */

import { parseArgs, type ParseArgsConfig } from "node:util";

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
 * A mistake in how a command was called (unknown flag, missing argument).
 * The CLI prints its message on one line and exits with code 2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { UsageError } from "@foundry/foundry/cli";
 * const e = new UsageError("missing --type");
 * assert.equal(e.message, "missing --type");
 * ```
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * `node:util` `parseArgs` in strict mode, with its errors turned into
 * {@link UsageError}s that read well on one line.
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
  try {
    const parsed = parseArgs({ args, options, allowPositionals, strict: true });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // node's messages carry a trailing hint sentence; the first line is what matters.
    throw new UsageError(msg.split("\n")[0].replace(/\. To specify.*$/, ""));
  }
}
