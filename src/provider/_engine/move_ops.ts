/**
 * MoveResourceState: runs a resource's state movers (declared with
 * `moveState`, see `../move_state.ts`) on the stored state of another
 * resource type.
 *
 * @module
 */

import { Diagnostics } from "../../errors/mod.ts";
import type { Value } from "../../cty/mod.ts";
import { callAuthor, finishState } from "./author_call.ts";
import type { Resource } from "../define.ts";
import type { StateMover } from "../move_state.ts";
import type { PrivateState } from "../private_state.ts";
import type { OperationEnv, OperationResult } from "./resource_ops.ts";

/**
 * What Terraform sent to move, decoded.
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
  /** The source's private state bytes. */
  readonly privateBytes: Uint8Array;
}

/**
 * Runs `resource`'s movers on a source state. The value is undefined (with
 * an error diagnostic naming source and target) when no mover takes it.
 * `priv` is the target's private state, which movers may fill.
 */
export async function moveResource(
  resource: Resource<unknown>,
  env: OperationEnv,
  source: MoveSource,
  priv: PrivateState,
): Promise<OperationResult<Value | undefined>> {
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
        sourcePrivate: source.privateBytes,
        private: priv,
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
