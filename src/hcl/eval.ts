/**
 * Evaluation of native-syntax expressions to cty values, following
 * hclsyntax's `Value` methods: variables and functions from an
 * {@link EvalContext}, templates and directives, `for` expressions, splats,
 * conditionals with unified result types, unknowns (refined where HCL 2.23
 * refines them) and marks carried through.
 *
 * @module
 */

import {
  cty,
  type CtyFunction,
  type CtyParameter,
  FunctionCallError,
  type Num,
  type Type,
  type Value,
} from "../cty/evaluation.ts";
import type {
  AnonSymbolExpr,
  ConditionalExpr,
  Expression,
  ForExpr,
  FunctionCallExpr,
  ObjectConsKeyExpr,
  SplatExpr,
  TemplateExpr,
} from "./ast.ts";
import { type HclDiagnostic, hclError } from "./diagnostic.ts";
import { argumentExpressionCheck } from "./expression_arguments.ts";
import { expressionCall, valueClosure } from "./expression_closure.ts";
import { EvalContext } from "./eval_context.ts";
import { tryConvert } from "./eval_convert.ts";
import { binaryOp, unaryOp } from "./eval_ops.ts";
import { type Evaluated, indexValue, traverse } from "./eval_traverse.ts";
import { describeTypeMismatch } from "./eval_types.ts";
import { nameSuggestion } from "./parser_template.ts";
import { type Range, rangeBetween } from "./source.ts";

const DYN = cty.dynamicValue;

function hasErrors(ds: readonly HclDiagnostic[]): boolean {
  for (const d of ds) if (d.severity === "error") return true;
  return false;
}

function marksOf(v: Value): string[] {
  return v.marks === null ? [] : [...v.marks];
}

/** Where an expression starts, for diagnostics about it (hclsyntax's StartRange). */
export function startRange(e: Expression): Range {
  switch (e.kind) {
    case "binaryOp":
      return startRange(e.lhs);
    case "conditional":
      return startRange(e.condition);
    case "functionCall":
      return rangeBetween(e.nameRange, e.openParenRange);
    case "index":
      return e.openRange;
    case "splat":
      return e.markerRange;
    case "tuple":
    case "object":
    case "for":
      return e.openRange;
    case "unaryOp":
      return e.symbolRange;
    case "objectKey":
      return startRange(e.wrapped);
    case "template":
      return e.parts.length > 0 ? startRange(e.parts[0]) : e.range;
    case "templateJoin":
      return startRange(e.tuple);
    case "parentheses":
      return startRange(e.expression);
    default:
      return e.range;
  }
}

/** The bare name an expression is, when it is one identifier (hcl.ExprAsKeyword). */
export function exprAsKeyword(e: Expression): string | undefined {
  if (e.kind === "scopeTraversal" && e.traversal.length === 1) {
    const root = e.traversal[0];
    return root.kind === "root" ? root.name : undefined;
  }
  if (e.kind === "objectKey") return exprAsKeyword(e.wrapped);
  // As traversal syntax, the literal keywords are names (hclsyntax LiteralValueExpr.AsTraversal).
  if (e.kind === "literal") {
    const t = e.range.text;
    if (t === "true" || t === "false" || t === "null") return t;
  }
  return undefined;
}

class Evaluator {
  // Values of splat placeholders while their splat is being evaluated.
  readonly anon = new Map<AnonSymbolExpr, Value>();

