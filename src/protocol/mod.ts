/**
 * Terraform's plugin protocol: the go-plugin handshake, AutoMTLS with a
 * per-launch certificate, gRPC over a unix socket, and `tfplugin6` described
 * as tables for a small protobuf codec. The provider framework sits on top;
 * use this layer directly only to serve a hand-written {@link ProviderServer}.
 *
 * @example
 * ```ts
 * import { serveProvider } from "@foundry/foundry/protocol";
 *
 * // Answers GetProviderSchema with an empty provider; every other RPC gets an
 * // "Unsupported operation" error diagnostic.
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
export { type RawMethod, rawServiceDefinition } from "./grpc_services.ts";
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
  decodeMessage,
  encodeMessage,
  type FieldKind,
  type FieldSpec,
  type Message,
  message,
  type MessageSpec,
} from "./protobuf.ts";
export {
  methodName,
  type ProviderServer,
  type RpcContext,
  type RpcHandler,
  type RpcMethodName,
} from "./provider_server.ts";
export { serveProvider, type ServeProviderOptions } from "./serve.ts";
export * as tfplugin6 from "./tfplugin6.ts";
export { PROVIDER_V6, type RpcSpec } from "./tfplugin6.ts";
export {
  diagnosticToWire,
  pathToWire,
  type WireDiagnostic,
  type WireStep,
} from "./wire_diagnostic.ts";
