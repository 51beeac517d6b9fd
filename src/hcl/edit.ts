/**
 * Editing a configuration while keeping everything else as written, like
 * Go's hclwrite: {@link parseForEdit} reads a file into a tree of bodies,
 * attributes and blocks that remember where they came from; find blocks by
 * type and labels, set attributes to cty values, plain data, references
 * ({@link traversal}) or raw text ({@link rawExpr}), remove attributes,
 * append, remove and rename blocks and their labels. `toString()` writes the
 * file back: untouched text (comments included) byte-identical, edited and
 * new parts formatted. Removing an item removes its leading comment lines.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseForEdit, traversal } from "./mod.ts";
 *
 * const doc = parseForEdit('# network\nresource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16" # keep\n  old = 1\n}\n');
 * const vpc = doc.body.firstBlock("resource", ["aws_vpc", "main"])!;
 * vpc.body.setAttribute("cidr_block", "10.1.0.0/16");
 * vpc.body.removeAttribute("old");
 * vpc.body.setAttribute("tags", { Name: "main" });
 * doc.body.appendBlock("output", ["vpc_id"]).body.setAttribute("value", traversal("aws_vpc.main.id"));
 * assert.equal(doc.toString(), [
 *   "# network",
 *   'resource "aws_vpc" "main" {',
 *   '  cidr_block = "10.1.0.0/16" # keep',
 *   "  tags = {",
 *   '    Name = "main"',
 *   "  }",
 *   "}",
 *   "",
 *   'output "vpc_id" {',
 *   "  value = aws_vpc.main.id",
 *   "}",
 *   "",
 * ].join("\n"));
 * ```
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";
import type { Attribute, Block, Body } from "./ast.ts";
import { formatHcl } from "./format.ts";
import { hclExpression, type HclInput } from "./generate.ts";
import { parseConfig } from "./parse.ts";
import { quoteHclString } from "./string_quote.ts";

const IDENT = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u;

function checkName(name: string, what: string): void {
  if (!IDENT.test(name)) {
    throw new FoundryError(
      "hcl.edit.invalid_name",
      `${JSON.stringify(name)} is not a valid ${what}`,
    );
  }
}

/** Where an item sits in the source: the whole span (with lead comments and newline). */
interface Span {
  readonly start: number;
  readonly end: number;
}

/** An attribute of an {@link EditBody}. */
export class EditAttribute {
  /** The attribute's name. */
  readonly name: string;
  #expr: string;
  /** @internal Source offsets (undefined for a new attribute). */
  readonly src?: Span & { readonly exprStart: number; readonly exprEnd: number };
  /** @internal */
  changed = false;
  /** @internal */
  removed = false;

  /** @internal Made by {@link EditBody}. */
  constructor(name: string, expr: string, src?: EditAttribute["src"]) {
    this.name = name;
    this.#expr = expr;
    this.src = src;
  }

  /** The expression's source text as it stands. */
  get exprText(): string {
    return this.#expr;
  }

  /** @internal */
  setExpr(text: string): void {
    this.#expr = text;
    this.changed = true;
  }
}

/** A block of an {@link EditBody}. */
export class EditBlock {
  #type: string;
  #labels: string[];
  /** The block's content. */
  readonly body: EditBody;
  /** @internal Source offsets (undefined for a new block). */
  readonly src?: Span & {
    readonly typeStart: number;
    readonly labelsEnd: number;
    readonly openEnd: number;
    readonly closeStart: number;
    readonly oneLine: boolean;
  };
  /** @internal */
  headerChanged = false;
  /** @internal */
  removed = false;

  /** @internal Made by {@link EditBody}. */
  constructor(type: string, labels: string[], body: EditBody, src?: EditBlock["src"]) {
    this.#type = type;
    this.#labels = labels;
    this.body = body;
    this.src = src;
  }

  /** The block type (`resource`). */
  get type(): string {
    return this.#type;
  }

  /** The labels (`["aws_vpc", "main"]`). */
  get labels(): readonly string[] {
    return this.#labels;
  }

