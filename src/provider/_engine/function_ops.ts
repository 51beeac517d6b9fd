/**
 * Serving provider-defined functions: their tfplugin6 `Function` signature
 * and CallFunction (decode each argument against its parameter type, check
 * arity, null and unknown rules, run the author's code, encode the result).
 * Every failure is a `FunctionError` answer, never an exception.
 *
 * @module
 */

import { isFoundryError, toError } from "../../errors/mod.ts";
import type { Logger } from "../../logging/mod.ts";
import { typeToJSON } from "../../cty/core.ts";
import type { Value } from "../../cty/mod.ts";
import { unknownOf } from "./cty_build.ts";
import { DiagnosticError } from "../diagnostic_error.ts";
import { decodeDynamicValue, encodeDynamicValue } from "./dynamic_value.ts";
import { FunctionError, type FunctionParameter, type ProviderFunction } from "../function.ts";
import { fromPlain, toPlain } from "./plain_values.ts";
import type { DynamicValue } from "./dynamic_value.ts";
import type { WireStringKind } from "./schema_wire.ts";

const UTF8 = new TextEncoder();

/**
 * tfplugin6 `Function.Parameter`.
 */
export interface WireFunctionParameter {
  /** Parameter name. */
  name: string;
  /** cty type JSON. */
  type: Uint8Array;
  /** Null accepted. */
  allowNullValue: boolean;
  /** Unknown accepted. */
  allowUnknownValues: boolean;
  /** Description text. */
  description: string;
  /** Kind of `description`. */
  descriptionKind: WireStringKind;
}

/**
 * tfplugin6 `Function`.
 */
export interface WireFunction {
  /** Declared parameters. */
  parameters: WireFunctionParameter[];
  /** The variadic parameter, if any. */
  variadicParameter?: WireFunctionParameter;
  /** Return type. */
  return: { type: Uint8Array };
  /** Summary. */
  summary: string;
  /** Description. */
  description: string;
  /** Kind of `description`. */
  descriptionKind: WireStringKind;
  /** Deprecation message ("" when not deprecated). */
  deprecationMessage: string;
}

function describe(d: { description?: string; markdownDescription?: string }) {
  if (d.markdownDescription !== undefined) {
    return { description: d.markdownDescription, descriptionKind: 1 as const };
  }
  return { description: d.description ?? "", descriptionKind: 0 as const };
}

function parameterToWire(p: FunctionParameter): WireFunctionParameter {
  return {
    name: p.name,
    type: UTF8.encode(typeToJSON(p.type.type)),
    allowNullValue: p.allowNull === true,
    allowUnknownValues: p.allowUnknown === true,
    ...describe(p),
  };
}

/**
 * The function's signature as GetFunctions and GetProviderSchema send it.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { functionToWire } from "./mod.ts";
 * import { defineFunction, s } from "../mod.ts";
 * const wire = functionToWire(defineFunction({
 *   name: "n", summary: "A number", parameters: [], returns: s.number(), run: () => 1,
 * }));
 * assert.equal(new TextDecoder().decode(wire.return.type), '"number"');
 * ```
 */
export function functionToWire(fn: ProviderFunction): WireFunction {
  const d = fn.definition;
  const out: WireFunction = {
    parameters: d.parameters.map(parameterToWire),
    return: { type: UTF8.encode(typeToJSON(d.returns.type)) },
    summary: d.summary ?? "",
    ...describe(d),
    deprecationMessage: d.deprecated ?? "",
  };
  if (d.variadicParameter !== undefined) {
    out.variadicParameter = parameterToWire(d.variadicParameter);
  }
  return out;
}

/**
 * CallFunction's answer: a result, or an error (with the argument blamed).
 */
export interface CallFunctionResponse {
  /** The result, encoded with the return type. */
  result?: DynamicValue;
  /** Why the call failed. */
  error?: { text: string; functionArgument?: number };
}

