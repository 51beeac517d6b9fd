/**
 * Indexing and attribute access with HCL's diagnostics ("Invalid index",
 * "Unsupported attribute", "Attempt to index null value", ...), following
 * hcl.Index and hcl.GetAttr, unknowns and marks included.
 *
 * @module
 */

import { cty, type Type, type Value } from "../cty/evaluation.ts";
import { type HclDiagnostic, hclError } from "./diagnostic.ts";
import type { Range } from "./source.ts";
import type { Traverser } from "./ast.ts";
import { tryConvert } from "./eval_convert.ts";

/** A value with the diagnostics found while computing it. */
export interface Evaluated {
  /** The value (a placeholder unknown when there were errors). */
  readonly value: Value;
  /** Problems found. */
  readonly diagnostics: HclDiagnostic[];
}

const DYN = cty.dynamicValue;

function withSameMarks(v: Value, from: Value): Value {
  return from.marks === null ? v : v.withMarks(from.marks);
}

function fail(summary: string, detail: string, r: Range): Evaluated {
  return { value: DYN, diagnostics: [hclError(summary, detail, r)] };
}

function elementType(t: Type): Type {
  return t.kind === "list" || t.kind === "set" || t.kind === "map" ? t.element : cty.Dynamic;
}

function isWhole(n: number | { m: bigint; e: number }): boolean {
  if (typeof n === "number") return Number.isInteger(n) || !Number.isFinite(n);
  return n.e >= 0;
}

/** `collection[key]` (hcl.Index). */
export function indexValue(collection: Value, key: Value, r: Range): Evaluated {
  if (collection.isNull) {
    return fail(
      "Attempt to index null value",
      "This value is null, so it does not have any indices.",
      r,
    );
  }
  if (key.isNull) return fail("Invalid index", "Can't use a null value as an indexing key.", r);
  const t = collection.type;
  if (key.type.kind === "dynamic" || t.kind === "dynamic") {
    return { value: withSameMarks(DYN, collection), diagnostics: [] };
  }
  const prefix = "The given key does not identify an element in this collection value";
  if (t.kind === "list" || t.kind === "tuple" || t.kind === "map") {
    const [k, err] = tryConvert(key, t.kind === "map" ? cty.String : cty.Number);
    if (err !== undefined) return fail("Invalid index", `${prefix}: ${err}.`, r);
    const keyMarks = k.marks;
    const kk = k.unmark();
    if (!kk.isKnown || !collection.isKnown) {
      const v = t.kind === "tuple" ? DYN : cty.unknown(elementType(t));
      return { value: withSameMarks(v, collection), diagnostics: [] };
    }
    const coll = collection.unmark();
    let found: Value | undefined;
    if (t.kind === "map") {
      const m = coll.raw as ReadonlyMap<string, Value>;
      found = m.get(kk.asString());
    } else {
      const n = kk.asNumber();
      const arr = coll.elements();
      if (!isWhole(n)) {
        return fail(
          "Invalid index",
          `${prefix}: indexing a sequence requires a whole number, but the given index has a fractional part.`,
          r,
        );
      }
      const i = typeof n === "number" ? n : Number(cty.formatNumber(n));
      if (i < 0) {
        return fail(
          "Invalid index",
          `${prefix}: a negative number is not a valid index for a sequence.`,
          r,
        );
      }
      if (i >= arr.length) {
        // hcl 2.23 explains only when index - length < 1 (an index equal to the length).
        const detail = i - arr.length >= 1
          ? `${prefix}.`
          : arr.length === 0
          ? `${prefix}: the collection has no elements.`
          : `${prefix}: the given index is greater than or equal to the length of the collection.`;
        return fail("Invalid index", detail, r);
      }
      found = arr[i];
    }
    if (found === undefined) return fail("Invalid index", `${prefix}.`, r);
    let out = withSameMarks(found, collection);
    if (keyMarks !== null) out = out.withMarks(keyMarks);
    return { value: out, diagnostics: [] };
  }
  if (t.kind === "object") {
    const wasNumber = key.type.kind === "number";
    const [k, err] = tryConvert(key, cty.String);
    if (err !== undefined) return fail("Invalid index", `${prefix}: ${err}.`, r);
    // hcl 2.23 answers an unknown object or key before looking at the attribute.
    if (!collection.isKnown || !k.isKnown) {
      return { value: withSameMarks(DYN, collection), diagnostics: [] };
    }
    const name = k.unmark().asString();
    if (!(name in t.attributes)) {
      return fail(
        "Invalid index",
        `${prefix}.${
          wasNumber
            ? " An object only supports looking up attributes by name, not by numeric index."
            : ""
        }`,
        r,
      );
    }
    return { value: collection.getAttr(name), diagnostics: [] };
  }
  if (t.kind === "set") {
    return fail(
      "Invalid index",
      "Elements of a set are identified only by their value and don't have any separate index or key to select with, so it's only possible to perform operations across all elements of the set.",
      r,
    );
  }
  return fail("Invalid index", "This value does not have any indices.", r);
}

