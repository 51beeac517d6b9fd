/**
 * The cty type JSON form (go-cty `ctyjson.MarshalType`) and the tagged JSON value form used by the
 * conformance data in tests/cty/testdata (see its README).
 *
 * @example Usage
 * ```ts
 * const t: TypeJson = ["object", { a: "string", b: ["list", "number"] }, ["b"]];
 * const v: Tagged = { a: "x", b: null };
 * ```
 * @module
 */

/** A cty type in go-cty's JSON form; objects may carry a third element listing optional attrs. */
export type TypeJson =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | ["list" | "set" | "map", TypeJson]
  | ["tuple", TypeJson[]]
  | ["object", { [name: string]: TypeJson }]
  | ["object", { [name: string]: TypeJson }, string[]];

/** Refinements of an unknown value, as recorded in the data files. */
export interface Refinements {
  /** The value is known not to be null. */
  notNull?: boolean;
  /** A known prefix of an unknown string. */
  stringPrefix?: string;
  /** Lower bound of an unknown number: [bound, inclusive]. */
  numberLower?: [number | string, boolean];
  /** Upper bound of an unknown number: [bound, inclusive]. */
  numberUpper?: [number | string, boolean];
  /** Lower bound of an unknown collection's length. */
  lengthLower?: number;
  /** Upper bound of an unknown collection's length. */
  lengthUpper?: number;
}

/** A tagged JSON value: go-cty JSON plus `{"$unknown": refinements}`; big numbers as strings. */
export type Tagged =
  | null
  | boolean
  | number
  | string
  | Tagged[]
  | { [key: string]: Tagged }
  | { $unknown: Refinements };

/**
 * Compact JSON text of a type, matching go-cty's type JSON byte for byte (no spaces, attribute
 * names sorted).
 *
 * @example Usage
 * ```ts
 * typeText(["map", "string"]); // '["map","string"]'
 * ```
 */
export function typeText(t: TypeJson): string {
  if (typeof t === "string") return JSON.stringify(t);
  if (t[0] === "object") {
    const attrs = t[1] as Record<string, TypeJson>;
    const names = Object.keys(attrs).sort();
    const body = names.map((n) => `${JSON.stringify(n)}:${typeText(attrs[n])}`).join(",");
    const opt = t.length === 3 ? `,${JSON.stringify([...t[2]].sort())}` : "";
    return `["object",{${body}}${opt}]`;
  }
  if (t[0] === "tuple") return `["tuple",[${(t[1] as TypeJson[]).map(typeText).join(",")}]]`;
  return `[${JSON.stringify(t[0])},${typeText(t[1] as TypeJson)}]`;
}
