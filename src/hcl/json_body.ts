/**
 * The JSON syntax (`.tf.json`, hcl's `json/spec.md`): a JSON object read as a
 * body against a schema (properties become arguments or, by the schema, blocks
 * whose labels are nested object keys; `"//"` properties are comments), and
 * JSON values evaluated as expressions: strings are templates, numbers exact.
 *
 * @module
 */

import { cty, type Value } from "../cty/mod.ts";
import type { BodySchema } from "./body_content.ts";
import { type HclDiagnostic, hclError } from "./diagnostic.ts";
import { evaluate } from "./eval.ts";
import type { EvalContext } from "./eval_context.ts";
import type { Evaluated } from "./eval_traverse.ts";
import { type JsonNode, readJson } from "./json_parse.ts";
import { parseTemplate } from "./parse.ts";
import { variables } from "./static.ts";
import type { Traverser } from "./ast.ts";
import { type Range, rangeBetween, SourceFile } from "./source.ts";

/** A body in JSON syntax: one object, or an array of objects merged. */
export interface JsonBody {
  readonly kind: "jsonBody";
  readonly node: JsonNode;
  readonly range: Range;
}

/** An argument of a JSON body. */
export interface JsonAttribute {
  readonly kind: "jsonAttribute";
  readonly name: string;
  readonly value: JsonNode;
  readonly range: Range;
  readonly nameRange: Range;
}

/** A block of a JSON body, its labels taken from nested object keys. */
export interface JsonBlock {
  readonly kind: "jsonBlock";
  readonly type: string;
  readonly labels: readonly string[];
  readonly labelRanges: readonly Range[];
  readonly body: JsonBody;
  readonly typeRange: Range;
}

/** What a schema selected from a JSON body. */
export interface JsonBodyContent {
  readonly attributes: ReadonlyMap<string, JsonAttribute>;
  readonly blocks: readonly JsonBlock[];
  readonly missingItemRange: Range;
}

/**
 * Parses a `.tf.json` file. The root must be an object.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jsonContent, parseJsonConfig } from "./json_body.ts";
 * const { body, diagnostics } = parseJsonConfig(
 *   '{"resource": {"aws_instance": {"web": {"ami": "ami-${var.v}"}}}, "//": "note"}',
 * );
 * assert.equal(diagnostics.length, 0);
 * const r = jsonContent(body!, { blocks: [{ type: "resource", labelNames: ["type", "name"] }] });
 * assert.deepEqual(r.content.blocks.map((b) => b.labels), [["aws_instance", "web"]]);
 * ```
 */
export function parseJsonConfig(
  src: string | Uint8Array,
  filename = "main.tf.json",
): { body: JsonBody | undefined; diagnostics: HclDiagnostic[]; file: SourceFile } {
  const text = typeof src === "string" ? src : new TextDecoder().decode(src);
  const file = new SourceFile(filename, text);
  const { node, diagnostics } = readJson(file);
  if (node === undefined) return { body: undefined, diagnostics, file };
  if (node.kind !== "object") {
    diagnostics.push(hclError(
      "Incorrect JSON value type",
      "The root of a JSON-based configuration must be an object.",
      node.range,
    ));
    return { body: undefined, diagnostics, file };
  }
  return { body: { kind: "jsonBody", node, range: node.range }, diagnostics, file };
}

function propertiesOf(
  b: JsonBody,
  diags: HclDiagnostic[],
): Array<{ name: string; nameRange: Range; value: JsonNode }> {
  const objs = b.node.kind === "array" ? b.node.items : [b.node];
  const out: Array<{ name: string; nameRange: Range; value: JsonNode }> = [];
  for (const o of objs) {
    if (o.kind !== "object") {
      diags.push(hclError(
        "Incorrect JSON value type",
        "A JSON object is required here, setting the arguments for this block.",
        o.range,
      ));
      continue;
    }
    for (const p of o.properties) if (p.name !== "//") out.push(p);
  }
  return out;
}

function missingItemRange(b: JsonBody): Range {
  return b.range.file.range(b.range.startOffset, b.range.startOffset + 1);
}