  /** Renames the block type. */
  setType(type: string): void {
    checkName(type, "block type");
    this.#type = type;
    this.headerChanged = true;
  }

  /** Replaces the labels (written quoted). */
  setLabels(labels: readonly string[]): void {
    this.#labels = [...labels];
    this.headerChanged = true;
  }
}

/** A body: the file's top level or a block's content. */
export class EditBody {
  /** @internal Items in order (removed ones stay, marked, until written). */
  readonly items: (EditAttribute | EditBlock)[] = [];
  /** @internal Nesting depth (0 for the file). */
  readonly depth: number;
  /** @internal Source offsets of the content and of where new items go. */
  readonly src?: { readonly start: number; readonly end: number; readonly insertAt: number };
  /** @internal */
  added = false;

  /** @internal Made by {@link parseForEdit} and {@link EditBody.appendBlock}. */
  constructor(depth: number, src?: EditBody["src"]) {
    this.depth = depth;
    this.src = src;
  }

  /** The attribute called `name`, if there is one. */
  attribute(name: string): EditAttribute | undefined {
    return this.items.find((i): i is EditAttribute =>
      i instanceof EditAttribute && !i.removed && i.name === name
    );
  }

  /** Names of the attributes, in order. */
  attributeNames(): string[] {
    return this.items.filter((i) => i instanceof EditAttribute && !i.removed).map((i) =>
      (i as EditAttribute).name
    );
  }

  /** Blocks, optionally only those of `type` whose labels start with `labels`. */
  blocks(type?: string, labels: readonly string[] = []): EditBlock[] {
    return this.items.filter((i): i is EditBlock =>
      i instanceof EditBlock && !i.removed && (type === undefined || i.type === type) &&
      labels.every((l, n) => i.labels[n] === l)
    );
  }

  /** The first block of `type` whose labels start with `labels`. */
  firstBlock(type: string, labels: readonly string[] = []): EditBlock | undefined {
    return this.blocks(type, labels)[0];
  }

  /**
   * Sets attribute `name` to a value (cty value, plain data, {@link traversal}
   * or {@link rawExpr}); an existing attribute keeps its place and comments.
   */
  setAttribute(name: string, value: HclInput): EditAttribute {
    checkName(name, "attribute name");
    const text = hclExpression(value);
    const existing = this.attribute(name);
    if (existing !== undefined) {
      existing.setExpr(text);
      return existing;
    }
    const attr = new EditAttribute(name, text);
    attr.changed = true;
    // New attributes go after the last attribute, before the blocks.
    let at = 0;
    this.items.forEach((item, i) => {
      if (item instanceof EditAttribute) at = i + 1;
    });
    this.items.splice(at, 0, attr);
    this.added = true;
    return attr;
  }

  /** Removes attribute `name` (with its leading comments); whether it was there. */
  removeAttribute(name: string): boolean {
    const a = this.attribute(name);
    if (a === undefined) return false;
    a.removed = true;
    return true;
  }

  /** Appends a new, empty block; fill it through its `body`. */
  appendBlock(type: string, labels: readonly string[] = []): EditBlock {
    checkName(type, "block type");
    const block = new EditBlock(type, [...labels], new EditBody(this.depth + 1));
    block.headerChanged = true;
    this.items.push(block);
    this.added = true;
    return block;
  }

  /** Removes a block of this body (with its leading comments); whether it was there. */
  removeBlock(block: EditBlock): boolean {
    if (!this.items.includes(block) || block.removed) return false;
    block.removed = true;
    return true;
  }
}

/** A file opened for editing. */
export class HclDocument {
  /** The top-level body. */
  readonly body: EditBody;
  readonly #text: string;

  /** @internal Made by {@link parseForEdit}. */
  constructor(text: string, body: EditBody) {
    this.#text = text;
    this.body = body;
  }