  eval(e: Expression, ctx: EvalContext | undefined): Evaluated {
    switch (e.kind) {
      case "literal":
        return { value: e.value, diagnostics: [] };
      case "parentheses":
        return this.eval(e.expression, ctx);
      case "templateWrap":
        return this.eval(e.wrapped, ctx);
      case "template":
        return this.template(e, ctx);
      case "templateJoin":
        return this.templateJoin(e.tuple, e.range, ctx);
      case "scopeTraversal":
        return this.scopeTraversal(e.traversal, ctx);
      case "relativeTraversal": {
        const src = this.eval(e.source, ctx);
        const r = traverse(src.value, e.traversal, 0);
        return { value: r.value, diagnostics: [...src.diagnostics, ...r.diagnostics] };
      }
      case "functionCall":
        return this.call(e, ctx);
      case "conditional":
        return this.conditional(e, ctx);
      case "binaryOp":
        return binaryOp(
          e.op,
          this.eval(e.lhs, ctx),
          this.eval(e.rhs, ctx),
          e.lhs.range,
          e.rhs.range,
          e.range,
        );
      case "unaryOp":
        return unaryOp(e.op, this.eval(e.operand, ctx), e.operand.range, e.range);
      case "tuple": {
        const diags: HclDiagnostic[] = [];
        const vals = e.exprs.map((x) => {
          const r = this.eval(x, ctx);
          diags.push(...r.diagnostics);
          return r.value;
        });
        return { value: cty.tuple(vals), diagnostics: diags };
      }
      case "object":
        return this.object(e.items, ctx);
      case "objectKey":
        return this.objectKey(e, ctx);
      case "for":
        return this.forExpr(e, ctx);
      case "index": {
        const c = this.eval(e.collection, ctx);
        const k = this.eval(e.key, ctx);
        const r = indexValue(c.value, k.value, e.bracketRange);
        return {
          value: r.value,
          diagnostics: [...c.diagnostics, ...k.diagnostics, ...r.diagnostics],
        };
      }
      case "splat":
        return this.splat(e, ctx);
      case "anonSymbol":
        return { value: this.anon.get(e) ?? DYN, diagnostics: [] };
      case "syntaxError":
        return { value: DYN, diagnostics: [] };
    }
  }

  scopeTraversal(
    steps: readonly import("./ast.ts").Traverser[],
    ctx: EvalContext | undefined,
  ): Evaluated {
    const root = steps[0];
    if (root.kind !== "root") return { value: DYN, diagnostics: [] };
    if (ctx === undefined || !ctx.hasVariables) {
      return {
        value: DYN,
        diagnostics: [
          hclError("Variables not allowed", "Variables may not be used here.", root.range),
        ],
      };
    }
    const v = ctx.variable(root.name);
    if (v === undefined) {
      const s = nameSuggestion(root.name, ctx.variableNames());
      return {
        value: DYN,
        diagnostics: [hclError(
          "Unknown variable",
          `There is no variable named ${JSON.stringify(root.name)}.${
            s === "" ? "" : ` Did you mean ${JSON.stringify(s)}?`
          }`,
          root.range,
        )],
      };
    }
    return traverse(v, steps, 1);
  }

  template(e: TemplateExpr, ctx: EvalContext | undefined): Evaluated {
    const diags: HclDiagnostic[] = [];
    let known = true;
    let buf = "";
    const marks: string[] = [];
    for (const part of e.parts) {
      const r = this.eval(part, ctx);
      diags.push(...r.diagnostics);
      const v = r.value;
      if (v.isNull) {
        diags.push(hclError(
          "Invalid template interpolation value",
          "The expression result is null. Cannot include a null value in a string template.",
          part.range,
          e.range,
        ));
        continue;
      }
      marks.push(...marksOf(v));
      if (!v.isKnown) {
        known = false;
        continue;
      }
      const [s, err] = tryConvert(v.unmark(), cty.String);
      if (err !== undefined) {
        diags.push(hclError(
          "Invalid template interpolation value",
          `Cannot include the given value in a string template: ${err}.`,
          part.range,
          e.range,
        ));
        continue;
      }
      if (known && !hasErrors(diags)) buf += s.asString();
    }
    let out: Value;
    if (!known) {
      const prefix = hasErrors(diags) ? "" : truncateUtf8(buf, 128);
      out = cty.unknown(
        cty.String,
        prefix === "" ? { notNull: true } : { notNull: true, stringPrefix: prefix },
      );
    } else out = cty.string(buf);
    return { value: out.withMarks(marks), diagnostics: diags };
  }

  templateJoin(tuple: ForExpr, range: Range, ctx: EvalContext | undefined): Evaluated {
    const r = this.forExpr(tuple, ctx);
    const diags = [...r.diagnostics];
    const t = r.value;
    if (t.type.kind === "dynamic" || !t.isKnown) {
      return { value: cty.unknown(cty.String), diagnostics: diags };
    }
    const marks = marksOf(t);
    let buf = "";
    for (const v of t.unmark().elements()) {
      if (v.isNull) {
        diags.push(hclError(
          "Invalid template interpolation value",
          "An iteration result is null. Cannot include a null value in a string template.",
          range,
        ));
        continue;
      }
      if (v.type.kind === "dynamic") {
        return { value: cty.unknown(cty.String).withMarks(marks), diagnostics: diags };
      }
      const [s, err] = tryConvert(v, cty.String);
      if (err !== undefined) {
        diags.push(hclError(
          "Invalid template interpolation value",
          `Cannot include one of the interpolation results into the string template: ${err}.`,
          range,
        ));
        continue;
      }
      if (!v.isKnown) {
        return { value: cty.unknown(cty.String).withMarks(marks), diagnostics: diags };
      }
      marks.push(...marksOf(s));
      buf += s.unmark().asString();
    }
    return { value: cty.string(buf).withMarks(marks), diagnostics: diags };
  }

