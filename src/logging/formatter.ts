/**
 * The contract between a logger and a line format.
 *
 * @module
 */

/**
 * Named values attached to a log line. A function value is a lazy field.
 *
 * @example
 * ```ts
 * import type { Fields } from "@foundry/foundry/logging";
 * const fields: Fields = { id: "i-1", size: () => "computed only when written" };
 * console.assert("id" in fields);
 * ```
 */
export type Fields = Readonly<Record<string, unknown>>;

/**
 * A level a line can be written at (every level but `off`).
 *
 * @example
 * ```ts
 * import type { LineLevel } from "@foundry/foundry/logging";
 * const levels: LineLevel[] = ["info", "error"];
 * console.assert(levels.length === 2);
 * ```
 */
export type LineLevel = "trace" | "debug" | "info" | "warn" | "error";

/**
 * Turns one log call into one line of text ending in `\n`. Implementations
 * must not throw and must print secrets as `[REDACTED]`.
 *
 * @example
 * ```ts
 * import type { LogFormatter } from "@foundry/foundry/logging";
 * const bare: LogFormatter = { format: (level, _t, msg) => `${level} ${msg}\n` };
 * console.assert(bare.format("info", 0, "hi", "", undefined, undefined) === "info hi\n");
 * ```
 */
export interface LogFormatter {
  /**
   * Formats a line. `time` is epoch milliseconds, `module` may be empty,
   * `bound` are a child logger's fields, `fields` the call's own.
   */
  format(
    level: LineLevel,
    time: number,
    message: string,
    module: string,
    bound: Fields | undefined,
    fields: Fields | undefined,
  ): string;
}
