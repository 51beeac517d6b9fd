/**
 * The server half of the gRPC layer, for processes that only serve: a
 * provider launch loads this instead of `mod.ts`, whose client side
 * (`client.ts`, `http2_client.ts`: ~40 KB a provider never runs) would
 * otherwise be read and compiled on every start. `mod.ts` re-exports all
 * of this.
 *
 * @example Serving one unary method on a unix socket
 * ```ts
 * import assert from "node:assert/strict";
 * import { GrpcServer, GrpcStatus } from "./serving.ts";
 * const server = new GrpcServer(new Map([
 *   ["/demo.Echo/Say", { kind: "unary", handle: (req) => Promise.resolve(req) }],
 * ]));
 * const path = await Deno.makeTempFile();
 * await Deno.remove(path);
 * assert.equal(await server.listen({ path }), path);
 * assert.equal(GrpcStatus.UNIMPLEMENTED, 12);
 * await server.close();
 * ```
 *
 * @module
 */

export {
  type GrpcBidiReceiver,
  type GrpcConnectionLimits,
  type GrpcMethod,
  GrpcServer,
  type GrpcServerOptions,
  type GrpcServerStream,
  type GrpcTls,
  listenFirstFreePort,
} from "./server.ts";
export { GrpcError, GrpcStatus } from "./status.ts";
export { rehearseRecordCrypto } from "./tls/record_rehearsal.ts";
