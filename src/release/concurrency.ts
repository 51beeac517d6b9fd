/**
 * A bounded-concurrency runner: compiles are CPU- and memory-heavy, so only
 * a few run at once, and after the first failure no new one starts.
 *
 * @module
 */

/**
 * Runs `task` over `items` with at most `limit` in flight, resolving to the
 * results in input order. On the first rejection no further task starts;
 * tasks in flight finish, then the first error is rethrown.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { runBounded } from "./_pipeline.ts";
 * const out = await runBounded([1, 2, 3], 2, (n) => Promise.resolve(n * 2));
 * assert.equal(out.join(), "2,4,6");
 * ```
 */
export async function runBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  let firstError: unknown;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await task(items[i], i);
      } catch (e) {
        if (!failed) firstError = e;
        failed = true;
      }
    }
  };
  const n = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: n }, worker));
  if (failed) throw firstError;
  return results;
}
