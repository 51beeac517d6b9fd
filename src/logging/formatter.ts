/**
 * The contract between a logger and a line format.
 *
 * @module
 */

/**
 * Named values attached to a log line. A function value is a lazy field.
 */
export type Fields = Readonly<Record<string, unknown>>;

/**
 * A level a line can be written at (every level but `off`).
 */
export type LineLevel = "trace" | "debug" | "info" | "warn" | "error";

/**
 * Turns one log call into one line of text ending in `\n`. Implementations
 * must not throw and must print secrets as `[REDACTED]`.
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
