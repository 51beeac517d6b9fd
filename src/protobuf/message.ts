/**
 * Message descriptions for a small table-driven protobuf (proto3) codec
 * (`protobuf_encode.ts`, `protobuf_decode.ts`). Each message is described by
 * a {@link MessageSpec}: field numbers, names and kinds. Decoded messages are
 * plain objects with camelCase field names; absent scalars take proto3
 * defaults, absent messages are `undefined`.
 *
 * Why not protobufjs with .proto files: parsing schemas at start-up costs
 * tens of milliseconds on every provider launch, and Terraform launches a
 * provider three or four times per command.
 *
 * @module
 */

/**
 * The value kinds a field can have.
 */
export type FieldKind = "string" | "bytes" | "bool" | "int64" | "enum" | "message";

/**
 * One field of a message.
 */
export interface FieldSpec {
  /** Field number. */
  readonly no: number;
  /** camelCase name used in decoded objects. */
  readonly name: string;
  /** Value kind. For `message`, `message` names the spec. */
  readonly kind: FieldKind;
  /** Spec of a message-typed field or map value (a thunk: specs refer to each other). */
  readonly message?: () => MessageSpec;
  /** `repeated` field: decoded as an array. */
  readonly repeated?: boolean;
  /** `map<string, V>` field: decoded as a record; `kind` and `message` describe V. */
  readonly map?: boolean;
  /** proto3 `optional` scalar: absent stays `undefined`. */
  readonly optional?: boolean;
}

/**
 * A message: its full name (for errors) and fields.
 */
export interface MessageSpec {
  /** Full name, e.g. `tfplugin6.DynamicValue`. */
  readonly name: string;
  /** Its fields. */
  readonly fields: readonly FieldSpec[];
}

/**
 * A decoded message.
 */
export type Message = Record<string, unknown>;

/**
 * Deepest message nesting the encoder and decoder accept: bounds recursion
 * on hostile input and on cyclic objects.
 */
export const MAX_DEPTH = 64;

/**
 * Defines a message spec.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeMessage, message } from "./mod.ts";
 * const Ping = message("demo.Ping", [{ no: 1, name: "text", kind: "string" }]);
 * // field 1, length-delimited (wire type 2), 2 bytes: "hi"
 * assert.deepEqual([...encodeMessage(Ping, { text: "hi" })], [0x0a, 2, 0x68, 0x69]);
 * ```
 */
export function message(name: string, fields: FieldSpec[]): MessageSpec {
  return { name, fields };
}
