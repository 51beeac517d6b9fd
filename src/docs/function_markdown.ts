/**
 * The "## Signature" and "## Arguments" parts of a function's Registry page,
 * in tfplugindocs' wording.
 *
 * @module
 */

import type { FunctionParameter, ProviderFunction } from "../provider/mod.ts";
import { friendlyTypeName, typeLabel } from "./type_label.ts";

function paramText(p: FunctionParameter): string {
  return (p.markdownDescription ?? p.description ?? "").trim();
}

/**
 * The signature block: "```text\nname(a string, b list of number) string\n```".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineFunction, s } from "@foundry/foundry/provider";
 * import { functionSignatureMarkdown } from "@foundry/foundry/docs";
 * const f = defineFunction({
 *   name: "twice", parameters: [{ name: "n", type: s.number() }], returns: s.number(),
 *   run: ({ args: [n] }) => n * 2,
 * });
 * assert.equal(functionSignatureMarkdown(f), "```text\ntwice(n number) number\n```");
 * ```
 */
export function functionSignatureMarkdown(f: ProviderFunction): string {
  const d = f.definition;
  const params = d.parameters.map((p) => `${p.name} ${friendlyTypeName(p.type.type)}`);
  const v = d.variadicParameter;
  if (v !== undefined) params.push(`${v.name} ${friendlyTypeName(v.type.type)}...`);
  return "```text\n" + `${f.name}(${params.join(", ")}) ${friendlyTypeName(d.returns.type)}` +
    "\n```";
}

/**
 * The numbered argument list; the variadic parameter last, marked `Variadic`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defineFunction, s } from "@foundry/foundry/provider";
 * import { functionArgumentsMarkdown } from "@foundry/foundry/docs";
 * const f = defineFunction({
 *   name: "twice", parameters: [{ name: "n", type: s.number(), description: "A number." }],
 *   returns: s.number(), run: ({ args: [n] }) => n * 2,
 * });
 * assert.equal(functionArgumentsMarkdown(f), "1. `n` (Number) A number.");
 * ```
 */
export function functionArgumentsMarkdown(f: ProviderFunction): string {
  const line = (p: FunctionParameter, variadic: boolean) => {
    const notes = (variadic ? "Variadic, " : "") + typeLabel(p.type.type) +
      (p.allowNull === true ? ", Nullable" : "");
    const text = paramText(p);
    return `1. \`${p.name}\` (${notes})${text === "" ? "" : " " + text}`;
  };
  const lines = f.definition.parameters.map((p) => line(p, false));
  const v = f.definition.variadicParameter;
  if (v !== undefined) lines.push(line(v, true));
  return lines.join("\n");
}