  /** The file as edited: untouched parts as written, edited parts formatted. */
  toString(): string {
    // New text follows the file's newlines (CRLF when the file uses them).
    const crlf = this.#text.includes("\r\n");
    const nl = crlf ? (t: string) => t.replace(/\r?\n/g, "\r\n") : (t: string) => t;
    return renderBody(this.#text, this.body, nl);
  }
}

/**
 * Reads a native-syntax file for editing. Throws a `FoundryError`
 * (`hcl.edit.syntax`) listing the syntax errors when it does not parse.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseForEdit } from "./mod.ts";
 * const doc = parseForEdit('locals {\n  a = 1 # one\n}\n');
 * doc.body.firstBlock("locals")!.body.setAttribute("a", 2);
 * assert.equal(doc.toString(), 'locals {\n  a = 2 # one\n}\n');
 * assert.throws(() => parseForEdit("a = {"), /syntax/);
 * ```
 */
export function parseForEdit(src: string, filename = "main.tf"): HclDocument {
  const { body, diagnostics } = parseConfig(src, filename);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    throw new FoundryError(
      "hcl.edit.syntax",
      `${filename} has syntax errors: ${errors.map((d) => d.summary).join("; ")}`,
    );
  }
  return new HclDocument(src, editBody(src, body, 0, 0, src.length, src.length));
}

function lineStart(s: string, at: number): number {
  while (at > 0 && s.charCodeAt(at - 1) !== 10) at--;
  return at;
}

