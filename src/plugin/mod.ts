/**
 * Terraform's plugin protocol: the go-plugin handshake, AutoMTLS with a
 * per-launch certificate, gRPC over a unix socket (TCP on Windows), and
 * `tfplugin6` (6.9) described as tables for a small protobuf codec, with
 * `tfplugin5` served from the same {@link ProviderServer} under v5 names.
 * The provider framework sits on top and is what authors use; this layer is
 * not exported from the package.
 *
 * gRPC runs on the grpc layer (our own HTTP/2, HPACK and TLS 1.3) with the
 * client certificate required, and messages are read and written
 * by the protobuf layer from the tables in `tfplugin6.ts`. What author code
 * prints to stdout after the handshake (`console.log`, `Deno.stdout`) goes
 * to Terraform over `plugin.GRPCStdio` (`stdio_forward.ts`), since go-plugin
 * discards the stdout pipe after the handshake line; with no stream open it
 * goes to stderr. stderr stays on the pipe, which Terraform logs under the
 * provider's name.
 *
 * The HTTP/2 server is bounded against hostile peers: every limit (header
 * block, CONTINUATION frames, queued output, resets, streams, receive
 * windows, request bytes held, answers to refused requests, preface and
 * idle timeouts, connections) is in
 * `HTTP2_LIMITS` (grpc layer) with its value and why; abuse ends the connection with
 * GOAWAY ENHANCE_YOUR_CALM while other connections keep being served. A
 * client's RST_STREAM aborts that call's `signal`.
 *
 * @example
 * ```ts
 * import { serveProvider } from "./mod.ts";
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

// First, for its side effect: in a warm daemon's instance, output is routed
// to the launch before any other module can write (see the module's doc);
// nothing otherwise. Entry modules import this layer first so that this
// module is the first one evaluated.
import "./warmup.ts";

// certificate.ts is left out on purpose: it imports node:crypto, and a launch
// loads no node: module before its handshake line (serveProvider makes its
// certificate with WebCrypto, launch_certificate.ts, and loads the gRPC server,
// which has its own TLS, after the line). Tests and scripts import it by its
// file.

export { errorResponse, handleRpc } from "./dispatch.ts";
export {
  type EnvReader,
  type HandshakeDecision,
  handshakeLine,
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  negotiateHandshake,
  NOT_A_PROGRAM_MESSAGE,
  reattachValue,
  socketPath,
} from "./handshake.ts";
export {
  methodName,
  type ProviderServer,
  type RpcContext,
  type RpcHandler,
  type RpcMethodName,
} from "./provider_server.ts";
export { LAUNCH_V8_FLAGS, withLaunchFlags } from "./launch_flags.ts";
export { serveProvider, type ServeProviderOptions } from "./serve.ts";
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
  diagnosticFromWire,
  diagnosticToWire,
  pathFromWire,
  pathToWire,
  type WireDiagnostic,
  type WireStep,
} from "./wire_diagnostic.ts";
