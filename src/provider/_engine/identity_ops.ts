/**
 * Resource identity on the wire (protocol 6.9): the identity schema in
 * GetResourceIdentitySchemas' shape, an object's identity computed from its
 * state with the resource's `fromState`, and identities Terraform sends
 * decoded to plain values.
 *
 * @module
 */

import { type Diagnostics, isFoundryError, toError } from "../../errors/mod.ts";
import type { ObjectType, Value } from "../../cty/mod.ts";
import * as T from "../../cty/core.ts";
import { typeToJSON } from "../../cty/core.ts";
import type { Resource } from "../define.ts";
import type { IdentityAttributes, IdentityDefinition } from "../identity.ts";
import { decodeDynamicValue, type DynamicValue, encodeDynamicValue } from "./dynamic_value.ts";
import { fromPlain, toPlain } from "./plain_values.ts";

/** tfplugin6 `ResourceIdentityData`. */
export interface WireIdentity {
  /** The identity object. */
  identityData: DynamicValue;
}

/** tfplugin6 `ResourceIdentitySchema`. */
export interface WireIdentitySchema {
  /** The identity schema version. */
  version: number;
  /** The attributes, by name order. */
  identityAttributes: {
    name: string;
    type: Uint8Array;
    requiredForImport: boolean;
    optionalForImport: boolean;
    description: string;
  }[];
}

type Identity = IdentityDefinition<IdentityAttributes, unknown>;

function definition(resource: Resource<unknown>): Identity | undefined {
  return resource.definition.identity as Identity | undefined;
}

const TYPES = new WeakMap<Identity, ObjectType>();

/** The cty object type of an identity. */
function identityType(def: Identity): ObjectType {
  let t = TYPES.get(def);
  if (t === undefined) {
    const attrs: Record<string, T.Type> = {};
    for (const [name, a] of Object.entries(def.attributes)) attrs[name] = a.type.type;
    t = T.objectType(attrs) as ObjectType;
    TYPES.set(def, t);
  }
  return t;
}

const UTF8 = new TextEncoder();

/**
 * The identity schema of `resource` in tfplugin6 shape, or undefined when it
 * has no identity.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { identitySchemaToWire } from "./mod.ts";
 * import { defineResource, s } from "../mod.ts";
 * const r = defineResource({
 *   typeName: "x_thing",
 *   schema: s.resource({ id: s.string({ computed: true }) }),
 *   identity: { attributes: { id: { type: s.string(), forImport: "required" } }, fromState: (st) => ({ id: st.id }) },
 *   create: () => ({ id: "1" }), read: ({ state }) => state,
 *   update: ({ state }) => state, delete: () => {},
 * });
 * assert.equal(identitySchemaToWire(r)?.identityAttributes[0].requiredForImport, true);
 * ```
 */
export function identitySchemaToWire(resource: Resource<unknown>): WireIdentitySchema | undefined {
  const def = definition(resource);
  if (def === undefined) return undefined;
  return {
    version: def.version ?? 0,
    identityAttributes: Object.entries(def.attributes).sort(([a], [b]) => a < b ? -1 : 1).map((
      [name, a],
    ) => ({
      name,
      type: UTF8.encode(typeToJSON(a.type.type)),
      requiredForImport: a.forImport === "required",
      optionalForImport: a.forImport === "optional",
      description: a.description ?? "",
    })),
  };
}

/**
 * The identity of the object whose state is `state`, or undefined when the
 * resource has none or the state is null or not wholly known. A failing
 * `fromState` adds an error to `diags`.
 */
export function identityOf(
  resource: Resource<unknown>,
  state: Value,
  diags: Diagnostics,
): WireIdentity | undefined {
  const def = definition(resource);
  if (def === undefined || state.isNull || !state.isWhollyKnown()) return undefined;
  const type = identityType(def);
  try {
    const plain = def.fromState(toPlain(state, resource.schema.fields));
    return { identityData: encodeDynamicValue(fromPlain(plain, type), type) };
  } catch (e) {
    const err = toError(e);
    diags.error(`${resource.typeName}: cannot compute the resource identity`, {
      detail: `identity.fromState failed: ${err.message}`,
    });
    return undefined;
  }
}

