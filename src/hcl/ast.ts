/**
 * The native-syntax tree: bodies, attributes, blocks and expressions as
 * discriminated unions (`kind`), every node with its source `range`. Shapes
 * follow hclsyntax's node types so that HCL's documentation applies.
 *
 * @module
 */

import type { Value } from "../cty/evaluation.ts";
import type { Range } from "./source.ts";

/** A configuration body: attributes by name (in source order) and blocks. */
export interface Body {
  readonly kind: "body";
  /** Attributes by name; a repeated name keeps the first and reports "Attribute redefined". */
  readonly attributes: ReadonlyMap<string, Attribute>;
  /** Nested blocks in source order. */
  readonly blocks: readonly Block[];
  /** From the opening brace (or file start) to the closing brace (or file end). */
  readonly range: Range;
  /** The zero-width range just after the body, for "missing" diagnostics. */
  readonly endRange: Range;
}

/** `name = expression` */
export interface Attribute {
  readonly kind: "attribute";
  readonly name: string;
  readonly expr: Expression;
  readonly range: Range;
  readonly nameRange: Range;
  readonly equalsRange: Range;
}

/** `type "label" label { body }` */
export interface Block {
  readonly kind: "block";
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: Body;
  /** From the type name to the closing brace. */
  readonly range: Range;
  readonly typeRange: Range;
  readonly labelRanges: readonly Range[];
  readonly openBraceRange: Range;
  readonly closeBraceRange: Range;
}

/** One step of a traversal (`a.b[0]`). */
export type Traverser =
  | { readonly kind: "root"; readonly name: string; readonly range: Range }
  | { readonly kind: "attr"; readonly name: string; readonly range: Range }
  | { readonly kind: "index"; readonly key: Value; readonly range: Range };

/** A binary operator of the language. */
export type BinaryOperator =
  | "||"
  | "&&"
  | "=="
  | "!="
  | ">"
  | ">="
  | "<"
  | "<="
  | "+"
  | "-"
  | "*"
  | "/"
  | "%";

/** A constant (number, bool, null, a literal string part of a template). */
export interface LiteralExpr {
  readonly kind: "literal";
  readonly value: Value;
  readonly range: Range;
}

/** A template: parts whose string values are concatenated. */
export interface TemplateExpr {
  readonly kind: "template";
  readonly parts: readonly Expression[];
  readonly range: Range;
}

/** A template that is a single interpolation, `"${x}"`: yields `x` unconverted. */
export interface TemplateWrapExpr {
  readonly kind: "templateWrap";
  readonly wrapped: Expression;
  readonly range: Range;
}

/** A `%{for}` directive: the tuple of strings made by `tuple`, joined. */
export interface TemplateJoinExpr {
  readonly kind: "templateJoin";
  readonly tuple: ForExpr;
  readonly range: Range;
}

/** A traversal from a variable: `var.name[0]`. */
export interface ScopeTraversalExpr {
  readonly kind: "scopeTraversal";
  readonly traversal: readonly Traverser[];
  readonly range: Range;
}

/** A traversal from another expression's value: `f(x).a[0]`. */
export interface RelativeTraversalExpr {
  readonly kind: "relativeTraversal";
  readonly source: Expression;
  readonly traversal: readonly Traverser[];
  readonly range: Range;
}

/** `name(args...)`, `provider::aws::arn_parse(x)` */
export interface FunctionCallExpr {
  readonly kind: "functionCall";
  /** The name with any namespaces joined by `::`. */
  readonly name: string;
  readonly args: readonly Expression[];
  /** The last argument ends in `...` and is expanded into several. */
  readonly expandFinal: boolean;
  readonly range: Range;
  readonly nameRange: Range;
  readonly openParenRange: Range;
  readonly closeParenRange: Range;
}

/** `cond ? a : b`, and `%{if}` directives. */
export interface ConditionalExpr {
  readonly kind: "conditional";
  readonly condition: Expression;
  readonly trueResult: Expression;
  readonly falseResult: Expression;
  readonly range: Range;
}

/** `a op b` */
export interface BinaryOpExpr {
  readonly kind: "binaryOp";
  readonly op: BinaryOperator;
  readonly lhs: Expression;
  readonly rhs: Expression;
  readonly range: Range;
}

/** `-a`, `!a` */
export interface UnaryOpExpr {
  readonly kind: "unaryOp";
  readonly op: "-" | "!";
  readonly operand: Expression;
  readonly range: Range;
  readonly symbolRange: Range;
}

/** `[a, b]` */
export interface TupleConsExpr {
  readonly kind: "tuple";
  readonly exprs: readonly Expression[];
  readonly range: Range;
  readonly openRange: Range;
}

/** One `key = value` of an object constructor. */
export interface ObjectConsItem {
  readonly key: ObjectConsKeyExpr;
  readonly value: Expression;
}

/** `{ a = 1, "b" = 2, (k) = 3 }` */
export interface ObjectConsExpr {
  readonly kind: "object";
  readonly items: readonly ObjectConsItem[];
  readonly range: Range;
  readonly openRange: Range;
}

/** An object key: a bare identifier means its name, unless parenthesised. */
export interface ObjectConsKeyExpr {
  readonly kind: "objectKey";
  readonly wrapped: Expression;
  readonly forceNonLiteral: boolean;
  readonly range: Range;
}

/** `[for k, v in coll : v if cond]`, `{for k, v in coll : k => v... if cond}` */
export interface ForExpr {
  readonly kind: "for";
  /** The key variable, or "" when only a value variable is named. */
  readonly keyVar: string;
  readonly valVar: string;
  readonly collection: Expression;
  /** The key expression (objects only). */
  readonly keyExpr: Expression | undefined;
  readonly valExpr: Expression;
  readonly condition: Expression | undefined;
  /** `...`: values with the same key are grouped into tuples. */
  readonly group: boolean;
  readonly range: Range;
  readonly openRange: Range;
  readonly closeRange: Range;
}

/** `coll[key]` where the key is not a constant. */
export interface IndexExpr {
  readonly kind: "index";
  readonly collection: Expression;
  readonly key: Expression;
  readonly range: Range;
  readonly openRange: Range;
  readonly bracketRange: Range;
}

/** `src[*].a`, `src.*.a`: `each` evaluated with `item` bound to each element. */
export interface SplatExpr {
  readonly kind: "splat";
  readonly source: Expression;
  readonly each: Expression;
  readonly item: AnonSymbolExpr;
  readonly range: Range;
  readonly markerRange: Range;
}

/** The element placeholder inside a splat. */
export interface AnonSymbolExpr {
  readonly kind: "anonSymbol";
  readonly range: Range;
}

/** `(expr)` */
export interface ParenthesesExpr {
  readonly kind: "parentheses";
  readonly expression: Expression;
  readonly range: Range;
}

/** What remains of an expression that could not be parsed. */
export interface SyntaxErrorExpr {
  readonly kind: "syntaxError";
  readonly range: Range;
}

/** Any native-syntax expression. */
export type Expression =
  | LiteralExpr
  | TemplateExpr
  | TemplateWrapExpr
  | TemplateJoinExpr
  | ScopeTraversalExpr
  | RelativeTraversalExpr
  | FunctionCallExpr
  | ConditionalExpr
  | BinaryOpExpr
  | UnaryOpExpr
  | TupleConsExpr
  | ObjectConsExpr
  | ObjectConsKeyExpr
  | ForExpr
  | IndexExpr
  | SplatExpr
  | AnonSymbolExpr
  | ParenthesesExpr
  | SyntaxErrorExpr;
