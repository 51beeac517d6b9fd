/**
 * Structured logging for Foundry: hclog JSON on stderr for Terraform, plain
 * JSON lines for services, and a human console format with emoji; levels,
 * child loggers with module names and bound fields, lazy fields, errors with
 * their cause chains, and redaction of secrets in every format.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createLogger, levelFromEnv, sensitive, writerSink } from "@foundry/foundry/logging";
 *
 * let out = "";
 * const { level } = levelFromEnv({ TF_LOG_PROVIDER: "DEBUG" }, { provider: true });
 * const log = createLogger({ level, name: "example", sink: writerSink((t) => (out += t)) });
 * const res = log.child("resource.example_server", { id: "i-123" });
 * res.debug("creating", { token: "abc", key: sensitive("k"), cost: () => 42 });
 * res.error("create failed", { error: new Error("quota", { cause: new Error("429") }) });
 * log.flush();
 * assert.ok(out.includes('"@module":"example.resource.example_server"'));
 * assert.ok(!out.includes("abc") && out.includes('"cost":42'));
 * ```
 *
 * @module
 */

export {
  type EnvLevel,
  type EnvSource,
  type Level,
  LEVEL_RANK,
  levelFromEnv,
  type LevelFromEnvOptions,
  LEVELS,
  parseLevel,
  requireLevel,
} from "./level.ts";
export {
  createLogger,
  type FormatName,
  Logger,
  type LoggerCore,
  type LoggerOptions,
} from "./logger.ts";
export { isSensitive, REDACTED, Sensitive, sensitive } from "./sensitive.ts";
export { DEFAULT_REDACT_KEYS, type KeyRedactor, keyRedactor } from "./redact.ts";
export type { Fields, LineLevel, LogFormatter } from "./formatter.ts";
export { HclogJsonFormatter, type JsonFormatOptions } from "./format_hclog.ts";
export { JsonLineFormatter } from "./format_json.ts";
export { type ConsoleFormatOptions, ConsoleFormatter, shouldUseColor } from "./format_console.ts";
export {
  ACTION_EMOJI,
  DOMAIN_EMOJI,
  LEVEL_EMOJI,
  STATUS_EMOJI,
  UNKNOWN_DAS_EMOJI,
} from "./console_emoji.ts";
export {
  ByteSink,
  type ByteWriter,
  fileSink,
  type LogSink,
  type SinkOptions,
  stderrSink,
  TextSink,
  writerSink,
} from "./sink.ts";
export {
  type Flushable,
  flushAllSinks,
  registerExitFlush,
  unregisterExitFlush,
} from "./exit_flush.ts";
export { type Clock, TimestampFormatter, type TimestampOptions } from "./timestamp.ts";
export { goJsonString as quoteJson } from "../errors/json_quote.ts";
export { JsonValueEncoder, type ValueLimits } from "./value_json.ts";
