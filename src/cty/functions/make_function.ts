/**
 * `makeFunction`: builds a {@link CtyFunction} from a spec with go-cty 1.16's `Function.Call`
 * semantics, plus the argument conversion HCL performs before every call:
 *
 * 1. arity (`wrong number of arguments (1 required; 2 given)`);
 * 2. each argument converted to its parameter's type, with go-cty's messages
 *    (`a number is required`, `list of string required`);
 * 3. a null argument is refused (`argument must not be null`) unless `allowNull`;
 * 4. an argument of the dynamic pseudo-type (an unknown or null of unknown type) makes the
 *    result an unknown of unknown type unless `allowDynamicType`;
 * 5. marks are removed, deeply, from each argument whose parameter does not `allowMarked`, and
 *    put on the result;
 * 6. an unknown argument (the value itself, not something inside it) makes the result an
 *    unknown of the return type unless `allowUnknown`;
 * 7. the result of a function marked `refineNotNull` is refined as not null when unknown
 *    (go-cty's `RefineResult`);
 * 8. an exception from the implementation becomes a {@link FunctionCallError}.
 *
 * Errors carry go-cty's bare message; `argument` names the argument at fault. Terraform's full
 * wording (`Invalid value for "num" parameter: a number is required.`) comes from
 * {@link describeCallError}.
 *
 * @example A function with one string parameter
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { makeFunction } from "./make_function.ts";
 *
 * const upper = makeFunction({
 *   params: [{ name: "str", type: cty.String }],
 *   returnType: cty.String,
 *   refineNotNull: true,
 *   impl: ([s]) => cty.string(s.asString().toUpperCase()),
 * });
 * assert.equal(upper.call([cty.string("a")]).asString(), "A");
 * assert.equal(upper.call([cty.number(1)]).asString(), "1"); // converted first
 * const u = upper.call([cty.unknown(cty.String).mark("sensitive")]);
 * assert.ok(!u.isKnown && u.refinements?.notNull && u.hasMark("sensitive"));
 * ```
 *
 * @module
 */

import {
  cty,
  type CtyFunction,
  type CtyParameter,
  FunctionCallError,
  type Type,
  type Value,
} from "../evaluation.ts";
import { convertArgument } from "./convert_message.ts";

/** What {@link makeFunction} builds a function from. */
export interface FunctionSpec {
  /** What the function does (Terraform's description). */
  readonly description?: string;
  /** The fixed parameters. */
  readonly params: readonly CtyParameter[];
  /** The variadic parameter, if any. */
  readonly varParam?: CtyParameter;
  /** The return type, fixed (give `returnType`) or computed from the converted arguments (`type`). */
  readonly returnType?: Type;
  /** Computes the return type from the (converted, unmarked) arguments; may throw {@link FunctionCallError}. */
  readonly type?: (args: readonly Value[]) => Type;
  /** The result is never null: an unknown result is refined as not null. */
  readonly refineNotNull?: boolean;
  /** The implementation: gets converted arguments (unmarked unless allowed) and the return type. */
  readonly impl: (args: readonly Value[], returnType: Type) => Value;
}

const SPEC_KEYS = new Set([
  "description",
  "params",
  "varParam",
  "returnType",
  "type",
  "refineNotNull",
  "impl",
]);
const PARAM_KEYS = new Set([
  "name",
  "type",
  "allowNull",
  "allowUnknown",
  "allowDynamicType",
  "allowMarked",
  "description",
]);

function checkKeys(obj: object, allowed: ReadonlySet<string>, what: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.has(k)) {
      throw new TypeError(`${what}: unknown option "${k}" (allowed: ${[...allowed].join(", ")})`);
    }
  }
}

/** Marker for "an argument's type is not known yet" from the type step. */
const DYNAMIC_ARGS = Symbol("dynamic arguments");

class BuiltFunction implements CtyFunction {
  readonly description?: string;
  readonly params: readonly CtyParameter[];
  readonly varParam?: CtyParameter;
  readonly #spec: FunctionSpec;
  readonly #fixed: number;

  constructor(spec: FunctionSpec) {
    this.#spec = spec;
    this.description = spec.description;
    this.params = spec.params;
    this.varParam = spec.varParam;
    this.#fixed = spec.params.length;
  }

