/**
 * The codec half of the protobuf layer: message tables ({@link message}),
 * {@link encodeMessage} and {@link decodeMessage}, without the `.proto`
 * parser and table writer that `foundry proto` uses. A provider launch
 * loads this instead of `mod.ts`, so the parser is not read and compiled
 * on every start. `mod.ts` re-exports all of this.
 *
 * @example A round trip through a one-field message
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeMessage, encodeMessage, message } from "./codec.ts";
 *
 * const Ping = message("Ping", [{ no: 1, name: "seq", kind: "int64" }]);
 * assert.deepEqual(decodeMessage(Ping, encodeMessage(Ping, { seq: 7 })), { seq: 7 });
 * ```
 *
 * @module
 */

export {
  type FieldKind,
  type FieldSpec,
  MAX_DEPTH,
  type Message,
  message,
  type MessageSpec,
} from "./message.ts";
export { encodeMessage } from "./encode.ts";
export { decodeMessage } from "./decode.ts";
