/**
 * The guard around every call into author code: exceptions become error
 * diagnostics naming the type and operation ("example_server: create failed:
 * quota exceeded"), and returned states are checked before Terraform sees
 * them (conforming type, nothing left unknown, planned values kept).
 *
 * @module
 */

import {
  type AttributePath,
  type Diagnostics,
  formatPath,
  isFoundryError,
  type PathStep,
  toError,
} from "../../errors/mod.ts";
import type { Type, Value } from "../../cty/mod.ts";
import { DiagnosticError } from "../diagnostic_error.ts";
import { fromPlain } from "./plain_values.ts";
import type { Fields } from "../schema_types.ts";
import { nullifyWriteOnly } from "./write_only.ts";
import { keepSemanticForms } from "./semantic_equality.ts";

/**
 * Runs an author hook; returns its result, or `undefined` after recording an
 * error diagnostic when it throws.
 */
export async function callAuthor<T>(
  typeName: string,
  op: string,
  diags: Diagnostics,
  fn: () => T | Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof DiagnosticError) {
      diags.push(...e.diagnostics);
    } else {
      const err = toError(e);
      diags.error(`${typeName}: ${op} failed: ${err.message}`, {
        detail: `The provider's ${op} for ${typeName} threw ${err.name}: ${err.message}`,
      });
    }
    return { ok: false };
  }
}

function show(v: Value): string {
  if (!v.isKnown) return "(known after apply)";
  try {
    return JSON.stringify(v.toJS(), (_k, x) => typeof x === "bigint" ? x.toString() : x) ?? "null";
  } catch {
    return "(a value with unknowns inside)";
  }
}

/** Path of the first unknown inside `v`, or undefined when wholly known. */
export function firstUnknown(v: Value, path: PathStep[] = []): AttributePath | undefined {
  if (!v.isKnown) return [...path];
  if (v.isNull) return undefined;
  const t = v.type;
  if (t.kind === "object") {
    for (const name of t.names) {
      path.push({ kind: "attr", name });
      const p = firstUnknown(v.getAttr(name), path);
      path.pop();
      if (p !== undefined) return p;
    }
  } else if (t.kind === "list" || t.kind === "tuple" || t.kind === "set") {
    const els = v.elements();
    for (let i = 0; i < els.length; i++) {
      path.push(
        t.kind === "set" ? { kind: "element", value: els[i] } : { kind: "index", index: i },
      );
      const p = firstUnknown(els[i], path);
      path.pop();
      if (p !== undefined) return t.kind === "set" ? p.slice(0, path.length) : p;
    }
  } else if (t.kind === "map") {
    for (const [k, el] of v.raw as ReadonlyMap<string, Value>) {
      path.push({ kind: "key", key: k });
      const p = firstUnknown(el, path);
      path.pop();
      if (p !== undefined) return p;
    }
  }
  return undefined;
}

/** The first place where `actual` breaks a known `planned` value, with both values shown. */
export function firstInconsistency(
  planned: Value,
  actual: Value,
  path: PathStep[] = [],
): { path: AttributePath; planned: string; actual: string } | undefined {
  if (!planned.isKnown) return undefined;
  const differ = () => ({ path: [...path], planned: show(planned), actual: show(actual) });
  if (planned.isNull || actual.isNull || !actual.isKnown) {
    return planned.isNull && actual.isNull ? undefined : differ();
  }
  const t = planned.type;
  if (t.kind === "object" && actual.type.kind === "object") {
    for (const name of t.names) {
      path.push({ kind: "attr", name });
      const r = firstInconsistency(planned.getAttr(name), actual.getAttr(name), path);
      path.pop();
      if (r !== undefined) return r;
    }
    return undefined;
  }
  if (t.kind === "list" && actual.type.kind === "list") {
    const a = planned.elements();
    const b = actual.elements();
    if (a.length !== b.length) return differ();
    for (let i = 0; i < a.length; i++) {
      path.push({ kind: "index", index: i });
      const r = firstInconsistency(a[i], b[i], path);
      path.pop();
      if (r !== undefined) return r;
    }
    return undefined;
  }
  if (t.kind === "map" && actual.type.kind === "map") {
    const a = planned.raw as ReadonlyMap<string, Value>;
    const b = actual.raw as ReadonlyMap<string, Value>;
    if (a.size !== b.size) return differ();
    for (const [k, el] of a) {
      const other = b.get(k);
      if (other === undefined) return differ();
      path.push({ kind: "key", key: k });
      const r = firstInconsistency(el, other, path);
      path.pop();
      if (r !== undefined) return r;
    }
    return undefined;
  }
  // Sets with unknowns inside cannot be lined up element by element; Terraform checks them.
  if (t.kind === "set" && !planned.isWhollyKnown()) return undefined;
  const eq = planned.equals(actual);
  return eq.isKnown && eq.raw === true ? undefined : differ();
}

/**
 * Turns the plain state an author returned into a checked cty value.
 * Missing keys take their value from `fallback`; attributes semantically
 * equal to their `semanticPrior` counterpart keep that form. Returns undefined (with
 * error diagnostics) when the state cannot be used.
 */
export function finishState(
  typeName: string,
  op: string,
  result: unknown,
  type: Type,
  diags: Diagnostics,
  opts: { fallback?: Value; planned?: Value; fields?: Fields; semanticPrior?: Value },
): Value | undefined {
  if (result === undefined || result === null || typeof result !== "object") {
    diags.error(`${typeName}: ${op} returned no state`, {
      detail: `${op} must return the resource's complete state as an object, got ${
        result === null ? "null" : typeof result
      }.`,
    });
    return undefined;
  }
  let value: Value;
  try {
    value = fromPlain(result, type, { fallback: opts.fallback });
  } catch (e) {
    if (!isFoundryError(e)) throw e;
    const path = e.context.path as AttributePath | undefined;
    diags.error(`${typeName}: ${op} returned an invalid state`, { detail: e.message, path });
    return undefined;
  }
  // Write-only values never reach state, whatever the author returned.
  if (opts.fields !== undefined) value = nullifyWriteOnly(opts.fields, value);
  // Values equal in meaning to the prior (or planned) ones keep the prior text.
  if (opts.fields !== undefined && opts.semanticPrior !== undefined) {
    value = keepSemanticForms(opts.fields, value, opts.semanticPrior);
  }
  const unknownAt = firstUnknown(value);
  if (unknownAt !== undefined) {
    diags.error(`${typeName}: ${op} left "${formatPath(unknownAt)}" unknown`, {
      detail: `Every attribute must be known once ${op} returns; set "${
        formatPath(unknownAt)
      }" in the state ${op} returns.`,
      path: unknownAt,
    });
    return undefined;
  }
  if (opts.planned !== undefined) {
    const bad = firstInconsistency(opts.planned, value);
    if (bad !== undefined) {
      const where = formatPath(bad.path) || "the resource";
      diags.error(`${typeName}: ${op} changed "${where}" from its planned value`, {
        detail:
          `Planned ${bad.planned}, but ${op} returned ${bad.actual}. Only values planned as ` +
          "unknown (computed attributes) may be decided during apply; Terraform would report " +
          '"Provider produced inconsistent result".',
        path: bad.path,
      });
      return undefined;
    }
  }
  return value;
}
