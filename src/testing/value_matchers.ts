/**
 * Value matchers for state and plan checks: what an attribute or output is
 * expected to hold, with a description the failure message quotes. Values
 * are compared as `terraform show -json` prints them (sets are arrays,
 * numbers are numbers, null is null).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { contains, exact, isNull, matches } from "@foundry/foundry/testing";
 * assert.ok(exact({ env: "dev" }).matches({ env: "dev" }));
 * assert.ok(contains("b").matches(["a", "b"]));
 * assert.ok(matches(/^item-/).matches("item-1"));
 * assert.ok(!isNull().matches(""));
 * assert.equal(exact([1, 2]).expected, "[1,2]");
 * ```
 *
 * @module
 */

/** A test on a value, and the words a failure quotes for it. */
export interface ValueMatcher<T = unknown> {
  /** What is expected, as the failure message says it (`"web"`, `null`, `matching /^a/`). */
  readonly expected: string;
  /** Whether `actual` is acceptable. */
  matches(actual: unknown): boolean;
  /** Only for typing: the value type the matcher accepts. */
  readonly __type?: T;
}

/**
 * JSON text of a value for messages: the way Terraform's JSON prints it, cut
 * at 300 characters.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { showValue } from "@foundry/foundry/testing";
 * assert.equal(showValue({ a: [1, null] }), '{"a":[1,null]}');
 * assert.equal(showValue(undefined), "(absent)");
 * ```
 */
export function showValue(v: unknown): string {
  if (v === undefined) return "(absent)";
  const text = JSON.stringify(v);
  return text.length > 300 ? text.slice(0, 300) + "…" : text;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length &&
    ka.every((k) =>
      Object.hasOwn(b as object, k) &&
      deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])
    );
}

/**
 * The value, exactly (deep equality; list order matters, object keys do not).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exact } from "@foundry/foundry/testing";
 * assert.ok(exact(3).matches(3));
 * assert.ok(!exact("3").matches(3));
 * ```
 */
export function exact<T>(value: T): ValueMatcher<T> {
  return { expected: showValue(value), matches: (actual) => deepEqual(actual, value) };
}

/**
 * Null: the attribute is unset (or the provider left it null).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isNull } from "@foundry/foundry/testing";
 * assert.ok(isNull().matches(null));
 * assert.ok(!isNull().matches([]));
 * ```
 */
export function isNull(): ValueMatcher<null> {
  return { expected: "null", matches: (actual) => actual === null };
}

/**
 * Any value but null.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { notNull } from "@foundry/foundry/testing";
 * assert.ok(notNull().matches(""));
 * assert.ok(!notNull().matches(null));
 * ```
 */
export function notNull(): ValueMatcher {
  return {
    expected: "a value that is not null",
    matches: (actual) => actual !== null && actual !== undefined,
  };
}

/**
 * A string matching the pattern.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { matches } from "@foundry/foundry/testing";
 * assert.ok(matches(/^10\.\d+\.\d+\.\d+$/).matches("10.0.0.4"));
 * assert.ok(!matches(/x/).matches(1));
 * ```
 */
export function matches(pattern: RegExp): ValueMatcher<string> {
  return {
    expected: `a string matching ${pattern}`,
    matches: (actual) => typeof actual === "string" && pattern.test(actual),
  };
}

/**
 * A set or list holding each of these elements (in any order, among others).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { contains } from "@foundry/foundry/testing";
 * assert.ok(contains("a", "c").matches(["c", "b", "a"]));
 * assert.ok(!contains("d").matches(["a"]));
 * assert.ok(contains({ port: 80 }).matches([{ port: 80 }]));
 * ```
 */
export function contains<T>(...elements: T[]): ValueMatcher<T[]> {
  return {
    expected: `a set or list containing ${elements.map(showValue).join(", ")}`,
    matches: (actual) =>
      Array.isArray(actual) && elements.every((e) => actual.some((a) => deepEqual(a, e))),
  };
}

/**
 * A set holding exactly these elements, in any order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { setExact } from "@foundry/foundry/testing";
 * assert.ok(setExact("b", "a").matches(["a", "b"]));
 * assert.ok(!setExact("a").matches(["a", "b"]));
 * ```
 */
export function setExact<T>(...elements: T[]): ValueMatcher<T[]> {
  return {
    expected: `a set of exactly ${showValue(elements)} (any order)`,
    matches: (actual) =>
      Array.isArray(actual) && actual.length === elements.length &&
      elements.every((e) => actual.some((a) => deepEqual(a, e))),
  };
}

/**
 * A list, set or map of this many elements.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sizeOf } from "@foundry/foundry/testing";
 * assert.ok(sizeOf(2).matches({ a: 1, b: 2 }));
 * assert.ok(!sizeOf(0).matches(null));
 * ```
 */
export function sizeOf(n: number): ValueMatcher {
  return {
    expected: `a collection of ${n} element${n === 1 ? "" : "s"}`,
    matches: (actual) =>
      Array.isArray(actual)
        ? actual.length === n
        : typeof actual === "object" && actual !== null && Object.keys(actual).length === n,
  };
}

/**
 * An object or map with at least these attributes, each matching (a plain
 * value means {@link exact}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { matches, partial } from "@foundry/foundry/testing";
 * assert.ok(partial({ size: "small", id: matches(/^srv-/) }).matches({ id: "srv-1", size: "small", name: "w" }));
 * assert.ok(!partial({ size: "large" }).matches({ size: "small" }));
 * ```
 */
export function partial(attrs: Record<string, unknown>): ValueMatcher<Record<string, unknown>> {
  const parts = Object.entries(attrs).map(([k, v]) => [k, asMatcher(v)] as const);
  return {
    expected: `an object with ${parts.map(([k, m]) => `${k} = ${m.expected}`).join(", ")}`,
    matches: (actual) =>
      typeof actual === "object" && actual !== null && !Array.isArray(actual) &&
      parts.every(([k, m]) => m.matches((actual as Record<string, unknown>)[k])),
  };
}

function isMatcher(v: unknown): v is ValueMatcher {
  return typeof v === "object" && v !== null && typeof (v as ValueMatcher).matches === "function" &&
    typeof (v as ValueMatcher).expected === "string";
}

/**
 * A matcher as given, or {@link exact} of a plain value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { asMatcher, isNull } from "@foundry/foundry/testing";
 * assert.equal(asMatcher("a").expected, '"a"');
 * assert.equal(asMatcher(isNull()).expected, "null");
 * ```
 */
export function asMatcher(v: unknown): ValueMatcher {
  return isMatcher(v) ? v : exact(v);
}
