/**
 * The parser's node classes. Each node keeps its ranges as UTF-16 offsets
 * into its file and makes a {@link Range} only when one is read: a tree of
 * a typical file has about one range per 4 bytes of source, and as objects
 * they were 40% of the memory a tree holds. Each class satisfies the
 * matching interface of `ast.ts`, so consumers see the same shapes; a range
 * read twice is two equal `Range` objects rather than one.
 *
 * Bodies and the rarer nodes (splats, `for`, template directives, error
 * placeholders) stay plain objects; {@link startOf} and {@link endOf} read
 * the offsets of any node.
 *
 * @module
 */

import type { Value } from "../cty/mod.ts";
import type {
  Attribute,
  BinaryOperator,
  BinaryOpExpr,
  Block,
  Body,
  ConditionalExpr,
  Expression,
  FunctionCallExpr,
  IndexExpr,
  LiteralExpr,
  ObjectConsExpr,
  ObjectConsItem,
  ObjectConsKeyExpr,
  ParenthesesExpr,
  RelativeTraversalExpr,
  ScopeTraversalExpr,
  TemplateExpr,
  TemplateWrapExpr,
  Traverser,
  TupleConsExpr,
  UnaryOpExpr,
} from "./ast.ts";
import { Range, type SourceFile } from "./source.ts";

/** A node whose `range` is made from offsets when read. */
export abstract class Spanned {
  readonly #file: SourceFile;
  readonly #start: number;
  #end: number;

  constructor(file: SourceFile, start: number, end: number) {
    this.#file = file;
    this.#start = start;
    this.#end = end;
  }

