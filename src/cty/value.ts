/**
 * The cty `Value`: one monomorphic class for every type. `raw` holds
 *
 * | type | raw when known and not null |
 * | --- | --- |
 * | string | `string` (NFC) |
 * | number | {@link Num} |
 * | bool | `boolean` |
 * | list, set, tuple | `readonly Value[]` (sets in go-cty's order) |
 * | map | `ReadonlyMap<string, Value>` (keys sorted) |
 * | object | `readonly Value[]` aligned with `type.names` |
 * | capsule | {@link CapsuleBox} |
 *
 * A null is `raw === null`; an unknown is an {@link UnknownInfo}. Marks
 * (e.g. `sensitive`) sit in `marks` on the value they apply to.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import type { PathStep } from "../errors/mod.ts";
import { equalsTri } from "./equals.ts";
import { formatNumber, type Num, numberEquals } from "./number.ts";
import { UnknownInfo } from "./refinement.ts";
import type { Refinements } from "./refinement.ts";
import { boolType, friendlyName, type Type, typeEquals } from "./type.ts";

/**
 * Wraps a capsule's host value so it is never confused with other raw forms.
 */
export class CapsuleBox {
  constructor(readonly value: unknown) {}
}

/** Raw payload of a {@link Value}. */
export type RawValue =
  | string
  | Num
  | boolean
  | readonly Value[]
  | ReadonlyMap<string, Value>
  | CapsuleBox
  | UnknownInfo
  | null;

/**
 * The mark Terraform uses for sensitive values.
 */
export const SENSITIVE = "sensitive";

/** Marks found at one path by {@link Value.unmarkDeepWithPaths}. */
export interface PathMarks {
  /** Where the marks were. */
  readonly path: readonly PathStep[];
  /** The marks there. */
  readonly marks: ReadonlySet<string>;
}

const EMPTY_MARKS: ReadonlySet<string> = new Set();
const UNKNOWN_NOT_NULL = new UnknownInfo(true, undefined, undefined, undefined, 0, undefined);

/**
 * Records that a string value's text is written unchanged by Go's JSON
 * encoder (no control characters, `"`, `\\`, `<`, `>`, `&`, U+2028, U+2029
 * or surrogates); only code that has just built the value, scanning its
 * text on the way, calls it.
 * Returns the value. Internal to cty: not re-exported from `mod.ts`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { markPlainText, isPlainText, Value } from "./value.ts";
 * import { stringType } from "./type.ts";
 * assert.ok(isPlainText(markPlainText(new Value(stringType, "web-01"))));
 * ```
 */
export let markPlainText: (v: Value) => Value;
/**
 * True when {@link markPlainText} vouched for this value's text, so the
 * JSON encoder may copy it without a check. False means "not known".
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isPlainText, Value } from "./value.ts";
 * import { stringType } from "./type.ts";
 * assert.ok(!isPlainText(new Value(stringType, "web-01")));
 * ```
 */
export let isPlainText: (v: Value) => boolean;

function fail(code: string, message: string, context: Record<string, unknown> = {}): never {
  throw new FoundryError(code, message, { context });
}

/**
 * A cty value. Build values with the constructors in `construct.ts`
 * (`cty.string`, `cty.list`, ...); this class is the read side.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * const v = cty.object({ name: cty.string("web"), ports: cty.list([cty.number(80)]) });
 * assert.equal(v.getAttr("name").asString(), "web");
 * assert.equal(v.getAttr("ports").length, 1);
 * ```
 */
export class Value {
  /** The value's type (for values of a `dynamic` constraint: the concrete type, or dynamic). */
  readonly type: Type;
  /** The payload; see the module documentation. */
  readonly raw: RawValue;
  /** Marks on this value itself (not on nested values), or null. */
  readonly marks: ReadonlySet<string> | null;
  // A private field: every value has it (one hidden class), and neither
  // structural comparison nor enumeration sees it.
  #plainText = false;

  constructor(type: Type, raw: RawValue, marks: ReadonlySet<string> | null = null) {
    this.type = type;
    this.raw = raw;
    this.marks = marks;
  }

