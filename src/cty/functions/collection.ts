/**
 * Collection functions: `alltrue`, `anytrue`, `chunklist`, `coalesce`, `coalescelist`,
 * `compact`, `concat`, `contains`, `distinct`, `element`, `flatten`, `index`, `keys`, `length`,
 * `lookup`, `matchkeys`, `merge`, `one`, `range`, `reverse`, `setintersection`, `setproduct`,
 * `setsubtract`, `setunion`, `slice`, `sort`, `sum`, `transpose`, `values`, `zipmap` (go-cty's
 * stdlib and Terraform's own versions where Terraform registers its own), with their result
 * types (tuples and objects where go-cty computes them) and their handling of unknowns.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../mod.ts";
 * import { collectionFunctions } from "./collection.ts";
 *
 * const m = collectionFunctions.merge.call([
 *   cty.map({ a: cty.string("1") }),
 *   cty.object({ b: cty.bool(true) }),
 * ]);
 * assert.equal(cty.json.encode(m, m.type), '{"a":"1","b":true}');
 * ```
 *
 * @module
 */

import { cty, type CtyFunction, FunctionCallError, type Type, type Value } from "../evaluation.ts";
import { convertArgument } from "./convert_message.ts";
import { round512 } from "./go_decimal.ts";
import { toInt } from "./go_math.ts";
import { goQuote } from "./go_quote.ts";
import { graphemeCount } from "./graphemes.ts";
import { makeFunction } from "./make_function.ts";

type ListLike = ReturnType<typeof cty.List>;

const INT64_MAX = cty.parseNumber("9223372036854775807")!;

const dyn = (name: string, extra: object = {}) => ({ name, type: cty.Dynamic, ...extra });
const isSeq = (t: Type) => t.kind === "list" || t.kind === "set" || t.kind === "tuple";

function unmark(v: Value): { v: Value; marks: ReadonlySet<string> | null } {
  return { v: v.unmark(), marks: v.marks };
}

function remark(v: Value, ...marks: (Iterable<string> | null)[]): Value {
  let out = v;
  for (const m of marks) if (m !== null) out = out.withMarks(m);
  return out;
}

function listOf(values: readonly Value[], element: Type): Value {
  return values.length === 0 ? cty.listEmpty(element) : cty.list(values);
}

function setOf(values: readonly Value[], element: Type): Value {
  return values.length === 0 ? cty.setEmpty(element) : cty.set(values);
}

function mapOf(entries: Map<string, Value>, element: Type): Value {
  return entries.size === 0 ? cty.mapEmpty(element) : cty.map(entries);
}

/** `Equals(...).True()`: false when unknown. */
function isTrue(v: Value): boolean {
  return v.isKnown && !v.isNull && v.unmark().asBool();
}

function unifyUnsafe(types: readonly Type[]): Type | undefined {
  return cty.unifyUnsafe(types)?.type;
}

