/**
 * Conversion between cty values and the plain values authors read and
 * return: null stays null, an unknown becomes the {@link unknown} sentinel,
 * numbers become JS numbers (or bigint / exact decimal text when the schema
 * asks), lists and sets become arrays, maps and objects plain objects.
 *
 * @module
 */

import { type AttributePath, formatPath, FoundryError, type PathStep } from "../../errors/mod.ts";
import {
  BigDecimal,
  exactFloat64,
  formatNumber,
  type Num,
  numberFromBigInt,
  parseNumber,
  toBigInt,
} from "../../cty/core.ts";
import * as T from "../../cty/core.ts";
import { Value } from "../../cty/core.ts";
import { nullOf, objectOf, rebuild, unknownOf } from "./cty_build.ts";
import type { AttributeDef, Field, Fields, Mode, NumberRepresentation } from "../schema_types.ts";
import { isUnknown, unknown } from "../unknown.ts";

/**
 * How to show numbers and nested values: the schema fields of an object, or
 * the definition of a plain attribute. Absent means defaults (JS numbers).
 */
export type Shape = Fields | AttributeDef<unknown, Mode> | undefined;

const MAX_DEPTH = 256;

function fieldShape(shape: Shape, name: string): Shape {
  if (shape === undefined) return undefined;
  if ((shape as { kind?: unknown }).kind === "attribute") {
    return (shape as AttributeDef<unknown, Mode>).inner?.[name];
  }
  const f = (shape as Fields)[name] as Field | undefined;
  if (f === undefined) return undefined;
  return f.kind === "attribute" ? f : f.fields;
}

function elementShape(shape: Shape): Shape {
  if (shape === undefined) return undefined;
  if ((shape as { kind?: unknown }).kind === "attribute") {
    return (shape as AttributeDef<unknown, Mode>).inner?.[""];
  }
  return shape; // nested objects in a collection share the fields
}

function numberAs(shape: Shape): NumberRepresentation {
  return (shape as { numberAs?: NumberRepresentation } | undefined)?.numberAs ?? "number";
}

/**
 * The plain form of a cty value. Marks are dropped (Terraform sends none to
 * providers).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { toPlain } from "./mod.ts";
 * import { unknown } from "../mod.ts";
 * import { cty } from "@foundry/foundry/cty";
 * const v = cty.object({ a: cty.string("x"), b: cty.unknown(cty.Number) });
 * const plain = toPlain(v) as { a: string; b: unknown };
 * assert.equal(plain.a, "x");
 * assert.equal(plain.b, unknown);
 * ```
 */
export function toPlain(value: Value, shape?: Shape): unknown {
  return plainOf(value, shape, 0);
}

function plainOf(v: Value, shape: Shape, depth: number): unknown {
  if (!v.isKnown) return unknown;
  const raw = v.raw;
  if (raw === null) return null;
  if (depth > MAX_DEPTH) {
    throw new FoundryError("provider.value.too_deep", "value nests too deeply", {
      context: { depth },
    });
  }
  const t = v.type;
  switch (t.kind) {
    case "string":
    case "bool":
      return raw;
    case "number":
      return numberToPlain(raw as Num, numberAs(shape));
    case "list":
    case "set":
    case "tuple": {
      const el = elementShape(shape);
      return (raw as readonly Value[]).map((e) => plainOf(e, el, depth + 1));
    }
    case "map": {
      const el = elementShape(shape);
      const out: Record<string, unknown> = {};
      for (const [k, e] of raw as ReadonlyMap<string, Value>) {
        setOwn(out, k, plainOf(e, el, depth + 1));
      }
      return out;
    }
    case "object": {
      const out: Record<string, unknown> = {};
      const arr = raw as readonly Value[];
      for (let i = 0; i < t.names.length; i++) {
        setOwn(out, t.names[i], plainOf(arr[i], fieldShape(shape, t.names[i]), depth + 1));
      }
      return out;
    }
    default:
      return v.toJS();
  }
}

