/**
 * Domain-Action-Status emoji for the console format: a line with fields
 * `domain`, `action` and `status` gets a `[🔑][🚀][✅]` prefix so people can
 * scan a log by shape. Unknown values show `❓` and keep their `key=value`.
 *
 * @module
 */

/**
 * Emoji per `domain` value.
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
 */
export const UNKNOWN_DAS_EMOJI = "❓";

/**
 * Emoji per level.
 */
export const LEVEL_EMOJI: Readonly<Record<string, string>> = Object.freeze({
  trace: "👣",
  debug: "🐛",
  info: "ℹ️",
  warn: "⚠️",
  error: "🚨",
});