  /** The node's source range. */
  get range(): Range {
    return new Range(this.#file, this.#start, this.#end);
  }

  /** A range of this node's file (for the other ranges a node has). */
  protected at(start: number, end: number): Range {
    return new Range(this.#file, start, end);
  }

  /** Start offset of any node's range, without making a `Range` for a spanned one. */
  static startOf(n: { readonly range: Range }): number {
    return #start in n ? n.#start : n.range.startOffset;
  }

  /** End offset of any node's range. */
  static endOf(n: { readonly range: Range }): number {
    return #end in n ? n.#end : n.range.endOffset;
  }

  /** Moves a spanned node's end (a traversal growing by one step as it is parsed). */
  static extendTo(n: Spanned, end: number): void {
    if (end > n.#end) n.#end = end;
  }
}

/** Start offset of `n`'s range. */
export const startOf: (n: { readonly range: Range }) => number = Spanned.startOf;
/** End offset of `n`'s range. */
export const endOf: (n: { readonly range: Range }) => number = Spanned.endOf;

/** A number, bool or null literal, or a literal part of a template. */
export class LiteralNode extends Spanned implements LiteralExpr {
  readonly kind = "literal";
  constructor(file: SourceFile, start: number, end: number, readonly value: Value) {
    super(file, start, end);
  }
}

/** A template of several parts. */
export class TemplateNode extends Spanned implements TemplateExpr {
  readonly kind = "template";
  constructor(file: SourceFile, start: number, end: number, readonly parts: readonly Expression[]) {
    super(file, start, end);
  }
}

/** A template that is one interpolation. */
export class TemplateWrapNode extends Spanned implements TemplateWrapExpr {
  readonly kind = "templateWrap";
  constructor(file: SourceFile, start: number, end: number, readonly wrapped: Expression) {
    super(file, start, end);
  }
}

/** The first step of a traversal: a variable name. */
export class RootStep extends Spanned {
  readonly kind = "root";
  constructor(file: SourceFile, start: number, end: number, readonly name: string) {
    super(file, start, end);
  }
}

/** `.name` */
export class AttrStep extends Spanned {
  readonly kind = "attr";
  constructor(file: SourceFile, start: number, end: number, readonly name: string) {
    super(file, start, end);
  }
}

/** `[constant]` or legacy `.0` */
export class IndexStep extends Spanned {
  readonly kind = "index";
  constructor(file: SourceFile, start: number, end: number, readonly key: Value) {
    super(file, start, end);
  }
}

/** A traversal from a variable; the parser appends steps while reading it. */
export class ScopeTraversalNode extends Spanned implements ScopeTraversalExpr {
  readonly kind = "scopeTraversal";
  constructor(
    file: SourceFile,
    start: number,
    end: number,
    public traversal: readonly Traverser[],
  ) {
    super(file, start, end);
  }
}

/** A traversal from another expression's value. */
export class RelativeTraversalNode extends Spanned implements RelativeTraversalExpr {
  readonly kind = "relativeTraversal";
  constructor(
    file: SourceFile,
    start: number,
    end: number,
    readonly source: Expression,
    public traversal: readonly Traverser[],
  ) {
    super(file, start, end);
  }
}

/** `name(args...)`; the range starts with the name and the `(` is one character. */
export class FunctionCallNode extends Spanned implements FunctionCallExpr {
  readonly kind = "functionCall";
  readonly #nameEnd: number;
  readonly #open: number;
  readonly #close: number;
  readonly #closeEnd: number;
  constructor(
    file: SourceFile,
    start: number,
    end: number,
    readonly name: string,
    readonly args: readonly Expression[],
    readonly expandFinal: boolean,
    nameEnd: number,
    open: number,
    close: number,
    closeEnd: number,
  ) {
    super(file, start, end);
    this.#nameEnd = nameEnd;
    this.#open = open;
    this.#close = close;
    this.#closeEnd = closeEnd;
  }
  /** The name with its namespaces. */
  get nameRange(): Range {
    return this.at(startOf(this), this.#nameEnd);
  }
  /** `(` */
  get openParenRange(): Range {
    return this.at(this.#open, this.#open + 1);
  }
  /** `)` */
  get closeParenRange(): Range {
    return this.at(this.#close, this.#closeEnd);
  }
}

/** `cond ? a : b` */
export class ConditionalNode extends Spanned implements ConditionalExpr {
  readonly kind = "conditional";
  constructor(
    file: SourceFile,
    start: number,
    end: number,
    readonly condition: Expression,
    readonly trueResult: Expression,
    readonly falseResult: Expression,
  ) {
    super(file, start, end);
  }
}

/** `a op b`, spanning its operands. */
export class BinaryOpNode extends Spanned implements BinaryOpExpr {
  readonly kind = "binaryOp";
  constructor(
    file: SourceFile,
    readonly op: BinaryOperator,
    readonly lhs: Expression,
    readonly rhs: Expression,
  ) {
    super(file, Math.min(startOf(lhs), startOf(rhs)), Math.max(endOf(lhs), endOf(rhs)));
  }
}

/** `-a`, `!a`; the symbol is one character. */
export class UnaryOpNode extends Spanned implements UnaryOpExpr {
  readonly kind = "unaryOp";
  readonly #symbol: number;
  constructor(
    file: SourceFile,
    symbolStart: number,
    readonly op: "-" | "!",
    readonly operand: Expression,
  ) {
    super(file, Math.min(symbolStart, startOf(operand)), Math.max(symbolStart + 1, endOf(operand)));
    this.#symbol = symbolStart;
  }
  /** The operator symbol. */
  get symbolRange(): Range {
    return this.at(this.#symbol, this.#symbol + 1);
  }
}

/** `[a, b]`; its range starts at the one-character `[`. */
export class TupleNode extends Spanned implements TupleConsExpr {
  readonly kind = "tuple";
  constructor(file: SourceFile, start: number, end: number, readonly exprs: readonly Expression[]) {
    super(file, start, end);
  }
  /** `[` */
  get openRange(): Range {
    const s = startOf(this);
    return this.at(s, s + 1);
  }
}

/** `{ k = v }`; its range starts at the one-character `{`. */
export class ObjectNode extends Spanned implements ObjectConsExpr {
  readonly kind = "object";
  constructor(
    file: SourceFile,
    start: number,
    end: number,
    readonly items: readonly ObjectConsItem[],
  ) {
    super(file, start, end);
  }
  /** `{` */
  get openRange(): Range {
    const s = startOf(this);
    return this.at(s, s + 1);
  }
}

/** An object constructor's key, spanning the expression it wraps. */
export class ObjectKeyNode extends Spanned implements ObjectConsKeyExpr {
  readonly kind = "objectKey";
  constructor(file: SourceFile, readonly wrapped: Expression, readonly forceNonLiteral: boolean) {
    super(file, startOf(wrapped), endOf(wrapped));
  }
}

/** `coll[key]` for a key that is not constant; the brackets span `open`..`end`. */
export class IndexNode extends Spanned implements IndexExpr {
  readonly kind = "index";
  readonly #open: number;
  constructor(
    file: SourceFile,
    start: number,
    readonly collection: Expression,
    readonly key: Expression,
    open: number,
    end: number,
  ) {
    super(file, start, end);
    this.#open = open;
  }
  /** `[` */
  get openRange(): Range {
    return this.at(this.#open, this.#open + 1);
  }
  /** From `[` to `]`. */
  get bracketRange(): Range {
    return this.at(this.#open, endOf(this));
  }
}

/** `(expr)` */
export class ParenthesesNode extends Spanned implements ParenthesesExpr {
  readonly kind = "parentheses";
  constructor(file: SourceFile, start: number, end: number, readonly expression: Expression) {
    super(file, start, end);
  }
}

/** `name = expr`; the name starts the range and the `=` is one character. */
export class AttributeNode extends Spanned implements Attribute {
  readonly kind = "attribute";
  readonly #nameEnd: number;
  readonly #equals: number;
  constructor(
    file: SourceFile,
    start: number,
    end: number,
    readonly name: string,
    readonly expr: Expression,
    nameEnd: number,
    equals: number,
  ) {
    super(file, start, end);
    this.#nameEnd = nameEnd;
    this.#equals = equals;
  }
  /** The name. */
  get nameRange(): Range {
    return this.at(startOf(this), this.#nameEnd);
  }
  /** `=` */
  get equalsRange(): Range {
    return this.at(this.#equals, this.#equals + 1);
  }
}

/** `type "label" { body }`; the type starts the range and the `{` is one character. */
export class BlockNode extends Spanned implements Block {
  readonly kind = "block";
  readonly #typeEnd: number;
  readonly #open: number;
  readonly #close: number;
  readonly #closeEnd: number;
  constructor(
    file: SourceFile,
    readonly type: string,
    readonly labels: readonly string[],
    readonly labelRanges: readonly Range[],
    readonly body: Body,
    typeStart: number,
    typeEnd: number,
    open: number,
    close: number,
    closeEnd: number,
  ) {
    super(file, Math.min(typeStart, close), Math.max(typeEnd, closeEnd));
    this.#typeEnd = typeEnd;
    this.#open = open;
    this.#close = close;
    this.#closeEnd = closeEnd;
  }
  /** The block type's name. */
  get typeRange(): Range {
    return this.at(startOf(this), this.#typeEnd);
  }
  /** `{` */
  get openBraceRange(): Range {
    return this.at(this.#open, this.#open + 1);
  }
  /** `}` (or where recovery stopped) */
  get closeBraceRange(): Range {
    return this.at(this.#close, this.#closeEnd);
  }
}
