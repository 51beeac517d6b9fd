/**
 * The logger: level methods that cost one comparison when disabled, child
 * loggers with a module name and bound fields, and a shared sink.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import { ConsoleFormatter, shouldUseColor } from "./format_console.ts";
import { HclogJsonFormatter } from "./format_hclog.ts";
import { JsonLineFormatter } from "./format_json.ts";
import type { Fields, LineLevel, LogFormatter } from "./formatter.ts";
import { type Level, LEVEL_RANK, LEVELS, requireLevel } from "./level.ts";
import { type LogSink, stderrSink } from "./sink.ts";
import type { Clock } from "./timestamp.ts";

/**
 * A built-in format name: hclog JSON, plain JSON lines, or the human console format.
 */
export type FormatName = "hclog" | "json" | "console";

/**
 * Options for {@link createLogger}.
 */
export interface LoggerOptions {
  /** Lowest level written. Default `info`; see {@link levelFromEnv}. */
  level?: Level;
  /** A format name or your own {@link LogFormatter}. Default `hclog`. */
  format?: FormatName | LogFormatter;
  /** Where lines go. Default: one {@link stderrSink} shared by all such loggers. */
  sink?: LogSink;
  /** Module name of the root logger (`@module`). Default none. */
  name?: string;
  /** Fields bound to every line. */
  fields?: Fields;
  /** Secret field-name words (built-in formats). Default {@link DEFAULT_REDACT_KEYS}. */
  redactKeys?: readonly string[];
  /** Clock in epoch milliseconds; inject a fixed one in tests. Default `Date.now`. */
  clock?: Clock;
  /** Fixed UTC offset for timestamps in minutes. Default: local time. */
  utcOffsetMinutes?: number;
  /** Console colours; default: only if the sink is a terminal and `NO_COLOR` is unset. */
  color?: boolean;
  /** Environment for `NO_COLOR`. Default: `Deno.env` when readable. */
  env?: Readonly<Record<string, string | undefined>> | ((name: string) => string | undefined);
  /** Lines at this level or above flush the sink at once. Default `error`. */
  flushLevel?: Level;
}

/**
 * What a logger and all its children share.
 */
export interface LoggerCore {
  /** Where lines go. */
  readonly sink: LogSink;
  /** How lines look. */
  readonly formatter: LogFormatter;
  /** Epoch milliseconds for each line. */
  readonly clock: Clock;
  /** Lines of this rank or above flush the sink at once. */
  readonly flushRank: number;
}

let sharedStderr: LogSink | undefined;

/** One buffered stderr for every logger left on the default, so their lines keep their order. */
function defaultSink(): LogSink {
  return sharedStderr ??= stderrSink();
}

function readEnv(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined; // no --allow-env: behave as if unset
  }
}

/**
 * A structured logger. Make one with {@link createLogger}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createLogger, writerSink } from "@foundry/foundry/logging";
 * let out = "";
 * const log = createLogger({ format: "json", sink: writerSink((t) => (out += t)), name: "provider" });
 * const res = log.child("resource.example_server", { id: "i-1" });
 * res.info("created", { size: "small", took: () => "12ms" });
 * res.debug("not written");
 * log.flush();
 * assert.ok(out.includes('"module":"provider.resource.example_server","id":"i-1"'));
 * ```
 */
export class Logger {
  /** Lowest rank written; read on every call, so a plain number. */
  readonly rank: number;
  /** The module name (`@module`), dotted for children; empty for none. */
  readonly module: string;
  readonly #core: LoggerCore;
  readonly #bound: Fields | undefined;

  /** Use {@link createLogger}; this is for subclasses and tests. */
  constructor(core: LoggerCore, level: Level, module: string, bound: Fields | undefined) {
    this.#core = core;
    this.rank = LEVEL_RANK[level];
    this.module = module;
    this.#bound = bound;
  }

  /** The level this logger writes from. */
  get level(): Level {
    return LEVELS[this.rank - 1];
  }

  /** True when a line at `level` would be written (to skip costly work). */
  isEnabled(level: LineLevel): boolean {
    return LEVEL_RANK[level] >= this.rank;
  }