  objectKey(e: ObjectConsKeyExpr, ctx: EvalContext | undefined): Evaluated {
    if (!e.forceNonLiteral) {
      const w = e.wrapped;
      if (w.kind === "scopeTraversal" && w.traversal.length > 1) {
        return {
          value: DYN,
          diagnostics: [hclError(
            "Ambiguous attribute key",
            "If this expression is intended to be a reference, wrap it in parentheses. If it's instead intended as a literal name containing periods, wrap it in quotes to create a string literal.",
            e.range,
          )],
        };
      }
      const name = exprAsKeyword(w);
      if (name !== undefined) return { value: cty.string(name), diagnostics: [] };
    }
    return this.eval(e.wrapped, ctx);
  }

  object(
    items: readonly import("./ast.ts").ObjectConsItem[],
    ctx: EvalContext | undefined,
  ): Evaluated {
    const vals = new Map<string, Value>();
    const diags: HclDiagnostic[] = [];
    const marks: string[] = [];
    let known = true;
    for (const item of items) {
      const k = this.eval(item.key, ctx);
      diags.push(...k.diagnostics);
      const v = this.eval(item.value, ctx);
      diags.push(...v.diagnostics);
      if (hasErrors(k.diagnostics)) {
        known = false;
        continue;
      }
      if (k.value.isNull) {
        diags.push(
          hclError("Null value as key", "Can't use a null value as a key.", item.value.range),
        );
        known = false;
        continue;
      }
      marks.push(...marksOf(k.value));
      const [key, err] = tryConvert(k.value.unmark(), cty.String);
      if (err !== undefined) {
        diags.push(
          hclError("Incorrect key type", `Can't use this value as a key: ${err}.`, item.key.range),
        );
        known = false;
        continue;
      }
      if (!key.isKnown) {
        known = false;
        continue;
      }
      vals.set(key.asString(), v.value);
    }
    if (!known) return { value: DYN, diagnostics: diags };
    return { value: cty.object(vals).withMarks(marks), diagnostics: diags };
  }

  conditional(e: ConditionalExpr, ctx: EvalContext | undefined): Evaluated {
    const t = this.eval(e.trueResult, ctx);
    const f = this.eval(e.falseResult, ctx);
    const diags: HclDiagnostic[] = [];
    let tv = t.value;
    let fv = f.value;
    let type: Type | undefined = cty.Dynamic;
    let convT: ((v: Value) => Value) | undefined;
    let convF: ((v: Value) => Value) | undefined;
    const isNullDyn = (v: Value) => v.isNull && v.type.kind === "dynamic" && v.marks === null;
    // A literal null takes the other side's type; go-cty's conversion from the
    // dynamic type leaves the null itself dynamic.
    if (isNullDyn(tv)) type = fv.type;
    else if (isNullDyn(fv)) type = tv.type;
    else if (tv.type.kind !== "dynamic" && fv.type.kind !== "dynamic") {
      const u = cty.unifyUnsafe([tv.type, fv.type]);
      type = u?.type;
      convT = u?.conversions[0];
      convF = u?.conversions[1];
    }
    if (type === undefined) {
      return {
        value: DYN,
        diagnostics: [hclError(
          "Inconsistent conditional result types",
          `The true and false result expressions must have consistent types. ${
            describeTypeMismatch(tv.type, fv.type)
          }.`,
          rangeBetween(e.trueResult.range, e.falseResult.range),
          e.range,
        )],
      };
    }
    const c = this.eval(e.condition, ctx);
    diags.push(...c.diagnostics);
    if (c.value.isNull) {
      diags.push(hclError(
        "Null condition",
        "The condition value is null. Conditions must either be true or false.",
        e.condition.range,
        e.range,
      ));
      return { value: cty.unknown(type), diagnostics: diags };
    }
    const marks = [...marksOf(c.value), ...marksOf(tv), ...marksOf(fv)];
    const cond = c.value.unmark();
    tv = tv.unmark();
    fv = fv.unmark();
    if (!cond.isKnown) {
      if (tv.isNull && fv.isNull) {
        return { value: cty.nullValue(type).withMarks(marks), diagnostics: diags };
      }
      return { value: unknownBetween(tv, fv, type).withMarks(marks), diagnostics: diags };
    }
    const [cb, err] = tryConvert(cond, cty.Bool);
    if (err !== undefined) {
      diags.push(hclError(
        "Incorrect condition type",
        "The condition expression must be of type bool.",
        e.condition.range,
        e.range,
      ));
      return { value: cty.unknown(type), diagnostics: diags };
    }
    const pick = cb.asBool();
    const [res, resDiags, conv, which, rng] = pick
      ? [tv, t.diagnostics, convT, "true", e.trueResult.range] as const
      : [fv, f.diagnostics, convF, "false", e.falseResult.range] as const;
    diags.push(...resDiags);
    let out = res;
    if (conv !== undefined) {
      try {
        out = conv(res);
      } catch (x) {
        diags.push(hclError(
          "Inconsistent conditional result types",
          `The ${which} result value has the wrong type: ${x instanceof Error ? x.message : x}.`,
          rng,
          e.range,
        ));
        out = cty.unknown(type);
      }
    }
    return { value: out.withMarks(marks), diagnostics: diags };
  }