  static {
    markPlainText = (v: Value): Value => {
      v.#plainText = true;
      return v;
    };
    isPlainText = (v: Value): boolean => v.#plainText;
  }

  /** True for a known null. */
  get isNull(): boolean {
    return this.raw === null;
  }
  /** False for an unknown value (refined or not). */
  get isKnown(): boolean {
    return !(this.raw instanceof UnknownInfo);
  }
  /** True when this value itself carries marks. */
  get isMarked(): boolean {
    return this.marks !== null;
  }

  /** The refinements of an unknown value, or undefined for a known one. */
  get refinements(): Refinements | undefined {
    return this.raw instanceof UnknownInfo ? this.raw.toRefinements() : undefined;
  }

  /**
   * True when neither this value nor anything inside it is unknown.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty } from "./mod.ts";
   * assert.ok(!cty.list([cty.unknown(cty.String)]).isWhollyKnown());
   * ```
   */
  isWhollyKnown(): boolean {
    const raw = this.raw;
    if (raw instanceof UnknownInfo) return false;
    if (Array.isArray(raw)) {
      for (const v of raw as readonly Value[]) if (!v.isWhollyKnown()) return false;
      return true;
    }
    if (raw instanceof Map) {
      for (const v of raw.values()) if (!v.isWhollyKnown()) return false;
    }
    return true;
  }

  /**
   * True when this value or anything inside it is marked.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty } from "./mod.ts";
   * assert.ok(cty.list([cty.string("x").mark("sensitive")]).containsMarked());
   * ```
   */
  containsMarked(): boolean {
    if (this.marks !== null) return true;
    const raw = this.raw;
    if (Array.isArray(raw)) {
      for (const v of raw as readonly Value[]) if (v.containsMarked()) return true;
    } else if (raw instanceof Map) {
      for (const v of raw.values()) if (v.containsMarked()) return true;
    }
    return false;
  }

  private requireKnown(op: string): void {
    if (this.marks !== null) {
      fail("cty.value.marked", `${op}: value is marked; unmark it first`, { op });
    }
    if (this.raw instanceof UnknownInfo) {
      fail("cty.value.unknown", `${op}: value is unknown`, { op });
    }
    if (this.raw === null) fail("cty.value.null", `${op}: value is null`, { op });
  }

  /**
   * The string of a known, non-null, unmarked string value.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty } from "./mod.ts";
   * assert.equal(cty.string("a").asString(), "a");
   * ```
   */
  asString(): string {
    // Only a known string value holds a string, so that test alone passes the common case.
    const raw = this.raw;
    if (typeof raw === "string" && this.marks === null) return raw;
    this.requireKnown("asString");
    if (this.type.kind !== "string") {
      fail("cty.value.wrong_type", `asString on ${friendlyName(this.type)}`);
    }
    return this.raw as string;
  }
  /**
   * The number of a known, non-null, unmarked number value.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty } from "./mod.ts";
   * assert.equal(cty.number(2).asNumber(), 2);
   * ```
   */
  asNumber(): Num {
    this.requireKnown("asNumber");
    if (this.type.kind !== "number") {
      fail("cty.value.wrong_type", `asNumber on ${friendlyName(this.type)}`);
    }
    return this.raw as Num;
  }
  /**
   * The boolean of a known, non-null, unmarked bool value.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty } from "./mod.ts";
   * assert.ok(cty.bool(true).asBool());
   * ```
   */
  asBool(): boolean {
    this.requireKnown("asBool");
    if (this.type.kind !== "bool") {
      fail("cty.value.wrong_type", `asBool on ${friendlyName(this.type)}`);
    }
    return this.raw as boolean;
  }

