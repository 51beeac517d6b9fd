/**
 * Says why a type does not convert to another: the path to the first part
 * that does not fit and what is wrong there. Used once no conversion could
 * be planned, so it may assume the types differ somewhere.
 *
 * @module
 */

import type { PathStep } from "../errors/mod.ts";
import { constraintName } from "./convert_optional.ts";
import { planConversion } from "./convert_select.ts";
import { friendlyName, type Type, typeEquals } from "./type.ts";

/** Where a mismatch is, below the value being converted, and what it is. */
export interface Mismatch {
  /** Steps from the converted value to the part that does not fit. */
  readonly path: readonly PathStep[];
  /** The problem there, in words. */
  readonly problem: string;
}

function isCollection(t: Type): boolean {
  return t.kind === "list" || t.kind === "set" || t.kind === "map";
}

function expected(got: Type, want: Type): Mismatch {
  return { path: [], problem: `expected ${constraintName(want)}, got ${friendlyName(got)}` };
}

function under(step: PathStep, m: Mismatch): Mismatch {
  return { path: [step, ...m.path], problem: m.problem };
}

function quoteList(names: readonly string[]): string {
  const q = names.map((n) => JSON.stringify(n));
  if (q.length === 1) return q[0];
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return `${q.slice(0, -1).join(", ")}, and ${q[q.length - 1]}`;
}

/**
 * Describes why `got` does not convert to `want`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { mismatch } from "./convert_mismatch.ts";
 * import { cty } from "./mod.ts";
 * const m = mismatch(cty.Object({ a: cty.Tuple([]) }), cty.Object({ a: cty.Number, b: cty.String }));
 * assert.equal(m.problem, 'missing required attribute "b"');
 * ```
 */
export function mismatch(got: Type, want: Type): Mismatch {
  if (got.kind === "object" && want.kind === "object") return mismatchObjects(got, want);
  if (isCollection(want) && "element" in want && want.element.kind === "dynamic") {
    if (got.kind === "tuple" && want.kind !== "map") {
      return { path: [], problem: `the ${want.kind} elements do not share one type` };
    }
    if (got.kind === "object" && want.kind === "map") {
      return { path: [], problem: "the map elements do not share one type" };
    }
  }
  if ((got.kind === "tuple" || got.kind === "object") && isCollection(want)) {
    return fromStructural(got, want);
  }
  if (isCollection(got) && isCollection(want)) return fromCollection(got, want);
  return expected(got, want);
}

function mismatchObjects(
  got: Extract<Type, { kind: "object" }>,
  want: Extract<Type, { kind: "object" }>,
): Mismatch {
  const missing: string[] = [];
  let unsafeProblem: Mismatch | undefined;
  let safeProblem: Mismatch | undefined;
  for (const n of want.names) {
    const w = want.attributes[n];
    if (!got.slots.has(n)) {
      if (!want.optional.includes(n)) missing.push(n);
      continue;
    }
    const g = got.attributes[n];
    if (typeEquals(g, w)) continue;
    // A conversion that fails even unsafely is the more serious problem to report.
    if (unsafeProblem === undefined && planConversion(g, w, true) === undefined) {
      unsafeProblem = under({ kind: "attr", name: n }, mismatch(g, w));
    }
    if (safeProblem === undefined && planConversion(g, w, false) === undefined) {
      safeProblem = under({ kind: "attr", name: n }, mismatch(g, w));
    }
  }
  if (missing.length === 1) {
    return { path: [], problem: `missing required attribute ${quoteList(missing)}` };
  }
  if (missing.length > 1) {
    return { path: [], problem: `missing required attributes ${quoteList(missing)}` };
  }
  return unsafeProblem ?? safeProblem ?? { path: [], problem: "the object attributes do not fit" };
}

function fromStructural(got: Type, want: Type): Mismatch {
  if (want.kind === "map" ? got.kind !== "object" : got.kind !== "tuple") {
    return expected(got, want);
  }
  const et = (want as { element: Type }).element;
  if (got.kind === "tuple") {
    for (let i = 0; i < got.elements.length; i++) {
      const g = got.elements[i];
      if (typeEquals(g, et) || planConversion(g, et, true) !== undefined) continue;
      return under({ kind: "index", index: i }, mismatch(g, et));
    }
  } else if (got.kind === "object") {
    for (const n of got.names) {
      const g = got.attributes[n];
      if (typeEquals(g, et) || planConversion(g, et, true) !== undefined) continue;
      return under({ kind: "key", key: n }, mismatch(g, et));
    }
  }
  return { path: [], problem: `every element must be ${constraintName(et)}` };
}

/** Renders a nested mismatch in words, for element types (which have no path of their own). */
function describe(m: Mismatch): string {
  const words = m.path.map((s) =>
    s.kind === "attr"
      ? `attribute ${JSON.stringify(s.name)}`
      : s.kind === "index"
      ? `element ${s.index}`
      : s.kind === "key"
      ? `element ${JSON.stringify(s.key)}`
      : "element"
  );
  return [...words, m.problem].join(": ");
}

function fromCollection(got: Type, want: Type): Mismatch {
  const sameFamily = want.kind === "map"
    ? got.kind === "map"
    : got.kind === "list" || got.kind === "set";
  if (!sameFamily) return expected(got, want);
  const g = (got as { element: Type }).element;
  const w = (want as { element: Type }).element;
  return { path: [], problem: `wrong ${want.kind} element type: ${describe(mismatch(g, w))}` };
}
