/**
 * The JSON that `hcl2json` (and `@cdktf/hcl2json`, its WebAssembly build)
 * makes of a configuration, so that its users can switch: blocks nest by
 * type then label into arrays of bodies, literal values stay JSON values,
 * templates keep their text, and any other expression becomes `"${...}"`
 * around its source text. Keys are sorted, as Go's encoder sorts them.
 *
 * @module
 */

import { cty, type Value } from "../cty/mod.ts";
import type { Body, ConditionalExpr, Expression, ForExpr, TemplateExpr } from "./ast.ts";
import { type HclDiagnostic, hclError } from "./diagnostic.ts";
import { evaluate } from "./eval.ts";
import { parseConfig } from "./parse.ts";
import type { Range } from "./source.ts";

/** A JSON value as hcl2json produces it. */
export type Hcl2JsonValue =
  | null
  | boolean
  | number
  | string
  | Hcl2JsonValue[]
  | { [key: string]: Hcl2JsonValue };

type Obj = { [key: string]: Hcl2JsonValue };

class Converter {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }

  body(b: Body): Obj {
    const out: Obj = {};
    for (const [name, a] of b.attributes) out[name] = this.expr(a.expr);
    for (const blk of b.blocks) {
      let target = out;
      let key = blk.type;
      for (const label of blk.labels) {
        const inner = target[key];
        if (inner === undefined) {
          const o: Obj = {};
          target[key] = o;
          target = o;
        } else if (inner !== null && typeof inner === "object" && !Array.isArray(inner)) {
          target = inner;
        } else {
          throw new Hcl2JsonError(`Unable to convert Block to JSON: ${key}.${label}`, blk.range);
        }
        key = label;
      }
      const value = this.body(blk.body);
      const cur = target[key];
      if (cur === undefined) target[key] = [value];
      else if (Array.isArray(cur)) cur.push(value);
      else throw new Hcl2JsonError(`Unable to convert Block to JSON: ${key}`, blk.range);
    }
    return out;
  }

  expr(e: Expression): Hcl2JsonValue {
    switch (e.kind) {
      case "literal":
        return jsonOf(e.value);
      case "template":
        return this.template(e);
      case "templateWrap":
        return this.expr(e.wrapped);
      case "tuple":
        return e.exprs.map((x) => this.expr(x));
      case "unaryOp":
        // A negated or inverted literal is a value there (`-5`, `!false`).
        if (e.operand.kind === "literal") {
          const r = evaluate(e);
          if (r.diagnostics.length === 0) return jsonOf(r.value);
        }
        return this.wrap(e.range);
      case "object": {
        const o: Obj = {};
        for (const it of e.items) {
          o[this.key(it.key.wrapped, it.key.forceNonLiteral)] = this.expr(it.value);
        }
        return o;
      }
      default:
        return this.wrap(e.range);
    }
  }

  key(k: Expression, forceNonLiteral: boolean): string {
    if (!forceNonLiteral && k.kind === "scopeTraversal") return this.source(k.range);
    return this.stringPart(k);
  }

  template(t: TemplateExpr): string {
    // A plain string is its value. hcl2json's HCL splits a literal at "$${" and "%%{", so
    // such a string counts as several parts there, whose text is re-escaped.
    if (t.parts.length === 1 && t.parts[0].kind === "literal") {
      const s = cty.convert(t.parts[0].value, cty.String).asString();
      const src = this.#text.slice(t.range.startOffset, t.range.endOffset);
      return src.includes("$${") || src.includes("%%{") ? escapeTemplate(s) : s;
    }
    let out = "";
    for (const p of t.parts) out += this.stringPart(p);
    return out;
  }

  stringPart(e: Expression): string {
    switch (e.kind) {
      case "literal":
        if (e.value.isNull || !e.value.isKnown) return this.wrap(e.range);
        return escapeTemplate(cty.convert(e.value, cty.String).asString());
      case "template":
        return this.template(e);
      case "templateWrap":
        return this.stringPart(e.wrapped);
      case "conditional":
        return this.conditional(e);
      case "templateJoin":
        return this.forDirective(e.tuple);
      default:
        return this.wrap(e.range);
    }
  }

  conditional(e: ConditionalExpr): string {
    let out = "%{if " + this.source(e.condition.range) + "}";
    out += this.stringPart(e.trueResult);
    const f = this.stringPart(e.falseResult);
    if (f.length > 0) out += "%{else}" + f;
    return out + "%{endif}";
  }

  forDirective(e: ForExpr): string {
    let out = "%{for ";
    if (e.keyVar !== "") out += e.keyVar + ", ";
    out += e.valVar + " in " + this.source(e.collection.range) + "}";
    return out + this.stringPart(e.valExpr) + "%{endfor}";
  }

  wrap(r: Range): string {
    return "${" + this.source(r) + "}";
  }

  /** The source text of a range, plus a ")" right after it (hcl2json does this). */
  source(r: Range): string {
    let end = r.endOffset;
    if (this.#text.charCodeAt(end) === 41) end++;
    return this.#text.slice(r.startOffset, end);
  }
}

function escapeTemplate(s: string): string {
  // Function replacers: in a replacement string "$$" would mean one "$".
  return s.replaceAll("${", () => "$${").replaceAll("%{", () => "%%{");
}

function jsonOf(v: Value): Hcl2JsonValue {
  if (!v.isKnown) return null;
  return JSON.parse(cty.json.encode(v, v.type));
}

function sortKeys(v: Hcl2JsonValue): Hcl2JsonValue {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== "object") return v;
  const out: Obj = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
  return out;
}

class Hcl2JsonError extends Error {
  readonly range: Range;
  constructor(message: string, range: Range) {
    super(message);
    this.range = range;
  }
}

/** Result of {@link toHcl2Json}. */
export interface Hcl2JsonResult {
  /** The JSON value (undefined when the file has errors). */
  readonly json: Hcl2JsonValue | undefined;
  /** Syntax errors, or the block that cannot be represented. */
  readonly diagnostics: HclDiagnostic[];
}

/**
 * Converts a native-syntax file to hcl2json's JSON.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toHcl2Json } from "./hcl2json.ts";
 * const { json } = toHcl2Json('resource "a" "b" {\n  n = 1\n  s = "x-${var.y}"\n}\n');
 * assert.deepEqual(json, { resource: { a: { b: [{ n: 1, s: "x-${var.y}" }] } } });
 * ```
 */
export function toHcl2Json(src: string | Uint8Array, filename = "main.tf"): Hcl2JsonResult {
  const parsed = parseConfig(src, filename);
  if (parsed.diagnostics.some((d) => d.severity === "error")) {
    return { json: undefined, diagnostics: parsed.diagnostics };
  }
  try {
    const json = sortKeys(new Converter(parsed.file.text).body(parsed.body));
    return { json, diagnostics: parsed.diagnostics };
  } catch (e) {
    if (!(e instanceof Hcl2JsonError)) throw e;
    return {
      json: undefined,
      diagnostics: [hclError("Unable to convert to JSON", e.message, e.range)],
    };
  }
}
