/**
 * gRPC on our own HTTP/2: frames ({@link FrameReader}, {@link encodeFrame}),
 * HPACK ({@link HpackDecoder}, {@link encodeHeaders}), connections with
 * bounded buffers and streams ({@link Http2Connection}), and a small server
 * for unary, server-streaming and bidirectional methods with raw protobuf bytes in and out
 * ({@link GrpcServer}). The client side runs on the same frame and HPACK
 * code: {@link Http2ClientConnection} and {@link GrpcClient} (unary,
 * server-streaming and bidirectional calls, deadlines, cancellation, mutual
 * TLS with a pinned server certificate), which a go-plugin host uses to call
 * a plugin. This layer knows nothing of Terraform; the plugin layer serves
 * the tfplugin5/6 services on it.
 *
 * Written by hand rather than taken from a general gRPC library or
 * `node:http2`: those cost ~50 ms of every provider launch, and Terraform
 * launches a provider 3-4 times per command.
 *
 * @example Serving one unary method on a free local port
 * ```ts
 * import assert from "node:assert/strict";
 * import { GrpcServer } from "./mod.ts";
 *
 * const server = new GrpcServer(new Map([
 *   ["/echo.Echo/Say", { kind: "unary", handle: (req) => Promise.resolve(req) }],
 * ]));
 * const address = await server.listen({ port: 0, host: "127.0.0.1" });
 * assert.match(address, /^127\.0\.0\.1:\d+$/);
 * await server.close();
 * ```
 *
 * @module
 */

export {
  type GrpcBidiReceiver,
  type GrpcConnectionLimits,
  GrpcError,
  type GrpcMethod,
  GrpcServer,
  type GrpcServerOptions,
  type GrpcServerStream,
  GrpcStatus,
  type GrpcTls,
  listenFirstFreePort,
  rehearseRecordCrypto,
} from "./serving.ts";
export {
  GrpcCall,
  type GrpcCallOptions,
  type GrpcCallStatus,
  GrpcClient,
  type GrpcClientOptions,
  type GrpcClientTls,
  type GrpcTarget,
} from "./client.ts";
export {
  type ClientStreamEvents,
  Http2ClientConnection,
  type Http2ClientOptions,
  Http2ClientStream,
} from "./http2_client.ts";
export {
  encodeHeaders,
  type HeaderField,
  HpackDecoder,
  type HpackDecoderOptions,
  HpackError,
  huffmanDecode,
} from "./hpack.ts";
export {
  type ByteSink,
  H2Stream,
  Http2Connection,
  type Http2Limits,
  type StreamHandler,
} from "./http2_connection.ts";
export {
  encodeFrame,
  type Frame,
  FrameFlag,
  FrameReader,
  FrameSizeError,
  FrameType,
  H2Error,
  PREFACE,
  Setting,
  writeFrameHeader,
} from "./http2_frame.ts";
export { HTTP2_LIMITS } from "./http2_limits.ts";
