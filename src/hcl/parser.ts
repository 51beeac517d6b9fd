/**
 * The native-syntax parser: bodies, blocks, attributes and every expression
 * form, with hclsyntax's diagnostics and recovery (several errors reported,
 * a partial tree returned). Nesting is bounded so that hostile input gets a
 * diagnostic instead of exhausting the stack.
 *
 * @module
 */

import { cty, type Value } from "../cty/evaluation.ts";
import type {
  AnonSymbolExpr,
  Attribute,
  BinaryOperator,
  Block,
  Body,
  Expression,
  ObjectConsItem,
  ObjectConsKeyExpr,
  Traverser,
} from "./ast.ts";
import { type HclDiagnostic, hclError } from "./diagnostic.ts";
import type { TokenList } from "./lexer.ts";
import { ListStack } from "./list_stack.ts";
import { Peeker } from "./peeker.ts";
import { parseTemplateInner } from "./parser_template.ts";
import { type Range, rangeBetween, type SourceFile } from "./source.ts";
import { isShortDecimal, shortDecimal } from "./number_literal.ts";
import {
  AttributeNode,
  AttrStep,
  BinaryOpNode,
  BlockNode,
  ConditionalNode,
  endOf,
  FunctionCallNode,
  IndexNode,
  IndexStep,
  LiteralNode,
  NO_LABELS,
  NumberLiteralNode,
  ObjectKeyNode,
  ObjectNode,
  ParenthesesNode,
  QuotedTextNode,
  RelativeTraversalNode,
  RootStep,
  ScopeTraversalNode,
  startOf,
  TemplateNode,
  TemplateWrapNode,
  TupleNode,
  UnaryOpNode,
} from "./syntax_nodes.ts";
import { decodeLiteral } from "./string_literal.ts";
import {
  T_AND,
  T_BANG,
  T_CBRACE,
  T_CBRACK,
  T_CHEREDOC,
  T_COLON,
  T_COMMA,
  T_CPAREN,
  T_CQUOTE,
  T_DOT,
  T_DOUBLECOLON,
  T_ELLIPSIS,
  T_EOF,
  T_EQUAL,
  T_EQUALOP,
  T_FATARROW,
  T_GT,
  T_GTE,
  T_IDENT,
  T_LT,
  T_LTE,
  T_MINUS,
  T_NEWLINE,
  T_NOTEQUAL,
  T_NUMBER_LIT,
  T_OBRACE,
  T_OBRACK,
  T_OHEREDOC,
  T_OPAREN,
  T_OQUOTE,
  T_OR,
  T_PERCENT,
  T_PLUS,
  T_QUESTION,
  T_QUOTED_LIT,
  T_SLASH,
  T_STAR,
  T_TEMPLATE_CONTROL,
  T_TEMPLATE_INTERP,
  T_TEMPLATE_SEQ_END,
  type TokenKind,
} from "./token.ts";

/**
 * Deepest nesting accepted, counted in expressions and terms (a bracket level counts two):
 * about 500 levels of brackets, well inside the JS stack; hclsyntax has no limit.
 */
export const MAX_NESTING = 1000;

// Binary operators: precedence (higher binds tighter) and the operator, by token kind.
const PREC = new Int8Array(64).fill(-1);
const OPS: BinaryOperator[] = [];
function op(k: TokenKind, p: number, o: BinaryOperator): void {
  PREC[k] = p;
  OPS[k] = o;
}
op(T_OR, 0, "||");
op(T_AND, 1, "&&");
op(T_EQUALOP, 2, "==");
op(T_NOTEQUAL, 2, "!=");
op(T_GT, 3, ">");
op(T_GTE, 3, ">=");
op(T_LT, 3, "<");
op(T_LTE, 3, "<=");
op(T_PLUS, 4, "+");
op(T_MINUS, 4, "-");
op(T_STAR, 5, "*");
op(T_SLASH, 5, "/");
op(T_PERCENT, 5, "%");

function opposite(k: TokenKind): TokenKind {
  switch (k) {
    case T_OBRACE:
      return T_CBRACE;
    case T_OBRACK:
      return T_CBRACK;
    case T_OPAREN:
      return T_CPAREN;
    case T_OQUOTE:
      return T_CQUOTE;
    case T_OHEREDOC:
      return T_CHEREDOC;
    case T_CBRACE:
      return T_OBRACE;
    case T_CBRACK:
      return T_OBRACK;
    case T_CPAREN:
      return T_OPAREN;
    case T_CQUOTE:
      return T_OQUOTE;
    case T_CHEREDOC:
      return T_OHEREDOC;
    case T_TEMPLATE_CONTROL:
    case T_TEMPLATE_INTERP:
      return T_TEMPLATE_SEQ_END;
    case T_TEMPLATE_SEQ_END:
      return T_TEMPLATE_INTERP;
  }
  return 0;
}

/** Recursive-descent parser over a token list; diagnostics collect in {@link diags}. */
export class Parser extends Peeker {
  /** Diagnostics found so far. */
  readonly diags: HclDiagnostic[] = [];
  /** Set once recovery has been attempted: later "bad token" errors are suppressed. */
  recovery = false;
  #depth = 0;
  #toldDepth = false;
  /** The lists being built, nested ones on top (template parts use it too). */
  readonly lists: ListStack = new ListStack();

  /** A parser at the start of `tokens`. */
  constructor(tokens: TokenList) {
    super(tokens);
  }

  /** Reports an error. */
  error(summary: string, detail: string, subject: Range, context?: Range): void {
    this.diags.push(hclError(summary, detail, subject, context));
  }

  #tooDeep(): boolean {
    if (this.#depth < MAX_NESTING) return false;
    if (!this.#toldDepth) {
      this.#toldDepth = true;
      this.error(
        "Nesting too deep",
        `This construct is nested more than ${MAX_NESTING} levels deep, which is not supported.`,
        this.nextRange(),
      );
    }
    this.recovery = true;
    return true;
  }

  // ---- bodies ----

