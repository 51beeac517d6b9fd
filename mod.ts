/**
 * Foundry: write Terraform and OpenTofu providers in TypeScript, test them
 * against the real Terraform, and ship each as one binary per OS/arch.
 *
 * This root module re-exports every finished layer; each layer is also
 * importable on its own (`@foundry/foundry/errors`, `@foundry/foundry/logging`,
 * `@foundry/foundry/protocol`, `@foundry/foundry/testing`, ...).
 *
 * @example
 * ```ts
 * import { errorDiagnostic, renderDiagnostic } from "@foundry/foundry";
 * console.log(renderDiagnostic(errorDiagnostic("Something is wrong")));
 * ```
 *
 * @module
 */

// First, for its side effect: starts TLS set-up early when Terraform runs this
// process as a plugin (see the module's doc); nothing otherwise.
import "./src/protocol/plugin_warmup.ts";
import "./src/provider/startup_watch.ts";

export * from "./src/errors/mod.ts";
export {
  createLogger,
  type Level,
  levelFromEnv,
  type Logger,
  type LoggerOptions,
  sensitive,
} from "./src/logging/mod.ts";
export * from "./src/cty/mod.ts";
export * from "./src/provider/mod.ts";
