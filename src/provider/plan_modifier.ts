/**
 * The plan modifier contract: a hook that adjusts one attribute's planned
 * value after Foundry's default planning, or asks for replacement.
 *
 * @module
 */

import type { AttributePath } from "../errors/mod.ts";
import type { Unknown } from "./unknown.ts";
import type { ConfigLookup } from "./validator.ts";

/** What a plan modifier sees for one attribute. */
export interface PlanModifierRequest<V> {
  /** Where the attribute sits. */
  readonly path: AttributePath;
  /** The configured value (null when not set, {@link Unknown} when not yet known). */
  readonly config: V | null | Unknown;
  /** The prior state value; null when the resource is being created. */
  readonly state: V | null;
  /** The value planned so far. */
  readonly plan: V | null | Unknown;
  /** True when there is no prior state: the resource is being created. */
  readonly creating: boolean;
  /** True when the planned value differs from the prior state value. */
  readonly changed: boolean;
  /**
   * Other attributes' configured values, by path expressions relative to
   * this attribute's object (`"name"`, `"../region"`, `"/name"`), as
   * cross-attribute validators take them.
   */
  readonly lookup: ConfigLookup;
}

/** What a plan modifier may change. Omitted fields keep the plan as is. */
export interface PlanModifierResponse<V> {
  /** A new planned value for the attribute. */
  readonly plan?: V | null | Unknown;
  /** True to make Terraform destroy and re-create the resource. */
  readonly requiresReplace?: boolean;
}

/**
 * Adjusts one attribute's plan. Modifiers run in order on resources that
 * are being created or updated (never on destroy).
 */
export interface PlanModifier<V> {
  /** Plain-text description for docs. */
  readonly description: string;
  /** Returns the changes to make; may be async. */
  modify(
    req: PlanModifierRequest<V>,
  ): PlanModifierResponse<V> | void | Promise<PlanModifierResponse<V> | void>;
}