  forExpr(e: ForExpr, ctx: EvalContext | undefined): Evaluated {
    const diags: HclDiagnostic[] = [];
    const marks: string[] = [];
    const c = this.eval(e.collection, ctx);
    diags.push(...c.diagnostics);
    const base = ctx ?? new EvalContext();
    if (c.value.isNull) {
      diags.push(hclError(
        "Iteration over null value",
        "A null value cannot be used as the collection in a 'for' expression.",
        e.collection.range,
        e.range,
      ));
      return { value: DYN, diagnostics: diags };
    }
    if (c.value.type.kind === "dynamic") return { value: DYN, diagnostics: diags };
    marks.push(...marksOf(c.value));
    const coll = c.value.unmark();
    const ck = coll.type.kind;
    if (!(ck === "list" || ck === "set" || ck === "map" || ck === "tuple" || ck === "object")) {
      diags.push(hclError(
        "Iteration over non-iterable value",
        `A value of type ${
          cty.friendlyName(coll.type)
        } cannot be used as the collection in a 'for' expression.`,
        e.collection.range,
        e.range,
      ));
      return { value: DYN, diagnostics: diags };
    }
    const bind = (k: Value, v: Value): EvalContext => {
      const vars: Record<string, Value> = {};
      if (e.keyVar !== "") vars[e.keyVar] = k;
      vars[e.valVar] = v;
      return base.child(vars);
    };
    if (e.condition !== undefined) {
      // A first pass with unknown names catches conditions that are wrong whatever the element.
      const r = this.eval(e.condition, bind(DYN, DYN));
      diags.push(...r.diagnostics);
      if (r.value.isNull) {
        diags.push(hclError(
          "Condition is null",
          "The value of the 'if' clause must not be null.",
          e.condition.range,
          e.range,
        ));
        return { value: DYN, diagnostics: diags };
      }
      const [, err] = tryConvert(r.value, cty.Bool);
      if (err !== undefined) {
        diags.push(hclError(
          "Invalid 'for' condition",
          `The 'if' clause value is invalid: ${err}.`,
          e.condition.range,
          e.range,
        ));
        return { value: DYN, diagnostics: diags };
      }
      if (hasErrors(r.diagnostics)) return { value: DYN, diagnostics: diags };
    }
    if (!coll.isKnown) return { value: DYN.withMarks(marks), diagnostics: diags };
    let known = true;
    const entries = coll.entries().map(([k, v]): [Value, Value] => [
      typeof k === "string" ? cty.string(k) : typeof k === "number" ? cty.number(k) : k,
      v,
    ]);
    const include = (child: EvalContext): boolean | undefined => {
      if (e.condition === undefined) return true;
      const r = this.eval(e.condition, child);
      diags.push(...r.diagnostics);
      if (r.value.isNull) {
        if (known) {
          diags.push(hclError(
            "Invalid 'for' condition",
            "The value of the 'if' clause must not be null.",
            e.condition.range,
            e.range,
          ));
        }
        return undefined;
      }
      marks.push(...marksOf(r.value));
      const [b, err] = tryConvert(r.value, cty.Bool);
      if (err !== undefined) {
        if (known) {
          diags.push(hclError(
            "Invalid 'for' condition",
            `The 'if' clause value is invalid: ${err}.`,
            e.condition.range,
            e.range,
          ));
        }
        return undefined;
      }
      if (!b.isKnown) return undefined;
      return b.unmark().asBool();
    };
    if (e.keyExpr !== undefined) {
      const vals = new Map<string, Value>();
      const groups = new Map<string, Value[]>();
      for (const [k, v] of entries) {
        const child = bind(k, v);
        const inc = include(child);
        if (inc === undefined) {
          known = false;
          continue;
        }
        if (!inc) continue;
        const kr = this.eval(e.keyExpr, child);
        diags.push(...kr.diagnostics);
        if (kr.value.isNull) {
          if (known) {
            diags.push(hclError(
              "Invalid object key",
              "Key expression in 'for' expression must not produce a null value.",
              e.keyExpr.range,
              e.range,
            ));
          }
          known = false;
          continue;
        }
        marks.push(...marksOf(kr.value));
        if (!kr.value.isKnown) {
          known = false;
          continue;
        }
        const [key, err] = tryConvert(kr.value.unmark(), cty.String);
        if (err !== undefined) {
          if (known) {
            diags.push(hclError(
              "Invalid object key",
              `The key expression produced an invalid result: ${err}.`,
              e.keyExpr.range,
              e.range,
            ));
          }
          known = false;
          continue;
        }
        const ks = key.unmark().asString();
        const vr = this.eval(e.valExpr, child);
        diags.push(...vr.diagnostics);
        if (e.group) {
          const g = groups.get(ks);
          if (g === undefined) groups.set(ks, [vr.value]);
          else g.push(vr.value);
        } else if (vals.has(ks)) {
          diags.push(hclError(
            "Duplicate object key",
            `Two different items produced the key ${
              JSON.stringify(ks)
            } in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key.`,
            e.keyExpr.range,
            e.range,
          ));
        } else vals.set(ks, vr.value);
      }
      if (!known) return { value: DYN.withMarks(marks), diagnostics: diags };
      if (e.group) { for (const [k, g] of groups) vals.set(k, cty.tuple(g)); }
      return { value: cty.object(vals).withMarks(marks), diagnostics: diags };
    }
    const out: Value[] = [];
    for (const [k, v] of entries) {
      const child = bind(k, v);
      const inc = include(child);
      if (inc === undefined) {
        known = false;
        continue;
      }
      if (!inc) continue;
      const vr = this.eval(e.valExpr, child);
      diags.push(...vr.diagnostics);
      out.push(vr.value);
    }
    if (!known) return { value: DYN.withMarks(marks), diagnostics: diags };
    return { value: cty.tuple(out).withMarks(marks), diagnostics: diags };
  }

