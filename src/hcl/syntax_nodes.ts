/**
 * The parser's node classes. A node carries its range's three fields itself
 * (`file`, `startOffset`, `endOffset`, as a {@link Range} has them) and makes
 * a `Range` only when `range` is read: a tree of a typical file has about one
 * range per 4 bytes of source, and as objects they were 40% of the memory a
 * tree holds. The other ranges a node has (`nameRange`, `openRange`, ...)
 * are kept as offsets the same way. Each class satisfies its interface in
 * `ast.ts`, so consumers see the same shapes and values; a range read twice
 * is two equal `Range` objects rather than one. The offset fields are not
 * part of those interfaces.
 *
 * The classes stand alone (no common base class): a base constructor that V8
 * did not inline cost more time than the smaller tree saved.
 *
 * Some values are made when first read and then kept (a number literal's
 * value, a template literal part's string value, the single part of a plain
 * quoted string): like `range`, they are getters, so a copy made with spread
 * syntax does not carry them.
 *
 * Bodies and the rarer nodes (splats, `for`, template directives, error
 * placeholders) stay plain objects (bodies are copied with spread syntax); {@link startOf} and {@link endOf} read
 * the offsets of any node.
 *
 * @module
 */

import { cty, type Value } from "../cty/evaluation.ts";
import { shortDecimal } from "./number_literal.ts";
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

interface Offsets {
  readonly startOffset?: number;
  readonly endOffset?: number;
}

/**
 * Start offset of any node's range, without making a `Range` for one of these classes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseExpression } from "./parse.ts";
 * import { endOf, startOf } from "./syntax_nodes.ts";
 * const { expr } = parseExpression("  a.b + 1");
 * assert.deepEqual([startOf(expr), endOf(expr)], [2, 9]);
 * assert.deepEqual(expr.range.start, { line: 1, column: 3, byte: 2 });
 * ```
 */
export function startOf(n: { readonly range: Range }): number {
  return (n as Offsets).startOffset ?? n.range.startOffset;
}

/** End offset of any node's range (see {@link startOf}). */
export function endOf(n: { readonly range: Range }): number {
  return (n as Offsets).endOffset ?? n.range.endOffset;
}

function rangeOf(n: { file: SourceFile; startOffset: number; endOffset: number }): Range {
  return new Range(n.file, n.startOffset, n.endOffset);
}

/** A number, bool or null literal, or a literal part of a template. */
export class LiteralNode implements LiteralExpr {
  readonly kind = "literal";
  constructor(
    readonly file: SourceFile,
    readonly startOffset: number,
    readonly endOffset: number,
    readonly value: Value,
  ) {}
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
}

/** A template of parts. */
export class TemplateNode implements TemplateExpr {
  readonly kind = "template";
  constructor(
    readonly file: SourceFile,
    readonly startOffset: number,
    readonly endOffset: number,
    readonly parts: readonly Expression[],
  ) {}
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
}

/**
 * A number literal that fits {@link shortDecimal} (up to 15 significant digits,
 * no exponent: nearly all of them). Its value is read from the source when
 * first asked for and kept: a tree of a large file then holds one object per
 * number instead of three (node, value, boxed double) while it is young, which
 * is what the garbage collector copies. Other numbers are {@link LiteralNode}s.
 */
export class NumberLiteralNode implements LiteralExpr {
  readonly kind = "literal";
  #value: Value | undefined = undefined;
  constructor(
    readonly file: SourceFile,
    readonly startOffset: number,
    readonly endOffset: number,
  ) {}
  /** The number (the parser checked that the source reads as one). */
  get value(): Value {
    return this.#value ??= cty.number(
      shortDecimal(this.file.text, this.startOffset, this.endOffset)!,
    );
  }
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
}

/**
 * A literal part of a template (text between interpolations, or a whole
 * plain string): the decoded text is kept and its string value is made when
 * first read, then kept.
 */
export class TextLiteralNode implements LiteralExpr {
  readonly kind = "literal";
  #value: Value | undefined = undefined;
  constructor(
    readonly file: SourceFile,
    readonly startOffset: number,
    readonly endOffset: number,
    /** The text, escapes decoded. */
    readonly text: string,
  ) {}
  /** The text as a string value. */
  get value(): Value {
    return this.#value ??= cty.string(this.text);
  }
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
}

/**
 * A quoted string of literal text alone (`"web"`, the commonest template): the
 * decoded text is kept, and the template's single literal part is made when
 * `parts` is first read (then kept, so it is the same node every time). The
 * quotes are one character each, so the part spans the node less one at
 * either end.
 */
