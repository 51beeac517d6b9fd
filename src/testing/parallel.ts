/**
 * Acceptance tests in parallel: each case runs in its own workspace (its
 * own directory, state, CLI configuration and provider processes), a few
 * at a time, and every failure is reported under its case's name.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import { type AcceptanceOptions, runAcceptance } from "./acceptance.ts";

/** Options for {@link runAcceptanceParallel}. */
export interface ParallelOptions {
  /** How many cases run at once. Default: 4. */
  readonly concurrency?: number;
}

/**
 * Runs named acceptance cases concurrently; resolves when all passed, else
 * throws a `testing.parallel_failed` FoundryError listing each failed case
 * with its error (the errors are in `context.failures`).
 *
 * @example
 * ```ts
 * import { findTerraformSync, runAcceptanceParallel } from "@foundry/foundry/testing";
 * const provider = { source: "example.com/acme/example", command: "/bin/false" };
 * Deno.test({ name: "two cases at once", ignore: findTerraformSync() === undefined }, () =>
 *   runAcceptanceParallel({
 *     "input one": { provider, steps: [{ config: `resource "terraform_data" "a" {\n  input = 1\n}` }] },
 *     "input two": { provider, steps: [{ config: `resource "terraform_data" "a" {\n  input = 2\n}` }] },
 *   }));
 * ```
 */
export async function runAcceptanceParallel(
  cases: Record<string, AcceptanceOptions>,
  options: ParallelOptions = {},
): Promise<void> {
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new FoundryError(
      "testing.parallel_options",
      `concurrency must be a whole number of at least 1, got ${concurrency}`,
    );
  }
  const queue = Object.entries(cases);
  const failures: { name: string; error: unknown }[] = [];
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const [name, opts] = next;
      try {
        await runAcceptance(opts);
      } catch (error) {
        failures.push({ name, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  if (failures.length > 0) {
    const text = failures.map((f) =>
      `--- ${f.name} ---\n${f.error instanceof Error ? f.error.message : String(f.error)}`
    ).join("\n");
    throw new FoundryError(
      "testing.parallel_failed",
      `${failures.length} of ${Object.keys(cases).length} acceptance cases failed:\n${text}`,
      { context: { failures } },
    );
  }
}