  splat(e: SplatExpr, ctx: EvalContext | undefined): Evaluated {
    const s = this.eval(e.source, ctx);
    const diags = [...s.diagnostics];
    if (hasErrors(diags)) return { value: DYN, diagnostics: diags };
    let src = s.value;
    let st = src.type;
    const autoUpgrade = !(st.kind === "tuple" || st.kind === "list" || st.kind === "set");
    if (src.isNull) {
      if (autoUpgrade) return { value: cty.tuple([]).withMarks(marksOf(src)), diagnostics: diags };
      diags.push(hclError(
        "Splat of null value",
        "Splat expressions (with the * symbol) cannot be applied to null sequences.",
        e.source.range,
        rangeBetween(e.source.range, e.markerRange),
      ));
      return { value: DYN, diagnostics: diags };
    }
    if (st.kind === "dynamic") return { value: DYN.withMarks(marksOf(src)), diagnostics: diags };
    let upgradedUnknown = false;
    if (autoUpgrade) {
      if (!src.isKnown && src.refinements?.notNull !== true) upgradedUnknown = true;
      src = cty.tuple([src.unmark()]).withMarks(marksOf(src));
      st = src.type;
    }
    const each = (item: Value): Evaluated => {
      this.anon.set(e.item, item);
      const r = this.eval(e.each, ctx);
      this.anon.delete(e.item);
      return r;
    };
    const resultType = (): Type => {
      if (st.kind === "list" || st.kind === "set") {
        return cty.List(each(cty.unknown(st.element)).value.type);
      }
      if (st.kind === "tuple") {
        return cty.Tuple(st.elements.map((t) => each(cty.unknown(t)).value.type));
      }
      return cty.Dynamic;
    };
    if (!src.isKnown) {
      const ty = resultType();
      const v = ty.kind === "dynamic" ? DYN : cty.unknown(ty, { notNull: true });
      return { value: v.withMarks(marksOf(src)), diagnostics: diags };
    }
    const marks = marksOf(src);
    const vals: Value[] = [];
    let known = true;
    for (const item of src.unmark().elements()) {
      const r = each(item);
      diags.push(...r.diagnostics);
      if (hasErrors(r.diagnostics)) known = false;
      vals.push(r.value);
    }
    if (upgradedUnknown) return { value: DYN.withMarks(marks), diagnostics: diags };
    if (!known) return { value: cty.unknown(resultType()).withMarks(marks), diagnostics: diags };
    if (st.kind === "list" || st.kind === "set") {
      if (vals.length === 0) {
        const ty = resultType() as { element: Type };
        return { value: cty.listEmpty(ty.element).withMarks(marks), diagnostics: diags };
      }
      try {
        return { value: cty.list(vals).withMarks(marks), diagnostics: diags };
      } catch {
        diags.push(hclError(
          "Invalid nested splat expressions",
          "The second level of splat expression produced elements of different types, so it isn't possible to construct a valid list to represent the top-level result.\n\nConsider using a for expression instead, to produce a tuple-typed result which can therefore have non-homogenous element types.",
          e.each.range,
          e.range,
        ));
        return { value: DYN, diagnostics: diags };
      }
    }
    return { value: cty.tuple(vals).withMarks(marks), diagnostics: diags };
  }

