/**
 * Unknown option keys, refused twice: at compile time through
 * {@link NoUnknownKeys} (a generic options parameter `O` escapes TypeScript's
 * excess-property check, so `s.string({ optional: true, sensitiv: true })`
 * would compile), and at run time through {@link unknownKeyProblems}, which
 * names the key, where it sits and the option probably meant.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";

/**
 * Maps every key of `O` that `A` does not declare to `never`. Intersected
 * with a generic options parameter (`opts?: O & NoUnknownKeys<O, Options>`)
 * it makes a misspelt key a compile error while `O` is still inferred.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { NoUnknownKeys } from "@foundry/foundry/provider";
 * interface Opts { size?: number }
 * function make<const O extends Opts>(opts: O & NoUnknownKeys<O, Opts>): O {
 *   return opts;
 * }
 * assert.equal(make({ size: 1 }).size, 1);
 * // make({ size: 1, colour: "red" }) fails to compile: `colour` is not in Opts.
 * ```
 */
export type NoUnknownKeys<O, A> = { readonly [K in Exclude<keyof O, keyof A>]: never };

/**
 * The keys of `given` that are not in `allowed`, with the closest allowed key
 * when one is near enough to be a typo. Non-objects yield nothing (the
 * caller's own checks say what is wrong with them).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unknownKeys } from "./option_check.ts";
 * assert.deepEqual(unknownKeys({ sensitiv: true }, ["sensitive", "optional"]), [
 *   { key: "sensitiv", suggestion: "sensitive" },
 * ]);
 * ```
 */
export function unknownKeys(
  given: unknown,
  allowed: readonly string[],
): { key: string; suggestion?: string }[] {
  if (given === null || typeof given !== "object") return [];
  const out: { key: string; suggestion?: string }[] = [];
  for (const key of Object.keys(given)) {
    if (allowed.includes(key)) continue;
    const suggestion = closest(key, allowed);
    out.push(suggestion === undefined ? { key } : { key, suggestion });
  }
  return out;
}

/**
 * One sentence per unknown key of `given`:
 * "unknown option `sensitiv` on attribute `api_token` — did you mean `sensitive`?".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unknownKeyProblems } from "./option_check.ts";
 * assert.deepEqual(
 *   unknownKeyProblems({ requiresReplce: true }, ["requiresReplace"], "attribute `size`"),
 *   ["unknown option `requiresReplce` on attribute `size` — did you mean `requiresReplace`?"],
 * );
 * ```
 */
export function unknownKeyProblems(
  given: unknown,
  allowed: readonly string[],
  where: string,
): string[] {
  return unknownKeys(given, allowed).map((u) => unknownKeySentence(u, allowed, where));
}

/**
 * The sentence for one unknown key: with the likely meant option, or the
 * list of known ones when none is close.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unknownKeySentence } from "./option_check.ts";
 * assert.equal(
 *   unknownKeySentence({ key: "colour" }, ["optional"], "attribute `x`"),
 *   "unknown option `colour` on attribute `x` (known options: optional)",
 * );
 * ```
 */
export function unknownKeySentence(
  unknown: { key: string; suggestion?: string },
  allowed: readonly string[],
  where: string,
): string {
  return `unknown option \`${unknown.key}\` on ${where}` +
    (unknown.suggestion === undefined
      ? ` (known options: ${allowed.join(", ")})`
      : ` — did you mean \`${unknown.suggestion}\`?`);
}

/**
 * Throws `provider.definition.invalid` when `definition` has keys outside
 * `allowed` (the run-time half of the check for `define*` calls, whose
 * object literals TypeScript already checks).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { refuseUnknownKeys } from "./option_check.ts";
 * assert.throws(
 *   () => refuseUnknownKeys({ improtState: 1 }, ["importState"], "resource `example_server`"),
 *   /did you mean `importState`/,
 * );
 * ```
 */
export function refuseUnknownKeys(
  definition: unknown,
  allowed: readonly string[],
  where: string,
): void {
  const problems = unknownKeyProblems(definition, allowed, where);
  if (problems.length === 0) return;
  throw new FoundryError(
    "provider.definition.invalid",
    `invalid ${where}: ${problems.join("; ")}`,
    {
      context: { problems },
    },
  );
}

/**
 * The allowed name within a typo's distance of `key` (case ignored), or
 * undefined.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { closest } from "./option_check.ts";
 * assert.equal(closest("domian", ["domain", "listener"]), "domain");
 * assert.equal(closest("zone", ["domain"]), undefined);
 * ```
 */
export function closest(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  // A third of the longer word, at least 1 and at most 3 edits: "requird" and
  // "defualt" match, "color" does not become "computed".
  const limit = Math.min(3, Math.max(1, Math.floor(Math.max(key.length, 3) / 3)));
  return bestDistance <= limit ? best : undefined;
}

/** Optimal-string-alignment distance (a swap of neighbours counts as one edit). */
function distance(a: string, b: string): number {
  // Keys are short; bounded so a hostile 1 MB key costs nothing.
  if (a.length > 64 || b.length > 64) return Infinity;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) rows[i].push(i === 0 ? j : 0);
  }
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, rows[i - 2][j - 2] + 1);
      }
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}