function unpackBlock(
  v: JsonNode,
  type: string,
  typeRange: Range,
  labelNames: readonly string[],
  labels: string[],
  labelRanges: Range[],
  out: JsonBlock[],
  diags: HclDiagnostic[],
): void {
  if (labels.length < labelNames.length) {
    if (v.kind === "array") {
      for (const it of v.items) {
        unpackBlock(it, type, typeRange, labelNames, labels, labelRanges, out, diags);
      }
      return;
    }
    if (v.kind !== "object") {
      diags.push(hclError(
        "Incorrect JSON value type",
        `A JSON object is required here, whose keys represent the ${
          labelNames[labels.length]
        } block labels.`,
        v.range,
      ));
      return;
    }
    if (v.properties.length === 0) {
      diags.push(hclError(
        "Missing block label",
        `At least one object property is required, whose name represents the ${type} block's ${
          labelNames[labels.length]
        }.`,
        v.range,
      ));
      return;
    }
    for (const p of v.properties) {
      unpackBlock(
        p.value,
        type,
        typeRange,
        labelNames,
        [...labels, p.name],
        [...labelRanges, p.nameRange],
        out,
        diags,
      );
    }
    return;
  }
  if (v.kind === "array") {
    for (const it of v.items) {
      if (it.kind !== "object") {
        diags.push(hclError(
          "Incorrect JSON value type",
          `A JSON object is required here, to define the content of the ${type} block.`,
          it.range,
        ));
        continue;
      }
      out.push({
        kind: "jsonBlock",
        type,
        labels,
        labelRanges,
        typeRange,
        body: { kind: "jsonBody", node: it, range: it.range },
      });
    }
    return;
  }
  if (v.kind !== "object") {
    diags.push(hclError(
      "Incorrect JSON value type",
      `Either a JSON object or a JSON array is required, representing the contents of one or more ${
        JSON.stringify(type)
      } blocks.`,
      v.range,
    ));
    return;
  }
  out.push({
    kind: "jsonBlock",
    type,
    labels,
    labelRanges,
    typeRange,
    body: { kind: "jsonBody", node: v, range: v.range },
  });
}

/** A JSON body with the names an earlier {@link jsonPartialContent} took hidden. */
export interface JsonRemainBody {
  readonly body: JsonBody;
  readonly hidden: ReadonlySet<string>;
}

/** Selects what `schema` describes from a JSON body; the rest is left for another reader. */
export function jsonPartialContent(
  from: JsonBody | JsonRemainBody,
  schema: BodySchema,
): { content: JsonBodyContent; remain: JsonRemainBody; diagnostics: HclDiagnostic[] } {
  const body = "kind" in from ? from : from.body;
  const hidden = "kind" in from ? new Set<string>() : new Set(from.hidden);
  const diagnostics: HclDiagnostic[] = [];
  const attrs = new Map<string, JsonAttribute>();
  const blocks: JsonBlock[] = [];
  const attrSchemas = new Map((schema.attributes ?? []).map((s) => [s.name, s]));
  const blockSchemas = new Map((schema.blocks ?? []).map((s) => [s.type, s]));
  const used = new Set(hidden);
  for (const p of propertiesOf(body, diagnostics)) {
    if (hidden.has(p.name)) continue;
    if (attrSchemas.has(p.name)) {
      const existing = attrs.get(p.name);
      if (existing !== undefined) {
        diagnostics.push(hclError(
          "Duplicate argument",
          `The argument ${JSON.stringify(p.name)} was already set at ${rangeText(existing.range)}.`,
          p.nameRange,
          rangeBetween(p.nameRange, p.value.range),
        ));
        continue;
      }
      attrs.set(p.name, {
        kind: "jsonAttribute",
        name: p.name,
        value: p.value,
        range: rangeBetween(p.nameRange, p.value.range),
        nameRange: p.nameRange,
      });
      used.add(p.name);
    } else {
      const bs = blockSchemas.get(p.name);
      if (bs === undefined) continue;
      unpackBlock(p.value, bs.type, p.nameRange, bs.labelNames ?? [], [], [], blocks, diagnostics);
      used.add(p.name);
    }
  }
  for (const s of schema.attributes ?? []) {
    if (s.required === true && !attrs.has(s.name)) {
      diagnostics.push(hclError(
        "Missing required argument",
        `The argument ${JSON.stringify(s.name)} is required, but no definition was found.`,
        missingItemRange(body),
      ));
    }
  }
  return {
    content: { attributes: attrs, blocks, missingItemRange: missingItemRange(body) },
    remain: { body, hidden: used },
    diagnostics,
  };
}

/** Selects what `schema` describes; any other property is "Extraneous JSON object property". */
export function jsonContent(
  from: JsonBody | JsonRemainBody,
  schema: BodySchema,
): { content: JsonBodyContent; diagnostics: HclDiagnostic[] } {
  const { content, remain, diagnostics } = jsonPartialContent(from, schema);
  for (const p of propertiesOf(remain.body, [])) {
    if (remain.hidden.has(p.name)) continue;
    diagnostics.push(hclError(
      "Extraneous JSON object property",
      `No argument or block type is named ${JSON.stringify(p.name)}.`,
      p.nameRange,
      rangeBetween(p.nameRange, p.value.range),
    ));
  }
  return { content, diagnostics };
}

/** Every property of a JSON body as an argument. */
export function jsonJustAttributes(
  from: JsonBody | JsonRemainBody,
): { attributes: ReadonlyMap<string, JsonAttribute>; diagnostics: HclDiagnostic[] } {
  const body = "kind" in from ? from : from.body;
  const hidden = "kind" in from ? new Set<string>() : from.hidden;
  const diagnostics: HclDiagnostic[] = [];
  const attributes = new Map<string, JsonAttribute>();
  for (const p of propertiesOf(body, diagnostics)) {
    if (hidden.has(p.name)) continue;
    const existing = attributes.get(p.name);
    if (existing !== undefined) {
      diagnostics.push(hclError(
        "Duplicate attribute definition",
        `The argument ${JSON.stringify(p.name)} was already set at ${rangeText(existing.range)}.`,
        p.nameRange,
      ));
      continue;
    }
    attributes.set(p.name, {
      kind: "jsonAttribute",
      name: p.name,
      value: p.value,
      range: rangeBetween(p.nameRange, p.value.range),
      nameRange: p.nameRange,
    });
  }
  return { attributes, diagnostics };
}

