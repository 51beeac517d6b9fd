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
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { summarize } from "./stats.ts";
 * const s = summarize([12, 10, 50]);
 * assert.equal(s.median, 12);
 * assert.equal(s.min, 10);
 * assert.equal(s.max, 50);
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
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { measureRuns } from "./stats.ts";
 * const s = await measureRuns(3, () => Promise.resolve(1));
 * assert.equal(s.runs, 3);
 * assert.equal(s.median, 1);
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

/** Two commands timed in turn, with the ratio of each pair. */
export interface PairedSummary {
  /** The subject's timings. */
  readonly subject: Summary;
  /** The floor's timings. */
  readonly floor: Summary;
  /** Subject / floor, pair by pair (drift on a shared machine cancels out). */
  readonly ratio: Summary;
}

/**
 * Runs each side once to warm caches, then `runs` pairs in turn
 * (subject, floor, subject, floor ...), so that a machine getting slower or
 * faster affects both sides of each pair alike.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { measurePaired } from "./stats.ts";
 * const p = await measurePaired(3, () => Promise.resolve(20), () => Promise.resolve(10));
 * assert.equal(p.ratio.median, 2);
 * ```
 */
export async function measurePaired(
  runs: number,
  subject: () => Promise<number>,
  floor: () => Promise<number>,
): Promise<PairedSummary> {
  if (!Number.isInteger(runs) || runs < 1) {
    throw new FoundryError(
      "bench.startup.bad_runs",
      `Runs must be a positive integer, got ${runs}`,
    );
  }
  await subject();
  await floor();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(await subject());
    b.push(await floor());
  }
  return {
    subject: summarize(a),
    floor: summarize(b),
    ratio: summarize(a.map((x, i) => (b[i] > 0 ? x / b[i] : Infinity))),
  };
}
