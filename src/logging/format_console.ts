/**
 * The human format: `21:05:05.123 ℹ️ INFO  module: [🔑][🚀][✅] message key=value`,
 * with error stacks and their causes on the following lines, and ANSI colour
 * only when asked for.
 *
 * @module
 */

import {
  ACTION_EMOJI,
  DOMAIN_EMOJI,
  LEVEL_EMOJI,
  STATUS_EMOJI,
  UNKNOWN_DAS_EMOJI,
} from "./console_emoji.ts";
import type { JsonFormatOptions } from "./format_hclog.ts";
import type { Fields, LineLevel, LogFormatter } from "./formatter.ts";
import { goJsonString as quoteJson } from "../errors/json_quote.ts";
import { DEFAULT_REDACT_KEYS, keyRedactor } from "./redact.ts";
import { REDACTED, Sensitive } from "./sensitive.ts";
import { TimestampFormatter } from "./timestamp.ts";
import { JsonValueEncoder } from "./value_json.ts";

/**
 * Options for {@link ConsoleFormatter}.
 */
export interface ConsoleFormatOptions extends JsonFormatOptions {
  /** ANSI colours. Default false; see {@link shouldUseColor}. */
  color?: boolean;
  /** Level and Domain-Action-Status emoji. Default true. */
  emoji?: boolean;
}

const RESET = "\x1b[0m";
const DIM = "\x1b[2m";
const BOLD = "\x1b[1m";
const LEVEL_COLOR: Readonly<Record<LineLevel, string>> = {
  trace: "\x1b[90m",
  debug: "\x1b[36m",
  info: "\x1b[32m",
  warn: "\x1b[33m",
  error: "\x1b[1;31m",
};
const LEVEL_LABEL: Readonly<Record<LineLevel, string>> = {
  trace: "TRACE",
  debug: "DEBUG",
  info: "INFO ",
  warn: "WARN ",
  error: "ERROR",
};

// deno-lint-ignore no-control-regex
const BARE = /^[^\s"'=\\\u0000-\u001f\u007f-\u009f\u2028\u2029]+$/;
// Control characters in people-facing text could fake extra log lines.
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f\u2028\u2029]/;

const DAS: ReadonlyArray<readonly [string, Readonly<Record<string, string>>]> = [
  ["domain", DOMAIN_EMOJI],
  ["action", ACTION_EMOJI],
  ["status", STATUS_EMOJI],
];

function safeText(s: string): string {
  return CONTROL.test(s) ? quoteJson(s).slice(1, -1) : s;
}

/**
 * Whether to colour output: never when `NO_COLOR` is set to a non-empty
 * value (no-color.org), otherwise only when the sink is a terminal.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { shouldUseColor } from "@foundry/foundry/logging";
 * assert.ok(shouldUseColor(true, {}));
 * assert.ok(!shouldUseColor(true, { NO_COLOR: "1" }));
 * assert.ok(!shouldUseColor(false, {}));
 * ```
 */
export function shouldUseColor(
  isTerminal: boolean,
  env: Readonly<Record<string, string | undefined>> | ((name: string) => string | undefined),
): boolean {
  const noColor = typeof env === "function" ? env("NO_COLOR") : env.NO_COLOR;
  return isTerminal && (noColor === undefined || noColor === "");
}

/**
 * Formats lines for people reading a terminal or a file.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { ConsoleFormatter } from "@foundry/foundry/logging";
 * const f = new ConsoleFormatter({ utcOffsetMinutes: 0 });
 * const line = f.format("info", Date.UTC(2026, 10, 23, 21, 5, 5, 123), "signed in", "", undefined, {
 *   domain: "auth", action: "login", status: "success", user: "ada",
 * });
 * assert.equal(line, "21:05:05.123 ℹ️ INFO  [🔑][🔐][✅] signed in user=ada\n");
 * ```
 */
export class ConsoleFormatter implements LogFormatter {
  readonly #enc: JsonValueEncoder;
  readonly #time: TimestampFormatter;
  readonly #color: boolean;
  readonly #emoji: boolean;

