/**
 * A unary gRPC method whose messages are described by protobuf tables, so
 * a plugin's handlers take and return plain objects.
 *
 * @module
 */

import type { GrpcMethod } from "../../grpc/mod.ts";
import {
  decodeMessage,
  encodeMessage,
  type Message,
  type MessageSpec,
} from "../../protobuf/mod.ts";

/**
 * Wraps `handle` as a unary {@link GrpcMethod}: the request is decoded with
 * `request`, the answer encoded with `response`. A thrown `GrpcError`
 * answers with its status; anything else with INTERNAL.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { message } from "../../protobuf/mod.ts";
 * import { unaryMethod } from "./mod.ts";
 * const Text = message("demo.Text", [{ no: 1, name: "text", kind: "string" }]);
 * const upper = unaryMethod(Text, Text, (m) => ({ text: String(m.text).toUpperCase() }));
 * assert.equal(upper.kind, "unary");
 * ```
 */
export function unaryMethod(
  request: MessageSpec,
  response: MessageSpec,
  handle: (message: Message, signal: AbortSignal) => Message | Promise<Message>,
): GrpcMethod {
  return {
    kind: "unary",
    handle: async (bytes, signal) =>
      encodeMessage(response, await handle(decodeMessage(request, bytes), signal)),
  };
}
