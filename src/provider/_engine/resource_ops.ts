/**
 * The resource operations on cty values: plan, apply (create, update,
 * delete), read, import, upgrade and validate. Each calls the author's hook
 * through the guard in `author_call.ts` and returns a value plus diagnostics;
 * the server only translates the wire around them.
 *
 * @module
 */

import { Diagnostics, isFoundryError } from "../../errors/mod.ts";
import type { Logger } from "../../logging/mod.ts";
import type { Value } from "../../cty/mod.ts";
import { callAuthor, finishState, firstUnknown } from "./author_call.ts";
import { nullOf } from "./cty_build.ts";
import type { ResourceCallContext } from "../context.ts";
import type { PrivateState } from "../private_state.ts";
import type { StateUpgraders } from "../state_upgrade.ts";
import type { Resource } from "../define.ts";
import type { Fields } from "../schema_types.ts";
import { type PlanInput, planResourceChange, type PlanResult } from "./plan.ts";
import { fromPlain, toPlain } from "./plain_values.ts";
import { stateFromJson } from "./state_json.ts";
import { validateConfigValue } from "./validate.ts";
import { namesWhere } from "./field_names.ts";
import { callWithTimeout, timeoutOf } from "./timeouts.ts";
import { nullifyWriteOnly } from "./write_only.ts";

/**
 * What the server hands every operation: the configured client, the stop
 * signal and the logger.
 */
export interface OperationEnv {
  /** What `configure` returned (undefined before configuration). */
  readonly client: unknown;
  /** Aborted by StopProvider or a cancelled RPC. */
  readonly signal: AbortSignal;
  /** The provider's logger; operations log through a child named after the type. */
  readonly log: Logger;
}

/**
 * A value with the diagnostics produced while making it.
 */
export interface OperationResult<T> {
  /** The result. */
  readonly value: T;
  /** Problems found. */
  readonly diags: Diagnostics;
}

type Plain = Record<string, unknown>;

function context(
  env: OperationEnv,
  typeName: string,
  diags: Diagnostics,
  priv: PrivateState,
): ResourceCallContext<unknown> {
  return {
    client: env.client,
    signal: env.signal,
    log: env.log.child(typeName),
    diags,
    typeName,
    private: priv,
  };
}

/**
 * Plans a change of `resource` (defaults, unknowns, modifiers, replacement,
 * the author's `modifyPlan`, or `planDestroy` when the object goes away).
 * `priv` is the prior private state; the hooks may change it.
 */
export async function planResource(
  resource: Resource<unknown>,
  env: OperationEnv,
  input: PlanInput,
  priv: PrivateState,
): Promise<PlanResult> {
  const { typeName, schema, definition } = resource;
  const modifyPlan = definition.modifyPlan;
  const diags = new Diagnostics();
  if (input.proposed.isNull) return await planDestroy(resource, env, input, priv);
  let result: PlanResult | undefined;
  // Terraform's proposed state may carry write-only values from the
  // configuration; plan as if they were null, as they will be in state.
  const proposed = nullifyWriteOnly(schema.fields, input.proposed);
  const ok = await callAuthor(typeName, "plan", diags, async () => {
    result = await planResourceChange(
      schema,
      { ...input, proposed },
      modifyPlan === undefined ? undefined : async (plan, state, config, planDiags) => {
        const ctx = context(env, typeName, planDiags, priv);
        const r = await modifyPlan.call(definition, {
          ...ctx,
          plan: plan as never,
          state: state as never,
          config: config as never,
        });
        return r as Plain | void;
      },
    );
  });
  if (!ok.ok || result === undefined) {
    return { planned: input.proposed, requiresReplace: [], diags };
  }
  result.diags.append(diags);
  result = { ...result, planned: nullifyWriteOnly(schema.fields, result.planned) };
  const unknownInNonComputed = result.diags.hasErrors()
    ? undefined
    : checkPlanKeepsConfig(schema.fields, result, input);
  if (unknownInNonComputed !== undefined) result.diags.push(...unknownInNonComputed);
  return result;
}

async function planDestroy(
  resource: Resource<unknown>,
  env: OperationEnv,
  input: PlanInput,
  priv: PrivateState,
): Promise<PlanResult> {
  const { typeName, schema, definition } = resource;
  const diags = new Diagnostics();
  const hook = definition.planDestroy;
  if (hook !== undefined && !input.prior.isNull) {
    const ctx = context(env, typeName, diags, priv);
    await callAuthor(
      typeName,
      "planDestroy",
      diags,
      () => hook.call(definition, { ...ctx, state: toPlain(input.prior, schema.fields) as never }),
    );
  }
  return { planned: input.proposed, requiresReplace: [], diags };
}