  call(e: FunctionCallExpr, ctx: EvalContext | undefined): Evaluated {
    const f = ctx?.fn(e.name);
    if (f === undefined) return { value: DYN, diagnostics: [unknownFunction(e, ctx)] };
    const diags: HclDiagnostic[] = [];
    const params = f.params;
    const varParam = f.varParam;
    let args: Array<{ expr: Expression; value?: Value }> = e.args.map((expr) => ({ expr }));
    if (e.expandFinal) {
      const last = e.args[e.args.length - 1];
      const ev = this.eval(last, ctx);
      diags.push(...ev.diagnostics);
      if (hasErrors(ev.diagnostics)) return { value: DYN, diagnostics: diags };
      const v = ev.value;
      const k = v.type.kind;
      if (k === "dynamic" || k === "tuple" || k === "list" || k === "set") {
        if (v.isNull) {
          diags.push(hclError(
            "Invalid expanding argument value",
            "The expanding argument (indicated by ...) must not be null.",
            last.range,
            e.range,
          ));
          return { value: DYN, diagnostics: diags };
        }
        if (k === "dynamic" || !v.isKnown) return { value: DYN, diagnostics: diags };
        const marks = marksOf(v);
        args = args.slice(0, -1);
        for (const el of v.unmark().elements()) {
          args.push({ expr: last, value: el.withMarks(marks) });
        }
      } else {
        diags.push(hclError(
          "Invalid expanding argument value",
          "The expanding argument (indicated by ...) must be of a tuple, list, or set type.",
          last.range,
          e.range,
        ));
        return { value: DYN, diagnostics: diags };
      }
    }
    if (args.length < params.length) {
      const missing = params[args.length];
      return {
        value: DYN,
        diagnostics: [hclError(
          "Not enough function arguments",
          `Function ${JSON.stringify(e.name)} expects${
            varParam === undefined ? "" : " at least"
          } ${params.length} argument(s). Missing value for ${JSON.stringify(missing.name)}.`,
          e.closeParenRange,
          e.range,
        )],
      };
    }
    if (varParam === undefined && args.length > params.length) {
      return {
        value: DYN,
        diagnostics: [hclError(
          "Too many function arguments",
          `Function ${JSON.stringify(e.name)} expects only ${params.length} argument(s).`,
          startRange(args[params.length].expr),
          e.range,
        )],
      };
    }
    const withExpressions = expressionCall(f);
    if (withExpressions !== undefined) {
      // can/try: the function evaluates its arguments itself, with this evaluator (splat symbols).
      const closures = args.map((a) =>
        a.value !== undefined ? valueClosure(a.value) : {
          expression: a.expr,
          context: ctx,
          value: () => this.eval(a.expr, ctx),
        }
      );
      return this.finishCall(e, f, () => withExpressions(closures), args, diags);
    }
    const check = argumentExpressionCheck(f);
    const problem = check === undefined ? undefined : check(args.map((a) => a.expr));
    if (problem !== undefined) {
      const param = problem.argument < params.length ? params[problem.argument] : varParam;
      diags.push(hclError(
        "Invalid function argument",
        `Invalid value for ${JSON.stringify(param?.name ?? "")} parameter: ${problem.message}.`,
        startRange(args[problem.argument].expr),
        e.range,
      ));
      return { value: DYN, diagnostics: diags };
    }
    const vals: Value[] = [];
    for (let i = 0; i < args.length; i++) {
      const param = (i < params.length ? params[i] : varParam) as CtyParameter;
      let v = args[i].value;
      if (v === undefined) {
        const r = this.eval(args[i].expr, ctx);
        diags.push(...r.diagnostics);
        v = r.value;
      }
      const [cv, err] = tryConvert(v, param.type);
      if (err !== undefined) {
        diags.push(hclError(
          "Invalid function argument",
          `Invalid value for ${JSON.stringify(param.name)} parameter: ${err}.`,
          startRange(args[i].expr),
          e.range,
        ));
      }
      vals.push(cv);
    }
    if (hasErrors(diags)) return { value: DYN, diagnostics: diags };
    return this.finishCall(e, f, () => callFunction(f, vals), args, diags);
  }