/** Sets an own data property; "__proto__" must not reach the prototype setter. */
function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else out[key] = value;
}

function numberToPlain(n: Num, as: NumberRepresentation): number | bigint | string {
  if (as === "decimal") return formatNumber(n);
  if (as === "bigint") {
    const b = toBigInt(n);
    if (b === undefined) {
      throw new FoundryError(
        "provider.value.not_integer",
        `${formatNumber(n)} is not a whole number`,
        {
          context: { value: formatNumber(n) },
        },
      );
    }
    return b;
  }
  return typeof n === "number" ? n : exactFloat64(n) ?? Number(formatNumber(n));
}

/**
 * A plain value with an explicit cty type, for dynamic attributes whose type
 * should not be inferred from the JS value (a list rather than a tuple...).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromPlain, TypedPlain } from "./mod.ts";
 * import { cty } from "@foundry/foundry/cty";
 * const v = fromPlain(new TypedPlain(cty.List(cty.String), ["a"]), cty.Dynamic);
 * assert.equal(v.type.kind, "list");
 * ```
 */
export class TypedPlain {
  constructor(
    /** The cty type to build. */
    readonly type: T.Type,
    /** The plain value. */
    readonly value: unknown,
  ) {}
}

/**
 * Options of {@link fromPlain}.
 */
export interface FromPlainOptions {
  /** Path of the value, for error messages. */
  readonly path?: AttributePath;
  /** Where a key is missing (undefined) in a plain object, take it from this value. */
  readonly fallback?: Value;
}

/**
 * Builds a cty value of `type` from a plain value. Throws a FoundryError
 * `provider.value.invalid` naming the path and the expected type on a mismatch.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromPlain } from "./mod.ts";
 * import { cty } from "@foundry/foundry/cty";
 * const v = fromPlain({ name: "web", ports: [80] }, cty.Object({ name: cty.String, ports: cty.List(cty.Number) }));
 * assert.equal(v.getAttr("ports").length, 1);
 * ```
 */
export function fromPlain(plain: unknown, type: T.Type, opts: FromPlainOptions = {}): Value {
  return valueOf(plain, type, [...(opts.path ?? [])], opts.fallback, 0);
}

function bad(path: PathStep[], expected: string, got: unknown): never {
  const where = path.length === 0 ? "the value" : formatPath(path);
  throw new FoundryError(
    "provider.value.invalid",
    `${where}: expected ${expected}, got ${describe(got)}`,
    { context: { path: [...path], expected } },
  );
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") {
    return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  }
  return `${typeof v} ${String(v)}`;
}

