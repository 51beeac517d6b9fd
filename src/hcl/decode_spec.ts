/**
 * Decoding a body against a specification, as hashicorp/hcl's `hcldec` does:
 * arguments converted to types, nested blocks as an object (one), a list, a
 * set or a map by labels, objects of specs, defaults, with hcldec's
 * diagnostics. The result is one cty value, ready for a provider's schema.
 *
 * @module
 */

import { cty, type MapType, type Type, type Value } from "../cty/mod.ts";
import type { Block, Body } from "./ast.ts";
import { type BlockHeaderSchema, type BodySchema, content } from "./body_content.ts";
import { formatRange, type HclDiagnostic, hclError } from "./diagnostic.ts";
import { evaluate } from "./eval.ts";
import type { EvalContext } from "./eval_context.ts";
import { tryConvert } from "./eval_convert.ts";

/** What to decode from a body (hcldec's Spec kinds). */
export type Spec =
  | {
    readonly kind: "attr";
    readonly name: string;
    readonly type: Type;
    readonly required?: boolean;
  }
  | {
    readonly kind: "block";
    readonly type: string;
    readonly nested: Spec;
    readonly required?: boolean;
  }
  | {
    readonly kind: "blockList" | "blockSet";
    readonly type: string;
    readonly nested: Spec;
    readonly minItems?: number;
    readonly maxItems?: number;
  }
  | {
    readonly kind: "blockMap";
    readonly type: string;
    readonly labelNames: readonly string[];
    readonly nested: Spec;
  }
  | { readonly kind: "object"; readonly attributes: Readonly<Record<string, Spec>> }
  | { readonly kind: "default"; readonly primary: Spec; readonly default: Spec }
  | { readonly kind: "literal"; readonly value: Value };

/** The type a spec decodes to (hcldec.ImpliedType). */
export function impliedType(spec: Spec): Type {
  switch (spec.kind) {
    case "attr":
      return spec.type;
    case "block":
      return impliedType(spec.nested);
    case "blockList":
      return cty.List(impliedType(spec.nested));
    case "blockSet":
      return cty.Set(impliedType(spec.nested));
    case "blockMap": {
      let t = impliedType(spec.nested);
      for (let i = 0; i < spec.labelNames.length; i++) t = cty.Map(t);
      return t;
    }
    case "object": {
      const attrs: Record<string, Type> = {};
      for (const [k, s] of Object.entries(spec.attributes)) attrs[k] = impliedType(s);
      return cty.Object(attrs);
    }
    case "default":
      return impliedType(spec.primary);
    case "literal":
      return spec.value.type;
  }
}

type AttrSchema = { name: string; required?: boolean };

function collectSchema(spec: Spec, attrs: AttrSchema[], blocks: BlockHeaderSchema[]): void {
  switch (spec.kind) {
    case "attr":
      attrs.push({ name: spec.name, required: spec.required === true });
      return;
    case "block":
    case "blockList":
    case "blockSet":
      blocks.push({ type: spec.type });
      return;
    case "blockMap":
      blocks.push({ type: spec.type, labelNames: spec.labelNames });
      return;
    case "object":
      for (const s of Object.values(spec.attributes)) collectSchema(s, attrs, blocks);
      return;
    case "default":
      collectSchema(spec.primary, attrs, blocks);
      collectSchema(spec.default, attrs, blocks);
      return;
    case "literal":
      return;
  }
}

/** The body schema a spec reads (hcldec.ImpliedSchema). */
export function specSchema(spec: Spec): BodySchema {
  const attributes: AttrSchema[] = [];
  const blocks: BlockHeaderSchema[] = [];
  collectSchema(spec, attributes, blocks);
  return { attributes, blocks };
}

class Decoder {
  readonly diags: HclDiagnostic[] = [];
  readonly ctx: EvalContext | undefined;
  constructor(ctx: EvalContext | undefined) {
    this.ctx = ctx;
  }

  body(body: Body, spec: Spec): Value {
    const r = content(body, specSchema(spec));
    this.diags.push(...r.diagnostics);
    return this.spec(spec, r.content.attributes, r.content.blocks, r.content.missingItemRange);
  }