  /** Runs a call, turning a thrown FunctionCallError into HCL's diagnostic for it. */
  finishCall(
    e: FunctionCallExpr,
    f: CtyFunction,
    run: () => Value,
    args: ReadonlyArray<{ expr: Expression }>,
    diags: HclDiagnostic[],
  ): Evaluated {
    const params = f.params;
    const varParam = f.varParam;
    try {
      return { value: run(), diagnostics: diags };
    } catch (x) {
      const msg = x instanceof Error ? x.message : String(x);
      if (x instanceof FunctionCallError && x.argument !== undefined) {
        const i = x.argument;
        const param = i < params.length ? params[i] : varParam;
        if (param !== undefined && i < args.length) {
          diags.push(hclError(
            "Invalid function argument",
            `Invalid value for ${JSON.stringify(param.name)} parameter: ${msg}.`,
            startRange(args[i].expr),
            e.range,
          ));
          return { value: DYN, diagnostics: diags };
        }
        if (param !== undefined) {
          diags.push(hclError(
            "Invalid function argument",
            `Invalid value for ${JSON.stringify(param.name)} parameter: ${msg}.`,
            e.range,
          ));
          return { value: DYN, diagnostics: diags };
        }
      }
      diags.push(hclError(
        "Error in function call",
        `Call to function ${JSON.stringify(e.name)} failed: ${msg}.`,
        startRange(e),
        e.range,
      ));
      return { value: DYN, diagnostics: diags };
    }
  }
}

/** Calls a function; a result of the wrong type is the function's fault, reported as its error. */
function callFunction(f: CtyFunction, args: Value[]): Value {
  return f.call(args);
}

function unknownFunction(e: FunctionCallExpr, ctx: EvalContext | undefined): HclDiagnostic {
  if (ctx === undefined || !ctx.hasFunctions) {
    return hclError("Function calls not allowed", "Functions may not be called here.", e.range);
  }
  const sep = e.name.lastIndexOf("::");
  if (sep >= 0) {
    const ns = e.name.slice(0, sep + 2);
    const name = e.name.slice(sep + 2);
    const avail = ctx.functionNames().filter((n) => n.startsWith(ns));
    if (avail.length === 0) {
      return hclError(
        "Call to unknown function",
        `There are no functions in namespace ${JSON.stringify(ns)}.`,
        e.nameRange,
        e.range,
      );
    }
    const s = nameSuggestion(name, avail.map((n) => n.slice(ns.length)));
    return hclError(
      "Call to unknown function",
      `There is no function named ${JSON.stringify(name)} in namespace ${ns}.${
        s === "" ? "" : ` Did you mean ${ns}${s}?`
      }`,
      e.nameRange,
      e.range,
    );
  }
  const s = nameSuggestion(e.name, ctx.functionNames());
  return hclError(
    "Call to unknown function",
    `There is no function named ${JSON.stringify(e.name)}.${
      s === "" ? "" : ` Did you mean ${JSON.stringify(s)}?`
    }`,
    e.nameRange,
    e.range,
  );
}

