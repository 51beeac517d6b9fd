/**
 * A seeded generator of random cty types and tagged values (tests/cty/testdata/README.md form,
 * plus `{"$sensitive": v}`) for differential runs against Terraform: nested types, nulls at
 * every level, unknowns (plain, not-null and prefixed strings, dynamic), sensitive marks,
 * Unicode names and strings, decimal and big numbers. Values are written the way Terraform
 * holds them (NFC strings and names, set elements without duplicates is left to the readers).
 *
 * @example
 * ```ts
 * const g = new RandomValues(1);
 * const t = g.type(3);
 * const v = g.value(t, 3);
 * ```
 * @module
 */
import type { TypeJson } from "./cty_types.ts";

const NAMES = ["a", "b", "c", "id", "é", "名前", "x_y", "A"];
const STRINGS = ["", "a", "b", "ami-1", "x y", "é", "日本", "ami-", "\u{1F600}", "${x}", "0"];
const NUMBERS: Array<number | string> = [
  0,
  1,
  -1,
  2,
  1.5,
  -7,
  100,
  "0.1",
  "1e21",
  "123456789012345678901234567890",
  "-0.000001",
];

/** Extra names, strings and numbers for the codec runs: not NFC, long, beyond 512 bits. */
const WIDE_NAMES = ["e\u0301", "\u212B", "k"];
const WIDE_STRINGS = ["e\u0301", "\u212B", "a\u0308\u0301", '\n\t"\\', "<&>\u2028", "\u0000"];
const WIDE_NUMBERS: Array<number | string> = [
  "1." + "0".repeat(159) + "1",
  "9".repeat(200),
  "1" + "0".repeat(154) + "1",
  "-3.14159265358979323846264338327950288419716939937510582097494459230781640628620899",
  "1e-30",
  "1e400",
  "0.30000000000000004",
  "9223372036854775808",
  "1e300",
  "2.5e-300",
  "1e21",
];

/** Options for what the generated values may hold. */
export interface RandomOptions {
  /** Include unknowns (needs `terraform console -plan`). */
  readonly unknowns: boolean;
  /** Include `{"$sensitive": v}` marks. */
  readonly marks: boolean;
  /** Allow unknowns of dynamic type as object attributes / tuple elements. */
  readonly dynamic: boolean;
  /** Allow them also inside list, set and map element types. */
  readonly dynamicInCollections?: boolean;
  /** Draw also from the wide pools (non-NFC names and strings, long and huge numbers). */
  readonly wide?: boolean;
}