  /** Writes a trace line. */
  trace(message: string, fields?: Fields): void {
    if (this.rank > 1) return;
    this.#emit("trace", 1, message, fields);
  }

  /** Writes a debug line. */
  debug(message: string, fields?: Fields): void {
    if (this.rank > 2) return;
    this.#emit("debug", 2, message, fields);
  }

  /** Writes an info line. */
  info(message: string, fields?: Fields): void {
    if (this.rank > 3) return;
    this.#emit("info", 3, message, fields);
  }

  /** Writes a warning line. */
  warn(message: string, fields?: Fields): void {
    if (this.rank > 4) return;
    this.#emit("warn", 4, message, fields);
  }

  /** Writes an error line and (by default) flushes the sink at once. */
  error(message: string, fields?: Fields): void {
    if (this.rank > 5) return;
    this.#emit("error", 5, message, fields);
  }

  /**
   * A logger whose lines carry `module` = this module + "." + `name`
   * (just `name` at the root; an empty name keeps the module) and
   * `fields` after this logger's bound fields. Its level is this one's
   * unless `level` is given.
   */
  child(name: string, fields?: Fields, level?: Level): Logger {
    const module = name === "" ? this.module : this.module === "" ? name : this.module + "." + name;
    let bound = this.#bound;
    if (fields !== undefined) bound = bound === undefined ? { ...fields } : { ...bound, ...fields };
    return new Logger(
      this.#core,
      level === undefined ? this.level : requireLevel(level, "child level"),
      module,
      bound,
    );
  }

  /** Writes everything buffered in the sink now. */
  flush(): void {
    this.#core.sink.flush();
  }

  #emit(level: LineLevel, rank: number, message: string, fields: Fields | undefined): void {
    const core = this.#core;
    let line: string;
    try {
      line = core.formatter.format(level, core.clock(), message, this.module, this.#bound, fields);
    } catch (e) {
      // Custom formatters may throw; keep the fact that a line was lost visible.
      line = `{"@level":"error","@message":"log formatter failed","error":${
        JSON.stringify(e instanceof Error ? e.message : String(e))
      }}\n`;
    }
    core.sink.write(line);
    if (rank >= core.flushRank) core.sink.flush();
  }
}

/**
 * Builds a logger. Every option has a default: hclog JSON at `info` to a
 * buffered stderr.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createLogger, levelFromEnv, writerSink } from "@foundry/foundry/logging";
 * const { level } = levelFromEnv({ TF_LOG: "debug" }, { provider: true });
 * let out = "";
 * const log = createLogger({ level, name: "provider", sink: writerSink((t) => out += t) });
 * log.debug("configured", { endpoint: "http://localhost" });
 * log.flush();
 * const line = JSON.parse(out);
 * assert.equal(line["@level"], "debug");
 * assert.equal(line["@message"], "configured");
 * assert.equal(line.endpoint, "http://localhost");
 * ```
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = requireLevel(options.level ?? "info", "level");
  const flushLevel = requireLevel(options.flushLevel ?? "error", "flushLevel");
  const sink = options.sink ?? defaultSink();
  const format = options.format ?? "hclog";
  const common = { redactKeys: options.redactKeys, utcOffsetMinutes: options.utcOffsetMinutes };
  let formatter: LogFormatter;
  if (typeof format === "object") formatter = format;
  else if (format === "hclog") formatter = new HclogJsonFormatter(common);
  else if (format === "json") formatter = new JsonLineFormatter(common);
  else if (format === "console") {
    const color = options.color ?? shouldUseColor(sink.isTerminal, options.env ?? readEnv);
    formatter = new ConsoleFormatter({ ...common, color });
  } else {
    throw new FoundryError(
      "logging.format.unknown",
      `unknown log format ${JSON.stringify(format)}; expected hclog, json or console`,
      { context: { format } },
    );
  }
  const core: LoggerCore = {
    sink,
    formatter,
    clock: options.clock ?? Date.now,
    flushRank: LEVEL_RANK[flushLevel],
  };
  const bound = options.fields === undefined ? undefined : { ...options.fields };
  return new Logger(core, level, options.name ?? "", bound);
}
