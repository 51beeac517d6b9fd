/**
 * The name a misspelling probably meant, for "did you mean" in errors.
 *
 * @module
 */

/**
 * Edit distance (insertions, deletions, substitutions) between two strings.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { editDistance } from "./nearest_name.ts";
 * assert.equal(editDistance("planCheck", "planChecks"), 1);
 * assert.equal(editDistance("kitten", "sitting"), 3);
 * ```
 */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return d[b.length];
}

/**
 * The candidate closest to `name` (case aside) when it is near enough to be
 * a typo (at most a third of its letters off, and at most 3, or one of the
 * two begins the other, three letters or more), else undefined.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { nearestName } from "./nearest_name.ts";
 * assert.equal(nearestName("tgas", ["id", "name", "tags"]), "tags");
 * assert.equal(nearestName("planCheck", ["planChecks", "stateChecks"]), "planChecks");
 * assert.equal(nearestName("size", ["mount", "size_gb"]), "size_gb");
 * assert.equal(nearestName("zzz", ["id", "name"]), undefined);
 * ```
 */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.ceil(name.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const [a, b] = [c.toLowerCase(), name.toLowerCase()];
    // A name cut short ("size" for "size_gb") is near whatever its length.
    const cut = Math.min(a.length, b.length) >= 3 && (a.startsWith(b) || b.startsWith(a));
    const n = cut ? 1 : editDistance(a, b);
    if (n <= limit && n < bestDistance) [best, bestDistance] = [c, n];
  }
  return best;
}
