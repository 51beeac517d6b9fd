/**
 * Log levels, their numeric order, and how they are read from the
 * environment (`FOUNDRY_LOG_LEVEL`, and Terraform's `TF_LOG_PROVIDER` /
 * `TF_LOG` when running as a provider).
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";

/**
 * A log level name. `off` disables all output.
 */
export type Level = "trace" | "debug" | "info" | "warn" | "error" | "off";

/**
 * Numeric rank of each level; a line is written when its rank is at least
 * the logger's. Numbers keep the disabled-call check a single comparison.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { LEVEL_RANK } from "@foundry/foundry/logging";
 * assert.ok(LEVEL_RANK.debug < LEVEL_RANK.info);
 * ```
 */
export const LEVEL_RANK: Readonly<Record<Level, number>> = Object.freeze({
  trace: 1,
  debug: 2,
  info: 3,
  warn: 4,
  error: 5,
  off: 6,
});

/**
 * Every level name, most verbose first.
 */
export const LEVELS: readonly Level[] = Object.freeze([
  "trace",
  "debug",
  "info",
  "warn",
  "error",
  "off",
]);

/**
 * Reads a level name case-insensitively (`"WARN"`, `" debug "`); also
 * accepts `warning`. Returns `undefined` for anything else.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseLevel } from "@foundry/foundry/logging";
 * assert.equal(parseLevel("DEBUG"), "debug");
 * assert.equal(parseLevel("loud"), undefined);
 * ```
 */
export function parseLevel(text: string): Level | undefined {
  const t = text.trim().toLowerCase();
  if (t === "warning") return "warn";
  return (LEVELS as readonly string[]).includes(t) ? t as Level : undefined;
}

/**
 * Like {@link parseLevel} but throws a `FoundryError` (`logging.level.invalid`)
 * naming the accepted values, for options given in code.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { requireLevel } from "@foundry/foundry/logging";
 * assert.equal(requireLevel("Info"), "info");
 * ```
 */
export function requireLevel(text: string, where = "level"): Level {
  const level = parseLevel(text);
  if (level === undefined) {
    throw new FoundryError(
      "logging.level.invalid",
      `${where}: unknown log level ${JSON.stringify(text)}; expected one of ${LEVELS.join(", ")}`,
      { context: { where, value: text } },
    );
  }
  return level;
}

/**
 * Environment as a record or a lookup function (e.g. `Deno.env.get`).
 */
export type EnvSource =
  | Readonly<Record<string, string | undefined>>
  | ((name: string) => string | undefined);

/**
 * Options for {@link levelFromEnv}.
 */
export interface LevelFromEnvOptions {
  /** Running as a Terraform provider: also read `TF_LOG_PROVIDER` then `TF_LOG`. */
  provider?: boolean;
  /** Level when nothing usable is set. Default `info`. */
  default?: Level;
}

/**
 * What {@link levelFromEnv} found.
 */
export interface EnvLevel {
  /** The level to log at. */
  level: Level;
  /** True when Terraform's `JSON` value asked for JSON output (at trace level). */
  json: boolean;
  /** The variable the level came from, or `undefined` for the default. */
  source?: string;
}

function lookup(env: EnvSource, name: string): string | undefined {
  const v = typeof env === "function" ? env(name) : env[name];
  return v === undefined || v.trim() === "" ? undefined : v;
}

/**
 * Picks the log level from environment variables. Pure: pass
 * `Deno.env.toObject()` or a plain record.
 *
 * Order: `FOUNDRY_LOG_LEVEL` (an explicit Foundry choice wins), then, when
 * `provider` is set, `TF_LOG_PROVIDER` and `TF_LOG`. Values are level names
 * in any case; `JSON` means trace level in JSON format, as Terraform reads
 * it. The first variable that is set decides: an unknown value there gives
 * the default level rather than falling through, so a typo is not silently
 * replaced by a broader variable.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { levelFromEnv } from "@foundry/foundry/logging";
 * const r = levelFromEnv({ TF_LOG: "json" }, { provider: true });
 * assert.equal(r.level, "trace");
 * assert.ok(r.json);
 * assert.equal(levelFromEnv({ TF_LOG: "debug" }).level, "info");
 * ```
 */
export function levelFromEnv(env: EnvSource, options: LevelFromEnvOptions = {}): EnvLevel {
  const fallback = options.default ?? "info";
  const names = options.provider === true
    ? ["FOUNDRY_LOG_LEVEL", "TF_LOG_PROVIDER", "TF_LOG"]
    : ["FOUNDRY_LOG_LEVEL"];
  for (const name of names) {
    const raw = lookup(env, name);
    if (raw === undefined) continue;
    if (raw.trim().toUpperCase() === "JSON") return { level: "trace", json: true, source: name };
    const level = parseLevel(raw);
    return level === undefined
      ? { level: fallback, json: false }
      : { level, json: false, source: name };
  }
  return { level: fallback, json: false };
}