  /**
   * An attribute of an object value. An unknown object gives an unknown
   * attribute; marks on the object carry over to the result.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty } from "./mod.ts";
   * assert.ok(cty.object({ a: cty.bool(true) }).getAttr("a").asBool());
   * ```
   */
  getAttr(name: string): Value {
    const t = this.type;
    if (t.kind !== "object") {
      fail("cty.value.wrong_type", `cannot get attribute "${name}" of ${friendlyName(t)}`, {
        attribute: name,
      });
    }
    const slot = t.slots.get(name);
    if (slot === undefined) {
      fail("cty.value.no_attribute", `object has no attribute "${name}"`, { attribute: name });
    }
    const raw = this.raw;
    let out: Value;
    if (raw === null) {
      fail("cty.value.null", `cannot get attribute "${name}" of a null object`, {
        attribute: name,
      });
    }
    if (raw instanceof UnknownInfo) out = new Value(t.attributes[name], UnknownInfo.NONE);
    else out = (raw as readonly Value[])[slot];
    return this.marks === null ? out : out.withMarks(this.marks);
  }

  /**
   * Looks up an element: a list or tuple by integer index, a map by string
   * key. Unknown collections give unknown elements; marks carry over.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty } from "./mod.ts";
   * assert.equal(cty.list([cty.string("a")]).index(0).asString(), "a");
   * assert.equal(cty.map({ k: cty.number(1) }).index("k").asNumber(), 1);
   * ```
   */
  index(key: number | string | Value): Value {
    const t = this.type;
    let k: number | string;
    if (key instanceof Value) {
      if (!key.isKnown) return new Value(elementTypeAt(t, undefined), UnknownInfo.NONE);
      k = key.type.kind === "number" ? Number(formatNumber(key.asNumber())) : key.asString();
    } else k = key;
    const raw = this.raw;
    if (raw === null) fail("cty.value.null", "cannot index a null value", { key: k });
    let out: Value;
    if (t.kind === "list" || t.kind === "tuple") {
      if (typeof k !== "number" || !Number.isInteger(k)) {
        fail("cty.value.wrong_type", `${friendlyName(t)} index must be an integer`, { key: k });
      }
      if (raw instanceof UnknownInfo) out = new Value(elementTypeAt(t, k), UnknownInfo.NONE);
      else {
        const arr = raw as readonly Value[];
        if (k < 0 || k >= arr.length) {
          fail("cty.value.index_out_of_range", `index ${k} out of range for length ${arr.length}`, {
            key: k,
          });
        }
        out = arr[k];
      }
    } else if (t.kind === "map") {
      if (typeof k !== "string") {
        fail("cty.value.wrong_type", "map key must be a string", { key: k });
      }
      if (raw instanceof UnknownInfo) out = new Value(t.element, UnknownInfo.NONE);
      else {
        const v = (raw as ReadonlyMap<string, Value>).get(k);
        if (v === undefined) {
          fail("cty.value.no_key", `map has no element for key ${JSON.stringify(k)}`, { key: k });
        }
        out = v;
      }
    } else {
      fail("cty.value.wrong_type", `cannot index ${friendlyName(t)}`, { key: k });
    }
    return this.marks === null ? out : out.withMarks(this.marks);
  }

  /**
   * Number of elements of a known collection, tuple or object (attributes).
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty } from "./mod.ts";
   * assert.equal(cty.set([cty.number(1), cty.number(1)]).length, 1);
   * ```
   */
  get length(): number {
    const raw = this.raw;
    if (raw instanceof UnknownInfo) fail("cty.value.unknown", "length of an unknown value");
    if (raw === null) fail("cty.value.null", "length of a null value");
    if (Array.isArray(raw)) return raw.length;
    if (raw instanceof Map) return raw.size;
    return fail("cty.value.wrong_type", `length of ${friendlyName(this.type)}`);
  }

  /**
   * The elements of a known list, set or tuple, or the attribute values of
   * an object (in name order). Read-only; do not mutate.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty } from "./mod.ts";
   * assert.ok(cty.tuple([cty.bool(true)]).elements()[0].asBool());
   * ```
   */
  elements(): readonly Value[] {
    const raw = this.raw;
    if (Array.isArray(raw)) return raw as readonly Value[];
    if (raw instanceof Map) return [...raw.values()];
    if (raw instanceof UnknownInfo) {
      return fail("cty.value.unknown", "elements of an unknown value");
    }
    if (raw === null) return fail("cty.value.null", "elements of a null value");
    return fail("cty.value.wrong_type", `elements of ${friendlyName(this.type)}`);
  }

