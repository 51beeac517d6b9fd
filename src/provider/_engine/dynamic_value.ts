/**
 * DynamicValue <-> cty: decode what Terraform sent (msgpack, or JSON when
 * that is all there is) against a schema type, and encode answers as msgpack.
 *
 * @module
 */

import { FoundryError, isFoundryError } from "../../errors/mod.ts";
import { decodeJson, loadConversion } from "../../cty/core.ts";
import { decodeMsgpack } from "../../cty/core.ts";
import { encodeMsgpack } from "../../cty/core.ts";
import type { Type, Value } from "../../cty/mod.ts";
import { nullOf } from "./cty_build.ts";

const DECODER = new TextDecoder("utf-8", { fatal: true });

/**
 * A cty value on the wire: msgpack (usual) or JSON bytes.
 */
export interface DynamicValue {
  /** msgpack encoding against the schema type. */
  msgpack?: Uint8Array;
  /** JSON encoding against the schema type. */
  json?: Uint8Array;
}

/**
 * Decodes a DynamicValue; an absent or empty one is a null of `type`.
 * Throws a FoundryError naming `what` when the bytes do not fit the type.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeDynamicValue } from "./mod.ts";
 * import { cty } from "@foundry/foundry/cty";
 * assert.ok(decodeDynamicValue({ msgpack: new Uint8Array([0xc0]) }, cty.String, "config").isNull);
 * ```
 */
export function decodeDynamicValue(dv: DynamicValue | undefined, type: Type, what: string): Value {
  try {
    if (dv?.msgpack !== undefined && dv.msgpack.length > 0) return decodeMsgpack(dv.msgpack, type);
    if (dv?.json !== undefined && dv.json.length > 0) {
      return decodeJson(DECODER.decode(dv.json), type);
    }
    return nullOf(type);
  } catch (e) {
    throw new FoundryError(
      "provider.request.invalid_value",
      `cannot decode ${what}: ${(e as Error).message}`,
      {
        cause: e,
        context: { what },
      },
    );
  }
}

/**
 * True when two DynamicValues carry the same msgpack bytes (so they decode
 * to equal values). Comparing costs a fraction of a decode.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { sameValueBytes } from "./mod.ts";
 * const a = { msgpack: new Uint8Array([0x81, 0xa1, 0x61, 0x01]) };
 * assert.ok(sameValueBytes(a, { msgpack: a.msgpack.slice() }));
 * assert.ok(!sameValueBytes(a, { msgpack: new Uint8Array([0xc0]) }));
 * assert.ok(!sameValueBytes(a, undefined));
 * ```
 */
export function sameValueBytes(a: DynamicValue | undefined, b: DynamicValue | undefined): boolean {
  const x = a?.msgpack;
  const y = b?.msgpack;
  if (x === undefined || y === undefined || x.length === 0 || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * Encodes a value as a msgpack DynamicValue.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeDynamicValue } from "./mod.ts";
 * import { cty } from "@foundry/foundry/cty";
 * assert.equal(encodeDynamicValue(cty.nullValue(cty.String), cty.String).msgpack?.[0], 0xc0);
 * ```
 */
export function encodeDynamicValue(value: Value, type: Type): DynamicValue {
  try {
    return { msgpack: encodeMsgpack(value, type) };
  } catch (e) {
    if (!isFoundryError(e, "cty.conversion_not_loaded")) throw e;
    // A value that must be converted first, in a process that has not
    // loaded conversion (a provider launch leaves it out: see
    // cty/encode_conform.ts). The bytes are filled in once it is loaded;
    // the server awaits settleEncodes() before answering.
    const out: DynamicValue = {};
    const filling = loadConversion().then(() => {
      out.msgpack = encodeMsgpack(value, type);
    });
    pending.add(filling);
    void filling.catch(() => {}).finally(() => pending.delete(filling));
    return out;
  }
}

const pending = new Set<Promise<void>>();

/**
 * Resolves once every {@link encodeDynamicValue} that had to wait for
 * conversion has its bytes; rejects with the first encoding error. With
 * nothing to wait for (the usual case) it is undefined, so a caller awaits
 * only when there is something to wait for (no turn of the microtask queue
 * per RPC).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { settleEncodes } from "./dynamic_value.ts";
 * assert.equal(settleEncodes(), undefined); // nothing pending
 * ```
 */
export function settleEncodes(): Promise<void> | undefined {
  return pending.size === 0 ? undefined : Promise.all(pending).then(() => {});
}
