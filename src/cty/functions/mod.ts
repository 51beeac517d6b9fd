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

import {
  type CtyFunction,
  type CtyParameter,
  FunctionCallError,
  type Type,
  type Value,
} from "../mod.ts";
import { DESCRIPTIONS } from "./descriptions.ts";
import { describeCallError } from "./make_function.ts";
import { collectionFunctions } from "./collection.ts";
import { conversionFunctions } from "./conversion.ts";
import { cryptoFunctions } from "./crypto.ts";
import { csvFunctions } from "./csv.ts";
import { datetimeFunctions } from "./datetime.ts";
import { encodingFunctions } from "./encoding.ts";
import { filesystemFunctions, type FilesystemOptions } from "./filesystem.ts";
import { formatFunctions } from "./format.ts";
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

function library(
  ...families: Readonly<Record<string, CtyFunction>>[]
): Readonly<Record<string, CtyFunction>> {
  const out: Record<string, CtyFunction> = Object.create(null);
  for (const family of families) {
    for (const [name, fn] of Object.entries(family)) out[name] = new Described(name, fn);
  }
  return Object.freeze(out);
}

const PURE = [
  numericFunctions,
  stringFunctions,
  formatFunctions,
  collectionFunctions,
  conversionFunctions,
  encodingFunctions,
  cryptoFunctions,
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
  return library(...PURE, filesystemFunctions(options));
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
