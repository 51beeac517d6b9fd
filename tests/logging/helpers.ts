/** Shared test helpers: a logger writing to a string with a fixed clock. */
import {
  createLogger,
  type Logger,
  type LoggerOptions,
  writerSink,
} from "../../src/logging/mod.ts";

/** 2026-11-23T21:05:05.123Z */
export const FIXED_TIME = Date.UTC(2026, 10, 23, 21, 5, 5, 123);

/** A logger capturing its output; `text()` flushes and returns everything written. */
export function capture(options: LoggerOptions = {}): { log: Logger; text: () => string } {
  let out = "";
  const log = createLogger({
    clock: () => FIXED_TIME,
    utcOffsetMinutes: 0,
    level: "trace",
    sink: writerSink((t) => (out += t)),
    ...options,
  });
  return {
    log,
    text: () => {
      log.flush();
      return out;
    },
  };
}
