/**
 * Why two result types of a conditional do not unify, in hclsyntax's words.
 *
 * @module
 */

import { cty, type Type } from "../cty/evaluation.ts";

function collectionNoun(t: Type): string {
  return t.kind === "list"
    ? "list"
    : t.kind === "set"
    ? "set"
    : t.kind === "map"
    ? "map"
    : "collection";
}

/** hclsyntax's describeConditionalTypeMismatch. */
export function describeTypeMismatch(t: Type, f: Type): string {
  if (t.kind === "object" && f.kind === "object") {
    const tn = Object.keys(t.attributes).sort();
    const fn = Object.keys(f.attributes).sort();
    for (const name of tn) {
      if (!(name in f.attributes)) {
        return `The 'true' value includes object attribute ${
          JSON.stringify(name)
        }, which is absent in the 'false' value`;
      }
      const ta = t.attributes[name];
      const fa = f.attributes[name];
      if (!cty.typeEquals(ta, fa)) {
        return `Type mismatch for object attribute ${JSON.stringify(name)}: ${
          describeTypeMismatch(ta, fa)
        }`;
      }
    }
    for (const name of fn) {
      if (!(name in t.attributes)) {
        return `The 'false' value includes object attribute ${
          JSON.stringify(name)
        }, which is absent in the 'true' value`;
      }
    }
  } else if (t.kind === "tuple" && f.kind === "tuple") {
    if (t.elements.length !== f.elements.length) {
      return `The 'true' tuple has length ${t.elements.length}, but the 'false' tuple has length ${f.elements.length}`;
    }
    for (let i = 0; i < t.elements.length; i++) {
      if (!cty.typeEquals(t.elements[i], f.elements[i])) {
        return `Type mismatch for tuple element ${i}: ${
          describeTypeMismatch(t.elements[i], f.elements[i])
        }`;
      }
    }
  } else if (
    (t.kind === "list" || t.kind === "set" || t.kind === "map") && t.kind === f.kind
  ) {
    const te = t.element;
    const fe = (f as { element: Type }).element;
    if (
      (te.kind === "object" && fe.kind === "object") || (te.kind === "tuple" && fe.kind === "tuple")
    ) {
      return `Mismatched ${collectionNoun(t)} element types: ${describeTypeMismatch(te, fe)}`;
    }
  }
  const tn = cty.friendlyName(t);
  const fn = cty.friendlyName(f);
  if (tn === fn) {
    return "At least one deeply-nested attribute or element is not compatible across both the 'true' and the 'false' value";
  }
  return `The 'true' value is ${tn}, but the 'false' value is ${fn}`;
}
