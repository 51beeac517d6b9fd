/**
 * The ephemeral resource operations on cty values: open (with "known after
 * apply" for a configuration not known yet), renew and close. The private
 * value travels through Terraform as JSON bytes.
 *
 * @module
 */

import { Diagnostics } from "../../errors/mod.ts";
import type { Value } from "../../cty/mod.ts";
import { callAuthor, finishState } from "./author_call.ts";
import { unknownOf } from "./cty_build.ts";
import type { EphemeralResource } from "../ephemeral.ts";
import { toPlain } from "./plain_values.ts";
import type { OperationEnv } from "./resource_ops.ts";
import { RECURSE, walkObject } from "./walk.ts";

const UTF8_OUT = new TextEncoder();
const UTF8_IN = new TextDecoder("utf-8", { fatal: true });
const EMPTY = new Uint8Array(0);

/**
 * tfplugin6's `google.protobuf.Timestamp`.
 */
export interface WireTimestamp {
  /** Seconds since the Unix epoch. */
  seconds: number;
  /** Nanoseconds within the second. */
  nanos: number;
}

/**
 * What opening produced.
 */
export interface EphemeralOpened {
  /** The result object (unknown attributes when the config is not known yet). */
  readonly result: Value;
  /** When to renew. */
  readonly renewAt?: WireTimestamp;
  /** The private value as bytes (empty when none). */
  readonly private: Uint8Array;
  /** Problems found. */
  readonly diags: Diagnostics;
}

/**
 * What renewing produced.
 */
export interface EphemeralRenewed {
  /** Next renewal time, if any. */
  readonly renewAt?: WireTimestamp;
  /** The private value to keep (the old one when `renew` returned none). */
  readonly private: Uint8Array;
  /** Problems found. */
  readonly diags: Diagnostics;
}

function timestamp(
  typeName: string,
  op: string,
  at: unknown,
  diags: Diagnostics,
): WireTimestamp | undefined {
  if (at === undefined || at === null) return undefined;
  const ms = at instanceof Date ? at.getTime() : NaN;
  if (!Number.isFinite(ms)) {
    diags.error(`${typeName}: ${op} returned an invalid renewAt`, {
      detail: "renewAt must be a valid Date.",
    });
    return undefined;
  }
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
}

function encodePrivate(
  typeName: string,
  op: string,
  value: unknown,
  diags: Diagnostics,
): Uint8Array | undefined {
  if (value === undefined) return EMPTY;
  try {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`${typeof value} has no JSON form`);
    return UTF8_OUT.encode(text);
  } catch (e) {
    diags.error(`${typeName}: ${op} returned a private value that is not JSON`, {
      detail: `private must be a JSON value (it travels through Terraform as bytes): ${
        (e as Error).message
      }`,
    });
    return undefined;
  }
}

function decodePrivate(typeName: string, bytes: Uint8Array | undefined, diags: Diagnostics) {
  if (bytes === undefined || bytes.length === 0) return { ok: true as const, value: undefined };
  try {
    return { ok: true as const, value: JSON.parse(UTF8_IN.decode(bytes)) as unknown };
  } catch (e) {
    diags.error(`${typeName}: the private data Terraform sent back is not valid`, {
      detail: `Expected the JSON this provider wrote when it opened the resource: ${
        (e as Error).message
      }`,
    });
    return { ok: false as const };
  }
}

/** The configuration with computed attributes it leaves null turned unknown. */
async function expectedFrom(er: EphemeralResource<unknown>, config: Value): Promise<Value> {
  return await walkObject(er.schema.fields, config, config, undefined, [], (v) => {
    if (v.def.computed && v.config.isNull) return unknownOf(v.plan.type);
    return v.def.kind === "nested" ? RECURSE : v.plan;
  });
}

function context(er: EphemeralResource<unknown>, env: OperationEnv, diags: Diagnostics) {
  return {
    client: env.client,
    signal: env.signal,
    log: env.log.child(er.typeName),
    diags,
    typeName: er.typeName,
  };
}

/**
 * Opens an ephemeral resource (see the module documentation).
 */
export async function openEphemeral(
  er: EphemeralResource<unknown>,
  env: OperationEnv,
  config: Value,
): Promise<EphemeralOpened> {
  const diags = new Diagnostics();
  const expected = await expectedFrom(er, config);
  if (!config.isWhollyKnown()) return { result: expected, private: EMPTY, diags };
  const { typeName, schema, definition } = er;
  const r = await callAuthor(typeName, "open", diags, () =>
    definition.open({
      ...context(er, env, diags),
      config: toPlain(config, schema.fields) as never,
    }));
  if (!r.ok || diags.hasErrors()) return { result: expected, private: EMPTY, diags };
  const opened = r.value as { result?: unknown; renewAt?: unknown; private?: unknown } | null;
  if (opened === null || typeof opened !== "object" || !("result" in opened)) {
    diags.error(`${typeName}: open returned no result`, {
      detail: "open must return { result, renewAt?, private? }, with result the complete object.",
    });
    return { result: expected, private: EMPTY, diags };
  }
  const result = finishState(typeName, "open", opened.result, config.type, diags, {
    fallback: config,
    planned: expected,
  });
  const renewAt = timestamp(typeName, "open", opened.renewAt, diags);
  const priv = encodePrivate(typeName, "open", opened.private, diags);
  if (result === undefined || priv === undefined || diags.hasErrors()) {
    return { result: expected, private: EMPTY, diags };
  }
  return renewAt === undefined
    ? { result, private: priv, diags }
    : { result, renewAt, private: priv, diags };
}

/**
 * Renews an open ephemeral resource; without a `renew` hook nothing happens.
 */
export async function renewEphemeral(
  er: EphemeralResource<unknown>,
  env: OperationEnv,
  privateBytes: Uint8Array | undefined,
): Promise<EphemeralRenewed> {
  const diags = new Diagnostics();
  const kept = privateBytes ?? EMPTY;
  const renew = er.definition.renew;
  if (renew === undefined) return { private: kept, diags };
  const priv = decodePrivate(er.typeName, privateBytes, diags);
  if (!priv.ok) return { private: kept, diags };
  const r = await callAuthor(
    er.typeName,
    "renew",
    diags,
    () => renew.call(er.definition, { ...context(er, env, diags), private: priv.value }),
  );
  if (!r.ok || diags.hasErrors()) return { private: kept, diags };
  const out = (r.value ?? {}) as { renewAt?: unknown; private?: unknown };
  const renewAt = timestamp(er.typeName, "renew", out.renewAt, diags);
  const next = out.private === undefined
    ? kept
    : encodePrivate(er.typeName, "renew", out.private, diags) ?? kept;
  return renewAt === undefined ? { private: next, diags } : { renewAt, private: next, diags };
}

/**
 * Closes an ephemeral resource; without a `close` hook nothing happens.
 */
export async function closeEphemeral(
  er: EphemeralResource<unknown>,
  env: OperationEnv,
  privateBytes: Uint8Array | undefined,
): Promise<Diagnostics> {
  const diags = new Diagnostics();
  const close = er.definition.close;
  if (close === undefined) return diags;
  const priv = decodePrivate(er.typeName, privateBytes, diags);
  if (!priv.ok) return diags;
  await callAuthor(
    er.typeName,
    "close",
    diags,
    () => close.call(er.definition, { ...context(er, env, diags), private: priv.value }),
  );
  return diags;
}
