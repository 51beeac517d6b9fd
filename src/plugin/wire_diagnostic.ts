/**
 * Converting the errors layer's diagnostics and attribute paths to their
 * tfplugin form, so Terraform shows the message under the right argument.
 *
 * @module
 */

import type { AttributePath, Diagnostic, PathStep } from "../errors/mod.ts";

/**
 * A tfplugin `AttributePath.Step`.
 */
export type WireStep =
  | { attributeName: string }
  | { elementKeyString: string }
  | { elementKeyInt: number };

/**
 * A tfplugin `Diagnostic`.
 */
export interface WireDiagnostic {
  /** 1 error, 2 warning. */
  severity: 1 | 2;
  /** Summary line. */
  summary: string;
  /** Detail text. */
  detail: string;
  /** Attribute the diagnostic is about. */
  attribute?: { steps: WireStep[] };
}

/**
 * An attribute path in tfplugin form. Set elements have no address on the
 * wire, so the path stops at the set (Terraform then points at the set).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { pathToWire } from "./mod.ts";
 * const wire = pathToWire([{ kind: "attr", name: "tags" }, { kind: "key", key: "env" }]);
 * assert.equal(JSON.stringify(wire), '{"steps":[{"attributeName":"tags"},{"elementKeyString":"env"}]}');
 * ```
 */
export function pathToWire(path: AttributePath): { steps: WireStep[] } {
  const steps: WireStep[] = [];
  for (const step of path) {
    if (step.kind === "attr") steps.push({ attributeName: step.name });
    else if (step.kind === "key") steps.push({ elementKeyString: step.key });
    else if (step.kind === "index") steps.push({ elementKeyInt: step.index });
    else break;
  }
  return { steps };
}

/**
 * A diagnostic in tfplugin form.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { diagnosticToWire } from "./mod.ts";
 * const d = diagnosticToWire({ severity: "warning", summary: "Old" });
 * assert.equal(d.severity, 2);
 * assert.equal(d.detail, "");
 * ```
 */
export function diagnosticToWire(d: Diagnostic): WireDiagnostic {
  const out: WireDiagnostic = {
    severity: d.severity === "error" ? 1 : 2,
    summary: d.summary,
    detail: d.detail ?? "",
  };
  if (d.path !== undefined && d.path.length > 0) out.attribute = pathToWire(d.path);
  return out;
}

/**
 * Reads an `AttributePath` from the wire back into an errors-layer path
 * (for hosts and test clients that call a provider).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { pathFromWire } from "./mod.ts";
 * assert.deepEqual(pathFromWire({ steps: [{ attributeName: "tags" }, { elementKeyString: "env" }] }), [
 *   { kind: "attr", name: "tags" },
 *   { kind: "key", key: "env" },
 * ]);
 * ```
 */
export function pathFromWire(
  wire: { steps?: readonly Partial<Record<string, unknown>>[] },
): PathStep[] {
  const out: PathStep[] = [];
  for (const s of wire.steps ?? []) {
    if (typeof s.attributeName === "string") out.push({ kind: "attr", name: s.attributeName });
    else if (typeof s.elementKeyString === "string") {
      out.push({ kind: "key", key: s.elementKeyString });
    } else if (s.elementKeyInt !== undefined) {
      out.push({ kind: "index", index: Number(s.elementKeyInt) });
    }
  }
  return out;
}

/**
 * Reads a wire `Diagnostic` back into an errors-layer {@link Diagnostic}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { diagnosticFromWire } from "./mod.ts";
 * const d = diagnosticFromWire({ severity: 2, summary: "Careful", detail: "" });
 * assert.deepEqual(d, { severity: "warning", summary: "Careful" });
 * ```
 */
export function diagnosticFromWire(wire: Partial<Record<string, unknown>>): Diagnostic {
  const out: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
    severity: wire.severity === 2 ? "warning" : "error",
    summary: String(wire.summary ?? ""),
  };
  if (typeof wire.detail === "string" && wire.detail !== "") out.detail = wire.detail;
  const path = wire.attribute === undefined
    ? []
    : pathFromWire(wire.attribute as { steps?: Partial<Record<string, unknown>>[] });
  if (path.length > 0) out.path = path;
  return out;
}
