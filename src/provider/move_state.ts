/**
 * Moving state across resource types (Terraform 1.8 and later): a `moved`
 * block from `example_file.a` to `example_document.a`, even from another
 * provider, asks the target resource to turn the source's stored state into
 * its own. A resource declares the sources it understands with `moveState`;
 * movers are tried in order, and the first whose filters match and whose
 * `move` returns a state wins (return nothing to decline).
 *
 * ```ts
 * import { defineResource, s } from "@foundry/foundry/provider";
 *
 * export const document = defineResource({
 *   typeName: "example_document",
 *   schema: s.resource({ id: s.string({ computed: true }), path: s.string({ required: true }) }),
 *   moveState: [{
 *     sourceTypeName: "example_file",
 *     move: ({ sourceState }) => {
 *       const old = sourceState as { id: string; path: string };
 *       return { id: old.id, path: old.path };
 *     },
 *   }],
 *   create: ({ plan }) => ({ ...plan, id: plan.path }),
 *   read: ({ state }) => state,
 *   update: ({ plan, state }) => ({ ...plan, id: state.id }),
 *   delete: () => {},
 * });
 * ```
 *
 * @module
 */

import { Diagnostics } from "../errors/mod.ts";
import type { Value } from "../cty/mod.ts";
import { callAuthor, finishState } from "./_engine/author_call.ts";
import type { MaybePromise, Resource, ValidateContext } from "./define.ts";
import type { OperationEnv, WithDiagnostics } from "./_engine/resource_ops.ts";

/**
 * What a mover's `move` receives.
 *
 * @example
 * ```ts
 * import type { MoveStateRequest } from "@foundry/foundry/provider";
 * const fromV1 = (r: MoveStateRequest) => r.sourceSchemaVersion === 1;
 * ```
 */
export interface MoveStateRequest extends ValidateContext {
  /** The source resource type (`example_file`). */
  readonly sourceTypeName: string;
  /** The source provider's address (`registry.terraform.io/acme/example`). */
  readonly sourceProviderAddress: string;
  /** The schema version the source state was written with. */
  readonly sourceSchemaVersion: number;
  /** The source state, parsed from its stored JSON. */
  readonly sourceState: unknown;
  /**
   * The source state's JSON text exactly as stored, for movers that need
   * what parsing loses (numbers beyond 2^53, key order).
   */
  readonly sourceStateJson: string;
}

/**
 * One source a resource can take state from. Unset filters match anything.
 *
 * @example
 * ```ts
 * import type { StateMover } from "@foundry/foundry/provider";
 * const mover: StateMover<{ id: string }> = {
 *   sourceTypeName: "example_old", move: ({ sourceState }) => ({ id: String((sourceState as { id: unknown }).id) }),
 * };
 * ```
 */
export interface StateMover<S> {
  /** Only state of this source type. */
  readonly sourceTypeName?: string;
  /** Only state from this provider address. */
  readonly sourceProviderAddress?: string;
  /** Only state written with this schema version. */
  readonly sourceSchemaVersion?: number;
  /** Returns the target's complete state, or nothing to let the next mover try. */
  move(req: MoveStateRequest): MaybePromise<S | null | undefined | void>;
}

/**
 * What Terraform sent to move, decoded.
 *
 * @example
 * ```ts
 * import type { MoveSource } from "@foundry/foundry/provider";
 * const s: MoveSource = { typeName: "example_file", providerAddress: "", schemaVersion: 0, stateJson: "{}" };
 * ```
 */
export interface MoveSource {
  /** Source resource type. */
  readonly typeName: string;
  /** Source provider address. */
  readonly providerAddress: string;
  /** Source schema version. */
  readonly schemaVersion: number;
  /** The stored state JSON. */
  readonly stateJson: string;
}

/**
 * Runs `resource`'s movers on a source state. The value is undefined (with
 * an error diagnostic naming source and target) when no mover takes it.
 *
 * @example
 * ```ts
 * import { moveResource } from "./move_state.ts";
 * console.assert(typeof moveResource === "function");
 * ```
 */
export async function moveResource(
  resource: Resource<unknown>,
  env: OperationEnv,
  source: MoveSource,
): Promise<WithDiagnostics<Value | undefined>> {
  const diags = new Diagnostics();
  const { typeName } = resource;
  const from = `${source.typeName || "(unnamed)"}${
    source.providerAddress === "" ? "" : ` of ${source.providerAddress}`
  }`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(source.stateJson);
  } catch (e) {
    diags.error(`Cannot move ${from} to ${typeName}: the source state is not valid JSON`, {
      detail: (e as Error).message,
    });
    return { value: undefined, diags };
  }
  const movers = (resource.definition.moveState ?? []) as readonly StateMover<unknown>[];
  const log = env.log.child(typeName);
  for (const m of movers) {
    if (m.sourceTypeName !== undefined && m.sourceTypeName !== source.typeName) continue;
    if (
      m.sourceProviderAddress !== undefined && m.sourceProviderAddress !== source.providerAddress
    ) continue;
    if (m.sourceSchemaVersion !== undefined && m.sourceSchemaVersion !== source.schemaVersion) {
      continue;
    }
    const r = await callAuthor(typeName, "moveState", diags, () =>
      m.move({
        signal: env.signal,
        log,
        diags,
        typeName,
        sourceTypeName: source.typeName,
        sourceProviderAddress: source.providerAddress,
        sourceSchemaVersion: source.schemaVersion,
        sourceState: parsed,
        sourceStateJson: source.stateJson,
      }));
    if (!r.ok || diags.hasErrors()) return { value: undefined, diags };
    if (r.value === undefined || r.value === null) continue;
    const value = finishState(typeName, "moveState", r.value, resource.schema.type, diags, {
      fields: resource.schema.fields,
    });
    return { value, diags };
  }
  diags.error(`Cannot move ${from} to ${typeName}`, {
    detail: movers.length === 0
      ? `Resource type ${typeName} does not accept state moved from another resource type.`
      : `None of ${typeName}'s state movers accepts ${from} (schema version ${source.schemaVersion}).`,
  });
  return { value: undefined, diags };
}