function rangeText(r: Range): string {
  const s = r.start;
  const e = r.end;
  return s.line === e.line
    ? `${r.filename}:${s.line},${s.column}-${e.column}`
    : `${r.filename}:${s.line},${s.column}-${e.line},${e.column}`;
}

/**
 * Evaluates a JSON value as an expression: strings are templates (`"${var.x}"`
 * is `var.x` itself), numbers are exact, arrays are tuples, objects are objects
 * with template keys.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../cty/mod.ts";
 * import { EvalContext } from "./eval_context.ts";
 * import { evaluateJson, jsonJustAttributes, parseJsonConfig } from "./json_body.ts";
 * const { body } = parseJsonConfig('{"name": "web-${n}", "size": 2}');
 * const attrs = jsonJustAttributes(body!).attributes;
 * const ctx = new EvalContext({ variables: { n: cty.number(1) } });
 * assert.equal(evaluateJson(attrs.get("name")!.value, ctx).value.asString(), "web-1");
 * ```
 */
export function evaluateJson(node: JsonNode, ctx?: EvalContext): Evaluated {
  switch (node.kind) {
    case "string": {
      const t = parseTemplate(node.value, node.range.filename);
      if (t.diagnostics.length > 0) {
        return {
          value: cty.dynamicValue,
          diagnostics: t.diagnostics.map((d) => reRange(d, node.range)),
        };
      }
      const r = evaluate(t.expr, ctx);
      return { value: r.value, diagnostics: r.diagnostics.map((d) => reRange(d, node.range)) };
    }
    case "number": {
      const n = cty.parseNumber(node.text);
      return { value: n === undefined ? cty.unknown(cty.Number) : cty.number(n), diagnostics: [] };
    }
    case "bool":
      return { value: cty.bool(node.value), diagnostics: [] };
    case "null":
      return { value: cty.nullValue(cty.Dynamic), diagnostics: [] };
    case "array": {
      const diagnostics: HclDiagnostic[] = [];
      const vals = node.items.map((it) => {
        const r = evaluateJson(it, ctx);
        diagnostics.push(...r.diagnostics);
        return r.value;
      });
      return { value: cty.tuple(vals), diagnostics };
    }
    case "object": {
      const diagnostics: HclDiagnostic[] = [];
      const vals = new Map<string, Value>();
      let known = true;
      for (const p of node.properties) {
        const k = evaluateJson({ kind: "string", value: p.name, range: p.nameRange }, ctx);
        diagnostics.push(...k.diagnostics);
        const v = evaluateJson(p.value, ctx);
        diagnostics.push(...v.diagnostics);
        if (k.diagnostics.length > 0 || !k.value.isKnown) {
          known = false;
          continue;
        }
        if (k.value.isNull || k.value.type.kind !== "string") {
          diagnostics.push(hclError(
            "Invalid object key expression",
            "Cannot use this expression as an object key.",
            p.nameRange,
          ));
          known = false;
          continue;
        }
        if (vals.has(k.value.asString())) {
          diagnostics.push(hclError(
            "Duplicate object attribute",
            `An attribute named ${JSON.stringify(k.value.asString())} was already defined.`,
            p.nameRange,
          ));
          continue;
        }
        vals.set(k.value.asString(), v.value);
      }
      return { value: known ? cty.object(vals) : cty.dynamicValue, diagnostics };
    }
  }
}

/** Diagnostics from a string's template point into the string's own text; report the string. */
function reRange(d: HclDiagnostic, r: Range): HclDiagnostic {
  const { context: _context, ...rest } = d;
  return { ...rest, range: r };
}

/**
 * The variables a JSON value refers to, through its string templates (keys
 * included), as `variables` gives them for native expressions.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jsonJustAttributes, jsonVariables, parseJsonConfig } from "./json_body.ts";
 * const { body } = parseJsonConfig('{"x": ["${var.a}", {"k": "${local.b.c}"}]}');
 * const v = jsonVariables(jsonJustAttributes(body!).attributes.get("x")!.value);
 * assert.deepEqual(v.map((t) => t.map((s) => s.kind === "index" ? "[]" : s.name).join(".")), [
 *   "var.a",
 *   "local.b.c",
 * ]);
 * ```
 */
export function jsonVariables(node: JsonNode): Array<readonly Traverser[]> {
  const out: Array<readonly Traverser[]> = [];
  const stack: JsonNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === "string") {
      const t = parseTemplate(n.value, n.range.filename);
      if (t.diagnostics.length === 0) out.push(...variables(t.expr));
    } else if (n.kind === "array") {
      for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
    } else if (n.kind === "object") {
      for (let i = n.properties.length - 1; i >= 0; i--) {
        const p = n.properties[i];
        stack.push(p.value, { kind: "string", value: p.name, range: p.nameRange });
      }
    }
  }
  return out;
}
