/**
 * HCL's operators over cty values, as hclsyntax runs them through go-cty's
 * stdlib functions: operands converted to the operator's type ("Invalid
 * operand"), `&&`/`||` deciding from one known side, unknown operands giving
 * not-null unknown results (ordering comparisons decided from number bounds
 * where they can be), null operands refused ("Operation failed"),
 * numbers exact with go-cty's 512-bit rounding, marks carried to the result.
 *
 * @module
 */

import { cty, type Num, type Type, type Value } from "../cty/evaluation.ts";
import type { BinaryOperator } from "./ast.ts";
import { compareWithBounds } from "./compare_bounds.ts";
import { type HclDiagnostic, hclError } from "./diagnostic.ts";
import { tryConvert } from "./eval_convert.ts";
import type { Evaluated } from "./eval_traverse.ts";
import { arithmetic, divideNumbers, moduloNumbers, NumberOpError } from "./number_ops.ts";
import type { Range } from "./source.ts";

function operandType(op: BinaryOperator): Type {
  switch (op) {
    case "&&":
    case "||":
      return cty.Bool;
    case "==":
    case "!=":
      return cty.Dynamic;
  }
  return cty.Number;
}

function resultType(op: BinaryOperator): Type {
  switch (op) {
    case "+":
    case "-":
    case "*":
    case "/":
    case "%":
      return cty.Number;
  }
  return cty.Bool;
}

function marksOf(...vs: Value[]): string[] {
  const out: string[] = [];
  for (const v of vs) if (v.marks !== null) out.push(...v.marks);
  return out;
}

function hasErrors(ds: readonly HclDiagnostic[]): boolean {
  for (const d of ds) if (d.severity === "error") return true;
  return false;
}

const UNKNOWN_BOOL = (): Value => cty.unknown(cty.Bool, { notNull: true });
function arith(op: BinaryOperator, a: Num, b: Num): Num {
  switch (op) {
    case "+":
      if (
        (a === Infinity && b === -Infinity) || (a === -Infinity && b === Infinity)
      ) throw new NumberOpError("can't compute sum of opposing infinities");
      return arithmetic("+", a, b);
    case "-":
      if ((a === Infinity && b === Infinity) || (a === -Infinity && b === -Infinity)) {
        throw new NumberOpError("can't subtract infinity from itself");
      }
      return arithmetic("-", a, b);
    case "*": {
      const inf = a === Infinity || a === -Infinity || b === Infinity || b === -Infinity;
      const zero = cty.compareNumbers(a, 0) === 0 || cty.compareNumbers(b, 0) === 0;
      if (inf && zero) throw new NumberOpError("can't multiply zero by infinity");
      return arithmetic("*", a, b);
    }
    case "/":
      return divideNumbers(a, b);
    default:
      return moduloNumbers(a, b);
  }
}

/** Applies the operator to unmarked, converted, non-error operands (the stdlib function). */
function callOperator(op: BinaryOperator, l: Value, r: Value): Value {
  if (op === "==" || op === "!=") {
    const eq = l.equals(r);
    if (!eq.isKnown) return UNKNOWN_BOOL();
    return op === "==" ? eq : cty.bool(!eq.asBool());
  }
  if (l.isNull || r.isNull) throw new NumberOpError("argument must not be null");
  if (op === "&&" || op === "||") {
    if (!l.isKnown || !r.isKnown) return UNKNOWN_BOOL();
    return cty.bool(op === "&&" ? l.asBool() && r.asBool() : l.asBool() || r.asBool());
  }
  if (op === "<" || op === "<=" || op === ">" || op === ">=") {
    if (!l.isKnown || !r.isKnown) return compareWithBounds(op, l, r);
    const c = cty.compareNumbers(l.asNumber(), r.asNumber());
    return cty.bool(op === "<" ? c < 0 : op === "<=" ? c <= 0 : op === ">" ? c > 0 : c >= 0);
  }
  if (!l.isKnown || !r.isKnown) return cty.unknown(cty.Number, { notNull: true });
  return cty.number(arith(op, l.asNumber(), r.asNumber()));
}

/**
 * Evaluates a binary operation from its operands' results (hclsyntax 2.23's
 * BinaryOpExpr.Value: both sides always evaluated, no short-circuit; an
 * unknown operand of `&&`/`||` makes the result unknown).
 */
export function binaryOp(
  op: BinaryOperator,
  lhs: Evaluated,
  rhs: Evaluated,
  lhsRange: Range,
  rhsRange: Range,
  range: Range,
): Evaluated {
  const want = operandType(op);
  const diags: HclDiagnostic[] = [...lhs.diagnostics, ...rhs.diagnostics];
  const [l, lerr] = tryConvert(lhs.value, want);
  if (lerr !== undefined) {
    diags.push(
      hclError("Invalid operand", `Unsuitable value for left operand: ${lerr}.`, lhsRange, range),
    );
  }
  const [r, rerr] = tryConvert(rhs.value, want);
  if (rerr !== undefined) {
    diags.push(
      hclError("Invalid operand", `Unsuitable value for right operand: ${rerr}.`, rhsRange, range),
    );
  }
  const rt = resultType(op);
  if (hasErrors(diags)) return { value: cty.unknown(rt), diagnostics: diags };
  const marks = marksOf(l, r);
  try {
    return { value: callOperator(op, l.unmark(), r.unmark()).withMarks(marks), diagnostics: diags };
  } catch (e) {
    const msg = e instanceof NumberOpError ? e.message : String(e);
    diags.push(hclError("Operation failed", `Error during operation: ${msg}.`, range));
    return { value: cty.unknown(rt), diagnostics: diags };
  }
}

/** Evaluates `-x` or `!x` (hclsyntax UnaryOpExpr.Value). */
export function unaryOp(
  op: "-" | "!",
  operand: Evaluated,
  operandRange: Range,
  range: Range,
): Evaluated {
  const t = op === "-" ? cty.Number : cty.Bool;
  const diags = [...operand.diagnostics];
  const [v, err] = tryConvert(operand.value, t);
  if (err !== undefined) {
    diags.push(
      hclError(
        "Invalid operand",
        `Unsuitable value for unary operand: ${err}.`,
        operandRange,
        range,
      ),
    );
  }
  if (hasErrors(diags)) return { value: cty.unknown(t), diagnostics: diags };
  const marks = v.marks === null ? [] : [...v.marks];
  const u = v.unmark();
  if (u.isNull) {
    diags.push(
      hclError("Operation failed", "Error during operation: argument must not be null.", range),
    );
    return { value: cty.unknown(t), diagnostics: diags };
  }
  if (!u.isKnown) {
    return { value: cty.unknown(t, { notNull: true }).withMarks(marks), diagnostics: diags };
  }
  const out = op === "-" ? cty.number(cty.subtractNumbers(0, u.asNumber())) : cty.bool(!u.asBool());
  return { value: out.withMarks(marks), diagnostics: diags };
}
