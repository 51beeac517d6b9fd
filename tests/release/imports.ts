// Test-side imports: the layer's public surface plus an error-code predicate.
export * from "../../src/release/mod.ts";
import { isFoundryError } from "../../src/errors/mod.ts";

export function isFoundryErrorCode(e: unknown, code: string): boolean {
  return isFoundryError(e, code);
}
