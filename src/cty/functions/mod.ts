/**
 * Terraform's function library on cty values: every function `terraform console` 1.11.4
 * offers that is implemented here, with Terraform's parameter names, descriptions, types,
 * conversions, null/unknown/sensitive handling and error messages. HCL evaluation and
 * providers use {@link functions} (name -> {@link CtyFunction}); {@link callFunction} calls one
 * by name and reports failures in Terraform's words.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "@foundry/foundry/cty";
 * import { callFunction } from "@foundry/foundry/functions";
 *
 * assert.equal(callFunction("max", [cty.number(1), cty.string("12")]).asNumber(), 12);
 * assert.throws(
 *   () => callFunction("abs", [cty.string("x")]),
 *   { message: 'Invalid value for "num" parameter: a number is required.' },
 * );
 * ```
 *
 * @module
 */

import { type CtyFunction, FunctionCallError, type Value } from "../mod.ts";
import { bcryptFunctions } from "./bcrypt.ts";
import { describedLibrary } from "./described.ts";
import { describeCallError } from "./make_function.ts";
import { collectionFunctions } from "./collection.ts";
import { conversionFunctions } from "./conversion.ts";
import { cryptoFunctions } from "./crypto.ts";
import { csvFunctions } from "./csv.ts";
import { datetimeFunctions } from "./datetime.ts";
import { encodingFunctions } from "./encoding.ts";
import { filesystemFunctions, type FilesystemOptions } from "./filesystem.ts";
import { formatFunctions } from "./format.ts";
import { gzipFunctions } from "./gzip.ts";
import { networkFunctions } from "./network.ts";
import { numericFunctions } from "./numeric.ts";
import { stringFunctions } from "./string.ts";
import { textEncodingFunctions } from "./text_encoding.ts";
import { yamlFunctions } from "./yaml.ts";

export { convertArgument } from "./convert_message.ts";
export {
  type CallErrorDescription,
  describeCallError,
  type FunctionSpec,
  makeFunction,
} from "./make_function.ts";

const PURE = [
  numericFunctions,
  stringFunctions,
  formatFunctions,
  collectionFunctions,
  conversionFunctions,
  encodingFunctions,
  gzipFunctions,
  cryptoFunctions,
  bcryptFunctions,
  networkFunctions,
  datetimeFunctions,
  csvFunctions,
  textEncodingFunctions,
  yamlFunctions,
] as const;

/**
 * Every function, with the filesystem ones reading relative to `baseDir` (Terraform's module
 * directory). Unknown option keys are refused.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { terraformFunctions } from "./mod.ts";
 *
 * const fns = terraformFunctions({ baseDir: "/srv/module" });
 * assert.equal(fns.fileexists.call([cty.string("missing.tf")]).asBool(), false);
 * assert.equal(fns.upper.call([cty.string("a")]).asString(), "A");
 * ```
 */
export function terraformFunctions(
  options: FilesystemOptions,
): Readonly<Record<string, CtyFunction>> {
  return describedLibrary(...PURE, filesystemFunctions(options));
}

/**
 * The function library by name (Terraform's names, without the `core::` prefix); filesystem
 * functions read relative to the process's working directory (see {@link terraformFunctions}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { functions } from "./mod.ts";
 *
 * assert.deepEqual(functions.pow.params.map((p) => p.name), ["num", "power"]);
 * ```
 */
export const functions: Readonly<Record<string, CtyFunction>> = terraformFunctions({
  baseDir: ".",
});

/**
 * Calls a library function by name (`core::` prefix allowed). Failures are thrown as
 * {@link FunctionCallError} with Terraform's detail text as the message
 * (`Invalid value for "num" parameter: a number is required.`) and the argument's index.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { callFunction } from "./mod.ts";
 *
 * assert.equal(callFunction("pow", [cty.number(2), cty.number(10)]).asNumber(), 1024);
 * ```
 */
export function callFunction(name: string, args: readonly Value[]): Value {
  const bare = name.startsWith("core::") ? name.slice(6) : name;
  const fn = Object.hasOwn(functions, bare) ? functions[bare] : undefined;
  if (fn === undefined) {
    throw new FunctionCallError(`There is no function named ${JSON.stringify(name)}.`);
  }
  try {
    return fn.call(args);
  } catch (e) {
    if (!(e instanceof FunctionCallError)) throw e;
    const d = describeCallError(bare, fn, args.length, e);
    throw new FunctionCallError(d.detail, { argument: e.argument, cause: e });
  }
}
