// A few functions implementing CtyFunction, enough to exercise HCL's calls (fixed,
// variadic, failing at an argument) without the function library.
import { cty, type CtyFunction, FunctionCallError, type Value } from "../../src/cty/mod.ts";

function unknownArgs(args: readonly Value[]): boolean {
  return args.some((a) => !a.isKnown);
}

function marks(args: readonly Value[]): string[] {
  const out: string[] = [];
  for (const a of args) if (a.marks !== null) out.push(...a.marks);
  return out;
}

export const upper: CtyFunction = {
  params: [{ name: "str", type: cty.String }],
  returnTypeFor: () => cty.String,
  call(args) {
    const [s] = args;
    if (s.unmark().isNull) {
      throw new FunctionCallError("argument must not be null", { argument: 0 });
    }
    if (unknownArgs(args)) return cty.unknown(cty.String, { notNull: true }).withMarks(marks(args));
    return cty.string(cty.convert(s.unmark(), cty.String).asString().toUpperCase()).withMarks(
      marks(args),
    );
  },
};

export const length: CtyFunction = {
  params: [{ name: "value", type: cty.Dynamic, allowMarked: true }],
  returnTypeFor: () => cty.Number,
  call(args) {
    const v = args[0].unmark();
    if (!v.isKnown) return cty.unknown(cty.Number, { notNull: true });
    if (v.type.kind === "string") return cty.number([...v.asString()].length);
    return cty.number(v.length).withMarks(marks(args));
  },
};

export const max: CtyFunction = {
  params: [],
  varParam: { name: "numbers", type: cty.Number },
  returnTypeFor: () => cty.Number,
  call(args) {
    if (args.length === 0) throw new FunctionCallError("must pass at least one number");
    if (unknownArgs(args)) return cty.unknown(cty.Number, { notNull: true });
    let best = args[0].unmark().asNumber();
    for (const a of args) {
      const n = a.unmark().asNumber();
      if (cty.compareNumbers(n, best) > 0) best = n;
    }
    return cty.number(best).withMarks(marks(args));
  },
};

export const sensitive: CtyFunction = {
  params: [{
    name: "value",
    type: cty.Dynamic,
    allowUnknown: true,
    allowNull: true,
    allowMarked: true,
  }],
  returnTypeFor: (args) => args[0].type,
  call: (args) => args[0].mark(cty.SENSITIVE),
};

export const tolist: CtyFunction = {
  params: [{ name: "v", type: cty.Dynamic }],
  returnTypeFor: () => cty.Dynamic,
  call(args) {
    const v = args[0];
    if (v.type.kind !== "tuple") return v;
    const els = v.elements();
    if (els.length === 0) return cty.listEmpty(cty.Dynamic);
    const u = cty.unify(els.map((e) => e.type));
    if (u === undefined) throw new FunctionCallError("inconsistent types", { argument: 0 });
    return cty.list(els.map((e, i) => u.conversions[i]?.(e) ?? e));
  },
};

export const functions: Record<string, CtyFunction> = { upper, length, max, sensitive, tolist };
