/**
 * A small protobuf codec driven by tables: a message is described once with
 * {@link message} (field numbers, kinds, nested specs) and then read with
 * {@link decodeMessage} and written with {@link encodeMessage} as plain
 * objects. No code generation and no runtime library: the tfplugin5/6
 * services are tables in the plugin layer; {@link parseProto} and
 * {@link protoToTables} write such tables from a `.proto` file (what
 * `foundry proto` prints). Depth is bounded
 * ({@link MAX_DEPTH}) and unknown fields are skipped, as protobuf requires.
 *
 * @example A round trip through a two-field message
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeMessage, encodeMessage, message } from "./mod.ts";
 *
 * const Greeting = message("Greeting", [
 *   { no: 1, name: "text", kind: "string" },
 *   { no: 2, name: "times", kind: "int64" },
 * ]);
 * const bytes = encodeMessage(Greeting, { text: "hi", times: 3 });
 * assert.deepEqual(decodeMessage(Greeting, bytes), { text: "hi", times: 3 });
 * ```
 *
 * @module
 */

export {
  decodeMessage,
  encodeMessage,
  type FieldKind,
  type FieldSpec,
  MAX_DEPTH,
  type Message,
  message,
  type MessageSpec,
} from "./codec.ts";
export {
  isProtoScalar,
  parseProto,
  type ProtoEnum,
  type ProtoField,
  type ProtoFile,
  type ProtoMessage,
  type ProtoRpc,
  type ProtoService,
} from "./proto_parse.ts";
export { protoToTables } from "./proto_tables.ts";
