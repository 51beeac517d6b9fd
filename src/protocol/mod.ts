/**
 * Terraform's plugin protocol: the go-plugin handshake, AutoMTLS with a
 * per-launch certificate, gRPC over a unix socket (TCP on Windows), and
 * `tfplugin6` (6.9) described as tables for a small protobuf codec, with
 * `tfplugin5` served from the same {@link ProviderServer} under v5 names.
 * The provider framework sits on top; use this layer directly only to serve
 * a hand-written {@link ProviderServer}.
 *
 * gRPC runs on this layer's own HTTP/2 ({@link Http2Connection}, HPACK in
 * {@link HpackDecoder}) over `node:tls` with the client certificate
 * required: a general gRPC library and `node:http2` cost ~50 ms of every
 * launch, and Terraform launches a provider 3-4 times per command. The
 * plugin's stdout and stderr reach Terraform directly through the process's
 * pipes (go-plugin reads them), so `plugin.GRPCStdio` answers with an open,
 * idle stream.
 *
 * The HTTP/2 server is bounded against hostile peers: every limit (header
 * block, CONTINUATION frames, queued output, resets, streams, buffered
 * request bytes, preface and idle timeouts, connections) is in
 * {@link HTTP2_LIMITS} with its value and why; abuse ends the connection with
 * GOAWAY ENHANCE_YOUR_CALM while other connections keep being served. A
 * client's RST_STREAM aborts that call's `signal`.
 *
 * @example
 * ```ts
 * import { serveProvider } from "@foundry/foundry/protocol";
 *
 * // Answers GetProviderSchema with an empty provider; most other RPCs get an
 * // "Unsupported operation" error diagnostic. Run without Terraform, it
 * // prints "This binary is a plugin..." and exits 1; with `{ debug: true }`
 * // it prints a TF_REATTACH_PROVIDERS line instead.
 * if (import.meta.main) {
 *   await serveProvider({
 *     getProviderSchema: () => ({ provider: { version: 0, block: {} }, diagnostics: [] }),
 *   });
 * }
 * ```
 *
 * @module
 */

export { base64NoPad, type Certificate, generateCertificate } from "./certificate.ts";
export { errorResponse, handleRpc } from "./dispatch.ts";
export {
  type GrpcConnectionLimits,
  type GrpcMethod,
  GrpcServer,
  type GrpcServerOptions,
  type GrpcServerStream,
  type GrpcTls,
  listenFirstFreePort,
} from "./grpc_server.ts";
export { GrpcError, GrpcStatus } from "./grpc_status.ts";
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
export {
  type EnvReader,
  handshakeLine,
  type HandshakePlan,
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  NOT_A_PROGRAM_MESSAGE,
  planHandshake,
  reattachValue,
  socketPath,
} from "./handshake.ts";
export {
  type FieldKind,
  type FieldSpec,
  MAX_DEPTH,
  type Message,
  message,
  type MessageSpec,
} from "./protobuf.ts";
export { encodeMessage } from "./protobuf_encode.ts";
export { decodeMessage } from "./protobuf_decode.ts";
export {
  methodName,
  type ProviderServer,
  type RpcContext,
  type RpcHandler,
  type RpcMethodName,
} from "./provider_server.ts";
export { serveProvider, type ServeProviderOptions } from "./serve.ts";
export { warmTlsCrypto } from "./tls_warmup.ts";
export * as tfplugin5 from "./tfplugin5.ts";
export { PROVIDER_V5 } from "./tfplugin5.ts";
export * as tfplugin6 from "./tfplugin6.ts";
export { PROVIDER_V6, type RpcSpec } from "./tfplugin6.ts";
export {
  nestedAttributeUses,
  toV5PrepareResponse,
  toV5SchemaResponse,
  V5_METHOD_NAMES,
} from "./v5_adapter.ts";
export {
  diagnosticToWire,
  pathToWire,
  type WireDiagnostic,
  type WireStep,
} from "./wire_diagnostic.ts";
