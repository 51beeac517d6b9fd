/**
 * Turning request bytes into a response for one RPC: decode, call the
 * provider, convert diagnostics, encode. Every failure — corrupt bytes, a
 * missing handler, a handler that throws, a response that does not encode —
 * becomes an error diagnostic in that RPC's response, so the process keeps
 * serving.
 *
 * @module
 */

import { type Diagnostic, FoundryError, toError } from "../errors/mod.ts";
import type { Logger } from "../logging/mod.ts";
import type { Message } from "../protobuf/codec.ts";
import { decodeMessage } from "../protobuf/codec.ts";
import { encodeMessage } from "../protobuf/codec.ts";
import { methodName, type ProviderServer, type RpcContext } from "./provider_server.ts";
import type { RpcSpec } from "./tfplugin6.ts";
import { diagnosticToWire, pathToWire } from "./wire_diagnostic.ts";
import { processRpcTrace } from "./rpc_trace.ts";

// RPCs where "not implemented" has a natural answer, so Terraform (which
// always calls them) keeps working with a provider that lacks them.
// The protocol says clients treat an UNIMPLEMENTED status here as "use
// GetProviderSchema instead"; an error diagnostic would fail them.
const UNIMPLEMENTED_STATUS = new Set(["GetMetadata"]);

/** Error code {@link handleRpc} throws for an RPC to answer with gRPC UNIMPLEMENTED. */
const UNIMPLEMENTED = "protocol.rpc.unimplemented";

const ANSWER_EMPTY = new Set([
  "StopProvider",
  "GetResourceIdentitySchemas",
  "ValidateProviderConfig",
]);

function hasField(spec: RpcSpec, name: string): boolean {
  return spec.response.fields.some((f) => f.name === name);
}

/**
 * A response for `spec` that reports `summary`/`detail` as an error, in
 * whatever form the RPC has for errors.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { errorResponse, PROVIDER_V6 } from "./mod.ts";
 * const spec = PROVIDER_V6.find((r) => r.method === "ReadResource")!;
 * assert.notEqual(errorResponse(spec, "Broken", "why").diagnostics, undefined);
 * ```
 */
export function errorResponse(spec: RpcSpec, summary: string, detail: string): Message {
  if (hasField(spec, "diagnostics")) {
    return { diagnostics: [{ severity: 1, summary, detail }] };
  }
  if (spec.method === "CallFunction") return { error: { text: `${summary}: ${detail}` } };
  return { error: `${summary}: ${detail}` };
}

function isDiagnostic(d: unknown): d is Diagnostic {
  return typeof d === "object" && d !== null &&
    ((d as Diagnostic).severity === "error" || (d as Diagnostic).severity === "warning");
}

/** Converts the errors-layer values a provider returns into wire shapes. */
function toWire(res: object): Message {
  const out: Message = { ...res as Message };
  if (Array.isArray(out.diagnostics)) {
    out.diagnostics = out.diagnostics.map((d) => (isDiagnostic(d) ? diagnosticToWire(d) : d));
  }
  if (Array.isArray(out.requiresReplace)) {
    out.requiresReplace = out.requiresReplace.map((p) => (Array.isArray(p) ? pathToWire(p) : p));
  }
  return out;
}

/**
 * Handles one unary RPC from raw request bytes to raw response bytes.
 * Throws only for GetMetadata without a handler (FoundryError
 * `protocol.rpc.unimplemented`, which the server turns into gRPC
 * UNIMPLEMENTED, the status the protocol tells clients to expect).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { handleRpc, PROVIDER_V6 } from "./mod.ts";
 * import { createLogger } from "@foundry/foundry/logging";
 * const spec = PROVIDER_V6.find((r) => r.method === "ImportResourceState")!;
 * const bytes = await handleRpc(spec, {}, new Uint8Array(), {
 *   signal: new AbortController().signal,
 * }, createLogger({ level: "off" }));
 * assert.ok(bytes.length > 0); // an "unsupported" error diagnostic
 * ```
 */
export async function handleRpc(
  spec: RpcSpec,
  server: ProviderServer,
  bytes: Uint8Array,
  ctx: RpcContext,
  log: Logger,
): Promise<Uint8Array> {
  const trace = processRpcTrace();
  // A clock read is a call into the runtime: made only when a trace or a
  // trace-level log will use it.
  const timed = trace !== undefined || log.rank <= 1;
  const started = timed ? performance.now() : 0;
  let response: Message;
  let request: Message | undefined;
  try {
    request = decodeMessage(spec.request, bytes);
  } catch (e) {
    log.error("malformed request", { rpc: spec.method, error: toError(e).message });
    response = errorResponse(
      spec,
      `Malformed ${spec.method} request`,
      `The provider could not decode the request Terraform sent: ${toError(e).message}`,
    );
  }
  if (request !== undefined) {
    const handler = server[methodName(spec.method)];
    if (handler === undefined && UNIMPLEMENTED_STATUS.has(spec.method)) {
      throw new FoundryError(UNIMPLEMENTED, `This provider does not implement ${spec.method}.`, {
        context: { rpc: spec.method },
      });
    }
    if (handler === undefined && ANSWER_EMPTY.has(spec.method)) {
      // StopProvider: the server has already aborted in-flight calls.
      // GetResourceIdentitySchemas: no identities. ValidateProviderConfig: valid.
      response = {};
      spec.complete?.(request, response);
    } else if (handler === undefined) {
      response = errorResponse(
        spec,
        "Unsupported operation",
        `This provider does not implement ${spec.method}.`,
      );
    } else {
      try {
        response = toWire(await handler.call(server, request as never, ctx));
        spec.complete?.(request, response);
      } catch (e) {
        const err = toError(e);
        log.error("RPC handler failed", { rpc: spec.method, error: err });
        response = errorResponse(spec, `${spec.method} failed`, err.message);
      }
    }
  }
  let out: Uint8Array;
  try {
    out = encodeMessage(spec.response, response!);
  } catch (e) {
    const err = toError(e);
    log.error("response does not encode", { rpc: spec.method, error: err });
    out = encodeMessage(
      spec.response,
      errorResponse(spec, `Invalid ${spec.method} response`, err.message),
    );
  }
  if (timed) {
    const ended = performance.now();
    trace?.record(spec.method, started, ended, bytes.byteLength, out.byteLength);
    log.trace("rpc", { rpc: spec.method, ms: Math.round((ended - started) * 1000) / 1000 });
  }
  return out;
}