  /** Creates the formatter. */
  constructor(options: ConsoleFormatOptions = {}) {
    this.#enc = new JsonValueEncoder(
      keyRedactor(options.redactKeys ?? DEFAULT_REDACT_KEYS),
      options,
    );
    this.#time = new TimestampFormatter(options);
    this.#color = options.color === true;
    this.#emoji = options.emoji !== false;
  }

  format(
    level: LineLevel,
    time: number,
    message: string,
    module: string,
    bound: Fields | undefined,
    fields: Fields | undefined,
  ): string {
    const c = this.#color;
    let out = (c ? DIM : "") + this.#time.clock(time) + (c ? RESET : "") + " ";
    if (this.#emoji) out += LEVEL_EMOJI[level] + " ";
    out += c ? LEVEL_COLOR[level] + LEVEL_LABEL[level] + RESET : LEVEL_LABEL[level];
    out += " ";
    if (module !== "") out += (c ? BOLD : "") + safeText(module) + (c ? RESET : "") + ": ";
    const errors: Error[] = [];
    let tail = "";
    let das = "";
    try {
      const consumed = new Set<string>();
      if (this.#emoji) das = this.#das(bound, fields, consumed);
      if (bound !== undefined) tail += this.#fields(bound, consumed, errors);
      if (fields !== undefined) tail += this.#fields(fields, consumed, errors);
    } catch (e) {
      tail += " @fields_error=" + quoteJson(e instanceof Error ? e.message : "unreadable fields");
    }
    out += das + safeText(typeof message === "string" ? message : String(message)) + tail + "\n";
    for (const e of errors) out += this.#errorBlock(e);
    return out;
  }

  #das(bound: Fields | undefined, fields: Fields | undefined, consumed: Set<string>): string {
    let out = "";
    for (const [key, table] of DAS) {
      const v = fields !== undefined && key in fields
        ? fields[key]
        : bound !== undefined && key in bound
        ? bound[key]
        : undefined;
      if (v === undefined) continue;
      const emoji = typeof v === "string" ? table[v.toLowerCase()] : undefined;
      if (emoji !== undefined) consumed.add(key);
      out += "[" + (emoji ?? UNKNOWN_DAS_EMOJI) + "]";
    }
    return out === "" ? "" : out + " ";
  }

  #fields(fields: Fields, consumed: Set<string>, errors: Error[]): string {
    const c = this.#color;
    let out = "";
    for (const key in fields) {
      if (consumed.has(key)) continue;
      let text: string;
      if (this.#enc.isSecretKey(key)) text = REDACTED;
      else {
        let v = fields[key];
        if (typeof v === "function") {
          try {
            v = (v as () => unknown)();
          } catch (e) {
            v = `[lazy field failed: ${e instanceof Error ? e.message : "unknown"}]`;
          }
        }
        text = this.#value(v, errors);
      }
      out += " " + (c ? DIM : "") + safeText(key) + "=" + (c ? RESET : "") + text;
    }
    return out;
  }

  #value(v: unknown, errors: Error[]): string {
    if (typeof v === "string") return BARE.test(v) ? v : quoteJson(v);
    if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
    if (v instanceof Sensitive) return REDACTED;
    if (v instanceof Error) {
      errors.push(v);
      return quoteJson(`${v.name}: ${v.message}`);
    }
    return this.#enc.encode(v);
  }

  #errorBlock(top: Error): string {
    let out = "";
    let e: unknown = top;
    const seen = new Set<unknown>();
    for (let depth = 0; e !== undefined && depth < 10 && !seen.has(e); depth++) {
      seen.add(e);
      if (depth > 0) {
        const head = e instanceof Error ? `${e.name}: ${e.message}` : this.#enc.encode(e);
        out += "    caused by: " + safeText(head) + "\n";
      }
      if (!(e instanceof Error)) break;
      if (typeof e.stack === "string") {
        // The stack's first line repeats the message; show only the frames.
        for (const line of e.stack.split("\n").slice(1)) {
          out += "    " + safeText(line.trim()) + "\n";
        }
      }
      e = e.cause;
    }
    return out;
  }
}
