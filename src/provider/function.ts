/**
 * Provider-defined functions: `defineFunction` and the `FunctionError` an
 * author throws to blame one argument. Terraform calls them as
 * `provider::<provider>::<name>(...)` (Terraform 1.8 and later) on a provider
 * that may not be configured, so a function sees no client: it is a pure
 * computation of its arguments.
 *
 * Parameter and return types reuse the schema builder's attribute builders
 * without flags (`s.string()`, `s.list(s.number())`, `s.dynamic()`); the
 * argument tuple the author's `run` receives is inferred from them. A provider
 * lists its functions as an array of named functions or as an object keyed by
 * name (`functions: { repeat: defineFunction({ ... }) }`, `name` left out).
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineFunction, defineProvider, FunctionError, s } from "@foundry/foundry/provider";
 *
 * const repeat = defineFunction({
 *   name: "repeat",
 *   summary: "Repeats a string",
 *   parameters: [
 *     { name: "text", type: s.string() },
 *     { name: "times", type: s.number(), description: "How many copies, 0 to 100." },
 *   ],
 *   returns: s.string(),
 *   run: ({ args: [text, times] }) => {
 *     if (!Number.isInteger(times) || times < 0 || times > 100) {
 *       throw new FunctionError("must be a whole number from 0 to 100", { argument: 1 });
 *     }
 *     return text.repeat(times);
 *   },
 * });
 * const provider = defineProvider({ typeName: "example", functions: [repeat] });
 * assert.ok(provider.functions.has("repeat"));
 * ```
 *
 * @module
 */

import { type NoUnknownKeys, refuseUnknownKeys } from "./option_check.ts";
import { FUNCTION_KEYS } from "./option_keys.ts";
import type { Logger } from "../logging/mod.ts";
import type { MaybePromise } from "./context.ts";
import type { AttributeDef, Mode } from "./schema_types.ts";
import type { Unknown } from "./unknown.ts";

/** Any attribute definition usable as a parameter or return type. */
type TypeDef = AttributeDef<unknown, Mode>;

/**
 * One parameter of a provider-defined function.
 */
export interface FunctionParameter<D extends TypeDef = TypeDef> {
  /** Name shown in Terraform's messages ("Invalid value for "cidr" parameter"). */
  readonly name: string;
  /** The parameter's type, from the schema builder without flags: `s.string()`. */
  readonly type: D;
  /** Accept null (the argument then arrives as `null`); default false. */
  readonly allowNull?: boolean;
  /**
   * Accept values not known yet (they arrive as the `unknown` sentinel);
   * default false, and Terraform then answers "known after apply" itself
   * without calling the function.
   */
  readonly allowUnknown?: boolean;
  /** Plain-text description. */
  readonly description?: string;
  /** Markdown description; wins over `description` on the wire. */
  readonly markdownDescription?: string;
}

/**
 * The plain value a parameter delivers to `run`.
 */
export type ArgumentValue<P> = P extends { readonly type: AttributeDef<infer V, Mode> } ?
    | V
    | (P extends { readonly allowNull: true } ? null : never)
    | (P extends { readonly allowUnknown: true } ? Unknown : never)
  : never;

/**
 * The argument tuple of a parameter list.
 */
export type Arguments<Ps extends readonly FunctionParameter[]> = {
  -readonly [K in keyof Ps]: ArgumentValue<Ps[K]>;
};

/**
 * What a function's `run` receives.
 */
export interface FunctionCall<A extends readonly unknown[], R> {
  /** The arguments for the declared parameters, in order. */
  readonly args: A;
  /** The arguments for the variadic parameter (empty when there is none). */
  readonly rest: R[];
  /** Aborted when Terraform asks the provider to stop. */
  readonly signal: AbortSignal;
  /** Logger named after the function. */
  readonly log: Logger;
  /** The function's name. */
  readonly name: string;
}

/**
 * A provider-defined function as the author writes it.
 */
