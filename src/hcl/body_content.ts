/**
 * Reading a body against a schema (hcl.Body's Content, PartialContent and
 * JustAttributes for native syntax): which arguments and block types are
 * expected, which are required, how many labels each block takes, with
 * hclsyntax's diagnostics and "Did you mean" suggestions.
 *
 * @module
 */

import type { Attribute, Block, Body } from "./ast.ts";
import { type HclDiagnostic, hclError } from "./diagnostic.ts";
import { nameSuggestion } from "./parser_template.ts";
import { type Range, rangeBetween } from "./source.ts";

/** An expected argument. */
export interface AttributeSchema {
  readonly name: string;
  readonly required?: boolean;
}

/** An expected block type and the names of its labels. */
export interface BlockHeaderSchema {
  readonly type: string;
  readonly labelNames?: readonly string[];
}

/** What a body may contain. */
export interface BodySchema {
  readonly attributes?: readonly AttributeSchema[];
  readonly blocks?: readonly BlockHeaderSchema[];
}

/** The part of a body a schema selected. */
export interface BodyContent {
  readonly attributes: ReadonlyMap<string, Attribute>;
  readonly blocks: readonly Block[];
  /** Where a missing item would go (the start of the body). */
  readonly missingItemRange: Range;
}

/** A body with the names an earlier {@link partialContent} took hidden from later reads. */
export interface RemainBody {
  readonly body: Body;
  readonly hiddenAttributes: ReadonlySet<string>;
  readonly hiddenBlocks: ReadonlySet<string>;
}

function remainOf(b: Body | RemainBody): RemainBody {
  return "kind" in b ? { body: b, hiddenAttributes: new Set(), hiddenBlocks: new Set() } : b;
}

function missingItemRange(b: Body): Range {
  return b.range.file.range(b.range.startOffset, b.range.startOffset);
}

/** Selects what `schema` describes and returns the rest for another reader. */
export function partialContent(
  from: Body | RemainBody,
  schema: BodySchema,
): { content: BodyContent; remain: RemainBody; diagnostics: HclDiagnostic[] } {
  const { body, hiddenAttributes, hiddenBlocks } = remainOf(from);
  const attrs = new Map<string, Attribute>();
  const blocks: Block[] = [];
  const diagnostics: HclDiagnostic[] = [];
  const hidA = new Set(hiddenAttributes);
  const hidB = new Set(hiddenBlocks);
  for (const s of schema.attributes ?? []) {
    const a = body.attributes.get(s.name);
    if (a === undefined || hidA.has(s.name)) {
      if (s.required === true) {
        diagnostics.push(hclError(
          "Missing required argument",
          `The argument ${JSON.stringify(s.name)} is required, but no definition was found.`,
          missingItemRange(body),
        ));
      }
      continue;
    }
    hidA.add(s.name);
    attrs.set(s.name, a);
  }
  const wanted = new Map((schema.blocks ?? []).map((s) => [s.type, s]));
  for (const blk of body.blocks) {
    if (hidB.has(blk.type)) continue;
    const s = wanted.get(blk.type);
    if (s === undefined) continue;
    const names = s.labelNames ?? [];
    const ctx = rangeBetween(blk.typeRange, blk.openBraceRange);
    if (blk.labels.length > names.length) {
      diagnostics.push(hclError(
        `Extraneous label for ${blk.type}`,
        names.length === 0
          ? `No labels are expected for ${blk.type} blocks.`
          : `Only ${names.length} labels (${
            names.join(", ")
          }) are expected for ${blk.type} blocks.`,
        blk.labelRanges[names.length],
        ctx,
      ));
      continue;
    }
    if (blk.labels.length < names.length) {
      diagnostics.push(hclError(
        `Missing ${names[blk.labels.length]} for ${blk.type}`,
        `All ${blk.type} blocks must have ${names.length} labels (${names.join(", ")}).`,
        blk.openBraceRange,
        ctx,
      ));
      continue;
    }
    blocks.push(blk);
  }
  for (const s of schema.blocks ?? []) hidB.add(s.type);
  return {
    content: { attributes: attrs, blocks, missingItemRange: missingItemRange(body) },
    remain: { body, hiddenAttributes: hidA, hiddenBlocks: hidB },
    diagnostics,
  };
}

/**
 * Selects what `schema` describes; anything else in the body is an error
 * ("Unsupported argument", "Unsupported block type").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { content } from "./body_content.ts";
 * import { parseConfig } from "./parse.ts";
 * const { body } = parseConfig('nme = "x"\nlifecycle {}\n');
 * const r = content(body, { attributes: [{ name: "name", required: true }] });
 * assert.deepEqual(r.diagnostics.map((d) => d.detail), [
 *   'The argument "name" is required, but no definition was found.',
 *   'An argument named "nme" is not expected here. Did you mean "name"?',
 *   'Blocks of type "lifecycle" are not expected here.',
 * ]);
 * ```
 */
export function content(
  from: Body | RemainBody,
  schema: BodySchema,
): { content: BodyContent; diagnostics: HclDiagnostic[] } {
  const { content: c, remain, diagnostics } = partialContent(from, schema);
  for (const [name, attr] of remain.body.attributes) {
    if (remain.hiddenAttributes.has(name)) continue;
    const candidates = (schema.attributes ?? []).map((s) => s.name).filter((n) =>
      !c.attributes.has(n)
    );
    let suggestion = nameSuggestion(name, candidates);
    if (suggestion !== "") suggestion = ` Did you mean ${JSON.stringify(suggestion)}?`;
    else if ((schema.blocks ?? []).some((s) => s.type === name)) {
      suggestion = ` Did you mean to define a block of type ${JSON.stringify(name)}?`;
    }
    diagnostics.push(hclError(
      "Unsupported argument",
      `An argument named ${JSON.stringify(name)} is not expected here.${suggestion}`,
      attr.nameRange,
    ));
  }
  for (const blk of remain.body.blocks) {
    if (remain.hiddenBlocks.has(blk.type)) continue;
    let suggestion = nameSuggestion(blk.type, (schema.blocks ?? []).map((s) => s.type));
    if (suggestion !== "") suggestion = ` Did you mean ${JSON.stringify(suggestion)}?`;
    else if ((schema.attributes ?? []).some((s) => s.name === blk.type)) {
      suggestion = ` Did you mean to define argument ${
        JSON.stringify(blk.type)
      }? If so, use the equals sign to assign it a value.`;
    }
    diagnostics.push(hclError(
      "Unsupported block type",
      `Blocks of type ${JSON.stringify(blk.type)} are not expected here.${suggestion}`,
      blk.typeRange,
    ));
  }
  return { content: c, diagnostics };
}

/** Every argument of a body that has no blocks (as `locals` and `tags`-like bodies are read). */
export function justAttributes(
  from: Body | RemainBody,
): { attributes: ReadonlyMap<string, Attribute>; diagnostics: HclDiagnostic[] } {
  const { body, hiddenAttributes } = remainOf(from);
  const diagnostics: HclDiagnostic[] = [];
  if (body.blocks.length > 0) {
    const ex = body.blocks[0];
    diagnostics.push(hclError(
      `Unexpected ${JSON.stringify(ex.type)} block`,
      "Blocks are not allowed here.",
      ex.typeRange,
    ));
  }
  const attributes = new Map<string, Attribute>();
  for (const [name, a] of body.attributes) if (!hiddenAttributes.has(name)) attributes.set(name, a);
  return { attributes, diagnostics };
}