function onlySpaceBetween(s: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** The item's span: from its line (with comment lines just above) to after its newline. */
function itemSpan(s: string, from: number, to: number, limit: number): Span {
  let start = from;
  const ls = lineStart(s, from);
  if (onlySpaceBetween(s, ls, from)) {
    start = ls;
    // Comment lines directly above belong to the item.
    while (start > 0) {
      const prev = lineStart(s, start - 1);
      const line = s.slice(prev, start).trim();
      if (!(line.startsWith("#") || line.startsWith("//"))) break;
      start = prev;
    }
  }
  let end = to;
  const nl = s.indexOf("\n", to);
  const lineEnd = nl < 0 || nl >= limit ? limit : nl + 1;
  const rest = s.slice(to, lineEnd).trim();
  if (rest === "" || rest.startsWith("#") || rest.startsWith("//")) end = lineEnd;
  return { start, end };
}

function editBody(
  s: string,
  body: Body,
  depth: number,
  start: number,
  end: number,
  insertAt: number,
): EditBody {
  const out = new EditBody(depth, { start, end, insertAt });
  const items: (Attribute | Block)[] = [...body.attributes.values(), ...body.blocks];
  items.sort((a, b) => a.range.startOffset - b.range.startOffset);
  for (const item of items) {
    if (item.kind === "attribute") {
      const exprEnd = item.expr.range.endOffset;
      const span = itemSpan(s, item.range.startOffset, exprEnd, end);
      out.items.push(
        new EditAttribute(item.name, s.slice(item.expr.range.startOffset, exprEnd), {
          ...span,
          exprStart: item.expr.range.startOffset,
          exprEnd,
        }),
      );
    } else {
      const closeStart = item.closeBraceRange.startOffset;
      const openEnd = item.openBraceRange.endOffset;
      const span = itemSpan(s, item.range.startOffset, item.closeBraceRange.endOffset, end);
      const oneLine = s.slice(openEnd, closeStart).indexOf("\n") < 0;
      const closeLine = lineStart(s, closeStart);
      const insert = onlySpaceBetween(s, closeLine, closeStart) ? closeLine : closeStart;
      const labelsEnd = item.labelRanges.length > 0
        ? item.labelRanges[item.labelRanges.length - 1].endOffset
        : item.typeRange.endOffset;
      out.items.push(
        new EditBlock(
          item.type,
          [...item.labels],
          editBody(s, item.body, depth + 1, openEnd, closeStart, insert),
          {
            ...span,
            typeStart: item.typeRange.startOffset,
            labelsEnd,
            openEnd,
            closeStart,
            oneLine,
          },
        ),
      );
    }
  }
  return out;
}

function header(b: EditBlock): string {
  return [b.type, ...b.labels.map(quoteHclString)].join(" ");
}

/** Text of items written afresh at `depth`, formatted as they would be inside their blocks. */
function fresh(items: readonly (EditAttribute | EditBlock)[], depth: number): string {
  let text = "";
  let prevBlock = false;
  for (const item of items) {
    if (item.removed) continue;
    if (item instanceof EditAttribute) text += `${item.name} = ${item.exprText}\n`;
    else {
      if (text !== "" || prevBlock) text += "\n";
      text += `${header(item)} {\n${fresh(item.body.items, 0)}}\n`;
      prevBlock = true;
    }
  }
  if (depth === 0) return formatHcl(text);
  // Format inside `depth` wrapper blocks so indentation (and heredocs) come out right.
  const wrapped = formatHcl("x {\n".repeat(depth) + text + "}\n".repeat(depth));
  const lines = wrapped.split("\n");
  return lines.slice(depth, lines.length - 1 - depth).join("\n") + "\n";
}

function renderBody(s: string, body: EditBody, nl: (t: string) => string): string {
  const src = body.src!;
  const newAttrs = body.items.filter((i) => i.src === undefined && i instanceof EditAttribute);
  const newBlocks = body.items.filter((i) => i.src === undefined && i instanceof EditBlock);
  // New attributes follow the last attribute written in the source, else go at the end.
  let lastAttr: EditAttribute | undefined;
  for (const i of body.items) if (i instanceof EditAttribute && i.src !== undefined) lastAttr = i;
  let out = "";
  let pos = src.start;
  for (const item of body.items) {
    if (item.src === undefined) continue;
    out += s.slice(pos, item.src.start);
    pos = item.src.end;
    if (!item.removed) {
      if (item instanceof EditBlock) out += renderBlock(s, item, body.depth, nl);
      else if (!item.changed) out += s.slice(item.src.start, item.src.end);
      else {
        // The name and `=` stay as written; the new expression is laid out at this depth.
        const line = fresh([item], body.depth);
        out += s.slice(item.src.start, item.src.exprStart);
        out += nl(line.slice(line.indexOf("=") + 2, -1)) + s.slice(item.src.exprEnd, item.src.end);
      }
    }
    if (item === lastAttr && newAttrs.length > 0) {
      if (!out.endsWith("\n")) out += nl("\n");
      out += nl(fresh(newAttrs, body.depth));
    }
  }
  const atEnd = lastAttr === undefined ? newAttrs : [];
  if (atEnd.length === 0 && newBlocks.length === 0) return out + s.slice(pos, src.end);
  out += s.slice(pos, src.insertAt);
  if (out !== "" && !out.endsWith("\n")) out += nl("\n");
  let text = fresh([...atEnd, ...newBlocks], body.depth);
  const before = body.items.some((i) => i.src !== undefined && !i.removed) || atEnd.length > 0;
  if (newBlocks.length > 0 && atEnd.length === 0 && before) text = "\n" + text;
  return out + nl(text) + s.slice(src.insertAt, src.end);
}

function renderBlock(
  s: string,
  b: EditBlock,
  depth: number,
  nl: (t: string) => string,
): string {
  const src = b.src!;
  const bodyChanged = changedDeep(b.body);
  if (src.oneLine && bodyChanged) {
    // A one-line block cannot take more lines: written afresh.
    const t = fresh([b], depth).replace(/^[ \t]*/, "").replace(/\n$/, "");
    return s.slice(src.start, src.typeStart) + nl(t) + s.slice(src.closeStart + 1, src.end);
  }
  let out = s.slice(src.start, src.typeStart);
  out += b.headerChanged ? header(b) : s.slice(src.typeStart, src.labelsEnd);
  out += s.slice(src.labelsEnd, src.openEnd);
  out += renderBody(s, b.body, nl);
  return out + s.slice(src.closeStart, src.end);
}

function changedDeep(body: EditBody): boolean {
  return body.items.some((i) =>
    i.src === undefined || i.removed ||
    (i instanceof EditAttribute ? i.changed : i.headerChanged || changedDeep(i.body))
  );
}