export class QuotedTextNode implements TemplateExpr {
  readonly kind = "template";
  #parts: readonly Expression[] | undefined = undefined;
  constructor(
    readonly file: SourceFile,
    readonly startOffset: number,
    readonly endOffset: number,
    /** The string, escapes decoded. */
    readonly text: string,
  ) {}
  /** One literal part holding {@link text}. */
  get parts(): readonly Expression[] {
    return this.#parts ??= [
      new TextLiteralNode(this.file, this.startOffset + 1, this.endOffset - 1, this.text),
    ];
  }
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
}

/** A template that is one interpolation. */
export class TemplateWrapNode implements TemplateWrapExpr {
  readonly kind = "templateWrap";
  constructor(
    readonly file: SourceFile,
    readonly startOffset: number,
    readonly endOffset: number,
    readonly wrapped: Expression,
  ) {}
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
}

/** The first step of a traversal: a variable name. */
export class RootStep {
  readonly kind = "root";
  constructor(
    readonly file: SourceFile,
    readonly startOffset: number,
    readonly endOffset: number,
    readonly name: string,
  ) {}
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
}

/** `.name` */
export class AttrStep {
  readonly kind = "attr";
  constructor(
    readonly file: SourceFile,
    readonly startOffset: number,
    readonly endOffset: number,
    readonly name: string,
  ) {}
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
}

/** `[constant]` or legacy `.0` */
export class IndexStep {
  readonly kind = "index";
  constructor(
    readonly file: SourceFile,
    readonly startOffset: number,
    readonly endOffset: number,
    readonly key: Value,
  ) {}
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
}

/** A traversal from a variable; the parser appends steps while reading it. */
export class ScopeTraversalNode implements ScopeTraversalExpr {
  readonly kind = "scopeTraversal";
  constructor(
    readonly file: SourceFile,
    readonly startOffset: number,
    public endOffset: number,
    public traversal: readonly Traverser[],
  ) {}
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
}

/** A traversal from another expression's value. */
export class RelativeTraversalNode implements RelativeTraversalExpr {
  readonly kind = "relativeTraversal";
  constructor(
    readonly file: SourceFile,
    readonly startOffset: number,
    public endOffset: number,
    readonly source: Expression,
    public traversal: readonly Traverser[],
  ) {}
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
}

/** `cond ? a : b` */
export class ConditionalNode implements ConditionalExpr {
  readonly kind = "conditional";
  constructor(
    readonly file: SourceFile,
    readonly startOffset: number,
    readonly endOffset: number,
    readonly condition: Expression,
    readonly trueResult: Expression,
    readonly falseResult: Expression,
  ) {}
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
}

/** `(expr)` */
export class ParenthesesNode implements ParenthesesExpr {
  readonly kind = "parentheses";
  constructor(
    readonly file: SourceFile,
    readonly startOffset: number,
    readonly endOffset: number,
    readonly expression: Expression,
  ) {}
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
}

/** `name(args...)`; the range starts with the name and the `(` is one character. */
export class FunctionCallNode implements FunctionCallExpr {
  readonly kind = "functionCall";
  constructor(
    readonly file: SourceFile,
    readonly startOffset: number,
    readonly endOffset: number,
    readonly name: string,
    readonly args: readonly Expression[],
    readonly expandFinal: boolean,
    readonly nameEndOffset: number,
    readonly openParenOffset: number,
    readonly closeParenOffset: number,
    readonly closeParenEndOffset: number,
  ) {}
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
  /** The name with its namespaces. */
  get nameRange(): Range {
    return new Range(this.file, this.startOffset, this.nameEndOffset);
  }
  /** `(` */
  get openParenRange(): Range {
    return new Range(this.file, this.openParenOffset, this.openParenOffset + 1);
  }
  /** `)` (or where recovery stopped) */
  get closeParenRange(): Range {
    return new Range(this.file, this.closeParenOffset, this.closeParenEndOffset);
  }
}

/** `a op b`, spanning its operands. */
export class BinaryOpNode implements BinaryOpExpr {
  readonly kind = "binaryOp";
  readonly startOffset: number;
  readonly endOffset: number;
  constructor(
    readonly file: SourceFile,
    readonly op: BinaryOperator,
    readonly lhs: Expression,
    readonly rhs: Expression,
  ) {
    this.startOffset = Math.min(startOf(lhs), startOf(rhs));
    this.endOffset = Math.max(endOf(lhs), endOf(rhs));
  }
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
}

/** `-a`, `!a`; the symbol is one character. */
export class UnaryOpNode implements UnaryOpExpr {
  readonly kind = "unaryOp";
  readonly startOffset: number;
  readonly endOffset: number;
  constructor(
    readonly file: SourceFile,
    readonly symbolOffset: number,
    readonly op: "-" | "!",
    readonly operand: Expression,
  ) {
    this.startOffset = Math.min(symbolOffset, startOf(operand));
    this.endOffset = Math.max(symbolOffset + 1, endOf(operand));
  }
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
  /** The operator symbol. */
  get symbolRange(): Range {
    return new Range(this.file, this.symbolOffset, this.symbolOffset + 1);
  }
}

