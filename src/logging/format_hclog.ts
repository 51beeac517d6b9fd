/**
 * hclog's JSON line format, the one Terraform reads from a provider's
 * stderr: `{"@level":"info","@message":"...","@timestamp":"...","@module":"...",
 * ...fields}` and a newline per line.
 *
 * @module
 */

import type { Fields, LineLevel, LogFormatter } from "./formatter.ts";
import { JsonFieldWriter } from "./json_fields.ts";
import { goJsonString as quoteJson } from "../errors/json_quote.ts";
import { DEFAULT_REDACT_KEYS, keyRedactor } from "./redact.ts";
import { TimestampFormatter } from "./timestamp.ts";
import { JsonValueEncoder, type ValueLimits } from "./value_json.ts";

/**
 * Options for the JSON formats.
 */
export interface JsonFormatOptions extends ValueLimits {
  /** Secret field-name words; see {@link keyRedactor}. Default {@link DEFAULT_REDACT_KEYS}. */
  redactKeys?: readonly string[];
  /** Fixed UTC offset for timestamps, in minutes. Default: local time. */
  utcOffsetMinutes?: number;
}

const LEVEL_PREFIX: Readonly<Record<LineLevel, string>> = {
  trace: '{"@level":"trace","@message":',
  debug: '{"@level":"debug","@message":',
  info: '{"@level":"info","@message":',
  warn: '{"@level":"warn","@message":',
  error: '{"@level":"error","@message":',
};

/**
 * Formats lines as hclog JSON. Timestamps carry microseconds and the UTC
 * offset (`2026-11-23T21:05:05.123000+01:00`); `@module` is left out when
 * empty, as hclog does; fields follow in call order, bound fields first.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { HclogJsonFormatter } from "@foundry/foundry/logging";
 * const f = new HclogJsonFormatter({ utcOffsetMinutes: 0 });
 * const line = f.format("info", Date.UTC(2026, 10, 23), "hi", "p", undefined, { n: 1 });
 * assert.equal(line, '{"@level":"info","@message":"hi","@timestamp":"2026-11-23T00:00:00.000000Z","@module":"p","n":1}\n');
 * ```
 */
export class HclogJsonFormatter implements LogFormatter {
  readonly #fields: JsonFieldWriter;
  readonly #time: TimestampFormatter;
  #lastModule = "";
  #lastModuleText = "";

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
    let out = LEVEL_PREFIX[level] +
      quoteJson(typeof message === "string" ? message : String(message)) +
      ',"@timestamp":"' + this.#time.rfc3339(time) + '"';
    if (module !== "") {
      if (module !== this.#lastModule) {
        this.#lastModule = module;
        this.#lastModuleText = ',"@module":' + quoteJson(module);
      }
      out += this.#lastModuleText;
    }
    if (bound !== undefined) out += this.#fields.text(bound);
    if (fields !== undefined) out += this.#fields.text(fields);
    return out + "}\n";
  }
}
