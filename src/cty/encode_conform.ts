/**
 * What go-cty's `msgpack.Marshal` and `json.Marshal` do before writing: a
 * value whose type does not conform to the type asked for is first converted
 * to it (so an object without an optional attribute gains it as null, a
 * number asked for as a string is written as its text), and a value that
 * cannot be converted is refused, a null or unknown included.
 *
 * Conversion (`convert.ts` with unification: ten modules) is not imported
 * here but installed by `convert.ts` when it loads, so that `core.ts`, which
 * every provider launch loads, stays without it: a provider's values already
 * have their schema's types, so a launch loads conversion
 * ({@link loadConversion}) only for a value that needs it (the provider
 * engine then finishes that encoding before answering: see its
 * `dynamic_value.ts`).
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import { conformsTo } from "./equals.ts";
import type { Type } from "./type.ts";
import type { Value } from "./value.ts";

let convertTo: ((value: Value, type: Type) => Value) | undefined;
let loading: Promise<void> | undefined;

/**
 * Makes `convert` the conversion encoders use for a non-conforming value.
 * `convert.ts` calls it as it loads; nothing else needs to.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * import { convert } from "./convert.ts";
 * import { conformForEncoding, installConversion } from "./encode_conform.ts";
 * installConversion(convert); // what loading convert.ts already did
 * assert.equal(conformForEncoding(cty.True, cty.String, "cty.json").asString(), "true");
 * ```
 */
export function installConversion(convert: (value: Value, type: Type) => Value): void {
  convertTo = convert;
}

/**
 * Loads conversion if it is not loaded yet; resolves once encoders can
 * convert. Calling it again returns the same promise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * import { conformForEncoding, loadConversion } from "./encode_conform.ts";
 * await loadConversion();
 * assert.equal(conformForEncoding(cty.number(2), cty.String, "cty.json").asString(), "2");
 * ```
 */
export function loadConversion(): Promise<void> {
  if (convertTo !== undefined) return Promise.resolve();
  loading ??= import("./convert.ts").then((m) => installConversion(m.convert));
  return loading;
}

/**
 * `value` itself when its type conforms to `type` (the common case: one
 * identity check), else `value` converted to `type`; a conversion failure is
 * thrown as `<codec>.wrong_type` carrying the conversion's message. Throws
 * `cty.conversion_not_loaded` when a conversion is needed before
 * {@link loadConversion} (or an import of `convert.ts` or `mod.ts`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * import { conformForEncoding } from "./encode_conform.ts";
 * assert.equal(conformForEncoding(cty.number(1.5), cty.String, "cty.json").asString(), "1.5");
 * ```
 */
export function conformForEncoding(value: Value, type: Type, codec: string): Value {
  if (value.type === type || conformsTo(value.type, type)) return value;
  if (convertTo === undefined) {
    throw new FoundryError(
      "cty.conversion_not_loaded",
      `${codec}: the value must be converted to the type asked for, and conversion is not ` +
        `loaded yet; await loadConversion() from cty/core.ts first, or import cty/mod.ts`,
    );
  }
  try {
    return convertTo(value, type);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new FoundryError(`${codec}.wrong_type`, `value does not conform to the type: ${why}`, {
      cause: e,
    });
  }
}
