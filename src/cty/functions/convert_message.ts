/**
 * Argument conversion with go-cty's wording. Terraform converts each argument to its
 * parameter's type before the call (HCL's `FunctionCallExpr`) and quotes go-cty's
 * `convert` error in `Invalid value for "x" parameter: ...`; cty's own conversion messages are
 * worded for Foundry's diagnostics, so the function library translates them back here.
 *
 * @module
 */

import { cty, type Type, type Value } from "../evaluation.ts";
import { goQuote } from "./go_quote.ts";

/** go-cty `FriendlyNameForConstraint`: `dynamic` reads "any type". */
export function constraintName(t: Type): string {
  switch (t.kind) {
    case "dynamic":
      return "any type";
    case "list":
    case "set":
    case "map":
      return `${t.kind} of ${
        t.element.kind === "dynamic" ? "any single type" : constraintName(t.element)
      }`;
    default:
      return cty.friendlyName(t);
  }
}

/** go-cty `convert.MismatchMessage`: why no conversion from `got` to `want` exists. */
export function mismatchMessage(got: Type, want: Type): string {
  const gk = got.kind;
  const wk = want.kind;
  if (gk === "object" && wk === "object") return objectsMessage(got, want);
  if (gk === "tuple" && wk === "list" && want.element.kind === "dynamic") {
    return "all list elements must have the same type";
  }
  if (gk === "tuple" && wk === "set" && want.element.kind === "dynamic") {
    return "all set elements must have the same type";
  }
  if (gk === "object" && wk === "map" && want.element.kind === "dynamic") {
    return "all map elements must have the same type";
  }
  const wantCollection = wk === "list" || wk === "set" || wk === "map";
  if ((gk === "tuple" || gk === "object") && wantCollection) {
    if ((wk === "list" || wk === "set") && gk !== "tuple") {
      return `${constraintName(want)} required`;
    }
    if (wk === "map" && gk !== "object") return `${constraintName(want)} required`;
    const et = want.element;
    if (got.kind === "tuple") {
      for (let i = 0; i < got.elements.length; i++) {
        const g = got.elements[i];
        if (cty.typeEquals(g, et) || cty.canConvert(g, et)) continue;
        return `element ${i}: ${mismatchMessage(g, et)}`;
      }
    } else if (got.kind === "object") {
      // go ranges over a map here: any failing attribute may be named; take the first by name.
      for (const n of got.names) {
        const g = got.attributes[n];
        if (cty.typeEquals(g, et) || cty.canConvert(g, et)) continue;
        return `element ${goQuote(n)}: ${mismatchMessage(g, et)}`;
      }
    }
    return `all elements must be ${constraintName(et)}`;
  }
  if ((gk === "list" || gk === "set" || gk === "map") && wantCollection) {
    if ((wk === "list" || wk === "set") && gk === "map") return `${constraintName(want)} required`;
    if (wk === "map" && gk !== "map") return `${constraintName(want)} required`;
    return `incorrect ${wk} element type: ${mismatchMessage(got.element, want.element)}`;
  }
  return `${constraintName(want)} required`;
}

function objectsMessage(
  got: Extract<Type, { kind: "object" }>,
  want: Extract<Type, { kind: "object" }>,
): string {
  const missing: string[] = [];
  let unsafe = "";
  let safe = "";
  for (const name of want.names) {
    const w = want.attributes[name];
    const g = got.attributes[name];
    if (g === undefined || !Object.hasOwn(got.attributes, name)) {
      if (!want.optional.includes(name)) missing.push(name);
      continue;
    }
    if (cty.typeEquals(g, w)) continue;
    if (unsafe === "" && !cty.canConvert(g, w)) {
      unsafe = `attribute ${goQuote(name)}: ${mismatchMessage(g, w)}`;
    }
    if (safe === "" && !cty.canConvertSafely(g, w)) {
      safe = `attribute ${goQuote(name)}: ${mismatchMessage(g, w)}`;
    }
  }
  if (missing.length === 1) return `attribute ${goQuote(missing[0])} is required`;
  if (missing.length === 2) {
    return `attributes ${goQuote(missing[0])} and ${goQuote(missing[1])} are required`;
  }
  if (missing.length > 2) {
    const head = missing.slice(0, -1).map((n) => `${goQuote(n)}, `).join("");
    return `attributes ${head}and ${goQuote(missing[missing.length - 1])} are required`;
  }
  return unsafe || safe || "incorrect object attributes";
}

// cty's runtime conversion problems and go-cty's words for them.
const RUNTIME_MESSAGES: ReadonlyArray<[RegExp, string]> = [
  [/^expected a number; this string is not one$/, "a number is required"],
  [
    /^expected a bool; write the string in lowercase: "(true|false)"$/,
    'a bool is required; to convert from string, use lowercase "$1"',
  ],
  [/^expected a bool; only the strings .*$/, "a bool is required"],
];

/**
 * Converts a function argument to its parameter's type as HCL does before a call, throwing an
 * `Error` whose message is go-cty's (`a number is required`, `list of string required`).
 */
export function convertArgument(value: Value, to: Type): Value {
  if (to.kind === "dynamic") return value;
  if (value.type === to) return value;
  if (!cty.canConvert(value.type, to)) {
    throw new Error(mismatchMessage(value.type, to));
  }
  try {
    return cty.convert(value, to);
  } catch (e) {
    const ctx = (e as { context?: { problem?: unknown } }).context;
    const problem = typeof ctx?.problem === "string" ? ctx.problem : (e as Error).message;
    for (const [re, words] of RUNTIME_MESSAGES) {
      if (re.test(problem)) throw new Error(problem.replace(re, words));
    }
    throw new Error(problem);
  }
}