/** Decodes an identity Terraform sent; undefined when absent. */
export function decodeIdentity(
  resource: Resource<unknown>,
  data: { identityData?: DynamicValue } | undefined,
): Record<string, unknown> | undefined {
  const def = definition(resource);
  if (def === undefined || data?.identityData === undefined) return undefined;
  const type = identityType(def);
  const v = decodeDynamicValue(data.identityData, type, "resource identity");
  return v.isNull ? undefined : toPlain(v) as Record<string, unknown>;
}

/**
 * A plain identity as Terraform would send it (the test client's input);
 * throws a TypeError when the resource has no identity or the value does
 * not fit its attributes, naming them.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeIdentity, encodeIdentity } from "./mod.ts";
 * import { defineResource, s } from "../mod.ts";
 * const r = defineResource({
 *   typeName: "x_thing",
 *   schema: s.resource({ id: s.string({ computed: true }) }),
 *   identity: { attributes: { id: { type: s.string(), forImport: "required" } }, fromState: (st) => ({ id: st.id }) },
 *   create: () => ({ id: "1" }), read: ({ state }) => state,
 *   update: ({ state }) => state, delete: () => {},
 * });
 * assert.deepEqual(decodeIdentity(r, encodeIdentity(r, { id: "7" })), { id: "7" });
 * assert.throws(() => encodeIdentity(r, { di: "7" }), /x_thing's identity has no attribute "di" \(it has: id\)/);
 * ```
 */
export function encodeIdentity(
  resource: Resource<unknown>,
  plain: Readonly<Record<string, unknown>>,
): WireIdentity {
  const def = definition(resource);
  if (def === undefined) {
    throw new TypeError(`${resource.typeName} declares no identity; it takes no identity value`);
  }
  const names = Object.keys(def.attributes);
  for (const k of Object.keys(plain)) {
    if (!names.includes(k)) {
      throw new TypeError(
        `${resource.typeName}'s identity has no attribute ${JSON.stringify(k)} ` +
          `(it has: ${names.sort().join(", ")})`,
      );
    }
  }
  const full: Record<string, unknown> = {};
  for (const n of names) full[n] = plain[n] ?? null;
  const type = identityType(def);
  return { identityData: encodeDynamicValue(fromPlain(full, type), type) };
}

/**
 * UpgradeResourceIdentity: stored identity JSON at `version` to the current
 * identity, through the definition's `upgrade` for older versions.
 */
export async function upgradeIdentity(
  resource: Resource<unknown>,
  version: number,
  raw: Uint8Array | undefined,
  diags: Diagnostics,
): Promise<WireIdentity | undefined> {
  const def = definition(resource);
  const name = resource.typeName;
  if (def === undefined) {
    diags.error(`${name} has no resource identity`, {
      detail: `Resource type ${name} declares no identity; its stored identity cannot be read.`,
    });
    return undefined;
  }
  const type = identityType(def);
  const current = def.version ?? 0;
  const text = new TextDecoder().decode(raw ?? new Uint8Array(0)) || "null";
  try {
    if (version === current) {
      const v = decodeDynamicValue({ json: UTF8.encode(text) }, type, "stored identity");
      return { identityData: encodeDynamicValue(v, type) };
    }
    if (version > current || def.upgrade === undefined) {
      diags.error(`${name}: cannot read an identity stored at version ${version}`, {
        detail: version > current
          ? `This provider knows identity versions up to ${current}; upgrade the provider.`
          : `Add identity.upgrade to convert version ${version} to ${current}.`,
      });
      return undefined;
    }
    const plain = await def.upgrade({ version, rawIdentity: JSON.parse(text) });
    return { identityData: encodeDynamicValue(fromPlain(plain, type), type) };
  } catch (e) {
    const err = toError(e);
    diags.error(`${name}: cannot upgrade the stored identity`, {
      detail: isFoundryError(e) ? err.message : `${err.name}: ${err.message}`,
    });
    return undefined;
  }
}