/** A plan must keep every configured (non-null) value; catches a faulty modifyPlan early. */
function checkPlanKeepsConfig(
  fields: Fields,
  result: PlanResult,
  input: PlanInput,
): Diagnostics | undefined {
  if (result.planned.isNull || !input.config.isKnown || input.config.isNull) return undefined;
  const t = input.config.type;
  if (t.kind !== "object") return undefined;
  const planned = result.planned;
  // Blocks and nested attributes may hold computed values the config leaves
  // null, and write-only values are never planned: the attributes checked
  // are the rest, in the object type's order (the first difference is reported).
  for (const name of configuredByAuthor(fields)) {
    const slot = t.slots.get(name);
    if (slot === undefined) continue;
    const c = (input.config.raw as readonly Value[])[slot];
    const p = planned.getAttr(name);
    // Planning passes configured values through untouched: the same value.
    if (p === c || c.isNull || !c.isWhollyKnown()) continue;
    const eq = p.equals(c);
    if (!(eq.isKnown && eq.raw === true)) {
      return new Diagnostics().error(`plan changed the configured value of "${name}"`, {
        detail:
          "A plan may only decide values the configuration leaves null (computed attributes).",
        path: [{ kind: "attr", name }],
      });
    }
  }
  return undefined;
}

const configuredByAuthor = namesWhere((f) =>
  f.kind === "attribute" && !f.computed && f.writeOnly !== true
);

/**
 * Applies a planned change: create (prior null), update, or delete (planned null).
 * On failure the prior state is kept (null for a failed create).
 */
export async function applyResource(
  resource: Resource<unknown>,
  env: OperationEnv,
  input: { prior: Value; planned: Value; config: Value },
  priv: PrivateState,
): Promise<OperationResult<Value>> {
  const { typeName, schema, definition } = resource;
  const diags = new Diagnostics();
  const ctx = context(env, typeName, diags, priv);
  const { prior, planned, config } = input;
  const fields = schema.fields;
  if (planned.isNull) {
    if (prior.isNull) return { value: planned, diags };
    const r = await callWithTimeout(
      typeName,
      "delete",
      diags,
      env.signal,
      timeoutOf(fields, prior, "delete"),
      (signal) => definition.delete({ ...ctx, signal, state: toPlain(prior, fields) as never }),
    );
    return { value: r.ok && !diags.hasErrors() ? planned : prior, diags };
  }
  const creating = prior.isNull;
  const op = creating ? "create" : "update";
  const plan = toPlain(planned, fields) as Plain;
  const cfg = toPlain(config, fields) as Plain;
  const r = await callWithTimeout(
    typeName,
    op,
    diags,
    env.signal,
    timeoutOf(fields, config, op),
    (signal) =>
      creating
        ? definition.create({ ...ctx, signal, plan: plan as never, config: cfg as never })
        : definition.update({
          ...ctx,
          signal,
          plan: plan as never,
          state: toPlain(prior, fields) as never,
          config: cfg as never,
        }),
  );
  const failed = creating ? nullOf(planned.type) : prior;
  if (!r.ok) return { value: failed, diags };
  // A state returned alongside error diagnostics is kept: Terraform marks the
  // object tainted instead of forgetting something that may exist.
  if (diags.hasErrors() && (r.value === undefined || r.value === null)) {
    return { value: failed, diags };
  }
  // Converted against the schema's type: a dynamic attribute's type is the
  // returned value's, not the planned one's.
  const value = finishState(typeName, op, r.value, schema.type, diags, {
    fallback: planned,
    planned,
    fields,
    semanticPrior: planned,
  });
  if (value !== undefined) return { value, diags };
  if (r.value === null || typeof r.value !== "object") return { value: failed, diags };
  // The call succeeded, so the object exists: keep what is valid of it with
  // the error, and Terraform records it (tainted after a create) instead of
  // forgetting it.
  diags.warning(`${typeName}: kept the valid part of the state ${op} returned`, {
    detail: `${op} succeeded but its state failed the checks above. Terraform saves the ` +
      "attributes that were valid" +
      (creating ? " and marks the object tainted, so the next apply replaces it." : "."),
  });
  // Only after a failed apply: loaded then, not on every launch.
  const { salvageState } = await import("./salvage_state.ts");
  return { value: salvageState(r.value, planned, fields), diags };
}