/** mulberry32: small, fast, seeded. */
export class RandomValues {
  #s: number;
  readonly options: RandomOptions;
  readonly #names: readonly string[];
  readonly #strings: readonly string[];
  readonly #numbers: ReadonlyArray<number | string>;
  constructor(
    seed: number,
    options: RandomOptions = {
      unknowns: true,
      marks: true,
      dynamic: true,
      dynamicInCollections: true,
    },
  ) {
    this.#s = seed >>> 0;
    this.options = options;
    this.#names = options.wide ? [...NAMES, ...WIDE_NAMES] : NAMES;
    this.#strings = options.wide ? [...STRINGS, ...WIDE_STRINGS] : STRINGS;
    this.#numbers = options.wide ? [...NUMBERS, ...WIDE_NUMBERS] : NUMBERS;
  }
  /** A float in [0, 1). */
  next(): number {
    let t = (this.#s = (this.#s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** One of `xs`. */
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  /**
   * A name for `o`, or undefined when it would be another spelling of one of its names: go-cty
   * would keep either one, in Go's random map order.
   */
  private name(o: Record<string, unknown>): string | undefined {
    const k = this.pick(this.#names);
    if (k in o) return k;
    return Object.keys(o).some((x) => x.normalize("NFC") === k.normalize("NFC")) ? undefined : k;
  }

  /** A random type of nesting depth at most `depth` (never `dynamic` inside collections). */
  type(depth: number): TypeJson {
    const r = this.int(depth <= 0 ? 3 : 9);
    switch (r) {
      case 0:
        return "string";
      case 1:
        return "number";
      case 2:
        return "bool";
      case 3:
        return ["list", this.collectionElement(depth - 1)];
      case 4:
        return ["set", this.collectionElement(depth - 1)];
      case 5:
        return ["map", this.collectionElement(depth - 1)];
      case 6: {
        const n = this.int(3);
        return ["tuple", Array.from({ length: n }, () => this.structuralElement(depth - 1))];
      }
      default: {
        const attrs: Record<string, TypeJson> = {};
        const n = 1 + this.int(3);
        for (let i = 0; i < n; i++) {
          const k = this.name(attrs);
          if (k !== undefined) attrs[k] = this.structuralElement(depth - 1);
        }
        return ["object", attrs];
      }
    }
  }

  private structuralElement(depth: number): TypeJson {
    // Under a collection only when asked: a typed module variable would unify them.
    return this.options.dynamic && (this.options.dynamicInCollections || !this.#inCollection) &&
        this.int(12) === 0
      ? "dynamic"
      : this.type(depth);
  }
  #inCollection = false;
  private collectionElement(depth: number): TypeJson {
    const outer = this.#inCollection;
    this.#inCollection = true;
    const t = this.type(depth);
    this.#inCollection = outer;
    return t;
  }

  /** A random tagged value of type `t`. */
  value(t: TypeJson, depth: number): unknown {
    const v = this.bare(t, depth);
    if (this.options.marks && this.int(12) === 0 && !(t === "dynamic" && v === null)) {
      return { $sensitive: v };
    }
    return v;
  }

  private bare(t: TypeJson, depth: number): unknown {
    if (t === "dynamic") return { $unknown: {} };
    const r = this.int(14);
    if (r === 0) return null;
    if (r === 1 && this.options.unknowns) {
      if (t === "string" && this.int(2) === 0) {
        return {
          $unknown: this.int(2) === 0 ? { notNull: true } : { notNull: true, stringPrefix: "ami-" },
        };
      }
      return { $unknown: {} };
    }
    if (t === "string") return this.pick(this.#strings);
    if (t === "number") return this.pick(this.#numbers);
    if (t === "bool") return this.int(2) === 0;
    const [kind, a] = t as [string, unknown];
    switch (kind) {
      case "list":
      case "set":
        return Array.from({ length: this.int(4) }, () => this.value(a as TypeJson, depth - 1));
      case "map": {
        const o: Record<string, unknown> = {};
        const n = this.int(4);
        for (let i = 0; i < n; i++) {
          const k = this.name(o);
          if (k !== undefined) o[k] = this.value(a as TypeJson, depth - 1);
        }
        return o;
      }
      case "tuple":
        return (a as TypeJson[]).map((et) => this.value(et, depth - 1));
      default: {
        const at = a as Record<string, TypeJson>;
        return Object.fromEntries(Object.keys(at).map((k) => [k, this.value(at[k], depth - 1)]));
      }
    }
  }

  /** `v` with one randomly chosen leaf (or `v` itself) replaced by a fresh value. */
  mutate(t: TypeJson, v: unknown, depth: number): unknown {
    if (this.int(3) === 0 || v === null || typeof v !== "object") return this.value(t, depth);
    if ("$sensitive" in (v as object)) {
      return { $sensitive: this.mutate(t, (v as { $sensitive: unknown }).$sensitive, depth) };
    }
    if ("$unknown" in (v as object) || typeof t === "string") return this.value(t, depth);
    const [kind, a] = t as [string, unknown];
    if (Array.isArray(v)) {
      if (v.length === 0) return this.value(t, depth);
      const i = this.int(v.length);
      const et = kind === "tuple" ? (a as TypeJson[])[i] : a as TypeJson;
      return v.map((x, j) => j === i ? this.mutate(et, x, depth - 1) : x);
    }
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 0) return this.value(t, depth);
    const k = this.pick(keys);
    const et = kind === "object" ? (a as Record<string, TypeJson>)[k] : a as TypeJson;
    return { ...o, [k]: this.mutate(et, o[k], depth - 1) };
  }
}