type Bound = readonly [Num, boolean];

function numberBounds(v: Value): [Bound | undefined, Bound | undefined] {
  if (v.isKnown) {
    if (v.isNull) return [undefined, undefined];
    const n = v.unmark().asNumber();
    return [[n, true], [n, true]];
  }
  const r = v.refinements;
  return [r?.numberLower, r?.numberUpper];
}

function lengthBounds(v: Value): [number, number] {
  if (v.isKnown) return v.isNull ? [0, Infinity] : [v.unmark().length, v.unmark().length];
  const r = v.refinements;
  return [r?.lengthLower ?? 0, r?.lengthUpper ?? Infinity];
}

/**
 * The unknown result of a conditional whose condition is unknown: refined to
 * cover both results, as hclsyntax 2.23 does (not null when neither can be,
 * number bounds spanning both, collection lengths spanning both).
 */
function unknownBetween(t: Value, f: Value, type: Type): Value {
  const notNull = definitelyNotNull(t) && definitelyNotNull(f);
  if (type.kind === "dynamic") return cty.dynamicValue;
  const refine: {
    notNull?: boolean;
    numberLower?: Bound;
    numberUpper?: Bound;
    lengthLower?: number;
    lengthUpper?: number;
  } = notNull ? { notNull: true } : {};
  if (t.type.kind === "number" && f.type.kind === "number") {
    const [tl, th] = numberBounds(t);
    const [fl, fh] = numberBounds(f);
    if (tl !== undefined && fl !== undefined) {
      const c = cty.compareNumbers(tl[0], fl[0]);
      refine.numberLower = c < 0 ? tl : c > 0 ? fl : [fl[0], tl[1] || fl[1]];
    }
    if (th !== undefined && fh !== undefined) {
      const c = cty.compareNumbers(th[0], fh[0]);
      refine.numberUpper = c > 0 ? th : c < 0 ? fh : [fh[0], th[1] || fh[1]];
    }
  } else if (
    (t.type.kind === "list" || t.type.kind === "set" || t.type.kind === "map") &&
    cty.typeEquals(t.type, f.type)
  ) {
    const [tl, th] = lengthBounds(t);
    const [fl, fh] = lengthBounds(f);
    refine.lengthLower = Math.min(tl, fl);
    const hi = Math.max(th, fh);
    if (hi !== Infinity) refine.lengthUpper = hi;
  }
  return cty.unknown(type, refine);
}

function definitelyNotNull(v: Value): boolean {
  if (v.isKnown) return !v.isNull;
  return v.refinements?.notNull === true;
}

/** The longest prefix of `s` of at most `max` UTF-8 bytes, not splitting a character. */
function truncateUtf8(s: string, max: number): string {
  const bytes = new TextEncoder().encode(s);
  if (bytes.length <= max) return s;
  let end = max;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(bytes.subarray(0, end));
}

/**
 * Evaluates an expression. Without a context, variables and function calls
 * are errors ("Variables not allowed"), as in HCL.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../cty/mod.ts";
 * import { evaluate } from "./eval.ts";
 * import { EvalContext } from "./eval_context.ts";
 * import { parseExpression } from "./parse.ts";
 * const { expr } = parseExpression('"${name}-${count * 2}"');
 * const ctx = new EvalContext({ variables: { name: cty.string("web"), count: cty.number(3) } });
 * const { value, diagnostics } = evaluate(expr, ctx);
 * assert.equal(diagnostics.length, 0);
 * assert.equal(value.asString(), "web-6");
 * ```
 */
export function evaluate(expr: Expression, ctx?: EvalContext): Evaluated {
  return new Evaluator().eval(expr, ctx);
}
