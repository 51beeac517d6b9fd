/**
 * The validator contract: a check run on a known attribute value during
 * ValidateResourceConfig (and friends). Unknown and null values are never
 * handed to a validator; Terraform validates again once they are known.
 *
 * @module
 */

import type { AttributePath, Diagnostics } from "../errors/mod.ts";

/** What a validator receives beside the value. */
export interface ValidatorContext {
  /** Where the value sits in the configuration; put it on diagnostics. */
  readonly path: AttributePath;
  /** Collects the problems found. */
  readonly diags: Diagnostics;
}

/**
 * Checks one attribute value. Report problems with `ctx.diags.error(..., { path: ctx.path })`.
 */
export interface Validator<V> {
  /** Plain-text description for docs ("length between 1 and 63"). */
  readonly description: string;
  /** Runs the check on a known, non-null value. */
  validate(value: V, ctx: ValidatorContext): void;
}
