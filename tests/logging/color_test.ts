import assert from "node:assert/strict";
import { createLogger, shouldUseColor, writerSink } from "../../src/logging/mod.ts";
import { FIXED_TIME } from "./helpers.ts";

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/;

function consoleOutput(isTerminal: boolean, env: Record<string, string>, color?: boolean): string {
  let out = "";
  const log = createLogger({
    format: "console",
    sink: writerSink((t) => (out += t), { isTerminal }),
    env,
    color,
    clock: () => FIXED_TIME,
    utcOffsetMinutes: 0,
  });
  log.warn("careful", { k: "v" });
  log.flush();
  return out;
}

Deno.test("shouldUseColor: terminal only, and never with a non-empty NO_COLOR", () => {
  assert.equal(shouldUseColor(true, {}), true);
  assert.equal(shouldUseColor(false, {}), false);
  assert.equal(shouldUseColor(true, { NO_COLOR: "1" }), false);
  assert.equal(shouldUseColor(true, { NO_COLOR: "" }), true);
  assert.equal(shouldUseColor(true, (n) => (n === "NO_COLOR" ? "yes" : undefined)), false);
});

Deno.test("console colours a terminal sink, not a file or pipe, not under NO_COLOR", () => {
  const tty = consoleOutput(true, {});
  assert.match(tty, ANSI);
  assert.equal(
    tty,
    "\x1b[2m21:05:05.123\x1b[0m ⚠️ \x1b[33mWARN \x1b[0m careful \x1b[2mk=\x1b[0mv\n",
  );
  assert.doesNotMatch(consoleOutput(false, {}), ANSI);
  assert.doesNotMatch(consoleOutput(true, { NO_COLOR: "1" }), ANSI);
  // An explicit choice wins over detection.
  assert.match(consoleOutput(false, {}, true), ANSI);
  assert.doesNotMatch(consoleOutput(true, {}, false), ANSI);
});

Deno.test("JSON formats never carry colour", () => {
  let out = "";
  const log = createLogger({
    format: "hclog",
    sink: writerSink((t) => (out += t), { isTerminal: true }),
    env: {},
  });
  log.error("x");
  assert.doesNotMatch(out, ANSI);
});
