/**
 * Unknown values and their refinements (go-cty 1.16): what is known about a
 * value that is not yet known: not null, a string prefix, number bounds,
 * collection length bounds.
 *
 * @module
 */

import type { Num } from "./number.ts";

/**
 * Refinements as callers write them (every field optional).
 */
export interface Refinements {
  /** The value will not be null. */
  readonly notNull?: boolean;
  /** A string value will start with this text. */
  readonly stringPrefix?: string;
  /** A number value will be >= (inclusive) or > this bound. */
  readonly numberLower?: readonly [Num, boolean];
  /** A number value will be <= (inclusive) or < this bound. */
  readonly numberUpper?: readonly [Num, boolean];
  /** A collection will have at least this many elements. */
  readonly lengthLower?: number;
  /** A collection will have at most this many elements. */
  readonly lengthUpper?: number;
}

/**
 * The payload of an unknown value: its refinements (frozen, shared when empty).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { UnknownInfo } from "./refinement.ts";
 * assert.equal(UnknownInfo.NONE.notNull, false);
 * ```
 */
export class UnknownInfo {
  /** The unrefined unknown. */
  static readonly NONE: UnknownInfo = new UnknownInfo(
    false,
    undefined,
    undefined,
    undefined,
    0,
    undefined,
  );
  constructor(
    /** Known not to be null. */
    readonly notNull: boolean,
    /** Known string prefix (non-empty) or undefined. */
    readonly stringPrefix: string | undefined,
    /** Lower number bound or undefined (= -Infinity inclusive). */
    readonly numberLower: readonly [Num, boolean] | undefined,
    /** Upper number bound or undefined (= +Infinity inclusive). */
    readonly numberUpper: readonly [Num, boolean] | undefined,
    /** Minimum collection length (0 when unrefined). */
    readonly lengthLower: number,
    /** Maximum collection length or undefined (unbounded). */
    readonly lengthUpper: number | undefined,
  ) {}

  /** True when nothing beyond "unknown" is known. */
  get isEmpty(): boolean {
    return !this.notNull && this.stringPrefix === undefined && this.numberLower === undefined &&
      this.numberUpper === undefined && this.lengthLower === 0 && this.lengthUpper === undefined;
  }

  /** The refinements as a plain object (only the keys that are set). */
  toRefinements(): Refinements {
    const out: {
      notNull?: boolean;
      stringPrefix?: string;
      numberLower?: readonly [Num, boolean];
      numberUpper?: readonly [Num, boolean];
      lengthLower?: number;
      lengthUpper?: number;
    } = {};
    if (this.notNull) out.notNull = true;
    if (this.stringPrefix !== undefined) out.stringPrefix = this.stringPrefix;
    if (this.numberLower !== undefined) out.numberLower = this.numberLower;
    if (this.numberUpper !== undefined) out.numberUpper = this.numberUpper;
    if (this.lengthLower !== 0) out.lengthLower = this.lengthLower;
    if (this.lengthUpper !== undefined) out.lengthUpper = this.lengthUpper;
    return out;
  }
}
