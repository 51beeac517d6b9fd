// Test-side imports: the layer's public surface and its pipeline parts, the CLI verbs that drive it
// (with their test seams), plus an error-code predicate.
export * from "../../src/release/mod.ts";
export * from "../../src/release/_pipeline.ts";
export {
  BUILD_HELP,
  buildCommandMain,
  type CommandDeps,
  INSTALL_HELP,
  installCommandMain,
} from "../../src/cli/commands/release.ts";
import { isFoundryError } from "../../src/errors/mod.ts";

export function isFoundryErrorCode(e: unknown, code: string): boolean {
  return isFoundryError(e, code);
}
