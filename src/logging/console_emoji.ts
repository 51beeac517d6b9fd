/**
 * Domain-Action-Status emoji for the console format: a line with fields
 * `domain`, `action` and `status` gets a `[🔑][🚀][✅]` prefix so people can
 * scan a log by shape. Unknown values show `❓` and keep their `key=value`.
 *
 * @module
 */

/**
 * Emoji per `domain` value.
 *
 * @example
 * ```ts
 * import { DOMAIN_EMOJI } from "@foundry/foundry/logging";
 * console.assert(DOMAIN_EMOJI.auth === "🔑");
 * ```
 */
export const DOMAIN_EMOJI: Readonly<Record<string, string>> = Object.freeze({
  auth: "🔑",
  system: "⚙️",
  server: "🛎️",
  client: "🙋",
  network: "🌐",
  security: "🛡️",
  config: "🔩",
  database: "🗄️",
  cache: "💾",
  task: "🔄",
  plugin: "🔌",
  provider: "🏗️",
  resource: "📦",
  datasource: "🔎",
  schema: "📐",
  state: "🗂️",
  protocol: "📡",
  file: "📄",
  user: "👤",
  test: "🧪",
  build: "🔨",
  registry: "🏛️",
  telemetry: "🛰️",
});

/**
 * Emoji per `action` value.
 *
 * @example
 * ```ts
 * import { ACTION_EMOJI } from "@foundry/foundry/logging";
 * console.assert(ACTION_EMOJI.start === "🚀");
 * ```
 */
export const ACTION_EMOJI: Readonly<Record<string, string>> = Object.freeze({
  init: "🌱",
  start: "🚀",
  stop: "🛑",
  connect: "🔗",
  disconnect: "💔",
  listen: "👂",
  send: "📤",
  receive: "📥",
  request: "📨",
  response: "📬",
  read: "📖",
  write: "📝",
  create: "✨",
  update: "🔄",
  delete: "🗑️",
  plan: "🗺️",
  apply: "🛠️",
  import: "📥",
  validate: "🧐",
  configure: "🔧",
  login: "🔐",
  logout: "🚪",
  query: "🔍",
  execute: "▶️",
  retry: "🔁",
});

/**
 * Emoji per `status` value.
 *
 * @example
 * ```ts
 * import { STATUS_EMOJI } from "@foundry/foundry/logging";
 * console.assert(STATUS_EMOJI.success === "✅");
 * ```
 */
export const STATUS_EMOJI: Readonly<Record<string, string>> = Object.freeze({
  success: "✅",
  ok: "✅",
  failure: "❌",
  failed: "❌",
  error: "🔥",
  warning: "⚠️",
  attempt: "⏳",
  pending: "⏳",
  retry: "🔁",
  skipped: "⏭️",
  complete: "🏁",
  timeout: "⏱️",
  not_found: "🕳️",
  denied: "⛔",
  invalid: "🚫",
  cached: "🎯",
});

/**
 * Shown for a DAS value missing from its table.
 *
 * @example
 * ```ts
 * import { UNKNOWN_DAS_EMOJI } from "@foundry/foundry/logging";
 * console.assert(UNKNOWN_DAS_EMOJI === "❓");
 * ```
 */
export const UNKNOWN_DAS_EMOJI = "❓";

/**
 * Emoji per level.
 *
 * @example
 * ```ts
 * import { LEVEL_EMOJI } from "@foundry/foundry/logging";
 * console.assert(LEVEL_EMOJI.warn === "⚠️");
 * ```
 */
export const LEVEL_EMOJI: Readonly<Record<string, string>> = Object.freeze({
  trace: "👣",
  debug: "🐛",
  info: "ℹ️",
  warn: "⚠️",
  error: "🚨",
});
