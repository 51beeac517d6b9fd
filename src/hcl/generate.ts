/**
 * Generating HCL from values: {@link hclExpression} writes a cty value or
 * plain JavaScript data (strings, finite numbers, bigints, booleans, null,
 * arrays, plain objects, and {@link HclRawExpr} pieces from
 * {@link rawExpr} / {@link traversal}) as expression text, and
 * {@link generateFile} writes a whole file from a description of blocks and
 * attributes. Strings are quoted with HCL's escapes (`$${` and `%%{` keep
 * template introducers literal), numbers exactly as Terraform prints them,
 * object keys bare when they are identifiers and quoted otherwise; the result
 * is laid out by {@link formatHcl}, so it is what `terraform fmt` keeps.
 *
 * Generated text parses and evaluates back to the value (converted to the
 * value's type: a set or map comes back from a tuple or object constructor).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateFile, hclExpression, traversal } from "./mod.ts";
 *
 * assert.equal(hclExpression({ name: "web-${x}", ports: [80, 443] }),
 *   '{\n  name  = "web-$${x}"\n  ports = [80, 443]\n}');
 * const text = generateFile({
 *   blocks: [{
 *     type: "resource",
 *     labels: ["example_server", "web"],
 *     body: { attributes: { name: "web", vpc_id: traversal("aws_vpc.main.id") } },
 *   }],
 * });
 * assert.equal(text, 'resource "example_server" "web" {\n  name   = "web"\n  vpc_id = aws_vpc.main.id\n}\n');
 * ```
 *
 * @module
 */

import { cty, type Value } from "../cty/mod.ts";
import { FoundryError } from "../errors/mod.ts";
import { formatHcl } from "./format.ts";
import { quoteHclString } from "./string_quote.ts";

/** Expression text written as given (a reference, a function call...). */
export class HclRawExpr {
  /** The expression's source text. */
  readonly text: string;
  /** Wraps expression text; prefer {@link rawExpr} and {@link traversal}. */
  constructor(text: string) {
    this.text = text;
  }
}

/** What {@link hclExpression} accepts: a cty value, raw expression text, or plain data of these. */
export type HclInput =
  | Value
  | HclRawExpr
  | string
  | number
  | bigint
  | boolean
  | null
  | readonly HclInput[]
  | { readonly [key: string]: HclInput };

/** A block in a {@link generateFile} description. */
export interface HclBlockSpec {
  /** The block type (`resource`, `provider`...). */
  readonly type: string;
  /** Labels, written quoted. */
  readonly labels?: readonly string[];
  /** The block's content. */
  readonly body?: HclBodySpec;
}

/** A body in a {@link generateFile} description: attributes first, then blocks. */
export interface HclBodySpec {
  /** Attributes in order; `undefined` values are left out. */
  readonly attributes?: { readonly [name: string]: HclInput | undefined };
  /** Nested blocks in order. */
  readonly blocks?: readonly HclBlockSpec[];
}

const IDENT = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u;
// Keys that would read as something other than a name in an object constructor.
const KEYWORD_KEYS = new Set(["null", "true", "false", "for"]);

/** Whether `s` is an HCL identifier. */
function isIdentifier(s: string): boolean {
  return IDENT.test(s);
}

function fail(code: string, message: string): never {
  throw new FoundryError(`hcl.generate.${code}`, message);
}

/**
 * Raw expression text, written as given.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hclExpression, rawExpr } from "./mod.ts";
 * assert.equal(hclExpression([rawExpr("upper(var.name)")]), "[upper(var.name)]");
 * ```
 */
export function rawExpr(text: string): HclRawExpr {
  return new HclRawExpr(text);
}

/**
 * A reference such as `var.region` or `aws_vpc.main.id`, from dotted text or
 * from its parts (numbers are indexes); every name must be an identifier.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { traversal } from "./mod.ts";
 * assert.equal(traversal("aws_vpc", "main", "id").text, "aws_vpc.main.id");
 * assert.equal(traversal("var.subnets", 0).text, "var.subnets[0]");
 * ```
 */
export function traversal(...parts: readonly (string | number)[]): HclRawExpr {
  let out = "";
  for (const p of parts) {
    if (typeof p === "number") {
      if (!Number.isSafeInteger(p) || p < 0) fail("invalid_traversal", `invalid index ${p}`);
      if (out === "") fail("invalid_traversal", "a traversal must start with a name");
      out += `[${p}]`;
      continue;
    }
    for (const name of p.split(".")) {
      if (!isIdentifier(name)) {
        fail("invalid_traversal", `${JSON.stringify(name)} is not a valid name in a reference`);
      }
      out += out === "" ? name : "." + name;
    }
  }
  if (out === "") fail("invalid_traversal", "a traversal needs at least one name");
  return new HclRawExpr(out);
}

function keyText(k: string): string {
  return isIdentifier(k) && !KEYWORD_KEYS.has(k) ? k : quoteHclString(k);
}

function objectText(entries: [string, string][]): string {
  if (entries.length === 0) return "{}";
  let s = "{\n";
  for (const [k, v] of entries) s += `${keyText(k)} = ${v}\n`;
  return s + "}";
}

