/**
 * {@link UsageError}, in a module of its own: the CLI's entry needs it to tell a usage mistake
 * from a failure, and should not load the flag parser to get it.
 *
 * @module
 */

/** Marks a {@link UsageError}, whichever copy of this module made it. */
const USAGE_ERROR = Symbol.for("foundry.cli.UsageError");

/**
 * A mistake in how a command was called (unknown flag, missing argument).
 * The CLI prints its message on one line and exits with code 2.
 *
 * `instanceof UsageError` holds for usage errors of every copy of this class: a command served
 * from its cached bundle (`bundled_command.ts`) throws the bundle's copy, which the entry, loaded
 * from source, must still recognise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { UsageError } from "@foundry/foundry/cli";
 * const e = new UsageError("missing --type");
 * assert.equal(e.message, "missing --type");
 * assert.ok(e instanceof UsageError);
 * // What another copy of the class throws carries the same mark.
 * const other = Object.assign(new Error("x"), { [Symbol.for("foundry.cli.UsageError")]: true });
 * assert.ok(other instanceof UsageError);
 * assert.ok(!(new Error("x") instanceof UsageError));
 * ```
 */
export class UsageError extends Error {
  /** The mark {@link UsageError}'s `instanceof` looks for. */
  readonly [USAGE_ERROR] = true;

  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }

  /** True for an object any copy of this class made (see the class doc). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== UsageError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === "object" && value !== null &&
      (value as Record<symbol, unknown>)[USAGE_ERROR] === true;
  }
}
