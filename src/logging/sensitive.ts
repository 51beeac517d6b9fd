/**
 * Marking values as secret so no log format ever prints them.
 *
 * @module
 */

/**
 * The text every format prints in place of a secret.
 *
 * @example
 * ```ts
 * import { REDACTED } from "@foundry/foundry/logging";
 * console.assert(REDACTED === "[REDACTED]");
 * ```
 */
export const REDACTED = "[REDACTED]";

/**
 * A box around a secret value. Its `toString`, `toJSON` and inspection all
 * print `[REDACTED]`, so even a stray `console.log` or `JSON.stringify`
 * does not leak it; read the value with {@link Sensitive.reveal}.
 *
 * @example
 * ```ts
 * import { Sensitive } from "@foundry/foundry/logging";
 * const s = new Sensitive("hunter2");
 * console.assert(String(s) === "[REDACTED]" && s.reveal() === "hunter2");
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
 * @example
 * ```ts
 * import { createLogger, sensitive, writerSink } from "@foundry/foundry/logging";
 * let out = "";
 * const log = createLogger({ sink: writerSink((t) => (out += t)), format: "json" });
 * log.info("login", { user: "ada", pass: sensitive("hunter2") });
 * log.flush();
 * console.assert(!out.includes("hunter2") && out.includes("[REDACTED]"));
 * ```
 */
export function sensitive<T>(value: T): Sensitive<T> {
  return new Sensitive(value);
}

/**
 * True for a value made by {@link sensitive}.
 *
 * @example
 * ```ts
 * import { isSensitive, sensitive } from "@foundry/foundry/logging";
 * console.assert(isSensitive(sensitive(1)) && !isSensitive(1));
 * ```
 */
export function isSensitive(value: unknown): value is Sensitive {
  return value instanceof Sensitive;
}