export interface FunctionDefinition<
  Ps extends readonly FunctionParameter[],
  R extends TypeDef,
  Vp extends FunctionParameter | undefined,
> {
  /**
   * The name after `provider::<provider>::`; letters, digits and underscores.
   * Required when the provider lists functions in an array; with
   * `functions: { slugify: fn }` the key names it.
   */
  readonly name?: string;
  /** One-line summary (Terraform shows it in `terraform providers schema`). */
  readonly summary?: string;
  /** Plain-text description. */
  readonly description?: string;
  /** Markdown description; wins over `description` on the wire. */
  readonly markdownDescription?: string;
  /** Deprecation message; Terraform warns when the function is called. */
  readonly deprecated?: string;
  /** The parameters, in call order. */
  readonly parameters: Ps;
  /** A last parameter taking any number of arguments (zero or more). */
  readonly variadicParameter?: Vp;
  /** The return type, from the schema builder without flags. */
  readonly returns: R;
  /**
   * Computes the result. Throw {@link FunctionError} (with `argument` to
   * blame one) for a clear message; any other exception becomes a function
   * error naming the function.
   */
  run(
    call: FunctionCall<Arguments<Ps>, ArgumentValue<Vp>>,
  ): MaybePromise<(R extends AttributeDef<infer V, Mode> ? V : never) | Unknown>;
}

/**
 * A defined function: what `defineFunction` returns and `defineProvider` takes.
 */
export interface ProviderFunction {
  /** Discriminant. */
  readonly kind: "function";
  /** The function name ("" until `defineProvider` names it by its key). */
  readonly name: string;
  /** The definition, erased. */
  readonly definition: FunctionDefinition<
    readonly FunctionParameter[],
    TypeDef,
    FunctionParameter | undefined
  >;
}

/**
 * Defines a provider-defined function. The parameter list is inferred as a
 * tuple, so `run`'s `args` are typed one by one.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineFunction, defineProvider, s } from "@foundry/foundry/provider";
 * import { ProviderClient } from "@foundry/foundry/testing";
 * const sum = defineFunction({
 *   name: "sum",
 *   summary: "Adds numbers",
 *   parameters: [],
 *   variadicParameter: { name: "numbers", type: s.number() },
 *   returns: s.number(),
 *   run: ({ rest }) => rest.reduce((a, b) => a + b, 0),
 * });
 * const client = new ProviderClient(defineProvider({ typeName: "example", functions: [sum] }));
 * const r = await client.callFunction("sum", 1, 2, 3);
 * assert.equal(r.error, undefined);
 * assert.equal(r.plain, 6);
 * ```
 */
export function defineFunction<
  const Ps extends readonly FunctionParameter[],
  R extends TypeDef,
  const Vp extends FunctionParameter | undefined = undefined,
>(
  definition: FunctionDefinition<Ps, R, Vp> & {
    // The tuple escapes excess-property checks: a misspelt parameter option must not compile.
    readonly parameters: { readonly [I in keyof Ps]: NoUnknownKeys<Ps[I], FunctionParameter> };
    readonly variadicParameter?: NoUnknownKeys<Vp, FunctionParameter>;
  },
): ProviderFunction {
  refuseUnknownKeys(
    definition,
    FUNCTION_KEYS,
    `function \`${definition.name ?? "(named by its key)"}\``,
  );
  return {
    kind: "function",
    name: definition.name ?? "",
    definition: definition as unknown as ProviderFunction["definition"],
  };
}

/**
 * The error a function throws to fail with a message Terraform shows as is;
 * with `argument` (0-based, counting variadic arguments after the declared
 * ones) Terraform points at that argument: `Invalid value for "cidr"
 * parameter: <message>`.
 */
export class FunctionError extends Error {
  /** The argument blamed, if any (0-based). */
  readonly argument: number | undefined;

  constructor(message: string, options: { argument?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "FunctionError";
    this.argument = options.argument;
  }
}