  #checkArity(n: number): void {
    const want = this.#fixed;
    if (this.varParam === undefined && n !== want) {
      throw new FunctionCallError(`wrong number of arguments (${want} required; ${n} given)`);
    }
    if (n < want) {
      throw new FunctionCallError(
        `wrong number of arguments (at least ${want} required; ${n} given)`,
      );
    }
  }

  /** HCL's conversion of each argument to its parameter's type; `args` itself when none changes. */
  #convert(args: readonly Value[]): readonly Value[] {
    let out: Value[] | null = null;
    for (let i = 0; i < args.length; i++) {
      const p = i < this.#fixed ? this.params[i] : this.varParam!;
      const v = args[i];
      const t = p.type;
      if (t.kind === "dynamic" || v.type === t) continue;
      let c: Value;
      try {
        c = convertArgument(v, t);
      } catch (e) {
        throw new FunctionCallError((e as Error).message, { argument: i, cause: e });
      }
      if (c !== v) (out ??= args.slice())[i] = c;
    }
    return out ?? args;
  }

  /** go-cty `returnTypeForValues` on converted arguments. */
  #returnType(args: readonly Value[]): Type | typeof DYNAMIC_ARGS {
    let forType: Value[] | null = null;
    for (let i = 0; i < args.length; i++) {
      const p = i < this.#fixed ? this.params[i] : this.varParam!;
      const v = args[i];
      if (!p.allowMarked && v.containsMarked()) {
        (forType ??= args.slice())[i] = v.unmarkDeep().value;
      }
      if (v.raw === null && !p.allowNull) {
        throw new FunctionCallError("argument must not be null", { argument: i });
      }
      if (v.type.kind === "dynamic" && !p.allowDynamicType) return DYNAMIC_ARGS;
    }
    const spec = this.#spec;
    if (spec.returnType !== undefined) return spec.returnType;
    try {
      return spec.type!(forType ?? args);
    } catch (e) {
      throw asCallError(e);
    }
  }

  returnTypeFor(args: readonly Value[]): Type {
    this.#checkArity(args.length);
    const t = this.#returnType(this.#convert(args));
    return t === DYNAMIC_ARGS ? cty.Dynamic : t;
  }

  call(args: readonly Value[]): Value {
    this.#checkArity(args.length);
    let converted = this.#convert(args);
    const rt = this.#returnType(converted);
    const dynamic = rt === DYNAMIC_ARGS;
    const type = dynamic ? cty.Dynamic : rt;
    let returnUnknown = dynamic;
    let marks: Set<string> | null = null;
    let copied = false;
    for (let i = 0; i < converted.length; i++) {
      const p = i < this.#fixed ? this.params[i] : this.varParam!;
      const v = converted[i];
      if (!p.allowMarked && v.containsMarked()) {
        const u = v.unmarkDeep();
        if (!copied) {
          converted = converted.slice();
          copied = true;
        }
        (converted as Value[])[i] = u.value;
        marks ??= new Set();
        for (const m of u.marks) marks.add(m);
      }
      if (!v.isKnown && !p.allowUnknown) returnUnknown = true;
    }
    const refine = this.#spec.refineNotNull === true && !dynamic;
    let result: Value;
    if (returnUnknown) {
      result = cty.unknown(type, refine ? { notNull: true } : {});
    } else {
      try {
        result = this.#spec.impl(converted, type);
      } catch (e) {
        throw asCallError(e);
      }
      if (
        refine && !result.isKnown && result.type.kind !== "dynamic" && !result.refinements?.notNull
      ) {
        result = cty.unknown(result.type, { ...result.refinements, notNull: true }).withMarks(
          result.marks ?? [],
        );
      }
    }
    return marks === null ? result : result.withMarks(marks);
  }
}

function asCallError(e: unknown): FunctionCallError {
  if (e instanceof FunctionCallError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new FunctionCallError(msg, { cause: e });
}

/**
 * Builds a {@link CtyFunction} with go-cty's call semantics (see the module documentation).
 * Unknown spec or parameter keys are refused.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { makeFunction } from "./make_function.ts";
 *
 * const len = makeFunction({
 *   params: [{ name: "str", type: cty.String }],
 *   returnType: cty.Number,
 *   impl: ([s]) => cty.number(s.asString().length),
 * });
 * assert.equal(len.call([cty.string("abc")]).asNumber(), 3);
 * assert.throws(() => len.call([cty.nullValue(cty.String)]), /argument must not be null/);
 * ```
 */
export function makeFunction(spec: FunctionSpec): CtyFunction {
  checkKeys(spec, SPEC_KEYS, "makeFunction");
  for (const p of spec.params) checkKeys(p, PARAM_KEYS, `parameter "${p.name}"`);
  if (spec.varParam) checkKeys(spec.varParam, PARAM_KEYS, `parameter "${spec.varParam.name}"`);
  if ((spec.returnType === undefined) === (spec.type === undefined)) {
    throw new TypeError("makeFunction: give exactly one of returnType and type");
  }
  return new BuiltFunction(spec);
}

/** Terraform's report of a failed call: the diagnostic's summary and detail. */
export interface CallErrorDescription {
  /** `Invalid function argument`, `Error in function call`, `Not enough function arguments`... */
  readonly summary: string;
  /** The sentence Terraform prints under it. */
  readonly detail: string;
}

/**
 * Words a {@link FunctionCallError} from `fn.call(args)` the way Terraform (HCL's function call
 * expression) reports it, given the function's name and the number of arguments passed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty, FunctionCallError } from "../mod.ts";
 * import { describeCallError, makeFunction } from "./make_function.ts";
 *
 * const abs = makeFunction({
 *   params: [{ name: "num", type: cty.Number }],
 *   returnType: cty.Number,
 *   impl: ([n]) => n,
 * });
 * try {
 *   abs.call([cty.string("x")]);
 *   assert.fail();
 * } catch (e) {
 *   const d = describeCallError("abs", abs, 1, e as FunctionCallError);
 *   assert.equal(d.detail, 'Invalid value for "num" parameter: a number is required.');
 * }
 * ```
 */
export function describeCallError(
  name: string,
  fn: CtyFunction,
  argCount: number,
  err: FunctionCallError,
): CallErrorDescription {
  const params = fn.params;
  if (argCount < params.length) {
    const qual = fn.varParam ? " at least" : "";
    return {
      summary: "Not enough function arguments",
      detail: `Function ${
        quote(name)
      } expects${qual} ${params.length} argument(s). Missing value for ${
        quote(params[argCount].name)
      }.`,
    };
  }
  if (fn.varParam === undefined && argCount > params.length) {
    return {
      summary: "Too many function arguments",
      detail: `Function ${quote(name)} expects only ${params.length} argument(s).`,
    };
  }
  const i = err.argument;
  const param = i === undefined ? undefined : i < params.length ? params[i] : fn.varParam;
  if (param !== undefined) {
    return {
      summary: "Invalid function argument",
      detail: `Invalid value for ${quote(param.name)} parameter: ${err.message}.`,
    };
  }
  return {
    summary: "Error in function call",
    detail: `Call to function ${quote(name)} failed: ${err.message}.`,
  };
}

function quote(s: string): string {
  return JSON.stringify(s);
}