  /**
   * `[key, element]` pairs: map keys, object attribute names, list/tuple
   * indexes; for sets the key is the element itself (as in go-cty).
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty } from "./mod.ts";
   * const [[k, v]] = cty.map({ a: cty.number(1) }).entries();
   * assert.equal(k, "a");
   * assert.equal(v.asNumber(), 1);
   * ```
   */
  entries(): Array<[string | number | Value, Value]> {
    const raw = this.raw;
    const t = this.type;
    if (raw instanceof Map) return [...raw.entries()];
    if (t.kind === "object" && Array.isArray(raw)) {
      return (raw as readonly Value[]).map((v, i) => [t.names[i], v]);
    }
    if (t.kind === "set") return this.elements().map((v) => [v, v]);
    return this.elements().map((v, i) => [i, v]);
  }

  /**
   * go-cty's `Equals`: a bool value, unknown (refined as not null) when the
   * answer depends on unknowns; null equals null of any type; numbers compare
   * numerically. Marks anywhere inside either side mark the result (the
   * rules, in go-cty's order, are in `equals.ts`).
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty } from "./mod.ts";
   * assert.ok(cty.number(1).equals(cty.numberFromString("1.0")).asBool());
   * assert.ok(!cty.string("a").equals(cty.unknown(cty.String)).isKnown);
   * ```
   */
  equals(other: Value): Value {
    let a = this.unmark();
    let b = other;
    let marks: Set<string> | null = null;
    // go-cty 1.16: marks anywhere inside either operand mark the answer.
    if (this.containsMarked() || b.containsMarked()) {
      const ua = this.unmarkDeep();
      const ub = b.unmarkDeep();
      a = ua.value;
      b = ub.value;
      marks = ua.marks;
      for (const m of ub.marks) marks.add(m);
    }
    const r = equalsTri(a, b);
    return new Value(boolType, r === undefined ? UNKNOWN_NOT_NULL : r, marks);
  }

  /**
   * Exact structural identity: same type, same knownness and refinements,
   * same marks, equal content (numbers by value).
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty } from "./mod.ts";
   * assert.ok(cty.unknown(cty.String).rawEquals(cty.unknown(cty.String)));
   * ```
   */
  rawEquals(other: Value): boolean {
    return rawEquals(this, other);
  }

