/**
 * String validators beyond `lengthBetween`, `matches` and `oneOf`: one-sided
 * lengths, byte lengths, and membership that ignores case or excludes.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineProvider, defineResource, s } from "@foundry/foundry/provider";
 * import { ProviderClient } from "@foundry/foundry/testing";
 *
 * const schema = s.resource({
 *   label: s.string({ required: true, validators: [s.utf8LengthBetween(1, 8)] }),
 *   tier: s.string({ optional: true, validators: [s.oneOfCaseInsensitive("free", "pro")] }),
 *   name: s.string({ optional: true, validators: [s.noneOf("admin", "root")] }),
 * });
 * const thing = defineResource({
 *   typeName: "example_thing", schema,
 *   create: ({ plan }) => plan, read: ({ state }) => state,
 *   update: ({ plan }) => plan, delete: () => {},
 * });
 * const client = new ProviderClient(defineProvider({ typeName: "example", resources: [thing] }));
 * assert.deepEqual(await client.validate("example_thing", { label: "héllo", tier: "PRO" }), []);
 * const [bad] = await client.validate("example_thing", { label: "ééééé", name: "root" });
 * assert.equal(bad.detail, "Expected at most 8 bytes of UTF-8, got 10.");
 * ```
 *
 * @module
 */

import type { Validator } from "../validator.ts";
import { codePoints, invalid } from "./report.ts";

const UTF8 = new TextEncoder();

/**
 * A string of at least `min` characters.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * import { s } from "@foundry/foundry/provider";
 * const diags = new Diagnostics();
 * s.lengthAtLeast(3).validate("ab", { path: [], diags });
 * assert.equal(diags.toArray()[0].detail, "Expected at least 3 characters, got 2.");
 * ```
 */
export function lengthAtLeast(min: number): Validator<string> {
  return {
    description: `at least ${min} characters`,
    validate(value, ctx) {
      const n = codePoints(value);
      if (n < min) invalid(ctx, `Expected at least ${min} characters, got ${n}.`);
    },
  };
}

/**
 * A string of at most `max` characters.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * import { s } from "@foundry/foundry/provider";
 * const diags = new Diagnostics();
 * s.lengthAtMost(2).validate("abc", { path: [], diags });
 * assert.equal(diags.toArray()[0].detail, "Expected at most 2 characters, got 3.");
 * ```
 */
export function lengthAtMost(max: number): Validator<string> {
  return {
    description: `at most ${max} characters`,
    validate(value, ctx) {
      const n = codePoints(value);
      if (n > max) invalid(ctx, `Expected at most ${max} characters, got ${n}.`);
    },
  };
}

/**
 * A string whose UTF-8 encoding has between `min` and `max` bytes (APIs
 * that limit storage, not characters).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * import { s } from "@foundry/foundry/provider";
 * const diags = new Diagnostics();
 * s.utf8LengthBetween(1, 4).validate("€€", { path: [], diags });
 * assert.equal(diags.toArray()[0].detail, "Expected at most 4 bytes of UTF-8, got 6.");
 * ```
 */
export function utf8LengthBetween(min: number, max: number): Validator<string> {
  return {
    description: `between ${min} and ${max} bytes of UTF-8`,
    validate(value, ctx) {
      const n = UTF8.encode(value).length;
      if (n < min) invalid(ctx, `Expected at least ${min} bytes of UTF-8, got ${n}.`);
      else if (n > max) invalid(ctx, `Expected at most ${max} bytes of UTF-8, got ${n}.`);
    },
  };
}

/**
 * The value must not be one of the given strings or numbers.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * import { s } from "@foundry/foundry/provider";
 * const diags = new Diagnostics();
 * s.noneOf("admin", "root").validate("root", { path: [], diags });
 * assert.equal(diags.toArray()[0].detail, 'Expected none of "admin", "root", got "root".');
 * ```
 */
export function noneOf(...refused: readonly (string | number)[]): Validator<string | number> {
  const set = new Set<string | number>(refused);
  const list = refused.map((v) => JSON.stringify(v)).join(", ");
  return {
    description: `none of ${list}`,
    validate(value, ctx) {
      if (set.has(value)) invalid(ctx, `Expected none of ${list}, got ${JSON.stringify(value)}.`);
    },
  };
}

/** Case folding for comparisons: full Unicode lower case. */
function fold(s: string): string {
  return s.toLocaleLowerCase("und");
}

/**
 * One of the given strings, ignoring case (`"PRO"` matches `"pro"`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * import { s } from "@foundry/foundry/provider";
 * const diags = new Diagnostics();
 * const check = s.oneOfCaseInsensitive("free", "pro");
 * check.validate("Pro", { path: [], diags });
 * check.validate("gold", { path: [], diags });
 * assert.equal(diags.length, 1);
 * assert.equal(diags.toArray()[0].detail, 'Expected one of "free", "pro" (any case), got "gold".');
 * ```
 */
export function oneOfCaseInsensitive(...allowed: readonly string[]): Validator<string> {
  const set = new Set(allowed.map(fold));
  const list = allowed.map((v) => JSON.stringify(v)).join(", ");
  return {
    description: `one of ${list}, in any case`,
    validate(value, ctx) {
      if (!set.has(fold(value))) {
        invalid(ctx, `Expected one of ${list} (any case), got ${JSON.stringify(value)}.`);
      }
    },
  };
}

/**
 * None of the given strings, ignoring case.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * import { s } from "@foundry/foundry/provider";
 * const diags = new Diagnostics();
 * s.noneOfCaseInsensitive("admin").validate("ADMIN", { path: [], diags });
 * assert.equal(diags.toArray()[0].detail, 'Expected none of "admin" (any case), got "ADMIN".');
 * ```
 */
export function noneOfCaseInsensitive(...refused: readonly string[]): Validator<string> {
  const set = new Set(refused.map(fold));
  const list = refused.map((v) => JSON.stringify(v)).join(", ");
  return {
    description: `none of ${list}, in any case`,
    validate(value, ctx) {
      if (set.has(fold(value))) {
        invalid(ctx, `Expected none of ${list} (any case), got ${JSON.stringify(value)}.`);
      }
    },
  };
}
