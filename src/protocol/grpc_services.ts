/**
 * gRPC service definitions for grpc-js built from our message tables, with
 * raw bytes in and out (decoding happens in `dispatch.ts`, where a failure
 * can still become a diagnostic).
 *
 * @module
 */

import { Buffer } from "node:buffer";
import type * as grpc from "@grpc/grpc-js";

const toBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
const identity = (b: Buffer): Uint8Array => b;

/**
 * A method of a raw-bytes service.
 *
 * @example
 * ```ts
 * import type { RawMethod } from "@foundry/foundry/protocol";
 * const m: RawMethod = { name: "StreamStdio", stream: true };
 * ```
 */
export interface RawMethod {
  /** Method name (`PlanResourceChange`). */
  readonly name: string;
  /** Server-streaming (only `GRPCStdio.StreamStdio`). */
  readonly stream?: boolean;
}

/**
 * The grpc-js definition of service `fullName` whose messages pass as bytes.
 *
 * @example
 * ```ts
 * import { rawServiceDefinition } from "@foundry/foundry/protocol";
 * const def = rawServiceDefinition("plugin.GRPCController", [{ name: "Shutdown" }]);
 * console.assert(def.Shutdown.path === "/plugin.GRPCController/Shutdown");
 * ```
 */
export function rawServiceDefinition(
  fullName: string,
  methods: readonly RawMethod[],
): grpc.ServiceDefinition<grpc.UntypedServiceImplementation> {
  const def: Record<string, grpc.MethodDefinition<Uint8Array, Uint8Array>> = {};
  for (const m of methods) {
    def[m.name] = {
      path: `/${fullName}/${m.name}`,
      requestStream: false,
      responseStream: m.stream === true,
      requestSerialize: toBuffer,
      requestDeserialize: identity,
      responseSerialize: toBuffer,
      responseDeserialize: identity,
      originalName: m.name,
    };
  }
  return def as grpc.ServiceDefinition<grpc.UntypedServiceImplementation>;
}
