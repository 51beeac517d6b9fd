/**
 * Number validators beyond `between`: one-sided bounds. They accept every
 * number representation (`number`, `bigint`, exact decimal text).
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * import { s } from "@foundry/foundry/provider";
 * const replicas = s.number({ optional: true, validators: [s.atLeast(1), s.atMost(9)] });
 * const diags = new Diagnostics();
 * for (const v of replicas.validators) v.validate(0, { path: [], diags });
 * assert.equal(diags.toArray()[0].detail, "Expected a number of at least 1, got 0.");
 * ```
 *
 * @module
 */

import type { Validator } from "../validator.ts";
import { invalid, numeric } from "./report.ts";

/** A plain number value in any representation. */
type NumberLike = number | bigint | string;

/**
 * A number no smaller than `min`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * import { s } from "@foundry/foundry/provider";
 * const diags = new Diagnostics();
 * s.atLeast(1).validate(1n, { path: [], diags });
 * assert.equal(diags.length, 0);
 * ```
 */
export function atLeast(min: number): Validator<NumberLike> {
  return {
    description: `at least ${min}`,
    validate(value, ctx) {
      if (!(numeric(value) >= min)) {
        invalid(ctx, `Expected a number of at least ${min}, got ${value}.`);
      }
    },
  };
}

/**
 * A number no larger than `max`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { Diagnostics } from "@foundry/foundry/errors";
 * import { s } from "@foundry/foundry/provider";
 * const diags = new Diagnostics();
 * s.atMost(10).validate("10.5", { path: [], diags });
 * assert.equal(diags.toArray()[0].detail, "Expected a number of at most 10, got 10.5.");
 * ```
 */
export function atMost(max: number): Validator<NumberLike> {
  return {
    description: `at most ${max}`,
    validate(value, ctx) {
      if (!(numeric(value) <= max)) {
        invalid(ctx, `Expected a number of at most ${max}, got ${value}.`);
      }
    },
  };
}
