/**
 * What the built-in validators share: the one diagnostic shape they report
 * ("Invalid attribute value" at the attribute, saying what was expected and
 * what was found) and how they measure and show values.
 *
 * @module
 */

import type { ValidatorContext } from "../validator.ts";

/** Reports an invalid value at the validated attribute. */
export function invalid(ctx: ValidatorContext, detail: string): void {
  ctx.diags.error("Invalid attribute value", { detail, path: ctx.path });
}

/** Characters as Terraform counts them: Unicode code points, not UTF-16 units. */
export function codePoints(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** A plain number value (number, bigint, or exact decimal text) as a JS number. */
export function numeric(value: number | bigint | string): number {
  return typeof value === "number" ? value : Number(value);
}

/** A value as the detail shows it. */
export function show(value: unknown): string {
  return typeof value === "bigint" ? String(value) : JSON.stringify(value) ?? String(value);
}