  spec(
    spec: Spec,
    attrs: ReadonlyMap<string, import("./ast.ts").Attribute>,
    blocks: readonly Block[],
    missing: import("./source.ts").Range,
  ): Value {
    switch (spec.kind) {
      case "literal":
        return spec.value;
      case "attr": {
        const a = attrs.get(spec.name);
        if (a === undefined) return cty.nullValue(spec.type);
        const r = evaluate(a.expr, this.ctx);
        this.diags.push(...r.diagnostics);
        const [v, err] = tryConvert(r.value, spec.type);
        if (err !== undefined) {
          this.diags.push(hclError(
            "Incorrect attribute value type",
            `Inappropriate value for attribute ${JSON.stringify(spec.name)}: ${err}.`,
            a.expr.range,
            a.range,
          ));
          return cty.unknown(spec.type);
        }
        return v;
      }
      case "object": {
        const out: Record<string, Value> = {};
        for (const [k, s] of Object.entries(spec.attributes)) {
          out[k] = this.spec(s, attrs, blocks, missing);
        }
        return cty.object(out);
      }
      case "default": {
        const v = this.spec(spec.primary, attrs, blocks, missing);
        return v.isNull ? this.spec(spec.default, attrs, blocks, missing) : v;
      }
      case "block": {
        const mine = blocks.filter((b) => b.type === spec.type);
        if (mine.length === 0) {
          if (spec.required === true) {
            this.diags.push(hclError(
              `Missing ${spec.type} block`,
              `A block of type ${JSON.stringify(spec.type)} is required here.`,
              missing,
            ));
          }
          return cty.nullValue(impliedType(spec.nested));
        }
        for (const dup of mine.slice(1)) {
          this.diags.push(hclError(
            `Duplicate ${spec.type} block`,
            `Only one block of type ${
              JSON.stringify(spec.type)
            } is allowed. Previous definition was at ${formatRange(defRange(mine[0]))}.`,
            defRange(dup),
          ));
        }
        return this.body(mine[0].body, spec.nested);
      }
      case "blockList":
      case "blockSet": {
        const mine = blocks.filter((b) => b.type === spec.type);
        const et = impliedType(spec.nested);
        if (spec.minItems !== undefined && mine.length < spec.minItems) {
          this.diags.push(hclError(
            `Insufficient ${spec.type} blocks`,
            `At least ${spec.minItems} ${JSON.stringify(spec.type)} blocks are required.`,
            missing,
          ));
        }
        if (spec.maxItems !== undefined && mine.length > spec.maxItems) {
          this.diags.push(hclError(
            `Too many ${spec.type} blocks`,
            `No more than ${spec.maxItems} ${JSON.stringify(spec.type)} blocks are allowed`,
            defRange(mine[spec.maxItems]),
          ));
        }
        const vals = mine.map((b) => this.body(b.body, spec.nested));
        if (vals.length === 0) {
          return spec.kind === "blockList" ? cty.listEmpty(et) : cty.setEmpty(et);
        }
        const u = cty.unify(vals.map((v) => v.type));
        if (u === undefined) {
          this.diags.push(hclError(
            `Unconsistent argument types in ${spec.type} blocks`,
            "Corresponding attributes in all blocks of this type must be the same.",
            defRange(mine[0]),
          ));
          return cty.unknown(spec.kind === "blockList" ? cty.List(et) : cty.Set(et));
        }
        const conv = vals.map((v, i) => u.conversions[i]?.(v) ?? v);
        return spec.kind === "blockList" ? cty.list(conv) : cty.set(conv);
      }
      case "blockMap": {
        const mine = blocks.filter((b) => b.type === spec.type);
        if (mine.length === 0) return cty.mapEmpty((impliedType(spec) as MapType).element);
        // Nested maps keyed by each label in turn.
        type Tree = Map<string, Tree | Value>;
        const root: Tree = new Map();
        for (const b of mine) {
          let node = root;
          for (let i = 0; i < b.labels.length - 1; i++) {
            let next = node.get(b.labels[i]);
            if (next === undefined) {
              next = new Map();
              node.set(b.labels[i], next);
            }
            node = next as Tree;
          }
          const last = b.labels[b.labels.length - 1];
          if (node.has(last)) {
            this.diags.push(hclError(
              `Duplicate ${spec.type} block`,
              `A block for ${spec.type}${
                b.labels.map((l) => ` ${JSON.stringify(l)}`).join("")
              } was already defined. The ${spec.type} labels must be unique.`,
              defRange(b),
            ));
            continue;
          }
          node.set(last, this.body(b.body, spec.nested));
        }
        const build = (t: Tree): Value => {
          const out: Record<string, Value> = {};
          for (const [k, v] of t) out[k] = v instanceof Map ? build(v) : v;
          return cty.map(out);
        };
        return build(root);
      }
    }
  }
}

function defRange(b: Block): import("./source.ts").Range {
  return b.labelRanges.length > 0
    ? b.range.file.range(b.typeRange.startOffset, b.labelRanges[b.labelRanges.length - 1].endOffset)
    : b.typeRange;
}

/**
 * Decodes a body against a spec into one cty value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../cty/mod.ts";
 * import { decodeBody } from "./decode_spec.ts";
 * import { parseConfig } from "./parse.ts";
 * const { body } = parseConfig('name = "web"\nport = "8080"\nrule { cidr = "10.0.0.0/8" }\n');
 * const { value, diagnostics } = decodeBody(body, {
 *   kind: "object",
 *   attributes: {
 *     name: { kind: "attr", name: "name", type: cty.String, required: true },
 *     port: { kind: "attr", name: "port", type: cty.Number },
 *     size: { kind: "default", primary: { kind: "attr", name: "size", type: cty.String }, default: { kind: "literal", value: cty.string("small") } },
 *     rule: { kind: "blockList", type: "rule", nested: { kind: "attr", name: "cidr", type: cty.String } },
 *   },
 * });
 * assert.equal(diagnostics.length, 0);
 * assert.equal(value.getAttr("port").asNumber(), 8080);
 * assert.equal(value.getAttr("size").asString(), "small");
 * assert.equal(value.getAttr("rule").length, 1);
 * ```
 */
export function decodeBody(
  body: Body,
  spec: Spec,
  ctx?: EvalContext,
): { value: Value; diagnostics: HclDiagnostic[] } {
  const d = new Decoder(ctx);
  const value = d.body(body, spec);
  return { value, diagnostics: d.diags };
}
