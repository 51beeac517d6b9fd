/**
 * A saved plan as `terraform show -json PLANFILE` prints it: each resource
 * change with its action named as a test expects it (`create`, `update`,
 * `replace`, `destroy`, `no-op`, `read`), the values before and after, which
 * planned values are unknown, and what forces a replacement.
 *
 * @module
 */

import { FoundryError } from "../errors/mod.ts";

/** What Terraform plans for one resource instance. */
export type ResourceAction =
  | "create"
  | "update"
  | "replace"
  | "destroy"
  | "no-op"
  | "read"
  | "forget";

/** One resource instance's planned change. */
export interface PlannedChange {
  /** Full address (`kit_item.a`, `module.m.kit_item.b[0]`). */
  readonly address: string;
  /** The action, with both replacement orders folded into `replace`. */
  readonly action: ResourceAction;
  /** Terraform's own action list (`["delete", "create"]`...), for the replacement order. */
  readonly actions: readonly string[];
  /** Values before the change (null when creating). */
  readonly before: unknown;
  /** Planned values (unknown ones are null here; see {@link PlannedChange.afterUnknown}). */
  readonly after: unknown;
  /** Mirrors `after` with `true` where the planned value is unknown. */
  readonly afterUnknown: unknown;
  /** The attribute paths that force replacement. */
  readonly replacePaths: readonly (readonly (string | number)[])[];
  /** Whether the change imports the object (an `import` block). */
  readonly importing: boolean;
}

/** A read-only view of a saved plan. */
export interface Plan {
  /** Changes of every resource instance, no-ops included. */
  readonly changes: readonly PlannedChange[];
  /** Changes to root outputs: their actions. */
  readonly outputChanges: Readonly<Record<string, ResourceAction>>;
  /** Whether applying would change anything (a resource or an output). */
  readonly hasChanges: boolean;
  /** The change of one address, or `undefined`. */
  change(address: string): PlannedChange | undefined;
  /** The raw JSON document. */
  readonly raw: unknown;
}

interface RawChange {
  address: string;
  change: {
    actions: string[];
    before?: unknown;
    after?: unknown;
    after_unknown?: unknown;
    replace_paths?: (string | number)[][];
    importing?: unknown;
  };
}

/**
 * The test-facing name of Terraform's action list.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { actionOf } from "@foundry/foundry/testing";
 * assert.equal(actionOf(["delete", "create"]), "replace");
 * assert.equal(actionOf(["create", "delete"]), "replace");
 * assert.equal(actionOf(["delete"]), "destroy");
 * ```
 */
export function actionOf(actions: readonly string[]): ResourceAction {
  const key = actions.join(",");
  switch (key) {
    case "create":
    case "update":
    case "read":
    case "forget":
      return key;
    case "no-op":
      return "no-op";
    case "delete":
      return "destroy";
    case "delete,create":
    case "create,delete":
      return "replace";
  }
  throw new FoundryError("testing.plan_json", `unexpected action list [${key}] in the plan`);
}

/**
 * Parses the output of `terraform show -json PLANFILE`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePlan } from "@foundry/foundry/testing";
 * const plan = parsePlan(JSON.stringify({ resource_changes: [{
 *   address: "kit_item.a",
 *   change: { actions: ["update"], before: { v: "1" }, after: { v: "2" }, after_unknown: {} },
 * }] }));
 * assert.equal(plan.change("kit_item.a")?.action, "update");
 * assert.ok(plan.hasChanges);
 * ```
 */
export function parsePlan(json: string): Plan {
  let raw: {
    resource_changes?: RawChange[];
    output_changes?: Record<string, { actions: string[] }>;
  };
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new FoundryError("testing.plan_json", "terraform show -json printed invalid JSON", {
      cause: e,
      context: { text: json.slice(0, 200) },
    });
  }
  const changes: PlannedChange[] = (raw.resource_changes ?? []).map((c) => ({
    address: c.address,
    action: actionOf(c.change.actions),
    actions: c.change.actions,
    before: c.change.before ?? null,
    after: c.change.after ?? null,
    afterUnknown: c.change.after_unknown ?? {},
    replacePaths: c.change.replace_paths ?? [],
    importing: c.change.importing !== undefined,
  }));
  const outputChanges: Record<string, ResourceAction> = {};
  for (const [name, c] of Object.entries(raw.output_changes ?? {})) {
    outputChanges[name] = actionOf(c.actions);
  }
  // As terraform-plugin-testing counts them: a deferred data source read is a change.
  const hasChanges = changes.some((c) => c.action !== "no-op") ||
    Object.values(outputChanges).some((a) => a !== "no-op");
  return {
    changes,
    outputChanges,
    hasChanges,
    raw,
    change: (address) => changes.find((c) => c.address === address),
  };
}

function show(v: unknown): string {
  const text = JSON.stringify(v);
  return text === undefined ? "(absent)" : text.length > 120 ? text.slice(0, 120) + "…" : text;
}

/**
 * One line per change a plan makes, naming the resource, the action and
 * each top-level attribute that differs (state value, then planned value):
 * the words a "plan is not empty" failure adds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePlan, planSummary } from "@foundry/foundry/testing";
 * const plan = parsePlan(JSON.stringify({ resource_changes: [{
 *   address: "kit_item.a",
 *   change: { actions: ["update"], before: { v: "a", r: 1 }, after: { v: "b", r: null }, after_unknown: { r: true } },
 * }] }));
 * assert.equal(planSummary(plan), '  kit_item.a: update: v "a" -> "b"; r 1 -> (known after apply)');
 * ```
 */
export function planSummary(plan: Plan): string {
  const lines: string[] = [];
  for (const c of plan.changes) {
    if (c.action === "no-op") continue;
    const before = (c.before ?? {}) as Record<string, unknown>;
    const after = (c.after ?? {}) as Record<string, unknown>;
    const unknown = (typeof c.afterUnknown === "object" && c.afterUnknown !== null
      ? c.afterUnknown
      : {}) as Record<string, unknown>;
    const diffs: string[] = [];
    if (c.action === "update" || c.action === "replace") {
      for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
        const planned = unknown[key] === true ? "(known after apply)" : show(after[key]);
        if (unknown[key] === true || show(before[key]) !== show(after[key])) {
          diffs.push(`${key} ${show(before[key])} -> ${planned}`);
        }
      }
    }
    lines.push(`  ${c.address}: ${c.action}${diffs.length > 0 ? `: ${diffs.join("; ")}` : ""}`);
  }
  for (const [name, a] of Object.entries(plan.outputChanges)) {
    if (a !== "no-op") lines.push(`  output.${name}: ${a}`);
  }
  return lines.join("\n");
}