function valueOf(
  p: unknown,
  t: T.Type,
  path: PathStep[],
  fb: Value | undefined,
  depth: number,
): Value {
  if (p === undefined) {
    if (fb !== undefined) return fb;
    return nullOf(t);
  }
  if (p === null) return nullOf(t);
  if (isUnknown(p)) return unknownOf(t);
  if (depth > MAX_DEPTH) bad(path, "a value nested at most 256 deep", "deeper nesting");
  if (p instanceof TypedPlain && t.kind !== "dynamic") {
    return valueOf(p.value, t, path, fb, depth + 1);
  }
  switch (t.kind) {
    case "string":
      if (typeof p !== "string") bad(path, "a string", p);
      return new Value(t, p.normalize("NFC"));
    case "bool":
      if (typeof p !== "boolean") bad(path, "a boolean", p);
      return new Value(t, p);
    case "number":
      return new Value(t, numberOf(p, path));
    case "list":
    case "set": {
      if (!Array.isArray(p)) bad(path, `an array (${T.friendlyName(t)})`, p);
      const fbEls = fb !== undefined && fb.isKnown && !fb.isNull && fb.type.kind === "list"
        ? fb.elements()
        : undefined;
      const out: Value[] = new Array(p.length);
      for (let i = 0; i < p.length; i++) {
        path.push({ kind: "index", index: i });
        out[i] = valueOf(p[i], t.element, path, fbEls?.[i], depth + 1);
        path.pop();
      }
      return rebuild(t, out);
    }
    case "map": {
      if (typeof p !== "object" || Array.isArray(p)) {
        bad(path, `an object (${T.friendlyName(t)})`, p);
      }
      const out = new Map<string, Value>();
      for (const k of Object.keys(p)) {
        path.push({ kind: "key", key: k });
        out.set(
          k,
          valueOf((p as Record<string, unknown>)[k], t.element, path, undefined, depth + 1),
        );
        path.pop();
      }
      return rebuild(t, out);
    }
    case "object": {
      if (typeof p !== "object" || Array.isArray(p) || p instanceof Value) {
        bad(path, "an object", p);
      }
      const rec = p as Record<string, unknown>;
      const fbKnown = fb !== undefined && fb.isKnown && !fb.isNull && fb.type.kind === "object";
      const attrs: Record<string, Value> = {};
      for (const name of t.names) {
        path.push({ kind: "attr", name });
        const sub = fbKnown ? fb!.getAttr(name) : undefined;
        attrs[name] = valueOf(
          Object.hasOwn(rec, name) ? rec[name] : undefined,
          t.attributes[name],
          path,
          sub,
          depth + 1,
        );
        path.pop();
      }
      for (const k of Object.keys(rec)) {
        if (!Object.hasOwn(t.attributes, k)) {
          path.push({ kind: "attr", name: k });
          bad(path, `no such attribute (known: ${t.names.join(", ") || "none"})`, rec[k]);
        }
      }
      return objectOf(t, attrs);
    }
    case "tuple": {
      if (!Array.isArray(p) || p.length !== t.elements.length) {
        bad(path, `an array of ${t.elements.length} elements`, p);
      }
      const out = t.elements.map((et, i) => {
        path.push({ kind: "index", index: i });
        const v = valueOf(p[i], et, path, undefined, depth + 1);
        path.pop();
        return v;
      });
      return new Value(t, out);
    }
    case "dynamic":
      if (p instanceof TypedPlain) return valueOf(p.value, p.type, path, undefined, depth + 1);
      return valueOf(p, impliedType(p, path, depth), path, undefined, depth);
    case "capsule":
      return bad(path, "a value of a known type (capsules are not supported)", p);
  }
}

function numberOf(p: unknown, path: PathStep[]): Num {
  if (p instanceof BigDecimal) return p;
  if (typeof p === "number") {
    if (!Number.isFinite(p)) bad(path, "a finite number", p);
    return Object.is(p, -0) ? 0 : p;
  }
  if (typeof p === "bigint") return numberFromBigInt(p);
  if (typeof p === "string") {
    const n = parseNumber(p);
    if (n === undefined) bad(path, "a number (or decimal text)", p);
    return n;
  }
  return bad(path, "a number", p);
}

/** The cty type a plain value implies (for dynamic attributes). */
function impliedType(p: unknown, path: PathStep[], depth: number): T.Type {
  if (depth > MAX_DEPTH) bad(path, "a value nested at most 256 deep", "deeper nesting");
  if (typeof p === "string") return T.stringType;
  if (typeof p === "number" || typeof p === "bigint" || p instanceof BigDecimal) {
    return T.numberType;
  }
  if (p instanceof TypedPlain) return p.type;
  if (typeof p === "boolean") return T.boolType;
  if (p === null || p === undefined || isUnknown(p)) return T.dynamicType;
  if (Array.isArray(p)) return T.tupleType(p.map((e) => impliedType(e, path, depth + 1)));
  if (typeof p === "object") {
    const attrs: Record<string, T.Type> = {};
    for (const [k, v] of Object.entries(p)) attrs[k] = impliedType(v, path, depth + 1);
    return T.objectType(attrs);
  }
  return bad(path, "a JSON-like value", p);
}