/** Unformatted expression text of a cty value. */
function valueText(v: Value): string {
  if (v.isMarked) v = v.unmark();
  if (!v.isKnown) fail("unknown_value", "an unknown value has no HCL text");
  if (v.isNull) return "null";
  const t = v.type;
  switch (t.kind) {
    case "string":
      return quoteHclString(v.asString());
    case "number": {
      const text = cty.formatNumber(v.asNumber());
      if (text.endsWith("Inf")) fail("infinite_number", "infinity has no HCL text");
      return text;
    }
    case "bool":
      return v.asBool() ? "true" : "false";
    case "list":
    case "set":
    case "tuple":
      return "[" + v.elements().map(valueText).join(", ") + "]";
    case "map":
    case "object":
      return objectText(v.entries().map(([k, e]) => [String(k), valueText(e)]));
    default:
      return fail("unsupported_type", `a value of type ${cty.friendlyName(t)} has no HCL text`);
  }
}

function isValue(x: unknown): x is Value {
  return x instanceof Object && "type" in x && "raw" in x && typeof (x as Value).isKnown ===
      "boolean";
}

/** Unformatted expression text of any input. */
function inputText(x: HclInput, depth: number): string {
  if (depth > 1000) fail("too_deep", "input nested more than 1000 levels");
  if (x === null) return "null";
  switch (typeof x) {
    case "string":
      return quoteHclString(x);
    case "boolean":
      return x ? "true" : "false";
    case "bigint":
      return x.toString();
    case "number":
      if (!Number.isFinite(x)) fail("infinite_number", `${x} has no HCL text`);
      return cty.formatNumber(x);
    case "object":
      break;
    default:
      return fail("unsupported_input", `a ${typeof x} has no HCL text`);
  }
  if (x instanceof HclRawExpr) return x.text;
  if (isValue(x)) return valueText(x);
  if (Array.isArray(x)) return "[" + x.map((e) => inputText(e, depth + 1)).join(", ") + "]";
  const proto = Object.getPrototypeOf(x);
  if (proto !== Object.prototype && proto !== null) {
    fail("unsupported_input", "only plain objects, arrays, cty values and raw expressions");
  }
  const entries: [string, string][] = [];
  for (const [k, v] of Object.entries(x)) {
    if (v !== undefined) entries.push([k, inputText(v as HclInput, depth + 1)]);
  }
  return objectText(entries);
}

/**
 * HCL expression text for a value, laid out as `terraform fmt` would keep it
 * (objects one attribute a line with `=` aligned, lists on one line).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "../cty/mod.ts";
 * import { hclExpression } from "./mod.ts";
 * assert.equal(hclExpression(cty.set([cty.string("b"), cty.string("a")])), '["a", "b"]');
 * assert.equal(hclExpression({ "my key": 1, ok: null }), '{\n  "my key" = 1\n  ok       = null\n}');
 * assert.equal(hclExpression("100%{x} \"q\"\n"), '"100%%{x} \\"q\\"\\n"');
 * ```
 */
export function hclExpression(value: HclInput): string {
  const text = inputText(value, 0);
  if (!text.includes("\n")) return text;
  // Laid out as the value of an attribute, then the attribute's name taken off again.
  return formatHcl(`v = ${text}\n`).slice(4, -1);
}

const BLOCK_KEYS = new Set(["type", "labels", "body"]);
const BODY_KEYS = new Set(["attributes", "blocks"]);

function checkKeys(o: object, allowed: Set<string>, what: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.has(k)) {
      fail(
        "invalid_option",
        `unknown ${what} key ${JSON.stringify(k)} (expected ${[...allowed].join(", ")})`,
      );
    }
  }
}

function bodyText(body: HclBodySpec, depth: number): string {
  checkKeys(body, BODY_KEYS, "body");
  let s = "";
  for (const [name, v] of Object.entries(body.attributes ?? {})) {
    if (v === undefined) continue;
    if (!isIdentifier(name)) {
      fail("invalid_name", `${JSON.stringify(name)} is not a valid attribute name`);
    }
    s += `${name} = ${inputText(v, depth)}\n`;
  }
  const blocks = body.blocks ?? [];
  blocks.forEach((b, i) => {
    if (i > 0 || s !== "") s += "\n";
    s += blockText(b, depth + 1);
  });
  return s;
}

function blockText(b: HclBlockSpec, depth: number): string {
  if (depth > 1000) fail("too_deep", "blocks nested more than 1000 levels");
  checkKeys(b, BLOCK_KEYS, "block");
  if (!isIdentifier(b.type)) {
    fail("invalid_name", `${JSON.stringify(b.type)} is not a valid block type`);
  }
  const labels = (b.labels ?? []).map((l) => " " + quoteHclString(l)).join("");
  const inner = bodyText(b.body ?? {}, depth);
  return inner === "" ? `${b.type}${labels} {}\n` : `${b.type}${labels} {\n${inner}}\n`;
}

/**
 * A whole configuration file from a description of its attributes and
 * blocks, formatted; top-level blocks are separated by blank lines.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateFile } from "./mod.ts";
 * const text = generateFile({
 *   blocks: [
 *     { type: "provider", labels: ["example"], body: { attributes: { endpoint: "http://x" } } },
 *     { type: "variable", labels: ["n"], body: { attributes: { default: 3 } } },
 *   ],
 * });
 * assert.equal(
 *   text,
 *   'provider "example" {\n  endpoint = "http://x"\n}\n\nvariable "n" {\n  default = 3\n}\n',
 * );
 * ```
 */
export function generateFile(body: HclBodySpec): string {
  return formatHcl(bodyText(body, 0));
}