function fail(text: string, argument?: number): CallFunctionResponse {
  return { error: argument === undefined ? { text } : { text, functionArgument: argument } };
}

function arityText(fn: ProviderFunction, got: number): string {
  const n = fn.definition.parameters.length;
  const variadic = fn.definition.variadicParameter !== undefined;
  const want = variadic ? `at least ${n}` : `${n}`;
  return `function "${fn.name}" takes ${want} argument${
    n === 1 && !variadic ? "" : "s"
  }, got ${got}`;
}

/**
 * Calls `fn` with Terraform's encoded arguments.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { callProviderFunction, encodeDynamicValue } from "./mod.ts";
 * import { defineFunction, s } from "../mod.ts";
 * import { createLogger } from "@foundry/foundry/logging";
 * import { cty } from "@foundry/foundry/cty";
 * const upper = defineFunction({
 *   name: "upper", parameters: [{ name: "s", type: s.string() }], returns: s.string(),
 *   run: ({ args: [x] }) => x.toUpperCase(),
 * });
 * const r = await callProviderFunction(upper, [encodeDynamicValue(cty.string("a"), cty.String)], {
 *   signal: new AbortController().signal, log: createLogger({ level: "off" }),
 * });
 * assert.equal(r.error, undefined);
 * assert.notEqual(r.result, undefined);
 * ```
 */
export async function callProviderFunction(
  fn: ProviderFunction,
  encodedArgs: readonly (DynamicValue | undefined)[],
  env: { signal: AbortSignal; log: Logger },
): Promise<CallFunctionResponse> {
  const d = fn.definition;
  const params = d.parameters;
  const variadic = d.variadicParameter;
  const count = encodedArgs.length;
  if (count < params.length || (variadic === undefined && count > params.length)) {
    return fail(arityText(fn, count));
  }
  const values: Value[] = [];
  let anyUnknown = false;
  for (let i = 0; i < count; i++) {
    const p = i < params.length ? params[i] : variadic!;
    let v: Value;
    try {
      v = decodeDynamicValue(encodedArgs[i], p.type.type, `argument ${i + 1} ("${p.name}")`);
    } catch (e) {
      return fail(toError(e).message, i);
    }
    if (v.isNull && p.allowNull !== true) {
      return fail(`argument "${p.name}" must not be null`, i);
    }
    if (!v.isWhollyKnown()) {
      // Terraform resolves calls with unknown arguments itself unless the
      // parameter accepts them; answer the same "known after apply".
      if (p.allowUnknown !== true) anyUnknown = true;
    }
    values.push(v);
  }
  const returnType = d.returns.type;
  if (anyUnknown) return { result: encodeDynamicValue(unknownOf(returnType), returnType) };

  const plain = values.map((v, i) => toPlain(v, (i < params.length ? params[i] : variadic!).type));
  let out: unknown;
  try {
    out = await d.run({
      args: plain.slice(0, params.length) as never,
      rest: plain.slice(params.length) as never,
      signal: env.signal,
      log: env.log.child(fn.name),
      name: fn.name,
    });
  } catch (e) {
    if (e instanceof FunctionError) {
      const arg = e.argument;
      const valid = arg !== undefined && Number.isInteger(arg) && arg >= 0 && arg < count;
      return fail(e.message, valid ? arg : undefined);
    }
    if (e instanceof DiagnosticError) {
      return fail(
        e.diagnostics.map((x) => x.detail ? `${x.summary}: ${x.detail}` : x.summary).join("; "),
      );
    }
    const err = toError(e);
    env.log.error("function failed", { function: fn.name, error: err });
    return fail(`function "${fn.name}" failed: ${err.name}: ${err.message}`);
  }
  let result: Value;
  try {
    result = fromPlain(out, returnType);
  } catch (e) {
    if (!isFoundryError(e)) throw e;
    return fail(`function "${fn.name}" returned an invalid result: ${e.message}`);
  }
  return { result: encodeDynamicValue(result, returnType) };
}
