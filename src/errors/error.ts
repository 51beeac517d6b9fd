/**
 * The one exception class of Foundry. Problems a caller can act on travel as
 * {@link Diagnostic} values; a `FoundryError` is for the cases where code must
 * stop (corrupt input, a broken invariant) and carries a stable `code` a
 * caller can branch on without parsing the message.
 *
 * @module
 */

/** Options for {@link FoundryError}. */
export interface FoundryErrorOptions {
  /** Structured facts about the failure (a path, a byte offset, a type name). */
  context?: Record<string, unknown>;
  /** The error that led to this one. */
  cause?: unknown;
}

/**
 * An error with a stable machine-readable `code` and context fields.
 *
 * Codes are dotted, lower-case and stable across releases
 * (`cty.msgpack.truncated`, `cli.unknown_command`); messages may be improved
 * at any time.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { FoundryError } from "@foundry/foundry/errors";
 * const err = new FoundryError("cty.msgpack.truncated", "unexpected end of input", {
 *   context: { offset: 12 },
 * });
 * assert.equal(err.code, "cty.msgpack.truncated");
 * ```
 */
export class FoundryError extends Error {
  /** Stable identifier of the kind of failure. */
  readonly code: string;
  /** Structured facts about the failure. */
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, options: FoundryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "FoundryError";
    this.code = code;
    this.context = options.context ?? {};
  }
}

/**
 * Narrows an unknown thrown value to a {@link FoundryError}, optionally of one code.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { FoundryError, isFoundryError } from "@foundry/foundry/errors";
 * const e: unknown = new FoundryError("demo.failed", "it failed");
 * assert.ok(isFoundryError(e, "demo.failed"));
 * assert.ok(!isFoundryError(e, "demo.other"));
 * assert.ok(!isFoundryError(new Error("plain")));
 * ```
 */
export function isFoundryError(value: unknown, code?: string): value is FoundryError {
  return value instanceof FoundryError && (code === undefined || value.code === code);
}

/**
 * Turns any thrown value into an `Error`, so callers can read `message` and `stack`.
 * Authors sometimes throw strings or plain objects; this keeps their text.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { toError } from "@foundry/foundry/errors";
 * assert.equal(toError("boom").message, "boom");
 * ```
 */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  if (typeof value === "string") return new Error(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return new Error(`non-Error thrown: ${text}`);
}
