/**
 * gRPC status codes and the error a handler throws to answer with one. Kept
 * apart from the server so code on the start-up path can name them without
 * loading `node:http2`.
 *
 * @module
 */

/**
 * gRPC status codes used by the server.
 *
 * @example
 * ```ts
 * import { GrpcStatus } from "./mod.ts";
 * console.assert(GrpcStatus.UNIMPLEMENTED === 12);
 * ```
 */
export const GrpcStatus = {
  OK: 0,
  CANCELLED: 1,
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

/**
 * An error a handler throws to answer with a specific gRPC status.
 *
 * @example
 * ```ts
 * import { GrpcError, GrpcStatus } from "./mod.ts";
 * const e = new GrpcError(GrpcStatus.UNIMPLEMENTED, "no such method");
 * console.assert(e.status === 12);
 * ```
 */
export class GrpcError extends Error {
  /** The gRPC status code. */
  readonly status: number;
  /** Creates an error answering with `status` and `message`. */
  constructor(status: number, message: string) {
    super(message);
    this.name = "GrpcError";
    this.status = status;
  }
}