/** `[a, b]`; its range starts at the one-character `[`. */
export class TupleNode implements TupleConsExpr {
  readonly kind = "tuple";
  constructor(
    readonly file: SourceFile,
    readonly startOffset: number,
    readonly endOffset: number,
    readonly exprs: readonly Expression[],
  ) {}
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
  /** `[` */
  get openRange(): Range {
    return new Range(this.file, this.startOffset, this.startOffset + 1);
  }
}

/** `{ k = v }`; its range starts at the one-character `{`. */
export class ObjectNode implements ObjectConsExpr {
  readonly kind = "object";
  constructor(
    readonly file: SourceFile,
    readonly startOffset: number,
    readonly endOffset: number,
    readonly items: readonly ObjectConsItem[],
  ) {}
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
  /** `{` */
  get openRange(): Range {
    return new Range(this.file, this.startOffset, this.startOffset + 1);
  }
}

/** An object constructor's key, spanning the expression it wraps. */
export class ObjectKeyNode implements ObjectConsKeyExpr {
  readonly kind = "objectKey";
  readonly startOffset: number;
  readonly endOffset: number;
  constructor(
    readonly file: SourceFile,
    readonly wrapped: Expression,
    readonly forceNonLiteral: boolean,
  ) {
    this.startOffset = startOf(wrapped);
    this.endOffset = endOf(wrapped);
  }
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
}

/** `coll[key]` for a key that is not constant; the brackets span `openOffset`..`endOffset`. */
export class IndexNode implements IndexExpr {
  readonly kind = "index";
  constructor(
    readonly file: SourceFile,
    readonly startOffset: number,
    readonly collection: Expression,
    readonly key: Expression,
    readonly openOffset: number,
    readonly endOffset: number,
  ) {}
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
  /** `[` */
  get openRange(): Range {
    return new Range(this.file, this.openOffset, this.openOffset + 1);
  }
  /** From `[` to `]`. */
  get bracketRange(): Range {
    return new Range(this.file, this.openOffset, this.endOffset);
  }
}

/** `name = expr`; the name starts the range and the `=` is one character. */
export class AttributeNode implements Attribute {
  readonly kind = "attribute";
  constructor(
    readonly file: SourceFile,
    readonly startOffset: number,
    readonly endOffset: number,
    readonly name: string,
    readonly expr: Expression,
    readonly nameEndOffset: number,
    readonly equalsOffset: number,
  ) {}
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
  /** The name. */
  get nameRange(): Range {
    return new Range(this.file, this.startOffset, this.nameEndOffset);
  }
  /** `=` */
  get equalsRange(): Range {
    return new Range(this.file, this.equalsOffset, this.equalsOffset + 1);
  }
}

/** `type "label" { body }`; the type starts the range and the `{` is one character. */
export class BlockNode implements Block {
  readonly kind = "block";
  readonly startOffset: number;
  readonly endOffset: number;
  constructor(
    readonly file: SourceFile,
    readonly type: string,
    readonly labels: readonly string[],
    /** Start and end offset of each label, in pairs (`NO_LABELS` when there are none). */
    readonly labelOffsets: readonly number[],
    readonly body: Body,
    typeStart: number,
    readonly typeEndOffset: number,
    readonly openBraceOffset: number,
    readonly closeBraceOffset: number,
    readonly closeBraceEndOffset: number,
  ) {
    this.startOffset = Math.min(typeStart, closeBraceOffset);
    this.endOffset = Math.max(typeEndOffset, closeBraceEndOffset);
  }
  /** The node's source range. */
  get range(): Range {
    return rangeOf(this);
  }
  /** Each label's range, quotes included for a quoted label. */
  get labelRanges(): readonly Range[] {
    const o = this.labelOffsets;
    const out = new Array<Range>(o.length >> 1);
    for (let i = 0; i < out.length; i++) out[i] = new Range(this.file, o[2 * i], o[2 * i + 1]);
    return out;
  }
  /** The block type's name. */
  get typeRange(): Range {
    return new Range(this.file, this.startOffset, this.typeEndOffset);
  }
  /** `{` */
  get openBraceRange(): Range {
    return new Range(this.file, this.openBraceOffset, this.openBraceOffset + 1);
  }
  /** `}` (or where recovery stopped) */
  get closeBraceRange(): Range {
    return new Range(this.file, this.closeBraceOffset, this.closeBraceEndOffset);
  }
}

/** The label offsets of a block without labels (shared: the tree holds no empty arrays). */
export const NO_LABELS: readonly number[] = Object.freeze([]);
