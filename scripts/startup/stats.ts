/**
 * Summaries of repeated process timings: the median (robust to the odd
 * slow run on a shared machine), min and max.
 *
 * @module
 */

import { FoundryError } from "../../src/errors/mod.ts";

/** Median, min and max of a set of timings, in milliseconds. */
export interface Summary {
  /** Number of samples. */
  readonly runs: number;
  /** Middle sample (mean of the two middle ones for an even count). */
  readonly median: number;
  /** Fastest sample. */
  readonly min: number;
  /** Slowest sample. */
  readonly max: number;
}

/**
 * Summarises timings. Rejects an empty or non-finite set: a figure built
 * from nothing would read as a real measurement.
 *
 * @example
 * ```ts
 * import { summarize } from "./stats.ts";
 * const s = summarize([12, 10, 50]);
 * console.assert(s.median === 12 && s.min === 10 && s.max === 50);
 * ```
 */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) {
    throw new FoundryError("bench.startup.no_samples", "No timings to summarise");
  }
  const bad = samples.findIndex((x) => !Number.isFinite(x) || x < 0);
  if (bad !== -1) {
    throw new FoundryError(
      "bench.startup.bad_sample",
      `Timing #${bad} is ${samples[bad]}, not a finite, non-negative number of milliseconds`,
      { context: { index: bad } },
    );
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { runs: sorted.length, median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/**
 * Runs `measure` once to warm caches (transpile cache, V8 code cache, page
 * cache), discards that figure, then `runs` more times in sequence.
 *
 * @example
 * ```ts
 * import { measureRuns } from "./stats.ts";
 * const s = await measureRuns(3, () => Promise.resolve(1));
 * console.assert(s.runs === 3 && s.median === 1);
 * ```
 */
export async function measureRuns(
  runs: number,
  measure: () => Promise<number>,
): Promise<Summary> {
  if (!Number.isInteger(runs) || runs < 1) {
    throw new FoundryError(
      "bench.startup.bad_runs",
      `Runs must be a positive integer, got ${runs}`,
    );
  }
  await measure();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await measure());
  return summarize(samples);
}