function compareUtf8(a: string, b: string): number {
  // UTF-8 byte order is code point order.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

function lengthOf(coll: Value): Value {
  const t = coll.type;
  const marks = coll.marks;
  const v = coll.unmark();
  if (t.kind === "dynamic") return remark(cty.unknown(cty.Number), marks);
  if (t.kind === "tuple") return remark(cty.number(t.elements.length), marks);
  if (t.kind === "object") return remark(cty.number(t.names.length), marks);
  if (t.kind === "string") {
    if (!v.isKnown) {
      const prefix = v.refinements?.stringPrefix ?? "";
      return remark(
        cty.unknown(cty.Number, { numberLower: [graphemeCount(prefix), true] }),
        marks,
      );
    }
    return remark(cty.number(graphemeCount(v.asString())), marks);
  }
  if (!v.isKnown) {
    const r = v.refinements ?? {};
    return remark(
      cty.unknown(cty.Number, {
        notNull: true,
        numberLower: [r.lengthLower ?? 0, true],
        // go-cty bounds an unbounded length by the largest int64.
        numberUpper: [r.lengthUpper ?? INT64_MAX, true],
      }),
      marks,
    );
  }
  return remark(cty.number(v.length), marks);
}

function flattener(list: Value): { out: Value[]; marks: Set<string>; known: boolean } {
  const marks = new Set<string>();
  const { v, marks: m } = unmark(list);
  if (m) m.forEach((x) => marks.add(x));
  if (!v.isKnown) return { out: [], marks, known: false };
  const out: Value[] = [];
  let known = true;
  for (const el of v.elements()) {
    if (el.type.kind === "dynamic" && !el.isKnown) known = false;
    if (!el.isNull && isSeq(el.type)) {
      if (!el.isKnown) {
        known = false;
        el.marks?.forEach((x) => marks.add(x));
        continue;
      }
      const r = flattener(el);
      r.marks.forEach((x) => marks.add(x));
      if (r.known) out.push(...r.out);
      else known = false;
    } else out.push(el);
  }
  return { out, marks, known };
}

function sliceIndexes(args: readonly Value[]): { start: number; end: number; known: boolean } {
  const list = args[0].unmark();
  let length = 0;
  let lengthKnown = false;
  if (list.type.kind === "tuple" || list.isKnown) {
    length = list.type.kind === "tuple" ? list.type.elements.length : list.length;
    lengthKnown = true;
  }
  let start = 0;
  let end = 0;
  const check = (v: Value, arg: number, what: string): number | undefined => {
    if (!v.isKnown) return undefined;
    let n: number;
    try {
      n = toInt(v);
    } catch (e) {
      throw new FunctionCallError(`invalid ${what} index: ${(e as Error).message}`, {
        argument: arg,
      });
    }
    if (n < 0) {
      throw new FunctionCallError(`${what} index must not be less than zero`, { argument: arg });
    }
    if (lengthKnown && n > length) {
      throw new FunctionCallError(`${what} index must not be greater than the length of the list`, {
        argument: arg,
      });
    }
    return n;
  };
  const s = check(args[1], 1, "start");
  const e = check(args[2], 2, "end");
  if (s !== undefined) start = s;
  if (e !== undefined) end = e;
  if (s !== undefined && e !== undefined && s > e) {
    throw new FunctionCallError("start index must not be greater than end index", { argument: 1 });
  }
  return { start, end, known: s !== undefined && e !== undefined };
}

function setOperationType(args: readonly Value[]): Type {
  const etys: Type[] = [];
  for (const a of args) {
    const et = (a.type as ReturnType<typeof cty.Set>).element;
    if (a.isKnown && a.length === 0 && et.kind === "dynamic") continue;
    etys.push(et);
  }
  if (etys.length === 0) return cty.Set(cty.Dynamic);
  const u = unifyUnsafe(etys);
  if (u === undefined) {
    throw new FunctionCallError("given sets must all have compatible element types");
  }
  return cty.Set(u);
}

function setOperation(
  f: (a: Value[], b: Value[]) => Value[],
  allowUnknowns: boolean,
): (args: readonly Value[], rt: Type) => Value {
  return (args, rt) => {
    const et = (rt as ReturnType<typeof cty.Set>).element;
    const conv = (v: Value, i: number) => {
      try {
        return convertArgument(v, rt);
      } catch (e) {
        throw new FunctionCallError((e as Error).message, { argument: i });
      }
    };
    const first = conv(args[0], 0);
    if (!allowUnknowns && !first.isWhollyKnown()) return cty.unknown(rt);
    let set = [...first.elements()];
    for (let i = 1; i < args.length; i++) {
      const a = conv(args[i], i);
      if (!allowUnknowns && !a.isWhollyKnown()) return cty.unknown(rt);
      set = f(set, [...a.elements()]);
    }
    return setOf(set, et);
  };
}

const has = (set: readonly Value[], v: Value) => set.some((x) => cty.rawEquals(x, v));

/** The collection functions by name. */
export const collectionFunctions: Readonly<Record<string, CtyFunction>> = {
  alltrue: makeFunction({
    params: [{ name: "list", type: cty.List(cty.Bool) }],
    returnType: cty.Bool,
    refineNotNull: true,
    impl: ([l]) => {
      for (const v of l.elements()) {
        if (!v.isKnown) return cty.unknown(cty.Bool);
        if (v.isNull || !v.asBool()) return cty.False;
      }
      return cty.True;
    },
  }),
  anytrue: makeFunction({
    params: [{ name: "list", type: cty.List(cty.Bool) }],
    returnType: cty.Bool,
    refineNotNull: true,
    impl: ([l]) => {
      let unknown = false;
      for (const v of l.elements()) {
        if (!v.isKnown) unknown = true;
        else if (!v.isNull && v.asBool()) return cty.True;
      }
      return unknown ? cty.unknown(cty.Bool) : cty.False;
    },
  }),
  chunklist: makeFunction({
    params: [
      { name: "list", type: cty.List(cty.Dynamic), allowMarked: true },
      { name: "size", type: cty.Number, allowMarked: true },
    ],
    type: ([l]) => cty.List(l.type),
    refineNotNull: true,
    impl: ([listV, sizeV]) => {
      const { v: list, marks: lm } = unmark(listV);
      const { v: sizeU, marks: sm } = unmark(sizeV);
      let size: number;
      try {
        size = toInt(sizeU);
      } catch (e) {
        throw new FunctionCallError(`invalid size: ${(e as Error).message}`);
      }
      if (size < 0) throw new FunctionCallError("the size argument must be positive");
      const els = list.elements();
      if (els.length === 0) return remark(cty.listEmpty(list.type), lm, sm);
      if (size === 0) return remark(cty.list([list]), lm, sm);
      const out: Value[] = [];
      for (let i = 0; i < els.length; i += size) out.push(cty.list(els.slice(i, i + size)));
      return remark(cty.list(out), lm, sm);
    },
  }),
  coalesce: makeFunction({
    params: [],
    varParam: dyn("vals", { allowUnknown: true, allowDynamicType: true, allowNull: true }),
    type: (args) => {
      const u = unifyUnsafe(args.map((a) => a.type));
      if (u === undefined) throw new FunctionCallError("all arguments must have the same type");
      return u;
    },
    refineNotNull: true,
    impl: (args, rt) => {
      for (const a of args) {
        let v: Value;
        try {
          v = convertArgument(a, rt);
        } catch {
          v = cty.unknown(rt); // go-cty ignores the error and reads a NilVal as unknown
        }
        if (!v.isKnown) return cty.unknown(rt);
        if (v.isNull) continue;
        if (rt.kind === "string" && v.asString() === "") continue;
        return v;
      }
      throw new FunctionCallError("no non-null, non-empty-string arguments");
    },
  }),
  coalescelist: makeFunction({
    params: [],
    varParam: dyn("vals", { allowUnknown: true, allowDynamicType: true, allowNull: true }),
    type: (args) => {
      if (args.length === 0) throw new FunctionCallError("at least one argument is required");
      for (const a of args) {
        if (!a.isKnown) return cty.Dynamic;
        if (a.type.kind !== "list" && a.type.kind !== "tuple") {
          throw new FunctionCallError("coalescelist arguments must be lists or tuples");
        }
      }
      const first = args[0].type;
      return args.every((a) => cty.typeEquals(a.type, first)) ? first : cty.Dynamic;
    },
    refineNotNull: true,
    impl: (args, rt) => {
      for (const a of args) {
        if (!a.isKnown) return cty.unknown(rt);
        if (a.isNull) continue;
        if (a.length > 0) return a;
      }
      throw new FunctionCallError("no non-null arguments");
    },
  }),
  compact: makeFunction({
    params: [{ name: "list", type: cty.List(cty.String) }],
    returnType: cty.List(cty.String),
    refineNotNull: true,
    impl: ([l], rt) => {
      if (!l.isWhollyKnown()) return cty.unknown(rt);
      const out = l.elements().filter((v) => !v.isNull && v.asString() !== "");
      return listOf(out, cty.String);
    },
  }),
  concat: makeFunction({
    params: [],
    varParam: dyn("seqs", { allowMarked: true }),
    type: (args) => {
      if (args.length === 0) throw new FunctionCallError("at least one argument is required");
      if (args[0].type.kind === "list" && args.every((a) => a.type.kind === "list")) {
        const u = unifyUnsafe(args.map((a) => a.type));
        if (u !== undefined) return u;
      }
      const etys: Type[] = [];
      for (let i = 0; i < args.length; i++) {
        const v = args[i].unmarkDeep().value;
        const t = v.type;
        if (t.kind === "tuple") etys.push(...t.elements);
        else if (t.kind === "list") {
          if (!v.isKnown) return cty.Dynamic;
          for (let j = 0; j < v.length; j++) etys.push(t.element);
        } else {
          throw new FunctionCallError(
            `all arguments must be lists or tuples; got ${cty.friendlyName(t)}`,
            { argument: i },
          );
        }
      }
      return cty.Tuple(etys);
    },
    refineNotNull: true,
    impl: (args, rt) => {
      const vals: Value[] = [];
      const marks = new Set<string>();
      for (let i = 0; i < args.length; i++) {
        let s = args[i];
        if (rt.kind === "list") {
          try {
            s = convertArgument(s, rt);
          } catch (e) {
            throw new FunctionCallError((e as Error).message, { argument: i });
          }
        }
        s.marks?.forEach((m) => marks.add(m));
        vals.push(...s.unmark().elements());
      }
      const out = rt.kind === "list" ? listOf(vals, (rt as ListLike).element) : cty.tuple(vals);
      return marks.size > 0 ? out.withMarks(marks) : out;
    },
  }),
  contains: makeFunction({
    params: [dyn("list"), dyn("value")],
    returnType: cty.Bool,
    refineNotNull: true,
    impl: ([l, v]) => {
      if (!isSeq(l.type)) throw new FunctionCallError("argument must be list, tuple, or set");
      if (l.isNull) throw new FunctionCallError("cannot search a nil list or set");
      if (l.isKnown && l.length === 0) return cty.False;
      if (!l.isKnown || !v.isKnown) return cty.unknown(cty.Bool);
      let unknown = false;
      for (const e of l.elements()) {
        const eq = v.equals(e);
        if (!eq.isKnown) unknown = true;
        else if (isTrue(eq)) return cty.True;
      }
      return unknown ? cty.unknown(cty.Bool) : cty.False;
    },
  }),
  distinct: makeFunction({
    params: [{ name: "list", type: cty.List(cty.Dynamic) }],
    type: ([l]) => l.type,
    refineNotNull: true,
    impl: ([l], rt) => {
      if (!l.isWhollyKnown()) return cty.unknown(rt);
      const out: Value[] = [];
      for (const v of l.elements()) if (!out.some((o) => isTrue(o.equals(v)))) out.push(v);
      return listOf(out, (rt as ListLike).element);
    },
  }),
  element: makeFunction({
    params: [dyn("list", { allowMarked: true }), { name: "index", type: cty.Number }],
    type: ([l, i]) => {
      const t = l.type;
      if (t.kind === "list") return t.element;
      if (t.kind === "tuple") {
        if (!i.isKnown) return cty.Dynamic;
        let index: number;
        try {
          index = toInt(i);
        } catch (e) {
          throw new FunctionCallError(`invalid index: ${(e as Error).message}`);
        }
        if (t.elements.length === 0) {
          throw new FunctionCallError("cannot use element function with an empty list");
        }
        const at = index % t.elements.length;
        if (at < 0) {
          // go-cty indexes the tuple's types with a negative number here and panics.
          throw new FunctionCallError(
            `panic in function implementation: runtime error: index out of range [${at}]`,
          );
        }
        return t.elements[at];
      }
      throw new FunctionCallError(`cannot read elements from ${cty.friendlyName(t)}`);
    },
    impl: ([l, i], rt) => {
      let index: number;
      try {
        index = toInt(i);
      } catch (e) {
        throw new FunctionCallError(`invalid index: ${(e as Error).message}`);
      }
      const { v, marks } = unmark(l);
      if (!v.isKnown) return cty.unknown(rt);
      const n = v.length;
      if (n === 0) throw new FunctionCallError("cannot use element function with an empty list");
      index = index % n;
      if (index < 0) index += n;
      return remark(v.elements()[index], marks);
    },
  }),
  flatten: makeFunction({
    params: [dyn("list", { allowMarked: true })],
    type: ([l]) => {
      if (!l.isWhollyKnown()) return cty.Dynamic;
      if (!isSeq(l.type)) throw new FunctionCallError("can only flatten lists, sets and tuples");
      const r = flattener(l);
      if (!r.known) return cty.Dynamic;
      return cty.Tuple(r.out.map((v) => v.type));
    },
    refineNotNull: true,
    impl: ([l], rt) => {
      const { v, marks } = unmark(l);
      if (v.length === 0) return remark(cty.tuple([]), marks);
      const r = flattener(l);
      if (!r.known) return remark(cty.unknown(rt), r.marks);
      return remark(cty.tuple(r.out), r.marks);
    },
  }),
  index: makeFunction({
    params: [dyn("list"), dyn("value")],
    returnType: cty.Number,
    refineNotNull: true,
    impl: ([l, v]) => {
      if (l.type.kind !== "list" && l.type.kind !== "tuple") {
        throw new FunctionCallError("argument must be a list or tuple");
      }
      if (!l.isKnown) return cty.unknown(cty.Number);
      const els = l.elements();
      if (els.length === 0) throw new FunctionCallError("cannot search an empty list");
      for (let i = 0; i < els.length; i++) {
        const eq = els[i].equals(v);
        if (!eq.isKnown) return cty.unknown(cty.Number);
        if (isTrue(eq)) return cty.number(i);
      }
      throw new FunctionCallError("item not found");
    },
  }),
  keys: makeFunction({
    params: [dyn("inputMap", { allowUnknown: true, allowMarked: true })],
    type: ([m]) => {
      const t = m.type;
      if (t.kind === "map") return cty.List(cty.String);
      if (t.kind === "object") return cty.Tuple(t.names.map(() => cty.String));
      throw new FunctionCallError("must have map or object type", { argument: 0 });
    },
    refineNotNull: true,
    impl: ([mv], rt) => {
      const { v: m, marks } = unmark(mv);
      if (m.type.kind === "object") {
        return remark(cty.tuple(m.type.names.map((n) => cty.string(n))), marks);
      }
      if (!m.isKnown) return remark(cty.unknown(rt), marks);
      const keys = [...(m.raw as ReadonlyMap<string, Value>).keys()].map((k) => cty.string(k));
      return remark(listOf(keys, cty.String), marks);
    },
  }),
  length: makeFunction({
    params: [
      dyn("value", { allowDynamicType: true, allowUnknown: true, allowMarked: true }),
    ],
    type: ([v]) => {
      const k = v.type.kind;
      if (k === "bool" || k === "number" || k === "capsule") {
        throw new FunctionCallError(
          "argument must be a string, a collection type, or a structural type",
        );
      }
      return cty.Number;
    },
    refineNotNull: true,
    impl: ([v]) => lengthOf(v),
  }),
  lookup: makeFunction({
    params: [
      dyn("inputMap", { allowMarked: true, allowUnknown: true }),
      { name: "key", type: cty.String, allowMarked: true, allowUnknown: true },
    ],
    varParam: dyn("default", {
      allowUnknown: true,
      allowDynamicType: true,
      allowNull: true,
      allowMarked: true,
    }),
    type: (args) => {
      if (args.length < 1 || args.length > 3) {
        throw new FunctionCallError(`lookup() takes two or three arguments, got ${args.length}`);
      }
      const t = args[0].type;
      if (t.kind === "object") {
        if (!args[1].isKnown) return cty.Dynamic;
        const key = args[1].unmark().asString();
        if (Object.hasOwn(t.attributes, key)) return t.attributes[key];
        if (args.length === 3) return args[2].type;
        throw new FunctionCallError(`the given object has no attribute ${goQuote(key)}`, {
          argument: 0,
        });
      }
      if (t.kind === "map") {
        if (args.length === 3) {
          try {
            convertArgument(args[2].unmarkDeep().value, t.element);
          } catch {
            throw new FunctionCallError(
              "the default value must have the same type as the map elements",
              { argument: 2 },
            );
          }
        }
        return t.element;
      }
      throw new FunctionCallError("lookup() requires a map as the first argument", {
        argument: 0,
      });
    },
    impl: (args, rt) => {
      const { v: m, marks: mm } = unmark(args[0]);
      const { v: k, marks: km } = unmark(args[1]);
      if (!m.isKnown || !k.isKnown) return remark(cty.unknown(rt), mm, km);
      const key = k.asString();
      if (m.type.kind === "object") {
        if (Object.hasOwn(m.type.attributes, key)) return remark(m.getAttr(key), mm, km);
      } else if (!m.isNull && (m.raw as ReadonlyMap<string, Value>).has(key)) {
        return remark(m.index(key), mm, km);
      }
      if (args.length === 3) {
        return remark(convertArgument(args[2], rt), mm, km);
      }
      const shown = km?.has(cty.SENSITIVE) ? "(sensitive value)" : goQuote(key);
      throw new FunctionCallError(`lookup failed to find key ${shown}`);
    },
  }),
  matchkeys: makeFunction({
    params: [
      { name: "values", type: cty.List(cty.Dynamic) },
      { name: "keys", type: cty.List(cty.Dynamic) },
      { name: "searchset", type: cty.List(cty.Dynamic) },
    ],
    type: ([vals, keys, search]) => {
      if (unifyUnsafe([keys.type, search.type]) === undefined) {
        throw new FunctionCallError("keys and searchset must be of the same type");
      }
      return vals.type;
    },
    refineNotNull: true,
    impl: ([vals, keysV, searchV], rt) => {
      const et = (rt as ListLike).element;
      if (!vals.isKnown) return cty.unknown(cty.List(et));
      if (vals.length !== keysV.length) {
        throw new FunctionCallError("length of keys and values should be equal");
      }
      const ty = unifyUnsafe([keysV.type, searchV.type])!;
      const keys = convertArgument(keysV, ty);
      const search = convertArgument(searchV, ty);
      if (search.length === 0) return cty.listEmpty(et);
      if (!vals.isWhollyKnown() || !keys.isWhollyKnown()) return cty.unknown(rt);
      const out: Value[] = [];
      const ks = keys.elements();
      for (let i = 0; i < ks.length; i++) {
        for (const s of search.elements()) {
          const eq = ks[i].equals(s);
          if (!eq.isKnown) return cty.listEmpty(et);
          if (isTrue(eq)) {
            out.push(vals.elements()[i]);
            break;
          }
        }
      }
      return listOf(out, et);
    },
  }),
  merge: makeFunction({
    params: [],
    varParam: dyn("maps", { allowDynamicType: true, allowNull: true, allowMarked: true }),
    type: (args) => {
      if (args.length === 0) return cty.EmptyObject;
      const attrs = new Map<string, Type>();
      let first: Type | undefined;
      let matching = true;
      let attrsKnown = true;
      for (let i = 0; i < args.length; i++) {
        const t = args[i].type;
        if (t.kind === "dynamic") return cty.Dynamic;
        if (t.kind !== "map" && t.kind !== "object") {
          throw new FunctionCallError(
            `arguments must be maps or objects, got ${JSON.stringify(cty.friendlyName(t))}`,
          );
        }
        const a = args[i].unmark();
        if (t.kind === "object" && !a.isNull) {
          for (const n of t.names) attrs.set(n, t.attributes[n]);
        } else if (t.kind === "map") {
          if (a.isNull) { /* nothing */ }
          else if (a.isKnown) {
            for (const k of (a.raw as ReadonlyMap<string, Value>).keys()) attrs.set(k, t.element);
          } else attrsKnown = false;
        }
        if (i === 0) {
          first = t;
          continue;
        }
        if (matching && !cty.typeEquals(t, first!)) matching = false;
      }
      if (matching) return first!;
      if (!attrsKnown) return cty.Dynamic;
      return cty.Object(Object.fromEntries(attrs));
    },
    refineNotNull: true,
    impl: (args, rt) => {
      const out = new Map<string, Value>();
      const marks = new Set<string>();
      for (const a of args) {
        if (a.isNull) continue;
        a.marks?.forEach((m) => marks.add(m));
        const plain = a.unmark();
        const k = plain.type.kind;
        // Reached only when an earlier argument left the type undecided; go-cty panics here.
        if (k !== "map" && k !== "object" && k !== "list" && k !== "set" && k !== "tuple") {
          throw new FunctionCallError(
            "panic in function implementation: attempt to iterate on non-collection, non-tuple type",
          );
        }
        if (k !== "map" && k !== "object") {
          throw new FunctionCallError("panic in function implementation: not a string");
        }
        for (const [key, v] of plain.entries()) out.set(key as string, v);
      }
      let r: Value;
      if (rt.kind === "map") r = mapOf(out, rt.element);
      else r = cty.object(out);
      return marks.size > 0 ? r.withMarks(marks) : r;
    },
  }),
  one: makeFunction({
    params: [dyn("list")],
    type: ([l]) => {
      const t = l.type;
      if (t.kind === "list" || t.kind === "set") return t.element;
      if (t.kind === "tuple" && t.elements.length <= 1) return t.elements[0] ?? cty.Dynamic;
      throw new FunctionCallError(
        "must be a list, set, or tuple value with either zero or one elements",
        { argument: 0 },
      );
    },
    impl: ([l], rt) => {
      const n = l.length;
      if (n === 0) return cty.nullValue(rt);
      if (n === 1) return l.elements()[0];
      throw new FunctionCallError(
        "must be a list, set, or tuple value with either zero or one elements",
        { argument: 0 },
      );
    },
  }),
  range: makeFunction({
    params: [],
    varParam: { name: "params", type: cty.Number },
    returnType: cty.List(cty.Number),
    refineNotNull: true,
    impl: (args) => {
      const zero = cty.number(0);
      const lt = (a: Value, b: Value) => cty.compareNumbers(a.asNumber(), b.asNumber()) < 0;
      let start: Value, end: Value, step: Value;
      if (args.length === 1) {
        [start, end, step] = [zero, args[0], cty.number(lt(args[0], zero) ? -1 : 1)];
      } else if (args.length === 2) {
        [start, end, step] = [args[0], args[1], cty.number(lt(args[1], args[0]) ? -1 : 1)];
      } else if (args.length === 3) [start, end, step] = args;
      else throw new FunctionCallError("must have one, two, or three arguments");
      // go-cty compares the step with its own zero value by identity, which a step from
      // configuration never is: a zero step runs into the 1024-value limit instead.
      const down = lt(step, zero);
      if (down && lt(start, end)) {
        throw new FunctionCallError("end must be less than start when step is negative", {
          argument: 1,
        });
      }
      if (!down && lt(end, start)) {
        throw new FunctionCallError("end must be greater than start when step is positive", {
          argument: 1,
        });
      }
      const vals: Value[] = [];
      let n = start.asNumber();
      const e = end.asNumber();
      const s = step.asNumber();
      while (down ? cty.compareNumbers(n, e) > 0 : cty.compareNumbers(n, e) < 0) {
        if (vals.length >= 1024) {
          throw new FunctionCallError(
            "more than 1024 values were generated; either decrease the difference between start and end or use a smaller step",
          );
        }
        vals.push(cty.number(n));
        n = cty.addNumbers(n, s);
      }
      return listOf(vals, cty.Number);
    },
  }),
  reverse: makeFunction({
    params: [dyn("list", { allowMarked: true })],
    type: ([l]) => {
      const t = l.type;
      if (t.kind === "tuple") return cty.Tuple([...t.elements].reverse());
      if (t.kind === "list" || t.kind === "set") return cty.List(t.element);
      throw new FunctionCallError(
        `can only reverse list or tuple values, not ${cty.friendlyName(t)}`,
        { argument: 0 },
      );
    },
    refineNotNull: true,
    impl: ([l], rt) => {
      const { v, marks } = unmark(l);
      const out = [...v.elements()].reverse();
      if (rt.kind === "tuple") return remark(cty.tuple(out), marks);
      return remark(listOf(out, (rt as ListLike).element), marks);
    },
  }),
  setintersection: makeFunction({
    params: [{ name: "first_set", type: cty.Set(cty.Dynamic), allowDynamicType: true }],
    varParam: { name: "other_sets", type: cty.Set(cty.Dynamic), allowDynamicType: true },
    type: setOperationType,
    refineNotNull: true,
    impl: setOperation((a, b) => a.filter((x) => has(b, x)), false),
  }),
  setproduct: makeFunction({
    params: [],
    varParam: dyn("sets", { allowMarked: true, allowUnknown: true }),
    type: (args) => {
      if (args.length < 2) throw new FunctionCallError("at least two arguments are required");
      let lists = 0;
      const etys: Type[] = [];
      args.forEach((a, i) => {
        const t = a.type;
        if (t.kind === "set") etys.push(t.element);
        else if (t.kind === "list") {
          etys.push(t.element);
          lists++;
        } else if (t.kind === "tuple") {
          lists++;
          if (t.elements.length === 0) etys.push(cty.Dynamic);
          else {
            const u = unifyUnsafe(t.elements);
            if (u === undefined) {
              throw new FunctionCallError("all elements must be of the same type", { argument: i });
            }
            etys.push(u);
          }
        } else throw new FunctionCallError("a set or a list is required", { argument: i });
      });
      return lists === args.length ? cty.List(cty.Tuple(etys)) : cty.Set(cty.Tuple(etys));
    },
    refineNotNull: true,
    impl: (args, rt) => {
      const marks = new Set<string>();
      let unknownLength = false;
      let total = 1;
      const plain = args.map((a) => {
        a.marks?.forEach((m) => marks.add(m));
        const v = a.unmark();
        if (!v.isKnown) unknownLength = true;
        else total *= v.length;
        return v;
      });
      const done = (v: Value) => marks.size > 0 ? v.withMarks(marks) : v;
      if (unknownLength) return done(cty.unknown(rt));
      const et = (rt as ListLike).element as ReturnType<typeof cty.Tuple>;
      if (total === 0) return done(rt.kind === "list" ? cty.listEmpty(et) : cty.setEmpty(et));
      let rows: Value[][] = [[]];
      plain.forEach((a, j) => {
        const next: Value[][] = [];
        for (const r of rows) {
          for (const e of a.elements()) next.push([...r, convertArgument(e, et.elements[j])]);
        }
        rows = next;
      });
      const tuples = rows.map((r) => cty.tuple(r));
      return done(rt.kind === "list" ? cty.list(tuples) : cty.set(tuples));
    },
  }),
  setsubtract: makeFunction({
    params: [
      { name: "a", type: cty.Set(cty.Dynamic), allowDynamicType: true },
      { name: "b", type: cty.Set(cty.Dynamic), allowDynamicType: true },
    ],
    type: setOperationType,
    refineNotNull: true,
    impl: setOperation((a, b) => a.filter((x) => !has(b, x)), false),
  }),
  setunion: makeFunction({
    params: [{ name: "first_set", type: cty.Set(cty.Dynamic), allowDynamicType: true }],
    varParam: { name: "other_sets", type: cty.Set(cty.Dynamic), allowDynamicType: true },
    type: setOperationType,
    refineNotNull: true,
    impl: setOperation((a, b) => [...a, ...b], true),
  }),
  slice: makeFunction({
    params: [
      dyn("list", { allowMarked: true }),
      { name: "start_index", type: cty.Number },
      { name: "end_index", type: cty.Number },
    ],
    type: (args) => {
      const t = args[0].type;
      if (t.kind === "set") {
        throw new FunctionCallError(
          "cannot slice a set, because its elements do not have indices; explicitly convert to a list if the ordering of the result is not important",
          { argument: 0 },
        );
      }
      if (t.kind !== "list" && t.kind !== "tuple") {
        throw new FunctionCallError("must be a list or tuple value", { argument: 0 });
      }
      const { start, end, known } = sliceIndexes(args);
      if (t.kind === "list") return t;
      if (!known) return cty.Dynamic;
      return cty.Tuple(t.elements.slice(start, end));
    },
    refineNotNull: true,
    impl: (args, rt) => {
      const { v, marks } = unmark(args[0]);
      if (rt.kind === "dynamic") return remark(cty.dynamicValue, marks);
      const { start, end } = sliceIndexes(args);
      const out = v.elements().slice(start, end);
      if (rt.kind === "tuple") return remark(cty.tuple(out), marks);
      return remark(listOf(out, (rt as ListLike).element), marks);
    },
  }),
  sort: makeFunction({
    params: [{ name: "list", type: cty.List(cty.String), allowUnknown: true }],
    returnType: cty.List(cty.String),
    refineNotNull: true,
    impl: ([l], rt) => {
      if (!l.isWhollyKnown()) {
        if (!l.isKnown) {
          const r = l.refinements ?? {};
          return cty.unknown(rt, { lengthLower: r.lengthLower, lengthUpper: r.lengthUpper });
        }
        return cty.unknown(rt, { lengthLower: l.length, lengthUpper: l.length });
      }
      const els = l.elements();
      if (els.length === 0) return l;
      const strs = els.map((v, i) => {
        if (v.isNull) {
          throw new FunctionCallError(
            `given list element ${i} is null; a null string cannot be sorted`,
          );
        }
        return v.asString();
      });
      strs.sort(compareUtf8);
      return cty.list(strs.map((s) => cty.string(s)));
    },
  }),
  sum: makeFunction({
    params: [dyn("list")],
    returnType: cty.Number,
    refineNotNull: true,
    impl: ([l]) => {
      const t = l.type;
      const iterable = t.kind === "list" || t.kind === "set" || t.kind === "tuple" ||
        t.kind === "map" || t.kind === "object";
      if (!iterable) throw new FunctionCallError("cannot sum noniterable", { argument: 0 });
      if (l.length === 0) throw new FunctionCallError("cannot sum an empty list", { argument: 0 });
      if (!isSeq(t)) {
        throw new FunctionCallError(
          `argument must be list, set, or tuple. Received ${cty.friendlyName(t)}`,
          { argument: 0 },
        );
      }
      if (!l.isWhollyKnown()) return cty.unknown(cty.Number);
      const bad = () =>
        new FunctionCallError("argument must be list, set, or tuple of number values", {
          argument: 0,
        });
      let total: ReturnType<Value["asNumber"]> | undefined;
      for (const e of l.elements()) {
        if (e.isNull) throw bad();
        let n: Value;
        try {
          n = convertArgument(e, cty.Number);
        } catch {
          throw bad();
        }
        const x = n.asNumber();
        if (total === undefined) total = x;
        else {
          if (
            typeof total === "number" && typeof x === "number" && !Number.isFinite(total) &&
            !Number.isFinite(x) && total !== x
          ) {
            throw new FunctionCallError("can't compute sum of opposing infinities");
          }
          total = round512(cty.addNumbers(total, x));
        }
      }
      return cty.number(total!);
    },
  }),
  transpose: makeFunction({
    params: [{ name: "values", type: cty.Map(cty.List(cty.String)) }],
    returnType: cty.Map(cty.List(cty.String)),
    refineNotNull: true,
    impl: ([m], rt) => {
      if (!m.isWhollyKnown()) return cty.unknown(rt);
      const tmp = new Map<string, string[]>();
      for (const [k, list] of m.entries()) {
        if (list.isNull) throw new FunctionCallError("input must not contain null list");
        for (const v of list.elements()) {
          if (v.isNull) throw new FunctionCallError("input list must not contain null string");
          const key = v.asString();
          const arr = tmp.get(key) ?? [];
          arr.push(k as string);
          arr.sort(compareUtf8);
          tmp.set(key, arr);
        }
      }
      const out = new Map<string, Value>();
      for (const [k, arr] of tmp) out.set(k, cty.list(arr.map((s) => cty.string(s))));
      return mapOf(out, cty.List(cty.String));
    },
  }),
  values: makeFunction({
    params: [dyn("mapping", { allowMarked: true })],
    type: ([m]) => {
      const t = m.type;
      if (t.kind === "map") return cty.List(t.element);
      if (t.kind === "object") return cty.Tuple(t.names.map((n) => t.attributes[n]));
      throw new FunctionCallError("values() requires a map as the first argument");
    },
    refineNotNull: true,
    impl: ([mv], rt) => {
      const { v, marks } = unmark(mv);
      const vals = v.elements();
      if (rt.kind === "tuple") return remark(cty.tuple(vals), marks);
      return remark(listOf(vals, (rt as ListLike).element), marks);
    },
  }),
  zipmap: makeFunction({
    params: [
      { name: "keys", type: cty.List(cty.String), allowMarked: true },
      dyn("values", { allowMarked: true }),
    ],
    type: ([keys, values]) => {
      const vt = values.type;
      if (vt.kind === "list") return cty.Map(vt.element);
      if (vt.kind === "tuple") {
        if (!keys.isWhollyKnown()) return cty.Dynamic;
        const ks = keys.unmark().elements();
        if (ks.length !== vt.elements.length) {
          throw new FunctionCallError(
            `number of keys (${ks.length}) does not match number of values (${vt.elements.length})`,
          );
        }
        const attrs: Record<string, Type> = {};
        ks.forEach((k, i) => {
          const u = k.unmark();
          if (u.isNull) throw new FunctionCallError(`keys list has null value at index ${i}`);
          attrs[u.asString()] = vt.elements[i];
        });
        return cty.Object(attrs);
      }
      throw new FunctionCallError("values argument must be a list or tuple value");
    },
    refineNotNull: true,
    impl: ([kv, vv], rt) => {
      const { v: keys, marks: km } = unmark(kv);
      const { v: values, marks: vm } = unmark(vv);
      const marks = new Set<string>([...(km ?? []), ...(vm ?? [])]);
      const done = (v: Value) => marks.size > 0 ? v.withMarks(marks) : v;
      if (!keys.isWhollyKnown()) return done(cty.unknown(rt));
      if (keys.length !== values.length) {
        throw new FunctionCallError(
          `number of keys (${keys.length}) does not match number of values (${values.length})`,
        );
      }
      const out = new Map<string, Value>();
      const vals = values.elements();
      keys.elements().forEach((k, i) => {
        k.marks?.forEach((m) => marks.add(m));
        if (k.isNull) {
          throw new FunctionCallError("panic in function implementation: value is null");
        }
        out.set(k.unmark().asString(), vals[i]);
      });
      if (rt.kind === "map") return done(mapOf(out, rt.element));
      return done(cty.object(out));
    },
  }),
};