  /**
   * A copy with `mark` added.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty, SENSITIVE } from "./mod.ts";
   * assert.ok(cty.string("pw").mark(SENSITIVE).hasMark(SENSITIVE));
   * ```
   */
  mark(mark: string): Value {
    if (this.marks?.has(mark)) return this;
    const m = new Set(this.marks ?? EMPTY_MARKS);
    m.add(mark);
    return new Value(this.type, this.raw, m);
  }
  /**
   * A copy with all of `marks` added.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty } from "./mod.ts";
   * assert.equal(cty.bool(true).withMarks(new Set(["a", "b"])).marks?.size, 2);
   * ```
   */
  withMarks(marks: Iterable<string>): Value {
    const m = new Set(this.marks ?? EMPTY_MARKS);
    for (const x of marks) m.add(x);
    if (m.size === (this.marks?.size ?? 0)) return this;
    return new Value(this.type, this.raw, m);
  }
  /**
   * True when this value itself carries `mark`.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty } from "./mod.ts";
   * assert.ok(!cty.bool(true).hasMark("sensitive"));
   * ```
   */
  hasMark(mark: string): boolean {
    return this.marks !== null && this.marks.has(mark);
  }
  /**
   * This value without its own marks (nested marks stay).
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty } from "./mod.ts";
   * assert.ok(!cty.string("x").mark("m").unmark().isMarked);
   * ```
   */
  unmark(): Value {
    return this.marks === null ? this : new Value(this.type, this.raw, null);
  }
  /**
   * Removes marks everywhere inside; returns the clean value and the union of marks.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty } from "./mod.ts";
   * const { value, marks } = cty.list([cty.string("x").mark("m")]).unmarkDeep();
   * assert.ok(!value.containsMarked());
   * assert.ok(marks.has("m"));
   * ```
   */
  unmarkDeep(): { value: Value; marks: Set<string> } {
    const marks = new Set<string>();
    const value = stripMarks(this, [], (_p, m) => m.forEach((x) => marks.add(x)));
    return { value, marks };
  }
  /**
   * Removes marks everywhere inside, reporting where each set of marks was.
   * Paths use the shared {@link PathStep} form; set elements are `element`
   * steps holding the (unmarked) element value.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty } from "./mod.ts";
   * const v = cty.object({ pw: cty.string("x").mark("sensitive") });
   * const { paths } = v.unmarkDeepWithPaths();
   * assert.equal(paths[0].path[0].kind, "attr");
   * ```
   */
  unmarkDeepWithPaths(): { value: Value; paths: PathMarks[] } {
    const paths: PathMarks[] = [];
    const value = stripMarks(this, [], (p, m) => paths.push({ path: [...p], marks: m }));
    return { value, paths };
  }
  /**
   * Applies marks at paths (the reverse of {@link unmarkDeepWithPaths}).
   * Paths that do not exist in this value are ignored, as in go-cty.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty } from "./mod.ts";
   * const v = cty.object({ pw: cty.string("x") });
   * const m = v.markWithPaths([{ path: [{ kind: "attr", name: "pw" }], marks: new Set(["sensitive"]) }]);
   * assert.ok(m.getAttr("pw").hasMark("sensitive"));
   * ```
   */
  markWithPaths(paths: readonly PathMarks[]): Value {
    return paths.reduce((v: Value, pm) => markAt(v, pm.path, 0, pm.marks), this);
  }

  /**
   * A plain JS rendering of a wholly known, unmarked value: strings,
   * numbers (a decimal string when not exactly a float64), booleans, null,
   * arrays for lists/sets/tuples, plain objects for maps/objects.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { cty } from "./mod.ts";
   * const js = cty.object({ a: cty.list([cty.number(1)]) }).toJS();
   * assert.equal(JSON.stringify(js), '{"a":[1]}');
   * ```
   */
  toJS(): unknown {
    const raw = this.raw;
    if (raw instanceof UnknownInfo) fail("cty.value.unknown", "toJS of an unknown value");
    if (raw === null) return null;
    const t = this.type;
    switch (t.kind) {
      case "number":
        return typeof raw === "number" ? raw : formatNumber(raw as Num);
      case "string":
      case "bool":
        return raw;
      case "capsule":
        return (raw as CapsuleBox).value;
      case "map":
        return Object.fromEntries(
          [...(raw as ReadonlyMap<string, Value>)].map(([k, v]) => [k, v.toJS()]),
        );
      case "object":
        return Object.fromEntries((raw as readonly Value[]).map((v, i) => [t.names[i], v.toJS()]));
      default:
        return (raw as readonly Value[]).map((v) => v.toJS());
    }
  }
}

function elementTypeAt(t: Type, k: number | undefined): Type {
  if (t.kind === "list" || t.kind === "map" || t.kind === "set") return t.element;
  if (t.kind === "tuple" && k !== undefined && k >= 0 && k < t.elements.length) {
    return t.elements[k];
  }
  return { kind: "dynamic" };
}

function stripMarks(
  v: Value,
  path: PathStep[],
  found: (path: readonly PathStep[], marks: ReadonlySet<string>) => void,
): Value {
  if (v.marks !== null) found(path, v.marks);
  const raw = v.raw;
  const t = v.type;
  let out: RawValue = raw;
  if (Array.isArray(raw)) {
    const arr = raw as readonly Value[];
    let copy: Value[] | null = null;
    for (let i = 0; i < arr.length; i++) {
      const el = arr[i];
      const step: PathStep = t.kind === "object"
        ? { kind: "attr", name: t.names[i] }
        : t.kind === "set"
        ? { kind: "element", value: el }
        : { kind: "index", index: i };
      path.push(step);
      const s = stripMarks(el, path, found);
      path.pop();
      if (s !== el) {
        copy ??= arr.slice();
        copy[i] = s;
      }
    }
    if (copy !== null) out = copy;
  } else if (raw instanceof Map) {
    let copy: Map<string, Value> | null = null;
    for (const [k, el] of raw) {
      path.push({ kind: "key", key: k });
      const s = stripMarks(el, path, found);
      path.pop();
      if (s !== el) {
        copy ??= new Map(raw);
        copy.set(k, s);
      }
    }
    if (copy !== null) out = copy;
  }
  if (out === raw && v.marks === null) return v;
  return new Value(t, out, null);
}