  /** Parses a body up to the token kind `end` (EOF for a file, `}` for a block). */
  parseBody(end: TokenKind): Body {
    const attrs = new Map<string, Attribute>();
    const blocks = this.lists.mark();
    const startI = this.prevIndex();
    let endI: number;
    this.#depth++;
    for (;;) {
      const k = this.peek();
      if (k === end) {
        endI = this.peekIndex();
        this.read();
        break;
      }
      if (k === T_NEWLINE) {
        this.read();
        continue;
      }
      if (k === T_IDENT && !this.#tooDeep()) {
        const item = this.parseBodyItem();
        if (item === undefined) continue;
        if (item.kind === "block") this.lists.push(item);
        else {
          const existing = attrs.get(item.name);
          if (existing !== undefined) {
            this.error(
              "Attribute redefined",
              `The argument ${JSON.stringify(item.name)} was already set at ${
                rangeString(existing.nameRange)
              }. Each argument may be set only once.`,
              item.nameRange,
            );
          } else attrs.set(item.name, item);
        }
        continue;
      }
      const bad = this.read();
      const badKind = this.lastKind;
      if (!this.recovery) {
        if (badKind === T_OQUOTE) {
          this.error(
            "Invalid argument name",
            "Argument names must not be quoted.",
            this.range(bad),
          );
        } else if (badKind === T_EOF) {
          if (end === T_CBRACE) {
            this.error(
              "Unclosed configuration block",
              "There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.",
              this.range(startI),
            );
          } else {
            this.error(
              "Unclosed configuration body",
              "Found end of file before the end of this configuration body.",
              this.range(startI),
            );
          }
        } else {
          this.error(
            "Argument or block definition required",
            "An argument or block definition is required here.",
            this.range(bad),
          );
        }
      }
      endI = this.prevIndex();
      this.recover(end);
      break;
    }
    this.#depth--;
    const s = this.starts;
    const e = this.ends;
    // A plain object with its ranges (not a class with offsets, as the nodes are): bodies are
    // copied with spread syntax (`{ ...block.body, attributes }`), which keeps own properties only.
    return {
      kind: "body",
      attributes: attrs,
      blocks: this.lists.sizeSince(blocks) === 0 ? NO_BLOCKS : this.lists.take<Block>(blocks),
      range: this.file.range(Math.min(s[startI], s[endI]), Math.max(e[startI], e[endI])),
      endRange: this.file.range(e[endI], e[endI]),
    };
  }

  parseBodyItem(): Attribute | Block | undefined {
    const ident = this.read();
    const next = this.peek();
    if (next === T_EQUAL) return this.#finishAttribute(ident, false);
    if (next === T_OQUOTE || next === T_OBRACE || next === T_IDENT) {
      return this.#finishBlock(ident);
    }
    this.recoverAfterBodyItem();
    this.error(
      "Argument or block definition required",
      'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.',
      this.range(ident),
    );
    return undefined;
  }

