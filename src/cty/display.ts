/**
 * Formats values the way `terraform console` prints them: `"a"`,
 * `tolist([...])`, `toset([...])`, `tomap({...})`, objects as `{ "a" = 1 }`
 * over several indented lines, heredocs for multi-line strings,
 * `(known after apply)`, `(sensitive value)`, typed nulls like `tostring(null)`.
 *
 * @module
 */

import { formatNumber, type Num } from "./number.ts";
import { goQuote } from "./set_order.ts";
import { friendlyName } from "./type.ts";
import { SENSITIVE, type Value } from "./value.ts";

function nullText(v: Value): string {
  const t = v.type;
  switch (t.kind) {
    case "dynamic":
      return "null";
    case "string":
      return "tostring(null)";
    case "number":
      return "tonumber(null)";
    case "bool":
      return "tobool(null)";
    case "list":
      return `tolist(null) /* of ${friendlyName(t.element)} */`;
    case "set":
      return `toset(null) /* of ${friendlyName(t.element)} */`;
    case "map":
      return `tomap(null) /* of ${friendlyName(t.element)} */`;
    default:
      return `null /* ${friendlyName(t)} */`;
  }
}

function heredoc(s: string, indent: number): string | undefined {
  const lines = s.split("\n");
  if (lines.length < 2) return undefined;
  let delimiter = "EOT";
  while (lines.some((l) => l.trim() === delimiter)) delimiter += "_";
  const pad = " ".repeat(indent);
  let out = (indent > 0 ? "<<-" : "<<") + delimiter;
  for (const l of lines) out += "\n" + pad + l;
  return out + "\n" + pad + delimiter;
}

function sequence(items: readonly Value[], indent: number): string {
  if (items.length === 0) return "[]";
  const pad = " ".repeat(indent + 2);
  let out = "[";
  for (const v of items) out += "\n" + pad + format(v, indent + 2) + ",";
  return out + "\n" + " ".repeat(indent) + "]";
}

function mapping(entries: readonly [string, Value][], indent: number): string {
  if (entries.length === 0) return "{}";
  const pad = " ".repeat(indent + 2);
  let out = "{";
  for (const [k, v] of entries) out += "\n" + pad + goQuote(k) + " = " + format(v, indent + 2);
  return out + "\n" + " ".repeat(indent) + "}";
}

function format(v: Value, indent: number): string {
  if (!v.isKnown) return "(known after apply)";
  if (v.hasMark(SENSITIVE)) return "(sensitive value)";
  if (v.isNull) return nullText(v);
  const t = v.type;
  switch (t.kind) {
    case "string": {
      const s = v.raw as string;
      return heredoc(s, indent) ?? goQuote(s);
    }
    case "number":
      return formatNumber(v.raw as Num);
    case "bool":
      return v.raw ? "true" : "false";
    case "tuple":
      return sequence(v.raw as readonly Value[], indent);
    case "list":
      return `tolist(${sequence(v.raw as readonly Value[], indent)})`;
    case "set":
      return `toset(${sequence(v.raw as readonly Value[], indent)})`;
    case "map":
      return `tomap(${mapping([...(v.raw as ReadonlyMap<string, Value>)], indent)})`;
    case "object":
      return mapping((v.raw as readonly Value[]).map((e, i) => [t.names[i], e]), indent);
    default:
      return `${friendlyName(t)} value`;
  }
}

/**
 * Formats `value` as `terraform console` shows it.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cty } from "./mod.ts";
 * assert.equal(cty.display(cty.map({ b: cty.number(1) })), 'tomap({\n  "b" = 1\n})');
 * assert.equal(cty.display(cty.unknown(cty.String)), "(known after apply)");
 * ```
 */
export function displayValue(value: Value): string {
  return format(value, 0);
}
