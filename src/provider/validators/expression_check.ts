/**
 * Definition-time check of the path expressions validators declare
 * (`expressions`, as the cross-attribute validators do): each is resolved
 * against the schema from where its validator sits, the way validation
 * will look it up, so `s.conflictsWith("pasword")` fails when the schema is
 * made, naming the attributes there and the one probably meant, instead of
 * at every `terraform validate`.
 *
 * @module
 */

import type { Field, Fields } from "../schema_types.ts";
import { closest } from "../option_check.ts";
import { parsePathExpression } from "./path_expression.ts";

/** A validator as far as this check is concerned. */
interface Declares {
  readonly description?: unknown;
  readonly expressions?: unknown;
}

/**
 * The problems with the path expressions of every validator in `fields`
 * (attributes', nested attributes' and blocks' `validators` and
 * `objectValidators`) and of the schema's own `schemaValidators`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { s } from "../mod.ts";
 * import { expressionProblems } from "./expression_check.ts";
 * const fields = {
 *   domain: s.string({ optional: true }),
 *   listener: s.listBlock({
 *     certificate: s.string({ optional: true }),
 *   }, { objectValidators: [s.alsoRequires("certificate", "../domian")] }),
 * };
 * assert.deepEqual(expressionProblems(fields, []), [
 *   'block "listener" objectValidators: "requires certificate, ../domian": ' +
 *   'no attribute "domian" (there are: domain, listener) — did you mean "domain"?',
 * ]);
 * ```
 */
export function expressionProblems(
  fields: Fields,
  schemaValidators: readonly unknown[] | undefined,
): string[] {
  const problems: string[] = [];
  if (fields === null || typeof fields !== "object") return problems;
  checkAll(schemaValidators, [fields], "the schema's validators", problems);
  walk(fields, [fields], "", problems);
  return problems;
}

function walk(fields: Fields, scopes: readonly Fields[], prefix: string, problems: string[]) {
  for (const [name, f] of Object.entries(fields) as [string, Field | null][]) {
    if (f === null || typeof f !== "object") continue;
    const path = `${prefix}${name}`;
    const what = f.kind === "block" ? `block "${path}"` : `attribute "${path}"`;
    const own = (f as { validators?: unknown }).validators;
    checkAll(own, scopes, `${what} validators`, problems);
    if (f.kind === "attribute" || f.fields === null || typeof f.fields !== "object") continue;
    const inner = [...scopes, f.fields];
    checkAll(f.objectValidators, inner, `${what} objectValidators`, problems);
    walk(f.fields, inner, `${path}.`, problems);
  }
}

function checkAll(
  validators: unknown,
  scopes: readonly Fields[],
  where: string,
  problems: string[],
): void {
  if (!Array.isArray(validators)) return;
  for (const v of validators as Declares[]) {
    if (v === null || typeof v !== "object" || !Array.isArray(v.expressions)) continue;
    for (const e of v.expressions) {
      const why = resolve(String(e), scopes);
      if (why !== undefined) {
        problems.push(`${where}: ${JSON.stringify(String(v.description ?? ""))}: ${why}`);
      }
    }
  }
}

/** Why `expression` names nothing from the innermost of `scopes`, or undefined. */
function resolve(expression: string, scopes: readonly Fields[]): string | undefined {
  let expr;
  try {
    expr = parsePathExpression(expression);
  } catch (e) {
    return (e as Error).message;
  }
  const level = expr.fromRoot ? 0 : scopes.length - 1 - expr.up;
  if (level < 0) {
    return `path expression ${JSON.stringify(expression)} climbs above the top of the schema`;
  }
  let scope: Fields | undefined = scopes[level];
  let previous = "";
  for (let i = 0; i < expr.names.length; i++) {
    const name = expr.names[i];
    if (scope === undefined) return `"${previous}" has no attributes inside`;
    const found = scope[name] as Field | undefined;
    if (found === undefined) {
      const names = Object.keys(scope).sort();
      const near = closest(name, names);
      return `no attribute ${JSON.stringify(name)} (there are: ${names.join(", ")})` +
        (near === undefined ? "" : ` — did you mean ${JSON.stringify(near)}?`);
    }
    const collection = found.kind !== "attribute" && found.nesting !== "single" &&
      found.nesting !== "group";
    if (collection && i + 1 < expr.names.length) {
      return `"${name}" holds several objects; name an attribute beside it, or put the ` +
        "validator inside it (objectValidators)";
    }
    scope = found.kind === "attribute" || collection ? undefined : found.fields;
    previous = name;
  }
  return undefined;
}
