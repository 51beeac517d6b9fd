/**
 * `bcrypt`: a password hash by `bcryptjs`, written with Go's `$2a$` prefix (the same algorithm
 * for passwords of up to 72 bytes, which is all bcrypt reads). A module of its own so that the
 * npm package loads only where `bcrypt` is used: the on-demand library (`on_demand.ts`) loads
 * it when an expression calls `bcrypt`, not for `sha256`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { bcryptFunctions } from "./bcrypt.ts";
 *
 * const hash = bcryptFunctions.bcrypt.call([cty.string("secret"), cty.number(4)]).asString();
 * assert.match(hash, /^\$2a\$04\$[./A-Za-z0-9]{53}$/);
 * ```
 *
 * @module
 */

import bcryptjs from "bcryptjs";
import { cty, type CtyFunction, FunctionCallError, type Value } from "../evaluation.ts";
import { makeFunction } from "./make_function.ts";

function bcrypt(args: readonly Value[]) {
  let cost = 10;
  if (args.length > 1) {
    const c = args[1].asNumber();
    if (typeof c !== "number" || !Number.isInteger(c)) {
      throw new FunctionCallError(
        "value must be a whole number, between -9223372036854775808 and 9223372036854775807",
      );
    }
    cost = c;
  }
  if (args.length > 2) throw new FunctionCallError("bcrypt() takes no more than two arguments");
  const input = args[0].asString();
  if (cost < 4) cost = 10; // Go's bcrypt takes a cost below the minimum as "the default"
  if (cost > 31) {
    throw new FunctionCallError(
      `error occured generating password crypto/bcrypt: cost ${cost} is outside allowed range (4,31)`,
    );
  }
  if (new TextEncoder().encode(input).length > 72) {
    throw new FunctionCallError(
      "error occured generating password bcrypt: password length exceeds 72 bytes",
    );
  }
  const hash = bcryptjs.hashSync(input, bcryptjs.genSaltSync(cost));
  return cty.string(hash.replace(/^\$2b\$/, "$2a$"));
}

/** `bcrypt` by name. */
export const bcryptFunctions: Readonly<Record<string, CtyFunction>> = {
  bcrypt: makeFunction({
    params: [{ name: "str", type: cty.String }],
    varParam: { name: "cost", type: cty.Number },
    returnType: cty.String,
    refineNotNull: true,
    impl: bcrypt,
  }),
};
