/**
 * The built-in validators: `lengthBetween`, `oneOf`, `matches`, `between`.
 * Each reports an "Invalid attribute value" error at the attribute's path,
 * saying what was expected and what was found.
 *
 * @module
 */

import type { Validator, ValidatorContext } from "./validator.ts";

function fail(ctx: ValidatorContext, detail: string): void {
  ctx.diags.error("Invalid attribute value", { detail, path: ctx.path });
}

/** Characters as Terraform counts them: Unicode code points, not UTF-16 units. */
function lengthOf(value: string | readonly unknown[] | Readonly<Record<string, unknown>>): number {
  if (typeof value === "string") {
    let n = 0;
    for (const _ of value) n++;
    return n;
  }
  return Array.isArray(value) ? value.length : Object.keys(value).length;
}

/**
 * Length of a string (in characters) or number of elements of a collection,
 * inclusive bounds.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * import { s } from "@foundry/foundry/provider";
 * const check = s.lengthBetween(1, 63);
 * const name = s.string({ required: true, validators: [check] });
 * // What the framework does with each configured value:
 * const diags = new Diagnostics();
 * const path = [{ kind: "attr" as const, name: "x" }];
 * check.validate("web", { path, diags });
 * assert.equal(diags.length, 0);
 * check.validate("", { path, diags });
 * assert.equal(diags.toArray()[0].detail, "Expected a length between 1 and 63, got 0.");
 * ```
 */
export function lengthBetween(
  min: number,
  max: number,
): Validator<string | readonly unknown[] | Readonly<Record<string, unknown>>> {
  return {
    description: `length between ${min} and ${max}`,
    validate(value, ctx) {
      const n = lengthOf(value);
      if (n < min || n > max) {
        fail(ctx, `Expected a length between ${min} and ${max}, got ${n}.`);
      }
    },
  };
}

/**
 * The value must be one of the given strings or numbers.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * import { s } from "@foundry/foundry/provider";
 * const check = s.oneOf("small", "large");
 * const size = s.string({ optional: true, validators: [check] });
 * // What the framework does with each configured value:
 * const diags = new Diagnostics();
 * const path = [{ kind: "attr" as const, name: "x" }];
 * check.validate("small", { path, diags });
 * assert.equal(diags.length, 0);
 * check.validate("huge", { path, diags });
 * assert.equal(diags.toArray()[0].detail, 'Expected one of "small", "large", got "huge".');
 * ```
 */
export function oneOf(...allowed: readonly (string | number)[]): Validator<string | number> {
  const set = new Set<string | number>(allowed);
  const list = allowed.map((v) => JSON.stringify(v)).join(", ");
  return {
    description: `one of ${list}`,
    validate(value, ctx) {
      if (!set.has(value)) fail(ctx, `Expected one of ${list}, got ${JSON.stringify(value)}.`);
    },
  };
}

/**
 * The string must match a regular expression (anchor it yourself).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * import { s } from "@foundry/foundry/provider";
 * const check = s.matches(/^[a-z0-9.-]+$/, "a host name");
 * const host = s.string({ required: true, validators: [check] });
 * // What the framework does with each configured value:
 * const diags = new Diagnostics();
 * const path = [{ kind: "attr" as const, name: "x" }];
 * check.validate("db.local", { path, diags });
 * assert.equal(diags.length, 0);
 * check.validate("DB!", { path, diags });
 * assert.equal(diags.toArray()[0].detail, 'Expected a host name, got "DB!".');
 * ```
 */
export function matches(pattern: RegExp, what?: string): Validator<string> {
  // A fresh copy without g/y, whose lastIndex would make test() stateful.
  const re = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ""));
  const expected = what ?? `a value matching ${re}`;
  return {
    description: `must be ${expected}`,
    validate(value, ctx) {
      if (!re.test(value)) fail(ctx, `Expected ${expected}, got ${JSON.stringify(value)}.`);
    },
  };
}

/**
 * A number within inclusive bounds.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * import { s } from "@foundry/foundry/provider";
 * const check = s.between(1, 65535);
 * const port = s.number({ required: true, validators: [check] });
 * // What the framework does with each configured value:
 * const diags = new Diagnostics();
 * const path = [{ kind: "attr" as const, name: "x" }];
 * check.validate(443, { path, diags });
 * assert.equal(diags.length, 0);
 * check.validate(70000, { path, diags });
 * assert.equal(diags.toArray()[0].detail, "Expected a number between 1 and 65535, got 70000.");
 * ```
 */
export function between(min: number, max: number): Validator<number | bigint> {
  return {
    description: `between ${min} and ${max}`,
    validate(value, ctx) {
      const n = Number(value);
      if (!(n >= min && n <= max)) {
        fail(ctx, `Expected a number between ${min} and ${max}, got ${value}.`);
      }
    },
  };
}
