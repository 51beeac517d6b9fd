/**
 * Writes a typed tagged value (tests/cty/testdata/README.md) as a Terraform expression that
 * evaluates to exactly that cty value, for Terraform 1.11.4 run as an oracle with
 * `terraform console -plan` in a directory made by {@link ConsoleDir}:
 *
 * - `{"$sensitive": v}` (a tagged-form extension) is `sensitive(v)`;
 * - an unknown of dynamic type is `jsondecode(local.id)`; a not-null unknown string is
 *   `local.id`, with a prefix `"prefix${local.id}"` (Terraform refines both);
 * - every other unknown, typed null and empty collection is a child module's output whose
 *   variable has exactly that type (Terraform converts `jsondecode(local.id)`, `null`, `[]` or
 *   `{}` to it), so the value has the type the case says and no refinement.
 *
 * @example
 * ```ts
 * const leaves = new Leaves();
 * const e = hclExpr(["list", "string"], ["a", { $unknown: {} }], leaves);
 * // tolist(["a", module.u.v0]); leaves.variables holds v0's type and input
 * ```
 * @module
 */
import type { TypeJson } from "./cty_types.ts";

/** Typed leaves passed through the child module `u`: one variable each. */
export class Leaves {
  /** `[hcl type, input expression]` per variable `v<i>`. */
  readonly variables: Array<[string, string]> = [];
  /** A reference to a new variable of type `t` fed with `input`. */
  add(t: TypeJson, input: string): string {
    this.variables.push([hclType(t), input]);
    return `module.u.v${this.variables.length - 1}`;
  }
  /** `[hcl type, input expression]` per variable `k<i>` of the second module `c`. */
  readonly conversions: Array<[string, string]> = [];
  /**
   * `input` (which may refer to module `u`) converted to type `t` by a variable of the module
   * `c`: Terraform's conversion of a value of exactly the input's type.
   */
  convert(t: TypeJson, input: string): string {
    this.conversions.push([hclType(t), input]);
    return `module.c.k${this.conversions.length - 1}`;
  }
}

/** A type constraint in Terraform's syntax (`dynamic` is `any`; names must be identifiers). */
export function hclType(t: TypeJson): string {
  if (typeof t === "string") return t === "dynamic" ? "any" : t;
  const [kind, a, opt] = t as [string, unknown, string[]?];
  if (kind === "list" || kind === "set" || kind === "map") {
    return `${kind}(${hclType(a as TypeJson)})`;
  }
  if (kind === "tuple") return `tuple([${(a as TypeJson[]).map(hclType).join(", ")}])`;
  const attrs = Object.entries(a as Record<string, TypeJson>).map(([k, at]) =>
    `${k} = ${opt?.includes(k) ? `optional(${hclType(at)})` : hclType(at)}`
  );
  return `object({${attrs.join(", ")}})`;
}

/** A quoted HCL string: JSON escapes plus template-sequence escapes. */
export function hclString(s: string): string {
  return JSON.stringify(s).replaceAll("${", () => "$${").replaceAll("%{", () => "%%{");
}

function isTag(v: unknown, tag: string): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && tag in v;
}

/** The expression for tagged value `v` of type `t`. */
export function hclExpr(t: TypeJson, v: unknown, leaves: Leaves): string {
  if (isTag(v, "$sensitive")) return `sensitive(${hclExpr(t, v.$sensitive, leaves)})`;
  if (isTag(v, "$unknown")) {
    const r = v.$unknown as { notNull?: boolean; stringPrefix?: string };
    if (t === "dynamic") return "jsondecode(local.id)";
    if (t === "string" && r.notNull) {
      return r.stringPrefix
        ? `"${hclString(r.stringPrefix).slice(1, -1)}\${local.id}"`
        : "local.id";
    }
    if (Object.keys(r).length !== 0) throw new Error(`cannot write unknown ${JSON.stringify(r)}`);
    return leaves.add(t, "jsondecode(local.id)");
  }
  if (t === "dynamic") {
    if (v === null) return "null";
    const d = v as { value: unknown; type: TypeJson };
    return hclExpr(d.type, d.value, leaves);
  }
  if (v === null) return leaves.add(t, "null");
  if (t === "string") return hclString(v as string);
  if (t === "number" || t === "bool") return String(v);
  const [kind, a] = t as [string, unknown];
  const items = (xs: unknown[], et: (i: number) => TypeJson) =>
    xs.map((x, i) => hclExpr(et(i), x, leaves)).join(", ");
  const pairs = (o: Record<string, unknown>, et: (k: string) => TypeJson) =>
    Object.keys(o).map((k) => `${hclString(k)} = ${hclExpr(et(k), o[k], leaves)}`).join(", ");
  switch (kind) {
    case "list":
    case "set": {
      const xs = v as unknown[];
      if (xs.length === 0) return leaves.add(t, "[]");
      return `to${kind}([${items(xs, () => a as TypeJson)}])`;
    }
    case "map": {
      const o = v as Record<string, unknown>;
      if (Object.keys(o).length === 0) return leaves.add(t, "{}");
      return `tomap({${pairs(o, () => a as TypeJson)}})`;
    }
    case "tuple":
      return `[${items(v as unknown[], (i) => (a as TypeJson[])[i])}]`;
    default:
      return `{${pairs(v as Record<string, unknown>, (k) => (a as Record<string, TypeJson>)[k])}}`;
  }
}

/**
 * A plain literal for `v` (tuples and objects for every collection; `null`;
 * `jsondecode(local.id)` for an unknown) meant to be converted to type `t` by a typed module
 * variable (see {@link Leaves.add}): Terraform's conversion then gives it exactly type `t`.
 */
export function hclLiteral(t: TypeJson, v: unknown): string {
  if (isTag(v, "$sensitive")) throw new Error("a module variable cannot pass a sensitive value");
  if (isTag(v, "$unknown")) {
    const r = v.$unknown as { notNull?: boolean; stringPrefix?: string };
    if (t === "string" && r.notNull) {
      return r.stringPrefix
        ? `"${hclString(r.stringPrefix).slice(1, -1)}\${local.id}"`
        : "local.id";
    }
    if (Object.keys(r).length !== 0) throw new Error(`cannot write unknown ${JSON.stringify(r)}`);
    return "jsondecode(local.id)";
  }
  if (v === null) return "null";
  if (t === "dynamic") {
    const d = v as { value: unknown; type: TypeJson };
    return hclLiteral(d.type, d.value);
  }
  if (t === "string") return hclString(v as string);
  if (t === "number" || t === "bool") return String(v);
  const [kind, a] = t as [string, unknown];
  if (Array.isArray(v)) {
    return `[${
      v.map((x, i) => hclLiteral(kind === "tuple" ? (a as TypeJson[])[i] : a as TypeJson, x))
        .join(", ")
    }]`;
  }
  const o = v as Record<string, unknown>;
  const et = (k: string) => kind === "object" ? (a as Record<string, TypeJson>)[k] : a as TypeJson;
  return `{${
    Object.keys(o).map((k) => `${hclString(k)} = ${hclLiteral(et(k), o[k])}`).join(", ")
  }}`;
}
