import assert from "node:assert/strict";
import { isFoundryError } from "../../src/errors/mod.ts";
import {
  createLogger,
  LEVEL_RANK,
  levelFromEnv,
  LEVELS,
  parseLevel,
  requireLevel,
  writerSink,
} from "../../src/logging/mod.ts";

Deno.test("parseLevel reads names case-insensitively and rejects others", () => {
  assert.equal(parseLevel("TRACE"), "trace");
  assert.equal(parseLevel(" Debug "), "debug");
  assert.equal(parseLevel("warning"), "warn");
  assert.equal(parseLevel("OFF"), "off");
  assert.equal(parseLevel("verbose"), undefined);
  assert.equal(parseLevel(""), undefined);
  assert.deepEqual(LEVELS.map((l) => LEVEL_RANK[l]), [1, 2, 3, 4, 5, 6]);
});

Deno.test("requireLevel throws logging.level.invalid naming the value", () => {
  assert.throws(() => requireLevel("loud", "level"), (e) => {
    assert.ok(isFoundryError(e, "logging.level.invalid"));
    assert.match(e.message, /"loud".*trace, debug, info, warn, error, off/);
    return true;
  });
  assert.throws(() => createLogger({ level: "loud" as "info" }), /logging|unknown log level/);
});

Deno.test("levelFromEnv: FOUNDRY_LOG_LEVEL outside provider mode only", () => {
  assert.deepEqual(levelFromEnv({}), { level: "info", json: false });
  assert.deepEqual(levelFromEnv({ FOUNDRY_LOG_LEVEL: "WARN" }), {
    level: "warn",
    json: false,
    source: "FOUNDRY_LOG_LEVEL",
  });
  // TF_* is Terraform's business unless we run as a provider.
  assert.equal(levelFromEnv({ TF_LOG: "trace" }).level, "info");
  assert.equal(levelFromEnv({}, { default: "error" }).level, "error");
});

Deno.test("levelFromEnv: provider mode reads TF_LOG_PROVIDER then TF_LOG", () => {
  const p = { provider: true };
  assert.equal(levelFromEnv({ TF_LOG: "debug" }, p).level, "debug");
  assert.equal(levelFromEnv({ TF_LOG: "debug", TF_LOG_PROVIDER: "error" }, p).level, "error");
  assert.equal(
    levelFromEnv({ FOUNDRY_LOG_LEVEL: "warn", TF_LOG_PROVIDER: "trace" }, p).source,
    "FOUNDRY_LOG_LEVEL",
  );
  assert.deepEqual(levelFromEnv({ TF_LOG: "JSON" }, p), {
    level: "trace",
    json: true,
    source: "TF_LOG",
  });
  assert.deepEqual(levelFromEnv({ TF_LOG_PROVIDER: "json" }, p).json, true);
  assert.equal(levelFromEnv({ TF_LOG: "Off" }, p).level, "off");
});

Deno.test("levelFromEnv: unknown and empty values give the default", () => {
  const p = { provider: true, default: "warn" as const };
  assert.deepEqual(levelFromEnv({ TF_LOG: "chatty" }, p), { level: "warn", json: false });
  // The first set variable decides; a typo there does not fall through to TF_LOG.
  assert.deepEqual(levelFromEnv({ TF_LOG_PROVIDER: "x", TF_LOG: "trace" }, p).level, "warn");
  // Empty means unset.
  assert.equal(levelFromEnv({ TF_LOG_PROVIDER: "", TF_LOG: "debug" }, p).level, "debug");
  // A lookup function works as well as a record.
  const env = new Map([["TF_LOG", "INFO"]]);
  assert.equal(levelFromEnv((n) => env.get(n), { provider: true }).level, "info");
});

Deno.test("level gates lines; isEnabled and level report it; off writes nothing", () => {
  const lines: string[] = [];
  const log = createLogger({
    level: "warn",
    format: "json",
    sink: writerSink((t) => lines.push(t), { sync: true }),
    clock: () => 0,
    utcOffsetMinutes: 0,
  });
  assert.equal(log.level, "warn");
  assert.equal(log.isEnabled("info"), false);
  assert.equal(log.isEnabled("warn"), true);
  log.trace("t");
  log.debug("d");
  log.info("i");
  log.warn("w");
  log.error("e");
  assert.deepEqual(lines.map((l) => JSON.parse(l).level), ["warn", "error"]);
  const off = log.child("x", undefined, "off");
  off.error("never");
  assert.equal(lines.length, 2);
  assert.equal(log.child("y", undefined, "trace").isEnabled("trace"), true);
});