/** `obj.name` (hcl.GetAttr). */
export function getAttrValue(obj: Value, name: string, r: Range): Evaluated {
  if (obj.isNull) {
    return fail(
      "Attempt to get attribute from null value",
      "This value is null, so it does not have any attributes.",
      r,
    );
  }
  const t = obj.type;
  const unsupported = "Unsupported attribute";
  switch (t.kind) {
    case "object":
      if (!(name in t.attributes)) {
        return fail(
          unsupported,
          `This object does not have an attribute named ${JSON.stringify(name)}.`,
          r,
        );
      }
      if (!obj.isKnown) {
        return { value: withSameMarks(cty.unknown(t.attributes[name]), obj), diagnostics: [] };
      }
      return { value: obj.getAttr(name), diagnostics: [] };
    case "map": {
      if (!obj.isKnown) {
        return { value: withSameMarks(cty.unknown(t.element), obj), diagnostics: [] };
      }
      const v = (obj.raw as ReadonlyMap<string, Value>).get(name);
      if (v === undefined) {
        return fail(
          "Missing map element",
          `This map does not have an element with the key ${JSON.stringify(name)}.`,
          r,
        );
      }
      return { value: withSameMarks(v, obj), diagnostics: [] };
    }
    case "dynamic":
      return { value: withSameMarks(DYN, obj), diagnostics: [] };
    case "list":
      if (t.element.kind === "object") {
        return fail(
          unsupported,
          name in t.element.attributes
            ? `Can't access attributes on a list of objects. Did you mean to access attribute ${
              JSON.stringify(name)
            } for a specific element of the list, or across all elements of the list?`
            : "Can't access attributes on a list of objects. Did you mean to access an attribute for a specific element of the list, or across all elements of the list?",
          r,
        );
      }
      break;
    case "set":
      if (t.element.kind === "object") {
        return fail(
          unsupported,
          "Can't access attributes on a set of objects. Did you mean to access an attribute across all elements of the set?",
          r,
        );
      }
      break;
    case "string":
    case "number":
    case "bool":
      return fail(
        unsupported,
        `Can't access attributes on a primitive-typed value (${cty.friendlyName(t)}).`,
        r,
      );
  }
  return fail(unsupported, "This value does not have any attributes.", r);
}

/** Applies traversal steps after the root (hcl.Traversal.TraverseRel); stops at the first error. */
export function traverse(v: Value, steps: readonly Traverser[], from: number): Evaluated {
  let cur = v;
  for (let i = from; i < steps.length; i++) {
    const s = steps[i];
    const r = s.kind === "index"
      ? indexValue(cur, s.key, s.range)
      : getAttrValue(cur, s.name, s.range);
    if (r.diagnostics.length > 0) return { value: DYN, diagnostics: r.diagnostics };
    cur = r.value;
  }
  return { value: cur, diagnostics: [] };
}
