/**
 * The validator contracts. An attribute {@link Validator} checks one
 * attribute's configured value during ValidateResourceConfig (and friends);
 * a {@link ConfigValidator} (in a schema's `validators` option) checks the
 * configuration as a whole. Unknown values are never handed to a validator
 * (Terraform validates again once they are known); null values only to
 * validators that ask for them with `validatesNull` (the "one of these must
 * be set" kind).
 *
 * @module
 */

import type { AttributePath, Diagnostics } from "../errors/mod.ts";

/**
 * Another attribute's configured value, found by a path expression.
 */
export interface LookedUp {
  /** Where it sits (the path Terraform points at). */
  readonly path: AttributePath;
  /** Its plain value: null when not set, the `unknown` sentinel when not known yet. */
  readonly value: unknown;
}

/**
 * Finds another attribute's configured value. Expressions are attribute
 * names separated by dots, relative to the object holding the validated
 * attribute (`"port"` is a sibling, `"network.cidr"` inside a sibling
 * nested object); each leading `../` climbs to the enclosing object (out of
 * a nested block), and a leading `/` starts at the top of the configuration.
 * Throws a TypeError for a name the schema does not have.
 */
export type ConfigLookup = (expression: string) => LookedUp;

/** What a validator receives beside the value. */
export interface ValidatorContext {
  /** Where the value sits in the configuration; put it on diagnostics. */
  readonly path: AttributePath;
  /** Collects the problems found. */
  readonly diags: Diagnostics;
  /**
   * Looks up other attributes of the configuration (see {@link ConfigLookup});
   * present whenever Foundry runs the validator.
   */
  readonly lookup?: ConfigLookup;
}

/**
 * Checks one attribute value. Report problems with `ctx.diags.error(..., { path: ctx.path })`.
 */
export interface Validator<V> {
  /** Plain-text description for docs ("length between 1 and 63"). */
  readonly description: string;
  /**
   * True to be called for a null (unset) value too, with `null`: for checks
   * such as "exactly one of these is set".
   */
  readonly validatesNull?: boolean;
  /**
   * The path expressions the check looks up with `ctx.lookup`, when it
   * declares them: each is then checked against the schema when the schema
   * is made, so a misspelt name fails at once instead of at validation.
   */
  readonly expressions?: readonly string[];
  /** Runs the check on a known value (non-null unless `validatesNull`). */
  validate(value: V, ctx: ValidatorContext): void;
}

/** What a whole-configuration validator receives. */
export interface ConfigValidatorContext {
  /** Collects the problems found; give each the path of the attribute at fault. */
  readonly diags: Diagnostics;
  /** Looks up attributes from the top of the configuration. */
  readonly lookup: ConfigLookup;
}

/**
 * Checks a whole configuration (a schema's `validators` option), for rules
 * spanning attributes: "at most one of a and b", "c and d together".
 */
export interface ConfigValidator {
  /** Plain-text description for docs. */
  readonly description: string;
  /** The path expressions it looks up, checked when the schema is made (see {@link Validator}). */
  readonly expressions?: readonly string[];
  /** Runs the check; the configuration is known at its top level. */
  validateConfig(ctx: ConfigValidatorContext): void;
}

/**
 * A check of each object of a nested attribute or block
 * (`objectValidators`): a {@link ConfigValidator}, run with paths relative
 * to the object (the cross-attribute validators: `s.conflictsWith("a",
 * "b")` means at most one of the object's `a` and `b`), or a
 * {@link Validator} receiving the object itself once it is wholly known.
 */
export type ObjectValidator<O> = Validator<O> | ConfigValidator;