  #parseSingleAttrBody(): Body | undefined {
    const ident = this.read();
    if (this.lastKind !== T_IDENT) {
      this.recoverAfterBodyItem();
      this.error(
        "Argument or block definition required",
        "An argument or block definition is required here.",
        this.range(ident),
      );
      return undefined;
    }
    const next = this.peek();
    if (next === T_EQUAL) {
      const attr = this.#finishAttribute(ident, true);
      return {
        kind: "body",
        attributes: new Map([[attr.name, attr]]),
        blocks: NO_BLOCKS,
        range: attr.range,
        endRange: this.file.range(endOf(attr), endOf(attr)),
      };
    }
    const nextRange = this.nextRange();
    this.recoverAfterBodyItem();
    if (next === T_OQUOTE || next === T_OBRACE || next === T_IDENT) {
      this.error(
        "Argument definition required",
        `A single-line block definition can contain only a single argument. If you meant to define argument ${
          JSON.stringify(this.text(ident))
        }, use an equals sign to assign it a value. To define a nested block, place it on a line of its own within its parent block.`,
        rangeBetween(this.range(ident), nextRange),
      );
    } else {
      this.error(
        "Argument or block definition required",
        'An argument or block definition is required here. To set an argument, use the equals sign "=" to introduce the argument value.',
        this.range(ident),
      );
    }
    return undefined;
  }

  #finishAttribute(ident: number, singleLine: boolean): Attribute {
    const eq = this.read();
    const before = this.diags.length;
    const expr = this.parseExpression();
    let endTok: number;
    if (this.recovery && this.diags.length > before) {
      endTok = this.prevIndex();
      this.recoverAfterBodyItem();
    } else {
      endTok = this.prevIndex();
      if (!singleLine) {
        const end = this.peek();
        if (end !== T_NEWLINE && end !== T_EOF) {
          if (!this.recovery) {
            const endR = this.nextRange();
            let summary = "Missing newline after argument";
            let detail = "An argument definition must end with a newline.";
            if (end === T_COMMA) {
              summary = "Unexpected comma after argument";
              detail = "Argument definitions must be separated by newlines, not commas. " + detail;
            }
            this.error(summary, detail, endR, rangeBetween(this.range(ident), endR));
          }
          endTok = this.prevIndex();
          this.recoverAfterBodyItem();
        } else {
          endTok = this.prevIndex();
          this.read();
        }
      }
    }
    const s = this.starts;
    const e = this.ends;
    return new AttributeNode(
      this.file,
      Math.min(s[ident], s[endTok]),
      Math.max(e[ident], e[endTok]),
      this.text(ident),
      expr,
      e[ident],
      s[eq],
    );
  }

  #finishBlock(ident: number): Block {
    const labelList = this.lists.mark();
    let oBraceI: number;
    for (;;) {
      const k = this.peek();
      if (k === T_OBRACE) {
        oBraceI = this.read();
        break;
      }
      if (k === T_OQUOTE) {
        const [label, r] = this.parseQuotedStringLiteral();
        this.lists.push(label);
        this.lists.push(r.startOffset);
        this.lists.push(r.endOffset);
        continue;
      }
      if (k === T_IDENT) {
        const t = this.read();
        this.lists.push(this.text(t));
        this.lists.push(this.starts[t]);
        this.lists.push(this.ends[t]);
        continue;
      }
      const tr = this.nextRange();
      const ctx = rangeBetween(this.range(ident), tr);
      if (k === T_EQUAL) {
        this.error(
          "Invalid block definition",
          'The equals sign "=" indicates an argument definition, and must not be used when defining a block.',
          tr,
          ctx,
        );
      } else if (k === T_NEWLINE) {
        this.error(
          "Invalid block definition",
          'A block definition must have block content delimited by "{" and "}", starting on the same line as the block header.',
          tr,
          ctx,
        );
      } else if (!this.recovery) {
        this.error(
          "Invalid block definition",
          'Either a quoted string block label or an opening brace ("{") is expected here.',
          tr,
          ctx,
        );
      }
      this.recoverAfterBodyItem();
      const [labels, labelOffsets] = this.#takeLabels(labelList);
      const typeRange = this.range(ident);
      return {
        kind: "block",
        type: this.text(ident),
        labels,
        labelRanges: labelRangesOf(this.file, labelOffsets),
        body: {
          kind: "body",
          attributes: new Map(),
          blocks: [],
          range: typeRange,
          endRange: typeRange,
        },
        range: typeRange,
        typeRange,
        openBraceRange: typeRange,
        closeBraceRange: typeRange,
      };
    }
    const [labels, labelOffsets] = this.#takeLabels(labelList);
    let body: Body | undefined;
    const k = this.peek();
    if (k === T_NEWLINE || k === T_EOF || k === T_CBRACE) {
      body = this.parseBody(T_CBRACE);
    } else {
      body = this.#parseSingleAttrBody();
      const after = this.peek();
      if (after === T_CBRACE) this.read();
      else if (after === T_COMMA) {
        this.error(
          "Invalid single-argument block definition",
          "Single-line block syntax can include only one argument definition. To define multiple arguments, use the multi-line block syntax with one argument definition per line.",
          this.nextRange(),
        );
        this.recover(T_CBRACE);
      } else if (after === T_NEWLINE) {
        this.error(
          "Invalid single-argument block definition",
          "An argument definition on the same line as its containing block creates a single-line block definition, which must also be closed on the same line. Place the block's closing brace immediately after the argument definition.",
          this.nextRange(),
        );
        this.recover(T_CBRACE);
      } else {
        if (!this.recovery) {
          if (after === T_EOF) {
            this.error(
              "Unclosed configuration block",
              "There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.",
              this.range(oBraceI),
              this.rangeOver(ident, oBraceI),
            );
          } else {
            this.error(
              "Invalid single-argument block definition",
              "A single-line block definition must end with a closing brace immediately after its single argument definition.",
              this.nextRange(),
            );
          }
        }
        this.recover(T_CBRACE);
      }
    }
    const cBraceI = this.prevIndex();
    const eol = this.peek();
    if (eol === T_NEWLINE || eol === T_EOF) this.read();
    else {
      if (!this.recovery) {
        const r = this.nextRange();
        this.error(
          "Missing newline after block definition",
          "A block definition must end with a newline.",
          r,
          rangeBetween(this.range(ident), r),
        );
      }
      this.recoverAfterBodyItem();
    }
    if (body === undefined) {
      const cBrace = this.range(cBraceI);
      body = {
        kind: "body",
        attributes: new Map(),
        blocks: [],
        range: this.rangeOver(oBraceI, cBraceI),
        endRange: cBrace,
      };
    }
    return new BlockNode(
      this.file,
      this.text(ident),
      labels,
      labelOffsets,
      body,
      this.starts[ident],
      this.ends[ident],
      this.starts[oBraceI],
      this.starts[cBraceI],
      this.ends[cBraceI],
    );
  }

  /** Block labels and their start and end offsets, pushed in threes since `mark`. */
  #takeLabels(mark: number): [readonly string[], readonly number[]] {
    const lists = this.lists;
    const n = lists.sizeSince(mark) / 3;
    if (n === 0) return [NO_NAMES, NO_LABELS];
    const labels = new Array<string>(n);
    const offsets = new Array<number>(2 * n);
    for (let i = 0; i < n; i++) {
      labels[i] = lists.at<string>(mark, 3 * i);
      offsets[2 * i] = lists.at<number>(mark, 3 * i + 1);
      offsets[2 * i + 1] = lists.at<number>(mark, 3 * i + 2);
    }
    lists.drop(mark);
    return [labels, offsets];
  }

  // ---- expressions ----

  /** Parses one expression (a conditional at the top). */
  parseExpression(): Expression {
    // Conditionals nest without a term in between (`a ? b ? c : d : e`), so they count too.
    if (this.#tooDeep()) {
      return { kind: "literal", value: cty.dynamicValue, range: this.nextRange() };
    }
    this.#depth++;
    const e = this.#parseConditional();
    this.#depth--;
    return e;
  }

  #parseConditional(): Expression {
    // Offsets only: a range object is made when a conditional (or its error) needs one.
    const startIndex = this.peekIndex();
    let before = this.diags.length;
    const cond = this.#parseBinary(0);
    if (this.recovery && this.diags.length > before) return cond;
    if (this.peek() !== T_QUESTION) return cond;
    this.read();
    before = this.diags.length;
    const t = this.parseExpression();
    if (this.recovery && this.diags.length > before) return cond;
    if (this.peek() !== T_COLON) {
      const cr = this.nextRange();
      this.error(
        "Missing false expression in conditional",
        "The conditional operator (...?...:...) requires a false expression, delimited by a colon.",
        cr,
        rangeBetween(this.range(startIndex), cr),
      );
      return cond;
    }
    this.read();
    before = this.diags.length;
    const f = this.parseExpression();
    if (this.recovery && this.diags.length > before) return cond;
    return new ConditionalNode(
      this.file,
      Math.min(this.starts[startIndex], startOf(f)),
      Math.max(this.ends[startIndex], endOf(f)),
      cond,
      t,
      f,
    );
  }

  /** Precedence climbing; equivalent to hclsyntax's one-function-per-level descent. */
  #parseBinary(minPrec: number): Expression {
    let before = this.diags.length;
    let lhs = this.parseExpressionWithTraversals();
    if (this.recovery && this.diags.length > before) return lhs;
    for (;;) {
      const k = this.peek();
      const p = k < 64 ? PREC[k] : -1;
      if (p < minPrec) return lhs;
      this.read();
      before = this.diags.length;
      const rhs = this.#parseBinary(p + 1);
      const failed = this.recovery && this.diags.length > before;
      if (failed) return lhs;
      lhs = new BinaryOpNode(this.file, OPS[k], lhs, rhs);
    }
  }

  parseExpressionWithTraversals(): Expression {
    const term = this.#parseTerm();
    return this.parseTraversals(term);
  }

  parseTraversals(from: Expression): Expression {
    let ret = from;
    // Steps (`.a`, `[0]`) wait on the list stack until something other than a step follows.
    const steps = this.lists.mark();
    for (;;) {
      const k = this.peek();
      if (k === T_DOT) {
        const dotI = this.read();
        const ak = this.peek();
        if (ak === T_IDENT) {
          const t = this.read();
          const s = this.starts[dotI];
          const e = this.ends[t];
          this.lists.push(new AttrStep(this.file, s, e, this.text(t)));
        } else if (ak === T_NUMBER_LIT) {
          const t = this.read();
          const txt = this.text(t);
          const s = this.starts[dotI];
          const e = this.ends[t];
          const di = txt.indexOf(".");
          if (di >= 0) {
            this.error(
              "Invalid legacy index syntax",
              `When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax instead, like [${
                txt.slice(0, di)
              }][${txt.slice(di + 1)}].`,
              this.range(t),
            );
            this.lists.push(new IndexStep(this.file, s, e, cty.dynamicValue));
          } else {
            this.lists.push(new IndexStep(this.file, s, e, this.#numberValue(t)));
          }
        } else if (ak === T_STAR) {
          // hclsyntax drops a malformed attribute-only splat and carries on.
          ret = this.#withSteps(ret, steps);
          ret = this.#finishAttrSplat(from, ret, this.range(dotI)) ?? ret;
        } else {
          const ar = this.nextRange();
          this.error("Invalid attribute name", "An attribute name is required after a dot.", ar);
          this.recovery = true;
          this.#withSteps(ret, steps); // the steps are lost with it, but `from` still grows by them
          ret = { kind: "syntaxError", range: rangeBetween(from.range, this.range(dotI)) };
        }
      } else if (k === T_OBRACK) {
        const openI = this.read();
        if (this.peek() === T_STAR) {
          ret = this.#withSteps(ret, steps);
          const open = this.range(openI);
          this.read();
          let close = this.read();
          let closeR = this.range(close);
          if (this.lastKind !== T_CBRACK && !this.recovery) {
            close = this.recover(T_CBRACK);
            closeR = this.range(close);
            // hclsyntax's subject points at the token recovery stopped on (it aliases the variable).
            this.error(
              "Missing close bracket on splat index",
              'The star for a full splat operator must be immediately followed by a closing bracket ("]").',
              closeR,
            );
          }
          const item: AnonSymbolExpr = { kind: "anonSymbol", range: rangeBetween(open, closeR) };
          if (this.#tooDeep()) return ret;
          this.#depth++;
          const each = this.parseTraversals(item);
          this.#depth--;
          ret = {
            kind: "splat",
            source: ret,
            each,
            item,
            range: rangeBetween(from.range, each.range),
            markerRange: rangeBetween(open, closeR),
          };
        } else {
          this.pushNewlines(false);
          const before = this.diags.length;
          const key = this.parseExpression();
          let close: number;
          if (this.recovery && this.diags.length > before) close = this.recover(T_CBRACK);
          else {
            close = this.read();
            if (this.lastKind !== T_CBRACK && !this.recovery) {
              close = this.recover(T_CBRACK);
              // As above: the subject is where recovery stopped.
              this.error(
                "Missing close bracket on index",
                'The index operator must end with a closing bracket ("]").',
                this.range(close),
              );
            }
          }
          this.popNewlines();
          const s = this.starts[openI];
          const e = Math.max(this.ends[openI], this.ends[close]);
          const lit = constantKey(key);
          if (lit !== undefined) {
            this.lists.push(new IndexStep(this.file, s, e, lit));
          } else {
            ret = this.#withSteps(ret, steps);
            const start = Math.min(startOf(from), s);
            ret = new IndexNode(this.file, start, ret, key, s, Math.max(endOf(from), e));
          }
        }
      } else return this.#withSteps(ret, steps);
    }
  }

  /**
   * `e` followed by the steps pushed since `mark`: a traversal the parser made grows by them
   * (as hclsyntax appends to it), anything else becomes the source of a relative traversal.
   */
  #withSteps(e: Expression, mark: number): Expression {
    if (this.lists.sizeSince(mark) === 0) return e;
    if (e.kind === "scopeTraversal" || e.kind === "relativeTraversal") {
      const own = e.traversal;
      const n = this.lists.sizeSince(mark);
      const all = new Array<Traverser>(own.length + n);
      for (let i = 0; i < own.length; i++) all[i] = own[i];
      for (let i = 0; i < n; i++) all[own.length + i] = this.lists.at<Traverser>(mark, i);
      this.lists.drop(mark);
      const end = endOf(all[all.length - 1]);
      if (e instanceof ScopeTraversalNode || e instanceof RelativeTraversalNode) {
        e.traversal = all;
        if (end > e.endOffset) e.endOffset = end;
        return e;
      }
      // Not made by this parser's node classes (a placeholder): a new node with the same shape.
      return { ...e, traversal: all, range: this.file.range(startOf(e), Math.max(endOf(e), end)) };
    }
    const first = this.lists.at<Traverser>(mark, 0);
    const more = this.lists.take<Traverser>(mark);
    const last = more[more.length - 1];
    return new RelativeTraversalNode(
      this.file,
      Math.min(startOf(e), startOf(first)),
      Math.max(endOf(e), endOf(last)),
      e,
      more,
    );
  }

  #finishAttrSplat(from: Expression, source: Expression, dot: Range): Expression | undefined {
    const marker = this.range(this.read());
    const trav: Traverser[] = [];
    const firstRange = this.nextRange();
    let lastRange = marker;
    while (this.peek() === T_DOT) {
      const d = this.range(this.read());
      if (this.peek() === T_NUMBER_LIT) {
        const t = this.read();
        const txt = this.text(t);
        const di = txt.indexOf(".");
        if (di >= 0) {
          this.error(
            "Invalid legacy index syntax",
            `When using the legacy index syntax, chaining two indexes together is not permitted. Use the proper index syntax with a full splat expression [*] instead, like [${
              txt.slice(0, di)
            }][${txt.slice(di + 1)}].`,
            marker,
          );
          trav.push({
            kind: "index",
            key: cty.dynamicValue,
            range: rangeBetween(d, this.range(t)),
          });
        } else {
          trav.push({
            kind: "index",
            key: this.#numberValue(t),
            range: rangeBetween(d, this.range(t)),
          });
        }
        lastRange = this.range(t);
        continue;
      }
      if (this.peek() !== T_IDENT) {
        if (!this.recovery) {
          if (this.peek() === T_STAR) {
            this.error(
              "Nested splat expression not allowed",
              "A splat expression (*) cannot be used inside another attribute-only splat expression.",
              this.nextRange(),
            );
          } else {
            this.error(
              "Invalid attribute name",
              "An attribute name is required after a dot.",
              marker,
            );
          }
        }
        this.recovery = true;
        return undefined;
      }
      const t = this.read();
      trav.push({ kind: "attr", name: this.text(t), range: rangeBetween(d, this.range(t)) });
      lastRange = this.range(t);
    }
    const item: AnonSymbolExpr = { kind: "anonSymbol", range: rangeBetween(dot, marker) };
    const each: Expression = trav.length === 0 ? item : {
      kind: "relativeTraversal",
      source: item,
      traversal: trav,
      range: rangeBetween(firstRange, lastRange),
    };
    return {
      kind: "splat",
      source,
      each,
      item,
      range: rangeBetween(from.range, lastRange),
      markerRange: rangeBetween(dot, marker),
    };
  }

  #numberValue(t: number): Value {
    const start = this.starts[t];
    const end = this.ends[t];
    const text = this.file.text;
    const short = shortDecimal(text, start, end);
    if (short !== undefined) return cty.number(short);
    let n;
    try {
      n = cty.parseNumber(text.slice(start, end));
    } catch {
      n = undefined; // out of cty's range
    }
    if (n === undefined) {
      this.error(
        "Invalid number literal",
        "Failed to recognize the value of this number literal.",
        this.range(t),
      );
      return cty.unknown(cty.Number);
    }
    return cty.number(n);
  }

  /** Every nesting construct passes through a term, so depth is counted here. */
  #parseTerm(): Expression {
    if (this.#tooDeep()) {
      return { kind: "literal", value: cty.dynamicValue, range: this.nextRange() };
    }
    this.#depth++;
    const e = this.#parseTermInner();
    this.#depth--;
    return e;
  }

  #parseTermInner(): Expression {
    const k = this.peek();
    switch (k) {
      case T_OPAREN: {
        const oParenI = this.read();
        this.pushNewlines(false);
        const before = this.diags.length;
        const expr = this.parseExpression();
        if (this.diags.length > before) {
          this.recover(T_CPAREN);
          this.popNewlines();
          return expr;
        }
        if (this.peek() !== T_CPAREN) {
          const cr = this.nextRange();
          this.error(
            "Unbalanced parentheses",
            "Expected a closing parenthesis to terminate the expression.",
            cr,
            rangeBetween(this.range(oParenI), cr),
          );
          this.recovery = true;
        }
        const cParenI = this.read();
        this.popNewlines();
        const s = this.starts;
        const e = this.ends;
        return new ParenthesesNode(
          this.file,
          Math.min(s[oParenI], s[cParenI]),
          Math.max(e[oParenI], e[cParenI]),
          expr,
        );
      }
      case T_NUMBER_LIT: {
        const t = this.read();
        const start = this.starts[t];
        const end = this.ends[t];
        if (isShortDecimal(this.file.text, start, end)) {
          return new NumberLiteralNode(this.file, start, end);
        }
        return new LiteralNode(this.file, start, end, this.#numberValue(t));
      }
      case T_IDENT: {
        const t = this.read();
        const nk = this.peek();
        if (nk === T_OPAREN || nk === T_DOUBLECOLON) return this.#finishCall(t);
        const name = this.text(t);
        const file = this.file;
        const s = this.starts[t];
        const e = this.ends[t];
        switch (name) {
          case "true":
            return new LiteralNode(file, s, e, cty.True);
          case "false":
            return new LiteralNode(file, s, e, cty.False);
          case "null":
            return new LiteralNode(file, s, e, cty.nullValue(cty.Dynamic));
        }
        return new ScopeTraversalNode(file, s, e, [new RootStep(file, s, e, name)]);
      }
      case T_OQUOTE:
      case T_OHEREDOC: {
        const openI = this.read();
        if (k === T_OQUOTE) {
          const plain = this.#plainQuoted(openI);
          if (plain !== undefined) return plain;
        }
        const flush = k === T_OHEREDOC && this.file.text.charCodeAt(this.starts[openI] + 2) === 45;
        const { exprs, passthru } = parseTemplateInner(this, opposite(k), flush);
        const last = this.prevIndex();
        const s = Math.min(this.starts[openI], this.starts[last]);
        const e = Math.max(this.ends[openI], this.ends[last]);
        if (passthru) return new TemplateWrapNode(this.file, s, e, exprs[0]);
        return new TemplateNode(this.file, s, e, exprs);
      }
      case T_MINUS:
      case T_BANG: {
        const sym = this.starts[this.read()];
        const operand = this.parseExpressionWithTraversals();
        return new UnaryOpNode(this.file, sym, k === T_MINUS ? "-" : "!", operand);
      }
      case T_OBRACK:
        return this.#parseTuple();
      case T_OBRACE:
        return this.#parseObject();
    }
    const r = this.nextRange();
    if (!this.recovery) {
      if (k === T_EOF) {
        this.error(
          "Missing expression",
          "Expected the start of an expression, but found the end of the file.",
          r,
        );
      } else {
        this.error(
          "Invalid expression",
          "Expected the start of an expression, but found an invalid expression token.",
          r,
        );
      }
    }
    this.recovery = true;
    return { kind: "literal", value: cty.dynamicValue, range: r };
  }

  /**
   * The most common template, a quoted string of literal text alone (`"web"`), built
   * without the general template machinery; `undefined` for anything else.
   */
  #plainQuoted(openI: number): Expression | undefined {
    const lit = openI + 1;
    if (this.rawKind(lit) !== T_QUOTED_LIT || this.rawKind(lit + 1) !== T_CQUOTE) return undefined;
    const start = this.starts[lit];
    const end = this.ends[lit];
    const value = decodeLiteral(this.file, start, end, true, this.diags);
    this.pos = lit + 2;
    this.lastKind = T_CQUOTE;
    return new QuotedTextNode(
      this.file,
      this.starts[openI],
      this.ends[lit + 1],
      value,
    );
  }

  #finishCall(nameTok: number): Expression {
    let open = this.read();
    let name = this.text(nameTok);
    let nameEnd = this.ends[nameTok];
    while (this.lastKind === T_DOUBLECOLON) {
      const nt = this.read();
      if (this.lastKind !== T_IDENT) {
        const ntR = this.range(nt);
        this.error(
          "Missing function name",
          "Function scope resolution symbol :: must be followed by a function name in this scope.",
          ntR,
          rangeBetween(this.range(nameTok), ntR),
        );
        this.recoverOver(T_OPAREN);
        return { kind: "syntaxError", range: rangeBetween(this.range(nameTok), ntR) };
      }
      name += "::" + this.text(nt);
      nameEnd = this.ends[nt];
      open = this.read();
    }
    if (this.lastKind !== T_OPAREN) {
      this.error(
        "Missing open parenthesis",
        "Function selector must be followed by an open parenthesis to begin the function call.",
        this.range(open),
        rangeBetween(this.range(nameTok), this.range(open)),
      );
      this.recoverOver(T_OPAREN);
      return { kind: "syntaxError", range: rangeBetween(this.range(nameTok), this.range(open)) };
    }
    const args = this.lists.mark();
    let expandFinal = false;
    let close = -1;
    this.pushNewlines(false);
    for (;;) {
      if (this.peek() === T_CPAREN) {
        close = this.read();
        break;
      }
      const before = this.diags.length;
      this.lists.push(this.parseExpression());
      if (this.recovery && this.diags.length > before) {
        const rt = this.recover(T_CPAREN);
        if (this.lastKind === T_CPAREN) close = rt;
        break;
      }
      const sep = this.read();
      const sk = this.lastKind;
      if (sk === T_CPAREN) {
        close = sep;
        break;
      }
      if (sk === T_ELLIPSIS) {
        expandFinal = true;
        if (this.peek() !== T_CPAREN) {
          if (!this.recovery) {
            const sr = this.range(sep);
            this.error(
              "Missing closing parenthesis",
              "An expanded function argument (with ...) must be immediately followed by closing parentheses.",
              sr,
              rangeBetween(this.range(nameTok), sr),
            );
          }
          close = this.recover(T_CPAREN);
        } else close = this.read();
        break;
      }
      if (sk !== T_COMMA) {
        if (sk === T_EOF) {
          this.error(
            "Unterminated function call",
            "There is no closing parenthesis for this function call before the end of the file. This may be caused by incorrect parenthesis nesting elsewhere in this file.",
            rangeBetween(this.range(nameTok), this.range(open)),
          );
        } else {
          const sr = this.range(sep);
          this.error(
            "Missing argument separator",
            "A comma is required to separate each function argument from the next.",
            sr,
            rangeBetween(this.range(nameTok), sr),
          );
        }
        close = this.recover(T_CPAREN);
        break;
      }
      if (this.peek() === T_CPAREN) {
        close = this.read();
        break;
      }
    }
    this.popNewlines();
    // hclsyntax leaves a zero range when recovery finds no parenthesis; the open one stands in.
    if (close < 0) close = open;
    const nameStart = this.starts[nameTok];
    const closeStart = this.starts[close];
    const closeEnd = this.ends[close];
    return new FunctionCallNode(
      this.file,
      Math.min(nameStart, closeStart),
      Math.max(nameEnd, closeEnd),
      name,
      this.lists.take<Expression>(args),
      expandFinal,
      nameEnd,
      this.starts[open],
      closeStart,
      closeEnd,
    );
  }

  #isKeyword(word: string): boolean {
    const i = this.peekIndex();
    return this.peek() === T_IDENT && this.text(i) === word;
  }

  #parseTuple(): Expression {
    const openI = this.read();
    this.pushNewlines(false);
    try {
      if (this.#isKeyword("for")) return this.#finishFor(this.range(openI), false);
      const exprs = this.lists.mark();
      let close: number;
      for (;;) {
        if (this.peek() === T_CBRACK) {
          close = this.read();
          break;
        }
        const before = this.diags.length;
        this.lists.push(this.parseExpression());
        if (this.recovery && this.diags.length > before) {
          close = this.recover(T_CBRACK);
          break;
        }
        const nk = this.peek();
        if (nk === T_CBRACK) {
          close = this.read();
          break;
        }
        if (nk !== T_COMMA) {
          if (!this.recovery) {
            if (nk === T_EOF) {
              this.error(
                "Unterminated tuple constructor expression",
                "There is no corresponding closing bracket before the end of the file. This may be caused by incorrect bracket nesting elsewhere in this file.",
                this.range(openI),
              );
            } else {
              const nr = this.nextRange();
              this.error(
                "Missing item separator",
                "Expected a comma to mark the beginning of the next item.",
                nr,
                rangeBetween(this.range(openI), nr),
              );
            }
          }
          close = this.recover(T_CBRACK);
          break;
        }
        this.read();
      }
      return new TupleNode(
        this.file,
        Math.min(this.starts[openI], this.starts[close]),
        Math.max(this.ends[openI], this.ends[close]),
        this.lists.take<Expression>(exprs),
      );
    } finally {
      this.popNewlines();
    }
  }

  #parseObject(): Expression {
    const openI = this.read();
    this.pushNewlines(false);
    const isFor = this.#isKeyword("for");
    this.popNewlines();
    if (isFor) return this.#finishFor(this.range(openI), true);
    this.pushNewlines(true);
    const items = this.lists.mark();
    let close: number;
    for (;;) {
      const k = this.peek();
      if (k === T_NEWLINE) {
        this.read();
        continue;
      }
      if (k === T_CBRACE) {
        close = this.read();
        break;
      }
      const forceNonLiteral = k === T_OPAREN;
      let before = this.diags.length;
      const keyExpr = this.parseExpression();
      if (this.recovery && this.diags.length > before) {
        close = this.recover(T_CBRACE);
        break;
      }
      const key: ObjectConsKeyExpr = new ObjectKeyNode(this.file, keyExpr, forceNonLiteral);
      let nk = this.peek();
      if (nk !== T_EQUAL && nk !== T_COLON) {
        if (!this.recovery) {
          const nr = this.nextRange();
          const ctx = rangeBetween(this.range(openI), nr);
          if (nk === T_NEWLINE || nk === T_COMMA) {
            this.error(
              "Missing attribute value",
              'Expected an attribute value, introduced by an equals sign ("=").',
              nr,
              ctx,
            );
          } else if (nk === T_IDENT) {
            this.error(
              "Missing key/value separator",
              'Expected an equals sign ("=") to mark the beginning of the attribute value. If you intended to given an attribute name containing periods or spaces, write the name in quotes to create a string literal.',
              nr,
              ctx,
            );
          } else if (nk === T_EOF) {
            this.error(
              "Unterminated object constructor expression",
              "There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.",
              this.range(openI),
            );
          } else {
            this.error(
              "Missing key/value separator",
              'Expected an equals sign ("=") to mark the beginning of the attribute value.',
              nr,
              ctx,
            );
          }
        }
        close = this.recover(T_CBRACE);
        break;
      }
      this.read();
      before = this.diags.length;
      const value = this.parseExpression();
      if (this.recovery && this.diags.length > before) {
        if (value.kind === "syntaxError") this.lists.push({ key, value });
        close = this.recover(T_CBRACE);
        break;
      }
      this.lists.push({ key, value });
      nk = this.peek();
      if (nk === T_CBRACE) {
        close = this.read();
        break;
      }
      if (nk !== T_COMMA && nk !== T_NEWLINE) {
        if (!this.recovery) {
          if (nk === T_EOF) {
            this.error(
              "Unterminated object constructor expression",
              "There is no corresponding closing brace before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.",
              this.range(openI),
            );
          } else {
            const nr = this.nextRange();
            this.error(
              "Missing attribute separator",
              "Expected a newline or comma to mark the beginning of the next attribute.",
              nr,
              rangeBetween(this.range(openI), nr),
            );
          }
        }
        close = this.recover(T_CBRACE);
        break;
      }
      this.read();
    }
    this.popNewlines();
    return new ObjectNode(
      this.file,
      Math.min(this.starts[openI], this.starts[close]),
      Math.max(this.ends[openI], this.ends[close]),
      this.lists.take<ObjectConsItem>(items),
    );
  }

  #forError(detail: string, open: Range, closeKind: TokenKind): Expression {
    if (!this.recovery) {
      const nr = this.nextRange();
      this.error("Invalid 'for' expression", detail, nr, rangeBetween(open, nr));
    }
    const close = this.recover(closeKind);
    return {
      kind: "literal",
      value: cty.dynamicValue,
      range: rangeBetween(open, this.range(close)),
    };
  }

  #finishFor(open: Range, makeObj: boolean): Expression {
    this.pushNewlines(false);
    try {
      this.read(); // "for"
      const closeKind = makeObj ? T_CBRACE : T_CBRACK;
      if (this.peek() !== T_IDENT) {
        return this.#forError(
          "For expression requires variable name after 'for'.",
          open,
          closeKind,
        );
      }
      let keyVar = "";
      let valVar = this.text(this.read());
      if (this.peek() === T_COMMA) {
        keyVar = valVar;
        this.read();
        if (this.peek() !== T_IDENT) {
          return this.#forError(
            "For expression requires value variable name after comma.",
            open,
            closeKind,
          );
        }
        valVar = this.text(this.read());
      }
      if (!this.#isKeyword("in")) {
        return this.#forError(
          "For expression requires the 'in' keyword after its name declarations.",
          open,
          closeKind,
        );
      }
      this.read();
      let before = this.diags.length;
      const collection = this.parseExpression();
      if (this.recovery && this.diags.length > before) {
        const close = this.recover(closeKind);
        return {
          kind: "literal",
          value: cty.dynamicValue,
          range: rangeBetween(open, this.range(close)),
        };
      }
      if (this.peek() !== T_COLON) {
        return this.#forError(
          "For expression requires a colon after the collection expression.",
          open,
          closeKind,
        );
      }
      this.read();
      before = this.diags.length;
      let keyExpr: Expression | undefined;
      let valExpr = this.parseExpression();
      if (this.peek() === T_FATARROW) {
        this.read();
        keyExpr = valExpr;
        valExpr = this.parseExpression();
      }
      if (this.recovery && this.diags.length > before) {
        const close = this.recover(closeKind);
        return {
          kind: "literal",
          value: cty.dynamicValue,
          range: rangeBetween(open, this.range(close)),
        };
      }
      let group = false;
      let ellipsis: Range | undefined;
      if (this.peek() === T_ELLIPSIS) {
        ellipsis = this.range(this.read());
        group = true;
      }
      let condition: Expression | undefined;
      if (this.#isKeyword("if")) {
        this.read();
        before = this.diags.length;
        condition = this.parseExpression();
        if (this.recovery && this.diags.length > before) {
          const close = this.recover(closeKind);
          return {
            kind: "literal",
            value: cty.dynamicValue,
            range: rangeBetween(open, this.range(close)),
          };
        }
      }
      let close: number;
      if (this.peek() === closeKind) close = this.read();
      else {
        if (!this.recovery) {
          const nr = this.nextRange();
          this.error(
            "Invalid 'for' expression",
            "Extra characters after the end of the 'for' expression.",
            nr,
            rangeBetween(open, nr),
          );
        }
        close = this.recover(closeKind);
      }
      const closeR = this.range(close);
      const whole = rangeBetween(open, closeR);
      if (!makeObj) {
        if (keyExpr !== undefined) {
          this.error(
            "Invalid 'for' expression",
            "Key expression is not valid when building a tuple.",
            keyExpr.range,
            whole,
          );
        }
        if (group) {
          this.error(
            "Invalid 'for' expression",
            "Grouping ellipsis (...) cannot be used when building a tuple.",
            ellipsis!,
            whole,
          );
        }
      } else if (keyExpr === undefined) {
        this.error(
          "Invalid 'for' expression",
          "Key expression is required when building an object.",
          valExpr.range,
          whole,
        );
      }
      return {
        kind: "for",
        keyVar,
        valVar,
        collection,
        keyExpr,
        valExpr,
        condition,
        group,
        range: whole,
        openRange: open,
        closeRange: closeR,
      };
    } finally {
      this.popNewlines();
    }
  }

  /** A quoted string with no template sequences (block labels). */
  parseQuotedStringLiteral(): [string, Range] {
    const oq = this.read();
    const oqR = this.range(oq);
    let out = "";
    let endR: Range;
    for (;;) {
      const t = this.read();
      const k = this.lastKind;
      if (k === T_CQUOTE) {
        endR = this.range(t);
        break;
      }
      if (k === T_QUOTED_LIT) {
        out += decodeLiteral(this.file, this.starts[t], this.ends[t], true, this.diags);
        continue;
      }
      if (k === T_TEMPLATE_CONTROL || k === T_TEMPLATE_INTERP) {
        const which = k === T_TEMPLATE_CONTROL ? "%" : "$";
        const tr = this.range(t);
        this.error(
          "Invalid string literal",
          `Template sequences are not allowed in this string. To include a literal "${which}", double it (as "${which}${which}") to escape it.`,
          tr,
          rangeBetween(oqR, tr),
        );
        out += which + "{ ... }";
        this.recover(T_TEMPLATE_SEQ_END);
        continue;
      }
      const tr = this.range(t);
      if (k === T_EOF) {
        this.error(
          "Unterminated string literal",
          "Unable to find the closing quote mark before the end of the file.",
          tr,
          rangeBetween(oqR, tr),
        );
        endR = tr;
        break;
      }
      this.error(
        "Invalid string literal",
        "This item is not valid in a string literal.",
        tr,
        rangeBetween(oqR, tr),
      );
      this.recover(T_CQUOTE);
      endR = tr;
      break;
    }
    return [out, rangeBetween(oqR, endR)];
  }

  // ---- recovery ----

  /** Skips to just past the `end` token that closes the current construct; returns its index. */
  recover(end: TokenKind): number {
    const start = opposite(end);
    this.recovery = true;
    let nest = 0;
    for (;;) {
      const t = this.read();
      let k = this.lastKind;
      if (end === T_TEMPLATE_SEQ_END && k === T_TEMPLATE_CONTROL) k = T_TEMPLATE_INTERP;
      if (k === start) nest++;
      else if (k === end) {
        if (nest < 1) return t;
        nest--;
      } else if (k === T_EOF) return t;
    }
  }

  /** Skips past the next bracketed construct opened by `start`. */
  recoverOver(start: TokenKind): void {
    for (;;) {
      this.read();
      const k = this.lastKind;
      if (k === start || k === T_EOF) break;
    }
    this.recover(opposite(start));
  }

  /** Skips to the end of the current body item (a newline outside any brackets). */
  recoverAfterBodyItem(): void {
    this.recovery = true;
    const open: TokenKind[] = [];
    for (;;) {
      this.read();
      const k = this.lastKind;
      switch (k) {
        case T_NEWLINE:
          if (open.length === 0) return;
          break;
        case T_EOF:
          return;
        case T_OBRACE:
        case T_OBRACK:
        case T_OPAREN:
        case T_OQUOTE:
        case T_OHEREDOC:
        case T_TEMPLATE_INTERP:
        case T_TEMPLATE_CONTROL:
          open.push(k);
          break;
        case T_CBRACE:
        case T_CBRACK:
        case T_CPAREN:
        case T_CQUOTE:
        case T_CHEREDOC: {
          const opener = opposite(k);
          while (open.length > 0 && open[open.length - 1] !== opener) open.pop();
          if (open.length > 0) open.pop();
          break;
        }
        case T_TEMPLATE_SEQ_END:
          while (
            open.length > 0 && open[open.length - 1] !== T_TEMPLATE_INTERP &&
            open[open.length - 1] !== T_TEMPLATE_CONTROL
          ) open.pop();
          if (open.length > 0) open.pop();
          break;
      }
    }
  }
}

// Shared by every body without nested blocks and every block without labels (most of them):
// the tree holds no empty arrays of its own.
const NO_BLOCKS: readonly Block[] = Object.freeze([]);
const NO_NAMES: readonly string[] = Object.freeze([]);

function labelRangesOf(file: SourceFile, offsets: readonly number[]): Range[] {
  const out = new Array<Range>(offsets.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = file.range(offsets[2 * i], offsets[2 * i + 1]);
  return out;
}

function rangeString(r: Range): string {
  const s = r.start;
  const e = r.end;
  return s.line === e.line
    ? `${r.filename}:${s.line},${s.column}-${e.column}`
    : `${r.filename}:${s.line},${s.column}-${e.line},${e.column}`;
}

/** The constant key of an index expression, when it is one (a literal or a plain string). */
function constantKey(e: Expression): Value | undefined {
  if (e.kind === "literal") return e.value;
  if (e.kind === "template" && e.parts.length === 1 && e.parts[0].kind === "literal") {
    return e.parts[0].value;
  }
  if (e.kind === "template" && e.parts.length === 0) return cty.string("");
  return undefined;
}