function markAt(v: Value, path: readonly PathStep[], i: number, marks: ReadonlySet<string>): Value {
  if (i === path.length) return v.withMarks(marks);
  const raw = v.raw;
  const step = path[i];
  const t = v.type;
  if (!Array.isArray(raw) && !(raw instanceof Map)) return v;
  if (raw instanceof Map) {
    if (step.kind !== "key") return v;
    const el = raw.get(step.key);
    if (el === undefined) return v;
    const copy = new Map(raw);
    copy.set(step.key, markAt(el, path, i + 1, marks));
    return new Value(t, copy, v.marks);
  }
  const arr = raw as readonly Value[];
  let idx = -1;
  if (t.kind === "object" && (step.kind === "attr" || step.kind === "key")) {
    idx = t.slots.get(step.kind === "attr" ? step.name : step.key) ?? -1;
  } else if ((t.kind === "list" || t.kind === "tuple") && step.kind === "index") idx = step.index;
  else if (t.kind === "set" && step.kind === "element" && step.value instanceof Value) {
    const target = step.value;
    idx = arr.findIndex((e) => rawEquals(e, target));
  }
  if (idx < 0 || idx >= arr.length) return v;
  const copy = arr.slice();
  copy[idx] = markAt(arr[idx], path, i + 1, marks);
  return new Value(t, copy, v.marks);
}

function sameMarks(a: ReadonlySet<string> | null, b: ReadonlySet<string> | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.size !== b.size) return false;
  for (const m of a) if (!b.has(m)) return false;
  return true;
}

function sameBound(
  a: readonly [Num, boolean] | undefined,
  b: readonly [Num, boolean] | undefined,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a[1] === b[1] && numberEquals(a[0], b[0]);
}

/**
 * Structural identity (see {@link Value.rawEquals}).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty, rawEquals } from "./mod.ts";
 * assert.ok(rawEquals(cty.string("a"), cty.string("a")));
 * ```
 */
export function rawEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (!typeEquals(a.type, b.type) || !sameMarks(a.marks, b.marks)) return false;
  const x = a.raw;
  const y = b.raw;
  if (x === null || y === null) return x === y;
  if (x instanceof UnknownInfo || y instanceof UnknownInfo) {
    if (!(x instanceof UnknownInfo && y instanceof UnknownInfo)) return false;
    return x.notNull === y.notNull && x.stringPrefix === y.stringPrefix &&
      sameBound(x.numberLower, y.numberLower) && sameBound(x.numberUpper, y.numberUpper) &&
      x.lengthLower === y.lengthLower && x.lengthUpper === y.lengthUpper;
  }
  switch (a.type.kind) {
    case "number":
      return numberEquals(x as Num, y as Num);
    case "string":
    case "bool":
      return x === y;
    case "capsule":
      return (x as CapsuleBox).value === (y as CapsuleBox).value;
    case "map": {
      const mx = x as ReadonlyMap<string, Value>;
      const my = y as ReadonlyMap<string, Value>;
      if (mx.size !== my.size) return false;
      for (const [k, v] of mx) {
        const w = my.get(k);
        if (w === undefined || !rawEquals(v, w)) return false;
      }
      return true;
    }
    default: {
      const ax = x as readonly Value[];
      const ay = y as readonly Value[];
      if (ax.length !== ay.length) return false;
      for (let i = 0; i < ax.length; i++) if (!rawEquals(ax[i], ay[i])) return false;
      return true;
    }
  }
}