/**
 * Refreshes a resource; the author's `null` removes it from state.
 */
export async function readResource(
  resource: Resource<unknown>,
  env: OperationEnv,
  current: Value,
  priv: PrivateState,
): Promise<OperationResult<Value>> {
  const { typeName, schema, definition } = resource;
  const diags = new Diagnostics();
  if (current.isNull) return { value: current, diags };
  const ctx = context(env, typeName, diags, priv);
  const r = await callWithTimeout(
    typeName,
    "read",
    diags,
    env.signal,
    timeoutOf(schema.fields, current, "read"),
    (signal) =>
      definition.read({ ...ctx, signal, state: toPlain(current, schema.fields) as never }),
  );
  if (!r.ok || diags.hasErrors()) return { value: current, diags };
  if (r.value === null) return { value: nullOf(current.type), diags };
  const value = finishState(typeName, "read", r.value, schema.type, diags, {
    fallback: current,
    fields: schema.fields,
    semanticPrior: current,
  });
  return { value: value ?? current, diags };
}

/**
 * Imports by id: the author's `importState`, or by default `{ id }` when
 * the schema has a string `id` attribute. Terraform reads the resource next.
 */
export async function importResource(
  resource: Resource<unknown>,
  env: OperationEnv,
  id: string,
  priv: PrivateState,
  identity?: Readonly<Record<string, unknown>>,
): Promise<OperationResult<Value | undefined>> {
  const { typeName, schema, definition } = resource;
  const diags = new Diagnostics();
  const ctx = context(env, typeName, diags, priv);
  let partial: unknown;
  if (definition.importState !== undefined) {
    const hook = definition.importState;
    const r = await callAuthor(
      typeName,
      "import",
      diags,
      () => hook.call(definition, { ...ctx, id, ...(identity === undefined ? {} : { identity }) }),
    );
    if (!r.ok || diags.hasErrors()) return { value: undefined, diags };
    partial = r.value;
  } else if (identity !== undefined) {
    // Import by identity: its attributes are the state's same-named ones.
    partial = Object.fromEntries(
      Object.entries(identity).filter(([k]) => Object.hasOwn(schema.fields, k)),
    );
  } else {
    const idField = schema.fields.id;
    if (idField === undefined || idField.kind !== "attribute" || idField.type.kind !== "string") {
      diags.error(`${typeName} does not support import`, {
        detail: `Resource type ${typeName} has no string "id" attribute and no importState hook.`,
      });
      return { value: undefined, diags };
    }
    partial = { id };
  }
  try {
    const value = nullifyWriteOnly(schema.fields, fromPlain(partial ?? {}, schema.type));
    const at = firstUnknown(value);
    if (at !== undefined) {
      diags.error(`${typeName}: import left an attribute unknown`, { path: at });
      return { value: undefined, diags };
    }
    return { value, diags };
  } catch (e) {
    if (!isFoundryError(e)) throw e;
    diags.error(`${typeName}: import returned an invalid state`, { detail: e.message });
    return { value: undefined, diags };
  }
}

/**
 * Upgrades stored state JSON (written at `version`) to the current schema:
 * the author's `upgradeState` for older versions when present, else a
 * lenient decode with the current type.
 */
export async function upgradeResource(
  resource: Resource<unknown>,
  env: OperationEnv,
  version: number,
  rawJson: string,
): Promise<OperationResult<Value | undefined>> {
  const { typeName, schema, definition } = resource;
  const diags = new Diagnostics();
  const type = schema.type;
  if (version > schema.version) {
    diags.error(`${typeName}: state was written by a newer provider`, {
      detail:
        `The stored state has schema version ${version}; this provider knows up to ${schema.version}. ` +
        "Upgrade the provider.",
    });
    return { value: undefined, diags };
  }
  if (version < schema.version && typeof definition.upgradeState === "object") {
    return await upgradeTyped(resource, env, version, rawJson, definition.upgradeState);
  }
  if (version < schema.version && typeof definition.upgradeState === "function") {
    let raw: unknown;
    try {
      raw = JSON.parse(rawJson);
    } catch (e) {
      diags.error(`${typeName}: stored state is not valid JSON`, { detail: (e as Error).message });
      return { value: undefined, diags };
    }
    const hook = definition.upgradeState;
    const r = await callAuthor(
      typeName,
      "upgradeState",
      diags,
      () =>
        hook.call(definition, {
          signal: env.signal,
          log: env.log.child(typeName),
          diags,
          typeName,
          version,
          rawState: raw,
        }),
    );
    if (!r.ok || diags.hasErrors()) return { value: undefined, diags };
    const value = finishState(typeName, "upgradeState", r.value, type, diags, {
      fields: schema.fields,
    });
    return { value, diags };
  }
  try {
    return { value: nullifyWriteOnly(schema.fields, stateFromJson(rawJson, type)), diags };
  } catch (e) {
    if (!isFoundryError(e)) throw e;
    diags.error(`${typeName}: cannot read stored state`, {
      detail: `${e.message}${
        version < schema.version
          ? ` (state version ${version}, schema version ${schema.version}: add an upgradeState hook)`
          : ""
      }`,
    });
    return { value: undefined, diags };
  }
}

