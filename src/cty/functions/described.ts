/**
 * The library's functions as they are offered: each family's function with Terraform's
 * descriptions (function and parameters) attached. Both the complete map (`mod.ts`) and the
 * on-demand loader (`on_demand.ts`) build their functions here, so the two give the same
 * signatures and texts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stringFunctions } from "./string.ts";
 * import { describedLibrary } from "./described.ts";
 *
 * const { join } = describedLibrary(stringFunctions);
 * assert.match(join.description ?? "", /concatenating/);
 * assert.equal(join.params[0].description, "Delimiter to insert between the given strings.");
 * ```
 *
 * @module
 */

import type { CtyFunction, CtyParameter, Type, Value } from "../evaluation.ts";
import { DESCRIPTIONS } from "./descriptions.ts";

/** A library function with Terraform's descriptions attached. */
class Described implements CtyFunction {
  readonly description?: string;
  readonly params: readonly CtyParameter[];
  readonly varParam?: CtyParameter;
  // The inner function's own methods, bound: a shared `call(args) { inner.call(args) }` would
  // be one call site for every library function, which the engine cannot specialise (it cost
  // `format` a fifth of its time in a program that also calls other functions).
  readonly returnTypeFor: (args: readonly Value[]) => Type;
  readonly call: (args: readonly Value[]) => Value;

  constructor(name: string, inner: CtyFunction) {
    const d = DESCRIPTIONS[name];
    const withDesc = (p: CtyParameter): CtyParameter => {
      const text = d?.p?.[p.name];
      return text === undefined ? p : { ...p, description: text };
    };
    this.description = d?.d ?? inner.description;
    this.params = inner.params.map(withDesc);
    this.varParam = inner.varParam && withDesc(inner.varParam);
    this.returnTypeFor = inner.returnTypeFor.bind(inner);
    this.call = inner.call.bind(inner);
  }
}

/**
 * The functions of `families`, each with its descriptions, in one frozen map without a
 * prototype (a later family's name wins).
 */
export function describedLibrary(
  ...families: Readonly<Record<string, CtyFunction>>[]
): Readonly<Record<string, CtyFunction>> {
  const out: Record<string, CtyFunction> = Object.create(null);
  for (const family of families) {
    for (const [name, fn] of Object.entries(family)) out[name] = new Described(name, fn);
  }
  return Object.freeze(out);
}
