/**
 * Marking values as secret so no log format ever prints them.
 *
 * @module
 */

/**
 * The text every format prints in place of a secret.
 */
export const REDACTED = "[REDACTED]";

/**
 * A box around a secret value. Its `toString`, `toJSON` and inspection all
 * print `[REDACTED]`, so even a stray `console.log` or `JSON.stringify`
 * does not leak it; read the value with {@link Sensitive.reveal}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Sensitive } from "@foundry/foundry/logging";
 * const s = new Sensitive("hunter2");
 * assert.equal(String(s), "[REDACTED]");
 * assert.equal(s.reveal(), "hunter2");
 * ```
 */
export class Sensitive<T = unknown> {
  readonly #value: T;

  /** Wraps `value`. */
  constructor(value: T) {
    this.#value = value;
  }

  /** The secret itself; call only where the secret is really needed. */
  reveal(): T {
    return this.#value;
  }

  /** Always `[REDACTED]`. */
  toString(): string {
    return REDACTED;
  }

  /** Always `[REDACTED]`. */
  toJSON(): string {
    return REDACTED;
  }

  /** Keeps `Deno.inspect` / `console.log` from showing the secret. */
  [Symbol.for("Deno.customInspect")](): string {
    return REDACTED;
  }

  /** Keeps Node's `util.inspect` from showing the secret. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return REDACTED;
  }
}

/**
 * Marks a value as secret: every log format prints it as `[REDACTED]`,
 * wherever it sits (a field, nested objects, arrays, error causes, bound or
 * lazy fields).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createLogger, sensitive, writerSink } from "@foundry/foundry/logging";
 * let out = "";
 * const log = createLogger({ sink: writerSink((t) => (out += t)), format: "json" });
 * log.info("login", { user: "ada", pass: sensitive("hunter2") });
 * log.flush();
 * assert.ok(!out.includes("hunter2"));
 * assert.ok(out.includes("[REDACTED]"));
 * ```
 */
export function sensitive<T>(value: T): Sensitive<T> {
  return new Sensitive(value);
}

/**
 * True for a value made by {@link sensitive}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isSensitive, sensitive } from "@foundry/foundry/logging";
 * assert.ok(isSensitive(sensitive(1)));
 * assert.ok(!isSensitive(1));
 * ```
 */
export function isSensitive(value: unknown): value is Sensitive {
  return value instanceof Sensitive;
}