/** Runs the typed upgrader for `version` on the state decoded with its schema. */
async function upgradeTyped(
  resource: Resource<unknown>,
  env: OperationEnv,
  version: number,
  rawJson: string,
  upgraders: StateUpgraders<unknown>,
): Promise<OperationResult<Value | undefined>> {
  const { typeName, schema, definition } = resource;
  const diags = new Diagnostics();
  const upgrader = Object.hasOwn(upgraders, version) ? upgraders[version] : undefined;
  if (upgrader === undefined) {
    const known = Object.keys(upgraders).sort((a, b) => Number(a) - Number(b)).join(", ");
    diags.error(`${typeName}: no state upgrader for schema version ${version}`, {
      detail: `The stored state has schema version ${version}; upgradeState has upgraders for ` +
        `versions ${known || "none"}. Add one for ${version} (its schema and how to reach ` +
        `version ${schema.version}).`,
    });
    return { value: undefined, diags };
  }
  let prior: Value;
  try {
    prior = stateFromJson(rawJson, upgrader.schema.type);
  } catch (e) {
    if (!isFoundryError(e)) throw e;
    diags.error(`${typeName}: stored state does not match the version ${version} schema`, {
      detail: `${e.message}. The upgrader for version ${version} declares the schema that ` +
        "state was written with; check it against what that provider version stored.",
    });
    return { value: undefined, diags };
  }
  const r = await callAuthor(
    typeName,
    "upgradeState",
    diags,
    () =>
      upgrader.upgrade.call(definition, {
        signal: env.signal,
        log: env.log.child(typeName),
        diags,
        typeName,
        version,
        state: toPlain(prior, upgrader.schema.fields) as never,
        rawStateJson: rawJson,
      }),
  );
  if (!r.ok || diags.hasErrors()) return { value: undefined, diags };
  const value = finishState(typeName, "upgradeState", r.value, schema.type, diags, {
    fields: schema.fields,
  });
  return { value, diags };
}

/**
 * What configuration validation needs of a provider, resource, data source
 * or ephemeral resource: its type name, schema and `validateConfig` hook.
 */
export interface ValidationTarget {
  /** The type name (or the provider's name). */
  readonly typeName: string;
  /** The schema the configuration is checked against. */
  readonly schema: Resource<unknown>["schema"];
  /** The definition, whose optional `validateConfig` hook runs after the schema's checks. */
  readonly definition: { validateConfig?: unknown };
}

/**
 * Validates a resource configuration: attribute validators, deprecations,
 * then the author's `validateConfig`.
 */
export async function validateConfig(
  target: ValidationTarget,
  env: OperationEnv,
  config: Value,
): Promise<Diagnostics> {
  const { typeName, schema } = target;
  const diags = await validateConfigValue(schema, config);
  const hook = target.definition.validateConfig as
    | ((req: Record<string, unknown>) => unknown)
    | undefined;
  if (hook !== undefined && config.isKnown && !config.isNull) {
    // A validation hook rarely reads its signal or logger, and on every
    // resource's validation the combined abort signal and the child logger
    // were among the costliest steps: both are made on first read. Own
    // enumerable getters, so a spread or destructuring request still
    // carries them.
    let log: Logger | undefined;
    const request = {
      get signal(): AbortSignal {
        return env.signal;
      },
      get log(): Logger {
        return log ??= env.log.child(typeName);
      },
      diags,
      typeName,
      config: toPlain(config, schema.fields),
    };
    await callAuthor(
      typeName,
      "validateConfig",
      diags,
      () => hook.call(target.definition, request),
    );
  }
  return diags;
}
