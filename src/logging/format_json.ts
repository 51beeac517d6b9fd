/**
 * Plain JSON lines for services and log shippers:
 * `{"level":"info","time":"...","msg":"...","module":"...",...fields}`.
 *
 * @module
 */

import type { JsonFormatOptions } from "./format_hclog.ts";
import type { Fields, LineLevel, LogFormatter } from "./formatter.ts";
import { JsonFieldWriter } from "./json_fields.ts";
import { goJsonString as quoteJson } from "../errors/json_quote.ts";
import { DEFAULT_REDACT_KEYS, keyRedactor } from "./redact.ts";
import { TimestampFormatter } from "./timestamp.ts";
import { JsonValueEncoder } from "./value_json.ts";

/**
 * Formats lines as plain JSON objects with `level`, `time` (RFC 3339 with
 * microseconds), `msg`, `module` (when not empty), then the fields.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { JsonLineFormatter } from "@foundry/foundry/logging";
 * const f = new JsonLineFormatter({ utcOffsetMinutes: 0 });
 * const line = f.format("warn", Date.UTC(2026, 10, 23), "hi", "", undefined, { n: 1 });
 * assert.equal(line, '{"level":"warn","time":"2026-11-23T00:00:00.000000Z","msg":"hi","n":1}\n');
 * ```
 */
export class JsonLineFormatter implements LogFormatter {
  readonly #fields: JsonFieldWriter;
  readonly #time: TimestampFormatter;

  /** Creates the formatter. */
  constructor(options: JsonFormatOptions = {}) {
    this.#fields = new JsonFieldWriter(
      new JsonValueEncoder(keyRedactor(options.redactKeys ?? DEFAULT_REDACT_KEYS), options),
    );
    this.#time = new TimestampFormatter(options);
  }

  format(
    level: LineLevel,
    time: number,
    message: string,
    module: string,
    bound: Fields | undefined,
    fields: Fields | undefined,
  ): string {
    let out = '{"level":"' + level + '","time":"' + this.#time.rfc3339(time) + '","msg":' +
      quoteJson(typeof message === "string" ? message : String(message));
    if (module !== "") out += ',"module":' + quoteJson(module);
    if (bound !== undefined) out += this.#fields.text(bound);
    if (fields !== undefined) out += this.#fields.text(fields);
    return out + "}\n";
  }
}
