/**
 * The shape of a function over cty values, shared by the function library
 * (`src/cty/functions/`), HCL evaluation and providers: parameters with
 * go-cty's permission flags, an optional variadic parameter, a result type
 * computed from the arguments, and a call with Terraform's semantics.
 *
 * A caller hands `call` the arguments as evaluated (not yet converted); the
 * function converts them to its parameter types, answers unknown or null
 * arguments the way go-cty does for parameters that do not accept them, and
 * carries the arguments' marks to the result. Problems with one argument are
 * thrown as a {@link FunctionCallError} naming it, so HCL can point at that
 * argument ("Invalid value for "str" parameter: ...").
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import type { Type } from "./type.ts";
import type { Value } from "./value.ts";

/** One parameter of a {@link CtyFunction} (go-cty `function.Parameter`). */
export interface CtyParameter {
  /** The name used in error messages (`str`, `list`). */
  readonly name: string;
  /** The type arguments are converted to; the dynamic type accepts any. */
  readonly type: Type;
  /** Null arguments reach the implementation; otherwise they are an error. */
  readonly allowNull?: boolean;
  /** Unknown arguments reach the implementation; otherwise the result is unknown. */
  readonly allowUnknown?: boolean;
  /** Arguments of the dynamic pseudo-type (an unknown of unknown type) reach the implementation. */
  readonly allowDynamicType?: boolean;
  /** Marked arguments reach the implementation with their marks; otherwise marks are moved to the result. */
  readonly allowMarked?: boolean;
  /** What the parameter is for. */
  readonly description?: string;
}

/** A function over cty values (go-cty `function.Function`). */
export interface CtyFunction {
  /** What the function does, in a sentence. */
  readonly description?: string;
  /** The fixed parameters, in order. */
  readonly params: readonly CtyParameter[];
  /** The parameter that takes any further arguments, when the function is variadic. */
  readonly varParam?: CtyParameter;
  /**
   * The result type for these arguments (values, so that known arguments can
   * decide it, as go-cty's `ReturnTypeForValues` does). Throws
   * {@link FunctionCallError} for arguments the function cannot take.
   */
  returnTypeFor(args: readonly Value[]): Type;
  /** Calls the function with Terraform's semantics. Throws {@link FunctionCallError}. */
  call(args: readonly Value[]): Value;
}

/**
 * A function call that failed: with `argument`, the index of the argument at
 * fault (variadic arguments count on from the fixed ones).
 *
 * @example Failing at an argument
 * ```ts
 * import assert from "node:assert/strict";
 * import { FunctionCallError } from "./function.ts";
 *
 * const err = new FunctionCallError("must not be empty", { argument: 1 });
 * assert.equal(err.argument, 1);
 * assert.equal(err.code, "cty.function.argument");
 * ```
 */
export class FunctionCallError extends FoundryError {
  /** The index of the argument at fault, when one is. */
  readonly argument: number | undefined;

  constructor(message: string, options: { argument?: number; cause?: unknown } = {}) {
    super(
      options.argument === undefined ? "cty.function.call" : "cty.function.argument",
      message,
      {
        context: options.argument === undefined ? {} : { argument: options.argument },
        cause: options.cause,
      },
    );
    this.name = "FunctionCallError";
    this.argument = options.argument;
  }
}
